"""Reading contradictions for fact-checkers (the review UI of issue #6 builds on this)."""

from __future__ import annotations

import textwrap

import duckdb

STATUSES = ("open", "confirmed", "dismissed")


def fetch_contradictions(con: duckdb.DuckDBPyConnection, status: str = "open", limit: int = 50) -> list[dict]:
    """Contradictions with both claims and their provenance, highest score first."""
    if status != "all" and status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; choose one of {', '.join((*STATUSES, 'all'))}")
    cursor = con.execute(
        """SELECT x.contradiction_id, x.kind, x.score, x.status, x.reason,
                  ca.text, aa.source, aa.url, cb.text, ab.source, ab.url
           FROM contradictions x
           JOIN claims ca ON ca.claim_id = x.claim_a JOIN articles aa ON aa.article_id = ca.article_id
           JOIN claims cb ON cb.claim_id = x.claim_b JOIN articles ab ON ab.article_id = cb.article_id
           WHERE ? = 'all' OR x.status = ?
           ORDER BY x.score DESC, x.contradiction_id LIMIT ?""",
        [status, status, limit],
    )
    names = [
        "contradiction_id",
        "kind",
        "score",
        "status",
        "reason",
        "text_a",
        "source_a",
        "url_a",
        "text_b",
        "source_b",
        "url_b",
    ]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def list_contradictions(con: duckdb.DuckDBPyConnection, status: str = "open", limit: int = 50) -> str:
    """Contradictions as text a fact-checker can read in a terminal."""
    rows = fetch_contradictions(con, status, limit)
    if not rows:
        return f"no {status if status != 'all' else ''} contradictions".replace("  ", " ")
    out = []
    for n, r in enumerate(rows, 1):
        out.append(f"{n}. [{r['kind']}, score {r['score']:.2f}, {r['status']}] {r['reason']}")
        for side in ("a", "b"):
            quote = textwrap.shorten(r[f"text_{side}"], width=160, placeholder=" …")
            out.append(f'   {r[f"source_{side}"]}: "{quote}"')
            out.append(f"      {r[f'url_{side}']}")
    return "\n".join(out)
