"""What one request of the review UI opens: the analysts' snapshot to read, its own store to write.

The UI never opens the job's file (DESIGN invariant 1; issue #14): DuckDB lets a process that
holds a file, even read-only, keep every other process out, so a UI that read the live store
made the job's availability depend on how busy the UI was. Instead

- pages read the snapshot the job publishes after each run (`x.snapshot.duckdb`), sealed
  (warehouse/sandbox.py) and attached from a fresh in-memory hub per request, so a publish
  that replaces the file is seen by the next request;
- reviewers, sessions and verdicts live in the UI's own SQLite store (warehouse/reviewstore.py);
  the UI's verdicts are laid over the snapshot's statuses until the next run copies them in.

Requests run in parallel: there is no process-wide lock. When the snapshot is missing or the UI
store stays locked past its busy timeout, the request fails with StoreBusy (503, retry).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse.db import SchemaMismatch
from warehouse.errors import DatabaseError
from warehouse.reviewstore import open_review_store, read_rulings, read_verdicts
from warehouse.rulings import overlay_rulings
from warehouse.sandbox import open_attached
from warehouse.snapshot import snapshot_paths
from warehouse.verdicts import overlay_verdicts


class StoreBusy(Exception):
    """The snapshot is not there yet, or the UI store is locked; retry later."""


class SnapshotOutdated(Exception):
    """The snapshot's schema is not the code's (warehouse.db.require_current); a retry will not
    help until a run or a publish replaces it."""


@contextmanager
def open_pages(db: str | Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The snapshot of the store `db`, read-only and sealed, with the UI's verdicts and dispute
    rulings laid over it."""
    path = snapshot_paths(db).duckdb
    if not path.exists():
        raise StoreBusy(f"no snapshot at {path} yet: the daily job publishes it after each run")
    try:
        con = open_attached(path)
    except SchemaMismatch as exc:
        raise SnapshotOutdated(str(exc)) from None
    except (DatabaseError, duckdb.Error) as exc:
        raise StoreBusy(str(exc).splitlines()[0]) from None
    try:
        overlay_verdicts(con, read_verdicts(db))
        overlay_rulings(con, read_rulings(db))
        yield con
    finally:
        con.close()


@contextmanager
def open_ui_store(db: str | Path) -> Iterator[sqlite3.Connection]:
    """The UI's own store (reviewers, sessions, verdicts), read-write, for one request."""
    try:
        with open_review_store(db, migrate=False) as con:
            yield con
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise StoreBusy(f"review store busy: {exc}") from None
        raise
