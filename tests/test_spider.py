"""The news spider offline: saved pages and feeds as responses, callbacks called directly."""

from __future__ import annotations

import base64
import json

import pytest
import scrapy
from conftest import FIXTURES
from scrapy.http import HtmlResponse, Request, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler

from spiders.items import FetchItem
from spiders.spiders.news import NewsSpider


@pytest.fixture
def spider(tmp_path):
    path = tmp_path / "sources.json"
    path.write_text(
        json.dumps(
            [{"name": "ledger", "feeds": ["https://ledger.example/rss.xml"], "lang": "en", "max_articles": 2}]
        ),
        encoding="utf-8",
    )
    crawler = get_crawler(NewsSpider)
    return NewsSpider.from_crawler(crawler, sources=str(path))


def _response(spider, cls, url, body, kind, status=200, headers=None):
    request = Request(url, meta={"source": spider.sources[0], "kind": kind, "entry": {"url": url}})
    return cls(url=url, body=body, status=status, request=request, headers=headers or {})


def test_spider_article_page_yields_item_with_extraction_and_raw_body(spider):
    body = (FIXTURES / "pages" / "ledger-grey-market.html").read_bytes()
    url = "https://ledger.example/2025/07/grey-market"
    (item,) = spider.parse_article(
        _response(
            spider, HtmlResponse, url, body, "article", headers={"Content-Type": "text/html; charset=utf-8"}
        )
    )
    assert isinstance(item, FetchItem)
    assert item.error is None
    assert item.status == 200
    assert item.source == "ledger"
    assert base64.b64decode(item.body_b64) == body
    assert item.extracted["author"] == "Mara Quinn"
    assert "at least $1 billion" in item.extracted["text"]
    assert spider.crawler.stats.get_value("claimwatch/ledger/articles") == 1


def test_spider_shift_jis_page_is_decoded(spider):
    body = (FIXTURES / "pages" / "nihon-cloudmatrix-sjis.html").read_bytes()
    (item,) = spider.parse_article(_response(spider, HtmlResponse, "https://n.example/a", body, "article"))
    assert item.encoding in ("shift_jis", "cp932")
    assert "384個のAscend 910C" in item.extracted["text"]


@pytest.mark.parametrize(
    ("status", "body", "content_type", "error"),
    [
        (404, b"<h1>Not Found</h1>", "text/html", "HTTP 404"),
        (200, b"<html><body><nav>Home</nav></body></html>", "text/html", "extraction failed"),
        (200, b"%PDF-1.4 binary", "application/pdf", "not an HTML page"),
    ],
)
def test_spider_bad_pages_are_recorded_not_dropped(spider, status, body, content_type, error):
    cls = TextResponse if content_type.startswith("text") else scrapy.http.Response
    (item,) = spider.parse_article(
        _response(
            spider, cls, "https://ledger.example/x", body, "article", status, {"Content-Type": content_type}
        )
    )
    assert item.error.startswith(error)
    assert item.extracted is None


def test_spider_feed_schedules_articles_up_to_max_articles(spider):
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel>
    <item><link>https://ledger.example/1</link></item><item><link>https://ledger.example/2</link></item>
    <item><link>https://ledger.example/3</link></item></channel></rss>"""
    out = list(
        spider.parse_discovery(_response(spider, XmlResponse, "https://ledger.example/rss.xml", feed, "feed"))
    )
    assert isinstance(out[0], FetchItem)
    assert out[0].error is None
    requests = [r for r in out if isinstance(r, Request)]
    assert [r.url for r in requests] == ["https://ledger.example/1", "https://ledger.example/2"]
    assert all(r.callback == spider.parse_article for r in requests)


def test_spider_broken_feed_is_recorded_and_counted(spider):
    out = list(
        spider.parse_discovery(
            _response(spider, XmlResponse, "https://ledger.example/rss.xml", b"<html>oops</html>", "feed")
        )
    )
    assert len(out) == 1
    assert "unknown feed type" in out[0].error
    assert spider.crawler.stats.get_value("claimwatch/ledger/feed_failed") == 1
