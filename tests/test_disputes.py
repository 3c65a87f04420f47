"""The dispute stage (warehouse/disputes.py, issue 17): rows of positions, disputes, origins and
citation edges built from small hand-made stores (no crawl, no models), its state (only touched
clusters, idempotent reruns, kill-safe), the analyst views and the export contract."""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
from datetime import timedelta

import pytest
from conftest import TESTS
from store_helpers import NOW, add_article, add_claims, figure

from core.claim import Claim
from core.positions import score
from core.provenance import Outlet
from nlp.attribution import find_attribution
from warehouse.db import connect
from warehouse.dispute_rows import FigureIn, _position_ids, cluster_rows
from warehouse.dispute_views import VIEWS, score_sql
from warehouse.disputes import update_disputes
from warehouse.export import export
from warehouse.stages import KILL_AT_ENV
from warehouse.stagestate import pending_count

TABLES = (
    "claim_origins",
    "fact_summaries",
    "fact_disputes",
    "fact_positions",
    "position_claims",
    "citation_edges",
    "dispute_inputs",
)
OUTLETS = {
    name: Outlet(name, (f"{name}.example",))
    for name in ("ledger", "times", "wire", "nihon", "xinhua-daily", "reuters", "echo")
}
RATIO = "cloudmatrix-384"


def ratio(value, lower, upper, surface, hedge="exact"):
    f = figure(value, "x", lower, upper, surface, RATIO, "compute", hedge)
    return type(f)(**{**f.__dict__, "reference": "gb200-nvl72"})


def usd(value, lower, upper, surface, subject="nvidia"):
    return figure(value, "USD", lower, upper, surface, subject, "value")


def put(con, cluster, article, source, *figures, text=None, attributed_to=None, lang="en", day=0, start=0):
    """One claim of `article` (made if new, reported NOW + day), clustered in `cluster`."""
    if not con.execute("SELECT count(*) FROM articles WHERE article_id = ?", [article]).fetchone()[0]:
        add_article(con, article, source, lang)
        con.execute(
            "UPDATE articles SET published_at = ? WHERE article_id = ?", [NOW + timedelta(days=day), article]
        )
    text = text or f"{source} says {' and '.join(f.surface for f in figures)}."
    claim = Claim(
        text, start, start + len(text), lang, 0.8, "quantity", list(figures), attributed_to=attributed_to
    )
    (cid,) = (
        add_claims(con, article, [claim], lang=lang)
        or con.execute(
            "SELECT claim_id FROM claims WHERE article_id = ? AND start_char = ?", [article, start]
        ).fetchone()
    )
    con.execute("UPDATE claims SET cluster_id = ?, linked = true WHERE claim_id = ?", [cluster, cid])
    return cid


def rows(con) -> dict[str, list[tuple]]:
    return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


def positions_of(con, cluster) -> list[tuple]:
    """(ordinal, lower, upper, support, single_source, sorted claim ids) per position."""
    return con.execute(
        """SELECT p.ordinal, p.lower, p.upper, p.support, p.single_source,
                  list_sort(list_distinct(list(pc.claim_id)))
           FROM fact_positions p JOIN position_claims pc ON pc.position_id = p.position_id
           WHERE p.cluster_id = ? GROUP BY ALL ORDER BY p.ordinal""",
        [cluster],
    ).fetchall()


@pytest.fixture
def con(tmp_path):
    with connect(tmp_path / "d.duckdb") as c:
        yield c


@pytest.fixture
def compute_dispute(con):
    """The issue's compute dispute: 1.7x, almost double, about 1.7x v 7.5x (K1); and a fact with
    one position (K2)."""
    ids = {
        "ledger": put(con, "K1", "a1", "ledger", ratio(1.7, 1.7, 1.7, "1.7 times")),
        "wire": put(con, "K1", "a2", "wire", ratio(2.0, 1.7, 2.0, "almost double", "nearly"), day=1),
        "nihon": put(con, "K1", "a3", "nihon", ratio(1.7, 1.53, 1.87, "約1.7倍", "about"), lang="ja", day=1),
        "times": put(con, "K1", "a4", "times", ratio(7.5, 7.5, 7.5, "7.5 times"), day=2),
        "k2a": put(con, "K2", "b1", "ledger", usd(4e8, 4e8, 4e8, "$400m")),
        "k2b": put(con, "K2", "b2", "times", usd(4e8, 3.6e8, 4.4e8, "about $400m"), day=1),
    }
    return ids


def test_disputes_two_positions_rows_and_idempotent_rerun(con, compute_dispute):
    ids = compute_dispute
    assert pending_count(con, "disputes") == 6
    result = update_disputes(con, OUTLETS)
    assert (result.touched, result.facts, result.disputes, result.positions) == (2, 2, 1, 3)
    assert pending_count(con, "disputes") == 0
    low, high = positions_of(con, "K1")
    assert low[5] == sorted([ids["ledger"], ids["wire"], ids["nihon"]])
    assert low[1:5] == (1.7, 1.7, 3, False)  # the common part of [1.7], [1.7, 2] and [1.53, 1.87]
    assert high[5] == [ids["times"]]
    assert high[3:5] == (1, True)  # the lone 7.5x: single-source
    (summary,) = con.execute(
        "SELECT fact_key, subject, measure, unit, positions, support, first_claim_id, first_source "
        "FROM fact_summaries WHERE cluster_id = 'K1'"
    ).fetchall()
    assert summary == (f"{RATIO}~gb200-nvl72|compute|x", f"{RATIO}~gb200-nvl72", "compute", "x", 2, 4,
                       ids["ledger"], "ledger")  # fmt: skip
    assert con.execute("SELECT cluster_id FROM fact_disputes").fetchall() == [("K1",)]
    assert positions_of(con, "K2")[0][3:] == (2, False, sorted([ids["k2a"], ids["k2b"]]))
    before = rows(con)
    again = update_disputes(con, OUTLETS)
    assert again.touched == 0
    assert rows(con) == before
    # Recomputing everything from scratch gives the same rows (no hidden state).
    for table in TABLES:
        con.execute(f"DELETE FROM {table}")
    assert update_disputes(con, OUTLETS).touched == 2
    assert rows(con) == before


def test_disputes_provenance_resolved_from_en_ja_zh_sentences(con):
    """From the sentence (nlp.attribution, as the claims stage stores it) to claim_origins."""
    sentences = [
        ("ledger", "en", "Chips worth at least $1 billion were smuggled, according to the Financial Times."),
        ("times", "en", "About $400 million was smuggled, the people said."),
        ("nihon", "ja", "関係者によると、10億ドル相当が密輸された。"),
        ("xinhua-daily", "zh", "据路透社报道，走私金额约为4亿美元。"),
        ("wire", "en", "Reuters reported that $1 billion was smuggled."),
    ]
    ids = {}
    for i, (source, lang, text) in enumerate(sentences):
        found = find_attribution(text, lang)
        who = (found.entity or found.source) if found else None
        ids[source] = put(
            con, "S", f"s{i}", source, usd(1e9, 1e9, 1e9, "$1bn"), text=text, attributed_to=who, lang=lang
        )
    update_disputes(con, OUTLETS)
    origins = dict(con.execute("SELECT claim_id, kind || ' ' || origin_id FROM claim_origins").fetchall())
    assert origins[ids["ledger"]] == "publication publication:financial-times"
    assert origins[ids["times"]] == "anonymous outlet:times"
    assert origins[ids["nihon"]] == "anonymous outlet:nihon"
    assert origins[ids["xinhua-daily"]] == "outlet outlet:reuters"  # crawled: an outlet, not a wire
    assert origins[ids["wire"]] == "outlet outlet:reuters"
    # Two outlets citing Reuters count once: FT, times, nihon, Reuters.
    assert con.execute("SELECT support FROM fact_summaries").fetchone()[0] == 4


def test_disputes_independence_with_a_syndicated_copy_and_a_citation_chain(con):
    # ledger reports $1bn itself; wire cites ledger; echo cites wire (a chain to ledger); a
    # syndicated copy of ledger's article appears on reuters. All one origin: ledger.
    a = put(con, "C", "c1", "ledger", usd(1e9, 1e9, None, "at least $1bn"))
    b = put(con, "C", "c2", "wire", usd(1e9, 1e9, None, "at least $1bn"), attributed_to="ledger", day=1)
    c = put(con, "C", "c3", "echo", usd(1e9, 1e9, None, "$1bn or more"), attributed_to="wire", day=2)
    t = put(con, "C", "c4", "times", usd(4e8, 3.6e8, 4.4e8, "about $400m"), day=1)
    add_article(con, "copy", "reuters", duplicate_of="c1")
    con.execute(
        "INSERT INTO appearances VALUES (?, 'copy', 'reuters', 'https://reuters.example/copy', ?)", [a, NOW]
    )
    update_disputes(con, OUTLETS)
    low, high = positions_of(con, "C")
    assert (low[5], low[3]) == ([t], 1)
    assert (high[5], high[3], high[4]) == (sorted([a, b, c]), 1, True)  # three outlets, one origin
    assert con.execute("SELECT origins FROM fact_positions WHERE ordinal = 1").fetchone()[0] == [
        "outlet:ledger"
    ]
    edges = con.execute("SELECT citing, cited, claim_id, kind FROM citation_edges ORDER BY ALL").fetchall()
    assert edges == sorted(
        [
            ("outlet:echo", "outlet:wire", c, "cites"),
            ("outlet:reuters", "outlet:ledger", a, "copy"),
            ("outlet:wire", "outlet:ledger", b, "cites"),
        ]
    )
    assert con.execute("SELECT support, single_source FROM fact_summaries").fetchone() == (2, False)


def test_disputes_only_touched_clusters_are_recomputed(con, compute_dispute):
    ids = compute_dispute
    update_disputes(con, OUTLETS)
    k2 = {t: r for t, r in rows(con).items()}
    # A new claim joins K1: only K1 is recomputed, K2's rows stay as they were.
    late = put(con, "K1", "a5", "echo", ratio(7.5, 7.5, 7.5, "7.5x"), day=3)
    assert update_disputes(con, OUTLETS).touched == 1
    assert positions_of(con, "K1")[1][5] == sorted([ids["times"], late])
    k2_after = rows(con)
    for table in ("fact_summaries", "fact_positions", "citation_edges"):
        assert [r for r in k2_after[table] if "K2" in r] == [r for r in k2[table] if "K2" in r]
    # The 7.5x claims leave (superseded, unclustered): K1 is no longer disputed.
    con.execute(
        "UPDATE claims SET current = false, cluster_id = NULL WHERE claim_id IN (?, ?)", [ids["times"], late]
    )
    assert update_disputes(con, OUTLETS).touched == 1
    assert con.execute("SELECT count(*) FROM fact_disputes").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM claim_origins WHERE claim_id = ?", [late]).fetchone()[0] == 0
    # A syndicated appearance of a K2 claim touches K2 (a copy edge).
    add_article(con, "copy", "wire", duplicate_of="b1")
    con.execute(
        "INSERT INTO appearances VALUES (?, 'copy', 'wire', 'https://wire.example/copy', ?)",
        [ids["k2a"], NOW],
    )
    assert update_disputes(con, OUTLETS).touched == 1
    assert con.execute("SELECT cluster_id, kind FROM citation_edges").fetchall() == [("K2", "copy")]
    # Another sources file: every claim is pending again; the same file again: nothing.
    assert update_disputes(con, {**OUTLETS, "ft": Outlet("ft", ("ft.com",))}).touched == 2
    assert update_disputes(con, None).touched == 0  # reprocess: the stored outlets


def test_disputes_a_sentence_of_two_facts_reports_both(con):
    # "about 300 petaflops, about 1.7 times the GB200" is clustered with the petaflops (P) and
    # reports the ratio of K too.
    flops = figure(3e17, "FLOPS", 2.7e17, 3.3e17, "about 300 petaflops", RATIO, "compute", "about")
    both = put(con, "P", "p1", "nihon", flops, ratio(1.7, 1.53, 1.87, "約1.7倍", "about"), lang="ja")
    put(con, "P", "p2", "ledger", flops)
    k = [put(con, "K", "k1", "wire", ratio(2.0, 1.7, 2.0, "almost double", "nearly")),
         put(con, "K", "k2", "times", ratio(7.5, 7.5, 7.5, "7.5 times"))]  # fmt: skip
    update_disputes(con, OUTLETS)
    low, high = positions_of(con, "K")
    assert (low[5], high[5]) == (sorted([both, k[0]]), [k[1]])
    assert len(positions_of(con, "P")) == 1
    assert con.execute("SELECT count(*) FROM claim_origins WHERE claim_id = ?", [both]).fetchone()[0] == 1
    # The sentence is superseded: K is recomputed although none of its own claims changed.
    con.execute("UPDATE claims SET current = false, cluster_id = NULL WHERE claim_id = ?", [both])
    assert update_disputes(con, OUTLETS).touched == 2
    assert positions_of(con, "K")[0][5] == [k[0]]


def test_disputes_a_part_in_the_same_sentence_is_no_dispute(con):
    # "The whole system occupies 16 racks, with twelve holding the processors and four ..."
    racks = [
        figure(16, "count", 16, 16, "16 racks", RATIO, "count:rack"),
        figure(4, "count", 4, 4, "four", RATIO, "count:rack"),
    ]
    put(con, "R", "r1", "times", *racks)
    put(con, "R", "r2", "wire", racks[0])
    update_disputes(con, OUTLETS)
    assert len(positions_of(con, "R")) == 1
    assert con.execute("SELECT count(*) FROM fact_disputes").fetchone()[0] == 0


def test_disputes_position_ids_stay_unique_when_one_claim_first_reports_two():
    # X states [1, 2] and [1.9, 3.1] (compatible); a later Y = [3, 4] draws the second away:
    # X is the first reporter of both positions.
    x = [FigureIn("x", 0, 1.5, "x", 1.0, 2.0, "range"), FigureIn("x", 1, 2.5, "x", 1.9, 3.1, "range")]
    y = FigureIn("y", 0, 3.0, "x", 3.0, 4.0, "range")
    figs = [type(f)(**{**f.__dict__, "subject": "s", "measure": "compute"}) for f in (*x, y)]
    from core.provenance import Resolver
    from warehouse.dispute_rows import ClaimIn

    claims = [ClaimIn("x", "a", "ax", NOW), ClaimIn("y", "b", "ay", NOW + timedelta(days=1))]
    out = cluster_rows("Q", claims, figs, Resolver({}))
    ids = [r[0] for r in out.tables["fact_positions"]]
    assert len(ids) == len(set(ids)) == 2
    assert len({r[0] for r in out.tables["position_claims"]}) == 2
    assert _position_ids([], "Q") == []


def test_disputes_score_sql_is_core_score(con):
    """The SQL mirror of core.positions.score (the views' and exports' score) equals it."""
    rng = random.Random(17)
    cases = [
        (0.755, 0.5, NOW),
        (0.56, 0.6667, NOW - timedelta(days=4)),
        (0.0125, 0.0, None),
        (1.0, 0.75, NOW + timedelta(days=1)),  # reported "after" now: recency 1
    ]
    cases += [
        (rng.random(), rng.choice([0, 0.5, 0.6667, 0.75]), NOW - timedelta(hours=rng.uniform(0, 2000)))
        for _ in range(300)
    ]
    expr = score_sql("s", "c", "t", "?::TIMESTAMPTZ")
    sql = f"SELECT {expr} FROM (SELECT ?::DOUBLE s, ?::DOUBLE c, ?::TIMESTAMPTZ t)"
    for s, c, t in cases:
        assert con.execute(sql, [NOW, s, c, t]).fetchone()[0] == score(s, c, t, NOW), (s, c, t)


def test_disputes_views_and_export_contract(con, compute_dispute, tmp_path):
    import pyarrow.parquet as pq

    update_disputes(con, OUTLETS)
    low, high = con.execute(
        "SELECT position_id FROM fact_positions WHERE cluster_id = 'K1' ORDER BY ordinal"
    ).fetchall()
    (dispute_id,) = con.execute("SELECT dispute_id FROM fact_disputes").fetchone()
    con.execute(VIEWS)  # as the snapshot creates them
    assert con.execute("SELECT status, ruling FROM disputes").fetchall() == [("open", None)]
    ruling = "INSERT INTO dispute_rulings VALUES (?, ?, ?, ?, 'ana', '', '[]', ?)"
    con.execute(ruling, ["r1", dispute_id, high[0], "supported", NOW])
    assert con.execute("SELECT status, ruling FROM disputes").fetchall() == [("ruled", high[0])]
    con.execute(ruling, ["r2", dispute_id, None, "none", NOW + timedelta(hours=1)])
    assert con.execute("SELECT status, ruling FROM disputes").fetchall() == [("ruled", None)]
    con.execute(ruling, ["r3", dispute_id, None, "open", NOW + timedelta(hours=2)])
    assert con.execute("SELECT status, ruling FROM disputes").fetchall() == [("open", None)]
    facts = dict(con.execute("SELECT cluster_id, disputed FROM facts").fetchall())
    assert facts == {"K1": True, "K2": False}
    assert con.execute("SELECT count(*) FROM positions WHERE dispute_id IS NOT NULL").fetchone()[0] == 2

    out = tmp_path / "disputes.jsonl"
    assert export(con, "disputes", "jsonl", out) == 1
    (row,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert list(row) == [
        "dispute_id", "cluster_id", "subject", "measure", "unit", "status", "score", "ruling", "positions",
    ]  # fmt: skip
    assert [list(p) for p in row["positions"]] == [[
        "position_id", "lower", "upper", "claims", "sources", "origins", "independent_support",
        "single_source", "first_source", "first_reported_at"]] * 2  # fmt: skip
    assert [p["position_id"] for p in row["positions"]] == [low[0], high[0]]
    assert row["positions"][1]["independent_support"] == 1
    assert row["positions"][1]["single_source"] is True
    assert row["positions"][0]["sources"] == ["ledger", "nihon", "wire"]
    assert row["positions"][0]["first_reported_at"] == "2025-07-30T00:00:00Z"
    assert export(con, "facts", "jsonl", out) == 2
    fact = json.loads(out.read_text().splitlines()[0])
    assert list(fact) == ["cluster_id", "subject", "measure", "unit", "claims", "sources", "positions",
                          "disputed", "single_source", "first_source", "first_reported_at"]  # fmt: skip
    assert (fact["cluster_id"], fact["positions"], fact["disputed"]) == ("K1", 2, True)
    assert export(con, "disputes", "csv", tmp_path / "d.csv") == 1
    assert (
        json.loads(next(csv.DictReader((tmp_path / "d.csv").open()))["positions"])[0]["position_id"] == low[0]
    )
    assert export(con, "disputes", "parquet", tmp_path / "d.parquet") == 1
    assert pq.read_table(tmp_path / "d.parquet").column_names == list(row)
    export(con, "claims", "jsonl", out)
    origins = {json.loads(line)["origin"] for line in out.read_text().splitlines()}
    assert origins == {"outlet:ledger", "outlet:wire", "outlet:nihon", "outlet:times"}


def test_disputes_kill_before_commit_leaves_all_pending_then_rerun_finishes(tmp_path):
    db = tmp_path / "k.duckdb"
    with connect(db) as con:
        put(con, "K1", "a1", "ledger", ratio(1.7, 1.7, 1.7, "1.7 times"))
        put(con, "K1", "a4", "times", ratio(7.5, 7.5, 7.5, "7.5 times"))
        empty = rows(con)
    script = (
        "import sys; from warehouse.db import connect; from warehouse.disputes import update_disputes; "
        "from core.provenance import Outlet; "
        "con = connect(sys.argv[1]); update_disputes(con, {'ledger': Outlet('ledger')}); con.close()"
    )
    env = {**os.environ, KILL_AT_ENV: "disputes:1"}
    proc = subprocess.run(
        [sys.executable, "-c", script, str(db)], env=env, cwd=TESTS.parent, capture_output=True, text=True
    )
    assert proc.returncode == -9, proc.stderr
    assert "killed at disputes:1" in proc.stderr
    with connect(db) as con:
        assert rows(con) == empty  # nothing written, the outlets neither
        assert con.execute("SELECT count(*) FROM dispute_outlets").fetchone()[0] == 0
        assert pending_count(con, "disputes") == 2
    env.pop(KILL_AT_ENV)
    proc = subprocess.run(
        [sys.executable, "-c", script, str(db)], env=env, cwd=TESTS.parent, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    with connect(db) as con:
        assert pending_count(con, "disputes") == 0
        assert con.execute("SELECT count(*) FROM fact_disputes").fetchone()[0] == 1
