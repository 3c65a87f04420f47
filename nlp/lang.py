"""Language of an article from its script, before trusting page or source hints.

Kana only occur in Japanese, so any noticeable share of kana means "ja"; Han characters
without kana mean Chinese; Hangul means Korean. Latin text falls back to the hints.
"""

from __future__ import annotations

import re

_KANA = re.compile(r"[\u3040-\u30ff\uff66-\uff9f]")
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"[a-zà-öø-ÿ]+")
_STOPWORDS = {
    "en": set(
        [
            "the",
            "of",
            "and",
            "to",
            "in",
            "is",
            "that",
            "for",
            "it",
            "was",
            "on",
            "with",
            "as",
            "by",
            "are",
            "this",
            "be",
            "from",
            "at",
            "have",
            "has",
            "said",
        ]
    ),
    "fr": set(
        [
            "le",
            "la",
            "les",
            "des",
            "et",
            "est",
            "une",
            "un",
            "du",
            "dans",
            "que",
            "pour",
            "qui",
            "sur",
            "pas",
            "par",
            "au",
            "avec",
            "ce",
            "il",
        ]
    ),
    "de": set(
        [
            "der",
            "die",
            "das",
            "und",
            "ist",
            "nicht",
            "ein",
            "eine",
            "zu",
            "den",
            "von",
            "mit",
            "sich",
            "des",
            "auf",
            "für",
            "im",
            "dem",
        ]
    ),
    "es": set(
        [
            "el",
            "la",
            "los",
            "las",
            "y",
            "es",
            "que",
            "en",
            "un",
            "una",
            "del",
            "por",
            "para",
            "con",
            "se",
            "su",
            "al",
            "lo",
            "como",
        ]
    ),
    "it": set(
        [
            "il",
            "la",
            "di",
            "che",
            "e",
            "è",
            "un",
            "una",
            "per",
            "non",
            "con",
            "del",
            "della",
            "sono",
            "gli",
            "le",
            "da",
        ]
    ),
    "pt": set(
        [
            "o",
            "a",
            "os",
            "as",
            "e",
            "é",
            "que",
            "de",
            "um",
            "uma",
            "do",
            "da",
            "em",
            "para",
            "com",
            "não",
            "no",
            "na",
            "por",
        ]
    ),
    "nl": set(
        [
            "de",
            "het",
            "een",
            "en",
            "van",
            "is",
            "dat",
            "op",
            "te",
            "niet",
            "met",
            "voor",
            "zijn",
            "aan",
            "ook",
            "bij",
        ]
    ),
}


def detect_lang(text: str, *hints: str | None) -> str:
    """'ja', 'zh', 'ko', or the first hint (default 'en') for Latin-script text."""
    sample = text[:5000]
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
    for hint in hints:
        if hint:
            return hint.split("-")[0].lower()
    return "en"


def _latin_language(text: str) -> str | None:
    """The Latin-script language whose function words dominate, or None when unsure."""
    words = _WORD.findall(text.lower())
    if len(words) < 8:
        return None  # a headline or a caption: trust the page's own declaration
    counts = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOPWORDS.items()}
    best = max(counts, key=counts.get)
    ranked = sorted(counts.values(), reverse=True)
    # Function words are ~40% of running text; 1.5x the runner-up, 3 hits and 10% of the
    # words separate languages that share a few ("a", "de", "la") within one sentence.
    if ranked[0] >= max(3, 0.1 * len(words)) and ranked[0] >= 1.5 * ranked[1]:
        return best
    return None
