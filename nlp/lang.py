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
    for hint in hints:
        if hint:
            return hint.split("-")[0].lower()
    return "en"
