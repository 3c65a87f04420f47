"""Positions and disputes of one fact cluster (DESIGN.md: position, dispute).

A position is a set of figures that can all be right at once: their intervals (core.intervals,
the pairwise judge's rule with its rounding and 1% tolerance) are pairwise compatible. A fact
with two or more positions is a dispute; reviewers rule on the dispute, and the pairwise
contradictions stay as its evidence.

The rule (compatibility is not transitive: A=[1,2] meets B=[1.9,3.1], B meets C=[3,4], A and C
are apart, so "the maximal sets" must be chosen):

1. Seed sweep. Figures are taken by the upper end of their interval (then lower end, reported
   time, claim id). The first figure not yet placed seeds a position, which takes every unplaced
   figure compatible with the seed and with every figure already taken (in order of lower end).
   Without the tolerance this is the classic stabbing of an interval graph at the seed's upper
   end: intervals that pairwise overlap share a common point (Helly), every figure compatible
   with the seed contains that point, and the number of positions is the least possible, equal
   to the largest number of pairwise incompatible figures. So one pairwise contradiction among
   the figures is exactly what makes a fact a dispute, and a fact is never split further than its
   figures force. (The 1% tolerance keeps it near-optimal; the pairwise check keeps every position
   pairwise compatible.)
2. Nearest position. A figure compatible with every figure of another position moves there when
   that position's representative value is nearer to the figure's stated value: the
   sweep puts a bridge figure ("about 2.5x" = [2.25, 2.75] between 2x and 3x) with whichever
   seed came first; this puts it with the one it is closer to. One pass, figures in claim order.
3. The representative interval of a position is the intersection of its figures' intervals (a
   common point exists, by Helly, up to the tolerance); its representative value is the median
   of the stated values inside that interval ("between 3 and 4 times" with "3.9 times": 3.9),
   or of all of them clamped into it when none is inside.

Positions are listed by representative value, low to high. A position's id is a hash of the
cluster id and its first reporter's claim id: later claims joining a position keep its id, so a
ruling recorded against it still names it.

Dispute score, for the queue (0-1, higher first):
    0.5 * spread + 0.3 * contest + 0.2 * recency
  spread   the relative gap between the lowest and the highest positions' representative
           intervals (core.intervals.interval_gap, capped at 1): 1.7x vs 7.5x = 0.755,
           $400m vs at least $1bn = 0.56, 3.9x vs more than 4x = 0.0125.
  contest  s / (s + 1), s = the independent support of the second best supported position: a
           real dispute has support on both sides; 1 origin there = 0.5, 2 = 0.67, 3 = 0.75.
  recency  0.5 ** (days since the fact's last report / 7): a week-old dispute counts half.
Spread leads because how far apart the sides are is what a reviewer ranks first; recency
weighs at most 0.2, so age moves a dispute by no more than 0.4 of spread does. On 1.7x v 7.5x
with two independent origins a side, reported today: 0.78; the same with a lone outlier on one
side, or with the 7.5x side's two outlets both citing the FT (one origin): 0.73; four days old:
0.71; a fresh 1.7x v 3.9x: 0.67; the first, two weeks old: 0.63 (tests/test_core_positions.py,
test_core_positions_queue_order). `now` is the caller's: recency is for ranking when the queue
is read; store spread, contest and last_reported_at, and call `score` at read time (a stored
score that ages would change on every rerun).
"""

from __future__ import annotations

import logging
import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from core.ids import stable_id
from core.intervals import Interval, compatible, interval_gap, key_interval, key_value, usable
from core.provenance import Appearance, Edge, Origin, chains, citation_edges, roots

log = logging.getLogger(__name__)

SPREAD_WEIGHT, CONTEST_WEIGHT, RECENCY_WEIGHT = 0.5, 0.3, 0.2
RECENCY_HALF_LIFE_DAYS = 7.0


@dataclass(frozen=True)
class FigureObs:
    """One figure of a current claim of the fact, with what provenance needs of its claim.

    value, lower, upper, hedge and precision are the figure as stored (figures table); set
    `inverted` where nlp.claims.oriented inverts it (a ratio whose subject sorts after its
    reference), so it is compared in the fact key's orientation.
    """

    claim_id: str
    source: str
    reported_at: datetime | None
    value: float
    lower: float | None
    upper: float | None
    hedge: str = "exact"
    precision: float = 0.0
    origin: Origin | None = None  # core.provenance.resolve_origin; None: the outlet's own
    article_id: str | None = None
    duplicate_of: str | None = None  # the original article, when this one is a syndicated copy
    inverted: bool = False
    current: bool = True
    idx: int = 0  # the figure's place within its claim
    surface: str = ""


@dataclass(frozen=True)
class Fact:
    """A fact cluster: its id, fact key, figures and the syndicated appearances of its claims."""

    cluster_id: str
    fact_key: str
    figures: tuple[FigureObs, ...]
    appearances: tuple[Appearance, ...] = ()


@dataclass(frozen=True)
class Position:
    position_id: str
    lower: float  # representative interval (infinite where every figure is open there)
    upper: float
    value: float  # representative value
    figures: tuple[FigureObs, ...]
    claims: tuple[str, ...]
    sources: tuple[str, ...]
    first: FigureObs  # the first reporter: earliest reported_at, then claim id
    origins: tuple[str, ...]  # the root origin ids behind it (core.provenance.roots)
    support: int  # independent support: len(origins)

    @property
    def single_source(self) -> bool:
        return self.support == 1


@dataclass(frozen=True)
class Dispute:
    dispute_id: str
    cluster_id: str
    fact_key: str
    positions: tuple[Position, ...]  # low to high
    spread: float
    contest: float
    last_reported_at: datetime | None
    score: float
    support: int  # independent support of the whole fact
    edges: tuple[Edge, ...] = field(default=())
    chains: tuple[tuple[str, ...], ...] = field(default=())

    @property
    def single_source(self) -> bool:
        """The whole fact, all positions together, rests on one origin."""
        return self.support == 1


# ---------------------------------------------------------------- grouping


def _when(f: FigureObs) -> tuple:
    return (f.reported_at is None, f.reported_at or datetime.min, f.claim_id, f.idx)


def _fits(f: FigureObs, members: Iterable[FigureObs]) -> bool:
    return all(compatible(f, m) for m in members if m is not f)


def _representative(members: list[FigureObs]) -> tuple[float, float, float]:
    """(lower, upper, value): the common part of the intervals and the median value in it."""
    lo = max(key_interval(f)[0] for f in members)
    hi = min(key_interval(f)[1] for f in members)
    if lo > hi:  # apart within the tolerance only: the point midway
        lo = hi = (lo + hi) / 2
    values = [key_value(f) for f in members]
    inside = [v for v in values if lo <= v <= hi]
    # A value someone stated: the median of those in the common part, else the median clamped.
    value = statistics.median_low(inside or values)
    return lo, hi, min(max(value, lo), hi)


def _distance(rep: tuple[float, float, float], f: FigureObs) -> float:
    """How far a position's representative value is from a figure's stated value (relative,
    so that dollars and ratios compare alike)."""
    value = rep[2]
    return abs(value - key_value(f)) / max(abs(value), abs(key_value(f)), 1e-12)


def group(figures: Iterable[FigureObs]) -> list[list[FigureObs]]:
    """The figures of one fact grouped into positions (steps 1 and 2 of the module rule)."""
    figs = sorted(
        (f for f in figures if f.current),
        key=lambda f: (key_interval(f)[1], key_interval(f)[0], *_when(f)),
    )
    placed: set[int] = set()
    groups: list[list[FigureObs]] = []
    for i, seed in enumerate(figs):
        if i in placed:
            continue
        members = [seed]
        placed.add(i)
        candidates = sorted(
            (j for j in range(i + 1, len(figs)) if j not in placed and compatible(seed, figs[j])),
            key=lambda j: (key_interval(figs[j])[0], j),
        )
        for j in candidates:
            if _fits(figs[j], members):
                members.append(figs[j])
                placed.add(j)
        groups.append(members)
    reps = [_representative(g) for g in groups]
    home = {id(f): k for k, g in enumerate(groups) for f in g}
    for f in sorted(figs, key=lambda f: (f.claim_id, f.idx)):
        here = home[id(f)]
        best, best_distance = here, _distance(reps[here], f)
        for k, g in enumerate(groups):
            if k != here and g and _fits(f, g) and _distance(reps[k], f) < best_distance:
                best, best_distance = k, _distance(reps[k], f)
        if best != here:
            groups[here].remove(f)
            groups[best].append(f)
            home[id(f)] = best
    return [g for g in groups if g]


def _support(figure: FigureObs, others: list[FigureObs]) -> int:
    """How many other claims state a value compatible with `figure`."""
    return len({g.claim_id for g in others if compatible(figure, g)})


def one_report_per_claim(figures: Iterable[FigureObs]) -> list[FigureObs]:
    """The figures that report the fact: of one claim's figures, those compatible with its first
    stated one (lowest idx), or, when the claim's own figures disagree, with the one that most
    other claims also state.

    A sentence that states two incompatible values of one fact states a whole and its parts
    ("The whole system occupies 16 racks, with twelve holding the processors and four housing
    the networking gear"; "$1bn smuggled, of which $400m via Malaysia") or two periods ("$5bn,
    up from $3bn"); it is one report, not a disagreement. The pairwise judge never sets such a
    part against another claim's whole (warehouse.contradictions._accounted_for), so a fact whose
    only incompatible figures are of one sentence is no dispute. The first stated is kept: a
    whole is named before its parts, a new value before the old.
    """
    by_claim: dict[str, list[FigureObs]] = {}
    for f in figures:
        by_claim.setdefault(f.claim_id, []).append(f)
    out = []
    for claim_id, members in by_claim.items():
        members.sort(key=lambda f: f.idx)
        first = members[0]
        if len(members) > 1 and any(not compatible(f, first) for f in members):
            # Of two incompatible values of one sentence, the one other claims also state: a
            # figure given this fact's subject by mistake ("消費電力は559kWで、Yの145kWのほぼ4倍":
            # the 559 kW is the other system's) is stated by no other outlet, and taking it as the
            # sentence's report split an agreeing fact in two (blind corpus, positions round B).
            # The first stated still wins a tie.
            others = [g for c, fs in by_claim.items() if c != claim_id for g in fs]
            first = max(members, key=lambda f: (_support(f, others), -f.idx))
        out.extend(f for f in members if f is first or compatible(f, first))
    return out


def positions(figures: Iterable[FigureObs], cluster_id: str = "") -> list[Position]:
    """The positions of one fact's current figures, low to high.

    Args:
        figures: the figures of the fact's claims; those not `current` take no part, and those
            with unusable numbers (NaN, lower above upper) are left out and logged.
        cluster_id: the fact cluster's id, part of each position's id.
    Returns:
        Positions (possibly one, or none for no usable figure).
    """
    figures = list(figures)
    good = [f for f in figures if usable(f)]
    if len(good) < len(figures):
        log.warning(
            "fact %s: %d figure(s) with unusable numbers left out", cluster_id, len(figures) - len(good)
        )
    out = []
    for members in group(good):
        lo, hi, value = _representative(members)
        members = sorted(members, key=_when)
        first = members[0]
        root = roots(members)
        out.append(
            Position(
                position_id=stable_id("position", cluster_id, first.claim_id),
                lower=lo,
                upper=hi,
                value=value,
                figures=tuple(members),
                claims=tuple(sorted({f.claim_id for f in members})),
                sources=tuple(sorted({f.source for f in members})),
                first=first,
                origins=tuple(sorted(set(root.values()))),
                support=len(set(root.values())),
            )
        )
    return sorted(out, key=lambda p: (p.value, p.lower, p.upper, p.position_id))


# ---------------------------------------------------------------- disputes and their score


def spread(ps: list[Position] | tuple[Position, ...]) -> float:
    """Relative gap between the lowest and highest positions' representative intervals (0-1)."""
    if len(ps) < 2:
        return 0.0
    lowest: Interval = (ps[0].lower, ps[0].upper)
    highest: Interval = (ps[-1].lower, ps[-1].upper)
    return min(interval_gap(lowest, highest), 1.0)


def contest(ps: list[Position] | tuple[Position, ...]) -> float:
    """s / (s + 1) for the support s of the second best supported position (0 for one)."""
    if len(ps) < 2:
        return 0.0
    second = sorted((p.support for p in ps), reverse=True)[1]
    return second / (second + 1)


def recency(last_reported_at: datetime | None, now: datetime) -> float:
    """0.5 ** (days since the last report / RECENCY_HALF_LIFE_DAYS); 1 for a report not yet
    in the past, 0 for an undated fact."""
    if last_reported_at is None:
        return 0.0
    days = max((now - last_reported_at).total_seconds() / 86400, 0.0)
    return 0.5 ** (days / RECENCY_HALF_LIFE_DAYS)


def score(spread_: float, contest_: float, last_reported_at: datetime | None, now: datetime) -> float:
    """The dispute score (module docstring): 0.5 spread + 0.3 contest + 0.2 recency."""
    total = (
        SPREAD_WEIGHT * spread_ + CONTEST_WEIGHT * contest_ + RECENCY_WEIGHT * recency(last_reported_at, now)
    )
    return round(total, 4)


def dispute(fact: Fact, now: datetime) -> Dispute | None:
    """The fact's dispute, or None when its figures hold fewer than two positions.

    Args:
        fact: the cluster's figures (current ones count) and appearances.
        now: the time recency is measured from (aware or naive, as reported_at is).
    """
    ps = positions(fact.figures, fact.cluster_id)
    if len(ps) < 2:
        return None
    figures = [f for p in ps for f in p.figures]
    dated = [f.reported_at for f in figures if f.reported_at is not None]
    last = max(dated) if dated else None
    s, c = spread(ps), contest(ps)
    edges = citation_edges(figures, fact.appearances)
    return Dispute(
        dispute_id=stable_id("dispute", fact.cluster_id),
        cluster_id=fact.cluster_id,
        fact_key=fact.fact_key,
        positions=tuple(ps),
        spread=round(s, 4),
        contest=round(c, 4),
        last_reported_at=last,
        score=score(s, c, last, now),
        support=len(set(roots(figures).values())),
        edges=tuple(edges),
        chains=tuple(chains(edges)),
    )


def rank(disputes: Iterable[Dispute]) -> list[Dispute]:
    """The queue: highest score first, then the most recent, then by id (stable)."""
    return sorted(
        disputes,
        key=lambda d: (
            -d.score,
            -(d.last_reported_at.timestamp() if d.last_reported_at else -math.inf),
            d.dispute_id,
        ),
    )
