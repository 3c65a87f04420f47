"""What the stages after the load would find to do, read in one pass over one connection.

Issue #16: a run with nothing new paid every stage (embed 1.9 s with 0 texts, topics 2.2 s with
0 articles, link 2.0 s, contradictions 1.8 s, fact-checks 2.0 s at 750 articles), because each
stage opened the store, loaded its model or index and only then found nothing to do. The flow
asks here first and skips a stage whose answer is 0 (flows/daily.py). "Pending" is the stage
rule of warehouse/stages.py plus each stage's housekeeping (clusters to drop after a revision or
a late-found copy; flags to close or reopen; topic limits that changed), so a skipped stage is
exactly one that would have changed nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

import duckdb

from core.provenance import Outlet
from warehouse.stages import stage

# The stages flows/daily.py may skip, in run order.
SKIPPABLE = ("claims", "cues", "embed", "topics", "link", "disputes", "contradictions", "factchecks")


def _exists(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> int:
    """1 when the query returns a row, else 0 (LIMIT 1: no count over the store)."""
    return int(con.execute(f"SELECT EXISTS ({sql})", params or []).fetchone()[0])


def _pending(con: duckdb.DuckDBPyConnection, name: str) -> int:
    s = stage(name)
    return _exists(con, f"SELECT 1 {s.source()} WHERE {s.pending()}")


def _limits_changed(con: duckdb.DuckDBPyConnection, limits: dict[str, list[str]] | None) -> int:
    """The sources file limits a source's topics differently from what the store remembers."""
    from warehouse.topicstore import source_limits

    if limits is None:
        return 0
    stored = source_limits(con)
    return int(any(sorted(stored.get(s, [])) != sorted(t) for s, t in limits.items()))


def pending_work(
    con: duckdb.DuckDBPyConnection,
    model: str,
    limits: dict[str, list[str]] | None = None,
    outlets: Mapping[str, Outlet] | None = None,
) -> dict[str, int]:
    """Per stage of SKIPPABLE: 1 when it has something to do, 0 when running it changes nothing
    (and `factchecks_stored`: how many fact-checks are imported).

    Args:
        model: the embedding model whose vectors the embed stage keeps.
        limits: the run's per-source topic limits (None: the run does not set them).
        outlets: the sources file's outlets attributions resolve against (None: not checked);
            a change makes every clustered claim's dispute rows pending.
    """
    from warehouse.clusters import STALE_SQL
    from warehouse.contradictions import FLAGS_TO_REVISIT_SQL
    from warehouse.disputes import stored_outlets
    from warehouse.factchecks import TABLE as FACTCHECKS

    missing_vector = """SELECT 1 FROM claims c LEFT JOIN embeddings e
                        ON e.text_sha1 = c.text_sha1 AND e.model = ? WHERE e.text_sha1 IS NULL"""
    return {
        "claims": _pending(con, "claims"),
        "embed": _pending(con, "embed") or _exists(con, missing_vector, [model]),
        "topics": _pending(con, "topics") or _pending(con, "claim-topics") or _limits_changed(con, limits),
        "link": _pending(con, "link") or _exists(con, STALE_SQL),
        "cues": _pending(con, "cues"),
        "disputes": _pending(con, "disputes")
        or int(outlets is not None and dict(outlets) != stored_outlets(con)),
        "contradictions": _pending(con, "contradictions") or _exists(con, FLAGS_TO_REVISIT_SQL),
        "factchecks": _exists(con, f"SELECT 1 FROM {FACTCHECKS}") and _pending(con, "factchecks"),
        # Not a stage: the report of a skipped fact-check stage still says how many are imported.
        "factchecks_stored": con.execute(f"SELECT count(*) FROM {FACTCHECKS}").fetchone()[0],
    }
