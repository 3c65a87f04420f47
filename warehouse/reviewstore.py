"""The review UI's own store: reviewers, sessions and verdicts in SQLite beside the DuckDB store.

DESIGN invariant 1 (only the job writes the store) and DuckDB's one-process lock (a
process that holds `x.duckdb`, even read-only, keeps the job out) mean the UI must never
open the job's file. So the UI reads the analysts' snapshot and writes only here:
`x.review.sqlite3` for the store `x.duckdb`.

SQLite, not a second DuckDB file, because this file has writers in two processes (the UI
server and `claimwatch review add-user`) and a reader in a third (the job, at its start):
in WAL mode SQLite lets readers and one writer share a file across processes, and a writer
waits (busy_timeout) instead of failing. The job opens it with `mode=ro` and copies the
verdicts it lacks (warehouse.verdicts.apply_verdicts); the UI lays its verdicts over the
snapshot's statuses until then (warehouse.verdicts.overlay_verdicts).

Schema: warehouse/review_migrations/NNNN_name.sql, applied in order, each in one
transaction with its record in `schema_migrations`.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from core.errors import DatabaseError

REVIEW_SUFFIX = ".review.sqlite3"
# A writer waits this long for another (a sign-in while a verdict commits): both take
# milliseconds, so 5 s is only reached by a stuck process.
BUSY_TIMEOUT_S = 5.0
_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
_TS = "%Y-%m-%dT%H:%M:%S.%fZ"


def review_store_path(db: str | Path) -> Path:
    """`x.duckdb` -> `x.review.sqlite3` beside it (any other name keeps its suffix)."""
    live = Path(db)
    stem = live.name.removesuffix(".duckdb") if live.suffix == ".duckdb" else live.name
    stem = stem.removesuffix(".snapshot")  # the snapshot's UI store is the store's
    return live.with_name(stem + REVIEW_SUFFIX)


def ts(when: datetime) -> str:
    """A time as the store keeps it: ISO-8601 UTC with microseconds, so text order is time order."""
    return when.astimezone(UTC).strftime(_TS)


def parse_ts(text: str) -> datetime:
    return datetime.strptime(text, _TS).replace(tzinfo=UTC)


def _migrations() -> list[tuple[int, str, str]]:
    found = []
    for entry in resources.files("warehouse").joinpath("review_migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    return sorted(found)


def _migrate(con: sqlite3.Connection) -> None:
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in con.execute("SELECT version FROM schema_migrations")}
    for version, name, sql in _migrations():
        if version in done:
            continue
        con.execute("BEGIN IMMEDIATE")
        try:
            if con.execute("SELECT count(*) FROM schema_migrations WHERE version = ?", [version]).fetchone()[
                0
            ]:
                con.execute("ROLLBACK")  # another process applied it between our read and our lock
                continue
            for statement in _statements(sql):
                con.execute(statement)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, name, ts(datetime.now(UTC))]
            )
            con.execute("COMMIT")
        except sqlite3.Error as exc:
            con.execute("ROLLBACK")
            raise DatabaseError(f"review store migration {version:04d}_{name} failed: {exc}") from exc


def _statements(sql: str) -> Iterator[str]:
    """The statements of a migration file (sqlite3 runs one per execute; triggers hold ';')."""
    buffer = ""
    for line in sql.splitlines(keepends=True):
        if line.lstrip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()


def _connect(path: Path, uri: str | None = None) -> sqlite3.Connection:
    con = sqlite3.connect(
        uri or str(path),
        timeout=BUSY_TIMEOUT_S,
        isolation_level=None,
        uri=uri is not None,
        check_same_thread=False,
    )
    con.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    return con


@contextmanager
def open_review_store(db: str | Path, *, migrate: bool = True) -> Iterator[sqlite3.Connection]:
    """The UI store of the store `db`, read-write, created and migrated when missing; closed after.

    migrate=False: a request of the UI server, which migrated once at its start."""
    path = review_store_path(db)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = _connect(path)
        if migrate:
            con.execute(
                "PRAGMA journal_mode = WAL"
            )  # readers (the job) never wait for the UI's writes; persists
            _migrate(con)
        con.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: a commit survives a process crash
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise  # the caller answers "busy, retry"
        raise DatabaseError(f"cannot open the review store {path}: {exc}") from exc
    except (sqlite3.Error, OSError) as exc:
        raise DatabaseError(f"cannot open the review store {path}: {exc}") from exc
    try:
        yield con
    finally:
        con.close()


def _read_rows(db: str | Path, table: str, columns: tuple[str, ...], order: str) -> list[dict]:
    """Every row of one UI-store table, `order`ed, read read-only, `decided_at` parsed ([] when
    there is no UI store, or it predates the table)."""
    path = review_store_path(db)
    if not path.exists():
        return []
    try:
        con = _connect(path, f"{path.resolve().as_uri()}?mode=ro")
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot read the review store {path}: {exc}") from exc
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if table not in tables:
            return []
        rows = con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}").fetchall()
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot read the review store {path}: {exc}") from exc
    finally:
        con.close()
    out = [dict(zip(columns, row, strict=True)) for row in rows]
    for row in out:
        row["decided_at"] = parse_ts(row["decided_at"])
    return out


_VERDICT_COLUMNS = (
    "verdict_id",
    "contradiction_id",
    "reviewer",
    "verdict",
    "note",
    "previous_status",
    "decided_at",
)


def read_verdicts(db: str | Path) -> list[dict]:
    """Every verdict of the UI store, oldest first, read read-only ([] when there is no UI store)."""
    return _read_rows(db, "review_verdicts", _VERDICT_COLUMNS, "decided_at, verdict_id")


RULING_COLUMNS = (
    "ruling_id",
    "dispute_id",
    "position_id",
    "outcome",
    "reviewer",
    "note",
    "evidence_urls",
    "decided_at",
)


def read_rulings(db: str | Path) -> list[dict]:
    """Every dispute ruling of the UI store, oldest first, read read-only ([] when none is stored:
    also a UI store of before review migration 0002)."""
    return _read_rows(db, "dispute_rulings", RULING_COLUMNS, "decided_at, ruling_id")


def insert_ruling(con: sqlite3.Connection, ruling: dict) -> None:
    """Append one dispute ruling (the row warehouse.rulings.new_ruling built)."""
    values = [ruling[name] for name in RULING_COLUMNS[:-1]] + [ts(ruling["decided_at"])]
    con.execute(
        f"INSERT INTO dispute_rulings ({', '.join(RULING_COLUMNS)}) VALUES ({', '.join('?' * len(values))})",
        values,
    )


def insert_verdict(con: sqlite3.Connection, audit: dict) -> None:
    """Append one verdict row (the row warehouse.verdicts.new_verdict built)."""
    con.execute(
        """INSERT INTO review_verdicts (verdict_id, contradiction_id, reviewer, verdict, note,
                                        previous_status, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)""",
        [
            audit["verdict_id"],
            audit["contradiction_id"],
            audit["reviewer"],
            audit["verdict"],
            audit["note"],
            audit["previous_status"],
            ts(audit["decided_at"]),
        ],
    )
