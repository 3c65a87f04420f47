"""Running the stage rule of warehouse/stages.py: one transaction per batch, marked done in it.

A stage writes its results and marks its work rows done between one BEGIN and one COMMIT
(`batch`): a kill before the COMMIT leaves neither, so the rows stay pending and the next run
does them again; a kill after it leaves both.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from warehouse.bulk import run_with_table
from warehouse.stages import stage, wrote


@contextmanager
def batch(con: duckdb.DuckDBPyConnection, stage_name: str) -> Iterator[None]:
    """One all-or-nothing batch of `stage_name`: committed whole, or rolled back on any error."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        wrote(stage_name)  # the test hook's "<stage>:<n>": written, not yet committed
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def mark_done(con: duckdb.DuckDBPyConnection, stage_name: str, keys: dict[str, list]) -> None:
    """Mark done the rows named by `keys` (one list per key column of the stage)."""
    s = stage(stage_name)
    if set(keys) != set(s.keys):
        raise ValueError(f"stage {stage_name!r} rows are named by {s.keys}, not {tuple(keys)}")
    if keys[s.keys[0]]:
        run_with_table(con, f"done_{s.table}", keys, s.mark_done_sql(f"done_{s.table}"))


def pending_count(con: duckdb.DuckDBPyConnection, stage_name: str) -> int:
    """How many rows `stage_name` still has to do."""
    s = stage(stage_name)
    return con.execute(f"SELECT count(*) {s.source()} WHERE {s.pending()}").fetchone()[0]


def pending_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows still to do, per stage (all zero after a completed run with nothing failing)."""
    from warehouse.stages import STAGES

    return {name: pending_count(con, name) for name in STAGES}
