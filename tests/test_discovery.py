from __future__ import annotations

import pytest

from spiders.discovery import FeedError, parse_feed_or_sitemap

RSS2 = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>One</title><link>https://a.example/1</link>
<pubDate>Mon, 28 Jul 2025 10:00:00 +0000</pubDate></item>
<item><title>Two</title><link> https://a.example/2 </link></item></channel></rss>"""

RSS1 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://a.example/"><title>T</title></channel>
<item rdf:about="https://a.example/r1"><title>R1</title><link>https://a.example/r1</link>
<dc:date>2025-07-27T08:00:00+09:00</dc:date></item></rdf:RDF>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title>A</title><link rel="alternate" href="https://b.example/a"/><link rel="edit" href="https://b.example/e"/>
<published>2025-07-28T09:00:00Z</published></entry></feed>"""

INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://c.example/s1.xml</loc></sitemap><sitemap><loc>https://c.example/news.xml</loc></sitemap>
</sitemapindex>"""

NEWS = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://c.example/ja/1</loc><news:news><news:publication><news:name>C</news:name>
<news:language>ja</news:language></news:publication><news:publication_date>2025-07-29</news:publication_date>
<news:title>T</news:title></news:news></url></urlset>"""


def test_discovery_rss2_items_with_dates():
    found = parse_feed_or_sitemap(RSS2)
    assert found.kind == "rss"
    assert [e.url for e in found.entries] == ["https://a.example/1", "https://a.example/2"]
    assert found.entries[0].published_at == "2025-07-28T10:00:00+00:00"
    assert found.entries[1].published_at is None


def test_discovery_rss1_rdf():
    found = parse_feed_or_sitemap(RSS1)
    assert found.kind == "rdf"
    assert [e.url for e in found.entries] == ["https://a.example/r1"]
    assert found.entries[0].published_at == "2025-07-27T08:00:00+09:00"


def test_discovery_atom_prefers_alternate_link():
    found = parse_feed_or_sitemap(ATOM)
    assert found.kind == "atom"
    assert [e.url for e in found.entries] == ["https://b.example/a"]


def test_discovery_sitemap_index_and_google_news():
    index = parse_feed_or_sitemap(INDEX)
    assert index.sitemaps == ["https://c.example/s1.xml", "https://c.example/news.xml"]
    news = parse_feed_or_sitemap(NEWS)
    assert news.entries[0].lang == "ja"
    assert news.entries[0].published_at.startswith("2025-07-29")


@pytest.mark.parametrize(
    "body",
    [
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel>'
        b"<item><link>&x;</link></item></channel></rss>",
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        b"<rss><channel><item><link>&lol2;</link></item></channel></rss>",
    ],
)
def test_discovery_rejects_entity_declarations(body):
    with pytest.raises(FeedError, match="entities"):
        parse_feed_or_sitemap(body)


def test_discovery_rejects_unknown_and_empty_documents():
    with pytest.raises(FeedError, match="unknown feed type"):
        parse_feed_or_sitemap(b"<html><body>not a feed</body></html>")
    with pytest.raises(FeedError):
        parse_feed_or_sitemap(b"   ")
