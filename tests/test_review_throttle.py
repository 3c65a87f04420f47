"""Sign-in throttling (issue #14): attempts are counted before the password is checked, per
client address and per (name, address); failures from one address never lock a reviewer out
of another."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from review_site import build_review_store

from review import auth
from review.app import ReviewConfig, create_app
from warehouse.db import copy_store
from warehouse.reviewstore import review_store_path
from warehouse.snapshot import snapshot_paths

# Loopback addresses only: 127.0.0.0/8 gives every test client its own.
MALLORY, ALICE, SPRAYER, RACER = "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("throttle") / "store.duckdb"
    return path, build_review_store(path)["password"]


@pytest.fixture
def app(built, tmp_path):
    for name in (built[0], snapshot_paths(built[0]).duckdb, review_store_path(built[0])):
        copy_store(name, tmp_path / Path(name).name)
    return create_app(ReviewConfig(db=tmp_path / "store.duckdb", secret=b"k" * 32))


def _client(app, address: str) -> TestClient:
    return TestClient(app, base_url="http://127.0.0.1:8765", follow_redirects=False, client=(address, 40000))


def _login(client: TestClient, name: str, password: str) -> int:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    data = {"username": name, "password": password, "csrf_token": token, "next": "/"}
    return client.post("/login", data=data).status_code


def test_review_throttle_counts_before_checking_so_parallel_attempts_cannot_slip_through():
    throttle = auth.Throttle()
    start = threading.Barrier(20)
    results: list[bool] = []

    def attempt() -> None:
        start.wait()
        results.append(throttle.attempt("alice", RACER))

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(True) == auth.MAX_FAILURES
    assert throttle.locked("alice", RACER)
    assert not throttle.locked("alice", ALICE)


def test_review_parallel_wrong_passwords_over_http_get_only_max_failures_checks(app):
    clients = [_client(app, RACER) for _ in range(12)]
    tokens = [re.search(r'value="([^"]+)"', c.get("/login").text).group(1) for c in clients]
    start = threading.Barrier(len(clients))
    codes: list[int] = []

    def guess(client: TestClient, token: str) -> None:
        start.wait()
        data = {"username": "alice", "password": "guess", "csrf_token": token}
        codes.append(client.post("/login", data=data).status_code)

    threads = [threading.Thread(target=guess, args=pair) for pair in zip(clients, tokens, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [401] * auth.MAX_FAILURES + [429] * (len(clients) - auth.MAX_FAILURES)


def test_review_failures_from_one_address_do_not_lock_the_reviewer_out_elsewhere(app, built):
    password = built[1]
    with _client(app, MALLORY) as mallory:
        for _ in range(auth.MAX_FAILURES):
            assert _login(mallory, "alice", "guess") == 401
        assert _login(mallory, "alice", password) == 429  # even the right password, from there
    with _client(app, ALICE) as alice:
        assert _login(alice, "alice", password) == 303  # alice, from her own address, signs in
        assert "Signed in as <strong>alice</strong>" in alice.get("/").text


def test_review_one_address_cannot_spray_many_names(app, built):
    with _client(app, SPRAYER) as sprayer:
        for n in range(auth.MAX_ADDRESS_FAILURES):
            assert _login(sprayer, f"user{n}", "guess") == 401
        assert _login(sprayer, "alice", built[1]) == 429  # the address is refused, whatever the name
    with _client(app, ALICE) as alice:
        assert _login(alice, "alice", built[1]) == 303


def test_review_a_successful_sign_in_gives_its_attempt_back():
    throttle = auth.Throttle(max_failures=5, max_address_failures=3)
    for _ in range(10):  # ten good sign-ins from one address never add up to a lockout
        assert throttle.attempt("alice", ALICE)
        throttle.succeeded("alice", ALICE)
    assert not throttle.locked("alice", ALICE)
