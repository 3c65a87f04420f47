"""Shared fixtures: process defaults, the loopback fixture site, a store built by one real run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

# Under pytest-xdist (`-n 2`, pyproject's addopts) each worker gets its own PREFECT_HOME, set
# before anything imports Prefect: one home's ephemeral-API database and the job's writer slot
# would otherwise make the two workers' runs wait on each other.
if os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["PREFECT_HOME"] = os.path.join(
        os.environ.get("PREFECT_HOME", os.path.join(os.getcwd(), ".prefect")),
        os.environ["PYTEST_XDIST_WORKER"],
    )
    # Prefect creates its home's last folder only: the ephemeral API could not open its
    # database under a parent that did not exist yet ("unable to open database file").
    os.makedirs(os.environ["PREFECT_HOME"], exist_ok=True)

import pytest
from prefect_helpers import prefect_server  # noqa: F401  (one server for the server and Dask tests)

from settings import apply_process_defaults

apply_process_defaults()

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
SITE = FIXTURES / "site"


@pytest.fixture(scope="session")
def site_base():
    """The fixture site served on 127.0.0.1 for the whole session: (base URL, request log)."""
    from demo.localsite import serve

    with serve(SITE) as served:
        yield served


@pytest.fixture(scope="session")
def fixture_sources(site_base, tmp_path_factory) -> Path:
    from demo.localsite import render_sources

    return render_sources(
        FIXTURES / "sources.yaml", site_base[0], tmp_path_factory.mktemp("src") / "sources.yaml"
    )


def run_cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """`claimwatch ARGS` in a child process, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        cwd=TESTS.parent,
    )


@pytest.fixture(scope="session")
def crawled_db(fixture_sources, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """One real `claimwatch run` over the fixture site: (store path, finished process)."""
    db = tmp_path_factory.mktemp("e2e") / "store.duckdb"
    proc = run_cli("run", "--sources", str(fixture_sources), "--db", str(db), "-s", "DOWNLOAD_DELAY=0")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # The first crawl's items, kept: a later rerun on this store (test_e2e's) rewrites the
    # crawl folder with 304s, and which module runs first depends on the xdist worker.
    shutil.copy(db.parent / f"{db.name}.crawl" / "items.jsonl", db.parent / FIRST_CRAWL_ITEMS)
    return db, proc


FIRST_CRAWL_ITEMS = "first-crawl-items.jsonl"


@pytest.fixture(scope="session")
def en_nlp():
    from nlp.pipeline import build_nlp

    return build_nlp("en")


# The longest modules (seconds on a 2-core machine, `--durations`) start first: xdist hands out
# whole files (`--dist loadfile`), and test_resume's ~180 s started last would leave one worker
# running it alone at the end.
_LONG_FIRST = (
    "test_resume",
    "test_prefect_server",
    "test_demo",
    "test_dask",
    "test_blind_quality",
    "test_blind_quality_later",
)


def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        name = item.module.__name__.rsplit(".", 1)[-1]
        return _LONG_FIRST.index(name) if name in _LONG_FIRST else len(_LONG_FIRST)

    items.sort(key=rank)  # stable: the order within a module, and of the rest, is kept
