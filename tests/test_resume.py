"""Stages resume by state (issue #14, part 1): what each stage still has to do, all-or-nothing
batches, duplicates chosen by first sight, a replay that survives a bad article, and kill -9
at stage boundaries and inside stages, compared with an uninterrupted run.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import zlib
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from conftest import TESTS
from store_helpers import NOW, add_article, add_claims, claim, figure

from warehouse.claimstore import pending_versions
from warehouse.db import connect
from warehouse.ingest import article_id_for, mark_duplicates
from warehouse.stages import KILL_AT_ENV, STAGES, stage
from warehouse.stagestate import mark_done, pending_count, pending_counts

WIRE = " ".join(f"word{i}" for i in range(60))  # one wire story, reprinted word for word


# ---------------------------------------------------------------- the rule


def test_stages_every_stage_selects_and_marks_by_a_column_of_its_rows(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    assert list(STAGES) == [
        "claims",
        "cues",
        "embed",
        "topics",
        "claim-topics",
        "link",
        "contradictions",
        "factchecks",
        "disputes",
    ]
    assert pending_counts(con) == dict.fromkeys(STAGES, 0)  # every stage's SQL runs on the schema
    for s in STAGES.values():
        assert "since" not in s.pending()  # state, never time
        assert "_at" not in s.pending()
    with pytest.raises(ValueError, match="unknown stage 'crawl'"):
        stage("crawl")
    with pytest.raises(ValueError, match="named by"):
        mark_done(con, "link", {"article_id": ["a"]})


def test_stages_claims_pending_is_the_current_unprocessed_version(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    add_article(con, "a1", "alpha")
    add_article(con, "b1", "beta")
    con.execute(
        "INSERT INTO article_versions (article_id, version, content_sha1, text, fetch_id, fetched_at) "
        "VALUES ('a1', 2, 'sha2', 'v2', 'f', now())"
    )
    con.execute("UPDATE articles SET version = 2 WHERE article_id = 'a1'")
    assert [(p.article_id, p.version) for p in pending_versions(con)] == [("a1", 2), ("b1", 1)]
    add_claims(con, "b1", [claim("Sales rose 5%.", figure(5, "%", 5, 5, "5%", "acme"))])
    assert [(p.article_id, p.version) for p in pending_versions(con)] == [("a1", 2)]
    # The claims are pending for every later stage until each marks them.
    assert pending_count(con, "embed") == pending_count(con, "link") == pending_count(con, "factchecks") == 1
    assert pending_count(con, "topics") == 3  # every version, current or not
    assert pending_count(con, "claim-topics") == 1
    mark_done(
        con, "factchecks", {"claim_id": [r[0] for r in con.execute("SELECT claim_id FROM claims").fetchall()]}
    )
    assert pending_count(con, "factchecks") == 0
    assert pending_count(con, "link") == 1  # each stage its own column


def test_stages_embed_is_done_when_the_claim_has_its_rank(tmp_path):
    from store_helpers import basis, set_vector

    from flows.nlp_stage import score_new_claims

    con = connect(tmp_path / "s.duckdb")
    add_article(con, "a1", "alpha")
    text = "Nvidia chips worth at least $1 billion were smuggled into China."
    add_claims(con, "a1", [claim(text, figure(1e9, "USD", 1e9, None, "at least $1 billion", "nvidia"))])
    assert score_new_claims(con) == 0  # no vector yet: still pending
    assert pending_count(con, "embed") == 1
    set_vector(con, text, basis(0))
    assert score_new_claims(con) == 1
    assert pending_count(con, "embed") == 0
    assert score_new_claims(con) == 0  # a rerun ranks nothing again


# ---------------------------------------------------------------- the test-only kill hook


def _hook(point: str | None, calls: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != KILL_AT_ENV}
    if point is not None:
        env[KILL_AT_ENV] = point
    code = f"from warehouse.stages import reached, wrote\n{calls}\nprint('survived')"
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=TESTS.parent, timeout=60
    )


def test_stages_kill_hook_kills_at_the_named_point_only():
    calls = "reached('link'); wrote('link'); wrote('claims'); wrote('claims'); print('two'); wrote('claims')"
    assert _hook(None, calls).stdout.split() == ["two", "survived"]
    assert _hook("embed", calls).stdout.split() == ["two", "survived"]
    at_start = _hook("link", calls)
    assert at_start.returncode == -signal.SIGKILL
    assert at_start.stdout == ""
    third = _hook("claims:3", calls)
    assert third.returncode == -signal.SIGKILL
    assert third.stdout.split() == ["two"]
    assert "killed at claims:3" in third.stderr


# ---------------------------------------------------------------- duplicates


def _copy(con, article_id, source, published, first_seen, canonical=None, text=WIRE):
    url = f"https://{source}.example/{article_id}"
    con.execute(
        """INSERT INTO articles (article_id, url, canonical_url, source, title, published_at, lang, version,
                                 first_seen) VALUES (?, ?, ?, ?, 't', ?, 'en', 1, ?)""",
        [article_id, url, canonical or url, source, published, first_seen],
    )
    con.execute(
        "INSERT INTO article_versions (article_id, version, content_sha1, text, fetch_id, fetched_at, "
        "processed) VALUES (?, 1, ?, ?, 'f', ?, true)",
        [article_id, f"sha-{article_id}", text, first_seen],
    )


def _originals(con) -> dict[str, str | None]:
    return dict(con.execute("SELECT article_id, duplicate_of FROM articles ORDER BY 1").fetchall())


def test_duplicates_a_back_dated_near_copy_does_not_become_the_original(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    seen = datetime(2025, 7, 30, 6, tzinfo=UTC)
    _copy(con, "real", "ledger", seen - timedelta(hours=2), seen)
    # Seen minutes later, in the same crawl, dated a month back: a page date more than a day
    # before the real story was first seen does not make it the original.
    _copy(con, "aaa-copy", "scraper", seen - timedelta(days=30), seen + timedelta(minutes=5))
    assert mark_duplicates(con) == 1
    assert _originals(con) == {"aaa-copy": "real", "real": None}
    assert con.execute("SELECT processed FROM article_versions WHERE article_id = 'aaa-copy'").fetchone() == (
        False,
    )  # redone as appearances
    assert mark_duplicates(con) == 0


def test_duplicates_first_seen_wins_over_an_earlier_page_date(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    seen = datetime(2025, 7, 30, 6, tzinfo=UTC)
    _copy(con, "first", "wire", seen, seen)
    # Seen two days later, dated before the first copy: first seen still wins.
    _copy(con, "later", "reprint", seen - timedelta(days=3), seen + timedelta(days=2))
    mark_duplicates(con)
    assert _originals(con) == {"first": None, "later": "first"}


def test_duplicates_seen_together_go_by_credible_date_then_id_and_canonical_overrides(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    seen = datetime(2025, 7, 30, 6, tzinfo=UTC)
    # One crawl (or a crawl and its rerun after a crash): the credible earlier page date wins,
    # whatever order the parallel crawls fetched them in.
    _copy(con, "b-early", "beta", seen - timedelta(hours=5), seen + timedelta(minutes=3))
    _copy(con, "a-late", "alpha", seen - timedelta(hours=1), seen)
    other = "other story " * 30
    _copy(con, "c-nodate", "gamma", None, seen + timedelta(minutes=1), text=other)
    _copy(con, "d-nodate", "delta", None, seen, text=other)
    # rel=canonical names the original, whatever was seen first.
    third = "third story " * 30
    _copy(con, "e-syndicated", "eps", seen - timedelta(hours=9), seen, text=third)
    _copy(con, "f-home", "phi", None, seen + timedelta(hours=3), text=third)
    con.execute(
        "UPDATE articles SET canonical_url = 'https://phi.example/f-home' WHERE article_id = 'e-syndicated'"
    )
    assert mark_duplicates(con) == 3
    assert _originals(con) == {
        "a-late": "b-early",
        "b-early": None,
        "c-nodate": "d-nodate",  # no date on either: the smaller URL (port aside), not the fetch order
        "d-nodate": None,
        "e-syndicated": "f-home",
        "f-home": None,
    }


def test_duplicates_marking_is_one_transaction(tmp_path, monkeypatch):
    con = connect(tmp_path / "s.duckdb")
    seen = datetime(2025, 7, 30, 6, tzinfo=UTC)
    for n in range(3):
        _copy(con, f"c{n}", f"s{n}", seen, seen + timedelta(minutes=n))
    add_claims(con, "c2", [claim("Sales rose 5%.", figure(5, "%", 5, 5, "5%", "acme"))])
    monkeypatch.setattr("warehouse.ingest.batch", _failing_batch)
    with pytest.raises(RuntimeError):
        mark_duplicates(con)
    assert _originals(con) == dict.fromkeys(("c0", "c1", "c2"))
    assert con.execute("SELECT bool_and(current) FROM claims").fetchone() == (True,)


def _failing_batch(con, name):
    from contextlib import contextmanager

    @contextmanager
    def run():
        con.execute("BEGIN TRANSACTION")
        try:
            yield
            raise RuntimeError(f"killed inside {name}")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    return run()


# ---------------------------------------------------------------- reprocess


def test_reprocess_one_bad_article_is_rolled_back_counted_and_the_replay_goes_on(
    tmp_path, monkeypatch, caplog
):
    from flows.reprocess import reextract
    from warehouse import reprocess

    con = connect(tmp_path / "s.duckdb")
    page = "<html><head><title>{0}</title></head><body><article><p>{1}</p></article></body></html>"
    for name in ("a1", "b1", "c1"):
        url = f"https://alpha.example/{name}"
        _copy(con, article_id_for(url), "alpha", NOW, NOW, text=f"old text of {name}")
        con.execute(
            "UPDATE articles SET url = ?, canonical_url = ? WHERE article_id = ?",
            [url, url, article_id_for(url)],
        )
        body = page.format(name, f"Story {name}: " + "Chips sold 40% more this year than last. " * 12)
        con.execute(
            """INSERT INTO fetches (fetch_id, url, source, status, headers, body_sha1, body, fetched_at)
               VALUES (?, ?, 'alpha', 200, '{}', ?, ?, ?)""",
            [f"f-{name}", url, name, zlib.compress(body.encode()), NOW],
        )
    real = reprocess.store_article

    def store(con, item, fetch_id, result):
        real(con, item, fetch_id, result)
        if item["url"].endswith("/b1"):
            raise RuntimeError("constraint broke half-way")

    monkeypatch.setattr(reprocess, "store_article", store)
    result = reextract(con)
    assert result.failed == 1
    assert result.failed_by_source == {"alpha": 1}
    assert result.updated == 2
    assert "b1" in caplog.text
    versions = con.execute(
        """SELECT a.url, max(v.version) FROM article_versions v JOIN articles a USING (article_id)
           GROUP BY 1 ORDER BY 1"""
    ).fetchall()
    site = "https://alpha.example"
    # b1's half-written version was rolled back; a1 and c1 have their new versions, queued.
    assert versions == [(f"{site}/a1", 2), (f"{site}/b1", 1), (f"{site}/c1", 2)]
    assert con.execute("SELECT version FROM articles WHERE url LIKE '%/b1'").fetchone() == (1,)
    ids = [article_id_for(f"{site}/{name}") for name in ("a1", "c1")]
    assert sorted(p.article_id for p in pending_versions(con)) == sorted(ids)


def test_reprocess_before_prefect_records_its_run_and_a_failed_replay_fails_the_run(tmp_path, monkeypatch):
    # `claimwatch reprocess` re-extracts while Prefect's API boots (flows/reprocess.py
    # reextract_first): the runs row is started there and handed to the flow; a re-extract
    # that breaks finishes it as failed, as the flow does, instead of leaving it `running`.
    from flows import reprocess

    db = tmp_path / "s.duckdb"
    connect(db).close()
    handed = reprocess.reextract_first(str(db))
    assert handed["articles"]["new"] == 0
    assert set(handed["seconds"]) == {"re-extract"}

    def broken(db, since=None):
        raise RuntimeError("the archive is unreadable")

    monkeypatch.setattr(reprocess, "reextract_db", broken)
    with pytest.raises(RuntimeError, match="unreadable"):
        reprocess.reextract_first(str(db), "2026-01-01")
    with connect(db, read_only=True) as con:
        runs = dict(con.execute("SELECT status, sources_file FROM runs ORDER BY started_at").fetchall())
        error = con.execute("SELECT report->>'error' FROM runs WHERE status = 'failed'").fetchone()[0]
    assert runs == {"running": "reprocess since the start", "failed": "reprocess since 2026-01-01"}
    assert "unreadable" in error


# ---------------------------------------------------------------- kill -9, rerun, compare

# Wall-clock columns differ between any two runs; everything else must not.
_RUN_RECORDS = {"runs", "source_runs", "source_crawls", "schema_migrations"}  # per-run crawl reports too
# fetches.headers holds the server's Date; url_state.last_status is the last crawl's answer
# (200 the first time, 304 on any rerun of an unchanged page: a record of the run, like checked_at).
# dispute_inputs.digest hashes articles.first_seen (a claim's reported time falls back to it).
_WALL_CLOCK = {"headers", "last_status", "digest"}


def _store(db: Path) -> dict[str, list[tuple]]:
    """Every data table's rows, sorted, without run records and wall-clock columns; floats to 6
    decimals (a vector is computed in a batch of different size after a crash)."""

    def clean(value):
        if isinstance(value, float):
            return round(value, 6)
        if isinstance(value, list | tuple):
            return tuple(clean(v) for v in value)
        return value

    out = {}
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        for table in sorted(set(tables) - _RUN_RECORDS):
            columns = [
                name
                for name, kind in con.execute(
                    "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? "
                    "ORDER BY column_index",
                    [table],
                ).fetchall()
                if name not in _WALL_CLOCK
                and name != "run_id"
                and (not kind.startswith("TIMESTAMP") or name == "published_at")
            ]
            rows = con.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
            out[table] = sorted((tuple(clean(v) for v in row) for row in rows), key=repr)
    return out


def _run(sources: Path, db: Path, kill_at: str | None, home: Path) -> subprocess.CompletedProcess:
    """`claimwatch run` as its own process group (setsid), killed at `kill_at` by the hook; its
    ephemeral Prefect API keeps its database (and the writer slot) under `home`."""
    env = {k: v for k, v in os.environ.items() if k != KILL_AT_ENV} | {"PYTHONUNBUFFERED": "1"}
    env["PREFECT_HOME"] = str(home)
    if kill_at:
        env[KILL_AT_ENV] = kill_at
    args = [sys.executable, "-m", "cli.main", "run", "--sources", str(sources), "--db", str(db)]
    proc = subprocess.Popen(
        [*args, "-s", "DOWNLOAD_DELAY=0"],
        env=env,
        cwd=TESTS.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        out, _ = proc.communicate(timeout=600)
    finally:
        # Nothing of the run may outlive it (a Scrapy child, a Prefect server).
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    return subprocess.CompletedProcess(args, proc.returncode, out, "")


def _killed_as_planned(point: str, proc: subprocess.CompletedProcess) -> bool:
    return proc.returncode == -signal.SIGKILL and f"killed at {point}" in proc.stdout


def _kill_then_finish(sources: Path, db: Path, points: list[str], home: Path, stop: threading.Event) -> list:
    """Runs killed at each point in turn, then one to the end: [(point or None, process)],
    cut short at the first run that did not end as planned (the test says which)."""
    done = []
    for point in [*points, None]:
        if stop.is_set():
            break
        done.append((point, _run(sources, db, point, home)))
        if point is not None and not _killed_as_planned(point, done[-1][1]):
            break
    return done


def _assert_killed_then_finished(done: list, points: list[str]) -> None:
    assert [point for point, _ in done] == [*points, None][: len(done)]
    for point, proc in done:
        if point is None:
            assert proc.returncode == 0, proc.stdout[-3000:]
        else:
            assert proc.returncode == -signal.SIGKILL, (
                f"{point}: exit {proc.returncode}\n{proc.stdout[-3000:]}"
            )
            assert f"killed at {point}" in proc.stdout
    assert len(done) == len(points) + 1


def _assert_same_store(db: Path, reference: Path) -> None:
    got, want = _store(db), _store(reference)
    assert got.keys() == want.keys()
    for table in want:
        assert got[table] == want[table], table
    for table in ("claims", "links", "contradictions"):
        assert want[table], table  # the comparison has teeth
    with connect(db) as con:
        assert pending_counts(con) == pending_counts_of(reference)


def pending_counts_of(db: Path) -> dict[str, int]:
    with connect(db) as con:
        return pending_counts(con)


# One store killed at every stage boundary and inside every write-heavy stage, one after the
# other (each rerun first finishes what the last one left), then run to completion: the
# issue's measurement, with the kill points made deterministic by the hook.
KILL_SEQUENCE = [
    "crawl:1",  # one source crawled, nothing loaded
    "load:5",  # four crawl items committed, the fifth written and not
    "claims:4",  # the fourth article version of the first batch written, the batch not committed
    "embed:1",  # the vector batch written, not committed
    "embed:2",  # vectors committed, the ranks and `embedded` not
    "topics:1",  # scores written, not committed
    "link:1",  # links, `linked` and clusters written, not committed
    "disputes:1",  # positions, disputes, origins and their state written, not committed
    "contradictions",  # links committed, none judged (the 13 lost contradictions)
    "publish",  # run recorded, snapshot not published
]


# The one-kill test beside the sequence, on a store built from empty: the case, a first
# run killed before it judged its links. (A kill inside the first load, "load:3", ran here too:
# two more runs, ~40 s of CPU on a suite that is CPU-bound on CI's 2 cores, for what the
# sequence's "crawl:1" and "load:5" already kill.)
ONE_KILL = ["contradictions"]


@pytest.fixture(scope="module")
def kill_chains(fixture_sources, tmp_path_factory, request):
    """The selected kill tests' runs, started together in two threads: the sequence in one, the
    one-kill chain in the other (13 runs; 15 with "load:3" when measured): a full run keeps ~0.6
    of a core busy (25 s of CPU, its children included, in 39 s), so two chains share 2 cores
    with little loss (measured back to back on a shared 2-core machine: the three kill tests
    303 s one chain after the other, 231 s in two threads). Each chain
    has its own store and PREFECT_HOME: one home's writer slot would make one chain wait for
    the other's. Yields {chain: future of (store, [(point, process)])}."""
    wanted = [
        item.callspec.params.get("point", "sequence") if hasattr(item, "callspec") else "sequence"
        for item in request.session.items
        if item.module is request.module and "kill_chains" in item.fixturenames
    ]
    stop = threading.Event()

    def chain(name: str, points: list[str]) -> tuple[Path, list]:
        root = tmp_path_factory.mktemp(f"kill-{name.replace(':', '-')}")
        db = root / "killed.duckdb"
        return db, _kill_then_finish(fixture_sources, db, points, root / "prefect", stop)

    with ThreadPoolExecutor(max_workers=2) as pool:
        chains = {
            name: pool.submit(chain, name, KILL_SEQUENCE if name == "sequence" else [name])
            for name in ["sequence", *ONE_KILL]  # the longest first: it sets the module's time
            if name in wanted
        }
        try:
            yield chains
        finally:
            stop.set()  # a failed test: the chains start no further run


@pytest.mark.e2e
def test_resume_kill_at_every_stage_in_turn_then_rerun_equals_an_uninterrupted_run(kill_chains, crawled_db):
    reference, _ = crawled_db
    db, done = kill_chains["sequence"].result()
    _assert_killed_then_finished(done, KILL_SEQUENCE)
    _assert_same_store(db, reference)


@pytest.mark.e2e
@pytest.mark.parametrize("point", ONE_KILL)
def test_resume_one_kill_then_rerun_equals_an_uninterrupted_run(kill_chains, crawled_db, point):
    reference, _ = crawled_db
    db, done = kill_chains[point].result()
    _assert_killed_then_finished(done, [point])
    _assert_same_store(db, reference)


def test_load_stores_pages_before_the_feed_that_listed_them(tmp_path, monkeypatch):
    # A feed's validators mark it seen; loaded first, a kill before its pages lost them for
    # good (an unchanged feed re-lists only its last 3 days).
    import json

    from warehouse import ingest

    items = tmp_path / "items.jsonl"
    lines = [
        {"kind": "feed", "url": "http://127.0.0.1/rss.xml", "source": "alpha", "status": 200},
        {"kind": "article", "url": "http://127.0.0.1/a.html", "source": "alpha", "status": 404},
    ]
    items.write_text("\n".join([json.dumps(lines[0]), "{not json", json.dumps(lines[1])]) + "\n")
    order = []
    monkeypatch.setattr(ingest, "_load_item", lambda con, item, run_id, result: order.append(item["kind"]))
    result = ingest.load_crawl(connect(tmp_path / "s.duckdb"), items, "run")
    assert order == ["article", "feed"]
    assert result.bad_items == 1  # the bad line, counted once
    assert result.fetches == 2
