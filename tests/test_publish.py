"""Publishing the snapshot (issue #14): one publish at a time per store, unique staging names
cleaned only by the lock's holder, and a Parquet set swapped by one rename of a link, so a
reader finds a complete set at every instant."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import duckdb
import pytest
from store_helpers import add_article

import warehouse.snapshot
from warehouse.db import connect
from warehouse.snapshot import ANALYST_VIEWS, publish_snapshot, snapshot_paths

TESTS = Path(__file__).parent
REPO = TESTS.parent


@pytest.fixture
def store(tmp_path) -> Path:
    db = tmp_path / "store.duckdb"
    with connect(db) as con:
        for n in range(20):
            add_article(con, f"a{n}", f"outlet-{n % 3}")
    return db


def _assert_complete(db: Path) -> None:
    """The snapshot opens and holds every relation; the Parquet link leads to one entry for each:
    a store table's folder of parts, a view's file."""
    paths = snapshot_paths(db)
    with duckdb.connect(str(paths.duckdb), read_only=True) as con:
        relations = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        }
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 20
    assert set(ANALYST_VIEWS) | {"articles", "snapshot_info"} <= relations
    assert paths.parquet.is_symlink()
    assert {p.stem for p in paths.parquet.glob("*.parquet")} == relations
    assert [p.read_bytes()[:4] for p in (paths.parquet / "articles.parquet").iterdir()] == [b"PAR1"]
    assert (paths.parquet / "claim_timeline.parquet").read_bytes()[:4] == b"PAR1"


def _names(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.iterdir())


_PUBLISHER = textwrap.dedent(
    """
    import sys
    from warehouse.snapshot import publish_snapshot

    for _ in range(int(sys.argv[2])):
        publish_snapshot(sys.argv[1])
    print("done", flush=True)
    """
)


def test_publish_concurrent_publishes_take_turns_and_readers_always_find_a_complete_set(store):
    publish_snapshot(store)
    paths = snapshot_paths(store)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(TESTS)])}
    # Two processes (a daily run and a backfill), three publishes each, all at once.
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _PUBLISHER, str(store), "3"], env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    reads, misses = 0, []
    while any(p.poll() is None for p in procs):  # a reader, by path, through every swap
        try:
            with open(paths.parquet / "claim_timeline.parquet", "rb") as handle:
                assert handle.read(4) == b"PAR1"
            with duckdb.connect(str(paths.duckdb), read_only=True) as con:
                assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 20
            with duckdb.connect() as con:  # a table's folder of parts
                assert (
                    con.execute(f"SELECT count(*) FROM '{paths.parquet}/articles.parquet'").fetchone()[0]
                    == 20
                )
            reads += 1
        except OSError as exc:
            misses.append(repr(exc))
    for proc in procs:
        out, _ = proc.communicate()
        assert proc.returncode == 0
        assert out.strip() == "done"
    assert misses == []
    assert reads > 0
    _assert_complete(store)
    # No staging left; the current version and the one before it only.
    names = _names(store)
    assert [n for n in names if n.endswith((".tmp", ".link", ".old"))] == []
    assert len(paths.versions()) == 2
    assert os.readlink(paths.parquet) == f"store.parquet.v{max(paths.versions())}"  # 1 + 6 publishes


def test_publish_waits_for_the_lock_and_leaves_a_live_publish_staging_alone(store):
    publish_snapshot(store)
    paths = snapshot_paths(store)
    # Another publish is half-way: it holds the lock and has staging files out.
    theirs = paths.duckdb.with_name(f".{paths.duckdb.name}.4242-beef.tmp")
    theirs.write_bytes(b"half a snapshot")
    lock = open(paths.lock, "a+b")  # noqa: SIM115 -- held across the thread below
    fcntl.flock(lock, fcntl.LOCK_EX)
    done = threading.Event()
    worker = threading.Thread(target=lambda: (publish_snapshot(store), done.set()))
    worker.start()
    try:
        time.sleep(1.0)  # long enough for an unguarded publish to clean and finish (~0.3 s here)
        assert not done.is_set()  # it waits its turn ...
        assert theirs.exists()  # ... and does not touch the holder's staging
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()
    worker.join(timeout=60)
    assert done.is_set()
    assert not theirs.exists()  # a holder that let go left it: stale, cleaned inside the lock
    _assert_complete(store)


def test_publish_crash_before_the_link_swap_keeps_the_last_good_set(store, monkeypatch):
    publish_snapshot(store)
    paths = snapshot_paths(store)
    good = paths.current()
    real_replace = os.replace

    def crash_on_link(src, dst):
        if Path(dst) == paths.parquet:
            raise KeyboardInterrupt("killed between the version rename and the link swap")
        return real_replace(src, dst)

    monkeypatch.setattr(warehouse.snapshot.os, "replace", crash_on_link)
    with pytest.raises(KeyboardInterrupt):
        publish_snapshot(store)
    assert paths.current() == good  # readers still find the last complete set
    assert (paths.parquet / "articles.parquet" / "part-00000.parquet").read_bytes()[:4] == b"PAR1"
    monkeypatch.setattr(warehouse.snapshot.os, "replace", real_replace)
    # A hard kill leaves staging and an orphan version behind: the next publish clears them.
    (store.parent / f".{paths.parquet.name}.999-dead.tmp").mkdir()
    (store.parent / f".{paths.duckdb.name}.999-dead.tmp").write_bytes(b"x")
    publish_snapshot(store)
    _assert_complete(store)
    assert paths.current() != good
    assert set(paths.versions().values()) == {paths.current(), good}  # the previous one is kept
    assert [n for n in _names(store) if n.endswith((".tmp", ".link"))] == []


def test_publish_turns_a_folder_of_before_into_a_version(store):
    paths = snapshot_paths(store)
    paths.parquet.mkdir()
    (paths.parquet / "articles.parquet").write_bytes(b"PAR1 old")
    publish_snapshot(store)
    _assert_complete(store)
    old = [v for v in paths.versions().values() if v != paths.current()]
    assert [(v / "articles.parquet").read_bytes() for v in old] == [b"PAR1 old"]  # kept as the previous


def _differences(db: Path, parquet: bool = False) -> dict[str, int]:
    """Rows that differ between the live store and its snapshot file (or, `parquet`, its
    published Parquet set), per store table, both ways."""
    paths = snapshot_paths(db)
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{db}' AS live (READ_ONLY)")
        if not parquet:
            con.execute(f"ATTACH '{paths.duckdb}' AS snap (READ_ONLY)")
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'live' "
                "AND table_type = 'BASE TABLE'"
            ).fetchall()
        ]
        published = (lambda t: f"'{paths.parquet}/{t}.parquet'") if parquet else (lambda t: f'snap."{t}"')
        return {
            t: con.execute(
                f'SELECT (SELECT count(*) FROM (SELECT * FROM live."{t}" EXCEPT ALL '
                f"SELECT * FROM {published(t)})) + (SELECT count(*) FROM (SELECT * FROM {published(t)} "
                f'EXCEPT ALL SELECT * FROM live."{t}"))'
            ).fetchone()[0]
            for t in tables
            if t not in ("reviewers", "review_sessions")
        }
    finally:
        con.close()


def test_publish_brings_the_previous_snapshot_up_to_date_row_by_row(store):
    paths = snapshot_paths(store)
    assert publish_snapshot(store)["whole_copy"]  # nothing to start from
    with connect(store) as con:
        add_article(con, "b1", "outlet-new")
    second = publish_snapshot(store)  # starts from a byte copy of the published file
    assert not second["whole_copy"]
    assert paths.spare.exists()
    assert paths.spare.stat().st_ino != paths.duckdb.stat().st_ino
    with connect(store) as con:  # an insert, an update, a delete, a row twice in a keyless table
        add_article(con, "b2", "outlet-new")
        con.execute("UPDATE articles SET title = 'changed ''quote' WHERE article_id = 'a3'")
        con.execute("DELETE FROM article_versions WHERE article_id = 'a4'")
        con.execute("DELETE FROM articles WHERE article_id = 'a4'")
        con.execute("INSERT INTO article_lsh VALUES (7, 1, 'a1'), (7, 1, 'a1')")
    for _ in range(2):  # each spare is two publishes behind: both must come out equal
        result = publish_snapshot(store)
        assert not result["whole_copy"]
        assert set(_differences(store).values()) == {0}, _differences(store)
    with duckdb.connect(str(paths.duckdb), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM article_lsh WHERE bucket = 7").fetchone()[0] == 2
        title = con.execute("SELECT title FROM articles WHERE article_id = 'a3'").fetchone()[0]
        assert title == "changed 'quote"
    # Nothing changed in the store since: its tables' Parquet files are the previous version's.
    before = paths.current()
    assert publish_snapshot(store)["parquet_written"] < len(ANALYST_VIEWS) + 3

    def parts(version: Path) -> list[tuple[str, int]]:
        return sorted((p.name, p.stat().st_ino) for p in (version / "articles.parquet").iterdir())

    assert parts(paths.current()) == parts(before)  # the same parts, hard links
    with duckdb.connect() as con:
        assert con.execute(f"SELECT count(*) FROM '{paths.parquet}/articles.parquet'").fetchone()[0] == 21


def test_publish_copies_whole_when_a_reader_holds_the_spare_or_the_schema_changed(store):
    paths = snapshot_paths(store)
    publish_snapshot(store)
    publish_snapshot(store)
    # A reader in another process opened the snapshot two publishes ago and still holds it.
    held = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True); print('open', flush=True); "
            "sys.stdin.readline(); print(c.execute('SELECT count(*) FROM articles').fetchone()[0])",
            str(paths.spare),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert held.stdout.readline().strip() == "open"
        with connect(store) as con:
            add_article(con, "b1", "outlet-new")
        publish_snapshot(store)  # cannot write the held file: starts from a copy of the published one
        out, _ = held.communicate("go\n", timeout=60)
    finally:
        if held.poll() is None:
            held.kill()
    assert out.strip() == "20"  # the reader's file was never written
    assert set(_differences(store).values()) == {0}
    with connect(store) as con:  # a migration of later: a new column
        con.execute("ALTER TABLE articles ADD COLUMN extra VARCHAR DEFAULT 'x'")
    # Both files are of the old schema: each is copied whole once, then syncs again.
    assert [publish_snapshot(store)["whole_copy"] for _ in range(3)] == [True, True, False]
    assert set(_differences(store).values()) == {0}


def test_publish_never_writes_a_file_a_reader_of_this_process_holds(store):
    paths = snapshot_paths(store)
    publish_snapshot(store)
    reader = duckdb.connect(str(paths.duckdb), read_only=True)
    raw = open(paths.duckdb, "rb")  # noqa: SIM115 -- the held inode's bytes, read again below
    before = raw.read()
    try:
        for n in range(2):  # the held file becomes the spare, then would be written
            with connect(store) as con:
                add_article(con, f"late{n}", "outlet-new")
            publish_snapshot(store)
        assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 20
        raw.seek(0)
        assert raw.read() == before  # never written
    finally:
        reader.close()
        raw.close()
    assert set(_differences(store).values()) == {0}


def test_publish_adds_a_part_of_new_vectors_instead_of_writing_them_all_again(store):
    from store_helpers import basis, set_vector

    paths = snapshot_paths(store)

    def vectors() -> tuple[list[str], int]:
        folder = paths.parquet / "embeddings.parquet"
        with duckdb.connect() as con:
            rows = con.execute(f"SELECT count(*) FROM read_parquet('{folder}/*.parquet')").fetchone()[0]
        return sorted(p.name for p in folder.iterdir()), rows

    with connect(store) as con:
        set_vector(con, "first", basis(0))
    publish_snapshot(store)
    first = paths.current() / "embeddings.parquet" / "part-00000.parquet"
    with connect(store) as con:
        set_vector(con, "second", basis(1))
        set_vector(con, "third", basis(2))
    publish_snapshot(store)
    assert vectors() == (["part-00000.parquet", "part-00001.parquet"], 3)
    assert (paths.parquet / "embeddings.parquet" / "part-00000.parquet").stat().st_ino == first.stat().st_ino
    publish_snapshot(store)  # nothing new: no new part
    assert vectors() == (["part-00000.parquet", "part-00001.parquet"], 3)
    with connect(store) as con:  # a vector left the table: the parts are written again as one
        con.execute("DELETE FROM embeddings WHERE text_sha1 = (SELECT min(text_sha1) FROM embeddings)")
    publish_snapshot(store)
    assert vectors() == (["part-00000.parquet"], 2)


def test_publish_killed_mid_sync_keeps_the_published_file_and_the_next_publish_repairs_the_spare(
    store, monkeypatch
):
    import warehouse.snapshot_sync as snapshot_sync

    paths = snapshot_paths(store)
    for _ in range(2):
        publish_snapshot(store)
    with connect(store) as con:
        add_article(con, "b1", "outlet-new")
        con.execute("UPDATE articles SET title = 'edited' WHERE article_id = 'a1'")
    real, calls = snapshot_sync._sync_keyed, []

    def killed_after_one_table(*args):
        real(*args)
        calls.append(args[3])
        raise KeyboardInterrupt("killed between two tables of the sync")

    monkeypatch.setattr(snapshot_sync, "_sync_keyed", killed_after_one_table)
    with pytest.raises(KeyboardInterrupt):
        publish_snapshot(store)
    assert calls  # the spare was half brought up to date
    with duckdb.connect(str(paths.duckdb), read_only=True) as con:  # the published file is untouched
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 20
    monkeypatch.setattr(snapshot_sync, "_sync_keyed", real)
    assert publish_snapshot(store)["whole_copy"] is False
    assert set(_differences(store).values()) == {0}


def test_publish_copies_appended_rows_only_and_still_equals_the_store_after_a_delete(store, monkeypatch):
    from store_helpers import basis, set_vector

    import warehouse.snapshot_sync as snapshot_sync

    paths = snapshot_paths(store)

    def parquet_matches_live() -> bool:
        with duckdb.connect() as con:
            con.execute(f"ATTACH '{store}' AS live (READ_ONLY)")
            folder = paths.parquet / "embeddings.parquet"
            return not con.execute(
                f"SELECT count(*) FROM ((SELECT * FROM read_parquet('{folder}/*.parquet') EXCEPT ALL "
                f"SELECT * FROM live.embeddings) UNION ALL (SELECT * FROM live.embeddings EXCEPT ALL "
                f"SELECT * FROM read_parquet('{folder}/*.parquet')))"
            ).fetchone()[0]

    with connect(store) as con:
        set_vector(con, "v0", basis(0))
    for _ in range(2):
        publish_snapshot(store)
    compared = []
    keyed, multiset = snapshot_sync._sync_keyed, snapshot_sync._sync_multiset
    monkeypatch.setattr(snapshot_sync, "_sync_keyed", lambda *a: (compared.append(a[3]), keyed(*a)))
    monkeypatch.setattr(snapshot_sync, "_sync_multiset", lambda *a: (compared.append(a[1]), multiset(*a)))
    with connect(store) as con:  # only appends: vectors and MinHash buckets (a keyless table)
        for n in range(1, 4):
            set_vector(con, f"v{n}", basis(n))
        con.execute("INSERT INTO article_lsh VALUES (7, 1, 'a1'), (7, 1, 'a1')")
    for _ in range(2):  # both files (each two publishes behind) take the appended rows alone
        assert not publish_snapshot(store)["whole_copy"]
        assert set(_differences(store).values()) == {0}, _differences(store)
        assert parquet_matches_live()
    assert not [t for t in compared if "embeddings" in t or "article_lsh" in t]
    assert len(list((paths.parquet / "embeddings.parquet").glob("part-*.parquet"))) == 2
    with connect(store) as con:  # a delete, then appends: the fingerprints do not add up
        con.execute("DELETE FROM embeddings WHERE text_sha1 = (SELECT min(text_sha1) FROM embeddings)")
        con.execute("CHECKPOINT")
        for n in range(8, 10):
            set_vector(con, f"v{n}", basis(n))
    for _ in range(2):
        assert not publish_snapshot(store)["whole_copy"]
        assert set(_differences(store).values()) == {0}, _differences(store)
        assert parquet_matches_live()
    assert "embeddings" in compared  # compared row by row, not taken as appended


def _parts(db: Path, table: str) -> list[tuple[str, int, int]]:
    """(name, inode, rows) of each part file of `table` in the published Parquet set."""
    folder = snapshot_paths(db).parquet / f"{table}.parquet"
    with duckdb.connect() as con:
        return [
            (p.name, p.stat().st_ino, con.execute(f"SELECT count(*) FROM '{p}'").fetchone()[0])
            for p in sorted(folder.iterdir())
        ]


def test_publish_writes_a_part_of_the_added_rows_and_a_changed_table_again(store):
    first = publish_snapshot(store)  # the first publish: every table whole, one part each
    assert first["whole_copy"]
    [(name, first_ino, rows)] = _parts(store, "articles")
    assert (name, rows) == ("part-00000.parquet", 20)
    with connect(store) as con:
        add_article(con, "b1", "outlet-new")
        add_article(con, "b2", "outlet-new")
    publish_snapshot(store)
    # The first part is the same file (a hard link); the new one holds the two new rows only.
    assert _parts(store, "articles") == [("part-00000.parquet", first_ino, 20), _parts(store, "articles")[1]]
    assert [(p, n) for p, _, n in _parts(store, "articles")] == [
        ("part-00000.parquet", 20),
        ("part-00001.parquet", 2),
    ]
    assert [n for _, _, n in _parts(store, "article_versions")] == [20, 2]
    assert set(_differences(store, parquet=True).values()) == {0}
    publish_snapshot(store)  # nothing changed: the same parts, no new one
    assert [(p, i) for p, i, _ in _parts(store, "articles")] == [
        ("part-00000.parquet", first_ino),
        ("part-00001.parquet", _parts(store, "articles")[1][1]),
    ]
    with connect(store) as con:  # a row of an old part changed: the table is written again, once
        con.execute("UPDATE articles SET title = 'edited' WHERE article_id = 'a3'")
        add_article(con, "b3", "outlet-new")
    publish_snapshot(store)
    assert [(p, n) for p, _, n in _parts(store, "articles")] == [("part-00000.parquet", 23)]
    assert [(p, n) for p, _, n in _parts(store, "article_versions")][-1] == ("part-00002.parquet", 1)
    assert set(_differences(store, parquet=True).values()) == {0}
    assert set(_differences(store).values()) == {0}


def test_publish_snapshot_keeps_no_keys_and_a_file_with_keys_is_copied_whole_once(store):
    paths = snapshot_paths(store)

    def keys(path: Path) -> int:
        with duckdb.connect(str(path), read_only=True) as con:
            return con.execute(
                "SELECT (SELECT count(*) FROM duckdb_constraints() WHERE constraint_type IN "
                "('PRIMARY KEY', 'UNIQUE')) + (SELECT count(*) FROM duckdb_indexes())"
            ).fetchone()[0]

    publish_snapshot(store)
    assert keys(store) > 0
    assert keys(paths.duckdb) == 0  # rows are matched by the live store's keys
    # The spare as a publish of before left it: COPY FROM DATABASE kept every key and index.
    with duckdb.connect() as con:
        con.execute(f"ATTACH '{store}' AS live (READ_ONLY)")
        con.execute(f"ATTACH '{paths.spare}' AS old")
        con.execute("COPY FROM DATABASE live TO old")
    assert keys(paths.spare) > 0
    with connect(store) as con:
        add_article(con, "b1", "outlet-new")
    assert publish_snapshot(store)["whole_copy"]  # the keyed file is copied whole, without keys
    assert keys(paths.duckdb) == 0
    assert set(_differences(store).values()) == {0}


_KILLED_PUBLISHER = textwrap.dedent(
    """
    import os, signal, sys
    import warehouse.snapshot as snapshot
    import warehouse.snapshot_sync as snapshot_sync

    where, after = sys.argv[2], int(sys.argv[3])
    module, name = (snapshot, "_swap_file") if where == "swap" else (snapshot_sync, where)
    real, calls = getattr(module, name), []

    def then_killed(*args):
        result = real(*args)
        calls.append(1)
        if len(calls) == after:  # kill -9 right after this call returned
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(module, name, then_killed)
    snapshot.publish_snapshot(sys.argv[1])
    """
)


@pytest.mark.parametrize(
    ("where", "after"),
    [("_sync_keyed", 1), ("_write_parts", 2), ("swap", 1)],
    ids=["mid-sync", "mid-parquet", "between-the-swaps"],
)
def test_publish_killed_9_keeps_the_last_snapshot_readable_and_the_next_publish_catches_up(
    store, where, after
):
    paths = snapshot_paths(store)
    for _ in range(2):
        publish_snapshot(store)
    with connect(store) as con:  # appended rows in two keyed tables, an updated row in a third
        add_article(con, "b1", "outlet-new")
        con.execute("UPDATE articles SET title = 'edited' WHERE article_id = 'a1'")
        con.execute("INSERT INTO runs (run_id, started_at, status) VALUES ('r1', now(), 'completed')")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(TESTS)])}
    killed = [sys.executable, "-c", _KILLED_PUBLISHER, str(store), where, str(after)]
    proc = subprocess.run(killed, env=env, timeout=120)
    assert proc.returncode == -9
    # Readers still find a complete snapshot and a complete Parquet set (the new file when the
    # kill fell after its rename), and the publish lock was let go with the process.
    with duckdb.connect(str(paths.duckdb), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == (21 if where == "swap" else 20)
    with duckdb.connect() as con:
        assert con.execute(f"SELECT count(*) FROM '{paths.parquet}/articles.parquet'").fetchone()[0] == 20
    result = publish_snapshot(store)  # catches up: only what changed, not a whole copy
    assert not result["whole_copy"]
    assert set(_differences(store).values()) == {0}, _differences(store)
    assert set(_differences(store, parquet=True).values()) == {0}, _differences(store, parquet=True)
    assert [n for _, _, n in _parts(store, "article_versions")] == [20, 1]
    assert [n for _, _, n in _parts(store, "articles")] == [21]  # an updated row: written again
    assert [n for n in _names(store) if n.endswith((".tmp", ".link"))] == []


def test_publish_reads_the_spare_fingerprints_from_its_record_and_computes_them_without_one(
    store, monkeypatch
):
    import warehouse.snapshot_sync as snapshot_sync

    paths = snapshot_paths(store)
    real, scanned = snapshot_sync.fingerprint, []

    def counted(con, catalog, table, columns):
        scanned.append(catalog)
        return real(con, catalog, table, columns)

    monkeypatch.setattr(snapshot_sync, "fingerprint", counted)
    for n in range(3):
        with connect(store) as con:
            add_article(con, f"b{n}", "outlet-new")
            con.execute("UPDATE articles SET title = ? WHERE article_id = 'a1'", [f"edit {n}"])
        scanned.clear()
        publish_snapshot(store)
        assert set(_differences(store).values()) == {0}, _differences(store)
        if n:  # the spare was published with this code: only the live store is scanned
            assert scanned
            assert "claimwatch_snapshot" not in scanned
    # A record that does not describe the spare (lost, or another file's) is not used.
    paths.prints.write_text("{}")
    with connect(store) as con:
        add_article(con, "c1", "outlet-new")
    scanned.clear()
    publish_snapshot(store)
    assert "claimwatch_snapshot" in scanned
    assert set(_differences(store).values()) == {0}, _differences(store)


def test_publish_copies_whole_when_the_snapshot_files_are_corrupt_or_missing(store):
    paths = snapshot_paths(store)
    for _ in range(2):
        publish_snapshot(store)
    paths.spare.write_bytes(b"not a database" * 1000)
    paths.duckdb.write_bytes(b"half a file" * 1000)  # the published file too (a disk error)
    (paths.current() / ".fingerprints.json").write_text("{not json")
    paths.prints.write_text("[1, 2")
    with connect(store) as con:
        add_article(con, "b1", "outlet-new")
    assert publish_snapshot(store)["whole_copy"]
    assert set(_differences(store).values()) == {0}, _differences(store)
    assert set(_differences(store, parquet=True).values()) == {0}, _differences(store, parquet=True)
    assert [n for _, _, n in _parts(store, "articles")] == [21]  # written whole, one part
    for path in (paths.duckdb, paths.spare, paths.prints):  # nothing to start from at all
        path.unlink(missing_ok=True)
    with connect(store) as con:
        add_article(con, "b2", "outlet-new")
    assert publish_snapshot(store)["whole_copy"]
    assert set(_differences(store).values()) == {0}, _differences(store)
    assert [n for _, _, n in _parts(store, "articles")] == [21, 1]  # the Parquet parts still count
    assert set(_differences(store, parquet=True).values()) == {0}, _differences(store, parquet=True)
