"""Verdicts between the review UI's own store and the job's store (issue #14).

The UI records verdicts in its SQLite store (warehouse/reviewstore.py) and never opens the
job's file. The job copies the ones it lacks into `review_verdicts` at the start of each run
(`sync_verdicts`, the flow's one-line hook) and sets each contradiction's status to its latest
verdict; until then the UI lays them over the snapshot it reads (`overlay_verdicts`).
"""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, datetime

import duckdb
import pyarrow as pa

from core.errors import DatabaseError
from core.ids import stable_id

log = logging.getLogger(__name__)

VERDICTS = ("confirmed", "dismissed", "needs_work")


_VERDICT_TYPES = {
    "verdict_id": pa.string(),
    "contradiction_id": pa.string(),
    "reviewer": pa.string(),
    "verdict": pa.string(),
    "note": pa.string(),
    "previous_status": pa.string(),
    "decided_at": pa.timestamp("us", tz="UTC"),
}


def new_verdict(contradiction_id: str, reviewer: str, verdict: str, note: str, previous_status: str) -> dict:
    """The audit row of a verdict; ValueError for an unknown verdict."""
    if verdict not in VERDICTS:
        raise ValueError(f"unknown verdict {verdict!r}; choose one of {', '.join(VERDICTS)}")
    now = datetime.now(UTC)
    return {
        # A random part: the same reviewer may give the same verdict twice in one microsecond.
        "verdict_id": stable_id(contradiction_id, reviewer, now.isoformat(), secrets.token_hex(8)),
        "contradiction_id": contradiction_id,
        "reviewer": reviewer,
        "verdict": verdict,
        "note": note.strip(),
        "previous_status": previous_status,
        "decided_at": now,
    }


def _verdict_table(verdicts: list[dict]) -> pa.Table:
    return pa.table(
        {name: pa.array([v[name] for v in verdicts], kind) for name, kind in _VERDICT_TYPES.items()}
    )


def _catalog(con: duckdb.DuckDBPyConnection) -> str:
    return '"' + con.execute("SELECT current_database()").fetchone()[0].replace('"', '""') + '"'


def overlay_verdicts(con: duckdb.DuckDBPyConnection, verdicts: list[dict]) -> int:
    """Lay verdicts the store (a snapshot) does not hold yet over it, for this connection only.

    Temporary views named `contradictions` and `review_verdicts` shadow the tables (DuckDB
    resolves temp objects first): a contradiction's status is its latest pending verdict, and
    the audit trail holds the pending rows too. Works on a read-only (sealed) connection.
    Returns how many verdicts were pending.
    """
    if not verdicts:
        return 0
    cat = _catalog(con)
    con.register("ui_verdicts", _verdict_table(verdicts))
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE pending_verdicts AS
            SELECT u.* FROM ui_verdicts u
            WHERE u.verdict_id NOT IN (SELECT verdict_id FROM {cat}.main.review_verdicts)"""
    )
    con.unregister("ui_verdicts")
    con.execute(
        f"""CREATE OR REPLACE TEMP VIEW review_verdicts AS
            SELECT * FROM {cat}.main.review_verdicts
            UNION ALL BY NAME SELECT * FROM temp.main.pending_verdicts"""
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP VIEW contradictions AS
            SELECT x.* REPLACE (coalesce(p.verdict, x.status) AS status)
            FROM {cat}.main.contradictions x
            LEFT JOIN (SELECT contradiction_id, arg_max(verdict, (decided_at, verdict_id)) AS verdict
                       FROM temp.main.pending_verdicts GROUP BY 1) p USING (contradiction_id)"""
    )
    return con.execute("SELECT count(*) FROM temp.main.pending_verdicts").fetchone()[0]


def apply_verdicts(con: duckdb.DuckDBPyConnection, verdicts: list[dict]) -> dict:
    """Copy the review UI's verdicts this store lacks into `review_verdicts` and set each touched
    contradiction's status to its latest verdict, in one transaction (idempotent).

    Returns {"applied": new rows, "unknown": verdicts on a contradiction this store does not have}.
    """
    if not verdicts:
        return {"applied": 0, "unknown": 0}
    con.register("incoming_verdicts", _verdict_table(verdicts))
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            """CREATE OR REPLACE TEMP TABLE new_verdicts AS
               SELECT i.* FROM incoming_verdicts i
               WHERE i.verdict_id NOT IN (SELECT verdict_id FROM review_verdicts)
                 AND i.contradiction_id IN (SELECT contradiction_id FROM contradictions)"""
        )
        unknown = con.execute(
            """SELECT count(*) FROM incoming_verdicts
               WHERE contradiction_id NOT IN (SELECT contradiction_id FROM contradictions)"""
        ).fetchone()[0]
        applied = con.execute("SELECT count(*) FROM new_verdicts").fetchone()[0]
        con.execute(f"INSERT INTO review_verdicts ({', '.join(_VERDICT_TYPES)}) SELECT * FROM new_verdicts")
        con.execute(
            """UPDATE contradictions SET status = l.verdict
               FROM (SELECT contradiction_id, arg_max(verdict, (decided_at, verdict_id)) AS verdict
                     FROM review_verdicts
                     WHERE contradiction_id IN (SELECT contradiction_id FROM new_verdicts) GROUP BY 1) l
               WHERE contradictions.contradiction_id = l.contradiction_id"""
        )
        con.execute("DROP TABLE new_verdicts")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("incoming_verdicts")
    return {"applied": applied, "unknown": unknown}


def sync_verdicts(con: duckdb.DuckDBPyConnection, db: str) -> dict:
    """The job's hook at the start of a run: apply the review UI's verdicts and dispute rulings (its
    own store, read read-only) to the store `db` open read-write in `con`.

    Returns the verdicts' counts; the rulings' are logged (warehouse.rulings.sync_rulings)."""
    from warehouse.reviewstore import read_verdicts
    from warehouse.rulings import sync_rulings

    sync_rulings(con, db)  # issue #17: one hook for everything the reviewers decided

    try:
        verdicts = read_verdicts(db)
    except DatabaseError as exc:  # a damaged UI store must not stop the run (DESIGN invariant 5)
        log.warning("review verdicts not applied: %s", exc)
        return {"applied": 0, "unknown": 0, "error": str(exc)}
    result = apply_verdicts(con, verdicts)
    if result["applied"] or result["unknown"]:
        log.info(
            "review verdicts: %d applied, %d on unknown contradictions", result["applied"], result["unknown"]
        )
    return result
