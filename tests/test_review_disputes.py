"""Disputes in the review UI over HTTP (issue #17): the queue of disputes, the dispute and fact pages,
rulings (sign-in, CSRF, a clear 400 for a bad position, appended, overlaid at once, synced into the
store idempotently) and the per-claim ClaimReview JSON-LD read back with extruct.

The store is test_review_http's, with migration 0014's rows written by hand (tests/disputes_rows.py):
Nvidia's smuggled value in three positions (P1 $400m harbor-times | P2 約5億 tokyo-wire | P3 at least
$1bn pacific-ledger with $1.2bn wire-east), CloudMatrix power in two (400 kW | 559 kW).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import extruct
import pytest
from review_site import BASE_URL, XSS, _client, _csrf, _rows, _sign_in, _ui_rows, build_review_store

from warehouse.db import connect, copy_store
from warehouse.reviewstore import review_store_path
from warehouse.rulings import parse_evidence, sync_rulings
from warehouse.snapshot import snapshot_paths
from warehouse.verdicts import sync_verdicts

NOTE = "Customs filings show $1.2bn; the $400m figure counts one shipment."
EVIDENCE = "https://customs.example/filing-17\nhttps://customs.example/filing-18"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict]:
    path = tmp_path_factory.mktemp("disputes") / "store.duckdb"
    return path, build_review_store(path)


@pytest.fixture
def db(built, tmp_path) -> Path:
    """A fresh copy of the module's store, its snapshot and its UI store for each test."""
    for name in (built[0], snapshot_paths(built[0]).duckdb, review_store_path(built[0])):
        copy_store(name, tmp_path / Path(name).name)
    return tmp_path / "store.duckdb"


@pytest.fixture
def password(built) -> str:
    return built[1]["password"]


@pytest.fixture
def ids(built) -> dict:
    return {
        "disputes": built[1]["disputes"],
        "positions": built[1]["positions"],
        "claims": built[1]["claims"],
    }


def _state(db) -> tuple:
    """Everything a ruling could change: the UI's rulings and the store's."""
    return (
        _ui_rows(db, "SELECT * FROM dispute_rulings ORDER BY ruling_id"),
        _rows(db, "SELECT * FROM dispute_rulings ORDER BY ruling_id"),
    )


def _rule(client, dispute_id: str, position: str, note: str = NOTE, evidence: str = EVIDENCE):
    token = _csrf(client.get(f"/disputes/{dispute_id}").text)
    return client.post(
        f"/disputes/{dispute_id}/ruling",
        data={"position": position, "note": note, "evidence": evidence, "csrf_token": token},
    )


def _jsonld(html: str, url: str) -> list[dict]:
    found = extruct.extract(html, base_url=url, syntaxes=["json-ld"])["json-ld"]
    return [item for block in found for item in (block if isinstance(block, list) else [block])]


def test_review_dispute_queue_lists_disputes_by_score_with_filters(db, ids):
    usd, power = ids["disputes"]["usd"], ids["disputes"]["power"]
    with _client(db) as client:
        html = client.get("/").text
        assert html.index(f"/disputes/{usd}") < html.index(f"/disputes/{power}")  # spread 0.64 before 0.21
        assert "2 open disputes" in html
        assert "P3 1.2bn USD" in html  # each position with its interval ...
        assert "(2)" in html  # ... and its independent support
        by_source = client.get("/?source=harbor-times").text
        assert f"/disputes/{usd}" in by_source
        assert f"/disputes/{power}" not in by_source
        by_entity = client.get("/?entity=cloudmatrix-384").text
        assert f"/disputes/{power}" in by_entity
        assert f"/disputes/{usd}" not in by_entity
        assert "No disputes" in client.get("/?status=ruled").text
        assert client.get("/?status=confirmed").status_code == 400  # a pair status is not a dispute state
        assert "/contradictions/x1" in client.get("/contradictions").text  # the pairs stay reachable
        api = client.get("/api/disputes?status=all").json()
    assert api["count"] == 2
    first = api["disputes"][0]
    assert (first["dispute_id"], first["state"], first["url"]) == (usd, "open", f"{BASE_URL}/disputes/{usd}")
    assert [p["position_id"] for p in first["positions"]] == ids["positions"]["usd"]
    assert [p["support"] for p in first["positions"]] == [1, 1, 2]


def test_review_dispute_page_shows_positions_provenance_timeline_and_evidence(db, ids):
    usd, power = ids["disputes"]["usd"], ids["disputes"]["power"]
    with _client(db) as client:
        html = client.get(f"/disputes/{usd}").text
        power_html = client.get(f"/disputes/{power}").text
        assert client.get("/disputes/no-such-dispute").status_code == 404
    assert XSS not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # the scraped claim, escaped
    for label in ("P1 360m–440m USD", "P2 450m–550m USD", "P3 1.2bn USD"):
        assert label in html
    assert html.count('class="flag">single source') == 2  # P1 and P2 rest on one origin each
    assert "https://metro-daily.example/a1-copy" in html  # the syndicated copy of the ledger
    assert "outlet:metro-daily → outlet:pacific-ledger" in html
    assert "Mostly true" in html  # the fact-check matched to the $400m claim
    assert "/contradictions/x1" in html  # the pair it rests on, as evidence
    assert html.count("<circle") == 4  # one dot per figure of the positions ...
    for colour in ("#0072B2", "#D55E00", "#009E73"):  # ... one colour per position
        assert f'fill="{colour}"' in html
    assert "application/ld+json" not in html  # open: nothing published
    assert "Sign in</a> to rule" in html
    assert "origin: SemiAnalysis" in power_html
    assert "outlet:pacific-ledger → publication:semianalysis" in power_html


def test_review_ruling_needs_sign_in_and_a_csrf_token_and_writes_nothing_otherwise(db, password, ids):
    usd = ids["disputes"]["usd"]
    position = ids["positions"]["usd"][2]
    before = _state(db)
    with _client(db) as client:
        token = _csrf(client.get("/login").text)
        data = {"position": position, "note": "", "evidence": "", "csrf_token": token}
        assert client.post(f"/disputes/{usd}/ruling", data=data).status_code == 401  # not signed in
        _sign_in(client, password)
        for forged in ("", "forged-token"):
            r = client.post(f"/disputes/{usd}/ruling", data={**data, "csrf_token": forged})
            assert r.status_code == 403
    assert _state(db) == before


def test_review_ruling_with_a_bad_position_or_evidence_is_a_clear_400(db, password, ids):
    usd, power = ids["disputes"]["usd"], ids["disputes"]["power"]
    before = _state(db)
    with _client(db) as client:
        _sign_in(client, password)
        r = _rule(client, usd, "bogus-position")
        assert r.status_code == 400
        assert "unknown position &#39;bogus-position&#39;" in r.text
        assert ids["positions"]["usd"][0] in r.text  # the message lists the valid choices
        assert _rule(client, usd, ids["positions"]["power"][0]).status_code == 400  # another dispute's
        r = _rule(client, usd, "none", evidence="javascript:alert(1)")
        assert r.status_code == 400
        assert "http(s) URLs" in r.text
        assert _rule(client, power, "none", note="x" * 4001).status_code == 400
        token = _csrf(client.get(f"/disputes/{usd}").text)
        r = client.post("/disputes/nope/ruling", data={"position": "none", "csrf_token": token})
        assert r.status_code == 404
    assert _state(db) == before


def test_review_ruling_is_appended_shown_at_once_and_synced_idempotently(db, password, ids):
    usd = ids["disputes"]["usd"]
    supported = ids["positions"]["usd"][2]
    with _client(db) as client:
        _sign_in(client, password)
        r = _rule(client, usd, supported)
        assert (r.status_code, r.headers["location"]) == (303, f"/disputes/{usd}#rulings")
        html = client.get(f"/disputes/{usd}").text  # shown at once, before any run
        assert '<span class="badge ruled">ruled</span>' in html
        assert "<strong>P3 1.2bn USD</strong> is supported" in html
        assert "https://customs.example/filing-17" in html
        queue = client.get("/").text
        assert "1 open dispute" in queue
        assert f"/disputes/{usd}" in client.get("/?status=ruled").text
        assert _rule(client, usd, "none", note="On reflection, neither.", evidence="").status_code == 303
        assert "<strong>no position</strong> is supported" in client.get(f"/disputes/{usd}").text
    rows = _ui_rows(
        db, "SELECT dispute_id, position_id, outcome, reviewer, note, evidence_urls FROM dispute_rulings"
    )
    assert sorted(rows, key=lambda r: r[2], reverse=True) == [
        (usd, supported, "supported", "alice", NOTE, json.dumps(EVIDENCE.split())),
        (usd, None, "none", "alice", "On reflection, neither.", "[]"),
    ]
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        _ui_rows(db, "UPDATE dispute_rulings SET outcome = 'open'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        _ui_rows(db, "DELETE FROM dispute_rulings")
    # The job copies them in at its next start, through the one hook it already calls; once.
    assert _rows(db, "SELECT count(*) FROM dispute_rulings") == [(0,)]
    with connect(db) as con:
        sync_verdicts(con, str(db))
        assert sync_rulings(con, str(db)) == {"applied": 0, "unknown": 0}  # idempotent
    stored = _rows(
        db, "SELECT dispute_id, position_id, outcome, reviewer, note, evidence_urls FROM dispute_rulings"
    )
    assert sorted(stored, key=lambda r: r[2], reverse=True) == rows


def test_review_claimreview_per_claim_of_a_ruled_dispute_matches_the_export(db, password, ids, tmp_path):
    from cli.main import main

    usd = ids["disputes"]["usd"]
    claims = ids["claims"]
    url = f"{BASE_URL}/disputes/{usd}"
    with _client(db) as client:
        _sign_in(client, password)
        _rule(client, usd, ids["positions"]["usd"][2])
        page = _jsonld(client.get(f"/disputes/{usd}").text, url)
    assert [r["@type"] for r in page] == ["ClaimReview"] * 4  # one per claim of the dispute
    by_claim = {r["url"].rsplit("#claim-", 1)[1]: r for r in page}
    assert set(by_claim) == {claims[k] for k in ("c1", "c2", "c3", "c4b")}
    rating = {
        k: tuple(by_claim[claims[k]]["reviewRating"][f] for f in ("ratingValue", "alternateName"))
        for k in claims
    }
    assert rating == {
        "c1": (5, "Accurate"),
        "c4b": (5, "Accurate"),
        "c2": (1, "Inaccurate"),
        "c3": (1, "Inaccurate"),
    }
    ledger = by_claim[claims["c1"]]
    assert ledger["claimReviewed"].startswith("Nvidia chips worth at least $1 billion were smuggled")
    assert (ledger["reviewRating"]["bestRating"], ledger["reviewRating"]["worstRating"]) == (5, 1)
    assert ledger["reviewBody"] == NOTE
    assert ledger["citation"] == EVIDENCE.split()
    assert ledger["datePublished"] == datetime.now(UTC).date().isoformat()
    assert ledger["author"]["@type"] == "Organization"
    assert ledger["author"]["member"] == {"@type": "Person", "name": "alice"}
    item = ledger["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Organization", "name": "pacific-ledger"}
    assert [a["url"] for a in item["appearance"]] == [
        "https://pacific-ledger.example/a1",
        "https://metro-daily.example/a1-copy",  # the syndicated copy is an appearance, not a source
    ]
    assert XSS in by_claim[claims["c2"]]["claimReviewed"]  # the JSON holds the text; its HTML is escaped

    out = tmp_path / "reviews.jsonld"
    assert main(["export", "claimreview", "--db", str(db), "--out", str(out)]) == 0
    exported = [r for r in json.loads(out.read_text(encoding="utf-8")) if "/disputes/" in r["url"]]
    assert sorted(exported, key=lambda r: r["url"]) == sorted(page, key=lambda r: r["url"])

    with _client(db) as client:
        _sign_in(client, password)
        _rule(client, usd, "none", note="", evidence="")
        unproven = _jsonld(client.get(f"/disputes/{usd}").text, url)
        assert {(r["reviewRating"]["ratingValue"], r["reviewRating"]["alternateName"]) for r in unproven} == {
            (3, "Unproven")
        }
        assert all("reviewBody" not in r and "citation" not in r for r in unproven)
        _rule(client, usd, "open", note="", evidence="")  # reopened: nothing published
        assert "application/ld+json" not in client.get(f"/disputes/{usd}").text


def test_review_facts_pages_are_read_only_and_open_on_loopback_only(db, password, ids):
    with _client(db) as client:
        html = client.get("/facts").text
        disputed = html[html.index('id="disputed"') : html.index('id="rereported"')]
        drifted = html[html.index('id="drifted"') :]
        assert disputed.index("/facts/k1") < disputed.index("/facts/k3")  # three positions before two
        assert "/facts/k3" in drifted  # first reported 559 kW, last 400 kW
        assert "/facts/k1" not in drifted  # first and last reports both in P3
        _sign_in(client, password)
        fact = client.get("/facts/k3").text
        assert "559 kW" in fact
        assert "/disputes/" in fact
        assert "Record ruling" not in fact  # read-only, even signed in
        assert client.get("/facts/nope").status_code == 404
    with _client(db, open_reads=False) as client:
        for path in ("/", "/facts", "/facts/k1", f"/disputes/{ids['disputes']['usd']}"):
            r = client.get(path)
            assert (r.status_code, r.headers["location"].split("?")[0]) == (303, "/login")
        assert client.get("/api/disputes").status_code == 401


def test_review_parse_evidence_keeps_only_http_urls():
    assert parse_evidence(" https://a.example/x \n\nhttp://b.example/y https://a.example/x ") == [
        "https://a.example/x",
        "http://b.example/y",
    ]
    for bad in ("javascript:alert(1)", "data:text/html,x", "https://", "ftp://a.example/", "/relative"):
        with pytest.raises(ValueError, match="http"):
            parse_evidence(bad)
    with pytest.raises(ValueError, match="at most 20"):
        parse_evidence(" ".join(f"https://a.example/{n}" for n in range(21)))


def test_review_refuses_a_snapshot_from_before_disputes_on_every_page(db, password):
    """A server upgraded before the next run finds a snapshot without migration 0014: it says so,
    on an error page (no traceback), records nothing, and serves again once a publish lands."""
    from test_db import store_at

    from warehouse.snapshot import publish_snapshot

    with _client(db) as client:
        _sign_in(client, password)
        token = _csrf(client.get("/").text)
        before = _ui_rows(db, "SELECT * FROM dispute_rulings")
        snapshot = snapshot_paths(db).duckdb
        snapshot.rename(db.with_name("current.duckdb"))
        store_at(snapshot, 12)  # migrations 0001-0013 (0011 was never shipped)
        for url in ("/", "/facts", "/contradictions", "/disputes/b93b2ad1f96f1bb7"):
            r = client.get(url)
            assert r.status_code == 503, url
            assert "Snapshot out of date" in r.text
            assert "Traceback" not in r.text
            assert "schema version 0013, older than this code" in r.text
            assert "`claimwatch run` migrates the store and publishes a current snapshot" in r.text
        api = client.get("/api/contradictions")
        assert api.status_code == 503
        assert "older than this code" in api.json()["error"]
        r = client.post("/disputes/b93b2ad1f96f1bb7/ruling", data={"position": "none", "csrf_token": token})
        assert r.status_code == 503
        assert _ui_rows(db, "SELECT * FROM dispute_rulings") == before
        snapshot.unlink()
        publish_snapshot(db)  # the job's next publish brings the snapshot up to date
        assert client.get("/").status_code == 200
