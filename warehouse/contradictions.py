"""Contradictions: linked claims of independent articles whose figures disagree beyond hedges.

The pair decision is one pure function, `judge(a, b)`, used by `detect()` on the store and
by the gold-set scorer (tests/contradictions_gold.py) on freshly extracted claims:

- quantity: two figures share a fact key (subject, measure, unit; ratios keyed by the
  ordered entity pair, so "B is 7.5x slower than A" meets "A is 1.7x B"), the same scope
  (a part, "one distributor sold $400m", is never compared with a whole, "$1bn in total"),
  and their intervals (DESIGN.md, "Hedges become intervals") are disjoint by more than
  RELATIVE_TOLERANCE;
  Both must speak of the same period when both name one ("in the second quarter" vs "in the
  first quarter" are two facts), and a figure the other claim also states in agreement is
  accounted for ("$1bn, of which $400m via Malaysia" vs "$400m");
- date: the two claims report the same event (same event verb class, same subject) on days
  that do not overlap ("tightened in April" vs "in May"). Wording cues: contradiction_cues.py.

Never compared: claims of one article (a superseded claim vs its replacement), a syndicated
copy vs its original, superseded claims.

Lifecycle in the store: contradiction_id = hash(claim_a, claim_b, kind), so reruns insert
nothing; an open flag whose side a revision removed (claim no longer current) or whose article
turned out to be a copy is closed (status 'closed', closed_at, closed_reason). A closed flag
reopens when both sides are current and independent again. A reviewer's verdict (confirmed,
dismissed, needs_work) is never changed by the engine.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property

import duckdb
import pyarrow as pa

from nlp.claims import fact_key, oriented
from nlp.entities import default_gazetteer
from warehouse.bulk import run_with_table
from warehouse.contradiction_cues import event, periods_in, scope_at
from warehouse.ids import stable_id
from warehouse.stages import stage
from warehouse.stagestate import batch, mark_done

# Rounding: an unhedged figure stands for the interval of its last stated digit ("$1.5bn" =
# [1.45bn, 1.55bn], "3.9 times" = [3.85, 3.95]), but never wider than "about" (+-10%, DESIGN.md):
# "$1 billion" literally spans 0.5-1.5bn, yet nobody writing it means $600m.
MAX_ROUNDING = 0.10
# Then intervals must be apart by more than 1% of the larger bound: hedge edges are soft ("almost
# $1bn" said of $1.004bn, "nearly 4x" of 4.02x) and unit conversions round (kW from W, GB from GiB
# rounded by the writer). 1% still separates "more than four times" [4, inf) from "3.9 times"
# [3.85, 3.95] (gap 1.25%), the finest case the issue names.
RELATIVE_TOLERANCE = 0.01
# Two single days one apart are the same day in two time zones (a Beijing evening is a New York
# morning); a month, a mid-month or two days apart are not.
DATE_SLACK_DAYS = 1
# A date gap of a month or more scores as a full disagreement.
DATE_FULL_GAP_DAYS = 30
QUANTITY = "quantity"
DATE = "date"


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
    subject: str | None
    measure: str | None
    source: str
    reference: str | None = None
    start: int | None = None  # offsets within the claim text (scope cues are looked up around it)
    end: int | None = None
    idx: int | None = None  # position within its claim (figures.idx)
    subject_from: str | None = None  # how the subject was resolved; a fallback keys nothing

    @cached_property
    def key(self) -> str | None:
        return fact_key(self.subject, self.measure, self.unit, self.reference, self.subject_from)


@dataclass(frozen=True)
class ClaimSide:
    """One claim as the pair decision sees it: its text, figures and provenance."""

    claim_id: str
    article_id: str
    source: str
    text: str
    figures: tuple[FigureRow, ...]
    published: date | None = None
    lang: str = "en"
    entities: frozenset[str] = field(default_factory=frozenset)  # canonical ids
    current: bool = True
    duplicate_of: str | None = None  # the article's original, when it is a syndicated copy


@dataclass(frozen=True)
class Conflict:
    kind: str  # quantity | date
    fact_key: str
    gap: float  # quantity: relative distance of the intervals; date: days between them
    a: FigureRow
    b: FigureRow
    reason: str

    def score(self, similarity: float) -> float:
        """How far apart (capped at 1) times how sure we are it is the same fact."""
        size = self.gap if self.kind == QUANTITY else self.gap / DATE_FULL_GAP_DAYS
        return round(min(size, 1.0) * 0.6 + max(min(similarity, 1.0), 0.0) * 0.4, 4)


# ---------------------------------------------------------------- intervals


def interval(fig: FigureRow) -> tuple[float, float]:
    """The closed interval a figure allows; exact figures get their stated precision (capped)."""
    lo = -math.inf if fig.lower is None else fig.lower
    hi = math.inf if fig.upper is None else fig.upper
    if fig.hedge == "exact":
        half = min(fig.precision, MAX_ROUNDING * abs(fig.value))
        lo, hi = fig.value - half, fig.value + half
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


def _day(fraction: float) -> date:
    """The day a fractional year (nlp/dates.py year_fraction) starts in."""
    year = math.floor(fraction)
    days = 366 if calendar.isleap(year) else 365
    return date(year, 1, 1) + timedelta(days=round((fraction - year) * days))


def day_span(fig: FigureRow) -> tuple[date, date] | None:
    """The first and last day a date figure allows; a bare year "2025" is all of 2025.
    Deadlines ("by 2030", unbounded on one side) are no event dates: None."""
    if fig.lower is None or fig.upper is None:
        return None
    if fig.hedge == "exact" and fig.precision >= 0.5:  # a bare year: [2025, 2025] +- 0.5
        year = round(fig.value)
        return date(year, 1, 1), date(year, 12, 31)
    return _day(fig.lower), _day(fig.upper)


def date_gap(a: FigureRow, b: FigureRow) -> int:
    """Days between two date figures' spans beyond the slack (0: they may be the same day)."""
    sa, sb = day_span(a), day_span(b)
    if sa is None or sb is None:
        return 0
    apart = max((sb[0] - sa[1]).days, (sa[0] - sb[1]).days, 0)
    single = sa[0] == sa[1] and sb[0] == sb[1]
    return apart if apart > (DATE_SLACK_DAYS if single else 0) else 0


# ---------------------------------------------------------------- scope and period


def scope(fig: FigureRow, text: str) -> str:
    """'part', 'whole' or 'unspecified' for a figure of `text` (contradiction_cues.scope_at)."""
    if fig.start is None or fig.end is None:
        return "unspecified"
    return scope_at(text, fig.start, fig.end)


def periods(side: ClaimSide) -> dict[str, set[object]]:
    """{"quarter": {2}, "half": {1}, "year": {2025}}: the periods the claim's sentence names."""
    return periods_in(side.text, side.published)


def _same_period(a: ClaimSide, b: ClaimSide) -> bool:
    """False when both name a period of the same kind and the two never meet."""
    named_a, named_b = periods(a), periods(b)
    return all(named_a[kind] & named_b[kind] for kind in named_a.keys() & named_b.keys())


def _same_scope(fa: FigureRow, a: ClaimSide, fb: FigureRow, b: ClaimSide) -> bool:
    part_a = scope(fa, a.text) == "part"
    part_b = scope(fb, b.text) == "part"
    return part_a == part_b


def _same_fact(fa: FigureRow, fb: FigureRow) -> bool:
    """Same fact key; for ratios a measure left unnamed ("7.5 times" alone) matches any."""
    if fa.key is None or fb.key is None:
        return False
    if fa.key == fb.key:
        return True
    if fa.unit == fb.unit == "x" and "ratio" in (fa.measure, fb.measure):
        return fact_key(fa.subject, "ratio", "x", fa.reference) == fact_key(
            fb.subject, "ratio", "x", fb.reference
        )
    return False


def _accounted_for(fig: FigureRow, other: ClaimSide, partner: FigureRow) -> bool:
    """Whether another figure of the other claim states the same fact in agreement: "$1bn
    smuggled, of which $400m via Malaysia" accounts for a plain "$400m" (that is the part it
    reports), so its $1bn is not set against that $400m."""
    return any(
        o is not partner and o.unit == fig.unit and _same_fact(o, fig) and gap(o, fig) <= RELATIVE_TOLERANCE
        for o in other.figures
    )


def _event_dates(side: ClaimSide) -> list[FigureRow]:
    return [f for f in side.figures if f.unit == "year" and day_span(f) is not None]


def _same_event(a: ClaimSide, fa: FigureRow, b: ClaimSide, fb: FigureRow) -> str | None:
    """The event both claims date, or None when they may be two events."""
    kind = event(a.text)
    if kind is None or kind != event(b.text):
        return None
    if (
        fa.subject
        and fb.subject
        and fa.subject != fb.subject
        and fa.subject not in b.entities
        and fb.subject not in a.entities
    ):
        return None  # "Nvidia shipped in May" vs "AMD shipped in June"
    if a.entities and b.entities and not (a.entities & b.entities):
        return None
    return kind


# ---------------------------------------------------------------- the pair decision


def independent(a: ClaimSide, b: ClaimSide) -> bool:
    """Whether two claims may contradict each other at all: both current, of different
    articles, neither a syndicated copy of the other (nor both copies of one original)."""
    if not (a.current and b.current) or a.article_id == b.article_id:
        return False
    origin_a, origin_b = a.duplicate_of or a.article_id, b.duplicate_of or b.article_id
    return origin_a != origin_b


def judge(a: ClaimSide, b: ClaimSide) -> list[Conflict]:
    """The contradictions between two (linked) claims: at most one per kind, the widest gap."""
    if not independent(a, b):
        return []
    found: list[Conflict] = []
    best: tuple[float, FigureRow, FigureRow] | None = None
    same_period: bool | None = None  # computed once, and only for a pair that disagrees
    for fa in a.figures:
        for fb in b.figures:
            # Cheap tests first: on 50k links most figure pairs stop at the key or the gap.
            if fa.unit == "year" or fb.unit != fa.unit or not _same_fact(fa, fb):
                continue
            g = gap(fa, fb)
            if g <= RELATIVE_TOLERANCE or (best is not None and g <= best[0]):
                continue
            if not _same_scope(fa, a, fb, b) or _accounted_for(fa, b, fb) or _accounted_for(fb, a, fa):
                continue
            if same_period is None:
                same_period = _same_period(a, b)
            if same_period:
                best = (g, fa, fb)
    if best is not None:
        g, fa, fb = best
        key = fa.key if fa.key == fb.key else fact_key(fa.subject, "ratio", "x", fa.reference)
        found.append(Conflict(QUANTITY, key, g, fa, fb, reason(a, fa, b, fb, key)))
    dates_a, dates_b = _event_dates(a), _event_dates(b)
    if len(dates_a) == 1 and len(dates_b) == 1:  # several dates: which one dates the event is unclear
        fa, fb = dates_a[0], dates_b[0]
        days = date_gap(fa, fb)
        kind = _same_event(a, fa, b, fb) if days else None
        if kind is not None:
            subject = fa.subject or fb.subject or min(a.entities & b.entities, default="event")
            key = f"{subject}|date:{kind}|day"
            found.append(Conflict(DATE, key, float(days), fa, fb, reason(a, fa, b, fb, key)))
    return found


def _side(side: ClaimSide, fig: FigureRow) -> str:
    when = side.published.isoformat() if side.published else "undated"
    return f'{side.source} ({when}): "{fig.surface}"'


def reason(a: ClaimSide, fa: FigureRow, b: ClaimSide, fb: FigureRow, key: str) -> str:
    """`FT (2025-07-24): "at least $1 billion" vs Reuters (2025-07-28): "about $400 million" —
    Nvidia, value, USD`: both values as written, both sources and dates, then the fact."""
    subject, measure, unit = key.split("|")
    names = default_gazetteer().entities
    pair = [names[s].name if s in names else s for s in subject.split("~")]
    what = " vs ".join(pair) if len(pair) > 1 else pair[0]
    # Dates read "US Commerce Department, tighten, date"; figures "Nvidia, value, USD".
    fact = f"{what}, {measure.removeprefix('date:')}, date" if unit == "day" else f"{what}, {measure}, {unit}"
    return f"{_side(a, fa)} vs {_side(b, fb)} — {fact}"


def side_from_claim(claim, claim_id: str, article_id: str, source: str, **kwargs) -> ClaimSide:
    """A ClaimSide from an nlp.claims.Claim (the gold scorer judges extracted claims directly)."""
    figures = tuple(
        FigureRow(
            claim_id,
            f.value,
            f.unit,
            f.lower,
            f.upper,
            f.hedge,
            f.precision,
            f.surface,
            f.subject,
            f.measure,
            source,
            f.reference,
            f.start,
            f.end,
            i,
            f.subject_from,
        )
        for i, f in enumerate(claim.figures)
    )
    return ClaimSide(
        claim_id,
        article_id,
        source,
        claim.text,
        figures,
        lang=claim.lang,
        entities=frozenset(claim.entities),
        **kwargs,
    )


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


def _human(value: float, unit: str) -> str:
    for size, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= size and unit in ("USD", "JPY", "CNY", "EUR", "GBP", "count"):
            return f"{value / size:.4g}{suffix}"
    for size, prefix in ((1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size and unit in ("W", "FLOPS", "B", "B/s"):
            return f"{value / size:.4g} {prefix}"
    return f"{value:.4g}"


# ---------------------------------------------------------------- the store

_INDEPENDENT_SQL = """ca.current AND cb.current AND ca.article_id <> cb.article_id
       AND coalesce(aa.duplicate_of, aa.article_id) <> coalesce(ab.duplicate_of, ab.article_id)"""


# Flags that close_and_reopen would change: open ones that lost a side, closed ones whose sides
# are both current and independent again (warehouse/pending.py: the stage has work).
FLAGS_TO_REVISIT_SQL = f"""SELECT 1 FROM contradictions x
    JOIN claims ca ON ca.claim_id = x.claim_a JOIN claims cb ON cb.claim_id = x.claim_b
    JOIN articles aa ON aa.article_id = ca.article_id JOIN articles ab ON ab.article_id = cb.article_id
    WHERE (x.status = 'open' AND NOT ({_INDEPENDENT_SQL})) OR (x.status = 'closed' AND {_INDEPENDENT_SQL})"""


def close_and_reopen(con: duckdb.DuckDBPyConnection, now: datetime | None = None) -> tuple[int, int]:
    """Close open flags a revision (or a late-found syndication) removed a side of; reopen
    closed ones whose sides are both current and independent again. Returns (closed, reopened).
    Verdicts (confirmed, dismissed, needs_work) are the reviewers': never touched here."""
    now = now or datetime.now(UTC)
    sides = """FROM contradictions x
           JOIN claims ca ON ca.claim_id = x.claim_a JOIN claims cb ON cb.claim_id = x.claim_b
           JOIN articles aa ON aa.article_id = ca.article_id
           JOIN articles ab ON ab.article_id = cb.article_id"""
    to_close = con.execute(
        f"""SELECT x.contradiction_id,
                  CASE WHEN NOT (ca.current AND cb.current) THEN 'revised' ELSE 'syndicated' END
           {sides} WHERE x.status = 'open' AND NOT ({_INDEPENDENT_SQL})"""
    ).fetchall()
    to_reopen = [
        r[0]
        for r in con.execute(
            f"SELECT x.contradiction_id {sides} WHERE x.status = 'closed' AND {_INDEPENDENT_SQL}"
        ).fetchall()
    ]
    if to_close:
        run_with_table(
            con,
            "closing",
            {
                "contradiction_id": [r[0] for r in to_close],
                "why": [r[1] for r in to_close],
                "at": pa.array([now] * len(to_close), pa.timestamp("us", tz="UTC")),
            },
            """UPDATE contradictions SET status = 'closed', closed_at = c.at, closed_reason = c.why
               FROM closing c WHERE contradictions.contradiction_id = c.contradiction_id""",
        )
    if to_reopen:
        run_with_table(
            con,
            "reopening",
            {"contradiction_id": to_reopen},
            """UPDATE contradictions SET status = 'open', closed_at = NULL, closed_reason = NULL
               FROM reopening r WHERE contradictions.contradiction_id = r.contradiction_id""",
        )
    return len(to_close), len(to_reopen)


def _sides(con: duckdb.DuckDBPyConnection, claim_ids: list[str]) -> dict[str, ClaimSide]:
    """ClaimSides of the given claims, figures in order. The ids travel as an Arrow table and
    are joined: list_contains over 20k ids per row would be quadratic."""
    if not claim_ids:
        return {}
    con.register("contradiction_claims", pa.table({"claim_id": claim_ids}))
    try:
        figure_rows = con.execute(
            """SELECT f.claim_id, f.value, f.unit, f.lower, f.upper, f.hedge, f.precision, f.surface,
                      f.subject, f.measure, a.source, f.reference, f.start_char, f.end_char, f.idx,
                      f.subject_from
               FROM contradiction_claims w JOIN figures f ON f.claim_id = w.claim_id
               JOIN claims c ON c.claim_id = f.claim_id JOIN articles a ON a.article_id = c.article_id
               ORDER BY f.claim_id, f.idx"""
        ).fetchall()
        claim_rows = con.execute(
            """SELECT c.claim_id, c.article_id, a.source, c.text,
                      CAST(coalesce(a.published_at, a.first_seen) AS DATE), coalesce(c.lang, a.lang, 'en'),
                      CAST(json_extract(c.entities, '$.canonical') AS VARCHAR[]), c.current, a.duplicate_of
               FROM contradiction_claims w JOIN claims c ON c.claim_id = w.claim_id
               JOIN articles a ON a.article_id = c.article_id"""
        ).fetchall()
    finally:
        con.unregister("contradiction_claims")
    figures: dict[str, list[FigureRow]] = {}
    for r in figure_rows:
        figures.setdefault(r[0], []).append(FigureRow(*r))
    out = {}
    for claim_id, article_id, source, text, published, lang, entities, current, duplicate_of in claim_rows:
        out[claim_id] = ClaimSide(
            claim_id,
            article_id,
            source,
            text,
            tuple(figures.get(claim_id, ())),
            published,
            lang,
            frozenset(entities or ()),
            current,
            duplicate_of,
        )
    return out


def detect(con: duckdb.DuckDBPyConnection) -> int:
    """Close flags that lost a side, then judge every link not judged yet (warehouse/stages.py),
    record the flags and mark the links judged, all in one transaction; returns how many new
    flags were recorded. Links are chosen by state, not by time: a link made by a run that died
    before this stage is judged by the next run."""
    now = datetime.now(UTC)
    pending = stage("contradictions")
    with batch(con, "contradictions"):
        close_and_reopen(con, now)
        links = con.execute(
            f"""SELECT l.claim_a, l.claim_b, l.similarity, {_INDEPENDENT_SQL} AS independent
               {pending.source()}
               JOIN claims ca ON ca.claim_id = l.claim_a JOIN claims cb ON cb.claim_id = l.claim_b
               JOIN articles aa ON aa.article_id = ca.article_id
               JOIN articles ab ON ab.article_id = cb.article_id
               WHERE {pending.pending()} ORDER BY l.claim_a, l.claim_b"""
        ).fetchall()
        added = _record(con, [r[:3] for r in links if r[3]], now)
        mark_done(con, "contradictions", {"claim_a": [r[0] for r in links], "claim_b": [r[1] for r in links]})
    return added


def _record(con: duckdb.DuckDBPyConnection, rows: list[tuple], now: datetime) -> int:
    """Judge (claim_a, claim_b, similarity) links and store their flags; returns how many are new."""
    if not rows:
        return 0
    sides = _sides(con, sorted({r[0] for r in rows} | {r[1] for r in rows}))
    found = []
    for claim_a, claim_b, similarity in rows:
        for c in judge(sides[claim_a], sides[claim_b]):
            found.append(
                [
                    stable_id(claim_a, claim_b, c.kind),
                    claim_a,
                    claim_b,
                    c.kind,
                    c.fact_key,
                    c.reason,
                    c.score(similarity),
                    now,
                    c.a.idx,
                    c.b.idx,
                ]
            )
    if not found:
        return 0
    names = [
        "contradiction_id",
        "claim_a",
        "claim_b",
        "kind",
        "fact_key",
        "reason",
        "score",
        "detected_at",
        "figure_a",
        "figure_b",
    ]
    before = con.execute("SELECT count(*) FROM contradictions").fetchone()[0]
    columns = {name: [row[i] for row in found] for i, name in enumerate(names)}
    columns["detected_at"] = pa.array(columns["detected_at"], pa.timestamp("us", tz="UTC"))
    columns["figure_a"] = pa.array(columns["figure_a"], pa.int32())
    columns["figure_b"] = pa.array(columns["figure_b"], pa.int32())
    run_with_table(
        con,
        "new_contradictions",
        columns,
        f"INSERT INTO contradictions ({', '.join(names)}) "
        f"SELECT {', '.join(names)} FROM new_contradictions ON CONFLICT DO NOTHING",
    )
    return con.execute("SELECT count(*) FROM contradictions").fetchone()[0] - before
