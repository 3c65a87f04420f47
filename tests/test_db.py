from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from core.errors import DatabaseError
from warehouse.db import (
    SchemaMismatch,
    _checkpoint_apart,
    apply_migrations,
    available_migrations,
    checkpoint,
    code_version,
    connect,
    copy_store,
    migration_status,
    wal_path,
)
from warehouse.sandbox import open_attached, open_sealed


def test_db_migrations_numbered_and_applied_on_open(tmp_path):
    shipped = available_migrations()
    assert [m.version for m in shipped] == sorted(m.version for m in shipped)
    assert shipped[0].version == 1
    with connect(tmp_path / "s.duckdb") as con:
        status = migration_status(con)
        assert all(m.applied for m in status)
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"articles", "claims", "figures", "links", "contradictions", "schema_migrations"} <= tables


def test_db_migrate_is_idempotent_and_lists_pending(tmp_path):
    path = tmp_path / "s.duckdb"
    with connect(path, migrate=False) as con:
        assert not any(m.applied for m in migration_status(con))
        assert len(apply_migrations(con)) == len(available_migrations())
        assert apply_migrations(con) == []
        count = con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
    assert count == len(available_migrations())


def test_db_read_only_missing_file_and_unwritable_path(tmp_path):
    with pytest.raises(DatabaseError, match="no database"):
        connect(tmp_path / "missing.duckdb", read_only=True)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DatabaseError, match="cannot open"):
        connect(blocker / "sub" / "s.duckdb")


def test_db_reader_cannot_write(tmp_path):
    path = tmp_path / "s.duckdb"
    connect(path).close()
    with connect(path, read_only=True) as con, pytest.raises(duckdb.Error):
        con.execute("DELETE FROM articles")


def store_at(path, first: int):
    """A store with only the first `first` migrations applied, as an older release left it."""
    with connect(path, migrate=False) as con:
        con.execute(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, "
            "applied_at TIMESTAMPTZ)"
        )
        for m in available_migrations()[:first]:
            con.execute(m.sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [m.version, m.name])
    return path


def test_db_readers_refuse_a_store_older_than_the_code(tmp_path):
    old = store_at(tmp_path / "old.duckdb", 6)
    want = (
        f"schema version 0006, older than this code's {code_version():04d}: "
        "`claimwatch run` migrates the store and publishes a current snapshot"
    )
    for opener in (lambda p: connect(p, read_only=True), open_sealed, open_attached):
        with pytest.raises(SchemaMismatch, match=want.replace("(", r"\(")) as refused:
            opener(old)
        assert str(old) in str(refused.value)
    bare = tmp_path / "bare.duckdb"
    duckdb.connect(str(bare)).close()  # no ledger at all: version 0
    with pytest.raises(SchemaMismatch, match="schema version 0000, older"):
        connect(bare, read_only=True)
    connect(old).close()  # the writer migrates it; then readers open it
    with connect(old, read_only=True) as con:
        assert con.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == code_version()
    open_sealed(old).close()
    open_attached(old).close()


def test_db_readers_refuse_a_store_newer_than_the_code(tmp_path):
    path = tmp_path / "s.duckdb"
    with connect(path) as con:
        con.execute(
            "INSERT INTO schema_migrations VALUES (?, 'from_the_future', now())", [code_version() + 1]
        )
    with pytest.raises(
        SchemaMismatch, match=f"schema version {code_version() + 1:04d}, newer than this code's"
    ):
        connect(path, read_only=True)
    with pytest.raises(SchemaMismatch, match="newer"):
        open_attached(path)


def _keyed_rows(con, first: int, count: int) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS keyed (k VARCHAR PRIMARY KEY, n INTEGER)")
    con.execute(
        "INSERT INTO keyed SELECT md5(i::VARCHAR), i FROM range(?, ? + ?) t(i)", [first, first, count]
    )


def test_db_writer_close_leaves_commits_in_the_wal_for_every_reader(tmp_path):
    path = tmp_path / "s.duckdb"
    with connect(path) as con:
        _keyed_rows(con, 0, 2500)
    # Closing did not checkpoint (a checkpoint writes the tables' last row groups again: O(store)) ...
    assert wal_path(path).stat().st_size > 0
    # ... and a reader, a later writer and a copy made with copy_store all see the committed rows.
    with connect(path, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM keyed").fetchone()[0] == 2500
    with connect(path) as con:
        _keyed_rows(con, 2500, 10)
    copy = copy_store(path, tmp_path / "copy.duckdb")
    checkpoint(path)
    assert not wal_path(path).exists() or wal_path(path).stat().st_size == 0
    for store in (path, copy):
        with connect(store, read_only=True) as con:
            assert con.execute("SELECT count(*), count(DISTINCT k) FROM keyed").fetchone() == (2510, 2510)


def test_db_wal_past_the_budget_is_checkpointed(tmp_path, monkeypatch):
    monkeypatch.setattr("warehouse.db.WAL_BUDGET", 1 << 19)
    path = tmp_path / "s.duckdb"
    sizes = []
    for n in range(10):  # ~90 KiB of WAL a session: the 512 KiB budget is passed at the 6th
        with connect(path) as con:
            _keyed_rows(con, n * 2500, 2500)
        sizes.append(wal_path(path).stat().st_size if wal_path(path).exists() else 0)
    # Past the budget, the next open checkpointed: the WAL never holds more than one session past it.
    assert any(later < earlier for earlier, later in itertools.pairwise(sizes)), sizes
    assert max(sizes) < (1 << 19) + max(b - a for a, b in itertools.pairwise([0, *sizes]))
    assert sizes[0] > 0  # but not at every close
    with connect(path, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM keyed").fetchone()[0] == 10 * 2500


_KILLED_WRITER = """
import os, signal, sys
from warehouse.db import connect
con = connect(sys.argv[1])
con.execute("SET debug_checkpoint_abort = '" + sys.argv[2] + "'")
con.execute("CREATE TABLE IF NOT EXISTS keyed (k VARCHAR PRIMARY KEY, n INTEGER)")
con.execute("INSERT INTO keyed SELECT md5(i::VARCHAR), i FROM range(2500) t(i)")
con.execute("BEGIN TRANSACTION")
con.execute("INSERT INTO keyed VALUES ('uncommitted', -1)")
if sys.argv[2] != "none":  # a checkpoint that dies half-way (DuckDB's own test hook), then the kill
    try:
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    except Exception:
        pass
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.parametrize("abort", ["none", "before_header", "before_truncate"])
def test_db_kill_9_loses_nothing_committed(tmp_path, abort):
    path = tmp_path / "s.duckdb"
    with connect(path) as con:  # migrated first, and some rows in the WAL before the killed run
        _keyed_rows(con, 10_000, 100)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(path), abort], env=env, check=False)
    assert done.returncode == -signal.SIGKILL
    with connect(path, read_only=True) as con:
        count, uncommitted = con.execute(
            "SELECT count(*), count(*) FILTER (k = 'uncommitted') FROM keyed"
        ).fetchone()
    assert count == 2600 + (abort != "none")  # the last insert was committed before the checkpoint
    assert uncommitted == (abort != "none")
    with connect(path) as con:  # and the writer goes on from there
        _keyed_rows(con, 20_000, 10)
        assert con.execute("SELECT count(*) FROM keyed").fetchone()[0] == count + 10


def _row_groups(path: Path, table: str) -> list[int]:
    with duckdb.connect(str(path), read_only=True) as con:
        return [
            n
            for (n,) in con.execute(
                "SELECT max(count) FROM pragma_storage_info(?) WHERE column_id = 0 GROUP BY row_group_id "
                "ORDER BY row_group_id",
                [table],
            ).fetchall()
        ]


def test_db_checkpoint_puts_new_rows_in_row_groups_of_their_own(tmp_path, monkeypatch):
    path = tmp_path / "s.duckdb"
    with connect(path) as con:  # a store checkpointed in place: one row group of up to 122,880 rows
        _keyed_rows(con, 0, 20_000)
        con.execute("CHECKPOINT")
    assert _row_groups(path, "keyed") == [20_000]
    with connect(path) as con:
        _keyed_rows(con, 20_000, 100)
    checkpoint(path)
    # In place, the checkpoint would have written the 20,100 rows again as one row group: the new
    # rows went to a row group of their own, and the first one was not written again.
    assert _row_groups(path, "keyed") == [20_000, 100]
    # Past the WAL budget, the writer's open checkpoints the same way.
    monkeypatch.setattr("warehouse.db.WAL_BUDGET", 1 << 10)
    with connect(path) as con:
        _keyed_rows(con, 30_000, 100)
    with connect(path) as con:
        assert con.execute("SELECT count(*), count(DISTINCT k) FROM keyed").fetchone() == (20_200, 20_200)
    assert not wal_path(path).exists() or wal_path(path).stat().st_size == 0
    assert _row_groups(path, "keyed") == [20_000, 200]
    # This process holding the file: DuckDB refuses a second instance, the checkpoint is in place.
    reader = duckdb.connect(str(path), read_only=True)
    try:
        assert not _checkpoint_apart(path)
    finally:
        reader.close()


_KILLED_CHECKPOINT = """
import os, signal, sys, duckdb
apart = duckdb.connect()
apart.execute("SET debug_checkpoint_abort = '" + sys.argv[2] + "'")
apart.execute("ATTACH '" + sys.argv[1] + "' AS claimwatch_store (ROW_GROUP_SIZE 16384)")
try:
    apart.execute("CHECKPOINT claimwatch_store")
except Exception:
    pass
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.parametrize("abort", ["before_header", "before_truncate"])
def test_db_kill_9_in_a_checkpoint_apart_loses_nothing_committed(tmp_path, abort):
    path = tmp_path / "s.duckdb"
    with connect(path) as con:
        _keyed_rows(con, 0, 20_000)
    checkpoint(path)
    with connect(path) as con:  # committed, in the WAL
        _keyed_rows(con, 20_000, 2500)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, "-c", _KILLED_CHECKPOINT, str(path), abort], env=env, check=False)
    assert done.returncode == -signal.SIGKILL
    with connect(path, read_only=True) as con:
        assert con.execute("SELECT count(*), count(DISTINCT k) FROM keyed").fetchone() == (22_500, 22_500)
    checkpoint(path)  # and the next checkpoint completes
    with connect(path) as con:
        assert con.execute("SELECT count(*) FROM keyed").fetchone()[0] == 22_500
