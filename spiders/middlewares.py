"""Downloader middlewares: retries with backoff, the address guard, redirects.

Retries with exponential backoff: a 5xx or a timeout waits 1 s, 2 s, ... before trying again.

Scrapy's RetryMiddleware re-queues at once, so a struggling server gets the retry while
it is still down; waiting (RETRY_BACKOFF_BASE * 2**n, capped at RETRY_BACKOFF_MAX) gives
it room and costs the crawl nothing while other hosts are fetched.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.settings import BaseSettings
from w3lib.url import safe_url_string

from spiders.addresses import address_refusal, hostname, scheme_refusal
from spiders.resolver import pin

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings: BaseSettings):
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 30.0)

    async def _wait(self, result: Request | Response | None) -> Request | Response | None:
        if isinstance(result, Request) and self.backoff_base > 0:
            attempt = result.meta.get("retry_times", 1)
            await asyncio.sleep(min(self.backoff_base * 2 ** (attempt - 1), self.backoff_max))
        return result

    async def process_response(self, request: Request, response: Response, spider=None):
        return await self._wait(super().process_response(request, response))

    async def process_exception(self, request: Request, exception: Exception, spider=None):
        return await self._wait(super().process_exception(request, exception))


class Refused(IgnoreRequest):
    """A URL outside the crawler's address space (spiders.addresses); `reason` says why."""

    def __init__(self, reason: str, url: str) -> None:
        super().__init__(f"refused ({reason}): {url}")
        self.reason = reason


class Truncated(IgnoreRequest):
    """A source's request budget or time is spent; `bound` names the bound (requests, seconds)."""

    def __init__(self, bound: str, url: str) -> None:
        super().__init__(f"not fetched, the source's {bound} bound is reached: {url}")
        self.bound = bound


class RedirectFailed(IgnoreRequest):
    """A redirect chain that loops, runs past REDIRECT_MAX_TIMES hops or has no usable target."""


class AddressGuardMiddleware:
    """Refuses, before any connection or robots.txt request, what lies outside the address
    space; charges the source's request budget and clock. Placed before RobotsTxtMiddleware
    (100) so that a refused host is never asked for its robots.txt either."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressGuardMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request, spider=None) -> None:
        source = request.meta.get("source")
        if source is None:
            return None  # robots.txt of a host whose page was admitted below
        news = self.crawler.spider
        bound = news.charge(source, request)
        if bound:
            raise Truncated(bound, request.url)
        reason = scheme_refusal(request.url)
        host = hostname(request.url)
        if reason is None and not source.allow_private and host not in source.own_hosts():
            try:
                addresses = await asyncio.to_thread(pin, host)
            except OSError:
                return None  # does not resolve: the download fails and is recorded as such
            reason = address_refusal(addresses)
        if reason:
            raise Refused(reason, request.url)
        return None


class RedirectMiddleware:
    """Follows 301/302/303/307/308 for every kind of page, also where the callback wants to
    see error statuses (handle_httpstatus_all switches Scrapy's own redirects off). Each hop
    is a new request: it passes the address guard and robots.txt of its own host. The chain
    ([{url, status}], first hop first) travels in meta["redirects"], and the URL the feed
    named in meta["origin_url"]."""

    STATUSES = (301, 302, 303, 307, 308)

    def __init__(self, max_hops: int) -> None:
        self.max_hops = max_hops

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectMiddleware:
        return cls(crawler.settings.getint("REDIRECT_MAX_TIMES", 5))

    def process_response(self, request: Request, response: Response, spider=None) -> Request | Response:
        location = response.headers.get(b"Location")
        if response.status not in self.STATUSES or not location or request.meta.get("dont_redirect"):
            return response
        target = urljoin(request.url, safe_url_string(location.decode("latin-1").strip())).split("#")[0]
        chain = [*request.meta.get("redirects", []), {"url": request.url, "status": response.status}]
        if target in {hop["url"] for hop in chain}:
            raise RedirectFailed(f"redirect loop: {' -> '.join(h['url'] for h in chain)} -> {target}")
        if len(chain) > self.max_hops:
            raise RedirectFailed(f"more than {self.max_hops} redirects from {chain[0]['url']}")
        headers = request.headers.copy()
        if hostname(target) != hostname(request.url):
            for name in ("Cookie", "Authorization"):  # never carried to another host
                headers.pop(name, None)
        meta = {**request.meta, "redirects": chain, "origin_url": request.meta.get("origin_url", request.url)}
        method, body = request.method, request.body
        if response.status == 303 or (response.status in (301, 302) and method == "POST"):
            method, body = "GET", b""
        return request.replace(
            url=target, method=method, body=body, headers=headers, meta=meta, dont_filter=True
        )
