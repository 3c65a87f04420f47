"""Crawling a hostile loopback site (issue #15): redirects, a closed address space, bounds,
revisits. The sources live on 127.0.0.1; 127.0.0.2, localhost and [::1] play internal
hosts that are not the source's own. Nothing leaves loopback."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import duckdb
import pytest
from crawl_helpers import FAST, crawl_once
from hostile_site import (
    HostileServer,
    article,
    redirect,
    rss,
    sitemap_index,
    text,
    urlset,
)

from spiders.crawl import crawl, crawl_report
from spiders.sources import parse_sources

ALLOW_ALL = text("User-agent: *\nAllow: /\n")
RATIO_V1 = "CloudMatrix 384 draws 2.3 times the power of the GB200 NVL72, the company said."
RATIO_V2 = "CloudMatrix 384 draws 3.9 times the power of the GB200 NVL72, the company said."


@pytest.fixture
def servers():
    main = HostileServer("127.0.0.1").start()
    other = HostileServer("127.0.0.2").start()
    try:
        v6 = HostileServer("::1").start()
    except OSError:  # no IPv6 loopback here: the [::1] case is still refused by name
        v6 = None
    yield main, other, v6
    for server in (main, other, v6):
        if server is not None:
            server.stop()


def _rows(db, sql, params=()):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def _claims(db):
    """The claims stage on what was loaded (spaCy, no embeddings): for `claimwatch diff`."""
    from nlp.claims import extract_claims_many
    from warehouse.claimstore import pending_versions, save_claims
    from warehouse.db import connect

    with connect(db) as con:
        for pending in pending_versions(con):
            (claims,) = extract_claims_many([(pending.text, pending.lang, pending.published)])
            save_claims(con, pending, claims)


def test_crawl_hostile_site(servers, tmp_path):
    main, other, v6 = servers
    b, o = main.base, other.base
    v6_base = v6.base if v6 else "http://[::1]:9"
    local = main.base.replace("127.0.0.1", "localhost")
    main.routes.update(
        {
            "/robots.txt": ALLOW_ALL,
            "/feed.xml": rss(f"{b}/r/a", f"{b}/r/loop1", f"{b}/r/dead", f"{b}/r/cross"),
            "/r/a": redirect(301, "/r/a2"),
            "/r/a2": redirect(302, f"{b}/articles/a.html"),
            "/articles/a.html": article("A", RATIO_V1),
            "/r/loop1": redirect(301, "/r/loop2"),
            "/r/loop2": redirect(302, "/r/loop1"),
            "/r/dead": redirect(301, "/articles/missing.html"),
            "/r/cross": redirect(302, f"{o}/secret.html"),
            "/partner.xml": rss(f"{b}/r/partner-cross"),
            "/r/partner-cross": redirect(302, f"{o}/secret.html"),
            "/old-feed.xml": redirect(301, "/feed2.xml"),
            "/feed2.xml": rss(f"{b}/articles/b.html"),
            "/articles/b.html": article("B", "Huawei shipped 300 racks of servers to customers in July."),
            "/index.xml": sitemap_index(
                "file:///etc/passwd",
                "ftp://127.0.0.1/sitemap.xml",
                "data:text/plain,hello",
                "gopher://127.0.0.1:70/1",
                f"{o}/sitemap.xml",
                f"{local}/sitemap.xml",
                f"{v6_base}/sitemap.xml",
                *[f"{b}/index.xml"] * 1000,
                f"{b}/news.xml",
            ),
            "/news.xml": urlset({f"{b}/articles/c.html": "2025-07-28", "file:///etc/shadow": "2025-07-28"}),
            "/articles/c.html": article("C", "SenseTime spent about $2 billion on new capacity last year."),
            "/big.xml": rss(*[f"{b}/many/{n}.html" for n in range(20_000)]),
            "/slow-feed.xml": rss(f"{b}/slow.html"),
            "/slow.html": "hang",
        }
    )
    for n in range(50):
        main.routes[f"/many/{n}.html"] = article(f"M{n}", f"Moore Threads sold {n + 10} boards in June.")
    other.routes.update(
        {
            "/robots.txt": text("User-agent: *\nDisallow: /secret.html\n"),
            "/secret.html": article("Secret", "Internal figures: 42 servers."),
            "/sitemap.xml": urlset({f"{o}/secret.html": "2025-07-28"}),
        }
    )
    sources = [
        {"name": "outlet", "feeds": [f"{b}/feed.xml", f"{b}/old-feed.xml"], "sitemaps": [f"{b}/index.xml"]},
        # Opts in to internal hosts: the hop to 127.0.0.2 is then up to that host's robots.txt.
        {"name": "partner", "feeds": [f"{b}/partner.xml"], "allow_private": True},
        {"name": "flood", "feeds": [f"{b}/big.xml"], "max_urls": 50, "max_requests": 20},
        {"name": "stuck", "feeds": [f"{b}/slow-feed.xml"], "max_seconds": 4},
    ]
    db = tmp_path / "s.duckdb"
    loaded, stats, health = crawl_once(db, sources, tmp_path / "w", {"DOWNLOAD_TIMEOUT": 2})
    _claims(db)

    # Redirected articles are stored under the URL that answered, with their claims; the
    # fetch keeps the whole chain under the feed's link.
    articles = dict(_rows(db, "SELECT url, article_id FROM articles WHERE source = 'outlet'"))
    assert {f"{b}/articles/a.html", f"{b}/articles/b.html", f"{b}/articles/c.html"} <= set(articles)
    assert not any("/r/" in url for url in articles)
    claims = _rows(db, "SELECT text FROM claims WHERE article_id = ?", [articles[f"{b}/articles/a.html"]])
    assert any("2.3 times" in c for (c,) in claims)
    ((final, chain),) = _rows(
        db, "SELECT final_url, redirects FROM fetches WHERE url = ? AND source = 'outlet'", [f"{b}/r/a"]
    )
    assert final == f"{b}/articles/a.html"
    assert [(h["url"], h["status"]) for h in json.loads(chain)] == [(f"{b}/r/a", 301), (f"{b}/r/a2", 302)]
    errors = dict(_rows(db, "SELECT url, error FROM fetches WHERE source = 'outlet' AND error IS NOT NULL"))
    assert "redirect loop" in errors[f"{b}/r/loop1"]
    assert errors[f"{b}/r/dead"] == "HTTP 404"
    assert stats["claimwatch/outlet/refused/loopback"] >= 3  # 127.0.0.2, localhost, ::1, /r/cross
    assert stats["claimwatch/outlet/refused/scheme"] == 5  # file, ftp, data, gopher; file in a urlset
    assert stats["claimwatch/outlet/skipped/duplicate_discovery"] >= 1  # the index listing itself

    # No refused URL was requested, by any server, under any name.
    # 127.0.0.2 saw only the opted-in partner's robots.txt request, which disallowed the hop.
    assert other.paths() == ["/robots.txt"]
    assert not [host for host, _ in main.log if host.startswith("localhost")]
    if v6 is not None:
        assert v6.log == []
    assert main.paths().count("/index.xml") == 1
    assert _rows(
        db, "SELECT count(*) FROM fetches WHERE url NOT LIKE 'http%' OR final_url NOT LIKE 'http%'"
    ) == [(0,)]
    assert _rows(db, "SELECT count(*) FROM fetches WHERE source = 'outlet' AND url LIKE ?", [f"{o}%"]) == [
        (0,)
    ]
    assert stats["claimwatch/partner/skipped/robots"] == 1  # the hop to 127.0.0.2 was disallowed

    # The moved feed is reported, not failing; its article is stored.
    by_source = {h.source: h for h in _health(db)}
    assert by_source["outlet"].moved == {f"{b}/old-feed.xml": f"{b}/feed2.xml"}
    assert f"moved to {b}/feed2.xml" in by_source["outlet"].notes
    assert health["outlet"] == "ok"

    # The flood is cut at its bounds and reported truncated; the hung page did not hold the run.
    assert stats["claimwatch/flood/truncated/urls"] == 20_000 - 50
    assert stats["claimwatch/flood/requests"] <= 20
    assert len([p for p in main.paths() if p.startswith("/many/")]) <= 20
    assert health["flood"] == "truncated"
    assert by_source["flood"].truncated["urls"] == 19_950
    assert loaded.new >= 4


def _health(db):
    from warehouse.db import connect
    from warehouse.health import source_health

    with connect(db) as con:
        return source_health(con)


def test_crawl_hung_source_is_stopped_at_its_time_limit_and_keeps_its_items(servers, tmp_path):
    main, _, _ = servers
    main.routes.update(
        {"/robots.txt": ALLOW_ALL, "/feed.xml": rss(f"{main.base}/slow.html"), "/slow.html": "hang"}
    )
    sources = parse_sources({"sources": [{"name": "stuck", "feeds": [f"{main.base}/feed.xml"]}]})
    # The download itself would wait 60 s; the crawl's limit is 3 s.
    result = crawl(sources, tmp_path / "w", {**FAST, "DOWNLOAD_TIMEOUT": 60}, timeout=3)
    assert result.timed_out
    items = [json.loads(line) for line in result.items_path.read_text(encoding="utf-8").splitlines()]
    assert [i["kind"] for i in items] == ["feed"]  # written before the stop, not lost with it
    assert crawl_report(result.stats, "stuck", result.timed_out)["truncated"] == {"timeout": 1}


def test_crawl_revisits_catch_an_edit_four_days_after_first_seen(servers, tmp_path):
    main, _, _ = servers
    b = main.base
    main.routes.update(
        {"/robots.txt": ALLOW_ALL, "/feed.xml": rss(f"{b}/a.html"), "/a.html": article("A", RATIO_V1)}
    )
    db, sources = tmp_path / "s.duckdb", [{"name": "a", "feeds": [f"{b}/feed.xml"]}]
    crawl_once(db, sources, tmp_path / "w")
    _claims(db)
    main.routes["/a.html"] = article("A", RATIO_V2)  # the feed does not change
    start = datetime.now(UTC)
    # Ten minutes later the page is not due (every run means at most hourly in the first 2 days).
    crawl_once(db, sources, tmp_path / "w", {"CLAIMWATCH_NOW": (start + timedelta(minutes=10)).isoformat()})
    assert _rows(db, "SELECT version FROM articles") == [(1,)]
    main.log.clear()
    crawl_once(
        db, sources, tmp_path / "w", {"CLAIMWATCH_NOW": (start + timedelta(days=4)).isoformat()}, run_id="r3"
    )
    assert "/a.html" in main.paths()
    assert _rows(db, "SELECT version FROM articles") == [(2,)]
    _claims(db)
    from cli.formatting import format_diff
    from warehouse.db import connect

    with connect(db) as con:
        ((article_id,),) = con.execute("SELECT article_id FROM articles").fetchall()
        diff = format_diff(con, article_id)
    assert "2.3 times" in diff
    assert "3.9 times" in diff


def test_crawl_lastmod_announces_an_edit_on_the_next_run(servers, tmp_path):
    main, _, _ = servers
    b = main.base
    main.routes.update(
        {
            "/robots.txt": ALLOW_ALL,
            "/sitemap.xml": urlset({f"{b}/a.html": "2025-07-01T09:00:00Z"}),
            "/a.html": article("A", RATIO_V1),
        }
    )
    # No schedule: only the sitemap's <lastmod> can send the crawler back.
    settings = {"CLAIMWATCH_REVISIT_SCHEDULE": []}
    db, sources = tmp_path / "s.duckdb", [{"name": "a", "sitemaps": [f"{b}/sitemap.xml"]}]
    crawl_once(db, sources, tmp_path / "w", settings)
    main.routes["/a.html"] = article("A", RATIO_V2)
    main.routes["/sitemap.xml"] = urlset({f"{b}/a.html": "2025-07-05T09:00:00Z"})
    crawl_once(db, sources, tmp_path / "w", settings, run_id="r2")
    assert _rows(db, "SELECT version FROM articles") == [(2,)]
    # An edit the sitemap does not announce waits for the schedule (here: none).
    main.routes["/a.html"] = article("A", "CloudMatrix 384 draws 4.1 times the power, the company said.")
    crawl_once(db, sources, tmp_path / "w", settings, run_id="r3")
    assert _rows(db, "SELECT version FROM articles") == [(2,)]
