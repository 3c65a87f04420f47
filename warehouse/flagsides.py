"""The contradiction with both sides: one flag joined to its two claims and their articles.

The one place that writes this join. The review queue and `claimwatch contradictions`
(warehouse/review.py), the run's Prefect artifact (flows/artifacts.py) and the analysts'
`open_contradictions` view (warehouse/snapshot.py) all select from `both_sides()`, with the
aliases it names: x (contradictions), ca/cb (claims), aa/ab (articles) and, with versions,
va/vb (the claims' article versions, for fetched_at).
"""

from __future__ import annotations

_SIDES = """FROM contradictions x
           JOIN claims ca ON ca.claim_id = x.claim_a JOIN articles aa ON aa.article_id = ca.article_id
           JOIN claims cb ON cb.claim_id = x.claim_b JOIN articles ab ON ab.article_id = cb.article_id"""
_VERSIONS = """
           JOIN article_versions va ON va.article_id = ca.article_id AND va.version = ca.version
           JOIN article_versions vb ON vb.article_id = cb.article_id AND vb.version = cb.version"""

# Output name -> SQL of a flag and both its sides, as the queue lists them.
COLUMNS = {
    "contradiction_id": "x.contradiction_id",
    "kind": "x.kind",
    "score": "x.score",
    "status": "x.status",
    "reason": "x.reason",
    "fact_key": "x.fact_key",
    "detected_at": "x.detected_at",
    "claim_a": "x.claim_a",
    "claim_b": "x.claim_b",
    "text_a": "ca.text",
    "source_a": "aa.source",
    "url_a": "aa.url",
    "text_b": "cb.text",
    "source_b": "ab.source",
    "url_b": "ab.url",
}


def both_sides(versions: bool = False) -> str:
    """`FROM contradictions x JOIN ...` both claims and articles (and versions when asked)."""
    return _SIDES + (_VERSIONS if versions else "")


def select_columns(names: tuple[str, ...] | None = None) -> str:
    """`x.contradiction_id AS contradiction_id, ...` for the given COLUMNS (all by default)."""
    return ", ".join(f"{COLUMNS[n]} AS {n}" for n in (names or tuple(COLUMNS)))
