"""Shared fixtures: process defaults, the loopback fixture site, a store built by one real run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
    return db, proc


@pytest.fixture(scope="session")
def en_nlp():
    from nlp.pipeline import build_nlp

    return build_nlp("en")
