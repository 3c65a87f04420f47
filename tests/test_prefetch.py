"""Claims extracted while Prefect's API boots (flows/warmup.py `prefetch_claims`, issue 16's
fixed cost): the claims stage takes them instead of extracting them again, gets the same
claims, and the prefetch stops as soon as the API answers."""

from __future__ import annotations

import pytest
from store_helpers import add_article

from flows import nlp_stage
from flows.warmup import PREFETCH_BATCH, prefetch_claims
from warehouse.claimstore import pending_versions
from warehouse.db import connect

TEXTS = [
    "Huawei's CloudMatrix 384 delivers about 300 petaflops, 1.7 times the GB200 NVL72.",
    "Nvidia chips worth at least $1 billion were smuggled into China, the report said.",
    "The H20 carries 96 GB of memory, according to the filing.",
]


@pytest.fixture(autouse=True)
def _empty_prefetch():
    nlp_stage._PREFETCHED.clear()
    nlp_stage._prefetch_work()
    yield
    nlp_stage._PREFETCHED.clear()
    nlp_stage._prefetch_work()


def test_a_claims_batch_takes_the_prefetched_articles_and_extracts_the_rest():
    docs = [(text, "en", None) for text in TEXTS]
    fresh = nlp_stage.claims_batch.fn(docs)
    nlp_stage.prefetch(docs[:2])
    assert nlp_stage._prefetch_work()["articles"] == 2
    nlp_stage.prefetch(docs[:2])
    # The prefetched results are the ones taken: mark them to see which were extracted again.
    for doc in docs[:2]:
        nlp_stage._PREFETCHED[doc] = [
            {**c, "text": c["text"] + " [ahead]"} for c in nlp_stage._PREFETCHED[doc]
        ]
    mixed = nlp_stage.claims_batch.fn(docs)
    assert mixed["failed"] == fresh["failed"] == 0
    assert [[c["text"].removesuffix(" [ahead]") for c in claims] for claims in mixed["claims"]] == [
        [c["text"] for c in claims] for claims in fresh["claims"]
    ]
    assert all(c["text"].endswith(" [ahead]") for claims in mixed["claims"][:2] for c in claims)
    assert not any(c["text"].endswith(" [ahead]") for c in mixed["claims"][2])
    assert nlp_stage._PREFETCHED == {}  # taken, not copied


def test_prefetch_stops_when_the_api_answers_and_extracts_the_pending_versions_in_order(tmp_path):
    db = tmp_path / "s.duckdb"
    with connect(db) as con:
        for i in range(PREFETCH_BATCH * 3):
            add_article(con, f"a{i:02d}", "alpha", text=TEXTS[i % len(TEXTS)] + f" Story {i}.")
        pending = pending_versions(con)
    looks = iter([False, False, True])  # down before the first batch and the second, up at the third
    done = prefetch_claims(str(db), lambda: next(looks))
    assert done == 2 * PREFETCH_BATCH
    first = {(p.text, p.lang, p.published) for p in pending[:done]}
    assert set(nlp_stage._PREFETCHED) == first
    assert prefetch_claims(str(db), lambda: True) == 0  # up already: nothing read, nothing extracted


class _StubApi:
    """A loopback stand-in for Prefect's API: /health answers 200 after `down` looks."""

    def __init__(self, down: int) -> None:
        import http.server
        import threading

        self.down, self.paths = down, []
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                stub.paths.append(self.path)
                up = self.path != "/api/health" or stub.paths.count("/api/health") > stub.down
                self.send_response(200 if up else 503)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_warm_api_waits_for_the_api_then_makes_its_first_request():
    from flows.warmup import warm_api

    stub = _StubApi(down=2)
    try:
        warmed = warm_api(stub.url)
        assert warmed.wait(10)
    finally:
        stub.close()
    # Not warm while it is down; once up, the first request past /health is made for the flow.
    assert stub.paths == ["/api/health"] * 3 + ["/api/admin/version"]


def test_warm_api_gives_up_when_the_api_process_ended():
    from flows.warmup import warm_api

    class Ended:
        def poll(self):
            return 1

    stub = _StubApi(down=1000)
    try:
        warmed = warm_api(stub.url, Ended())
        assert warmed.wait(10)  # set, so the prefetch stops and the caller's wait says why
    finally:
        stub.close()
    assert "/api/admin/version" not in stub.paths
