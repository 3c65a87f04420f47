"""Rulings on disputes between the review UI's own store and the job's store (issue #17).

A dispute is a fact with two or more positions (core/positions.py; migration 0014). A reviewer
rules on it once: which position the evidence supports, or that none is ('none'), or that it
stays open ('open', also how a ruling is withdrawn). The ruling applies to every claim of the
dispute (warehouse/claimreview.py publishes one ClaimReview per claim).

As with verdicts (warehouse/verdicts.py): the UI appends rulings to its SQLite store
(warehouse/reviewstore.py), lays them over the snapshot it reads (`overlay_rulings`), and the
job copies the ones it lacks into `dispute_rulings` at the start of each run (`sync_rulings`,
called from `sync_verdicts`, the flow's one hook). A dispute's state is its latest ruling.
"""

from __future__ import annotations

import json
import logging
import secrets
from datetime import UTC, datetime
from urllib.parse import urlsplit

import duckdb
import pyarrow as pa

from core.errors import DatabaseError
from core.ids import stable_id

log = logging.getLogger(__name__)

OUTCOMES = ("supported", "none", "open")
# Evidence is a handful of links a reader can follow, not a bibliography: 20 URLs of at most
# 2,000 characters (the longest URL browsers and CDNs reliably pass on).
MAX_EVIDENCE_URLS = 20
MAX_URL_CHARS = 2000

_TYPES = {
    "ruling_id": pa.string(),
    "dispute_id": pa.string(),
    "position_id": pa.string(),
    "outcome": pa.string(),
    "reviewer": pa.string(),
    "note": pa.string(),
    "evidence_urls": pa.string(),
    "decided_at": pa.timestamp("us", tz="UTC"),
}


def parse_evidence(text: str) -> list[str]:
    """The evidence URLs of a form field (one per line or space-separated); ValueError naming a bad one.

    Only absolute http(s) URLs with a host: a `javascript:` or `data:` link shown on the dispute
    page or published in a ClaimReview would be a trap for its reader.
    """
    urls = [u for u in text.split() if u]
    if len(urls) > MAX_EVIDENCE_URLS:
        raise ValueError(f"at most {MAX_EVIDENCE_URLS} evidence URLs, not {len(urls)}")
    for url in urls:
        parts = urlsplit(url)
        if len(url) > MAX_URL_CHARS or parts.scheme not in ("http", "https") or not parts.hostname:
            shown = url if len(url) <= 80 else url[:77] + "..."
            raise ValueError(f"evidence must be http(s) URLs with a host, not {shown!r}")
    return list(dict.fromkeys(urls))  # a URL given twice is one piece of evidence


def new_ruling(
    dispute_id: str,
    reviewer: str,
    choice: str,
    positions: list[str],
    note: str = "",
    evidence: str = "",
) -> dict:
    """The audit row of a ruling.

    Args:
        choice: a position_id of the dispute (that position is supported), 'none' or 'open'.
        positions: the dispute's position ids, low to high.
        evidence: URLs, one per line.

    Raises:
        ValueError: an unknown choice (naming the valid ones) or a bad evidence URL.
    """
    if choice in ("none", "open"):
        outcome, position_id = choice, None
    elif choice in positions:
        outcome, position_id = "supported", choice
    else:
        valid = ", ".join([*positions, "none", "open"])
        raise ValueError(f"unknown position {choice!r} for dispute {dispute_id}; choose one of {valid}")
    urls = parse_evidence(evidence)
    now = datetime.now(UTC)
    return {
        # A random part: one reviewer may rule twice in one microsecond (a double submit).
        "ruling_id": stable_id("ruling", dispute_id, reviewer, now.isoformat(), secrets.token_hex(8)),
        "dispute_id": dispute_id,
        "position_id": position_id,
        "outcome": outcome,
        "reviewer": reviewer,
        "note": note.strip(),
        "evidence_urls": json.dumps(urls),
        "decided_at": now,
    }


def _table(rulings: list[dict]) -> pa.Table:
    return pa.table({name: pa.array([r[name] for r in rulings], kind) for name, kind in _TYPES.items()})


def _catalog(con: duckdb.DuckDBPyConnection) -> str:
    return '"' + con.execute("SELECT current_database()").fetchone()[0].replace('"', '""') + '"'


def overlay_rulings(con: duckdb.DuckDBPyConnection, rulings: list[dict]) -> int:
    """Lay the UI's rulings the store (a snapshot) does not hold yet over it, for this connection.

    A temporary view `dispute_rulings` shadows the table (DuckDB resolves temp objects first),
    so every reader (the pages, the ClaimReview export) sees a ruling the moment it is given.
    Works on a read-only (sealed) connection. Returns how many rulings were pending.
    """
    if not rulings:
        return 0
    if not con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'dispute_rulings'"
    ).fetchone()[0]:
        return 0  # a snapshot of before migration 0014: it has no disputes to rule on either
    cat = _catalog(con)
    con.register("ui_rulings", _table(rulings))
    try:
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE pending_rulings AS
                SELECT u.* FROM ui_rulings u
                WHERE u.ruling_id NOT IN (SELECT ruling_id FROM {cat}.main.dispute_rulings)"""
        )
    finally:
        con.unregister("ui_rulings")
    con.execute(
        f"""CREATE OR REPLACE TEMP VIEW dispute_rulings AS
            SELECT * FROM {cat}.main.dispute_rulings
            UNION ALL BY NAME SELECT * FROM temp.main.pending_rulings"""
    )
    return con.execute("SELECT count(*) FROM temp.main.pending_rulings").fetchone()[0]


def apply_rulings(con: duckdb.DuckDBPyConnection, rulings: list[dict]) -> dict:
    """Copy the rulings this store lacks into `dispute_rulings`, in one transaction (idempotent).

    A ruling on a dispute the store does not hold (its fact was regrouped since) is not copied
    and is counted as unknown; it stays in the UI's store. Returns {"applied", "unknown"}.
    """
    if not rulings:
        return {"applied": 0, "unknown": 0}
    con.register("incoming_rulings", _table(rulings))
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            """CREATE OR REPLACE TEMP TABLE new_rulings AS
               SELECT i.* FROM incoming_rulings i
               WHERE i.ruling_id NOT IN (SELECT ruling_id FROM dispute_rulings)
                 AND i.dispute_id IN (SELECT dispute_id FROM fact_disputes)"""
        )
        unknown = con.execute(
            """SELECT count(*) FROM incoming_rulings
               WHERE dispute_id NOT IN (SELECT dispute_id FROM fact_disputes)"""
        ).fetchone()[0]
        applied = con.execute("SELECT count(*) FROM new_rulings").fetchone()[0]
        con.execute(f"INSERT INTO dispute_rulings ({', '.join(_TYPES)}) SELECT * FROM new_rulings")
        con.execute("DROP TABLE new_rulings")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("incoming_rulings")
    return {"applied": applied, "unknown": unknown}


def sync_rulings(con: duckdb.DuckDBPyConnection, db: str) -> dict:
    """At the start of a run: apply the review UI's rulings (its own store, read read-only)."""
    from warehouse.reviewstore import read_rulings

    try:
        rulings = read_rulings(db)
    except DatabaseError as exc:  # a damaged UI store must not stop the run (DESIGN invariant 5)
        log.warning("dispute rulings not applied: %s", exc)
        return {"applied": 0, "unknown": 0, "error": str(exc)}
    result = apply_rulings(con, rulings)
    if result["applied"] or result["unknown"]:
        log.info("dispute rulings: %d applied, %d on unknown disputes", result["applied"], result["unknown"])
    return result


def latest_rulings_sql(table: str = "dispute_rulings") -> str:
    """SQL of each dispute's latest ruling, every column of the table: later decided_at wins,
    ruling_id breaks ties (a window, not arg_max: arg_max skips the NULL position_id of 'none')."""
    return f"""SELECT * EXCLUDE (rn) FROM (
                   SELECT *, row_number() OVER (PARTITION BY dispute_id
                                                ORDER BY decided_at DESC, ruling_id DESC) AS rn
                   FROM {table}) WHERE rn = 1"""
