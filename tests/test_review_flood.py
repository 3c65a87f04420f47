"""A flood of requests on the review UI never holds the job up (issue #14).

`claimwatch review serve` runs in a child process; 32 threads send page loads, API calls,
sign-in attempts and unsigned verdicts to it, while a writer process does what the job does:
opens the store read-write, writes, closes, over and over, then publishes a snapshot. The
writer opens with lock_wait=0, so a single moment where the UI held the job's file would fail
it at once (the job itself waits up to 10 s; this test allows none)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from review_site import build_review_store
from test_review_browser import _free_port, _wait_until_up

TESTS = Path(__file__).parent
REPO = TESTS.parent
FLOOD = 200  # requests at least, 32 at a time
THREADS = 32
WRITES = 40  # open-write-close cycles of the writer, 50 ms apart

_WRITER = textwrap.dedent(
    """
    import sys, time
    from warehouse.db import connect
    from warehouse.snapshot import publish_snapshot
    from store_helpers import add_article

    store, writes = sys.argv[1], int(sys.argv[2])
    print("writing", flush=True)
    for n in range(writes):
        with connect(store, lock_wait=0) as con:  # no waiting: a UI that held the file fails this
            add_article(con, f"flood-{n}", "flood-outlet")
        time.sleep(0.05)
    publish_snapshot(store)
    print(f"wrote {writes}", flush=True)
    """
)


@pytest.fixture
def served(tmp_path):
    db = tmp_path / "store.duckdb"
    password = build_review_store(db)["password"]
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "review", "serve", "--db", str(db), "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_until_up(f"{base}/login", proc)
        yield base, db, password
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _visitor(base: str, n: int, stop: threading.Event, codes: Counter, lock: threading.Lock) -> int:
    """One thread's share of the flood: every route, signed out, plus failed sign-ins."""
    sent = 0
    with httpx.Client(base_url=base, follow_redirects=False, timeout=60) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
        routes = [
            lambda: client.get("/"),
            lambda: client.get("/contradictions/x1"),
            lambda: client.get("/api/contradictions?status=all"),
            lambda: client.get("/articles/a1/v/1"),
            lambda: client.post(
                "/login", data={"username": "alice", "password": f"guess{n}", "csrf_token": token}
            ),
            lambda: client.post(
                "/contradictions/x1/verdict", data={"verdict": "confirmed", "csrf_token": token}
            ),
        ]
        while not stop.is_set() or sent < FLOOD // THREADS + 1:
            status = routes[(n + sent) % len(routes)]().status_code
            sent += 1
            with lock:
                codes[status] += 1
    return sent


def test_review_flood_never_holds_the_job_up(served):
    base, db, _ = served
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(TESTS)])}
    stop, lock, codes = threading.Event(), threading.Lock(), Counter()
    with ThreadPoolExecutor(THREADS) as pool:
        futures = [pool.submit(_visitor, base, n, stop, codes, lock) for n in range(THREADS)]
        writer = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(db), str(WRITES)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        out, err = writer.communicate(timeout=300)
        during = sum(codes.values())
        stop.set()
        sent = sum(f.result() for f in futures)
    assert writer.returncode == 0, err
    assert out.split() == ["writing", "wrote", str(WRITES)]
    assert during > 0  # the writer worked while the flood ran
    assert sent >= FLOOD
    # Every request was answered, none with a server error: pages 200, failed sign-ins 401 or 429
    # (throttled), unsigned verdicts 401.
    assert set(codes) <= {200, 401, 429}, codes
    assert codes[200] > 0
    assert codes[429] > 0  # the flood's sign-ins were throttled, not all hashed
    # The writer's articles reached the UI through the snapshot it published.
    with httpx.Client(base_url=base) as client:
        assert client.get("/articles/flood-0/v/1").status_code == 200
