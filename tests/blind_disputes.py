"""Disputes and origins on the blind beat corpus (issue 17), scored from the store of the same
`claimwatch run` that tests/blind_beat.py scores:

- expected disputes: gold facts with at least one gold disagreement, quantity facts only (date
  facts are judged pairwise, not grouped into positions);
- found: an expected dispute is found when one system dispute puts the two sides of one of its
  gold disagreements into different positions;
- positions right: for the gold claims of a found dispute that sit in its positions, pairs whose
  "same position or not" agrees with the gold (apart exactly when the gold lists the pair as a
  disagreement);
- false disputes: system disputes whose matched claims include none of an expected dispute;
- origins right: matched claims with a stored origin (claim_origins: the clustered claims) whose
  origin agrees with tests/fixtures/blind/origins.json, annotated blind from the pages alone:
  same kind, and for a named, publication or official origin a name that one contains the other.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import duckdb

# Gold fact units that are days, not quantities (their disagreements are pairwise flags only).
_DATE_UNITS = (None, "date", "year")
DISPUTE_METRICS = ("dispute_recall", "positions_right", "origins_right")


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    return re.sub(r"[^\w]+", " ", text).strip()


def origin_agrees(gold: dict, kind: str, origin_id: str, name: str) -> bool:
    """One claim's stored origin against its gold annotation (kind, name)."""
    if gold["kind"] != kind:
        return False
    if kind == "self":
        return origin_id == f"outlet:{gold['name']}"
    if kind == "anonymous":
        return True
    want, have = _slug(gold["name"]), _slug(name)
    return bool(want and have) and (want in have or have in want)


def stored_origins(db: Path) -> dict[str, tuple[str, str, str]]:
    """claim_id -> (kind, origin_id, name) from the store's claim_origins."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT claim_id, kind, origin_id, name FROM claim_origins").fetchall()
    return {r[0]: r[1:] for r in rows}


def score_disputes(
    gold: dict,
    match: dict[str, str],
    disputes: list[dict],
    origins_gold: dict | None = None,
    origins: dict[str, tuple[str, str, str]] | None = None,
) -> tuple[dict, dict]:
    """(metrics, misses) of the exported disputes; `match` is gold claim id -> system claim id."""
    units = {f["id"]: f.get("unit") for f in gold["facts"]}
    facts = {f["id"]: f for f in gold["facts"]}
    contra: dict[str, set[frozenset]] = defaultdict(set)
    for pair in gold["contradictions"]:
        fact = pair.get("fact")
        if fact and units.get(fact) not in _DATE_UNITS:
            contra[fact].add(frozenset((pair["a"], pair["b"])))
    position_of: list[dict[str, str]] = []  # per system dispute: system claim id -> position id
    for d in disputes:
        pos: dict[str, str] = {}
        for p in d["positions"]:
            for cid in p["claims"]:
                pos.setdefault(cid, p["position_id"])
        position_of.append(pos)

    misses: dict[str, list] = defaultdict(list)
    found, pairs = 0, [0, 0]
    for fact_id, bad in sorted(contra.items()):
        hit = next(
            (
                pos
                for pos in position_of
                for a, b in (sorted(p) for p in bad)
                if match.get(a) in pos and match.get(b) in pos and pos[match[a]] != pos[match[b]]
            ),
            None,
        )
        if hit is None:
            misses["disputes_missed"].append(fact_id)
            continue
        found += 1
        members = sorted({g for g in facts[fact_id]["claims"] if match.get(g) in hit})
        for a, b in combinations(members, 2):
            apart = hit[match[a]] != hit[match[b]]
            right = apart == (frozenset((a, b)) in bad)
            pairs[0] += right
            pairs[1] += 1
            if not right:
                misses["positions_wrong"].append((fact_id, a, b))

    expected = {match[g] for f in contra for g in facts[f]["claims"] if g in match}
    matched = set(match.values())
    false = [
        d["dispute_id"]
        for d, pos in zip(disputes, position_of, strict=True)
        if set(pos) & matched and not set(pos) & expected
    ]
    misses["false_disputes"] = false
    metrics = {
        "disputes_expected": len(contra),
        "disputes_found": found,
        "dispute_recall": round(found / len(contra), 3) if contra else 1.0,
        "positions_right": round(pairs[0] / pairs[1], 3) if pairs[1] else 1.0,
        "false_disputes": len(false),
        "disputes_total": len(disputes),
    }
    if origins_gold is not None and origins is not None:
        scored = [g for g in sorted(origins_gold) if match.get(g) in origins]
        wrong = [
            (g, origins[match[g]], origins_gold[g]["kind"], origins_gold[g]["name"])
            for g in scored
            if not origin_agrees(origins_gold[g], *origins[match[g]])
        ]
        metrics["origins_scored"] = len(scored)
        metrics["origins_right"] = round(1 - len(wrong) / len(scored), 3) if scored else 1.0
        misses["origins_wrong"] = wrong
    return metrics, dict(misses)
