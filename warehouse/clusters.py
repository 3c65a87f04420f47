"""Fact clusters and stories in the store: `claims.cluster_id` and `claims.story_id`.

The rule lives in core/clusters.py; this module reads what it needs (eligible
claims, their fact keys, the links between them), applies it and writes the ids back. Links of
method "cluster" (warehouse/linking.py `cluster_links`) follow from the clusters and are never
read back as evidence for them.
A run re-clusters only the stories its new claims and links touch; the whole store is
re-clustered when a clustered claim left (superseded or syndicated: removing a claim can
split a cluster) or was clustered before story_id existed (migration 0012).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from core.clusters import fact_clusters, name_groups, stories
from core.cues import Cues
from core.facts import fact_key
from warehouse.bulk import rows_with_ids, run_with_table
from warehouse.stages import eligible_row

# Claims that take part: current, linked (compared with the store already), in a non-duplicate
# article (invariant 4). Off-beat claims are never linked, so they never take part.
# created_at is read as epoch microseconds: `name_groups` only orders by it, and a TIMESTAMPTZ
# comes back through pytz (49k region rows: 0.3-0.5 s of a 30k-article store's link stage).
_ELIGIBLE = """
    SELECT c.claim_id, coalesce(c.lang, 'en') AS lang, epoch_us(c.created_at) AS created_at, c.cluster_id,
           c.story_id
    FROM claims c JOIN eligible_claims e ON e.claim_id = c.claim_id
    WHERE c.linked"""

# Clustered claims that must leave, or were clustered by the rule before migration 0012.
# Claims clustered that must not be (not eligible: superseded, a late-found copy) or not fully:
# the whole store is re-clustered (also read by warehouse/pending.py: the link stage has work).
# "Not eligible" is read from the claim's own row (warehouse.stages.eligible_row), not joined
# with the eligible_claims view: the join hashed every claim (0.12-0.17 s of a link stage at 100k
# stored articles, 500k claims; bench/store_curve.py).
STALE_SQL = f"""
    SELECT 1 FROM claims c
    WHERE (c.cluster_id IS NOT NULL OR c.story_id IS NOT NULL)
      AND (c.story_id IS NULL OR NOT {eligible_row("c")})"""

# The link stage joins eligible_claims four times (its pending claims' partners and sides, the
# key holders, the region's rows; the stale check reads STALE_SQL): each a join of every claim
# with its article, 0.08-0.20 s at 100k stored articles (load 4-7). It reads the view once into
# this temp table (0.09-0.37 s, then 0.02 s a join). The stage never changes what the view reads
# (claims.current, articles.duplicate_of), so the copy holds for the stage; it lives in the
# connection only.
LINK_ELIGIBLE = "link_eligible"


@contextmanager
def eligible_once(con: duckdb.DuckDBPyConnection) -> Iterator[str]:
    """The eligible_claims view's claim ids as a temp table for the block; yields its name."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {LINK_ELIGIBLE} AS SELECT claim_id FROM eligible_claims")
    try:
        yield LINK_ELIGIBLE
    finally:
        con.execute(f"DROP TABLE IF EXISTS {LINK_ELIGIBLE}")


def _keys(con: duckdb.DuckDBPyConnection, claim_ids: list[str]) -> dict[str, set[str]]:
    """Fact keys of the given claims' figures (core.facts.fact_key: dates and subjects found only
    by fallback have none). A fallback subject is a guess, and a cluster is one fact: clustered
    on it, a claim joined its guessed company's value or revenue cluster. Keyless, it still joins
    a cluster by average linkage. Cluster precision 0.929 -> 0.935 (blind), 0.846 -> 0.880
    (blind2), 0.769 -> 0.861 (blind3), for link recall same / cross language 0.85 / 0.90 -> 0.80 /
    0.89, 0.70 / 0.77 -> 0.68 / 0.73 and 0.73 / 0.62 -> 0.71 / 0.60 (blind3 dev class 7)."""
    return _figure_facts(con, claim_ids, cued=False).keys


@dataclass
class _FigureFacts:
    """What the cluster rule reads of some claims' figures (core.clusters.fact_clusters)."""

    keys: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # as `_keys` says
    # "measure|unit" of every figure, dates too
    measures: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # claim -> fact key -> the periods its figure of that key names (its own reach's where a later
    # clause names others, else its sentence's: the cues the judge reads); two figures of one key
    # in periods that never meet are two facts (core.clusters.period_groups)
    periods: dict[str, dict[str, dict]] = field(default_factory=lambda: defaultdict(dict))


def _figure_facts(con: duckdb.DuckDBPyConnection, claim_ids: list[str], cued: bool = True) -> _FigureFacts:
    """The given claims' fact keys, measures and (`cued`) periods, in one read of their figures."""
    out = _FigureFacts()
    cues: dict[str, Cues] = {}
    for cid, idx, subject, measure, unit, reference, subject_from, text in rows_with_ids(
        con,
        "fact_claims",
        claim_ids,
        f"""SELECT f.claim_id, f.idx, f.subject, f.measure, f.unit, f.reference, f.subject_from,
                  {"c.cues" if cued else "NULL"}
           FROM figures f {"JOIN claims c ON c.claim_id = f.claim_id" if cued else ""}
           WHERE f.claim_id IN (SELECT claim_id FROM fact_claims) ORDER BY f.claim_id, f.idx""",
    ):
        out.measures[cid].add(f"{measure}|{unit}")
        key = fact_key(subject, measure, unit, reference, subject_from)
        if key is None:
            continue
        out.keys[cid].add(key)
        if text is None or key in out.periods[cid]:
            continue
        if cid not in cues:
            cues[cid] = Cues.from_json(text)
        own = cues[cid].figure_periods
        named = own[idx] if idx < len(own) and own[idx] is not None else cues[cid].periods
        if named:
            out.periods[cid][key] = named
    return out


def _key_holders(con: duckdb.DuckDBPyConnection, keys: set[str], eligible: str) -> set[str]:
    """Eligible claims stating one of `keys` (read by subject, then keyed in Python); `eligible`:
    the eligible_claims view or its copy (`eligible_once`)."""
    # "a~b|compute|x" is the key of a ratio between a and b, stated with either as subject.
    subjects = sorted({s for k in keys for s in k.split("|", 1)[0].split("~")})
    if not subjects:
        return set()
    # From the subjects' figures outwards (materialized, then joined with the eligible claims),
    # not `IN (_ELIGIBLE)`, which built every eligible claim first: 0.31 against 0.62 s for
    # 28k holders at 30k stored articles (load 5).
    rows = rows_with_ids(
        con,
        "holder_subjects",
        subjects,
        f"""WITH held AS MATERIALIZED (
               SELECT claim_id, subject, measure, unit, reference FROM figures
               WHERE subject IN (SELECT subject FROM holder_subjects))
           SELECT h.claim_id, h.subject, h.measure, h.unit, h.reference FROM held h
           JOIN claims c ON c.claim_id = h.claim_id JOIN {eligible} e ON e.claim_id = c.claim_id
           WHERE c.linked""",
        column="subject",
    )
    return {cid for cid, *fig in rows if fact_key(*fig) in keys}


def _region(con: duckdb.DuckDBPyConnection, seeds: set[str], eligible: str) -> list[str]:
    """The seeds, the claims sharing a fact key with them, and every claim of their stories."""
    keys = {k for ks in _keys(con, sorted(seeds)).values() for k in ks}
    claims = seeds | _key_holders(con, keys, eligible)
    rows = rows_with_ids(
        con,
        "region_seeds",
        sorted(claims),
        """WITH seeds AS (SELECT * FROM claims WHERE claim_id IN (SELECT claim_id FROM region_seeds))
           SELECT claim_id FROM claims WHERE claim_id IN (SELECT claim_id FROM seeds)
              OR story_id IN (SELECT story_id FROM seeds) OR cluster_id IN (SELECT cluster_id FROM seeds)""",
    )
    return sorted(r[0] for r in rows)


def _recluster(
    con: duckdb.DuckDBPyConnection, region: list[str] | None, eligible: str = "eligible_claims"
) -> dict[str, str | None]:
    """Apply the rule to `region` (None: the whole store) and write what changed; returns the
    cluster id (None: none) of every eligible linked claim it placed."""
    if region is None:
        rows = con.execute(_ELIGIBLE).fetchall()
        links = con.execute(
            f"""SELECT claim_a, claim_b, similarity FROM links
                WHERE method <> 'cluster' AND claim_a IN (SELECT claim_id FROM ({_ELIGIBLE}))
                  AND claim_b IN (SELECT claim_id FROM ({_ELIGIBLE}))"""
        ).fetchall()
        outside: set[str] = set()
    else:
        # From the region outwards (a join, not `_ELIGIBLE ... IN region`, which built every
        # eligible claim first: 0.116 against 0.070 s for 3,000 of 150k claims).
        rows = rows_with_ids(
            con,
            "region",
            region,
            f"""SELECT c.claim_id, coalesce(c.lang, 'en') AS lang, epoch_us(c.created_at) AS created_at,
                      c.cluster_id, c.story_id
               FROM region r JOIN claims c ON c.claim_id = r.claim_id
               JOIN {eligible} e ON e.claim_id = c.claim_id
               WHERE c.linked""",
        )
        links = rows_with_ids(
            con,
            "region",
            region,
            """SELECT claim_a, claim_b, similarity FROM links WHERE method <> 'cluster'
               AND claim_a IN (SELECT claim_id FROM region) AND claim_b IN (SELECT claim_id FROM region)""",
        )
        # Names held outside the region, so that a new group never takes one.
        outside = {
            r[0]
            for r in rows_with_ids(
                con,
                "region",
                region,
                """SELECT DISTINCT n FROM (SELECT cluster_id AS n, claim_id FROM claims UNION ALL
                                             SELECT story_id, claim_id FROM claims)
                   WHERE n IN (SELECT claim_id FROM region)
                     AND claim_id NOT IN (SELECT claim_id FROM region)""",
            )
        }
    langs = {r[0]: r[1] for r in rows}
    born = {r[0]: r[2] for r in rows}
    facts = _figure_facts(con, sorted(langs))
    clusters = fact_clusters(langs, facts.keys, links, measures=facts.measures, periods=facts.periods)
    cluster_of = name_groups(clusters, {r[0]: r[3] for r in rows if r[3]}, born, outside)
    story_of = name_groups(stories(langs, clusters, links), {r[0]: r[4] for r in rows if r[4]}, born, outside)
    changed = [r[0] for r in rows if (cluster_of.get(r[0]), story_of.get(r[0])) != (r[3], r[4])]
    if changed:
        run_with_table(
            con,
            "cluster_changes",
            {
                "claim_id": changed,
                "cluster_id": pa.array([cluster_of.get(c) for c in changed], pa.string()),
                "story_id": pa.array([story_of.get(c) for c in changed], pa.string()),
            },
            "UPDATE claims SET cluster_id = t.cluster_id, story_id = t.story_id FROM cluster_changes t "
            "WHERE claims.claim_id = t.claim_id",
        )
    return {r[0]: cluster_of.get(r[0]) for r in rows}


def cluster_count(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute(
        "SELECT count(DISTINCT cluster_id) FROM claims WHERE cluster_id IS NOT NULL"
    ).fetchone()[0]


def refresh_clusters(con: duckdb.DuckDBPyConnection, placed: dict | None = None) -> int:
    """Re-cluster every eligible claim and drop the ids of the others; returns the number of
    fact clusters. Names are kept as `core.clusters.name_groups` says, so reruns and growth
    never renumber what analysts have seen. `placed`: as `update_clusters` says."""
    (placed if placed is not None else {}).update(_recluster(con, None))
    con.execute(
        f"""UPDATE claims SET cluster_id = NULL, story_id = NULL
            WHERE (cluster_id IS NOT NULL OR story_id IS NOT NULL)
              AND claim_id NOT IN (SELECT claim_id FROM ({_ELIGIBLE}))"""
    )
    return cluster_count(con)


def update_clusters(
    con: duckdb.DuckDBPyConnection,
    new_links: list[tuple[str, str]],
    new_claims: list[str] = (),
    placed: dict | None = None,
    eligible: str = "eligible_claims",
) -> int:
    """Clusters after a run linked `new_claims` and added `new_links`, re-clustering only the
    stories they touch (the whole store when STALE_SQL finds claims to remove). Returns the
    number of fact clusters.

    Args:
        placed: filled with claim -> cluster id (None: none) of every eligible linked claim
            re-clustered: with the new claims, every member of their clusters, since a region
            holds every claim of the clusters and stories it touches (`_region`) and a group
            never takes a name held outside it (warehouse/linking.py `cluster_links` reads
            the members from it instead of scanning claims.cluster_id).
        eligible: the eligible_claims view, or its copy for the link stage (`eligible_once`).
    """
    if con.execute(f"SELECT count(*) FROM ({STALE_SQL})").fetchone()[0]:
        return refresh_clusters(con, placed)
    seeds = {c for pair in new_links for c in pair} | set(new_claims)
    if seeds:
        region = _region(con, seeds, eligible)
        (placed if placed is not None else {}).update(_recluster(con, region, eligible))
    return cluster_count(con)
