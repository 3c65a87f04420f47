from __future__ import annotations

import duckdb
import pytest

from core.errors import DatabaseError
from warehouse.db import apply_migrations, available_migrations, connect, migration_status


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
