"""Read-only, sealed DuckDB connections for analysts' SQL (`claimwatch sql`, `export`) and the review UI.

`read_only=True` only protects the file that was opened: the same connection could still
`ATTACH 'x.duckdb' (READ_WRITE)` the live store and delete from it, `COPY ... TO` any path,
`INSTALL`/`LOAD` extensions from the network, or read any file (`read_csv('/etc/passwd')`).
A sealed connection is opened read-only, our own extension (fts, from its pip package) is
loaded if the file has an fts index, and then DuckDB's own switches close the rest:

- `enable_external_access = false`: no ATTACH of a file, no COPY TO/FROM, no EXPORT
  DATABASE, no read_csv/read_parquet/read_text/glob of any path, no INSTALL, no LOAD,
  no secrets on disk (DuckDB 1.5.5 answers each with a "Permission Error").
- `autoinstall_known_extensions`, `autoload_known_extensions`,
  `allow_community_extensions = false`: nothing is fetched or loaded behind a query.
- `python_enable_replacements = false`: a table name never resolves to a Python variable.
- `lock_configuration = true`, set last: every later SET/RESET (of the settings above, or
  of anything) is refused, so the query cannot undo the seal.

Checked on DuckDB 1.5.5 (tests/test_sandbox.py tries each refusal).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from core.errors import DatabaseError
from warehouse.db import require_current

# Applied at connect time: they must hold before any statement runs.
_OPEN_CONFIG = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
    "python_enable_replacements": False,
}


class Refused(DatabaseError):
    """A statement the sealed connection does not run (a write, a file, an extension, a SET)."""


def _load_own_extensions(con: duckdb.DuckDBPyConnection) -> None:
    """Load fts (ours, from the pip package) when the file carries an fts index, before sealing."""
    has_fts = con.execute(
        "SELECT count(*) FROM duckdb_schemas() WHERE schema_name LIKE 'fts_main_%'"
    ).fetchone()[0]
    if not has_fts:
        return
    from warehouse.fts import extension_path

    path = extension_path()
    if path is not None:  # without the package, match_bm25 is simply unavailable
        con.execute(f"LOAD '{path.as_posix()}'")  # a path from our own package, not user input


def seal(con: duckdb.DuckDBPyConnection, *, extensions: bool = True) -> duckdb.DuckDBPyConnection:
    """Switch off external access and lock the configuration of `con` (cannot be undone);
    `extensions`: load ours first (analysts' SQL may call match_bm25)."""
    if extensions:
        _load_own_extensions(con)
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con


def open_sealed(path: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only, sealed connection to the DuckDB file `path` (a short-lived process's)."""
    path = Path(path)
    if not path.exists():
        raise DatabaseError(f"no database at {path}: run `claimwatch run` first")
    try:
        con = duckdb.connect(str(path), read_only=True, config=dict(_OPEN_CONFIG))
    except duckdb.Error as exc:
        raise DatabaseError(f"cannot open {path}: {str(exc).splitlines()[0]}") from None
    try:
        require_current(con, path)
    except BaseException:
        con.close()
        raise
    return seal(con)


def open_attached(path: str | Path, alias: str = "snapshot") -> duckdb.DuckDBPyConnection:
    """A sealed in-memory hub with the file `path` attached read-only as `alias` and in use.

    For a long-lived process (the review UI): DuckDB shares one instance per path within a
    process, so a file reopened with `duckdb.connect(path)` while another request still has
    it open would keep answering from the old file after a publish replaced it; an ATTACH
    from a fresh in-memory hub always opens the file the name points to now (~9 ms here).
    """
    path = Path(path)
    if not path.exists():
        raise DatabaseError(f"no database at {path}: run `claimwatch run` first")
    con = duckdb.connect(":memory:", config=dict(_OPEN_CONFIG))
    try:
        literal = "'" + str(path).replace("'", "''") + "'"
        con.execute(f"ATTACH {literal} AS {alias} (READ_ONLY)")
        con.execute(f"USE {alias}")
        require_current(con, path)
        return seal(con, extensions=False)  # the UI runs only its own queries: no fts to load per page
    except BaseException:
        con.close()
        raise


def run_sealed(
    con: duckdb.DuckDBPyConnection, sql: str, what: str = "claimwatch sql"
) -> duckdb.DuckDBPyConnection:
    """Execute analyst SQL on a sealed connection; a refusal or an error is one line naming it."""
    try:
        return con.execute(sql)
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        if isinstance(exc, duckdb.PermissionException) or "configuration has been locked" in first:
            raise Refused(
                f"{what} refused {_statement_kinds(con, sql)}: {first} (analyst SQL is read-only)"
            ) from None
        if "read-only mode" in first:
            raise Refused(f"{what} refused {_statement_kinds(con, sql)}: {first}") from None
        raise DatabaseError(first) from None


def _statement_kinds(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    """'ATTACH', 'COPY', 'SET', ...: the kinds of statement in `sql`, for the refusal message."""
    try:
        kinds = [s.type.name.removesuffix("_STATEMENT") for s in con.extract_statements(sql)]
    except duckdb.Error:
        return "the statement"
    return "/".join(dict.fromkeys(kinds)) or "the statement"
