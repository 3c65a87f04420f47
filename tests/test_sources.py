from __future__ import annotations

import pytest

from core.errors import SourcesError
from spiders.sources import load_sources, parse_sources


def test_sources_load_valid_file(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        "sources:\n"
        "  - name: pacific-ledger\n"
        "    feeds: ['https://example.org/rss.xml']\n"
        "    sitemaps: ['https://example.org/sitemap.xml']\n"
        "    lang: en\n"
        "  - name: nihon-tech\n"
        "    start_urls: ['https://example.jp/']\n",
        encoding="utf-8",
    )
    sources = load_sources(path)
    assert [s.name for s in sources] == ["pacific-ledger", "nihon-tech"]
    assert sources[0].feeds == ("https://example.org/rss.xml",)
    assert sources[0].lang == "en"
    assert sources[1].lang is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "'sources:' list"),
        ({"sources": []}, "empty"),
        ({"sources": [{"name": "Bad Name", "feeds": ["https://a/b"]}]}, "[a-z0-9-]+"),
        ({"sources": [{"name": "a", "feeds": ["ftp://x/y"]}]}, "invalid URL"),
        ({"sources": [{"name": "a"}]}, "at least one of"),
        (
            {"sources": [{"name": "a", "feeds": ["https://a/b"]}, {"name": "a", "feeds": ["https://a/c"]}]},
            "duplicate",
        ),
    ],
)
def test_sources_invalid_entries_raise_clear_errors(data, message):
    with pytest.raises(
        SourcesError, match=message.replace("[", r"\[").replace("]", r"\]").replace("+", r"\+")
    ):
        parse_sources(data)


def test_sources_missing_file_and_bad_yaml(tmp_path):
    with pytest.raises(SourcesError, match="not found"):
        load_sources(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources: [unclosed", encoding="utf-8")
    with pytest.raises(SourcesError, match="not valid YAML"):
        load_sources(bad)


def test_sources_beat_file_is_valid():
    from conftest import TESTS

    sources = load_sources(TESTS.parent / "sources" / "beat.yaml")
    assert len(sources) >= 3
    assert all(s.feeds or s.sitemaps or s.start_urls for s in sources)
