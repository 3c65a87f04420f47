"""Language of an extracted article, detected at extraction from its text and the page's hints.

Two parts. The script decides Chinese, Japanese and Korean, which a character n-gram model
cannot separate reliably on news text full of Han characters: kana only occur in Japanese, so
any noticeable share of kana means "ja"; Han without kana means Chinese; Hangul means Korean.
Latin-script text goes to py3langid (a maintained offline detector, langid.py's model),
restricted to the Latin-script languages we handle. Texts too short for either (a headline, a
caption, a line of figures such as "$1.2bn, 40%") keep the page's, feed's or source's
declaration.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from core.lang import declared_lang

_KANA = re.compile(r"[\u3040-\u30ff\uff66-\uff9f]")
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"[a-zà-öø-ÿ]{2,}")

# The Latin-script languages the detector may answer; CJK is decided by script above it.
LATIN_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl")
# 12 words: below it (a headline, a caption, one short sentence) the page's own declaration
# is more reliable than n-gram statistics: a 9-word English sentence on a page declared "fr"
# keeps "fr". Figures and product names ("GB200 NVL72", "40%") count as no words.
MIN_WORDS = 12
# 0.9: on the fixtures' Latin articles langid's normalised probability is >= 0.99; texts it
# cannot place ("Huawei CloudMatrix 384", 0.24) fall back to the hints.
MIN_CONFIDENCE = 0.9
SAMPLE_CHARS = 5000  # the first 5,000 characters decide; a long article costs no more


def detect_lang(text: str, *hints: str | None) -> str:
    """'ja', 'zh', 'ko' by script; a Latin language by the detector; else the first hint or 'en'."""
    sample = text[:SAMPLE_CHARS]
    kana, han = len(_KANA.findall(sample)), len(_HAN.findall(sample))
    hangul, latin = len(_HANGUL.findall(sample)), len(_LATIN.findall(sample))
    cjk = kana + han + hangul
    # 0.3: Japanese or Chinese news quoting English product names ("GB200 NVL72") still
    # has a CJK majority of letters; an English page quoting one Japanese word does not.
    if cjk and cjk >= 0.3 * (cjk + latin):
        if hangul > kana + han:
            return "ko"
        # 5%: Japanese prose is rarely under 20% kana; Chinese has none at all.
        return "ja" if kana >= max(1, 0.05 * (kana + han)) else "zh"
    latin_guess = _latin_language(sample)
    if latin_guess is not None:
        return latin_guess
    return declared_lang(*hints)


def article_lang(extracted: dict, entry: dict | None = None, source_hint: str | None = None) -> str:
    """The language of an extracted article; hints by reliability: page, feed entry, source."""
    page, feed = extracted.get("lang"), (entry or {}).get("lang")
    return detect_lang(extracted.get("text") or "", page, feed, source_hint)


def _latin_language(text: str) -> str | None:
    """The Latin-script language py3langid is confident of, or None when the text is too short."""
    if len(_WORD.findall(text.lower())) < MIN_WORDS:
        return None
    lang, confidence = _identifier().classify(text)
    return lang if confidence >= MIN_CONFIDENCE else None


@cache
def _identifier() -> Any:
    """py3langid's model (0.6 s to load), restricted to LATIN_LANGUAGES; loaded once per process."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LATIN_LANGUAGES))
    return identifier
