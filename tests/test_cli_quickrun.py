"""`claimwatch run` on the ephemeral API crawls and loads before Prefect (issue 16 item 3,
flows/quick.py): with nothing pending it records its run without importing Prefect; with work
pending it hands the run to the flow, which goes on from the claims stage."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from warehouse.db import copy_store
from warehouse.pending import SKIPPABLE

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.e2e

# The CLI in a child process, then whether any Prefect module was imported on the way.
_RUN = (
    "import sys; from cli.main import main; code = main(sys.argv[1:]); "
    "print('PREFECT', any(m == 'prefect' or m.startswith('prefect.') for m in sys.modules)); "
    "sys.exit(code)"
)


def _run(fixture_sources: Path, store: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            _RUN,
            "run",
            "--sources",
            str(fixture_sources),
            "--db",
            str(store),
            "-s",
            "DOWNLOAD_DELAY=0",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env={**env, "PYTHONUNBUFFERED": "1"},
        cwd=REPO,
    )


def _reports(store: Path) -> list[tuple[str, dict]]:
    with duckdb.connect(str(store), read_only=True) as con:
        rows = con.execute("SELECT status, report FROM runs ORDER BY started_at").fetchall()
    return [(status, json.loads(report)) for status, report in rows]


@pytest.fixture
def store(crawled_db, tmp_path) -> Path:
    """A private copy of the session's store (its snapshot is published by the run under test)."""
    copy = tmp_path / "store.duckdb"
    copy_store(crawled_db[0], copy)  # with its WAL
    return copy


def test_quickrun_nothing_pending_records_the_run_without_prefect(store, fixture_sources):
    proc = _run(fixture_sources, store)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "PREFECT False" in proc.stdout
    assert "nothing to do   " + ", ".join(SKIPPABLE) in proc.stdout  # the report text, as a flow run's
    (_, first), (status, quiet) = _reports(store)[0], _reports(store)[-1]
    assert status == "completed"
    assert quiet["skipped"] == list(SKIPPABLE)
    assert quiet["articles"]["new"] == quiet["articles"]["updated"] == 0
    assert quiet["claims"] == {"versions": 0, "new": 0, "failed": 0, "appearances": 0}
    assert quiet["contradictions"] == {"new": 0}
    assert set(quiet["seconds"]) == {"crawl", "load", "total"}
    assert set(quiet["crawl"]) == set(first["crawl"])
    # The same fields as the flow's record: no flow run; topics not scored; the snapshot part.
    assert set(quiet) - {"snapshot"} == set(first) - {"flow_run", "topics"}
    assert quiet["task_runner"] == {"kind": "local", "address": None, "workers": 2}


def test_quickrun_pending_work_goes_through_the_flow_crawling_once(store, fixture_sources):
    with duckdb.connect(str(store)) as con:  # one article version left for the topics stage
        con.execute(
            "UPDATE article_versions SET topics_scored = false "
            "WHERE rowid = (SELECT min(rowid) FROM article_versions)"
        )
    proc = _run(fixture_sources, store)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "PREFECT True" in proc.stdout
    assert proc.stdout.count("] crawl: 3 sources") == 1  # crawled once, before Prefect
    assert proc.stdout.count("] load: running") == 1
    runs = _reports(store)
    status, report = runs[-1]
    assert status == "completed"
    assert report["flow_run"]["name"].startswith("daily-ingest-")
    assert report["articles"]["new"] == 0
    assert report["topics"] is not None
    assert {"crawl", "load", "topics", "link"} <= set(report["seconds"])
    assert "claims" in report["skipped"]
    with duckdb.connect(str(store), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM article_versions WHERE NOT topics_scored").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM runs WHERE status = 'running'").fetchone()[0] == 0
