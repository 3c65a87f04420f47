"""The review UI over HTTP (FastAPI TestClient): every route, sign-in, CSRF, cookies, escaping,
the append-only audit table, the JSON API, and ClaimReview JSON-LD read back with extruct.

The UI reads the store's snapshot and writes its own store (X.review.sqlite3); the job copies
its verdicts into the store at the start of a run (`sync_verdicts`, called here as the job does)."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import extruct
import pytest
from review_site import (
    BASE_URL,
    DAY,
    SCRIPT_BREAK,
    XSS,
    _client,
    _csrf,
    _rows,
    _sign_in,
    _ui_rows,
    build_review_store,
)

from review import auth
from review.app import segments
from warehouse import review as store
from warehouse.claimreview import claim_reviews, script_json
from warehouse.db import connect, copy_store
from warehouse.reviewstore import open_review_store, review_store_path
from warehouse.snapshot import publish_snapshot, snapshot_paths
from warehouse.verdicts import sync_verdicts

HOLD_WRITER_LOCK = (
    "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(60)"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict]:
    path = tmp_path_factory.mktemp("review") / "store.duckdb"
    return path, build_review_store(path)


@pytest.fixture
def db(built, tmp_path) -> Path:
    """A fresh copy of the module's store, its snapshot and its UI store for each test (milliseconds)."""
    path = tmp_path / "store.duckdb"
    for name in (built[0], snapshot_paths(built[0]).duckdb, review_store_path(built[0])):
        copy_store(name, tmp_path / Path(name).name)  # the module store is store.duckdb too
    return path


@pytest.fixture
def password(built) -> str:
    return built[1]["password"]


def _state(db: Path) -> tuple:
    """Everything a write could change: the store's statuses and verdicts, the UI's verdicts and sessions."""
    return (
        _rows(db, "SELECT contradiction_id, status FROM contradictions ORDER BY 1"),
        _ui_rows(db, "SELECT * FROM review_verdicts ORDER BY verdict_id"),
        _ui_rows(db, "SELECT count(*) FROM review_sessions"),
        _rows(db, "SELECT * FROM review_verdicts ORDER BY verdict_id"),
    )


def test_review_queue_lists_open_contradictions_by_score_with_counts(db):
    with _client(db) as client:
        r = client.get("/contradictions")
        assert r.status_code == 200
        html = r.text
        assert html.index("/contradictions/x1") < html.index("/contradictions/x2")  # score 0.9 before 0.5
        assert "/contradictions/x3" not in html  # dismissed is not in the open queue
        assert re.search(r"open <span class=\"count\">4</span>", html)
        assert re.search(r"dismissed <span class=\"count\">1</span>", html)
        assert "4 open contradictions" in html
        assert XSS not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
        # filters: kind, source, entity, status
        assert "/contradictions/x1" not in client.get("/contradictions?kind=date").text
        assert "/contradictions/x2" in client.get("/contradictions?kind=date").text
        by_source = client.get("/contradictions?source=harbor-times").text
        assert "/contradictions/x1" in by_source
        assert "/contradictions/x2" not in by_source
        by_entity = client.get("/contradictions?entity=nvidia").text
        assert "/contradictions/x1" in by_entity
        assert "/contradictions/x2" not in by_entity
        everything = client.get("/contradictions?status=all").text
        assert all(f"/contradictions/x{n}" in everything for n in (1, 2, 3))
        assert client.get("/contradictions?status=bogus").status_code == 400


def test_review_queue_topic_filter_follows_the_claims_topic_column(db):
    with connect(db, migrate=False) as con:
        x2_a = "SELECT claim_a FROM contradictions WHERE contradiction_id = 'x2'"
        con.execute(f"UPDATE claims SET topic = 'huawei-launch' WHERE claim_id IN ({x2_a})")
    publish_snapshot(db)  # the UI shows what the next snapshot holds
    with _client(db) as client:
        html = client.get("/contradictions?topic=huawei-launch").text
        assert 'name="topic"' in html
        assert "huawei-launch</option>" in html
        assert "/contradictions/x2" in html
        assert "/contradictions/x1" not in html


def test_review_detail_shows_both_claims_highlighted_cluster_timeline_and_verdicts(db, built):
    claims = built[1]["claims"]
    with _client(db) as client:
        html = client.get("/contradictions/x1").text
    assert "<mark" in html
    assert ">at least $1 billion</mark>" in html
    assert ">about $400 million</mark>" in html
    assert "pacific-ledger" in html
    assert "harbor-times" in html
    assert "2025-07-20" in html
    assert "2025-07-23" in html
    assert f"/articles/a1/v/1?claim={claims['c1']}" in html  # the archived text of the version
    assert "相当のNvidia製チップが中国に密輸された" in html  # the cluster's other claim
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert svg.count("<circle") >= 3 + 2  # three figures, A and B ringed
    assert "tokyo-wire" in svg
    assert ">A</text>" in svg
    assert ">B</text>" in svg
    assert "No verdict yet" in html
    assert "Sign in</a> to record a verdict" in html
    assert 'action="/contradictions/x1/verdict"' not in html
    # scraped text is text: the payload never appears as markup, in the page or in the SVG
    assert XSS not in html
    assert SCRIPT_BREAK not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert client.get("/contradictions/nope").status_code == 404


def test_review_article_route_shows_the_archived_text_escaped(db, built):
    claim = built[1]["claims"]["c2"]
    with _client(db) as client:
        r = client.get(f"/articles/a2/v/1?claim={claim}")
        assert r.status_code == 200
        assert XSS not in r.text
        assert "&lt;img src=x onerror=alert(1)&gt; reached China" not in r.text
        assert r.text.count("&lt;img src=x onerror=alert(1)&gt;") >= 3  # title, claim, body
        assert '<mark id="claim">Chips worth about $400 million' in r.text
        assert client.get("/articles/a2/v/9").status_code == 404
    assert "default-src 'none'" in r.headers["content-security-policy"]  # and no script may run anyway


def test_review_sign_in_sets_httponly_samesite_cookie_and_rejects_bad_passwords(db, password):
    with _client(db) as client:
        r = client.get("/login")
        cookie = r.headers["set-cookie"]
        assert "cw_session=" in cookie
        assert "HttpOnly" in cookie
        assert "SameSite=lax" in cookie
        assert "Secure" not in cookie  # plain http on loopback
        token = _csrf(r.text)
        bad = client.post("/login", data={"username": "alice", "password": "wrong", "csrf_token": token})
        assert bad.status_code == 401
        assert "Wrong name or password" in bad.text
        assert (
            client.post(
                "/login", data={"username": "bob", "password": password, "csrf_token": token}
            ).status_code
            == 401
        )
        before = client.cookies.get("cw_session")
        ok = client.post(
            "/login",
            data={"username": "alice", "password": password, "csrf_token": token, "next": "//evil.example/x"},
        )
        assert ok.status_code == 303
        assert ok.headers["location"] == "/"
        set_cookie = ok.headers["set-cookie"]
        assert "HttpOnly" in set_cookie
        assert "SameSite=lax" in set_cookie
        assert "Max-Age=" in set_cookie
        assert client.cookies.get("cw_session") != before  # a new session id at sign-in
        assert "Signed in as <strong>alice</strong>" in client.get("/").text
    stored = _ui_rows(db, "SELECT password_hash FROM reviewers WHERE name = 'alice'")[0][0]
    assert stored.startswith("scrypt$")
    assert password not in stored
    assert _ui_rows(db, "SELECT session_hash FROM review_sessions")[0][0] != client.cookies.get("cw_session")
    with _client(db, secure_cookies=True) as client:
        assert "Secure" in client.get("/login").headers["set-cookie"]


def test_review_login_is_throttled_after_repeated_failures(db, password):
    with _client(db) as client:
        token = _csrf(client.get("/login").text)
        for _ in range(auth.MAX_FAILURES):
            client.post("/login", data={"username": "alice", "password": "nope", "csrf_token": token})
        r = client.post("/login", data={"username": "alice", "password": password, "csrf_token": token})
        assert r.status_code == 429


def test_review_writes_need_a_signed_in_reviewer_and_leave_the_store_unchanged(db):
    before = _state(db)
    with _client(db) as client:
        token = _csrf(client.get("/login").text)  # a valid anonymous CSRF token: only the sign-in is missing
        r = client.post(
            "/contradictions/x1/verdict", data={"verdict": "confirmed", "note": "x", "csrf_token": token}
        )
        assert r.status_code == 401
    assert _state(db) == before


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_review_csrf_missing_or_wrong_token_is_refused_on_every_post(db, password, token):
    with _client(db) as client:
        _sign_in(client, password)
        before = _state(db)
        data = {} if token is None else {"csrf_token": token}
        r = client.post("/contradictions/x1/verdict", data={**data, "verdict": "confirmed", "note": "n"})
        assert r.status_code == 403
        assert client.post("/logout", data=data).status_code == 403
        assert (
            client.post("/login", data={**data, "username": "alice", "password": password}).status_code == 403
        )
        assert "Signed in as" in client.get("/").text  # the logout did not happen
    assert _state(db) == before
    with _client(db) as other:  # another browser's token is not this session's token
        foreign = _csrf(other.get("/login").text)
    with _client(db) as client:
        _sign_in(client, password)
        r = client.post("/contradictions/x1/verdict", data={"verdict": "confirmed", "csrf_token": foreign})
        assert r.status_code == 403
    assert _state(db)[:2] == before[:2]  # (the second sign-in added a session row)
    assert _state(db)[3] == before[3]


def test_review_verdicts_are_appended_to_the_audit_table_and_set_the_status(db, password):
    with _client(db) as client:
        _sign_in(client, password)
        html = client.get("/contradictions/x1").text
        token = _csrf(html)
        assert 'action="/contradictions/x1/verdict"' in html
        r = client.post(
            "/contradictions/x1/verdict",
            data={"verdict": "needs_work", "note": f"check the {XSS} source", "csrf_token": token},
        )
        assert r.status_code == 303
        assert r.headers["location"].startswith("/contradictions/x1")
        first = _ui_rows(db, "SELECT * FROM review_verdicts")
        r = client.post(
            "/contradictions/x1/verdict", data={"verdict": "confirmed", "note": "ok", "csrf_token": token}
        )
        assert r.status_code == 303
        assert (
            client.post(
                "/contradictions/x1/verdict", data={"verdict": "maybe", "csrf_token": token}
            ).status_code
            == 400
        )
        assert (
            client.post(
                "/contradictions/zz/verdict", data={"verdict": "confirmed", "csrf_token": token}
            ).status_code
            == 404
        )
        page = client.get("/contradictions/x1").text
    query = (
        "SELECT reviewer, verdict, note, previous_status, decided_at FROM review_verdicts "
        "WHERE contradiction_id = 'x1' ORDER BY decided_at"
    )
    rows = _ui_rows(db, query)
    assert [r[:4] for r in rows] == [
        ("alice", "needs_work", f"check the {XSS} source", "open"),
        ("alice", "confirmed", "ok", "needs_work"),
    ]
    assert rows[0][4] <= rows[1][4]
    assert set(first) <= set(_ui_rows(db, "SELECT * FROM review_verdicts"))  # the first row is untouched
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):  # the UI store refuses edits itself
        _ui_rows(db, "UPDATE review_verdicts SET verdict = 'dismissed'")
    # The UI never wrote the job's store: the job copies the verdicts in at its next start.
    assert _rows(db, "SELECT status FROM contradictions WHERE contradiction_id = 'x1'") == [("open",)]
    with connect(db) as con:
        assert sync_verdicts(con, str(db)) == {"applied": 2, "unknown": 0}
        assert sync_verdicts(con, str(db)) == {"applied": 0, "unknown": 0}  # idempotent
    assert [r[:4] for r in _rows(db, query)] == [r[:4] for r in rows]
    assert _rows(db, "SELECT status FROM contradictions WHERE contradiction_id = 'x1'") == [("confirmed",)]
    assert "needs work" in page
    assert "check the &lt;img src=x onerror=alert(1)&gt; source" in page
    # the open queue no longer holds it
    with _client(db) as client:
        assert "/contradictions/x1" not in client.get("/contradictions").text
        assert "/contradictions/x1" in client.get("/contradictions?status=confirmed").text


def test_review_logout_ends_the_session(db, password):
    with _client(db) as client:
        _sign_in(client, password)
        token = _csrf(client.get("/").text)
        r = client.post("/logout", data={"csrf_token": token})
        assert r.status_code == 303
        assert "Signed in as" not in client.get("/").text
        new_token = _csrf(client.get("/login").text)
        r = client.post("/contradictions/x1/verdict", data={"verdict": "confirmed", "csrf_token": new_token})
        assert r.status_code == 401
    assert _ui_rows(db, "SELECT count(*) FROM review_sessions") == [(0,)]


def test_review_api_returns_json(db):
    with _client(db) as client:
        r = client.get("/api/contradictions?status=open")
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("application/json")
        body = r.json()
        assert body["count"] == 4
        assert [x["contradiction_id"] for x in body["contradictions"]] == ["x1", "x4", "x2", "x5"]
        first = body["contradictions"][0]
        assert first["status"] == "open"
        assert first["fact_key"] == "nvidia|value|USD"
        assert first["url"] == f"{BASE_URL}/contradictions/x1"
        assert datetime.fromisoformat(first["detected_at"]).year == 2025
        assert client.get("/api/contradictions?status=dismissed").json()["count"] == 1
        assert client.get("/api/contradictions?status=nope").status_code == 400


def test_review_reads_need_sign_in_off_loopback(db, password):
    with _client(db, open_reads=False) as client:
        r = client.get("/")
        assert r.status_code == 303
        assert r.headers["location"].startswith("/login")
        assert client.get("/api/contradictions").status_code == 401
        assert client.get("/contradictions/x1").status_code == 303
        _sign_in(client, password)
        assert client.get("/").status_code == 200


def test_review_works_while_the_job_holds_the_store_and_never_writes_it(db, password):
    with _client(db) as client:
        _sign_in(client, password)
        token = _csrf(client.get("/contradictions/x1").text)
        before = _state(db)
        # Another process holds the store read-write, as the daily job does: the UI does not care.
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLD_WRITER_LOCK, str(db)],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert holder.stdout.readline().strip() == "held"
            assert client.get("/").status_code == 200
            assert client.get("/api/contradictions").json()["count"] == 4
            r = client.post("/contradictions/x1/verdict", data={"verdict": "confirmed", "csrf_token": token})
            assert r.status_code == 303
            assert client.get("/api/contradictions").json()["count"] == 3  # its own verdict, shown at once
            assert holder.poll() is None  # the job still holds its file: nobody took it
        finally:
            holder.kill()
            holder.wait()
    after = _state(db)
    assert (after[0], after[3]) == (before[0], before[3])  # the job's store: untouched
    assert len(after[1]) == len(before[1]) + 1  # the verdict is in the UI's own store


def test_review_store_busy_answers_503_and_writes_nothing(db, password, monkeypatch):
    import warehouse.reviewstore

    with _client(db) as client:
        _sign_in(client, password)
        token = _csrf(client.get("/contradictions/x1").text)
        before = _state(db)
        monkeypatch.setattr(warehouse.reviewstore, "BUSY_TIMEOUT_S", 0.2)
        # Another process writes the UI's store past the busy timeout (a stuck add-user, say).
        locker = sqlite3.connect(review_store_path(db), isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")
        try:
            r = client.post("/contradictions/x1/verdict", data={"verdict": "confirmed", "csrf_token": token})
            assert r.status_code == 503
            assert "Store busy, retry" in r.text
            assert r.headers["retry-after"] == "5"
        finally:
            locker.execute("ROLLBACK")
            locker.close()
        # No snapshot published yet: pages answer 503 too, nothing read from the job's file.
        snapshot_paths(db).duckdb.rename(db.with_name("hidden.duckdb"))
        assert client.get("/").status_code == 503
        assert client.get("/api/contradictions").json() == {"error": "store busy, retry"}
        db.with_name("hidden.duckdb").rename(snapshot_paths(db).duckdb)
        assert client.get("/").status_code == 200  # nothing held between requests
    assert _state(db) == before


def test_review_claimreview_jsonld_on_the_page_matches_the_export(db, password, tmp_path, capsys):
    from cli.main import main

    with _client(db) as client:
        assert "application/ld+json" not in client.get("/contradictions/x1").text  # open: not published
        _sign_in(client, password)
        token = _csrf(client.get("/contradictions/x1").text)
        client.post(
            "/contradictions/x1/verdict", data={"verdict": "confirmed", "note": "", "csrf_token": token}
        )
        html = client.get("/contradictions/x1").text
    assert SCRIPT_BREAK not in html
    assert "\\u003c/script\\u003e" in html
    data = extruct.extract(html, base_url=f"{BASE_URL}/contradictions/x1", syntaxes=["json-ld"])["json-ld"]
    assert len(data) == 1
    page = data[0]
    assert page["@type"] == "ClaimReview"
    assert page["url"] == f"{BASE_URL}/contradictions/x1"
    assert page["claimReviewed"].startswith("Nvidia, value: 'at least $1 billion'")
    assert page["author"] == {"@type": "Organization", "name": "claimwatch"}
    assert page["datePublished"] == datetime.now(UTC).date().isoformat()
    assert page["reviewRating"]["alternateName"] == "Sources disagree"
    assert (page["reviewRating"]["ratingValue"], page["reviewRating"]["worstRating"]) == (1, 1)
    claim = page["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert [(a["url"], a["datePublished"]) for a in claim["appearance"]] == [
        ("https://pacific-ledger.example/a1", "2025-07-20"),
        ("https://harbor-times.example/a2", "2025-07-23"),
    ]
    assert XSS in claim["text"]  # the JSON holds the text itself; only its HTML form is escaped

    out = tmp_path / "reviews.jsonld"
    assert main(["export", "claimreview", "--db", str(db), "--out", str(out)]) == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert [r["url"].rsplit("/", 1)[1] for r in exported] == ["x1", "x3"]  # confirmed and dismissed
    assert {k: v for k, v in exported[0].items() if k != "url"} == {
        k: v for k, v in page.items() if k != "url"
    }
    assert exported[1]["reviewRating"]["alternateName"] == "No contradiction"
    assert exported[1]["reviewRating"]["ratingValue"] == 5
    assert "wrote 2 claimreview rows" in capsys.readouterr().err


def test_review_script_json_escapes_markup_characters():
    text = script_json({"t": "</script><!-- & >"})
    assert "<" not in text
    assert ">" not in text
    assert "&" not in text
    assert json.loads(text) == {"t": "</script><!-- & >"}


def test_review_segments_cut_text_at_figures_and_ignore_bad_offsets():
    figs = [
        {"start_char": 4, "end_char": 7},
        {"start_char": 5, "end_char": 9},
        {"start_char": 20, "end_char": 30},
    ]
    assert segments("abc 123 xyz", figs) == [("abc ", None), ("123", figs[0]), (" xyz", None)]


def test_review_add_user_cli_prints_a_password_once_and_stores_a_hash(tmp_path, capsys):
    from cli.main import main

    db = tmp_path / "s.duckdb"
    assert main(["review", "add-user", "Bob", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    password = out.strip().splitlines()[-1]
    assert len(password) >= 20
    assert not db.exists()  # the reviewer lives in the UI's own store; the job's file is not made
    with sqlite3.connect(review_store_path(db)) as con:
        name, stored = con.execute("SELECT name, password_hash FROM reviewers").fetchone()
        assert name == "bob"
        assert password not in stored
        assert auth.check_password(con, "bob", password) == "bob"
        assert auth.check_password(con, "bob", password + "x") is None
    assert main(["review", "add-user", "bob", "--db", str(db)]) == 2
    assert "exists" in capsys.readouterr().err
    assert main(["review", "add-user", "bob", "--db", str(db), "--reset"]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] != password
    assert main(["review", "add-user", "no spaces!", "--db", str(db)]) == 2


def test_review_claim_reviews_skip_open_and_needs_work(db):
    with connect(db, migrate=False) as con:
        store.record_verdict(con, "x2", "alice", "needs_work")
        reviews = claim_reviews(con, org="Example Checks", base_url="https://checks.example/")
    assert [r["url"] for r in reviews] == ["https://checks.example/contradictions/x3"]
    assert reviews[0]["author"]["name"] == "Example Checks"
    assert reviews[0]["datePublished"] == "2025-07-30"  # no verdict recorded: the detection day


def test_review_help_documents_serve_and_add_user():
    from cli.main import build_parser

    parser = build_parser()
    review = parser._subparsers._group_actions[0].choices["review"]
    commands = review._subparsers._group_actions[0].choices
    assert set(commands) == {"serve", "add-user"}
    serve = commands["serve"].format_help()
    assert "--port" in serve
    assert "--host" in serve
    assert "503" in serve
    assert "--secure-cookies" in serve


def test_review_timeline_svg_escapes_text_and_draws_open_ends():
    from review.chart import timeline_svg

    points = [
        {
            "claim_id": "a",
            "value": 1e9,
            "lower": 1e9,
            "upper": None,
            "surface": XSS,
            "source": "s<1>",
            "date": DAY,
        },
        {
            "claim_id": "b",
            "value": 4e8,
            "lower": 3.6e8,
            "upper": 4.4e8,
            "surface": "x",
            "source": "s2",
            "date": DAY,
        },
    ]
    svg = str(timeline_svg(points, "USD", {"a": "A"}))
    assert XSS not in svg
    assert "&lt;img src=x onerror=alert(1)&gt;" in svg
    assert "s&lt;1&gt;" in svg
    assert svg.count("<path") == 1  # 'at least': one arrow, upwards
    assert "1bn USD" in svg
    assert "style=" not in svg  # the page's CSP allows no inline styles
    assert "No dated figures" in str(timeline_svg([], "USD"))


def test_review_sync_verdicts_skips_unknown_contradictions_and_survives_a_damaged_ui_store(db):
    with open_review_store(db) as ui:
        ui.execute(
            "INSERT INTO review_verdicts VALUES ('v1', 'x2', 'alice', 'dismissed', '', 'open', "
            "'2026-01-01T00:00:00.000000Z'), ('v2', 'gone', 'alice', 'confirmed', '', 'open', "
            "'2026-01-01T00:00:01.000000Z')"
        )
    with connect(db) as con:
        assert sync_verdicts(con, str(db)) == {"applied": 1, "unknown": 1}
    assert _rows(db, "SELECT status FROM contradictions WHERE contradiction_id = 'x2'") == [("dismissed",)]
    assert _rows(db, "SELECT verdict_id FROM review_verdicts") == [("v1",)]
    review_store_path(db).write_bytes(b"not a database at all" * 100)
    before = _rows(db, "SELECT * FROM review_verdicts")
    with connect(db) as con:
        result = sync_verdicts(con, str(db))  # a run goes on without the verdicts
    assert result["applied"] == 0
    assert "review store" in result["error"]
    assert _rows(db, "SELECT * FROM review_verdicts") == before
