"""The analysts' snapshot (issue #7): published after each run, replaced atomically, read by
`sql` and `export` by default, never in the writer's way; and the analyst views in it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from store_helpers import add_article, add_claims, claim, figure

from cli.main import main
from core.claim import Figure
from warehouse.db import connect, copy_store
from warehouse.health import source_health
from warehouse.runs import RunReport, finish_run, start_run
from warehouse.snapshot import (
    ANALYST_VIEWS,
    publish_snapshot,
    reader_path,
    snapshot_paths,
    snapshot_unchanged,
)

REPO = Path(__file__).resolve().parents[1]


def _base_tables(con: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = ? "
            "AND table_type = 'BASE TABLE' ORDER BY 1",
            [catalog],
        ).fetchall()
    ]


def _copy_store(crawled_db, tmp_path: Path) -> Path:
    """A private copy of the session's store (nothing holds it between tests), with its snapshot."""
    store = tmp_path / "store.duckdb"
    copy_store(crawled_db[0], store)  # with its WAL: committed rows not yet checkpointed
    publish_snapshot(store)
    return store


def _add_article(store: Path, article_id: str) -> None:
    with connect(store) as con:
        add_article(con, article_id, "late-outlet")


def _count(path: Path, sql: str = "SELECT count(*) FROM articles") -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchone()[0]


def test_snapshot_paths_sit_beside_the_store(tmp_path):
    paths = snapshot_paths("data/x.duckdb")
    assert (paths.duckdb, paths.parquet) == (Path("data/x.snapshot.duckdb"), Path("data/x.parquet"))
    assert snapshot_paths("x.db").duckdb == Path("x.db.snapshot.duckdb")
    store = tmp_path / "s.duckdb"
    connect(store).close()  # a store made before snapshots: read live, with a note
    path, note = reader_path(store)
    assert path == store
    assert "no snapshot" in note
    publish_snapshot(store)
    assert reader_path(store) == (tmp_path / "s.snapshot.duckdb", None)
    assert reader_path(store, live=True) == (store, None)


def test_snapshot_published_by_the_run_matches_the_live_store(crawled_db):
    db, proc = crawled_db
    paths = snapshot_paths(db)
    assert paths.duckdb.exists(), proc.stdout  # the run's last stage published it
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{db}' AS live (READ_ONLY)")  # ATTACH takes no bound parameters
        con.execute(f"ATTACH '{paths.duckdb}' AS snap (READ_ONLY)")
        tables = _base_tables(con, "live")
        assert {"articles", "claims", "figures", "runs", "embeddings"} <= set(tables)
        assert set(tables) < set(_base_tables(con, "snap"))
        for table in tables:
            for a, b in (("live", "snap"), ("snap", "live")):
                diff = f'SELECT * FROM {a}."{table}" EXCEPT ALL SELECT * FROM {b}."{table}"'
                assert con.execute(f"SELECT count(*) FROM ({diff})").fetchone()[0] == 0, (table, a)
        last_run, status = con.execute(
            "SELECT run_id, status FROM live.runs ORDER BY started_at DESC LIMIT 1"
        ).fetchone()
        assert status == "completed"  # the run record was finished before the publish
        assert con.execute("SELECT last_run_id, last_run_status FROM snap.snapshot_info").fetchone() == (
            last_run,
            "completed",
        )
        relations = con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'snap'"
        ).fetchall()
        assert set(ANALYST_VIEWS) <= {r[0] for r in relations}
        parquet = {p.stem: p for p in paths.parquet.glob("*.parquet")}
        assert set(tables) | set(ANALYST_VIEWS) <= set(parquet)
        for name in ("claims", "claim_timeline", "open_contradictions"):
            expected = con.execute(f"SELECT count(*) FROM snap.{name}").fetchone()[0]
            assert con.execute("SELECT count(*) FROM read_parquet(?)", [str(parquet[name])]).fetchone() == (
                expected,
            )
        # The fixture site's smuggling figures: three outlets, one fact key.
        sources = con.execute(
            "SELECT DISTINCT source FROM snap.claim_timeline WHERE fact_key = 'nvidia|value|USD' ORDER BY 1"
        ).fetchall()
        assert len(sources) >= 2
    finally:
        con.close()


def test_snapshot_unchanged_only_while_every_run_since_it_completed_and_left_it_so(crawled_db, tmp_path):
    store = _copy_store(crawled_db, tmp_path)
    with connect(store) as con:
        quiet = start_run(con, "rerun")
        kept = snapshot_unchanged(con, store, quiet)
        assert kept is not None
        assert (kept["unchanged"], kept["duckdb"]) == (True, str(snapshot_paths(store).duckdb))
        finish_run(con, RunReport(run_id=quiet, sources=1, db=str(store), status="completed", snapshot=kept))
        assert snapshot_unchanged(con, store, start_run(con, "rerun")) is not None  # a quiet run since: still
        # The run above never finished (killed, or failed): whatever it wrote is not in the file.
        assert snapshot_unchanged(con, store, start_run(con, "rerun")) is None
        con.execute("DELETE FROM runs WHERE status = 'running'")
        assert snapshot_unchanged(con, store, start_run(con, "rerun")) is not None
        con.execute("DELETE FROM runs WHERE status = 'running'")
        con.execute(
            "UPDATE schema_migrations SET version = version + 1000 "
            "WHERE version = (SELECT max(version) FROM schema_migrations)"
        )
        assert snapshot_unchanged(con, store, start_run(con, "rerun")) is None  # a migration since: publish
        con.execute("UPDATE schema_migrations SET version = version - 1000 WHERE version > 1000")
        con.execute("DELETE FROM runs WHERE status = 'running'")
        snapshot_paths(store).duckdb.unlink()
        assert snapshot_unchanged(con, store, start_run(con, "rerun")) is None  # none published


_WRITER = textwrap.dedent(
    """
    import sys
    from warehouse.db import connect
    from warehouse.snapshot import publish_snapshot
    from store_helpers import add_article

    store = sys.argv[1]
    with connect(store) as con:  # the writer holds the live file from here ...
        add_article(con, "written-while-read", "late-outlet")
        print("writing", flush=True)
        sys.stdin.readline()  # ... until the test has read the snapshot meanwhile
    print(publish_snapshot(store)["duckdb"], flush=True)
    """
)


def test_snapshot_readers_never_block_the_writer(crawled_db, tmp_path):
    store = _copy_store(crawled_db, tmp_path)
    snapshot = snapshot_paths(store).duckdb
    before = _count(store)
    reader = duckdb.connect(str(snapshot), read_only=True)  # an analyst holds the snapshot open
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(store)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO / "tests",
        env={**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{REPO / 'tests'}"},
    )
    try:
        assert writer.stdout.readline().strip() == "writing", writer.stderr.read()
        # While the writer holds the live file, nobody else can open it (the measurement) ...
        with pytest.raises(duckdb.IOException, match="lock"):
            duckdb.connect(str(store), read_only=True)
        # ... but the snapshot reads fine.
        assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == before
        assert reader.execute("SELECT count(*) FROM claim_timeline").fetchone()[0] > 0
        out, err = writer.communicate("go\n", timeout=120)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.returncode == 0, err
    assert out.strip() == str(snapshot)
    # The held reader still sees the snapshot it opened; a new reader sees the new one.
    assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == before
    reader.close()
    assert _count(snapshot) == before + 1


def test_snapshot_replacement_is_atomic_for_open_readers(crawled_db, tmp_path):
    store = _copy_store(crawled_db, tmp_path)
    paths = snapshot_paths(store)
    old = duckdb.connect(str(paths.duckdb), read_only=True)
    old_parquet = (paths.parquet / "articles.parquet" / "part-00000.parquet").open("rb")
    n = old.execute("SELECT count(*) FROM articles").fetchone()[0]
    _add_article(store, "after-the-first-snapshot")
    result = publish_snapshot(store)
    assert result["live_seconds"] <= result["seconds"]
    # The old file lives on for its reader, whole: every table and view still answers.
    assert old.execute("SELECT count(*) FROM articles").fetchone()[0] == n
    for view in ANALYST_VIEWS:
        old.execute(f"SELECT * FROM {view}").fetchall()
    assert old_parquet.read(4) == b"PAR1"
    old_parquet.close()
    old.close()
    assert _count(paths.duckdb) == n + 1
    assert _count(paths.duckdb, f"SELECT count(*) FROM '{paths.parquet}/articles.parquet'") == n + 1
    # Only the store (its file and its WAL: the writer does not checkpoint at close), its snapshot,
    # the Parquet link, the new version and the previous one (kept for readers that resolved the
    # link just before the swap), the publish lock and the file published before this one (the
    # next publish brings it up to date): no staging.
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".store.duckdb.publish.lock",
        ".store.snapshot.duckdb.prints.json",
        ".store.snapshot.duckdb.spare",
        "store.duckdb",
        "store.duckdb.wal",
        "store.parquet",
        "store.parquet.v1",
        "store.parquet.v2",
        "store.snapshot.duckdb",
    ]
    assert os.readlink(paths.parquet) == "store.parquet.v2"


def test_cli_sql_and_export_read_the_snapshot_unless_live(crawled_db, tmp_path, capsys):
    store = _copy_store(crawled_db, tmp_path)
    _add_article(store, "only-in-the-live-file")
    query = "SELECT count(*) AS n FROM articles WHERE article_id = 'only-in-the-live-file'"
    assert main(["sql", "--db", str(store), query]) == 0
    assert capsys.readouterr().out.splitlines()[2].strip() == "0"
    assert main(["sql", "--db", str(store), "--live", query]) == 0
    assert capsys.readouterr().out.splitlines()[2].strip() == "1"
    assert main(["export", "articles", "--db", str(store)]) == 0
    snap_ids = {json.loads(line)["article_id"] for line in capsys.readouterr().out.splitlines()}
    assert main(["export", "articles", "--db", str(store), "--live"]) == 0
    live_ids = {json.loads(line)["article_id"] for line in capsys.readouterr().out.splitlines()}
    assert live_ids - snap_ids == {"only-in-the-live-file"}
    # A store without a snapshot (built by library code): the live file, with a one-line note.
    bare = tmp_path / "bare.duckdb"
    connect(bare).close()
    assert main(["sql", "--db", str(bare), "SELECT count(*) AS n FROM articles"]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1
    assert "no snapshot" in captured.err


T0 = datetime(2025, 7, 24, 10, tzinfo=UTC)


def _views_store(path: Path) -> None:
    """Three outlets state one fact: A first and exact, B a day later hedged, C (in a cluster
    with A) later with a different figure, and a ratio stated against its key's order; one
    open and one dismissed contradiction; source health over four runs, where C's discovery
    failed in the last three."""
    with connect(path) as con:
        for i, (article, source) in enumerate((("a", "outlet-a"), ("b", "outlet-b"), ("c", "outlet-c"))):
            add_article(con, article, source)
            con.execute(
                "UPDATE articles SET published_at = ? WHERE article_id = ?", [T0 + timedelta(days=i), article]
            )
        usd = "nvidia"
        (ca,) = add_claims(
            con, "a", [claim("Chips worth $1 billion.", figure(1e9, "USD", 1e9, 1e9, "$1 billion", usd))]
        )
        (cb,) = add_claims(
            con,
            "b",
            [
                claim(
                    "Chips worth about $1.2 billion.",
                    figure(1.2e9, "USD", 1.08e9, 1.32e9, "about $1.2 billion", usd, hedge="about"),
                )
            ],
        )
        # "zeta is twice alpha": keyed by the pair in name order, so alpha:zeta = 0.5.
        ratio = Figure(2.0, "x", 2.0, 2.0, "twice", 0, 5, "exact", 0.0, None, "zeta", "compute", "alpha")
        cc, _ = add_claims(
            con,
            "c",
            [
                claim("Chips worth $400 million.", figure(4e8, "USD", 4e8, 4e8, "$400 million", usd)),
                claim("Zeta is twice as fast as Alpha.", ratio, start=100),
            ],
        )
        con.execute("UPDATE claims SET cluster_id = ? WHERE claim_id IN (?, ?)", [ca, ca, cc])
        con.execute(
            """INSERT INTO contradictions (contradiction_id, claim_a, claim_b, kind, fact_key, reason, score,
                                           status, detected_at)
               VALUES ('x-open', ?, ?, 'quantity', 'nvidia|value|USD', 'A vs C', 0.7, 'open', ?),
                      ('x-dismissed', ?, ?, 'quantity', 'nvidia|value|USD', 'B vs C', 0.5, 'dismissed', ?)""",
            [ca, cc, T0, cb, cc, T0],
        )
        for run in range(4):
            for source in ("outlet-a", "outlet-c"):
                failed = source == "outlet-c" and run > 0
                con.execute(
                    """INSERT INTO source_runs (run_id, source, feeds_ok, feeds_failed, articles_ok,
                                              articles_failed, not_modified, skipped, finished_at)
                       VALUES (?, ?, ?, ?, 3, 0, 0, 0, ?)""",
                    [f"run{run}", source, 0 if failed else 1, 1 if failed else 0, T0 + timedelta(days=run)],
                )


def test_snapshot_views_return_the_expected_rows(tmp_path):
    store = tmp_path / "views.duckdb"
    _views_store(store)
    publish_snapshot(store)
    with duckdb.connect(str(snapshot_paths(store).duckdb), read_only=True) as con:
        timeline = con.execute(
            """SELECT fact_key, source, value, lower, upper, surface, hedge, reported_on, url
               FROM claim_timeline WHERE fact_key = 'nvidia|value|USD' ORDER BY reported_at"""
        ).fetchall()
        assert [row[:7] for row in timeline] == [
            ("nvidia|value|USD", "outlet-a", 1e9, 1e9, 1e9, "$1 billion", "exact"),
            ("nvidia|value|USD", "outlet-b", 1.2e9, 1.08e9, 1.32e9, "about $1.2 billion", "about"),
            ("nvidia|value|USD", "outlet-c", 4e8, 4e8, 4e8, "$400 million", "exact"),
        ]
        assert [str(row[7]) for row in timeline] == ["2025-07-24", "2025-07-25", "2025-07-26"]
        assert timeline[0][8] == "https://outlet-a.example/a"
        assert con.execute(
            "SELECT fact_key, value, key_value, key_lower, key_upper FROM claim_timeline WHERE unit = 'x'"
        ).fetchall() == [("alpha~zeta|compute|x", 2.0, 0.5, 0.5, 0.5)]

        first = con.execute("SELECT source, claims, sources, reported_at FROM first_reported").fetchall()
        assert first == [("outlet-a", 2, 2, T0)]  # B's claim is in no cluster

        open_rows = con.execute(
            "SELECT contradiction_id, text_a, source_a, reported_at_a, text_b, source_b, reported_at_b, "
            "reason "
            "FROM open_contradictions"
        ).fetchall()
        assert open_rows == [
            (
                "x-open",
                "Chips worth $1 billion.",
                "outlet-a",
                T0,
                "Chips worth $400 million.",
                "outlet-c",
                T0 + timedelta(days=2),
                "A vs C",
            )
        ]

        health = con.execute(
            "SELECT source, status, failing_runs, runs FROM source_health ORDER BY 1"
        ).fetchall()
    with connect(store, read_only=True) as live:
        expected = sorted((h.source, h.status, h.failing_streak, h.runs) for h in source_health(live))
    assert health == expected == [("outlet-a", "ok", 0, 4), ("outlet-c", "unhealthy", 3, 4)]
