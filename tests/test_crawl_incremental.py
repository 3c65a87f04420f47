"""Crawling like a good citizen (issue #3): conditional requests, revisions, gone pages,
health, encodings, size and type limits, allow/deny/since — against loopback sites."""

from __future__ import annotations

import duckdb
import pytest
from conftest import FIXTURES
from crawl_helpers import LiveSite, crawl_once

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{title}",
"datePublished": "{date}T09:00:00+00:00", "author": {{"name": "Test Writer"}}}}</script></head>
<body><nav>Home World Tech</nav><article><h1>{title}</h1>{body}</article>
<footer>Footer text</footer></body></html>
"""


def page(title: str, *paragraphs: str, date: str = "2025-07-28") -> str:
    return PAGE.format(title=title, date=date, body="".join(f"<p>{p}</p>" for p in paragraphs))


def rss(base: str, *items: tuple[str, str]) -> str:
    entries = "".join(
        f"<item><title>{path}</title><link>{base}/{path}</link><pubDate>{date}</pubDate></item>"
        for path, date in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{entries}</channel></rss>'


@pytest.fixture
def site(tmp_path):
    live = LiveSite(None, tmp_path / "site")
    live.write("robots.txt", "User-agent: *\nDisallow: /private/\n")
    yield live
    live.close()


def _rows(db, sql, params=()):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


OLD = "Mon, 28 Jul 2025 09:00:00 +0000"


def test_crawl_rerun_uses_conditional_requests_and_skips_gone_pages(site, tmp_path):
    site.write(
        "a/one.html",
        page("One", "Nvidia shipped 500 racks of servers to customers in July, the company said."),
    )
    site.write("a/rss.xml", rss(site.base, ("a/one.html", OLD), ("a/gone.html", OLD)))
    db, sources = tmp_path / "s.duckdb", [{"name": "a", "feeds": [f"{site.base}/a/rss.xml"]}]
    first, _, _ = crawl_once(db, sources, tmp_path / "w")
    assert (first.new, first.failed) == (1, 1)
    site.hits.clear()
    second, stats, _ = crawl_once(db, sources, tmp_path / "w", run_id="r2")
    # The feed answered 304, so nothing else was asked for; the 404 is not retried.
    assert site.hits == ["/robots.txt", "/a/rss.xml"]
    assert stats["downloader/response_status_count/304"] == 1
    assert (second.new, second.updated, second.failed, second.not_modified) == (0, 0, 0, 1)
    assert _rows(db, "SELECT gone FROM url_state WHERE url LIKE '%gone.html'") == [(True,)]


def test_crawl_changed_feed_refetches_conditionally_and_versions_edits(site, tmp_path):
    site.write("a/one.html", page("One", "CloudMatrix 384 draws 2.3 times the power of the GB200 NVL72."))
    site.write("a/two.html", page("Two", "The WAIC fair drew 30,000 visitors to Shanghai over three days."))
    site.write("a/rss.xml", rss(site.base, ("a/one.html", OLD), ("a/two.html", OLD)))
    db, sources = tmp_path / "s.duckdb", [{"name": "a", "feeds": [f"{site.base}/a/rss.xml"]}]
    crawl_once(db, sources, tmp_path / "w")
    # An edit with a correction notice; the feed changes (a new item), so entries are followed.
    site.write(
        "a/one.html",
        page(
            "One",
            "CloudMatrix 384 draws 3.9 times the power of the GB200 NVL72.",
            "Correction: An earlier version of this story gave the ratio as 2.3 times.",
        ),
    )
    site.write("a/three.html", page("Three", "Nvidia sold 1,000 H20 chips in August, the filing showed."))
    site.write("a/rss.xml", rss(site.base, ("a/one.html", OLD), ("a/two.html", OLD), ("a/three.html", OLD)))
    site.hits.clear()
    result, stats, _ = crawl_once(db, sources, tmp_path / "w", run_id="r2")
    assert (result.new, result.updated, result.unchanged) == (1, 1, 1)
    assert stats["downloader/response_status_count/304"] == 1  # two.html: unchanged, no body sent
    versions = _rows(db, "SELECT a.url, a.version FROM articles a ORDER BY url")
    assert [v for _, v in versions] == [2, 1, 1]
    assert _rows(db, "SELECT text FROM corrections") == [
        ("Correction: An earlier version of this story gave the ratio as 2.3 times.",)
    ]


def test_crawl_unhealthy_after_three_failing_runs(site, tmp_path):
    db = tmp_path / "s.duckdb"
    sources = [
        {"name": "dead", "feeds": [f"{site.base}/dead/error-500.xml"]},
        {"name": "fine", "feeds": [f"{site.base}/fine/rss.xml"]},
    ]
    site.write("fine/rss.xml", rss(site.base))
    statuses = [crawl_once(db, sources, tmp_path / "w", run_id=f"r{n}")[2] for n in range(3)]
    assert [s["dead"] for s in statuses] == ["failing", "failing", "unhealthy"]
    assert statuses[-1]["fine"] == "ok"


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("euc-jp.html", "約300ペタFLOPS"),
        ("gb18030.html", "大约是英伟达GB200 NVL72的1.7倍"),
        ("big5.html", "約為輝達GB200 NVL72的1.7倍"),
        ("shift_jis-no-meta.html", "10億ドル相当"),  # no header, no meta: detected
    ],
)
def test_crawl_decodes_legacy_cjk_encodings(site, tmp_path, name, needle):
    site.write(f"c/{name}", (FIXTURES / "charsets" / name).read_bytes())
    site.write("c/rss.xml", rss(site.base, (f"c/{name}", OLD)))
    db = tmp_path / "s.duckdb"
    result, _, _ = crawl_once(db, [{"name": "c", "feeds": [f"{site.base}/c/rss.xml"]}], tmp_path / "w")
    assert result.new == 1
    ((text, lang),) = _rows(
        db, "SELECT v.text, a.lang FROM article_versions v JOIN articles a USING (article_id)"
    )
    assert needle in text
    assert lang == ("zh" if name.startswith(("gb", "big")) else "ja")


def test_crawl_limits_patterns_since_size_type_and_hostile_feeds(site, tmp_path):
    site.write("a/keep.html", page("Keep", "Nvidia shipped 500 racks of servers to customers in July."))
    site.write("a/opinion/skip.html", page("Skip", "An opinion with 3 figures that we do not want here."))
    site.write("a/old.html", page("Old", "Huawei shipped 100 racks of servers to customers in 2019."))
    site.write("a/big.html", page("Big", "x " * 40_000))
    site.write("a/doc.pdf", b"%PDF-1.4 not a page")
    site.write(
        "a/rss.xml",
        rss(
            site.base,
            ("a/keep.html", OLD),
            ("a/opinion/skip.html", OLD),
            ("a/old.html", "Mon, 01 Jul 2019 09:00:00 +0000"),
            ("a/big.html", OLD),
            ("a/doc.pdf", OLD),
            ("private/x.html", OLD),
        ),
    )
    site.write(
        "x/rss.xml",
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
        "<rss><channel><item><link>&b;</link></item></channel></rss>",
    )
    db = tmp_path / "s.duckdb"
    sources = [
        {"name": "a", "feeds": [f"{site.base}/a/rss.xml"], "deny": ["/opinion/"], "since": "2025-01-01"},
        {"name": "x", "feeds": [f"{site.base}/x/rss.xml"]},
    ]
    result, stats, health = crawl_once(db, sources, tmp_path / "w", {"DOWNLOAD_MAXSIZE": 50_000})
    assert result.new == 1
    assert _rows(db, "SELECT url FROM articles") == [(f"{site.base}/a/keep.html",)]
    for why in ("pattern", "too_old", "too_large", "not_html", "robots"):
        assert stats[f"claimwatch/a/skipped/{why}"] == 1, why
    for path in ("/a/opinion/skip.html", "/a/old.html", "/private/x.html"):
        assert path not in site.hits
    assert stats["claimwatch/x/feed_failed"] == 1  # entities refused, the run went on
    ((error,),) = _rows(db, "SELECT error FROM fetches WHERE url LIKE '%x/rss.xml'")
    assert "entities" in error
    assert health["x"] == "failing"
