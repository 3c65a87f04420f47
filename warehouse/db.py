"""Opening the DuckDB store and applying its numbered, forward-only migrations.

The job is the only writer (DESIGN.md, invariant 1): `connect()` opens read-write and
migrates; analysts and exports use `connect(read_only=True)`, which never migrates.

The writer's checkpoints are deferred (issue 16 item 4): a DuckDB checkpoint writes again what
every table appended to holds in its last row group, and the key indexes touched, so
checkpointing at each close made every run pay O(store) (at 100k articles 5.3 s after 100
articles' load). The writer's connection
leaves its commits in the write-ahead log when it closes, and a writer's open checkpoints once
the WAL is past WAL_BUDGET. A commit is durable once it is in the WAL (fsynced at commit: a
kill -9 loses nothing committed), and every open, read-only included, replays the WAL, so
readers see every committed row; the price is that replay on each open. A store is therefore
its file and the `.wal` beside it: copy both (`copy_store`), or `checkpoint()` first.

The checkpoint attaches the closed store in a DuckDB instance of its own with row groups of
CHECKPOINT_ROW_GROUP rows, so that the WAL's new rows start row groups of their own instead of
making DuckDB write a table's last row group again (at 100k articles, whole tables: texts).
"""

from __future__ import annotations

import functools
import re
import shutil
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import duckdb

from core.errors import DatabaseError

# The WAL size past which the writer's open checkpoints. Every open replays the WAL (0.02-0.05 s
# a MiB at 10k-100k articles) and a run opens the store ~25 times (counted: 21 in a `claimwatch
# run` of 8 articles, one more a claims batch of 32), while a checkpoint of one run's WAL (a run
# of 100 articles writes 2.2-3.9 MiB) costs 0.15-0.6 s at 1k, 0.9-2.8 s at 10k, 1.4-2.4 s at 100k
# (bench/store_curve.py --wal-sweep). Replays cost ~N*r*B/2 a run and checkpoints C*X/B: the
# least is at B = sqrt(2CX/(Nr)) = 1.2 / 3.5 / 4.2 MiB at 1k / 10k / 100k, so about one run's WAL:
# one checkpoint a run, at the next run's first open, instead of one at each of ~18 closes.
WAL_BUDGET = 4 << 20
# DuckDB's own threshold, a cap for one connection's writes (a backfill: a 64 MiB WAL replays in
# ~2-3 s). It compares the WAL plus DuckDB's estimate of the commit, which at 100k articles passed
# 8 MiB within one run whose WAL held 3 MiB, so it cannot be the budget itself; at 64 MiB five
# runs in a row at 100k (18.8 MiB of WAL) never reached it.
WAL_CAP = 64 << 20
# Rows per row group while a checkpoint replays the WAL (DuckDB's default is 122,880). A
# checkpoint writes a table's last row group again when rows were added to it, and a table of up
# to 122,880 rows is that one row group: at 100k articles, 100 new articles made the checkpoint
# write all of articles, article_versions (their texts: 0.6-1.7 s alone) and article_minhash
# again. Replayed into row groups of 16,384 rows, the new rows start a row group of their own
# past that size, so a checkpoint writes again at most 16,384 rows a table: one run's WAL at
# 100k articles checkpointed in 1.18-1.35 s in place, 0.21-0.27 s this way, the same rows
# (bench/store_curve.py). ROW_GROUP_SIZE is an option of ATTACH, not kept in the file, so the
# checkpoint attaches the closed store in a DuckDB instance of its own. None: in place.
CHECKPOINT_ROW_GROUP: int | None = 16_384

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

_LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       VARCHAR NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL
)
"""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


@dataclass(frozen=True)
class MigrationStatus:
    version: int
    name: str
    applied_at: datetime | None

    @property
    def applied(self) -> bool:
        return self.applied_at is not None


@functools.cache
def _shipped() -> tuple[Migration, ...]:
    """Read once per process: the files do not change under a running job (~14 files, and every
    stage's open used to read them again)."""
    return tuple(_read_migrations())


def available_migrations() -> list[Migration]:
    """The migrations shipped in warehouse/migrations, in version order."""
    return list(_shipped())


def _read_migrations() -> list[Migration]:
    found = []
    for entry in resources.files("warehouse").joinpath("migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise DatabaseError(f"two migrations share a number: {versions}")
    return found


def _open(path: Path, read_only: bool, lock_wait: float) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, retried while another process holds the file's lock.

    The review UI holds the store for a few milliseconds per request; a task that opens
    it at that moment should wait, not fail the run. Backoff 50 ms doubling to 1 s.
    """
    deadline = time.monotonic() + lock_wait
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() + delay > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


def connect(
    path: str | Path,
    *,
    read_only: bool = False,
    migrate: bool = True,
    lock_wait: float = 10.0,
    check_version: bool = True,
) -> duckdb.DuckDBPyConnection:
    """Open the store; the writer applies pending migrations first.

    Args:
        path: the DuckDB file (its folder is created for a writer).
        read_only: open for reading only; several readers may share the file, but not
            while the writer holds it.
        migrate: apply pending migrations (writers only).
        lock_wait: seconds to keep retrying while another process holds the file.
        check_version: a reader refuses a store whose schema is not the code's
            (`require_current`); off only for code that reads any schema on purpose (a copy).
    """
    path = Path(path)
    try:
        if read_only:
            if not path.exists():
                raise DatabaseError(f"no database at {path}: run `claimwatch run` first")
            con = _open(path, True, lock_wait)
            if check_version:
                try:
                    require_current(con, path)
                except BaseException:
                    con.close()
                    raise
            return con
        path.parent.mkdir(parents=True, exist_ok=True)
        if _past_budget(path):
            _checkpoint_apart(path)
        con = _open(path, False, lock_wait)
        _defer_checkpoints(con, path)
    except duckdb.Error as exc:
        raise DatabaseError(f"cannot open {path}: {exc}") from exc
    except OSError as exc:
        raise DatabaseError(f"cannot open {path}: {exc.strerror or exc}") from exc
    if migrate:
        apply_migrations(con)
    return con


def _past_budget(path: Path) -> bool:
    wal = wal_path(path)
    return wal.exists() and wal.stat().st_size > WAL_BUDGET


def _checkpoint_apart(path: Path) -> bool:
    """Checkpoint the store `path` in an instance of its own, its WAL replayed into row groups of
    CHECKPOINT_ROW_GROUP rows. False when it could not be attached (another process holds it,
    or this process has it open: DuckDB refuses a second instance of one file) or the checkpoint
    failed: the caller checkpoints in place, as before. A kill -9 in it is a kill in a checkpoint:
    the WAL stays until the checkpoint is complete (tests/test_db.py)."""
    if CHECKPOINT_ROW_GROUP is None:
        return False
    apart = duckdb.connect()
    try:
        literal = "'" + str(path).replace("'", "''") + "'"  # ATTACH takes no bound parameters
        apart.execute(f"ATTACH {literal} AS claimwatch_store (ROW_GROUP_SIZE {int(CHECKPOINT_ROW_GROUP)})")
        apart.execute("CHECKPOINT claimwatch_store")
        apart.execute("DETACH claimwatch_store")
        return True
    except duckdb.Error:
        return False
    finally:
        apart.close()


def _defer_checkpoints(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """No checkpoint when the writer closes; one when it opens a store whose WAL passed
    WAL_BUDGET (`connect` tries `_checkpoint_apart` first; here the WAL is replayed: the
    checkpoint writes it into the file in place)."""
    try:
        con.execute("PRAGMA disable_checkpoint_on_shutdown")  # a setting of this file's instance
        con.execute(f"SET checkpoint_threshold = '{WAL_CAP}B'")
        if _past_budget(path):
            con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        raise


def wal_path(path: str | Path) -> Path:
    """The store's write-ahead log: committed rows not yet checkpointed into the file."""
    return Path(f"{path}.wal")


def checkpoint(path: str | Path, lock_wait: float = 10.0) -> None:
    """Write the WAL of the store `path` into its file (the file alone is then the store)."""
    if wal_path(path).exists() and _checkpoint_apart(Path(path)):
        return
    con = connect(path, migrate=False, lock_wait=lock_wait)
    try:
        con.execute("CHECKPOINT")
    finally:
        con.close()


def copy_store(source: str | Path, target: str | Path) -> Path:
    """Copy the closed store `source` to `target` with its WAL (its committed rows not yet
    checkpointed); a WAL left at `target` by an older file is removed."""
    target = Path(target)
    shutil.copyfile(source, target)
    if wal_path(source).exists():
        shutil.copyfile(wal_path(source), wal_path(target))
    else:
        wal_path(target).unlink(missing_ok=True)
    return target


class SchemaMismatch(DatabaseError):
    """A reader opened a store whose schema version is not the one this code ships."""


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest migration applied to the store `con` reads (0: no ledger at all)."""
    has_ledger = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchone()[0]
    if not has_ledger:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]


def code_version() -> int:
    """The highest migration this code ships."""
    return _shipped()[-1].version


def require_current(con: duckdb.DuckDBPyConnection, what: str | Path = "the store") -> None:
    """The one rule for readers (they never migrate): refuse a store older or newer than the
    code, once when it opens; past this check every column the code ships can be assumed."""
    have, want = schema_version(con), code_version()
    if have < want:
        raise SchemaMismatch(
            f"{what} is at schema version {have:04d}, older than this code's {want:04d}: "
            "`claimwatch run` migrates the store and publishes a current snapshot "
            "(`claimwatch db migrate` migrates the store alone)"
        )
    if have > want:
        raise SchemaMismatch(
            f"{what} is at schema version {have:04d}, newer than this code's {want:04d}: "
            "upgrade claimwatch to read it"
        )


def migration_status(con: duckdb.DuckDBPyConnection) -> list[MigrationStatus]:
    """Every shipped migration with its applied time (None = pending)."""
    applied: dict[int, datetime] = {}
    has_ledger = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchone()[0]
    if has_ledger:
        applied = dict(con.execute("SELECT version, applied_at FROM schema_migrations").fetchall())
    return [MigrationStatus(m.version, m.name, applied.get(m.version)) for m in available_migrations()]


def apply_migrations(con: duckdb.DuckDBPyConnection) -> list[Migration]:
    """Apply pending migrations in order, each in one transaction with its record."""
    try:  # the common case, a store already up to date: one read, no DDL
        done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    except duckdb.CatalogException:
        con.execute(_LEDGER)
        done = set()
    if done >= {m.version for m in _shipped()}:
        return []
    applied = []
    for migration in available_migrations():
        if migration.version in done:
            continue
        try:
            con.execute("BEGIN TRANSACTION")
            con.execute(migration.sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [migration.version, migration.name, datetime.now(UTC)],
            )
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise DatabaseError(f"migration {migration.version:04d}_{migration.name} failed: {exc}") from exc
        applied.append(migration)
    return applied
