"""What the crawl yields: one record per HTTP exchange (or failed attempt)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FetchItem:
    """One fetch. `kind` says what was asked for; article fetches carry the extraction."""

    kind: str  # article | feed | sitemap | listing
    url: str
    source: str
    fetched_at: str  # ISO 8601, UTC
    status: int | None = None  # None when no response came (DNS failure, timeout)
    final_url: str | None = None  # the URL that finally answered, after redirects
    redirects: list[dict] = field(default_factory=list)  # [{url, status}] hops before final_url
    headers: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    body_b64: str | None = None  # raw bytes, base64: the archive keeps what the server sent
    body_sha1: str | None = None  # of the raw bytes (also when the body is not kept)
    not_modified: bool = False  # 304, or the same bytes as last time: nothing to extract
    skipped: str | None = None  # robots, too_large: not a failure of the site
    error: str | None = None  # why this fetch gave no article
    lang_hint: str | None = None
    entry: dict | None = None  # what the feed/sitemap said of this URL (date, title, lang)
    extracted: dict | None = None  # spiders.extract.Extracted as a dict
    lang: str | None = None  # of an extracted article, detected from its text (spiders.lang)
