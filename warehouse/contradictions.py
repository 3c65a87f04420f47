"""Contradictions: linked claims of independent articles whose figures disagree beyond hedges.

Two figures conflict when they share a fact key (subject, measure, unit) and their
intervals (DESIGN.md, "Hedges become intervals") are disjoint. An exact figure is the
interval of its stated precision ("$1.5bn" = [1.45bn, 1.55bn]), so rounding never
conflicts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import pyarrow as pa

from nlp.claims import fact_key, oriented
from nlp.entities import default_gazetteer
from warehouse.bulk import run_with_table
from warehouse.ids import stable_id

# A gap under 2% of the larger value is a rounding or unit-conversion artefact (559 vs
# 560 kW), not a disagreement a fact-checker wants to see.
MIN_RELATIVE_GAP = 0.02


@dataclass(frozen=True)
class FigureRow:
    claim_id: str
    value: float
    unit: str
    lower: float | None
    upper: float | None
    hedge: str
    precision: float
    surface: str
    subject: str
    measure: str
    source: str
    reference: str | None = None

    @property
    def key(self) -> str | None:
        return fact_key(self.subject, self.measure, self.unit, self.reference)


def interval(fig: FigureRow) -> tuple[float, float]:
    """The closed interval a figure allows; exact figures get their stated precision."""
    lo = -math.inf if fig.lower is None else fig.lower
    hi = math.inf if fig.upper is None else fig.upper
    if fig.hedge == "exact":
        lo, hi = fig.value - fig.precision, fig.value + fig.precision
    return lo, hi


def _oriented_interval(fig: FigureRow) -> tuple[float, float]:
    """The interval in the fact key's orientation: "B is 7.5x slower than A" as A:B."""
    lo, hi = interval(fig)
    lower, upper = oriented(
        fig.subject, fig.reference, fig.unit, None if math.isinf(lo) else lo, None if math.isinf(hi) else hi
    )
    return (-math.inf if lower is None else lower), (math.inf if upper is None else upper)


def gap(a: FigureRow, b: FigureRow) -> float:
    """Relative distance between the two intervals (0 when they overlap)."""
    (alo, ahi), (blo, bhi) = _oriented_interval(a), _oriented_interval(b)
    distance = max(blo - ahi, alo - bhi, 0.0)
    scale = max((abs(x) for x in (alo, ahi, blo, bhi) if not math.isinf(x)), default=1.0) or 1.0
    return distance / scale


def _human(value: float, unit: str) -> str:
    for size, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= size and unit in ("USD", "JPY", "CNY", "EUR", "GBP", "count"):
            return f"{value / size:.4g}{suffix}"
    for size, prefix in ((1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size and unit in ("W", "FLOPS", "B", "B/s"):
            return f"{value / size:.4g} {prefix}"
    return f"{value:.4g}"


def describe(fig: FigureRow) -> str:
    """'at least $1 billion' [>= 1bn USD] — the surface and the interval it stands for."""
    lo, hi = interval(fig)
    unit = fig.unit
    if fig.hedge == "exact":
        bounds = f"= {_human(fig.value, unit)}"
    elif math.isinf(hi):
        bounds = f">= {_human(lo, unit)}"
    elif math.isinf(lo):
        bounds = f"<= {_human(hi, unit)}"
    else:
        bounds = f"{_human(lo, unit)}-{_human(hi, unit)}"
    return f"'{fig.surface}' [{bounds}{unit if unit in ('W', 'FLOPS', 'B', 'B/s') else ' ' + unit}]"


def _reason(a: FigureRow, b: FigureRow) -> str:
    entity = default_gazetteer().entities.get(a.subject)
    name = entity.name if entity else a.subject
    return f"{name}, {a.measure}: {describe(a)} in {a.source} vs {describe(b)} in {b.source}"


def detect(con: duckdb.DuckDBPyConnection, since: datetime | None = None) -> int:
    """Flag contradictions among current links (those created since `since`, when given:
    older links were judged when they were made); returns how many were recorded."""
    links_sql = """SELECT l.claim_a, l.claim_b, l.similarity FROM links l
           JOIN claims ca ON ca.claim_id = l.claim_a JOIN claims cb ON cb.claim_id = l.claim_b
           JOIN articles aa ON aa.article_id = ca.article_id JOIN articles ab ON ab.article_id = cb.article_id
           WHERE ca.current AND cb.current AND ca.article_id <> cb.article_id
             AND aa.duplicate_of IS NULL AND ab.duplicate_of IS NULL
             AND (?::TIMESTAMPTZ IS NULL OR l.created_at >= ?::TIMESTAMPTZ)"""
    rows = con.execute(links_sql, [since, since]).fetchall()
    if not rows:
        return 0
    figures: dict[str, list[FigureRow]] = {}
    for r in con.execute(
        f"""SELECT f.claim_id, f.value, f.unit, f.lower, f.upper, f.hedge, f.precision, f.surface,
                  f.subject, f.measure, a.source, f.reference
           FROM figures f JOIN claims c ON c.claim_id = f.claim_id
           JOIN articles a ON a.article_id = c.article_id
           WHERE c.current AND f.subject IS NOT NULL AND f.unit <> 'year'
             AND f.claim_id IN (SELECT claim_a FROM ({links_sql}) UNION SELECT claim_b FROM ({links_sql}))
           ORDER BY f.claim_id, f.idx""",
        [since, since, since, since],
    ).fetchall():
        figures.setdefault(r[0], []).append(FigureRow(*r))
    now = datetime.now(UTC)
    found = []
    for claim_a, claim_b, similarity in rows:
        best: tuple[float, FigureRow, FigureRow] | None = None
        for fa in figures.get(claim_a, ()):
            for fb in figures.get(claim_b, ()):
                if fa.key != fb.key:
                    continue
                g = gap(fa, fb)
                if g >= MIN_RELATIVE_GAP and (best is None or g > best[0]):
                    best = (g, fa, fb)
        if best is None:
            continue
        g, fa, fb = best
        # Score: how far apart (capped at 1) times how sure we are it is the same fact.
        score = round(min(g, 1.0) * 0.6 + max(min(similarity, 1.0), 0.0) * 0.4, 4)
        found.append(
            [
                stable_id(claim_a, claim_b, "quantity"),
                claim_a,
                claim_b,
                "quantity",
                fa.key,
                _reason(fa, fb),
                score,
                now,
            ]
        )
    before = con.execute("SELECT count(*) FROM contradictions").fetchone()[0]
    if found:
        names = [
            "contradiction_id",
            "claim_a",
            "claim_b",
            "kind",
            "fact_key",
            "reason",
            "score",
            "detected_at",
        ]
        columns = {name: [row[i] for row in found] for i, name in enumerate(names)}
        columns["detected_at"] = pa.array(columns["detected_at"], pa.timestamp("us", tz="UTC"))
        run_with_table(
            con,
            "new_contradictions",
            columns,
            f"INSERT INTO contradictions ({', '.join(names)}) "
            f"SELECT {', '.join(names)} FROM new_contradictions ON CONFLICT DO NOTHING",
        )
    return con.execute("SELECT count(*) FROM contradictions").fetchone()[0] - before
