"""Extraction on saved pages against golden expectations (text that must / must not appear)."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES

from spiders.extract import decode_body, extract

PAGES = sorted(p.stem for p in (FIXTURES / "pages").glob("*.html"))


def _golden(name: str) -> dict:
    return json.loads((FIXTURES / "pages" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", PAGES)
def test_extract_saved_pages_match_golden(name):
    body = (FIXTURES / "pages" / f"{name}.html").read_bytes()
    html, _ = decode_body(body, "text/html")
    result = extract(html, f"https://example.org/{name}.html")
    gold = _golden(name)
    for field in ("title", "author", "published_at", "lang", "canonical_url"):
        if field in gold:
            assert getattr(result, field) == gold[field], field
    for snippet in gold["contains"]:
        assert snippet in result.text
    for snippet in gold["not_contains"]:
        assert snippet not in result.text


def test_extract_decodes_shift_jis_from_meta_and_header():
    body = (FIXTURES / "pages" / "nihon-cloudmatrix-sjis.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    html, encoding = decode_body(body, "text/html")
    assert encoding in ("shift_jis", "cp932")
    assert "ファーウェイ" in html
    # The HTTP header wins over the page when both are given.
    html2, encoding2 = decode_body("価格".encode("euc_jp"), "text/html; charset=EUC-JP")
    assert html2 == "価格"
    assert encoding2 == "euc_jp"


@pytest.mark.parametrize("html", ["", "   ", "<html><body><nav>Home</nav></body></html>"])
def test_extract_empty_pages_raise(html):
    with pytest.raises(ValueError, match=r"empty page|no main text"):
        extract(html)


def test_extract_keeps_the_hour_of_a_time_element_of_the_found_day():
    # Two copies of one wire story published on one day are ordered by the hour (blind6: the
    # reprint, later that day, became the original when only the day was kept). Made-up page.
    html = (
        "<html lang='en'><head><title>Ship charges</title></head><body><article><h1>Two charged</h1>"
        "<div class='meta'><time datetime='2025-08-06T08:30:00-07:00'>August 6, 2025 8:30 AM</time></div>"
        "<p>Prosecutors have charged two men with shipping chips worth millions of dollars to a "
        "buyer abroad, the Justice Department said on Tuesday in a statement.</p>"
        "<p>Both men run a trading company in California that they founded in October 2022, "
        "according to a criminal complaint filed in federal court.</p></article></body></html>"
    )
    assert extract(html).published_at == "2025-08-06T08:30:00-07:00"
