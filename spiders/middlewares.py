"""Retries with exponential backoff: a 5xx or a timeout waits 1 s, 2 s, ... before trying again.

Scrapy's RetryMiddleware re-queues at once, so a struggling server gets the retry while
it is still down; waiting (RETRY_BACKOFF_BASE * 2**n, capped at RETRY_BACKOFF_MAX) gives
it room and costs the crawl nothing while other hosts are fetched.
"""

from __future__ import annotations

import asyncio

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.settings import BaseSettings


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
