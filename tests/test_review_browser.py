"""The review UI as a reviewer uses it: real headless Chromium (Debian's package, driven by
Playwright) against `claimwatch review serve` in a child process.

The screenshots of the queues, a contradiction's page and a dispute's page go to test-artifacts/; with
UPDATE_SCREENSHOTS=1 they are also copied to docs/screenshots/ for the README.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest
from review_site import XSS, build_review_store

from warehouse.verdicts import sync_verdicts

ROOT = Path(__file__).parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_HINT = "apt-get install -y --no-install-recommends chromium"


def _require_chromium() -> None:
    """In CI a missing browser fails the test; on a laptop it skips, saying how to install it."""
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing: {INSTALL_HINT}"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, proc: subprocess.Popen, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"review serve exited {proc.returncode}: {proc.stderr.read()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"review serve did not answer {url} within {timeout_s} s")


@pytest.fixture
def served(tmp_path, monkeypatch):
    """`claimwatch review serve` on a free loopback port: (base URL, store path, password)."""
    _require_chromium()
    db = tmp_path / "store.duckdb"
    password = build_review_store(db, payload=XSS, japanese=False)["password"]
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    monkeypatch.setenv("CLAIMWATCH_REVIEW_URL", base)  # the export names the pages the server serves
    proc = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "review", "serve", "--db", str(db), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "CLAIMWATCH_REVIEW_URL": base},
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


def test_review_browser_sign_in_confirm_and_export(served, tmp_path):
    from playwright.sync_api import sync_playwright

    from cli.main import main

    base, db, password = served
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))  # an alert() = XSS

            page.goto(f"{base}/login")
            page.fill("input[name=username]", "alice")
            page.fill("input[name=password]", password)
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/")
            assert "Signed in as alice" in page.inner_text("header")

            page.goto(f"{base}/contradictions")  # the pairs: the disputes' evidence
            rows = page.locator("table.queue tbody tr")
            assert rows.count() == 4
            assert "at least $1 billion" in rows.first.inner_text()  # highest score first
            page.screenshot(path=str(artifacts / "review-queue.png"), full_page=True)

            rows.first.locator("a").first.click()
            page.wait_for_url(f"{base}/contradictions/x1")
            assert page.locator("blockquote.claim mark").count() == 2  # one figure each side
            assert XSS in page.inner_text("body")  # scraped markup shown as text
            assert page.locator("img").count() == 0  # ... and never became an element
            assert page.locator("svg.timeline circle").count() >= 4

            page.check("input[name=verdict][value=confirmed]")
            page.fill("textarea[name=note]", "Harbor Times counts one shipment; the ledger the quarter.")
            page.click("form.verdict button[type=submit]")
            page.wait_for_url(f"{base}/contradictions/x1#verdicts")
            assert page.inner_text(".meta .badge") == "confirmed"
            assert "Harbor Times counts one shipment" in page.inner_text("#verdicts")
            page.screenshot(path=str(artifacts / "review-detail.png"), full_page=True)
            jsonld = json.loads(page.locator("script[type='application/ld+json']").text_content())

            page.goto(f"{base}/contradictions")
            assert page.locator("table.queue tbody tr").count() == 3  # x1 left the open queue
        finally:
            browser.close()
    assert dialogs == []

    # Read-write, as the daily job opens it, while the server still runs: the UI never holds it. The
    # job's first act copies the UI's verdicts (its own store) in.
    with duckdb.connect(str(db)) as con:
        assert sync_verdicts(con, str(db)) == {"applied": 1, "unknown": 0}
        audit = con.execute(
            "SELECT contradiction_id, reviewer, verdict, previous_status, note FROM review_verdicts"
        ).fetchall()
        status = con.execute("SELECT status FROM contradictions WHERE contradiction_id = 'x1'").fetchone()[0]
    assert audit == [
        ("x1", "alice", "confirmed", "open", "Harbor Times counts one shipment; the ledger the quarter.")
    ]
    assert status == "confirmed"

    out = tmp_path / "claimreview.jsonld"
    assert main(["export", "claimreview", "--db", str(db), "--out", str(out)]) == 0
    exported = {r["url"]: r for r in json.loads(out.read_text(encoding="utf-8"))}
    review = exported[f"{base}/contradictions/x1"]
    assert review["reviewRating"]["alternateName"] == "Sources disagree"
    assert review["itemReviewed"]["appearance"][0]["url"] == "https://pacific-ledger.example/a1"
    assert review == jsonld  # the page embeds what the export publishes

    if os.environ.get("UPDATE_SCREENSHOTS"):
        docs = ROOT / "docs" / "screenshots"
        docs.mkdir(parents=True, exist_ok=True)
        for name in ("review-queue.png", "review-detail.png"):
            shutil.copy(artifacts / name, docs / name)


def test_review_browser_rule_on_a_dispute_and_export_its_claimreviews(served, tmp_path):
    from playwright.sync_api import sync_playwright

    from cli.main import main

    base, db, password = served
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    dialogs: list[str] = []
    note = "Customs filings show $1.2bn; the $400m figure counts one shipment."
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))  # an alert() = XSS
            page.goto(f"{base}/login")
            page.fill("input[name=username]", "alice")
            page.fill("input[name=password]", password)
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/")

            rows = page.locator("table.disputes tbody tr")
            assert rows.count() == 2
            assert "Nvidia, value" in rows.first.inner_text()  # the widest spread first
            page.screenshot(path=str(artifacts / "review-disputes.png"), full_page=True)

            rows.first.locator("a").first.click()
            page.wait_for_url(f"{base}/disputes/*")
            dispute_id = page.url.rsplit("/", 1)[1]
            assert page.locator("section.position").count() == 3
            assert page.locator("svg.timeline circle").count() == 4
            assert "metro-daily" in page.inner_text("#position-" + page.locator(
                "form.ruling input[name=position]").nth(2).get_attribute("value"))  # fmt: skip
            assert page.locator("img").count() == 0  # the scraped markup never became an element

            page.locator("form.ruling input[name=position]").nth(2).check()  # P3: at least $1bn / $1.2bn
            page.fill("form.ruling textarea[name=note]", note)
            page.fill("form.ruling textarea[name=evidence]", "https://customs.example/filing-17")
            page.click("form.ruling button[type=submit]")
            page.wait_for_url(f"{base}/disputes/{dispute_id}#rulings")
            assert page.inner_text(".meta .badge") == "ruled"
            assert note in page.inner_text("#rulings")
            assert page.locator("section.position.supported").count() == 1
            page.screenshot(path=str(artifacts / "review-dispute.png"), full_page=True)
            embedded = json.loads(page.locator("script[type='application/ld+json']").text_content())

            page.goto(f"{base}/")
            assert page.locator("table.disputes tbody tr").count() == 1  # ruled: left the open queue
        finally:
            browser.close()
    assert dialogs == []
    assert sorted(
        (r["reviewRating"]["alternateName"], r["reviewRating"]["ratingValue"]) for r in embedded
    ) == [
        ("Accurate", 5),
        ("Accurate", 5),
        ("Inaccurate", 1),
        ("Inaccurate", 1),
    ]

    # The job copies the ruling in at its next start while the server still runs; the export then
    # publishes one ClaimReview per claim, the same objects the page embeds.
    with duckdb.connect(str(db)) as con:
        sync_verdicts(con, str(db))
        stored = con.execute("SELECT dispute_id, outcome, reviewer, note FROM dispute_rulings").fetchall()
    assert stored == [(dispute_id, "supported", "alice", note)]
    out = tmp_path / "claimreview.jsonld"
    assert main(["export", "claimreview", "--db", str(db), "--out", str(out)]) == 0
    exported = [r for r in json.loads(out.read_text(encoding="utf-8")) if "/disputes/" in r["url"]]
    assert sorted(exported, key=lambda r: r["url"]) == sorted(embedded, key=lambda r: r["url"])
    assert all(r["url"].startswith(f"{base}/disputes/{dispute_id}#claim-") for r in exported)

    if os.environ.get("UPDATE_SCREENSHOTS"):
        docs = ROOT / "docs" / "screenshots"
        docs.mkdir(parents=True, exist_ok=True)
        for name in ("review-disputes.png", "review-dispute.png"):
            shutil.copy(artifacts / name, docs / name)
