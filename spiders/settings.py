"""Scrapy settings for claimwatch crawls: polite by default (issue #3 tightens further)."""

from __future__ import annotations

BOT_NAME = "claimwatch"
SPIDER_MODULES = ["spiders.spiders"]
NEWSPIDER_MODULE = "spiders.spiders"

# An honest User-Agent names the project and where to reach its operators.
CLAIMWATCH_CONTACT_URL = "https://github.com/claimwatch/claimwatch"
USER_AGENT = f"claimwatch/0.1 (+{CLAIMWATCH_CONTACT_URL})"

ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.25
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024  # pages over 10 MB are skipped (and counted)
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2  # 5xx and timeouts: 3 tries, then the failure is recorded
RETRY_BACKOFF_BASE = 1.0  # seconds before the first retry; doubles each time
RETRY_BACKOFF_MAX = 30.0
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "spiders.middlewares.BackoffRetryMiddleware": 550,
}
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19 starts a remote-control HTTP endpoint by default; a crawler needs none.
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"

# When a feed is unchanged, its entries of the last N days are still re-checked with
# conditional requests: most edits and corrections land within days of publication.
CLAIMWATCH_REVISIT_DAYS = 3.0
# Articles per source and run when the sources file sets no max_articles.
CLAIMWATCH_MAX_ARTICLES = 500
