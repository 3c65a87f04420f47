"""The analysts' snapshot: a read-only copy of the store, published after every run.

DuckDB locks its file per process: while the job holds the store read-write, every other
process fails to open it, readers included (issue #7). So analysts never open the live
file; after each run the job publishes

- `data/x.snapshot.duckdb` (for the store `data/x.duckdb`): every table of the store, plus
  the analyst views (`claim_timeline`, `first_reported`, `open_contradictions`,
  `source_health`) and `snapshot_info`. Renamed over the old file (`os.replace`):
  a reader that has the old file open keeps reading the old file (its inode lives on until
  it closes), a new reader gets the new one, and the writer never waits for a reader.
- `data/x.parquet/NAME.parquet`: the same tables and views for pandas/polars/Spark: a
  store table is a folder of `part-NNNNN.parquet` files, a view one Parquet file. `x.parquet`
  is a symlink to a complete version folder `x.parquet.v<N>`; a new version is written under a
  staging name, renamed to `v<N+1>`, and the link is swapped with one `os.replace` (a rename of
  a new link over the old one), so a reader always finds a complete set: never none, never
  half. The previous version stays until the next publish, for readers that resolved the old
  link just before the swap.

A publish costs what changed, not a copy of the store (issue 16 item 4): the file published
before the current one is kept as `.x.snapshot.duckdb.spare`, brought up to date table by table
and row by row (warehouse/snapshot_sync.py), and renamed over `x.snapshot.duckdb`; the file it
replaces becomes the next spare. Readers only ever open the published name, so the spare is a
file nobody opened since it was replaced, or one a reader has held for two publishes: then its
lock (or, in this process, an open descriptor) says so and it is started again instead. A store
table's Parquet parts are hard links to the previous version's, and a table only added to since
gains one part of its new rows; a table with a changed or removed row is written again.

One publish at a time per store: an exclusive lock on `.x.duckdb.publish.lock` (flock: any
process, any caller, with or without Prefect) is held from cleaning to swap, so staging
names (unique per publish anyway) of a killed publish are removed only by the lock's next
holder, never from under a live one. The live file is held (read-only, inside `hold_live`:
the job's writer slot) only while the spare is synced with it (or, the first time, filled by
`copy_whole`); views, Parquet and the swaps work on the new file alone.

Reviewers' password hashes and session hashes are not the analysts' business: the snapshot
keeps those tables (migration 0006) but empty.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from core.errors import DatabaseError
from warehouse.db import connect, wal_path
from warehouse.dispute_views import VIEW_NAMES as DISPUTE_VIEWS
from warehouse.dispute_views import VIEWS as DISPUTE_VIEW_SQL
from warehouse.flagsides import both_sides
from warehouse.snapshot_sync import copy_whole, fingerprints, literal_path, sync, write_parquet

log = logging.getLogger(__name__)

SNAPSHOT_SUFFIX = ".snapshot.duckdb"
PARQUET_SUFFIX = ".parquet"

# Relations the snapshot adds to the store's tables. Fact keys are stored with the figures
# (core.facts, migration 0015); source health is computed in Python (warehouse.health), so the
# snapshot materialises it as a table. `figure_keys` stays as a view for analysts' queries.
VIEWS = f"""
CREATE VIEW figure_keys AS
SELECT claim_id, idx, fact_key, key_value, key_lower, key_upper FROM figures WHERE fact_key IS NOT NULL;

CREATE VIEW claim_timeline AS
SELECT f.fact_key, f.subject, f.measure, f.unit, f.value, f.lower, f.upper, f.hedge, f.surface,
       f.reference, f.key_value, f.key_lower, f.key_upper, a.source, a.published_at, v.fetched_at,
       coalesce(a.published_at, v.fetched_at) AS reported_at,
       CAST(timezone('UTC', coalesce(a.published_at, v.fetched_at)) AS DATE) AS reported_on,
       a.url, a.title, c.claim_id, f.idx AS figure_idx, c.article_id, c.version, c.lang, c.text,
       c.current, c.cluster_id
FROM figures f
JOIN claims c ON c.claim_id = f.claim_id
JOIN articles a ON a.article_id = c.article_id
JOIN article_versions v ON v.article_id = c.article_id AND v.version = c.version
WHERE f.fact_key IS NOT NULL;

CREATE VIEW first_reported AS
WITH members AS (
    SELECT c.cluster_id, c.story_id, c.claim_id, c.text, c.lang, c.article_id, a.source, a.url, a.title,
           a.published_at, v.fetched_at, coalesce(a.published_at, v.fetched_at) AS reported_at
    FROM claims c
    JOIN articles a ON a.article_id = c.article_id
    JOIN article_versions v ON v.article_id = c.article_id AND v.version = c.version
    WHERE c.current AND c.cluster_id IS NOT NULL
), sizes AS (
    SELECT cluster_id, count(*) AS claims, count(DISTINCT source) AS sources,
           max(reported_at) AS last_reported_at
    FROM members GROUP BY cluster_id
)
SELECT m.cluster_id, m.source, m.reported_at, m.published_at, m.fetched_at, m.url, m.title,
       m.claim_id, m.article_id, m.lang, m.text, s.claims, s.sources, s.last_reported_at, m.story_id
FROM members m JOIN sizes s ON s.cluster_id = m.cluster_id
QUALIFY row_number() OVER (PARTITION BY m.cluster_id ORDER BY m.reported_at, m.fetched_at, m.claim_id) = 1;

CREATE VIEW open_contradictions AS
SELECT x.contradiction_id, x.kind, x.fact_key, x.score, x.reason, x.detected_at,
       x.claim_a, ca.text AS text_a, aa.source AS source_a, aa.url AS url_a,
       coalesce(aa.published_at, va.fetched_at) AS reported_at_a,
       x.claim_b, cb.text AS text_b, ab.source AS source_b, ab.url AS url_b,
       coalesce(ab.published_at, vb.fetched_at) AS reported_at_b
{both_sides(versions=True)}
WHERE x.status = 'open';
"""
# Tables the snapshot keeps empty, and the tables it adds itself (made again each publish).
PRIVATE = ("review_sessions", "reviewers")
OWN_TABLES = frozenset({"source_health", "snapshot_info"})
_SNAP = "claimwatch_snapshot"  # the snapshot file's catalog name where it is attached
ANALYST_VIEWS = ("claim_timeline", "first_reported", "open_contradictions", "source_health", *DISPUTE_VIEWS)


@dataclass(frozen=True)
class SnapshotPaths:
    live: Path  # the writer's store
    duckdb: Path  # the analysts' DuckDB file
    parquet: Path  # the analysts' Parquet folder

    @property
    def lock(self) -> Path:
        """The file whose flock makes publishes of this store take turns."""
        return self.live.with_name(f".{self.live.name}.publish.lock")

    @property
    def prints(self) -> Path:
        """{published_at: {table: (rows, fingerprint)}} of the last snapshot files published."""
        return self.duckdb.with_name(f".{self.duckdb.name}.prints.json")

    @property
    def spare(self) -> Path:
        """The snapshot file published before the current one: the next publish syncs it."""
        return self.duckdb.with_name(f".{self.duckdb.name}.spare")

    def staging(self, tag: str) -> tuple[Path, Path, Path]:
        """One publish's working names beside the targets: the new file, the new folder, the new link."""
        return (
            self.duckdb.with_name(f".{self.duckdb.name}.{tag}.tmp"),
            self.parquet.with_name(f".{self.parquet.name}.{tag}.tmp"),
            self.parquet.with_name(f".{self.parquet.name}.{tag}.link"),
        )

    def versions(self) -> dict[int, Path]:
        """The Parquet version folders present: {N: x.parquet.vN}."""
        pattern = re.compile(re.escape(self.parquet.name) + r"\.v(\d+)$")
        found = {}
        for entry in self.parquet.parent.glob(f"{self.parquet.name}.v*"):
            match = pattern.match(entry.name)
            if match:
                found[int(match.group(1))] = entry
        return found

    def current(self) -> Path | None:
        """The version folder `x.parquet` points to now (None: no link yet)."""
        if not self.parquet.is_symlink():
            return None
        return self.parquet.parent / os.readlink(self.parquet)


def snapshot_paths(db: str | Path) -> SnapshotPaths:
    """Where the snapshot of the store `db` lives: `x.duckdb` -> `x.snapshot.duckdb` and
    `x.parquet/` beside it (any other name keeps its suffix: `x.db` -> `x.db.snapshot.duckdb`)."""
    live = Path(db)
    stem = live.name.removesuffix(".duckdb") if live.suffix == ".duckdb" else live.name
    return SnapshotPaths(live, live.with_name(stem + SNAPSHOT_SUFFIX), live.with_name(stem + PARQUET_SUFFIX))


def reader_path(db: str | Path, *, live: bool = False) -> tuple[Path, str | None]:
    """The file an analyst command reads for the store `db`, and a note to show when it is
    not the snapshot: the live file with `live=True`, or when no snapshot was published yet
    (a store made before snapshots, or built directly by library code)."""
    paths = snapshot_paths(db)
    if live or not paths.live.exists() or paths.live.name.endswith(SNAPSHOT_SUFFIX):
        return paths.live, None  # a missing store: connect() says so; a snapshot: read as given
    if paths.duckdb.exists():
        return paths.duckdb, None
    return paths.live, f"claimwatch: note: no snapshot at {paths.duckdb} yet; reading the live store"


def _remove(path: Path) -> None:
    if path.is_symlink():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
        Path(f"{path}.wal").unlink(missing_ok=True)


def _sync_live(paths: SnapshotPaths, target: Path) -> tuple[dict, bool]:
    """Bring `target`, the snapshot before the published one, up to the live store: only the
    tables and rows that changed (warehouse/snapshot_sync.py); copy every table (without keys:
    `copy_whole`) when there is no previous file, the schema changed or the file has keys. One
    read transaction on the live file. Returns ({table: (rows, fingerprint)} of the live tables,
    whether it was a whole copy)."""
    # Any schema: the sync is column-blind (a schema change copies whole); the snapshot's
    # readers check its version.
    with connect(paths.live, read_only=True, check_version=False) as con:  # waits while the file is held
        catalog = con.execute("SELECT current_database()").fetchone()[0]
        if _attach_previous(con, paths, target):
            recorded = _recorded(con, paths)
            try:
                prints = sync(con, catalog, _SNAP, PRIVATE, OWN_TABLES, recorded)
            except duckdb.Error as exc:  # whatever it was: a whole copy is always right
                log.warning("snapshot sync failed (%s): copying the store whole", exc)
                prints = None
            else:
                if prints is None:
                    log.info("snapshot schema differs from the store's (a migration, keys): copying it whole")
            if prints is not None:
                con.execute(f"DETACH {_SNAP}")
                return prints, False
            con.execute(f"DETACH {_SNAP}")
            _remove(target)
            con.execute(f"ATTACH {literal_path(target)} AS {_SNAP} (READ_WRITE)")
        copy_whole(con, catalog, _SNAP)
        con.execute(f"DETACH {_SNAP}")
        return fingerprints(con, catalog, PRIVATE), True


# How many published files' fingerprints the record keeps: the spare is the file published two
# publishes ago (or a copy of the last one); a few more cover publishes killed before their swap.
RECORDED = 4


def _recorded(con: duckdb.DuckDBPyConnection, paths: SnapshotPaths) -> dict | None:
    """The fingerprints of the attached snapshot file's tables as recorded when it was made, or
    None (not recorded: they are computed). Its `snapshot_info` (the stamp the record is found
    by) is dropped first, in its own commit: a sync killed after it changed rows leaves a file
    without a stamp, which the next publish fingerprints itself. Fingerprinting the snapshot's
    side was 0.43-0.55 s of a publish at 100k articles, as much as the live side."""
    try:
        stamp = con.execute(f"SELECT epoch_us(published_at) FROM {_SNAP}.snapshot_info").fetchone()
    except duckdb.Error:  # no snapshot_info: a file being made when its publish was killed
        stamp = None
    con.execute(f"DROP TABLE IF EXISTS {_SNAP}.snapshot_info")
    if stamp is None:
        return None
    try:
        entry = json.loads(paths.prints.read_text()).get(str(stamp[0]))
    except (OSError, ValueError, AttributeError):
        return None
    return {table: tuple(p) for table, p in entry.items()} if isinstance(entry, dict) else None


def _record(paths: SnapshotPaths, stamp: int, prints: dict) -> None:
    """Record the fingerprints of the complete file stamped `stamp` (written after it was
    detached, so a record always describes a finished file), keeping the last RECORDED."""
    try:
        kept = json.loads(paths.prints.read_text())
        kept = kept if isinstance(kept, dict) else {}
    except (OSError, ValueError):
        kept = {}
    kept[str(stamp)] = {table: list(p) for table, p in prints.items()}
    kept = dict(list(kept.items())[-RECORDED:])
    staging = paths.prints.with_name(f"{paths.prints.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    staging.write_text(json.dumps(kept))
    os.replace(staging, paths.prints)


def _held_here(path: Path) -> bool:
    """Whether this process has `path`'s inode open: POSIX record locks never conflict within
    one process, so DuckDB's read lock protects a reader only from other processes."""
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        return False
    wanted = path.stat()
    for fd in fds.iterdir():
        try:
            found = fd.stat()
        except OSError:
            continue
        if (found.st_ino, found.st_dev) == (wanted.st_ino, wanted.st_dev):
            return True
    return False


def _attach_previous(con: duckdb.DuckDBPyConnection, paths: SnapshotPaths, target: Path) -> bool:
    """Attach `target` as _SNAP, read-write. True: it holds an earlier snapshot to sync; False:
    a new empty file. A reader that still holds `target` (opened two publishes ago) keeps a
    read lock on it, so the attach fails and the file is unlinked (the reader keeps its inode)
    and started again from a byte copy of the published file (disk speed, no decoding)."""
    for source in ("kept", "published"):
        if source == "published":
            if not paths.duckdb.exists():
                break
            shutil.copyfile(paths.duckdb, target)
        elif not target.exists():
            continue
        elif _held_here(target):
            _remove(target)  # a reader of this very process: its lock does not stop our writes
            continue
        try:
            con.execute(f"ATTACH {literal_path(target)} AS {_SNAP} (READ_WRITE)")
            return True
        except duckdb.Error as exc:  # held by a reader (lock), or unreadable after a crash
            log.info("previous snapshot %s not usable (%s): starting it again", target, exc)
            _remove(target)
    con.execute(f"ATTACH {literal_path(target)} AS {_SNAP} (READ_WRITE)")
    return False


def _add_source_health(con: duckdb.DuckDBPyConnection) -> None:
    """`source_health`: warehouse.health's verdict per source, as `claimwatch sources status`."""
    from warehouse.health import source_health

    rows = source_health(con)
    con.register(
        "new_health",
        pa.table(
            {
                "source": pa.array([h.source for h in rows], pa.string()),
                "status": pa.array([h.status for h in rows], pa.string()),
                "failing_runs": pa.array([h.failing_streak for h in rows], pa.int32()),
                "runs": pa.array([h.runs for h in rows], pa.int32()),
                "last_articles_ok": pa.array([h.last_articles_ok for h in rows], pa.int32()),
                "last_articles_failed": pa.array([h.last_articles_failed for h in rows], pa.int32()),
                "last_run_at": pa.array([h.last_run_at for h in rows], pa.string()),
            }
        ),
    )
    try:
        con.execute(
            "CREATE TABLE source_health AS "
            "SELECT * REPLACE (CAST(last_run_at AS TIMESTAMPTZ) AS last_run_at) FROM new_health"
        )
    finally:
        con.unregister("new_health")


def _add_info(con: duckdb.DuckDBPyConnection, live: Path, published: datetime) -> None:
    """`snapshot_info`: when the snapshot was taken, from which store, after which run."""
    con.execute(
        """CREATE TABLE snapshot_info AS
           SELECT ?::TIMESTAMPTZ AS published_at, ?::VARCHAR AS store,
                  r.run_id AS last_run_id, r.status AS last_run_status, r.finished_at AS last_run_finished_at,
                  (SELECT max(version) FROM schema_migrations) AS schema_version
           FROM (SELECT 1) LEFT JOIN (SELECT * FROM runs ORDER BY started_at DESC LIMIT 1) r ON true""",
        [published, str(live.resolve())],
    )


def _relations(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        row[0]
        for row in con.execute(
            """SELECT table_name FROM information_schema.tables
               WHERE table_catalog = current_database() AND table_schema = 'main' ORDER BY table_name"""
        ).fetchall()
    ]


@contextmanager
def _publishing(paths: SnapshotPaths) -> Iterator[None]:
    """Hold the store's publish lock: a second publish (daily + backfill) waits here."""
    paths.lock.parent.mkdir(parents=True, exist_ok=True)
    with open(paths.lock, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes, or when a killed holder dies
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _clean_staging(paths: SnapshotPaths) -> None:
    """Remove what killed publishes left (called with the lock held: no publish is running)."""
    leftovers = [
        *paths.duckdb.parent.glob(f".{paths.duckdb.name}.*tmp"),
        *paths.parquet.parent.glob(f".{paths.parquet.name}.*tmp"),
        *paths.parquet.parent.glob(f".{paths.parquet.name}.*link"),
        paths.parquet.with_name(f".{paths.parquet.name}.old"),  # the two-rename swap of before
    ]
    current = paths.current()
    leftovers += [v for v in paths.versions().values() if current is None or v.name != current.name]
    for leftover in leftovers:
        _remove(leftover)


def _swap_file(paths: SnapshotPaths, kept: Path) -> None:
    """Publish the spare file in one rename, and keep the file it replaces as the next spare:
    the published name never lacks a complete file, and the next publish syncs the replaced
    one (two publishes behind) instead of copying the store."""
    if paths.duckdb.exists():
        os.link(paths.duckdb, kept)  # the outgoing file, under a staging name for a moment
    # A published file is complete (checkpointed when detached): a WAL beside its name was left
    # by a writer that opened the snapshot itself (the store's writer leaves its commits in its
    # WAL, warehouse/db.py), and DuckDB would replay it into the new file.
    wal_path(paths.duckdb).unlink(missing_ok=True)
    os.replace(paths.spare, paths.duckdb)
    if kept.exists():
        os.replace(kept, paths.spare)


def _swap_parquet(paths: SnapshotPaths, new_dir: Path, new_link: Path) -> Path:
    """Make `new_dir` the version `x.parquet` points to, in one rename; keep the previous version."""
    previous = paths.current()
    number = max(paths.versions(), default=0) + 1
    if paths.parquet.exists() and not paths.parquet.is_symlink():
        # A folder from before versioning becomes a version itself; this once, between this
        # rename and the link's, the name is missing for a moment.
        previous = paths.parquet.with_name(f"{paths.parquet.name}.v{number}")
        paths.parquet.rename(previous)
        number += 1
    version = paths.parquet.with_name(f"{paths.parquet.name}.v{number}")
    new_dir.rename(version)
    os.symlink(version.name, new_link)  # relative: the folder can move as a whole
    os.replace(new_link, paths.parquet)
    keep = {version.name} | ({previous.name} if previous is not None else set())
    for old in paths.versions().values():
        if old.name not in keep:
            _remove(old)
    return version


def _build(
    paths: SnapshotPaths, new_dir: Path, hold_live: Callable[[], AbstractContextManager]
) -> tuple[int, float, int, bool]:
    """Bring the spare snapshot file up to the live store and write the new Parquet folder
    under its staging name. Returns (relations written, seconds the live file was held,
    Parquet files written anew (the others are links to the current version's), whole copy)."""
    published = datetime.now(UTC)
    with hold_live():
        live_clock = time.perf_counter()
        prints, whole = _sync_live(paths, paths.spare)
        live_seconds = time.perf_counter() - live_clock
    con = duckdb.connect()  # an in-memory hub: the spare file is attached to it
    try:
        con.execute(f"ATTACH {literal_path(paths.spare)} AS {_SNAP}")
        con.execute(f"USE {_SNAP}")
        for private in PRIVATE:  # hashes stay out of the analysts' copy (a whole copy brought them)
            if private in prints:
                con.execute(f"DELETE FROM {private}")
        # The snapshot's own relations are made again each time: views from this code's text.
        for (view,) in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE database_name = ? AND NOT internal", [_SNAP]
        ).fetchall():
            con.execute(f'DROP VIEW "{view}"')
        for table in OWN_TABLES:
            con.execute(f"DROP TABLE IF EXISTS {table}")
        _add_source_health(con)
        _add_info(con, paths.live, published)
        stamp = con.execute("SELECT epoch_us(published_at) FROM snapshot_info").fetchone()[0]
        con.execute(VIEWS)
        con.execute(DISPUTE_VIEW_SQL)  # facts, positions, disputes, provenance_edges (issue 17)
        relations = _relations(con)
        written = write_parquet(con, relations, prints, paths.current(), new_dir)
        con.execute("USE memory")
        con.execute(f"DETACH {_SNAP}")  # checkpoints: the file is complete and has no WAL
    finally:
        con.close()
    _record(paths, stamp, prints)
    return len(relations), live_seconds, written, whole


def publish_snapshot(db: str | Path, hold_live: Callable[[], AbstractContextManager] = nullcontext) -> dict:
    """Publish the analysts' snapshot of the store `db` (see the module docstring).

    Args:
        db: the live DuckDB store. No connection of this process may have it open read-write
            (the job calls this after its last write); another process holding it is waited
            for as by `warehouse.db.connect`.
        hold_live: entered while the live file is open (the flow passes its writer slot, so
            that no other run writes during the copy).

    Returns:
        {"duckdb", "parquet": the paths, "relations": tables and views written,
         "live_seconds": how long the live file was held, "seconds": the whole publish}.
    """
    paths = snapshot_paths(db)
    if not paths.live.exists():
        raise DatabaseError(f"no database at {paths.live}: run `claimwatch run` first")
    clock = time.perf_counter()
    with _publishing(paths):
        _clean_staging(paths)
        new_file, new_dir, new_link = paths.staging(f"{os.getpid()}-{secrets.token_hex(4)}")
        try:
            relations, live_seconds, written, whole = _build(paths, new_dir, hold_live)
            _swap_file(paths, new_file)
            _swap_parquet(paths, new_dir, new_link)
        except BaseException:
            for leftover in (new_file, new_dir, new_link):
                _remove(leftover)
            raise
    seconds = time.perf_counter() - clock
    log.info("snapshot %s published in %.2f s (live store held %.2f s)", paths.duckdb, seconds, live_seconds)
    return {
        "duckdb": str(paths.duckdb),
        "parquet": str(paths.parquet),
        "relations": relations,
        "live_seconds": round(live_seconds, 3),
        "whole_copy": whole,
        "parquet_written": written,
        "seconds": round(seconds, 3),
    }


_PEEK = "claimwatch_published"  # the published file's catalog name while snapshot_unchanged reads it


def snapshot_unchanged(con: duckdb.DuckDBPyConnection, db: str | Path, run_id: str) -> dict | None:
    """Issue 16: whether the run `run_id`, whose stages wrote nothing, may leave the published
    snapshot as it is. `con` is the job's connection to the live store `db`. Yes when the
    published file and Parquet link exist, the file was made from this schema version, after
    a completed run, and every run since (this one aside) completed and left it unchanged too:
    a run killed or failed after writing, or before its publish finished, makes the next one
    publish. Returns what the run report keeps in `snapshot` ({"unchanged": True, ...}), or None."""
    paths = snapshot_paths(db)
    folder = paths.current()
    if not paths.duckdb.exists() or folder is None or not folder.exists():
        return None
    try:
        con.execute(f"ATTACH {literal_path(paths.duckdb)} AS {_PEEK} (READ_ONLY)")
    except duckdb.Error as exc:  # unreadable, or held by this process in another mode: publish
        log.info("published snapshot not readable (%s): publishing", exc)
        return None
    try:
        info = con.execute(
            f"SELECT last_run_id, last_run_status, schema_version FROM {_PEEK}.snapshot_info"
        ).fetchone()
    except duckdb.Error:
        info = None
    finally:
        con.execute(f"DETACH {_PEEK}")
    schema = con.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]
    if info is None or info[1] != "completed" or info[2] != schema:
        return None
    since = con.execute("SELECT started_at FROM runs WHERE run_id = ?", [info[0]]).fetchone()
    if since is None:
        return None
    later = con.execute(
        "SELECT status, report FROM runs WHERE started_at > ? AND run_id <> ?", [since[0], run_id]
    ).fetchall()
    for status, report in later:
        if status != "completed" or not (json.loads(report or "{}").get("snapshot") or {}).get("unchanged"):
            return None
    return {
        "duckdb": str(paths.duckdb),
        "parquet": str(paths.parquet),
        "unchanged": True,
        "last_run_id": info[0],
    }
