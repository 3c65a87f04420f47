"""Numerals in en/ja/zh: number words, ratio and fraction words, kanji numerals and scales.

Pure stdlib; nlp.quantities reads numbers through these tables.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# ---------------------------------------------------------------- numbers
ONES = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
WORD_VALUES = (
    {"zero": 0}
    | {w: i + 1 for i, w in enumerate(ONES)}
    | {w: i + 10 for i, w in enumerate(TEENS)}
    | {w: 20 + 10 * i for i, w in enumerate(TENS)}
)
SCALE_WORDS = "hundred|thousand|million|billion|trillion|lakh|crore"  # lakh, crore: Indian news
# Teens before ones and tens before ones, so "seventeen"/"eighty" are not read as "seven"/"eight".
# "a dozen" is none: GUIDE lists it with "over a dozen" and "half dozen" among the vague quantities.
WORD_NUMBER = (
    rf"(?:{'|'.join(TENS)})(?:[- ](?:{'|'.join(ONES)}))?|{'|'.join(TEENS)}|{'|'.join(ONES)}"
    rf"|a(?=\s+(?:{SCALE_WORDS})\b)"
    r"|zero(?=\s*(?:%|percent\b|per\s+cent\b))"  # "zero percent"; not "zero emissions", "net zero"
)
RATIO_WORDS = {
    "double": 2.0, "doubled": 2.0, "doubles": 2.0, "doubling": 2.0, "twice": 2.0,
    "triple": 3.0, "tripled": 3.0, "triples": 3.0, "tripling": 3.0, "treble": 3.0, "trebled": 3.0,
    "quadruple": 4.0, "quadrupled": 4.0,
    "twofold": 2.0, "threefold": 3.0, "fourfold": 4.0, "fivefold": 5.0, "tenfold": 10.0,
}  # fmt: skip
DENOMINATORS = {
    "third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
# "a sixth", "an eighth", "one tenth", "two thirds", "three quarters": proper fractions only;
# "two quarters of" is half a year of results, not a half.
FRACTION_WORDS = {
    f"{numer} {den}{'s' if n > 1 else ''}": n / d
    for den, d in DENOMINATORS.items()
    for numer, n in [("an" if den[0] in "aeiou" else "a", 1), *((w, i + 1) for i, w in enumerate(ONES))]
    if n < d and (numer, den) != ("two", "quarter")
}
# 番 doubles: 翻一番 = x2, 翻两番 = x4 ("翻了一番" is the same with the aspect particle 了).
CJK_RATIOS = {
    "倍増": 2.0, "倍增": 2.0, "翻一番": 2.0, "翻番": 2.0, "翻倍": 2.0, "翻两番": 4.0, "翻一倍": 2.0,
    "翻了一番": 2.0, "翻了番": 2.0, "翻了两番": 4.0, "翻了一倍": 2.0, "半分": 0.5, "半減": 0.5, "减半": 0.5,
}  # fmt: skip
KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"两": 2}
KANJI = r"[〇一二两三四五六七八九十百千]+"


def alternation(words: Iterable[str]) -> str:
    """Longest first, so that "doubled" wins over "double"; a space in a key also accepts a hyphen."""
    return "|".join(w.replace(" ", "[ -]") for w in sorted(words, key=len, reverse=True))


# ---------------------------------------------------------------- scales and units
SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "lakh": 1e5, "crore": 1e7,
    "k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "mn": 1e6, "b": 1e9, "B": 1e9, "bn": 1e9, "tn": 1e12,
    "T": 1e12, "百": 1e2, "千": 1e3, "万": 1e4, "萬": 1e4, "億": 1e8, "亿": 1e8, "兆": 1e12, "京": 1e16,
}  # fmt: skip
# "£38million", "$1.2billion": British pages glue the big scale words to the digits (realtext5 dev: two
# transfer fees lost, the glued letters read as a model number); "hundred"/"thousand" never are.
SCALE_WORD = re.compile(rf"(?:\s+|(?<=[0-9])(?=(?i:[mbt]r?illion)))(?i:({SCALE_WORDS}))s?\b")
# A transcript's filler between a number and its scale: "seventeen more million more people" is 17e6.
SCALE_FILLER = re.compile(r"\s+(?i:more)(?=\s+(?i:thousand|million|billion|trillion)\b)")
SCALE_ABBR = re.compile(r"\s?(bn|mn|tn)(?![A-Za-z])|(k)(?![A-Za-z])")
SCALE_ABBR_MONEY = re.compile(r"([mMbBKT])(?![A-Za-z])")  # "$400m", "$4B": only after a currency sign
# "150K customers": a capital K before a plural noun scales a count too (realtext5 dev: a headline's
# count lost), from 20 up (COUNT_K_MIN), so "4K TVs", "8K" (resolutions), "5K", "10K" (races) stay out.
SCALE_ABBR_COUNT = re.compile(r"(K)(?=\s+[a-z][a-z'’-]*s\b)")
COUNT_K_MIN = 20
# "1m people", "3.5m viewers", "10M downloads": British and wire pages write a count's million as
# "m" too (found probing news-shaped sentences: "Over 1m people signed" held no figure, the "m" read
# as glued letters). Only before a plural noun: "1m from the line", "a 3m springboard" are metres, and
# so are the athletics events that are plural ("the 400m hurdles", "100m heats").
SCALE_ABBR_MILLION_COUNT = re.compile(
    r"([mM])(?=\s+(?!(?i:hurdles|heats|finals|relays|sprints|races|runners|swimmers|splits|freestyle)\b)"
    r"(?:[a-z][a-z'’-]*s|people|children|men|women)\b)"
)
# "your 401k", "a 403b": retirement plans, no thousands (a false count of 401,000 before).
RETIREMENT_PLAN = re.compile(r"(?:401|403|457)[kKbB](?![A-Za-z])")
# A scale character right before 瓦 is an SI prefix (千瓦 = kW, 兆瓦 = MW), left to PHYSICAL.
# 京 (1e16) is how Japanese writes a rack's operations a second (毎秒30京回: 300 PFLOPS); only
# before a counter or a currency, so 第3京浜 (a road) or 3京都 stay out.
SCALE_CJK = re.compile(r"(?:[百千万萬億亿兆](?!瓦)|京(?=[回次円元ドル美]))+")
# What may follow a scale, in the script of the leading number: the "2000億" of "1兆2000億", the
# "五千万" of "二億五千万", or a bare "5000" of "2万5000" (added in while smaller than the scale before).
SCALE_CJK_MORE = {
    "digits": re.compile(r"([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:\.[0-9]+)?)((?:[百千万萬億亿](?!瓦))*)"),
    "kanji": re.compile(rf"({KANJI})((?:[百千万萬億亿](?!瓦))*)"),
}
# "400+ exhibitors", "5亿多美元", "1000余家": a hedge between the number and its unit


def normalise(text: str) -> str:
    """NFKC one character at a time (１．７ -> 1.7, ％ -> %), keeping the length so offsets stay valid."""
    if text.isascii():  # NFKC leaves ASCII as it is
        return text
    out = []
    for ch in text:
        n = unicodedata.normalize("NFKC", ch)
        out.append(n if len(n) == 1 else ch)
    return "".join(out)


def kanji_value(s: str) -> float:
    """Kanji numerals below 万: 三 -> 3, 三十五 -> 35, 二千 -> 2000, 二〇二五 -> 2025."""
    if not any(c in "十百千" for c in s):
        return float("".join(str(KANJI_DIGITS[c]) for c in s))
    total, digit = 0, 0
    for c in s:
        if c in KANJI_DIGITS:
            digit = KANJI_DIGITS[c]
        else:
            total += (digit or 1) * {"十": 10, "百": 100, "千": 1000}[c]
            digit = 0
    return float(total + digit)


def number_value(s: str) -> float:
    return float(s.replace(",", "")) if s[0].isdigit() else kanji_value(s)
