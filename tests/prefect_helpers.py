"""A real `prefect server` for the tests (session-scoped: the server and Dask tests share it).

Started on a free loopback port with a temporary PREFECT_HOME and SQLite database; stopped
by its process group in a finally. Subprocesses get `api.env` (PREFECT_API_URL set).
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@dataclass
class PrefectAPI:
    url: str
    home: Path
    env: dict[str, str]
    seconds_to_healthy: float


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory):
    from flows.prefect_server import start_server, stop_process

    home = tmp_path_factory.mktemp("prefect-home")
    server = start_server(home=home, timeout=150)
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": server.url,
        "PREFECT_WORKER_QUERY_SECONDS": "1",  # default 10: the worker picks the run up sooner
        "PYTHONUNBUFFERED": "1",
    }
    print(f"prefect server healthy after {server.seconds_to_healthy:.1f} s")
    try:
        yield PrefectAPI(server.url, home, env, server.seconds_to_healthy)
    finally:
        stop_process(server.process)


def prefect_cli(api: PrefectAPI, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """`prefect ARGS` against the test server, from the repo root (where prefect.yaml is)."""
    from flows.prefect_server import prefect_command

    proc = subprocess.run(
        prefect_command("--no-prompt", *args),
        capture_output=True,
        text=True,
        timeout=timeout,
        env=api.env,
        cwd=REPO,
    )
    assert proc.returncode == 0, f"prefect {' '.join(args)}:\n{proc.stdout}\n{proc.stderr}"
    return proc


def flow_run_id(output: str) -> str:
    """The flow run id in `prefect deployment run` output."""
    match = re.search(r"UUID:\s*([0-9a-f-]{36})", output)
    assert match, output
    return match.group(1)


def wait_for_flow_run(api: PrefectAPI, run_id: str, timeout: float = 150) -> dict:
    """Poll the API until the flow run is final; returns the flow run as JSON."""
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = httpx.get(f"{api.url}/flow_runs/{run_id}", timeout=10).json()
        if run["state"]["type"] in {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}:
            return run
        time.sleep(1)
    raise TimeoutError(f"flow run {run_id} not finished after {timeout:.0f} s: {run['state']}")
