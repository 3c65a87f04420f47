"""Prefect's temporary API started before the run loads its models (flows.prefect_server.early_api):
the flow runs against it, it is gone after the block, and a `kill -9` of the run takes it along.

Each case runs in a fresh interpreter: the test process may hold Prefect's own ephemeral server
already, and then `early_api` (rightly) starts none."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import httpx
import pytest

from flows.prefect_server import launch_temporary

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

_SCRIPT = """
import json, os, sys
from flows.prefect_server import early_api
seen = []
with early_api(lambda: seen.append(os.environ.get("PREFECT_API_URL"))):
    from prefect import flow
    from prefect.settings import PREFECT_API_URL

    @flow
    def answer():
        return 41 + 1

    url = PREFECT_API_URL.value()
    print(json.dumps({"url": url, "result": answer(), "warm_saw": seen}), flush=True)
    if sys.argv[1:] == ["hang"]:
        import time
        time.sleep(600)
print(json.dumps({"after": os.environ.get("PREFECT_API_URL")}), flush=True)
"""


def _env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(
        PREFECT_HOME=str(tmp_path / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false", PYTHONPATH=REPO
    )
    return env


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def test_early_api_runs_the_flow_on_its_own_server_and_stops_it(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-c", _SCRIPT],
        env=_env(tmp_path),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    during, after = (json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{"))
    assert during["url"].startswith("http://127.0.0.1:")
    assert during["result"] == 42
    assert during["warm_saw"] == [None]  # the warm-up ran before the API was pointed at
    assert after == {"after": None}  # the process's settings are back as they were
    assert not _answers(during["url"])  # and the server is gone


@pytest.mark.skipif(sys.platform != "linux", reason="PR_SET_PDEATHSIG is Linux's")
def test_early_api_server_goes_with_a_killed_run(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-c", _SCRIPT, "hang"],
        env=_env(tmp_path),
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        during = json.loads(proc.stdout.readline())
        assert _answers(during["url"])
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        deadline = time.monotonic() + 15
        while _answers(during["url"]) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _answers(during["url"])
    finally:
        proc.kill()
        proc.wait()


def test_early_api_starts_nothing_where_an_api_is_configured(monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:4200/api")
    assert launch_temporary() is None
