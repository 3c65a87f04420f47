"""The sources file: which outlets to crawl, and how to find their articles."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import yaml

from core.errors import SourcesError

_NAME = re.compile(r"^[a-z0-9-]+$")
_KNOWN_KEYS = {
    "name",
    "feeds",
    "sitemaps",
    "start_urls",
    "lang",
    "topics",
    "max_articles",
    "allow",
    "deny",
    "since",
    "allow_private",
    "max_sitemaps",
    "max_urls",
    "max_requests",
    "max_seconds",
}
_BOUNDS = ("max_sitemaps", "max_urls", "max_requests", "max_seconds")


@dataclass(frozen=True)
class Source:
    name: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    start_urls: tuple[str, ...] = ()
    lang: str | None = None
    topics: tuple[str, ...] = ()
    max_articles: int | None = None
    allow: tuple[str, ...] = ()  # regexes: an article URL must match one (when given)
    deny: tuple[str, ...] = ()  # regexes: an article URL matching one is skipped
    since: str | None = None  # ISO date: feed/sitemap entries published before it are skipped
    # Discovered URLs may lead to internal addresses (an intranet crawled on purpose).
    allow_private: bool = False
    # Per-run bounds; None: the CLAIMWATCH_MAX_* settings.
    max_sitemaps: int | None = None
    max_urls: int | None = None
    max_requests: int | None = None
    max_seconds: int | None = None
    extra: dict = field(default_factory=dict, compare=False)

    def wants(self, url: str) -> bool:
        """Whether an article URL passes the source's allow/deny patterns."""
        if any(re.search(p, url) for p in self.deny):
            return False
        return not self.allow or any(re.search(p, url) for p in self.allow)

    def own_hosts(self) -> frozenset[str]:
        """Host names of the configured URLs: internal addresses there are the source's own."""
        from spiders.addresses import hostname

        return frozenset(hostname(u) for u in (*self.feeds, *self.sitemaps, *self.start_urls))

    def bound(self, name: str, settings: object) -> int:
        """The source's bound `name` (max_requests...), else the CLAIMWATCH_MAX_* setting."""
        from spiders import settings as defaults

        value = getattr(self, name)
        if value is not None:
            return value
        key = f"CLAIMWATCH_{name.upper()}"
        return settings.getint(key, getattr(defaults, key))  # type: ignore[attr-defined]

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "feeds": list(self.feeds),
            "sitemaps": list(self.sitemaps),
            "start_urls": list(self.start_urls),
            "lang": self.lang,
            "topics": list(self.topics),
            "max_articles": self.max_articles,
            "allow": list(self.allow),
            "deny": list(self.deny),
            "since": self.since,
            "allow_private": self.allow_private,
            **{name: getattr(self, name) for name in _BOUNDS},
        }


def _urls(entry: dict, key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise SourcesError(f"{where}: '{key}' must be a list of URLs, got {type(value).__name__}")
    for url in value:
        parsed = urlparse(str(url))
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise SourcesError(f"{where}: '{key}' has an invalid URL {url!r} (need http:// or https://)")
    return tuple(str(u) for u in value)


def _max_articles(entry: dict, where: str, key: str = "max_articles") -> int | None:
    value = entry.get(key)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
        raise SourcesError(f"{where}: '{key}' must be a positive integer, got {value!r}")
    return value


def _flag(entry: dict, key: str, where: str) -> bool:
    value = entry.get(key, False)
    if not isinstance(value, bool):
        raise SourcesError(f"{where}: '{key}' must be true or false, got {value!r}")
    return value


def _patterns(entry: dict, key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key) or []
    if isinstance(value, str):
        value = [value]
    for pattern in value:
        try:
            re.compile(pattern)
        except (re.error, TypeError) as exc:
            raise SourcesError(f"{where}: '{key}' has an invalid regex {pattern!r}: {exc}") from None
    return tuple(value)


def _since(entry: dict, where: str) -> str | None:
    value = entry.get("since")
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        raise SourcesError(f"{where}: 'since' must be a date like 2025-07-01, got {value!r}") from None


def _topics(entry: dict, where: str) -> tuple[str, ...]:
    value = entry.get("topics") or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(t, str) and _NAME.match(t) for t in value):
        raise SourcesError(
            f"{where}: 'topics' must be a list of topic names like [export-controls], got {value!r}"
        )
    return tuple(value)


def check_topics(sources: list[Source], known: list[str], topics_file: str) -> None:
    """Raise SourcesError when a source is limited to a topic the topics file does not define."""
    for source in sources:
        for name in source.topics:
            if name not in known:
                raise SourcesError(
                    f"source {source.name!r}: unknown topic {name!r}; "
                    f"topics in {topics_file}: {', '.join(known)}"
                )


def parse_sources(data: object, origin: str = "<sources>") -> list[Source]:
    """Validate the parsed YAML of a sources file (a top-level `topics: FILE` key names the
    topics file: nlp.topics.resolve_topics_file)."""
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise SourcesError(f"{origin}: expected a mapping with a 'sources:' list")
    sources: list[Source] = []
    seen: set[str] = set()
    for n, entry in enumerate(data["sources"], 1):
        where = f"{origin}: source #{n}"
        if not isinstance(entry, dict):
            raise SourcesError(f"{where}: expected a mapping, got {type(entry).__name__}")
        name = entry.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            raise SourcesError(f"{where}: 'name' must match [a-z0-9-]+, got {name!r}")
        where = f"{origin}: source {name!r}"
        if name in seen:
            raise SourcesError(f"{where}: duplicate name")
        seen.add(name)
        source = Source(
            name=name,
            feeds=_urls(entry, "feeds", where),
            sitemaps=_urls(entry, "sitemaps", where),
            start_urls=_urls(entry, "start_urls", where),
            lang=entry.get("lang"),
            topics=_topics(entry, where),
            max_articles=_max_articles(entry, where),
            allow=_patterns(entry, "allow", where),
            deny=_patterns(entry, "deny", where),
            since=_since(entry, where),
            allow_private=_flag(entry, "allow_private", where),
            **{name: _max_articles(entry, where, name) for name in _BOUNDS},
            extra={k: v for k, v in entry.items() if k not in _KNOWN_KEYS},
        )
        if not (source.feeds or source.sitemaps or source.start_urls):
            raise SourcesError(f"{where}: give at least one of feeds, sitemaps or start_urls")
        sources.append(source)
    if not sources:
        raise SourcesError(f"{origin}: the 'sources:' list is empty")
    return sources


def load_sources(path: str | Path) -> list[Source]:
    """Read and validate a sources file (YAML)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourcesError(f"sources file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourcesError(f"cannot read sources file {path}: {exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SourcesError(f"{path}: not valid YAML: {str(exc).splitlines()[0]}") from None
    return parse_sources(data, str(path))
