"""`claimwatch demo` end to end (issue 17): the bundled sample site yields exactly the two
disputes of the issue, with their positions, and the demo prints them (not pairs)."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli

pytestmark = pytest.mark.e2e


def test_demo_prints_the_two_disputes_and_their_positions(tmp_path):
    db = tmp_path / "demo.duckdb"
    proc = run_cli("demo", "--db", str(db), "--port", "0")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    out = proc.stdout.split("Disputes", 1)[1]
    assert "1. cloudmatrix-384~gb200-nvl72 compute (x) — 2 positions" in out
    assert "2. nvidia value (USD) — 2 positions" in out
    assert "SINGLE-SOURCE" in out
    assert "Open contradictions" not in proc.stdout

    exported = run_cli("export", "disputes", "--db", str(db), "--format", "jsonl")
    assert exported.returncode == 0, exported.stderr
    disputes = {d["measure"]: d for d in map(json.loads, exported.stdout.splitlines())}
    assert sorted(disputes) == ["compute", "value"]
    claims = run_cli("export", "claims", "--db", str(db), "--format", "jsonl")
    said = {
        c["claim_id"]: f"{c['source']}: {q['surface']}"
        for c in map(json.loads, claims.stdout.splitlines())
        for q in c["quantities"]
        if q["measure"] in ("compute", "value") and q["unit"] in ("x", "USD")
    }

    def sides(measure):
        return [
            ({said[c].split(":")[0] for c in p["claims"]}, p["independent_support"], p["single_source"])
            for p in disputes[measure]["positions"]
        ]

    # 1.7x / almost double / 約1.7倍 v 7.5x
    assert sides("compute") == [
        ({"pacific-ledger", "eastwire", "nihon-tech"}, 3, False),
        ({"harbor-times"}, 1, True),
    ]
    low, high = disputes["compute"]["positions"]
    assert {said[c] for c in low["claims"]} >= {"eastwire: almost double", "nihon-tech: 約1.7倍"}
    assert [said[c] for c in high["claims"]] == ["harbor-times: 7.5 times"]
    # about $400m v at least $1bn / 10億ドル
    assert sides("value") == [({"harbor-times"}, 1, True), ({"pacific-ledger", "nihon-tech"}, 2, False)]
    low, high = disputes["value"]["positions"]
    assert [said[c] for c in low["claims"]] == ["harbor-times: about $400 million"]
    assert (high["lower"], high["upper"]) == (1e9, None)
    for d in disputes.values():
        assert (d["status"], d["ruling"]) == ("open", None)
        assert 0 < d["score"] <= 1
