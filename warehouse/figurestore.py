"""Figures out of the store, by column name: the one reader that builds core.judge.FigureRow.

Every reader of figures that hands them to a rule (the contradiction stage, the link stage)
goes through `figure_rows`, so a new column or a reordered SELECT cannot shift a value into
the wrong field. The fact key and oriented bounds are the stored columns (migration 0015),
written by warehouse/claimstore.py with core.facts.keyed_bounds.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pyarrow as pa

from core.judge import FigureRow

# FigureRow field -> the SQL that reads it (f: figures, a: the claim's article).
_FIELDS = {
    "claim_id": "f.claim_id",
    "value": "f.value",
    "unit": "f.unit",
    "lower": "f.lower",
    "upper": "f.upper",
    "hedge": "f.hedge",
    "precision": "f.precision",
    "surface": "f.surface",
    "subject": "f.subject",
    "measure": "f.measure",
    "source": "a.source",
    "reference": "f.reference",
    "start": "f.start_char",
    "end": "f.end_char",
    "idx": "f.idx",
    "subject_from": "f.subject_from",
}
_SELECT = ", ".join(f"{sql} AS {name!r}".replace("'", '"') for name, sql in _FIELDS.items())


def figure_rows(
    con: duckdb.DuckDBPyConnection, claim_ids: Sequence[str], *, keyed_only: bool = False
) -> dict[str, list[FigureRow]]:
    """claim_id -> its figures in order (figures.idx).

    Args:
        claim_ids: the claims to read (sent as an Arrow table and joined).
        keyed_only: only figures with a fact key (core.facts: dates and guesses have none).
    """
    if not claim_ids:
        return {}
    con.register("figure_claims", pa.table({"claim_id": pa.array(list(claim_ids), pa.string())}))
    try:
        result = con.execute(
            f"""SELECT {_SELECT}
               FROM figure_claims w JOIN figures f ON f.claim_id = w.claim_id
               JOIN claims c ON c.claim_id = f.claim_id JOIN articles a ON a.article_id = c.article_id
               {"WHERE f.fact_key IS NOT NULL" if keyed_only else ""}
               ORDER BY f.claim_id, f.idx"""
        )
        names = [d[0] for d in result.description]
        rows = result.fetchall()
    finally:
        con.unregister("figure_claims")
    out: dict[str, list[FigureRow]] = {}
    for row in rows:
        fig = FigureRow(**dict(zip(names, row, strict=True)))
        out.setdefault(fig.claim_id, []).append(fig)
    return out
