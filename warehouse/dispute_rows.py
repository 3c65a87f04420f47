"""The rows of one fact cluster's positions, dispute and provenance (migration 0014), built from
its claims by the rules of core/positions.py and core/provenance.py. No storage here:
warehouse/disputes.py reads the inputs and writes these rows.

A fact cluster holds the claims of one fact key (core/clusters.py) and keyless
paraphrases; only the figures of that key take part in its positions (a claim's year or its
second fact do not), and every member claim gets its origin.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from core.facts import fact_key, oriented
from core.ids import stable_id
from core.intervals import usable
from core.positions import Fact, FigureObs, Position, dispute, one_report_per_claim, positions
from core.provenance import Appearance, Edge, Origin, Resolver, citation_edges, roots

log = logging.getLogger(__name__)

# dispute() wants a `now` for the score it carries; the store keeps spread, contest and
# last_reported_at and scores at read time (docs/disputes.md), so any fixed instant will do.
_NO_SCORE_NOW = datetime(2000, 1, 1, tzinfo=UTC)

# Column order of each table, as written (warehouse/disputes.py inserts in this order).
COLUMNS: dict[str, tuple[str, ...]] = {
    "claim_origins": ("claim_id", "kind", "origin_id", "name"),
    "fact_summaries": (
        "cluster_id", "fact_key", "subject", "measure", "unit", "positions", "support",
        "single_source", "first_claim_id", "first_source", "first_reported_at", "last_reported_at",
    ),
    "fact_disputes": ("dispute_id", "cluster_id", "spread", "contest", "last_reported_at"),
    "fact_positions": (
        "position_id", "cluster_id", "ordinal", "lower", "upper", "value", "support", "single_source",
        "first_claim_id", "first_source", "first_reported_at", "origins",
    ),
    "position_claims": ("position_id", "claim_id", "idx"),
    "citation_edges": ("cluster_id", "citing", "cited", "claim_id", "kind"),
}  # fmt: skip


@dataclass(frozen=True)
class ClaimIn:
    """A current claim of the cluster, with what its origin and its reported time need."""

    claim_id: str
    source: str
    article_id: str
    reported_at: datetime | None  # coalesce(articles.published_at, articles.first_seen)
    attributed_to: str | None = None
    lang: str = "en"


@dataclass(frozen=True)
class FigureIn:
    """A figure as stored (figures table)."""

    claim_id: str
    idx: int
    value: float
    unit: str
    lower: float | None
    upper: float | None
    hedge: str = "exact"
    precision: float = 0.0
    surface: str = ""
    subject: str | None = None
    measure: str | None = None
    reference: str | None = None
    subject_from: str | None = None

    @property
    def key(self) -> str | None:
        return fact_key(self.subject, self.measure, self.unit, self.reference, self.subject_from)


@dataclass
class Rows:
    """Rows per table (tuples in COLUMNS order)."""

    tables: dict[str, list[tuple]] = field(default_factory=lambda: {t: [] for t in COLUMNS})

    def extend(self, other: Rows) -> None:
        for table, rows in other.tables.items():
            self.tables[table].extend(rows)


def cluster_key(figures: Iterable[FigureIn]) -> str | None:
    """The cluster's fact key: the key most of its claims state, ties to the smaller key (as
    core.clusters.primary_keys chose it for the keyed claims)."""
    holders = Counter(key for _, key in {(f.claim_id, f.key) for f in figures if f.key})
    if not holders:
        return None
    return min(holders, key=lambda k: (-holders[k], k))


def _bound(x: float) -> float | None:
    return None if math.isinf(x) else x


def _inverted(f: FigureIn) -> bool:
    """Whether the figure is stated against its fact key's orientation (a ratio B:A keyed A~B)."""
    return oriented(f.subject, f.reference, f.unit, 2.0, None) != (2.0, None)


def _position_ids(ps: list[Position] | tuple[Position, ...], cluster_id: str) -> list[str]:
    """The positions' ids, unique: two positions first reported by one claim (a sentence stating
    two incompatible values of one fact) would share core's id; the later one adds the figure's
    index to it."""
    seen: set[str] = set()
    out = []
    for p in ps:
        pid = p.position_id
        if pid in seen:
            pid = stable_id("position", cluster_id, p.first.claim_id, p.first.idx)
            log.warning("fact %s: two positions first reported by claim %s", cluster_id, p.first.claim_id)
        seen.add(pid)
        out.append(pid)
    return out


def cluster_rows(
    cluster_id: str,
    claims: Iterable[ClaimIn],
    figures: Iterable[FigureIn],
    resolver: Resolver,
    appearances: Iterable[Appearance] = (),
    *,
    key: str | None = None,
    reporters: Iterable[ClaimIn] = (),
) -> Rows:
    """Every row of one fact cluster: its claims' origins, and, when figures of its fact key
    exist, its summary, positions (low to high), dispute (two positions or more) and edges.

    Args:
        cluster_id: claims.cluster_id.
        claims: the cluster's current claims (each with its own outlet: clustered claims are
            never syndicated copies; copies come as `appearances`).
        figures: their figures, and the reporters' (any key; only the fact's key takes part).
        resolver: core.provenance.Resolver over the run's outlets.
        appearances: syndicated copies carrying the claims.
        key: the fact key; None: `cluster_key` of the claims' figures.
        reporters: claims of other clusters that state the key too (a sentence of two facts is
            clustered with one); their figures take part, their origins are their cluster's rows.
    """
    rows = Rows()
    claims = {c.claim_id: c for c in claims}
    origins: dict[str, Origin] = {}
    for cid, c in sorted(claims.items()):
        origins[cid] = resolver.resolve(c.attributed_to, c.source, c.lang or "en")
        o = origins[cid]
        rows.tables["claim_origins"].append((cid, o.kind, o.id, o.name))
    figures = list(figures)
    key = key or cluster_key(f for f in figures if f.claim_id in claims)
    if key is None:
        return rows
    for c in reporters:
        if c.claim_id not in claims:
            origins[c.claim_id] = resolver.resolve(c.attributed_to, c.source, c.lang or "en")
            claims[c.claim_id] = c
    obs = []
    for f in sorted(figures, key=lambda f: (f.claim_id, f.idx)):
        if f.key != key or f.claim_id not in claims:
            continue
        c = claims[f.claim_id]
        obs.append(
            FigureObs(
                f.claim_id, c.source, c.reported_at, f.value, f.lower, f.upper, f.hedge, f.precision,
                origin=origins[f.claim_id], article_id=c.article_id, inverted=_inverted(f), idx=f.idx,
                surface=f.surface,
            )
        )  # fmt: skip
    apps = tuple(a for a in appearances if a.claim_id in claims)
    unusable = [f for f in obs if not usable(f)]
    if unusable:
        log.warning("fact %s: %d figure(s) with unusable numbers left out", cluster_id, len(unusable))
    obs = one_report_per_claim(f for f in obs if usable(f))
    if not obs:
        return rows
    d = dispute(Fact(cluster_id, key, tuple(obs), apps), _NO_SCORE_NOW)
    ps = d.positions if d is not None else tuple(positions(obs, cluster_id))
    edges: list[Edge] = list(d.edges) if d is not None else citation_edges(obs, apps)
    root = roots(obs)
    dated = sorted(
        obs, key=lambda f: (f.reported_at is None, f.reported_at or datetime.min, f.claim_id, f.idx)
    )
    first = dated[0]
    last = max((f.reported_at for f in obs if f.reported_at is not None), default=None)
    subject, measure, unit = key.split("|", 2)
    support = len(set(root.values()))
    rows.tables["fact_summaries"].append(
        (cluster_id, key, subject, measure, unit, len(ps), support, support == 1, first.claim_id,
         first.source, first.reported_at, last)
    )  # fmt: skip
    if d is not None:
        rows.tables["fact_disputes"].append(
            (d.dispute_id, cluster_id, d.spread, d.contest, d.last_reported_at)
        )
    for ordinal, (pid, p) in enumerate(zip(_position_ids(ps, cluster_id), ps, strict=True)):
        rows.tables["fact_positions"].append(
            (pid, cluster_id, ordinal, _bound(p.lower), _bound(p.upper), p.value, p.support, p.single_source,
             p.first.claim_id, p.first.source, p.first.reported_at, list(p.origins))
        )  # fmt: skip
        rows.tables["position_claims"].extend(sorted({(pid, f.claim_id, f.idx) for f in p.figures}))
    rows.tables["citation_edges"].extend(
        sorted({(cluster_id, e.citing, e.cited, e.claim_id, e.kind) for e in edges})
    )
    return rows


def cluster_inputs(
    claim_rows: Iterable[tuple], figure_rows: Iterable[tuple]
) -> tuple[dict[str, list[ClaimIn]], Mapping[str, list[FigureIn]]]:
    """Group rows read by warehouse/disputes.py: (cluster_id, *ClaimIn fields) and FigureIn rows."""
    by_cluster: dict[str, list[ClaimIn]] = {}
    for cluster_id, *fields in claim_rows:
        by_cluster.setdefault(cluster_id, []).append(ClaimIn(*fields))
    by_claim: dict[str, list[FigureIn]] = {}
    for fields in figure_rows:
        by_claim.setdefault(fields[0], []).append(FigureIn(*fields))
    return by_cluster, by_claim
