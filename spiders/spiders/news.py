"""The one spider of the daily job: every configured source's feeds, sitemaps and listings."""

from __future__ import annotations

import base64
import hashlib
import json
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from spiders import revisits
from spiders import settings as defaults
from spiders.addresses import scheme_refusal
from spiders.discovery import FeedError, parse_feed_or_sitemap
from spiders.extract import decode_body, extract
from spiders.items import FetchItem
from spiders.lang import article_lang
from spiders.middlewares import RedirectFailed, Refused, Truncated
from spiders.sources import Source, parse_sources

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Sitemap indexes may nest; 3 levels cover every news site we have seen.
_MAX_SITEMAP_DEPTH = 3
_PERMANENT = (301, 308)


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _body_sha1(response: Response) -> str:
    """The body's hash, computed once per response (the unchanged check and the record share it)."""
    if "body_sha1" not in response.meta:
        response.meta["body_sha1"] = hashlib.sha1(response.body).hexdigest()
    return response.meta["body_sha1"]


def _headers(response: Response) -> dict[str, str]:
    return {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}


def _origin(response: Response) -> str:
    """The URL the feed named (before redirects): the key of the page's crawl state."""
    meta = response.meta
    if "origin_url" in meta:
        return meta["origin_url"]
    if meta.get("redirect_urls"):  # Scrapy's meta-refresh redirects
        return meta["redirect_urls"][0]
    return response.request.url if response.request else response.url


def _chain(meta: dict) -> list[dict]:
    """The hops before the final URL, first first: ours ({url, status}) and meta refreshes."""
    chain = list(meta.get("redirects") or [])
    known = {hop["url"] for hop in chain}
    chain += [{"url": u, "status": None} for u in meta.get("redirect_urls") or [] if u not in known]
    return chain


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
        self.url_state: dict[str, dict] = {}
        if state:
            with open(state, encoding="utf-8") as fh:
                self.url_state = json.load(fh)
        self.scheduled: Counter[str] = Counter()
        self.requests: Counter[str] = Counter()  # per source, charged by the address guard
        self.discovered: dict[str, set[str]] = {s.name: set() for s in self.sources}
        self.started = time.monotonic()

    @property
    def now(self) -> datetime:
        """The revisit clock: CLAIMWATCH_NOW when set (tests travel in time), else the time."""
        return revisits.now(self.settings.get("CLAIMWATCH_NOW"))

    @property
    def schedule(self) -> list:
        return self.settings.getlist("CLAIMWATCH_REVISIT_SCHEDULE", defaults.CLAIMWATCH_REVISIT_SCHEDULE)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self.started = time.monotonic()
        for source in self.sources:
            self.crawler.stats.set_value(f"claimwatch/{source.name}/requests", 0)
            for kind, urls in (("feed", source.feeds), ("sitemap", source.sitemaps)):
                for url in urls:
                    if request := self._discovery_request(url, source, kind):
                        yield request
            for url in source.start_urls:
                if request := self._discovery_request(url, source, "listing"):
                    yield request
            for url in self._due_revisits(source):
                request = self._article_request(url, source, None)
                if request is not None:
                    yield request

    # -- bounds -----------------------------------------------------------------
    def truncate(self, source: Source, bound: str, dropped: int = 1) -> None:
        """Count what a bound (sitemaps, urls, requests, seconds) kept from being fetched."""
        self.crawler.stats.inc_value(f"claimwatch/{source.name}/truncated/{bound}", dropped)

    def charge(self, source: Source, request: scrapy.Request) -> str | None:
        """Charge one request to the source; the bound it would pass (requests, seconds), else None."""
        if time.monotonic() - self.started > source.bound("max_seconds", self.settings):
            self.truncate(source, "seconds")
            return "seconds"
        if self.requests[source.name] >= source.bound("max_requests", self.settings):
            self.truncate(source, "requests")
            return "requests"
        self.requests[source.name] += 1
        self.crawler.stats.inc_value(f"claimwatch/{source.name}/requests")
        return None

    def _admit(self, url: str, source: Source) -> bool:
        """http(s) only: anything else is refused before a request exists (and counted)."""
        reason = scheme_refusal(url)
        if reason:
            self.crawler.stats.inc_value(f"claimwatch/{source.name}/refused/{reason}")
        return reason is None

    def _due_revisits(self, source: Source) -> list[str]:
        """Articles seen before that the schedule says to read again, oldest check first, within
        the revisit budget: a late edit is caught even when no feed lists the page any more."""
        due = [
            (str(known.get("checked_at") or ""), url)
            for url, known in self.url_state.items()
            if known.get("source") == source.name
            and known.get("kind") == "article"
            and not known.get("gone")
            and revisits.due(known, self.now, self.schedule)
        ]
        budget = self.settings.getint("CLAIMWATCH_REVISIT_BUDGET", defaults.CLAIMWATCH_REVISIT_BUDGET)
        if len(due) > budget:
            self.truncate(source, "revisits", len(due) - budget)
        self.crawler.stats.inc_value(f"claimwatch/{source.name}/revisits", min(len(due), budget))
        return [url for _, url in sorted(due)[:budget]]

    def _follow(self, entry_url: str, stamp: str | None, listing_changed: bool) -> bool:
        """Whether a listed page is asked for: new, announced as changed, or due a re-read."""
        known = self.url_state.get(entry_url)
        if not known:
            return True
        if revisits.announced(known, stamp):
            return True
        if not listing_changed:
            return False
        first_seen = revisits.parse_time(known.get("first_seen"))
        recent = (
            first_seen is not None
            and self.schedule
            and ((self.now - first_seen).total_seconds() < float(self.schedule[0][0]) * 86400)
        )
        # A changed listing re-checks its recent pages (conditional GETs: mostly 304s).
        return bool(recent) or revisits.due(known, self.now, self.schedule)

    # -- requests ---------------------------------------------------------------
    def _meta(self, source: Source, kind: str, **extra: Any) -> dict:
        # handle_httpstatus_all: 404s and 500s reach the callback, so they are recorded
        # (spiders.middlewares.RedirectMiddleware follows redirects all the same).
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

    def _discovery_request(
        self, url: str, source: Source, kind: str, depth: int = 0
    ) -> scrapy.Request | None:
        seen = self.discovered[source.name]
        if url in seen:  # an index that lists itself, or one child twice
            self.crawler.stats.inc_value(f"claimwatch/{source.name}/skipped/duplicate_discovery")
            return None
        seen.add(url)
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
        if not self._admit(url, source):
            return None
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
            url=_origin(response),
            final_url=response.url,
            redirects=_chain(response.meta),
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
        known = (self.url_state.get(_origin(response)) or {}).get("body_sha1")
        return response.status == 200 and known == _body_sha1(response)

    def _moved(self, response: Response) -> None:
        """A configured feed, sitemap or listing that answers through permanent redirects only."""
        chain = _chain(response.meta)
        if response.meta.get("depth", 0) == 0 and chain and all(h.get("status") in _PERMANENT for h in chain):
            name = response.meta["source"].name
            self.crawler.stats.set_value(f"claimwatch/{name}/moved/{_origin(response)}", response.url)

    def parse_discovery(self, response: Response) -> Iterator[FetchItem | scrapy.Request]:
        source: Source = response.meta["source"]
        self._moved(response)
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
        children = [c for c in dict.fromkeys(found.sitemaps) if self._admit(c, source)]
        limit = source.bound("max_sitemaps", self.settings)
        if len(children) > limit:
            self.truncate(source, "sitemaps", len(children) - limit)
        for child in children[:limit]:
            if depth < _MAX_SITEMAP_DEPTH:
                request = self._discovery_request(child, source, "sitemap", depth + 1)
                if request is not None:
                    yield request
        entries = list({e.url: e for e in found.entries}.values())
        limit = source.bound("max_urls", self.settings)
        if len(entries) > limit:
            self.truncate(source, "urls", len(entries) - limit)
        for entry in entries[:limit]:
            # Same feed bytes as last run: only pages it announces as changed; revisits of
            # the rest come from the schedule (start()).
            if not self._follow(entry.url, entry.stamp, listing_changed=not unchanged):
                continue
            request = self._article_request(entry.url, source, entry.__dict__)
            if request is not None:
                yield request

    def parse_listing(self, response: Response) -> Iterator[FetchItem | scrapy.Request]:
        source: Source = response.meta["source"]
        self._moved(response)
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
            if urlparse(url).netloc == host and url != response.url and self._follow(url, None, True):
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
        fields = extracted.to_dict()
        if fields.get("canonical_url") and not self._admit(fields["canonical_url"], source):
            fields["canonical_url"] = None  # a file: or javascript: "canonical" is no URL of ours
        lang = article_lang(fields, response.meta.get("entry"), source.lang)
        yield self._record(response, extracted=fields, encoding=encoding, lang=lang)

    def on_error(self, failure: Failure) -> Iterator[FetchItem]:
        request = failure.request  # type: ignore[attr-defined]
        source: Source = request.meta["source"]
        reason = failure.getErrorMessage() or failure.type.__name__
        skipped = None
        if failure.check(Refused):
            skipped = "refused"
            self.crawler.stats.inc_value(f"claimwatch/{source.name}/refused/{failure.value.reason}")
        elif failure.check(Truncated):
            skipped = "truncated"  # counted by charge()
        elif failure.check(RedirectFailed):
            pass  # a loop or too many hops: a failure of the site, recorded below
        elif failure.check(IgnoreRequest) and "robots.txt" in reason:
            skipped = "robots"
        elif "max size" in reason or "maxsize" in reason.replace("_", ""):
            skipped = "too_large"  # DOWNLOAD_MAXSIZE (10 MB by default) cancelled the download
        if skipped in ("robots", "too_large"):
            self._skip(source, skipped)
        elif not skipped:
            self.logger.warning("%s: %s failed: %s", source.name, request.url, reason)
            self.crawler.stats.inc_value(f"claimwatch/{source.name}/{request.meta['kind']}_failed")
        yield FetchItem(
            skipped=skipped,
            kind=request.meta["kind"],
            url=request.meta.get("origin_url", request.url),
            final_url=request.url,
            redirects=_chain(request.meta),
            source=source.name,
            fetched_at=_now(),
            error=f"{failure.type.__name__}: {reason}",
            lang_hint=source.lang,
            entry=request.meta.get("entry"),
        )
