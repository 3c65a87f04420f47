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
    # Before robots.txt (100): a refused host is not even asked for its robots.txt.
    "spiders.middlewares.AddressGuardMiddleware": 50,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "spiders.middlewares.BackoffRetryMiddleware": 550,
    # Ours follows redirects for every request (Scrapy's stands aside for handle_httpstatus_all).
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "spiders.middlewares.RedirectMiddleware": 600,
}
REDIRECT_MAX_TIMES = 5  # hops per chain; also bounds meta-refresh chains
# http and https only: no handler for file:, data:, ftp:, s3: even if a URL slipped through.
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}
# One lookup per host and crawl, and the connection uses the checked address (no rebinding).
DNS_RESOLVER = "spiders.resolver.PinnedResolver"
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19 starts a remote-control HTTP endpoint by default; a crawler needs none.
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"

# Revisits by age since first seen: [until day, every N days]. Every run (at most hourly)
# for 2 days, daily to day 7, weekly to day 30, then never (NewsDiffs re-checks on a
# similar decaying schedule; most corrections land in the first week).
CLAIMWATCH_REVISIT_SCHEDULE = [[2, 1 / 24], [7, 1], [30, 7]]
# Revisits per source and run, oldest check first: 500 conditional GETs cost ~1 minute
# at the polite per-domain rate, most of them 304s.
CLAIMWATCH_REVISIT_BUDGET = 500
# "Now" for the revisit schedule (ISO 8601); None: the clock. Tests travel in time with it.
CLAIMWATCH_NOW = None
# Articles per source and run when the sources file sets no max_articles.
CLAIMWATCH_MAX_ARTICLES = 500
# Bounds per source and run (a source's own max_sitemaps/max_urls/max_requests/max_seconds
# win). Sized for a large outlet: ~50 monthly child sitemaps, 5,000 entries per Google
# News sitemap, 2,000 requests and 15 minutes at 2 requests per second per domain.
CLAIMWATCH_MAX_SITEMAPS = 50
CLAIMWATCH_MAX_URLS = 5000
CLAIMWATCH_MAX_REQUESTS = 2000
CLAIMWATCH_MAX_SECONDS = 900
