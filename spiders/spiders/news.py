"""The one spider of the daily job: every configured source's feeds, sitemaps and listings."""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlparse

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from spiders.discovery import FeedError, parse_feed_or_sitemap
from spiders.extract import decode_body, extract
from spiders.items import FetchItem
from spiders.sources import Source, parse_sources

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Sitemap indexes may nest; 3 levels cover every news site we have seen.
_MAX_SITEMAP_DEPTH = 3


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _body_sha1(response: Response) -> str:
    """The body's hash, computed once per response (the unchanged check and the record share it)."""
    if "body_sha1" not in response.meta:
        response.meta["body_sha1"] = hashlib.sha1(response.body).hexdigest()
    return response.meta["body_sha1"]


def _headers(response: Response) -> dict[str, str]:
    return {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(self, sources: str | None = None, state: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not sources:
            raise ValueError("NewsSpider needs -a sources=PATH (a JSON list of sources)")
        with open(sources, encoding="utf-8") as fh:
            self.sources: list[Source] = parse_sources({"sources": json.load(fh)}, sources)
        # What the last runs learnt per URL: validators, body hash, gone (see crawl_state).
        # Not `self.state`: Scrapy's SpiderState extension resets that attribute on open.
        # Not `self.state`: Scrapy's SpiderState extension resets that attribute on open.
        self.url_state: dict[str, dict] = {}
        if state:
            with open(state, encoding="utf-8") as fh:
                self.url_state = json.load(fh)
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

    def _conditional(self, url: str) -> dict[str, str]:
        """If-None-Match / If-Modified-Since from the last answer: a 304 costs no body."""
        known = self.url_state.get(url) or {}
        headers = {}
        if known.get("etag"):
            headers["If-None-Match"] = known["etag"]
        if known.get("last_modified"):
            headers["If-Modified-Since"] = known["last_modified"]
        return headers

    def _discovery_request(self, url: str, source: Source, kind: str, depth: int = 0) -> scrapy.Request:
        callback = self.parse_listing if kind == "listing" else self.parse_discovery
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            headers=self._conditional(url),
            meta=self._meta(source, kind, depth=depth),
            dont_filter=True,
        )

    def _skip(self, source: Source, why: str) -> None:
        self.crawler.stats.inc_value(f"claimwatch/{source.name}/skipped/{why}")

    def _article_request(self, url: str, source: Source, entry: dict | None = None) -> scrapy.Request | None:
        if not source.wants(url):
            self._skip(source, "pattern")
            return None
        if (self.url_state.get(url) or {}).get("gone"):
            # 404/410 before: recorded once, not fetched again every run.
            self._skip(source, "gone")
            return None
        published = (entry or {}).get("published_at")
        if source.since and published and published[:10] < source.since:
            self._skip(source, "too_old")
            return None
        limit = source.max_articles or self.settings.getint("CLAIMWATCH_MAX_ARTICLES")
        if self.scheduled[source.name] >= limit:
            self._skip(source, "over_max_articles")
            return None
        self.scheduled[source.name] += 1
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.on_error,
            headers=self._conditional(url),
            meta=self._meta(source, "article", entry=entry),
        )

    # -- callbacks --------------------------------------------------------------
    def _record(
        self, response: Response, error: str | None = None, keep_body: bool = True, **fields: Any
    ) -> FetchItem:
        source: Source = response.meta["source"]
        return FetchItem(
            kind=response.meta["kind"],
            url=response.request.url if response.request else response.url,
            final_url=response.url,
            source=source.name,
            fetched_at=_now(),
            status=response.status,
            headers=_headers(response),
            encoding=fields.pop("encoding", None) or getattr(response, "encoding", None),
            body_b64=base64.b64encode(response.body).decode("ascii") if keep_body else None,
            body_sha1=_body_sha1(response) if response.status != 304 else None,
            error=error,
            lang_hint=source.lang,
            entry=response.meta.get("entry"),
            **fields,
        )

    def _unchanged(self, response: Response) -> bool:
        """304, or the same bytes as last time: nothing new to discover or extract."""
        if response.status == 304:
            return True
        known = (self.url_state.get(response.url) or {}).get("body_sha1")
        return response.status == 200 and known == _body_sha1(response)

    def parse_discovery(self, response: Response) -> Iterator[FetchItem | scrapy.Request]:
        source: Source = response.meta["source"]
        unchanged = self._unchanged(response)
        if unchanged:
            self.crawler.stats.inc_value(f"claimwatch/{source.name}/not_modified")
            yield self._record(response, keep_body=False, not_modified=True)
            if response.status == 304:
                return
        elif response.status != 200:
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
        if not unchanged:
            yield self._record(response)
        depth = response.meta.get("depth", 0)
        for child in found.sitemaps:
            if depth < _MAX_SITEMAP_DEPTH:
                yield self._discovery_request(child, source, "sitemap", depth + 1)
        revisit_after = (
            datetime.now(UTC) - timedelta(days=self.settings.getfloat("CLAIMWATCH_REVISIT_DAYS"))
        ).isoformat()
        for entry in found.entries:
            if unchanged and not (entry.published_at and entry.published_at >= revisit_after):
                # Same feed bytes as last run: only recent stories are re-checked (conditionally)
                # for edits and corrections; older ones were followed when the feed last changed.
                continue
            request = self._article_request(entry.url, source, entry.__dict__)
            if request is not None:
                yield request

    def parse_listing(self, response: Response) -> Iterator[FetchItem | scrapy.Request]:
        source: Source = response.meta["source"]
        if response.status == 304:
            yield self._record(response, keep_body=False, not_modified=True)
            return
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
        if self._unchanged(response):
            stats.inc_value(f"claimwatch/{source.name}/not_modified")
            yield self._record(response, keep_body=False, not_modified=True)
            return
        if response.status != 200:
            stats.inc_value(f"claimwatch/{source.name}/article_http_{response.status}")
            yield self._record(response, error=f"HTTP {response.status}")
            return
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        if not isinstance(response, TextResponse) or (
            content_type and not content_type.startswith(_HTML_TYPES)
        ):
            self._skip(source, "not_html")
            yield self._record(
                response,
                error=f"not an HTML page ({content_type or 'unknown type'})",
                keep_body=False,
                skipped="not_html",
            )
            return
        # Our decoding, not response.text: it adds statistical detection for pages that
        # declare no charset, and reprocessing decodes the archive the same way.
        html, encoding = decode_body(response.body, content_type or None)
        try:
            extracted = extract(html, response.url)
        except ValueError as exc:
            stats.inc_value(f"claimwatch/{source.name}/extract_failed")
            self.logger.warning("%s: cannot extract %s: %s", source.name, response.url, exc)
            yield self._record(response, error=f"extraction failed: {exc}", encoding=encoding)
            return
        stats.inc_value(f"claimwatch/{source.name}/articles")
        yield self._record(response, extracted=extracted.to_dict(), encoding=encoding)

    def on_error(self, failure: Failure) -> Iterator[FetchItem]:
        request = failure.request  # type: ignore[attr-defined]
        source: Source = request.meta["source"]
        reason = failure.getErrorMessage() or failure.type.__name__
        skipped = None
        if failure.check(IgnoreRequest) and "robots.txt" in reason:
            skipped = "robots"
        elif "max size" in reason or "maxsize" in reason.replace("_", ""):
            skipped = "too_large"  # DOWNLOAD_MAXSIZE (10 MB by default) cancelled the download
        if skipped:
            self._skip(source, skipped)
        else:
            self.logger.warning("%s: %s failed: %s", source.name, request.url, reason)
            self.crawler.stats.inc_value(f"claimwatch/{source.name}/{request.meta['kind']}_failed")
        yield FetchItem(
            skipped=skipped,
            kind=request.meta["kind"],
            url=request.url,
            source=source.name,
            fetched_at=_now(),
            error=f"{failure.type.__name__}: {reason}",
            lang_hint=source.lang,
            entry=request.meta.get("entry"),
        )
