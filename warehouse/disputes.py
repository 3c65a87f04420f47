"""The dispute stage: positions, disputes and provenance of the fact clusters touched since it
last ran (issue 17; rules in core/positions.py and core/provenance.py, rows in
warehouse/dispute_rows.py, tables in migration 0014).

Its work is kept as state (warehouse/stages.py, "disputes"): `dispute_inputs` holds every
clustered claim as the stage last built its fact from it. A claim whose cluster or digest
changed, that joined or left a cluster, is pending; the clusters it was and is in are touched,
and so is every fact stating one of its fact keys (a sentence of two facts is clustered with
one of them and reports both: "about 300 petaflops, about 1.7 times the GB200" is in the
petaflops cluster and is a report of the compute ratio too). Each touched cluster's rows are
REPLACED in claim_origins, fact_summaries, fact_disputes, fact_positions, position_claims and
citation_edges, and its claims' state rewritten, in ONE transaction: a kill before COMMIT
leaves the old rows and the old state (all still pending), after it both new. Work and cost
are proportional to the touched clusters; a rerun with nothing touched writes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import asdict, dataclass

import duckdb
import pyarrow as pa

from core.provenance import Appearance, Outlet, Resolver
from warehouse.bulk import rows_with_ids, run_with_table
from warehouse.dispute_rows import COLUMNS, FigureIn, Rows, cluster_inputs, cluster_key, cluster_rows
from warehouse.stages import DISPUTE_INPUTS, stage
from warehouse.stagestate import batch

log = logging.getLogger(__name__)

_TYPES: dict[str, pa.DataType] = {
    "cluster_id": pa.string(), "claim_id": pa.string(), "kind": pa.string(), "origin_id": pa.string(),
    "name": pa.string(), "fact_key": pa.string(), "subject": pa.string(), "measure": pa.string(),
    "unit": pa.string(), "positions": pa.int32(), "support": pa.int32(), "single_source": pa.bool_(),
    "first_claim_id": pa.string(), "first_source": pa.string(),
    "first_reported_at": pa.timestamp("us", tz="UTC"), "last_reported_at": pa.timestamp("us", tz="UTC"),
    "dispute_id": pa.string(), "spread": pa.float64(), "contest": pa.float64(),
    "position_id": pa.string(), "ordinal": pa.int32(), "lower": pa.float64(), "upper": pa.float64(),
    "value": pa.float64(), "origins": pa.list_(pa.string()), "idx": pa.int32(), "citing": pa.string(),
    "cited": pa.string(),
}  # fmt: skip

# A clustered claim that takes part (as DISPUTE_INPUTS), with what its rows need.
_CLAIMS = """
    SELECT c.cluster_id, c.claim_id, a.source, c.article_id, coalesce(a.published_at, a.first_seen),
           c.attributed_to, coalesce(c.lang, 'en')
    FROM claims c JOIN articles a ON a.article_id = c.article_id
    WHERE c.cluster_id IS NOT NULL AND c.current AND a.duplicate_of IS NULL"""
_FIGURES = """
    SELECT f.claim_id, f.idx, f.value, f.unit, f.lower, f.upper, f.hedge, f.precision, f.surface,
           f.subject, f.measure, f.reference, f.subject_from
    FROM figures f"""


@dataclass
class DisputeResult:
    touched: int = 0  # clusters recomputed
    facts: int = 0  # fact clusters with figures of their key, in the store after the run
    disputes: int = 0  # of which disputed
    positions: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def _ids(values) -> list[str]:
    return sorted({v for v in values if v is not None})


def stored_outlets(con: duckdb.DuckDBPyConnection) -> dict[str, Outlet]:
    """The outlets the last dispute stage resolved attributions against."""
    return {
        name: Outlet(name, tuple(domains), tuple(aliases))
        for name, domains, aliases in con.execute(
            "SELECT name, domains, aliases FROM dispute_outlets"
        ).fetchall()
    }


def _sync_outlets(con: duckdb.DuckDBPyConnection, outlets: Mapping[str, Outlet] | None) -> dict[str, Outlet]:
    """Store the run's outlets when given and different (a change makes every claim pending:
    their digest holds the outlets); return the stored ones (reprocess has no sources file)."""
    stored = stored_outlets(con)
    if outlets is None or dict(outlets) == stored:
        return stored
    con.execute("DELETE FROM dispute_outlets")
    names = sorted(outlets)
    run_with_table(
        con,
        "new_outlets",
        {
            "name": pa.array(names, pa.string()),
            "domains": pa.array([list(outlets[n].domains) for n in names], pa.list_(pa.string())),
            "aliases": pa.array([list(outlets[n].aliases) for n in names], pa.list_(pa.string())),
        },
        "INSERT INTO dispute_outlets SELECT name, domains, aliases FROM new_outlets",
    )
    return dict(outlets)


def _keys_of(con: duckdb.DuckDBPyConnection, claim_ids: list[str]) -> set[str]:
    rows = rows_with_ids(
        con, "key_claims", claim_ids, f"{_FIGURES} WHERE f.claim_id IN (SELECT claim_id FROM key_claims)"
    )
    return {k for k in (FigureIn(*r).key for r in rows) if k}


def _touched(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[str]]:
    """(the clusters to recompute, the pending claims)."""
    s = stage("disputes")
    pending = con.execute(
        f"SELECT claim_id, cluster_id, last_cluster_id {s.source()} WHERE {s.pending()}"
    ).fetchall()
    claims = _ids(r[0] for r in pending)
    clusters = set(_ids(r[1] for r in pending)) | set(_ids(r[2] for r in pending))
    keys = _keys_of(con, claims)
    if keys:  # the facts these claims report besides their own cluster's
        clusters |= {
            r[0]
            for r in rows_with_ids(
                con,
                "pending_keys",
                sorted(keys),
                "SELECT cluster_id FROM fact_summaries WHERE fact_key IN (SELECT fact_key FROM pending_keys)",
                column="fact_key",
            )
        }
    return sorted(clusters), claims


def _outsiders(con: duckdb.DuckDBPyConnection, keys: set[str], members: set[str]) -> list[tuple]:
    """Figure rows of clustered claims outside `members` that state one of `keys` (read by
    subject, keyed in Python: "a~b|compute|x" is stated with either a or b as subject)."""
    subjects = sorted({s for k in keys for s in k.split("|", 1)[0].split("~")})
    if not subjects:
        return []
    rows = rows_with_ids(
        con,
        "outside_subjects",
        subjects,
        f"""{_FIGURES} WHERE f.subject IN (SELECT subject FROM outside_subjects)
            AND f.claim_id IN (SELECT claim_id FROM ({_CLAIMS}))""",
        column="subject",
    )
    return [r for r in rows if r[0] not in members and FigureIn(*r).key in keys]


def update_disputes(
    con: duckdb.DuckDBPyConnection, outlets: Mapping[str, Outlet] | None = None
) -> DisputeResult:
    """Recompute the facts of the clusters touched since the last run (module docstring).

    Args:
        con: the store (read-write; the caller holds the writer slot).
        outlets: the sources file's outlets (core.provenance.outlets_from_sources); None: the
            ones the last run stored (`reprocess`).
    Returns:
        How many clusters were recomputed, and the facts, disputes and positions stored.
    """
    result = DisputeResult()
    with batch(con, "disputes"):
        resolver = Resolver(_sync_outlets(con, outlets))
        touched, pending = _touched(con)
        result.touched = len(touched)
        if touched:
            _replace(con, touched, pending, resolver)
    result.facts, result.disputes, result.positions = con.execute(
        """SELECT (SELECT count(*) FROM fact_summaries), (SELECT count(*) FROM fact_disputes),
                  (SELECT count(*) FROM fact_positions)"""
    ).fetchone()
    return result


def _build(con: duckdb.DuckDBPyConnection, touched: list[str], resolver: Resolver) -> tuple[Rows, list[str]]:
    """The new rows of the touched clusters, and their member claims."""
    claim_rows = rows_with_ids(
        con,
        "touched_clusters",
        touched,
        f"SELECT * FROM ({_CLAIMS}) WHERE cluster_id IN (SELECT cluster_id FROM touched_clusters)",
        column="cluster_id",
    )
    members = {r[1] for r in claim_rows}
    figure_rows = rows_with_ids(
        con,
        "member_claims",
        sorted(members),
        f"{_FIGURES} WHERE f.claim_id IN (SELECT claim_id FROM member_claims)",
    )
    by_cluster, by_claim = cluster_inputs(claim_rows, figure_rows)
    keys = {
        cid: cluster_key(f for c in cs for f in by_claim.get(c.claim_id, ()))
        for cid, cs in by_cluster.items()
    }
    outside = _outsiders(con, {k for k in keys.values() if k}, members)
    if outside:
        more_claims, more_figures = cluster_inputs(
            rows_with_ids(
                con,
                "outside_claims",
                _ids(r[0] for r in outside),
                f"SELECT * FROM ({_CLAIMS}) WHERE claim_id IN (SELECT claim_id FROM outside_claims)",
            ),
            outside,
        )
        for cluster_id, cs in more_claims.items():
            by_cluster.setdefault(cluster_id, []).extend(cs)  # home clusters outside `touched`
        by_claim.update(more_figures)
    every = {c.claim_id: (cluster_id, c) for cluster_id, cs in by_cluster.items() for c in cs}
    stating: dict[str, set[str]] = {}  # fact key -> the claims with a figure of it
    for claim_id, figs in by_claim.items():
        for f in figs:
            if f.key:
                stating.setdefault(f.key, set()).add(claim_id)
    appearances = [
        Appearance(*r)
        for r in rows_with_ids(
            con,
            "every_claim",
            sorted(every),
            """SELECT claim_id, source, article_id FROM appearances
               WHERE claim_id IN (SELECT claim_id FROM every_claim) ORDER BY claim_id, article_id""",
        )
    ]
    rows = Rows()
    for cluster_id in touched:
        claims = by_cluster.get(cluster_id, [])
        key = keys.get(cluster_id)
        # Claims of other clusters that report this fact too.
        reporters = [every[c][1] for c in sorted(stating.get(key, ())) if every[c][0] != cluster_id]
        figures = [f for c in (*claims, *reporters) for f in by_claim.get(c.claim_id, ())]
        rows.extend(
            cluster_rows(cluster_id, claims, figures, resolver, appearances, key=key, reporters=reporters)
        )
    return rows, sorted(members)


def _replace(
    con: duckdb.DuckDBPyConnection, touched: list[str], pending: list[str], resolver: Resolver
) -> None:
    rows, members = _build(con, touched, resolver)
    con.register("touched_clusters", pa.table({"cluster_id": pa.array(touched, pa.string())}))
    con.register(
        "touched_claims", pa.table({"claim_id": pa.array(sorted(set(pending) | set(members)), pa.string())})
    )
    try:
        in_touched = "cluster_id IN (SELECT cluster_id FROM touched_clusters)"
        con.execute(
            f"""DELETE FROM claim_origins WHERE claim_id IN (SELECT claim_id FROM touched_claims)
                   OR claim_id IN (SELECT claim_id FROM dispute_inputs WHERE {in_touched})"""
        )
        con.execute(
            "DELETE FROM position_claims WHERE position_id IN "
            f"(SELECT position_id FROM fact_positions WHERE {in_touched})"
        )
        for table in ("fact_positions", "fact_disputes", "fact_summaries", "citation_edges"):
            con.execute(f"DELETE FROM {table} WHERE {in_touched}")
        con.execute(
            f"""DELETE FROM dispute_inputs WHERE {in_touched}
                   OR claim_id IN (SELECT claim_id FROM touched_claims)"""
        )
        con.execute(
            f"""INSERT INTO dispute_inputs SELECT claim_id, cluster_id, digest FROM ({DISPUTE_INPUTS})
                WHERE {in_touched}"""
        )
    finally:
        con.unregister("touched_clusters")
        con.unregister("touched_claims")
    for table, columns in COLUMNS.items():
        data = rows.tables[table]
        if not data:
            continue
        arrays = {name: pa.array([r[i] for r in data], _TYPES[name]) for i, name in enumerate(columns)}
        run_with_table(
            con,
            f"new_{table}",
            arrays,
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT * FROM new_{table}",
        )
