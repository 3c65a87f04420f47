"""`claimwatch run` starts Prefect's temporary API and loads its models while the crawl still
runs, as soon as a crawl fetched an article (flows/warmup.py's Headstart): never for a crawl
of 304s, once per run, stopped when nothing turned out pending, and alive for the whole run
although the crawl thread that triggered it ended (PR_SET_PDEATHSIG follows the thread)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import httpx
import pytest

from flows import warmup
from flows.warmup import Headstart, fetched_article_langs

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _item(kind: str, status: int, lang: str | None = None) -> str:
    item = {"kind": kind, "url": "http://127.0.0.1/a{b}.html", "source": "alpha", "fetched_at": "t"}
    item |= {"status": status, "headers": {"Content-Language": "de"}, "body_b64": "PGh0bWw+"}
    item |= {"extracted": {"text": 'He wrote "lang": "fr" once.', "lang": "xx"}, "lang": lang}
    return json.dumps(item, ensure_ascii=False) + "\n"


def _items(tmp_path, *lines: str):
    path = tmp_path / f"items{len(list(tmp_path.iterdir()))}.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return str(path)


def test_headstart_reads_the_languages_of_articles_fetched_with_200(tmp_path):
    assert fetched_article_langs(_items(tmp_path)) == []
    unchanged = _items(tmp_path, _item("feed", 200), _item("article", 304, "en"), _item("article", 404, "en"))
    assert fetched_article_langs(unchanged) == []  # a feed and 304s: maybe nothing to do
    fetched = _items(
        tmp_path, _item("article", 200, "ja"), _item("article", 200, "en"), _item("article", 304, "zh")
    )
    assert fetched_article_langs(fetched) == ["en", "ja"]  # the item's own lang, not one in its text
    assert fetched_article_langs(_items(tmp_path, _item("article", 200))) == ["en"]  # undetected: en


class _Launch:
    def __init__(self, delay: float = 0.0):
        self.calls, self.delay, self.stopped = 0, delay, []

    def __call__(self):
        self.calls += 1
        time.sleep(self.delay)
        return ("http://127.0.0.1:1/api", self)

    def poll(self):  # the Popen that stop_temporary stops
        return None

    def terminate(self):
        self.stopped.append("terminate")

    def wait(self, timeout=None):
        return 0


@pytest.fixture
def loads(monkeypatch):
    seen = []
    monkeypatch.setattr(warmup, "load", lambda langs, embedder: seen.append((langs, embedder)))
    return seen


def test_headstart_starts_once_on_the_first_crawl_with_an_article(tmp_path, loads):
    launch = _Launch()
    head = Headstart(launch)
    head.crawled(_items(tmp_path, _item("article", 304, "en")))
    assert head.take() is None  # nothing fetched: nothing started
    assert launch.calls == 0
    for lang in ("ja", "en"):  # two sources' crawls end; the first one with an article starts it
        head.crawled(_items(tmp_path, _item("article", 200, lang)))
    assert head.take() == ("http://127.0.0.1:1/api", launch)
    assert launch.calls == 1
    assert loads == [(["ja"], True)]  # the warm-up ran before take() returned
    assert head.take() is None  # handed over once


def test_headstart_cancel_stops_the_api_even_while_it_is_being_launched(tmp_path, loads):
    launch = _Launch()
    head = Headstart(launch)
    head.crawled(_items(tmp_path, _item("article", 200, "en")))
    deadline = time.monotonic() + 5
    while head.launched is None and time.monotonic() < deadline:  # launched, not handed over
        time.sleep(0.01)
    head.cancel()  # the load found nothing pending
    assert launch.stopped == ["terminate"]
    slow = _Launch(delay=0.5)
    late = Headstart(slow)
    late.crawled(_items(tmp_path, _item("article", 200, "en")))
    late.cancel()  # before the launch returned
    deadline = time.monotonic() + 5
    while not slow.stopped and time.monotonic() < deadline:
        time.sleep(0.05)
    assert slow.stopped == ["terminate"]
    assert loads == [(["en"], True)]  # the cancelled one loads nothing


_SCRIPT = """
import json, sys, threading, time
from flows import warmup
from flows.prefect_server import wait_healthy
warmup.load = lambda langs, embedder: None  # the API is under test, not the models
head = warmup.Headstart()  # launches the real temporary API
crawl = threading.Thread(target=head.crawled, args=(sys.argv[1],))
crawl.start(); crawl.join()  # as a crawl worker thread: it ends before the run goes on
url, process = head.take()
wait_healthy(url, 120, process)
time.sleep(1.0)  # a server tied to the ended thread would be gone by now
print(json.dumps({"url": url}), flush=True)
time.sleep(600)
"""


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.mark.skipif(sys.platform != "linux", reason="PR_SET_PDEATHSIG is Linux's")
def test_headstart_api_outlives_the_crawl_thread_and_goes_with_a_killed_run(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env |= {"PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    items = _items(tmp_path, _item("article", 200, "en"))
    proc = subprocess.Popen(
        [sys.executable, "-c", _SCRIPT, items], env=env | {"PYTHONPATH": REPO}, cwd=REPO,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        line = proc.stdout.readline()
        assert line, "the script died before its API answered"
        url = json.loads(line)["url"]
        assert _answers(url)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        deadline = time.monotonic() + 15
        while _answers(url) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _answers(url)
    finally:
        proc.kill()
        proc.wait()
