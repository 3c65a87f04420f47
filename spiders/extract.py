"""Main text and metadata of a news page: trafilatura for the text, page metadata first.

The text is trafilatura's, completed and cleaned by spiders.textvote (0.978 vs 0.954 F1 on the
article-extraction benchmark, bench/extraction.py).

Metadata precedence (most to least reliable on news sites): JSON-LD NewsArticle,
OpenGraph/meta tags, trafilatura's own guesses, then the first <time datetime>.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

import trafilatura
from lxml import html as lxml_html
from w3lib.encoding import html_to_unicode

from spiders.textvote import main_text

# Under 25 characters is a menu or a caption, not an article ("Home", "Read more").
# The shortest real brief we keep is a Japanese one-sentence item of ~30 characters.
MIN_TEXT_CHARS = 25
_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle"}


@dataclass(frozen=True)
class Extracted:
    title: str | None
    author: str | None
    published_at: str | None  # ISO 8601
    lang: str | None  # as declared by the page; spiders.lang detects from the text
    text: str
    canonical_url: str | None
    description: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def _detect(body: bytes) -> str | None:
    """Statistical detection for pages that declare no charset (Shift_JIS intranets exist)."""
    from charset_normalizer import from_bytes

    if not body.strip():
        return None
    best = from_bytes(body[:65536]).best()
    return best.encoding if best is not None else None


def decode_body(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode a page: HTTP header charset, then BOM, then <meta charset>, then detection."""
    encoding, text = html_to_unicode(content_type, body, auto_detect_fun=_detect)
    return text, encoding


def _iso_date(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
        if not match:
            return None
        parsed = datetime(*map(int, match.groups()))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.isoformat()


def _author_name(value: object) -> str | None:
    if isinstance(value, list):
        names = [n for n in (_author_name(v) for v in value) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _json_ld(tree: lxml_html.HtmlElement) -> dict:
    """The first article-typed JSON-LD object on the page (graphs and lists flattened)."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "")
        except ValueError:
            continue  # broken JSON-LD is common; the other metadata still applies
        stack = data if isinstance(data, list) else [data]
        while stack:
            node = stack.pop(0)
            if not isinstance(node, dict):
                continue
            stack.extend(node.get("@graph", []) if isinstance(node.get("@graph"), list) else [])
            types = node.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in types):
                return node
    return {}


def _meta(tree: lxml_html.HtmlElement, *keys: str) -> str | None:
    for key in keys:
        for attr in ("property", "name", "itemprop"):
            values = tree.xpath(f'//meta[@{attr}="{key}"]/@content')
            if values and values[0].strip():
                return values[0].strip()
    return None


def extract(html: str, url: str | None = None) -> Extracted:
    """Extract one page; raises ValueError when it holds no readable text."""
    if not html or not html.strip():
        raise ValueError("empty page")
    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, lxml_html.etree.ParserError) as exc:
        raise ValueError(f"unparseable HTML: {exc}") from None
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        # 0.965 vs 0.955 F1 for the defaults on the article-extraction benchmark (issue #3).
        favor_precision=True,
        include_comments=False,
        # Tables kept: 0.964 vs 0.954 F1; the benchmark's article bodies include data tables.
        include_tables=True,
    )
    base_text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    text = main_text(html, tree, base_text).strip()
    if len(text) < MIN_TEXT_CHARS:
        raise ValueError(f"no main text found ({len(text)} characters)")
    ld = _json_ld(tree)
    title = (
        (ld.get("headline") if isinstance(ld.get("headline"), str) else None)
        or _meta(tree, "og:title", "twitter:title")
        or getattr(doc, "title", None)
    )
    author = (
        _author_name(ld.get("author"))
        or _meta(tree, "author", "article:author")
        or getattr(doc, "author", None)
    )
    times = tree.xpath("//time/@datetime")
    stamped = _iso_date(times[0]) if times else None
    found = _iso_date(getattr(doc, "date", None))
    # trafilatura gives a day; a <time> of that day with its hour is the same date, more exactly:
    # two copies of one wire story published on one day were told apart only by the URL, and the
    # reprint became the original (blind6: "8:30 AM" against "3:00 PM", both 2025-08-06).
    if found and stamped and stamped[:10] == found[:10]:
        found = stamped
    published = (
        _iso_date(ld.get("datePublished"))
        or _iso_date(_meta(tree, "article:published_time", "datePublished", "pubdate"))
        or found
        or stamped
    )
    langs = tree.xpath("/html/@lang")
    lang = (langs[0].strip().split("-")[0].lower() if langs and langs[0].strip() else None) or (
        (ld.get("inLanguage") or "").split("-")[0].lower() or None
    )
    canonical = tree.xpath('//link[@rel="canonical"]/@href')
    return Extracted(
        title=title.strip() if isinstance(title, str) else None,
        author=author,
        published_at=published,
        lang=lang,
        text=text,
        canonical_url=canonical[0].strip() if canonical else _meta(tree, "og:url"),
        description=_meta(tree, "description", "og:description"),
    )
