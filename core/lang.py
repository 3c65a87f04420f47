"""The declared language of an article: the rule both the detector (spiders.lang) and the
loader (warehouse.ingest, for items that carry no detected language) fall back on."""

from __future__ import annotations


def declared_lang(*hints: str | None) -> str:
    """The first non-blank hint as a bare language code ('en-GB' -> 'en'), else 'en'."""
    for hint in hints:
        if hint and hint.strip():
            return hint.strip().split("-")[0].lower()
    return "en"
