"""Article URLs from feeds (RSS 0.9x/1.0/2.0, Atom) and sitemaps (index, urlset, Google News).

XML is parsed without DTDs, entity expansion or network access: a feed that declares
entities (XXE, billion laughs) is rejected with FeedError, and the crawl goes on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from lxml import etree


class FeedError(ValueError):
    """A feed or sitemap that cannot be used; the message says why in one line."""


@dataclass(frozen=True)
class Entry:
    url: str
    published_at: str | None = None  # ISO 8601
    title: str | None = None
    lang: str | None = None
    # What the document says of the page's last change: a sitemap's <lastmod>, an entry's
    # <updated>/<atom:updated>, an RSS item's <pubDate> and <guid>. A different stamp than
    # last run means the page changed, whatever its age (spiders.revisits).
    stamp: str | None = None


@dataclass(frozen=True)
class Discovery:
    kind: str  # rss | rdf | atom | urlset | sitemapindex
    entries: list[Entry]
    sitemaps: list[str]  # child sitemaps of a sitemap index


_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


def _parse_xml(body: bytes) -> etree._Element:
    if _ENTITY_DECL.search(body[:65536]):
        raise FeedError("XML declares entities (possible XXE or billion-laughs attack); refused")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
    )
    try:
        root = etree.fromstring(body.strip(), parser=parser)
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"not well-formed XML: {exc}") from None
    if root is None:
        raise FeedError("empty or unreadable XML document")
    return root


def _local(tag: object) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _child_text(node: etree._Element, *names: str) -> str | None:
    for child in node:
        if _local(child.tag) in names and child.text and child.text.strip():
            return child.text.strip()
    return None


def _stamp(node: etree._Element, *names: str) -> str | None:
    """The change markers among a node's children, in a fixed order ('' where absent)."""
    values = [_child_text(node, name) or "" for name in names]
    return "|".join(values) if any(values) else None


def _iso(value: str | None) -> str | None:
    """RFC 822 (RSS) or ISO 8601 (Atom, sitemaps) -> ISO 8601; None when unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.isoformat()


def _atom_link(entry: etree._Element) -> str | None:
    fallback = None
    for child in entry:
        if _local(child.tag) != "link":
            continue
        href = child.get("href")
        if href and child.get("rel", "alternate") == "alternate":
            return href.strip()
        fallback = fallback or href
    return fallback.strip() if fallback else None


def parse_feed_or_sitemap(body: bytes) -> Discovery:
    """Entries (and child sitemaps) of one feed or sitemap document."""
    root = _parse_xml(body)
    kind = _local(root.tag)
    entries: list[Entry] = []
    children: list[str] = []
    if kind == "rss" or kind == "rdf":
        # RSS 0.9x/2.0 nest items in <channel>; RSS 1.0 (RDF) puts them beside it.
        for item in root.iter():
            if _local(item.tag) != "item":
                continue
            url = _child_text(item, "link") or item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
            if url:
                date = _child_text(item, "pubdate", "date", "published", "updated")
                stamp = _stamp(item, "pubdate", "guid", "updated", "modified", "date")
                entries.append(Entry(url.strip(), _iso(date), _child_text(item, "title"), stamp=stamp))
    elif kind == "feed":
        kind = "atom"
        for entry in root:
            if _local(entry.tag) != "entry":
                continue
            url = _atom_link(entry)
            if url:
                date = _child_text(entry, "published", "updated")
                stamp = _stamp(entry, "updated", "published", "id")
                entries.append(Entry(url, _iso(date), _child_text(entry, "title"), stamp=stamp))
    elif kind in ("urlset", "sitemapindex"):
        for node in root:
            loc = _child_text(node, "loc")
            if not loc:
                continue
            if kind == "sitemapindex":
                children.append(loc)
                continue
            published, lang, title = _child_text(node, "lastmod"), None, None
            for sub in node:
                if _local(sub.tag) == "news":  # Google News sitemap extension
                    published = _child_text(sub, "publication_date") or published
                    title = _child_text(sub, "title")
                    for pub in sub:
                        if _local(pub.tag) == "publication":
                            lang = _child_text(pub, "language")
            entries.append(Entry(loc, _iso(published), title, lang, _stamp(node, "lastmod")))
    else:
        raise FeedError(f"unknown feed type <{kind}>: expected rss, rdf:RDF, feed, urlset or sitemapindex")
    return Discovery(kind, entries, children)
