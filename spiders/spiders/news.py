"""The one spider of the daily job: every configured source's feeds, sitemaps and listings."""

from __future__ import annotations

import base64
import json
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from spiders.discovery import FeedError, parse_feed_or_sitemap
from spiders.extract import extract
from spiders.items import FetchItem
from spiders.sources import Source, parse_sources

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Sitemap indexes may nest; 3 levels cover every news site we have seen.
_MAX_SITEMAP_DEPTH = 3


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _headers(response: Response) -> dict[str, str]:
    return {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(self, sources: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not sources:
            raise ValueError("NewsSpider needs -a sources=PATH (a JSON list of sources)")
        with open(sources, encoding="utf-8") as fh:
            self.sources: list[Source] = parse_sources({"sources": json.load(fh)}, sources)
        self.scheduled: Counter[str] = Counter()

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for source in self.sources:
            for url in source.feeds:
                yield self._discovery_request(url, source, "feed")
            for url in source.sitemaps:
                yield self._discovery_request(url, source, "sitemap")
            for url in source.start_urls:
                yield self._discovery_request(url, source, "listing")

    # -- requests ---------------------------------------------------------------
    def _meta(self, source: Source, kind: str, **extra: Any) -> dict:
        # handle_httpstatus_all: 404s and 500s reach the callback, so they are recorded.
        return {"source": source, "kind": kind, "handle_httpstatus_all": True, **extra}

    def _discovery_request(self, url: str, source: Source, kind: str, depth: int = 0) -> scrapy.Request:
        callback = self.parse_listing if kind == "listing" else self.parse_discovery
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            meta=self._meta(source, kind, depth=depth),
            dont_filter=True,
        )

    def _article_request(self, url: str, source: Source, entry: dict | None = None) -> scrapy.Request | None:
        limit = source.max_articles or self.settings.getint("CLAIMWATCH_MAX_ARTICLES")
        if self.scheduled[source.name] >= limit:
            self.crawler.stats.inc_value(f"claimwatch/{source.name}/over_max_articles")
            return None
        self.scheduled[source.name] += 1
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.on_error,
            meta=self._meta(source, "article", entry=entry),
        )

    # -- callbacks --------------------------------------------------------------
    def _record(self, response: Response, error: str | None = None, **fields: Any) -> FetchItem:
        source: Source = response.meta["source"]
        return FetchItem(
            kind=response.meta["kind"],
            url=response.request.url if response.request else response.url,
            final_url=response.url,
            source=source.name,
            fetched_at=_now(),
            status=response.status,
            headers=_headers(response),
            encoding=getattr(response, "encoding", None),
            body_b64=base64.b64encode(response.body).decode("ascii"),
            error=error,
            lang_hint=source.lang,
            entry=response.meta.get("entry"),
            **fields,
        )

    def parse_discovery(self, response: Response) -> Iterator[FetchItem | scrapy.Request]:
        source: Source = response.meta["source"]
        if response.status != 200:
            self.crawler.stats.inc_value(f"claimwatch/{source.name}/feed_failed")
            yield self._record(response, error=f"HTTP {response.status}")
            return
        try:
            found = parse_feed_or_sitemap(response.body)
        except FeedError as exc:
            self.logger.warning("%s: %s: %s", source.name, response.url, exc)
            self.crawler.stats.inc_value(f"claimwatch/{source.name}/feed_failed")
            yield self._record(response, error=str(exc))
            return
        yield self._record(response)
        depth = response.meta.get("depth", 0)
        for child in found.sitemaps:
            if depth < _MAX_SITEMAP_DEPTH:
                yield self._discovery_request(child, source, "sitemap", depth + 1)
        for entry in found.entries:
            request = self._article_request(entry.url, source, entry.__dict__)
            if request is not None:
                yield request

    def parse_listing(self, response: Response) -> Iterator[FetchItem | scrapy.Request]:
        source: Source = response.meta["source"]
        if response.status != 200 or not isinstance(response, TextResponse):
            yield self._record(response, error=f"HTTP {response.status}")
            return
        yield self._record(response)
        host = urlparse(response.url).netloc
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href).split("#")[0]
            if urlparse(url).netloc == host and url != response.url:
                request = self._article_request(url, source)
                if request is not None:
                    yield request

    def parse_article(self, response: Response) -> Iterator[FetchItem]:
        source: Source = response.meta["source"]
        stats = self.crawler.stats
        if response.status != 200:
            stats.inc_value(f"claimwatch/{source.name}/article_http_{response.status}")
            yield self._record(response, error=f"HTTP {response.status}")
            return
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        if not isinstance(response, TextResponse) or (
            content_type and not content_type.startswith(_HTML_TYPES)
        ):
            stats.inc_value(f"claimwatch/{source.name}/not_html")
            yield self._record(response, error=f"not an HTML page ({content_type or 'unknown type'})")
            return
        try:
            extracted = extract(response.text, response.url)
        except ValueError as exc:
            stats.inc_value(f"claimwatch/{source.name}/extract_failed")
            self.logger.warning("%s: cannot extract %s: %s", source.name, response.url, exc)
            yield self._record(response, error=f"extraction failed: {exc}")
            return
        stats.inc_value(f"claimwatch/{source.name}/articles")
        yield self._record(response, extracted=extracted.to_dict())

    def on_error(self, failure: Failure) -> Iterator[FetchItem]:
        request = failure.request  # type: ignore[attr-defined]
        source: Source = request.meta["source"]
        reason = failure.getErrorMessage() or failure.type.__name__
        self.logger.warning("%s: %s failed: %s", source.name, request.url, reason)
        self.crawler.stats.inc_value(f"claimwatch/{source.name}/{request.meta['kind']}_failed")
        yield FetchItem(
            kind=request.meta["kind"],
            url=request.url,
            source=source.name,
            fetched_at=_now(),
            error=f"{failure.type.__name__}: {reason}",
            lang_hint=source.lang,
            entry=request.meta.get("entry"),
        )
