from __future__ import annotations

import duckdb
import pytest

from core.errors import DatabaseError
from warehouse.db import (
    SchemaMismatch,
    apply_migrations,
    available_migrations,
    code_version,
    connect,
    migration_status,
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
