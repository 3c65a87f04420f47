"""Analyst SQL cannot write or reach out (issue #14): `claimwatch sql` and `export` run on sealed
connections; every escape tried here is refused in one line, and the store, its snapshot and
the file system are left exactly as they were."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import pytest
from store_helpers import add_article

from cli.main import main
from warehouse.db import connect
from warehouse.sandbox import Refused, open_attached, open_sealed, run_sealed
from warehouse.snapshot import publish_snapshot, snapshot_paths


@pytest.fixture
def store(tmp_path) -> Path:
    db = tmp_path / "store.duckdb"
    with connect(db) as con:
        add_article(con, "a1", "pacific-ledger")
        add_article(con, "a2", "harbor-times")
    publish_snapshot(db)
    return db


def _tree(root: Path) -> dict[str, str]:
    """Every file under `root` with its content hash (links by their target)."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_symlink():
            out[str(path)] = "-> " + str(path.readlink())
        elif path.is_file():
            out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _escapes(live: Path, out: Path) -> dict[str, str]:
    """Statement -> the kind the refusal names."""
    lit = f"'{live}'"
    return {
        f"ATTACH {lit} AS w (READ_WRITE); DELETE FROM w.fetches": "ATTACH",
        f"ATTACH {lit} AS w": "ATTACH",
        "ATTACH ':memory:' AS m": "ATTACH",
        f"COPY (SELECT * FROM articles) TO '{out}/leak.csv'": "COPY",
        f"COPY articles TO '{out}/leak.parquet' (FORMAT parquet)": "COPY",
        f"EXPORT DATABASE '{out}/dump'": "EXPORT",
        "INSTALL httpfs": "LOAD",
        "LOAD httpfs": "LOAD",
        "LOAD fts": "LOAD",
        "SELECT * FROM read_csv('/etc/passwd', sep = ':')": "SELECT",
        "SELECT * FROM read_text('/etc/passwd')": "SELECT",
        "SELECT * FROM glob('/etc/*')": "SELECT",
        f"SELECT * FROM read_parquet('{out}/*.parquet')": "SELECT",
        f"SELECT * FROM {lit}": "SELECT",
        "SET enable_external_access = true": "SET",
        "RESET enable_external_access": "SET",
        "SET lock_configuration = false": "SET",
        "SET allowed_directories = ['/']": "SET",
        "SET autoinstall_known_extensions = true": "SET",
        f"SET temp_directory = '{out}/spill'": "SET",
        "CREATE SECRET (TYPE s3, KEY_ID 'k', SECRET 's')": "CREATE",
        "DELETE FROM articles": "DELETE",
        "CREATE TABLE x AS SELECT 1": "CREATE",
        "DROP TABLE articles": "DROP",
    }


def test_sandbox_cli_sql_refuses_every_escape_and_touches_nothing(store, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    before = _tree(tmp_path)
    # Reading the snapshot, the live file is the one to reach; reading the live file (--live,
    # sealed the same way), the snapshot.
    for extra, target in (([], store), (["--live"], snapshot_paths(store).duckdb)):
        for sql, kind in _escapes(target, out).items():
            assert main(["sql", "--db", str(store), *extra, sql]) == 2, sql
            err = capsys.readouterr().err
            assert err.count("\n") == 1, err  # one line
            assert err.startswith(f"claimwatch: error: claimwatch sql refused {kind}"), (sql, err)
    assert _tree(tmp_path) == before  # no file written, changed or removed: store, snapshot, Parquet
    with duckdb.connect(str(store), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    assert main(["sql", "--db", str(store), "SELECT count(*) AS n FROM articles"]) == 0  # reads still work
    assert capsys.readouterr().out.splitlines()[2].strip() == "2"


@pytest.mark.parametrize("opener", [open_sealed, open_attached])
def test_sandbox_settings_are_locked_on_both_openers(store, opener):
    con = opener(snapshot_paths(store).duckdb)
    try:
        settings = dict(
            con.execute(
                """SELECT name, value FROM duckdb_settings() WHERE name IN ('enable_external_access',
                   'lock_configuration', 'autoinstall_known_extensions', 'autoload_known_extensions')"""
            ).fetchall()
        )
        assert settings == {
            "enable_external_access": "false",
            "lock_configuration": "true",
            "autoinstall_known_extensions": "false",
            "autoload_known_extensions": "false",
        }
        with pytest.raises(Refused, match="refused ATTACH"):
            run_sealed(con, f"ATTACH '{store}' AS w (READ_WRITE)")
        with pytest.raises(Refused, match="refused SET"):
            run_sealed(con, "SET enable_external_access = true")
        assert run_sealed(con, "SELECT count(*) FROM articles").fetchone() == (2,)
    finally:
        con.close()


def test_sandbox_export_runs_sealed_and_writes_only_its_own_file(store, tmp_path, capsys):
    out = tmp_path / "articles.jsonl"
    assert main(["export", "articles", "--db", str(store), "--out", str(out)]) == 0
    assert {json.loads(line)["article_id"] for line in out.read_text().splitlines()} == {"a1", "a2"}
    assert main(["export", "articles", "--db", str(store), "--format", "parquet", "--out", str(out)]) == 0
    assert out.read_bytes()[:4] == b"PAR1"


def test_sandbox_sql_errors_are_one_line(store, capsys):
    assert main(["sql", "--db", str(store), "SELEC 1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "syntax error" in err


def test_sandbox_keeps_our_fts_extension_for_a_file_with_an_fts_index(tmp_path, capsys):
    from warehouse.fts import build_index, extension_path

    if extension_path() is None:
        pytest.skip("duckdb-extension-fts is not installed")
    db = tmp_path / "store.duckdb"
    with connect(db) as con:
        con.execute(
            "CREATE TABLE notes AS SELECT * FROM (VALUES ('n1', 'smuggled chips'), ('n2', 'rack power'))"
        )
        con.execute("ALTER TABLE notes RENAME col0 TO note_id")
        con.execute("ALTER TABLE notes RENAME col1 TO body")
        build_index(con, "notes", "note_id", "body")
    publish_snapshot(db)
    query = "SELECT note_id FROM notes WHERE fts_main_notes.match_bm25(note_id, 'chips') IS NOT NULL"
    assert main(["sql", "--db", str(db), query]) == 0
    assert "n1" in capsys.readouterr().out
    assert main(["sql", "--db", str(db), "LOAD httpfs"]) == 2  # ours loaded, nothing else
    assert "refused LOAD" in capsys.readouterr().err
