"""Main text by agreement: trafilatura's precise text, completed and cleaned line by line.

trafilatura in precision mode is the best single extractor we measured on the article-extraction
benchmark (0.964 F1 with tables kept), but it fails in two ways: it sometimes keeps only part of an
article whose body is split over several containers (recall 0.35 and 0.45 on two WIRED pages, 0 on a
Barron's page where it kept only the reprint notice), and it keeps in-article boilerplate (the
headline, "Related:" links, "Follow us on ..." lines). Thresholds were chosen on the tuning half of
that benchmark and checked on the held-out half (bench/extraction.py prints both).

Steps, with the F1 each added on the whole benchmark (181 pages; held-out half in brackets):
1. Rescue, +0.008 (+0.000: no held-out page needs it). Two other algorithms vote: the readability
   port bundled with trafilatura (trafilatura.readability_lxml, pinned with trafilatura) and
   boilerpy3's ArticleExtractor. Long lines that *both* hold and trafilatura lacks are inserted in
   reading order, but only when they add at least half as much text again: a few agreed lines are
   usually captions or teasers, a large agreed block is article text trafilatura missed.
2. Lines that are mostly link text (+0.002 [+0.000]), the page's own headline (+0.002 [+0.002]) or
   well-known news boilerplate (+0.002 [+0.001]) are dropped.
3. Embedded tweets that sit between two kept paragraphs are put back, +0.001 [+0.000]: the
   benchmark's articles include the tweets they quote, trafilatura drops them.
"""

from __future__ import annotations

import logging
import re

from boilerpy3.extractors import ArticleExtractor
from lxml import html as lxml_html
from trafilatura.readability_lxml import Document as ReadabilityDocument

# boilerpy3 logs a warning for every page with nested <a> elements (most of the web).
logging.getLogger("boilerpy3").setLevel(logging.ERROR)
LOGGER = logging.getLogger(__name__)

_TOKEN_RE = re.compile(r"\w+")
_SPACE_RE = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLOCK_TAGS = frozenset(
    "address article aside blockquote center dd div dl dt figcaption figure footer form h1 h2 h3 "  # noqa: SIM905
    "h4 h5 h6 header hr li main nav ol p pre section table td th tr ul".split()
)

# Rescue. 8 tokens: shorter agreed lines are mostly captions and menu items (0.37 of their tokens
# are article text on the tuning half; 4 to 12 move F1 by < 0.0002). 0.5: every value from 0.3 to
# 1.0 scores the same on the tuning half; 0.3 lets captions and teasers into held-out pages
# (0.970 vs 0.973 held-out F1), so the tie went to the stricter side.
RESCUE_MIN_TOKENS = 8
RESCUE_MIN_GAIN = 0.5
# A line whose tokens lie >= 80% inside link texts is a link list entry, a tag list or a
# "Related: <headline>" (0.16 of such tokens are article text). 0.8 scored best on the tuning half
# (0.6: 0.9825, 0.8: 0.9837, 1.0: 0.9831); 0.5 also drops article list items that are links.
# Links of one word are ignored: they match ordinary words inside sentences.
LINK_LINE_SHARE = 0.8
# News boilerplate that sits inside article containers: none of the 256 tokens it matches in
# trafilatura's text on the tuning half is article text. Matched only on short lines, so a
# sentence that merely starts this way stays.
_LEAD_LABEL = re.compile(
    r"^\W*(related( posts?| stories| articles)?|read more|also read|also on [\w.]+|don'?t miss|"
    r"you may also like|recommended( for you)?|filed under|tags?|comments?|source|advertisement|"
    r"trending|most read|popular)\b\s*[:|….]*",
    re.IGNORECASE,
)
_PROMO = re.compile(
    r"^\W*(follow\b.{0,80}(\bon (twitter|facebook|instagram|youtube|linkedin)\b|@\w|\bcoverage\b)|"
    r"subscribe\b|sign up\b|get (the latest|our)\b|get [\w ]{1,40} delivered\b|click here\b|"
    r"like this (story|article)\b|have a tip\b|write to .{1,60}\bat\b|if you enjoyed this\b)",
    re.IGNORECASE,
)
_CREDIT = re.compile(r"contributed (to )?(this )?report(ing)?|non-commercial use only", re.IGNORECASE)
_LABEL_MAX_EXTRA_TOKENS = 12
_PROMO_MAX_TOKENS = 40
_TWEET_XPATH = '//blockquote[contains(concat(" ", normalize-space(@class), " "), " twitter-tweet ")]'
_BOILERPIPE = ArticleExtractor(raise_on_failure=False)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens, as the benchmark's shingles use them."""
    return _TOKEN_RE.findall(text.lower())


def _key(line: str) -> str:
    return " ".join(tokens(line))


def element_lines(element: lxml_html.HtmlElement) -> list[str]:
    """Visible text of an element, one line per block element or <br>."""
    parts: list[str] = []

    def walk(node: lxml_html.HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""  # comments and processing instructions
        if tag in _BLOCK_TAGS or tag == "br":
            parts.append("\n")
        if tag and tag not in ("script", "style") and node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if node.tail:
            parts.append(node.tail)

    walk(element)
    lines = (_SPACE_RE.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return [line for line in lines if line]


def _readability_lines(html: str) -> list[str]:
    try:  # the port mutates its tree, so it gets a fresh one
        summary = ReadabilityDocument(lxml_html.document_fromstring(html)).summary()
        return element_lines(lxml_html.fragment_fromstring(summary, create_parent="div")) if summary else []
    except (ValueError, TypeError, lxml_html.etree.LxmlError) as exc:
        LOGGER.debug("readability failed: %s", exc)  # a voter that abstains; the base text stands
        return []


def _boilerpipe_lines(html: str) -> list[str]:
    content = _BOILERPIPE.get_content(html) or ""
    return [line.strip() for line in content.split("\n") if line.strip()]


def _agreed(base_text: str, voters: list[list[str]]) -> set[str]:
    """Keys of the long lines that every voter holds and the base text lacks."""
    voter_texts = [f" {_key(' '.join(lines))} " for lines in voters]
    agreed: set[str] = set()
    for lines in voters:
        for line in lines:
            key = _key(line)
            if (
                len(key.split()) >= RESCUE_MIN_TOKENS
                and f" {key} " not in base_text
                and all(f" {key} " in text for text in voter_texts)
            ):
                agreed.add(key)
    return agreed


def _rescue(base: list[str], html: str) -> list[str]:
    """Insert the long lines both voters hold and the base lacks, when they are a large block."""
    base_text = f" {_key(' '.join(base))} "
    needed = RESCUE_MIN_GAIN * len(base_text.split())
    voters = [_readability_lines(html)]
    # Agreement can only shrink what readability alone would add: most pages stop here and
    # skip boilerpipe, the slower voter (20 of 35 ms).
    if sum(len(key.split()) for key in _agreed(base_text, voters)) < needed:
        return base
    voters.append(_boilerpipe_lines(html))
    agreed = _agreed(base_text, voters)
    if not agreed or sum(len(key.split()) for key in agreed) < needed:
        return base
    merged = list(base)
    keys = [_key(line) for line in merged]
    for lines in voters:  # after the line that precedes it in that voter's text
        anchor = -1
        for line in lines:
            key = _key(line)
            if key in keys:
                anchor = keys.index(key)
            elif key in agreed:
                anchor += 1
                merged.insert(anchor, line)
                keys.insert(anchor, key)
    return merged


def _link_index(tree: lxml_html.HtmlElement) -> dict[str, list[list[str]]]:
    """Link texts of two or more tokens, by their first token."""
    index: dict[str, list[list[str]]] = {}
    for link in {_key(a.text_content()) for a in tree.iter("a")}:
        words = link.split()
        if len(words) >= 2:
            index.setdefault(words[0], []).append(words)
    return index


def _link_share(words: list[str], index: dict[str, list[list[str]]]) -> float:
    """The share of a line's tokens that lie inside the text of some link on the page."""
    covered = [False] * len(words)
    for start, word in enumerate(words):
        for link in index.get(word, ()):
            if words[start : start + len(link)] == link:
                covered[start : start + len(link)] = [True] * len(link)
    return sum(covered) / len(words) if words else 0.0


def is_boilerplate(line: str) -> bool:
    """A news boilerplate line: 'Related: ...', 'Follow us on ...', '... contributed to this report'."""
    size = len(tokens(line))
    label = _LEAD_LABEL.match(line)
    # "Related: <headline>" or a bare "Comments"; not "Source code is ..." mid-sentence
    if (
        label
        and size - len(tokens(label.group(0))) <= _LABEL_MAX_EXTRA_TOKENS
        and (label.end() == len(line) or line[label.end() - 1] in ":|…" or size <= 3)
    ):
        return True
    return size < _PROMO_MAX_TOKENS and bool(_PROMO.match(line) or _CREDIT.search(line))


def _titles(tree: lxml_html.HtmlElement) -> set[str]:
    found = [h.text_content() for h in tree.iter("h1")]
    found += tree.xpath(
        '//meta[@property="og:title" or @name="twitter:title" or @property="twitter:title"]/@content'
    )
    found += [t.text_content() for t in tree.iter("title")]
    return {key for key in map(_key, found) if key}


def _add_tweets(lines: list[str], tree: lxml_html.HtmlElement) -> list[str]:
    """Put back embedded tweets that sit between two paragraphs of the kept text."""
    tweets = tree.xpath(_TWEET_XPATH)
    if not tweets:
        return lines
    lines = list(lines)
    keys = [_key(line) for line in lines]

    def position(paragraphs: list[lxml_html.HtmlElement]) -> int | None:
        for paragraph in paragraphs[:30]:
            wanted = _key(paragraph.text_content())
            if wanted:
                for i, key in enumerate(keys):
                    if f" {wanted} " in f" {key} ":
                        return i
        return None

    for tweet in tweets:
        tweet_lines = element_lines(tweet)
        if not tweet_lines or f" {_key(' '.join(tweet_lines))} " in f" {' '.join(keys)} ":
            continue
        before = position(list(reversed(tweet.xpath("preceding::p"))))
        if before is None or position(tweet.xpath("following::p")) is None:
            continue  # not inside the article: a sidebar or a "most shared" widget
        lines[before + 1 : before + 1] = tweet_lines
        keys[before + 1 : before + 1] = [_key(line) for line in tweet_lines]
    return lines


def main_text(html: str, tree: lxml_html.HtmlElement, base_text: str) -> str:
    """The article text of a page, starting from trafilatura's precision-mode text.

    Args:
        html: the decoded page.
        tree: the page parsed by lxml; it is only read.
        base_text: trafilatura's text for the page (favor_precision=True), empty if it found none.

    Returns:
        The text, one paragraph per line; empty when no extractor found any.
    """
    base = [line.strip() for line in base_text.split("\n") if line.strip()]
    lines = _rescue(base, html)
    titles = _titles(tree)
    links = _link_index(tree)
    kept = []
    for line in lines:
        key = _key(line)
        if (
            key
            and key not in titles
            and _link_share(key.split(), links) < LINK_LINE_SHARE
            and not is_boilerplate(line)
        ):
            kept.append(line)
    return "\n".join(_add_tweets(kept, tree))
