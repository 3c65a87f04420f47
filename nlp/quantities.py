"""Figures in news sentences (English, Japanese, Chinese) as normalised values with hedge intervals.

Pure stdlib on purpose: the comparison stage and the analysts' tools import this without spaCy.
A figure is a number plus what makes it a claim: a currency, a physical unit, a ratio, a percent,
a counted noun or a calendar year. Bare integers (days of month, "CloudMatrix 384") are not figures.
Hedge wording becomes an interval as in DESIGN.md "Hedges become intervals".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

__all__ = ["Quantity", "parse_quantities"]

_LANGS = ("en", "ja", "zh")


@dataclass(frozen=True)
class Quantity:
    value: float  # normalised to the base unit ("$1.5bn" -> 1.5e9)
    unit: str  # "USD" | "JPY" | "CNY" | "EUR" | "GBP" | "W" | "FLOPS" | "B" | "B/s" | "x" | "%" | "count" | "year"  # noqa: E501
    lower: float | None  # interval from hedges/ranges; None = unbounded
    upper: float | None
    surface: str  # text[start:end], hedge words and unit words included
    start: int
    end: int
    hedge: str  # "exact" | "about" | "nearly" | "at_least" | "at_most" | "range"
    noun: str | None = None  # counted noun for unit "count"
    precision: float = 0.0  # half a unit of the last stated digit, in base units


# ---------------------------------------------------------------- numbers
_ONES = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = [
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
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_VALUES = (
    {w: i + 1 for i, w in enumerate(_ONES)}
    | {w: i + 10 for i, w in enumerate(_TEENS)}
    | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
)
_SCALE_WORDS = "hundred|thousand|million|billion|trillion"
# Teens before ones and tens before ones, so "seventeen"/"eighty" are not read as "seven"/"eight".
_WORD_NUMBER = (
    rf"(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_ONES)}))?|{'|'.join(_TEENS)}|{'|'.join(_ONES)}"
    rf"|a\s+dozen|a(?=\s+(?:{_SCALE_WORDS})\b)"
)
_RATIO_WORDS = {
    "double": 2.0, "doubled": 2.0, "doubles": 2.0, "doubling": 2.0, "twice": 2.0,
    "triple": 3.0, "tripled": 3.0, "triples": 3.0, "tripling": 3.0, "treble": 3.0, "trebled": 3.0,
    "quadruple": 4.0, "quadrupled": 4.0,
    "twofold": 2.0, "threefold": 3.0, "fourfold": 4.0, "fivefold": 5.0, "tenfold": 10.0,
}  # fmt: skip
_DENOMINATORS = {
    "third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
# "a sixth", "an eighth", "one tenth", "two thirds", "three quarters": proper fractions only;
# "two quarters of" is half a year of results, not a half.
_FRACTION_WORDS = {
    f"{numer} {den}{'s' if n > 1 else ''}": n / d
    for den, d in _DENOMINATORS.items()
    for numer, n in [("an" if den[0] in "aeiou" else "a", 1), *((w, i + 1) for i, w in enumerate(_ONES))]
    if n < d and (numer, den) != ("two", "quarter")
}
# 番 doubles: 翻一番 = x2, 翻两番 = x4 ("翻了一番" is the same with the aspect particle 了).
_CJK_RATIOS = {
    "倍増": 2.0, "倍增": 2.0, "翻一番": 2.0, "翻番": 2.0, "翻倍": 2.0, "翻两番": 4.0, "翻一倍": 2.0,
    "翻了一番": 2.0, "翻了番": 2.0, "翻了两番": 4.0, "翻了一倍": 2.0, "半分": 0.5, "半減": 0.5, "减半": 0.5,
}  # fmt: skip
_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"两": 2}
_KANJI = r"[〇一二两三四五六七八九十百千]+"


def _alternation(words: Iterable[str]) -> str:
    """Longest first, so that "doubled" wins over "double"; a space in a key also accepts a hyphen."""
    return "|".join(w.replace(" ", "[ -]") for w in sorted(words, key=len, reverse=True))


_CURRENCY_PREFIX = r"US\$|HK\$|\$|€|£|¥|人民币|(?<![A-Za-z])(?:USD|EUR|GBP|JPY|CNY|RMB|HKD)(?![A-Za-z])"
# One scan finds every place a figure can start; _parse_atom then decides what it is.
_NUMBER = re.compile(
    rf"""
    (?P<pct>百分之)?
    (?P<cur>(?:{_CURRENCY_PREFIX})\s?)?
    (?:
        (?P<frac>(?P<den>[0-9]+|{_KANJI})分[の之](?P<numer>[0-9]+|{_KANJI}))
      | (?P<cjkratio>{_alternation(_CJK_RATIOS)})
      | (?P<digits>[0-9]{{1,3}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)
      | (?P<kanji>{_KANJI})
      | (?i:\b(?P<ratioword>{_alternation(_RATIO_WORDS)})(?![\w-]))
      | (?i:\b(?P<fracword>{_alternation(_FRACTION_WORDS)})(?=\s+of\b))
      | (?i:\b(?P<half>half)(?=\s+(?:of|as|the)\b))
      | (?i:\b(?P<word>{_WORD_NUMBER})\b)
    )""",
    re.X,
)
_KINDS = ("frac", "cjkratio", "digits", "kanji", "ratioword", "fracword", "half", "word")

# Digits glued to letters are model numbers (GB200, H20, NVL72, 910C); "1.2.3" is a version.
_GLUED_BEFORE = re.compile(r"[A-Za-z_0-9.]$")
_PRODUCT_BEFORE = re.compile(r"\b(?:CloudMatrix|Atlas|Ascend|Kunpeng|NVL|RTX|GB|H|B|Model)\s+$")
_HALF_BLOCKERS = re.compile(r"\b(?i:first|second|latter|former|a|the|and)\s+$")  # "first half of 2025"

# ---------------------------------------------------------------- scales and units
_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "mn": 1e6, "b": 1e9, "B": 1e9, "bn": 1e9, "tn": 1e12,
    "T": 1e12, "百": 1e2, "千": 1e3, "万": 1e4, "萬": 1e4, "億": 1e8, "亿": 1e8, "兆": 1e12,
}  # fmt: skip
_SCALE_WORD = re.compile(rf"\s+(?i:({_SCALE_WORDS}))s?\b")
_SCALE_ABBR = re.compile(r"\s?(bn|mn|tn)(?![A-Za-z])|(k)(?![A-Za-z])")
_SCALE_ABBR_MONEY = re.compile(r"([mMbBKT])(?![A-Za-z])")  # "$400m", "$4B": only after a currency sign
# A scale character right before 瓦 is an SI prefix (千瓦 = kW, 兆瓦 = MW), left to _PHYSICAL.
_SCALE_CJK = re.compile(r"(?:[百千万萬億亿兆](?!瓦))+")
# What may follow a scale, in the script of the leading number: the "2000億" of "1兆2000億", the
# "五千万" of "二億五千万", or a bare "5000" of "2万5000" (added in while smaller than the scale before).
_SCALE_CJK_MORE = {
    "digits": re.compile(r"([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:\.[0-9]+)?)((?:[百千万萬億亿](?!瓦))*)"),
    "kanji": re.compile(rf"({_KANJI})((?:[百千万萬億亿](?!瓦))*)"),
}
# "400+ exhibitors", "5亿多美元", "1000余家": a hedge between the number and its unit
_MID_HEDGE = re.compile(r"\s?(\+)|(多)(?![いく])|(余)(?![りら])")

_CURRENCY_CODES = {"US$": "USD", "$": "USD", "HK$": "HKD", "€": "EUR", "£": "GBP", "RMB": "CNY"}
_CURRENCY_CODES |= {"人民币": "CNY", "¥": "JPY"}  # ¥ is read as CNY when lang == "zh"
_CURRENCY_SUFFIX = re.compile(
    r"""\s*(?:
        (?P<USD>(?i:US\s+dollars?|dollars?)\b|USD\b|米ドル|ドル|美元|美金)
      | (?P<JPY>(?i:yen)\b|JPY\b|円|日元|日圆)
      | (?P<HKD>HKD\b|港元|港币)
      | (?P<CNY>(?i:yuan|renminbi)\b|CNY\b|RMB\b|人民币|元)
      | (?P<EUR>(?i:euros?)\b|EUR\b|ユーロ|欧元)
      | (?P<GBP>(?i:pounds?(?:\s+sterling)?)\b|GBP\b|ポンド|英镑)
    )""",
    re.X,
)
_RATIO_UNIT = re.compile(r"x(?![A-Za-z0-9])|\s?×|\s+(?i:times)\b|-?(?i:fold)\b|\s?倍")
_COMPARATIVE = re.compile(
    r"\s+(?i:(?:more|less|slower|faster|larger|smaller|higher|lower|bigger|greater|cheaper|better|longer"
    r"|shorter|quicker|stronger)\b|as\s+(?:much|many|fast|large|big|high|powerful|efficient|expensive)\b)"
)
_PERCENT = re.compile(r"\s?(?:%|(?i:percent|per\s+cent|percentage\s+points?)\b|パーセント|个百分点|百分点)")
# 割 is a tenth (6割 = 60%, 3割5分 = 35%); not 割合 (share), 割れ/割る/割り込む (falling below, dividing).
_WARI = re.compile(r"割(?![合れるりら込])(?:([0-9一二三四五六七八九])分)?")
_SI = {"k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18}
_SI_WORDS = {"kilo": "k", "mega": "M", "giga": "G", "tera": "T", "peta": "P", "exa": "E"}
_SI_WORDS |= {"キロ": "k", "メガ": "M", "ギガ": "G", "テラ": "T", "ペタ": "P", "エクサ": "E"}
_SI_WORDS |= {"千": "k", "兆": "M", "吉": "G", "太": "T"}  # Chinese 千瓦, 兆瓦 (兆 is mega here, not 1e12)
# Symbol prefixes only combine with symbols (kW, PFLOPS, GiB), word prefixes with words (petaflops).
_PHYSICAL = re.compile(
    r"""\s?(?:
        (?P<sym>[kKMGTPE])(?P<bin>i)?(?P<symbase>B/s|Bps|B|W|FLOPS|FLOPs|FLOP/s|flops)
      | (?P<word>(?i:kilo|mega|giga|tera|peta|exa))-?
        (?P<wordbase>(?i:bytes?\s+per\s+second|bytes?/s|bytes?|watts?|flops|flop/s))
      | (?P<kana>キロ|メガ|ギガ|テラ|ペタ|エクサ)\s?
        (?P<kanabase>バイト/秒|バイト|ワット|フロップス|FLOPS|FLOPs|flops|B/s|B|W)
      | (?P<zh>千|兆|吉|太)?(?P<zhbase>瓦)(?![时時])  # not 千瓦时 (kWh, an energy)
      | (?P<plain>W|(?i:watts?|flops|bytes)|FLOP/s|ワット|バイト|フロップス)
    )(?![A-Za-z0-9])""",
    re.X,
)
# A rate written apart from its byte unit: "4 TB per second", "4 TB/sec"; "毎秒4テラバイト" (before).
_PER_SECOND_AFTER = re.compile(r"\s?/\s?(?:s|sec)\b|\s+(?i:per\s+second|a\s+second)\b|\s?/秒")
_PER_SECOND_BEFORE = re.compile(r"(?:毎秒|每秒)\s?$")
_COUNTER = re.compile(r"ラック|カ国|か国|ヶ国|個|个|台|枚|件|人|社|点|家|名|颗|块|张|套|基|款")
_ZH_COUNTERS = set("个颗块张套家款")  # Chinese measure words: the noun follows with no の
_CJK_NOUN = re.compile(
    r"[A-Za-z\u4e00-\u9fff\u30a1-\u30fa\u30fc][A-Za-z0-9\u4e00-\u9fff\u30a1-\u30fa\u30fc\-]*"
    r"(?: (?:[A-Z][A-Za-z0-9\-]*|[0-9][A-Za-z0-9\-]*)){0,2}"  # "Ascend 910C": ASCII words only
)
_ZH_NOUN_STOP = re.compile(r"[的是在和与及了将为把被对也都有]")  # the noun run ends at a particle or verb

# English counted nouns: up to three words, ending at the first plural ("384 Ascend 910C chips").
_NOUN_TOKEN = re.compile(r" ([A-Za-z][\w\-]*|[0-9]+[A-Za-z][\w\-]*)")
_NOUN_STOP = {
    "the", "a", "an", "of", "and", "or", "to", "in", "on", "at", "by", "for", "from", "with", "as", "into",
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "said", "says",
    "that", "this", "these", "those", "which", "who", "it", "its", "their", "than", "per",
    "more", "less", "over", "under", "about",
    # verbs in -s that can follow a bare number and would pass for a plural noun
    "does", "uses", "makes", "needs", "means", "remains", "shows", "runs", "gets", "delivers", "includes",
    "requires", "costs", "appears", "seems", "comes", "goes", "stands", "sits", "looks",
}  # fmt: skip
_IRREGULAR_PLURALS = {"people", "staff", "children", "men", "women", "personnel", "police"}

# ---------------------------------------------------------------- hedges, ranges, years
_PRE_HEDGE = re.compile(
    r"""(?:
        (?P<at_least>\b(?i:at\s+least|more\s+than|over|above|upwards\s+of|in\s+excess\s+of
            |no\s+(?:less|fewer)\s+than|north\s+of
            |exceed(?:s|ed|ing)?|top(?:s|ped|ping)|surpass(?:es|ed|ing)?|passed)  # "sales topped $10bn"
            |少なくとも|最低|至少|超过|超出|突破|多于|逾|超)
      | (?P<at_most>\b(?i:up\s+to|less\s+than|fewer\s+than|under|below|as\s+(?:much|many)\s+as
            |no\s+more\s+than|at\s+most|a\s+maximum\s+of)|最大|最多|多达|高达|不超过|不到|低于|少于)
      | (?P<nearly>\b(?i:nearly|almost|close\s+to|just\s+(?:under|shy\s+of)|approaching)|将近|接近|近)
      | (?P<about>\b(?i:about|around|roughly|approximately|approx\.|some|an\s+estimated|circa)
            |大约|大約|約|约|おおよそ|およそ|ほぼ)
    )\s*$""",
    re.X,
)
# を上回る/を下回る after a figure compare the subject with it ("B200の192GBを下回る": the 192 GB
# is exact), so they are no hedges; only 以上/未満/超/超える and the like bound the figure itself.
_POST_HEDGE = re.compile(
    r"""\s*(?:
        (?P<at_least>(?i:or\s+more)\b|以上|を超える|を超え|超え|超(?![0-9一二三四五六七八九十])|強
            |を?突破|余り|多(?![いく])|余)
      | (?P<at_most>(?i:or\s+(?:less|fewer))\b|以下|未満|以内|足らず)
      | (?P<nearly>に近い|近く|弱)
      | (?P<about>程度|前後|ほど|くらい|ぐらい|左右|上下)
    )""",
    re.X,
)
# 约为/约是 may stand apart from the number: "约为英伟达GB200 NVL72的1.7倍" is about 1.7x. The gap
# must stay in the clause and hold no number of its own (model numbers glued to letters are fine).
_COPULA_HEDGE = re.compile(r"大?约(?:为|是|合|占|达)")
_COPULA_GAP = re.compile(r"(?:[^0-9。，；,;:：!！?？、]|(?<=[A-Za-z])[0-9]+)*")
_COPULA_REACH = 25  # characters between the copula and the number
_HEDGE_RANK = {"about": 1, "nearly": 2, "at_least": 3, "at_most": 3}  # a bound says more than "about"
_RANGE_SEP = re.compile(
    r"\s*(?:(?P<dash>[-–—~〜～])|(?P<to>(?i:to))\b|(?P<and>(?i:and))\b|(?P<kara>から)|(?P<zhto>至|到))\s*"
)
_RANGE_INTRO = re.compile(r"(?:\b(?i:between|from)|从)\s*$")
# "rose from $1bn to $2bn" is a change, not a range; so is "10億ドルから20億ドルに".
_CHANGE_BEFORE = re.compile(
    r"\b(?i:rose|rise[sn]?|rising|fell|fall(?:s|en|ing)?|grew|grow(?:s|n|ing)?|up|down|cut"
    r"|(?:increas|decreas|jump|climb|drop|declin|rais|surg|soar|plung|slump|expand|boost|lift|lower|reduc|revis)\w*)"
    r"\s+(?:(?i:from)\s+)?$"
)
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"  # noqa: E501
_YEAR_CONTEXT = re.compile(
    rf"\b(?i:in|by|since|from|until|till|through|before|after|during|of|to|for|early|late|mid|end|{_MONTHS})"
    r"\.?(?:\s+[0-9]{1,2}(?:st|nd|rd|th)?)?,?[\s-]*$"
)


@dataclass
class _Atom:
    """One number with its scale and unit, before hedges and ranges are applied."""

    start: int
    end: int
    raw: float
    prec: float = 0.5  # half a unit of the last stated digit of `raw`
    scale: float = 1.0
    unit: str | None = None
    mult: float = 1.0  # SI prefix of a physical unit
    noun: str | None = None
    counter: str | None = None  # Japanese/Chinese counter; the noun may follow after the hedge
    mid_hedge: str | None = None
    year: bool = False  # four bare digits 1900-2099

    @property
    def value(self) -> float:
        return self.raw * self.scale * self.mult


def _normalise(text: str) -> str:
    """NFKC one character at a time (１．７ -> 1.7, ％ -> %), keeping the length so offsets stay valid."""
    out = []
    for ch in text:
        n = unicodedata.normalize("NFKC", ch)
        out.append(n if len(n) == 1 else ch)
    return "".join(out)


def _kanji_value(s: str) -> float:
    """Kanji numerals below 万: 三 -> 3, 三十五 -> 35, 二千 -> 2000, 二〇二五 -> 2025."""
    if not any(c in "十百千" for c in s):
        return float("".join(str(_KANJI_DIGITS[c]) for c in s))
    total, digit = 0, 0
    for c in s:
        if c in _KANJI_DIGITS:
            digit = _KANJI_DIGITS[c]
        else:
            total += (digit or 1) * {"十": 10, "百": 100, "千": 1000}[c]
            digit = 0
    return float(total + digit)


def _number_value(s: str) -> float:
    return float(s.replace(",", "")) if s[0].isdigit() else _kanji_value(s)


def _english_noun(norm: str, pos: int) -> tuple[str, int] | None:
    """The counted noun after a number: words up to the first plural, at most three, no stop words."""
    words: list[str] = []
    for _ in range(3):
        m = _NOUN_TOKEN.match(norm, pos)
        if not m or m.group(1).lower() in _NOUN_STOP or m.group(1).lower() in _SCALES:
            return None
        words.append(m.group(1))
        pos = m.end()
        if _is_plural(m.group(1)):
            return " ".join(words), pos
    return None


def _is_plural(word: str) -> bool:
    """Whether a counted noun is plural: "chips", "people", "GPUs"; not "bonus", "status", "glass"."""
    w = word.lower()
    if w in _IRREGULAR_PLURALS:
        return True
    if len(w) <= 2 or not w.endswith("s") or w.endswith(("ss", "is")):
        return False
    return not w.endswith("us") or word[-2].isupper()  # an acronym's plural: "GPUs", "CPUs", "NPUs"


def _parse_unit(norm: str, a: _Atom, pos: int) -> int:
    """Attach the unit that follows position `pos` to `a`; returns the new end (== pos if none)."""
    if (m := _RATIO_UNIT.match(norm, pos)) is not None:
        a.unit = "x"
        return c.end() if (c := _COMPARATIVE.match(norm, m.end())) else m.end()
    if (m := _PERCENT.match(norm, pos)) is not None:
        a.unit = "%"
        return m.end()
    if (m := _WARI.match(norm, pos)) is not None:
        a.unit, a.mult = "%", 10.0
        if m.group(1):  # the 5分 of 3割5分: hundredths
            a.raw += _number_value(m.group(1)) / 10
            a.prec = 0.05
        return m.end()
    if (m := _CURRENCY_SUFFIX.match(norm, pos)) is not None:
        a.unit = m.lastgroup
        return m.end()
    if (m := _PHYSICAL.match(norm, pos)) is not None:
        base = m.group("symbase") or m.group("wordbase") or m.group("kanabase") or m.group("zhbase")
        base = base or m.group("plain")
        word_prefix = m.group("word") or m.group("kana") or m.group("zh") or ""
        prefix = m.group("sym") or _SI_WORDS.get(word_prefix.lower())
        low = base.lower()
        end = m.end()
        if "/s" in low or "per" in low or "bps" in low or "秒" in low:
            a.unit = "B/s"
        elif low.startswith(("w", "ワ", "瓦")):
            a.unit = "W"
        elif low.startswith(("flop", "フ")):
            a.unit = "FLOPS"
        elif (per := _PER_SECOND_AFTER.match(norm, end)) is not None:  # "4 TB per second"
            a.unit, end = "B/s", per.end()
        else:
            a.unit = "B"
        if prefix and m.group("bin"):
            a.mult = float(2 ** (10 * ("kMGTPE".index(prefix.replace("K", "k")) + 1)))
        elif prefix:
            a.mult = _SI[prefix]
        return end
    if (m := _COUNTER.match(norm, pos)) is not None:
        a.unit, a.counter = "count", m.group()
        return m.end()
    if (n := _english_noun(norm, pos)) is not None:
        a.unit, a.noun = "count", n[0]
        return n[1]
    return pos


def _parse_atom(norm: str, m: re.Match[str], lang: str) -> _Atom | None:
    """Read one figure (currency, number, scale, unit) starting at a _NUMBER match; None if it is none."""
    kind = next(k for k in _KINDS if m.group(k) is not None)
    text = m.group(kind)
    a = _Atom(start=m.start(), end=m.end(), raw=0.0)
    if kind in ("frac", "cjkratio", "ratioword", "fracword", "half"):
        if kind == "half" and _HALF_BLOCKERS.search(norm, max(0, m.start() - 10), m.start()):
            return None
        if kind == "frac":
            if (den := _number_value(m.group("den"))) == 0:
                return None
            a.raw = _number_value(m.group("numer")) / den
        else:
            table = _CJK_RATIOS | _RATIO_WORDS | {"half": 0.5}
            a.raw = table.get(text.lower()) or _FRACTION_WORDS[re.sub(r"[ -]", " ", text.lower())]
        a.unit, a.prec = "x", 0.0
        a.end = c.end() if (c := _COMPARATIVE.match(norm, m.end())) else m.end()
        return a

    cur = (m.group("cur") or "").strip()
    if (
        kind == "digits"
        and not cur
        and (
            _GLUED_BEFORE.search(norm, max(0, m.start() - 1), m.start())
            or _PRODUCT_BEFORE.search(norm, max(0, m.start() - 20), m.start())
        )
    ):
        return None
    if kind == "kanji" and norm[m.start() - 1 : m.start()] == "第":  # ordinals: 第一
        return None
    if kind == "word":  # "twenty-five" -> 25; "a" only precedes a scale word ("a million")
        words = re.split(r"[- \s]+", text.lower())
        a.raw = 12.0 if "dozen" in words else float(sum(_WORD_VALUES.get(w, 1) for w in words))
    else:
        a.raw = _number_value(text)
        a.prec = 0.5 / 10 ** len(text.partition(".")[2])
        a.year = kind == "digits" and not cur and re.fullmatch(r"(?:19|20)[0-9]{2}", text) is not None
    if m.group("pct"):
        a.unit = "%"
        return a
    if cur:
        a.unit = "CNY" if cur == "¥" and lang == "zh" else _CURRENCY_CODES.get(cur, cur)

    pos = num_end = m.end()
    # Scale words multiply ("two hundred million"); CJK scales may continue ("1兆2000億").
    while (s := _SCALE_WORD.match(norm, pos)) is not None:
        a.scale *= _SCALES[s.group(1).lower()]
        pos = s.end()
    if pos == num_end and (s := _SCALE_ABBR.match(norm, pos) or (cur and _SCALE_ABBR_MONEY.match(norm, pos))):
        a.scale, pos = _SCALES[s.group(1) or s.group(2)], s.end()
    elif pos == num_end and (s := _SCALE_CJK.match(norm, pos)) is not None:
        for ch in s.group():
            a.scale *= _SCALES[ch]
        pos = s.end()
        smallest = a.scale  # each further part must be smaller than the scale before it
        more_re = _SCALE_CJK_MORE["digits" if kind == "digits" else "kanji"]
        while (more := more_re.match(norm, pos)) is not None:
            unit_scale = 1.0
            for ch in more.group(2):
                unit_scale *= _SCALES[ch]
            part = _number_value(more.group(1))
            if unit_scale >= smallest or part * unit_scale >= smallest:
                break
            a.raw += part * unit_scale / a.scale
            a.prec = 0.5 * unit_scale / a.scale / 10 ** len(more.group(1).partition(".")[2])
            pos, smallest = more.end(), unit_scale
            if unit_scale == 1.0:  # a bare trailing number ends the figure
                break
    if a.scale != 1.0:
        a.year = False

    if (mid := _MID_HEDGE.match(norm, pos)) is not None:
        probe = _Atom(start=a.start, end=a.end, raw=a.raw)
        if _parse_unit(norm, probe, mid.end()) != mid.end():
            a.mid_hedge, pos = "at_least", mid.end()
    if a.unit is not None:  # currency sign already given; a matching suffix ("人民币5亿元") joins the surface
        suffix = _CURRENCY_SUFFIX.match(norm, pos)
        pos = suffix.end() if suffix and suffix.lastgroup == a.unit else pos
    else:
        pos = _parse_unit(norm, a, pos)
    if pos == num_end and norm[pos : pos + 1].isascii() and norm[pos : pos + 1].isalpha():
        return None  # "910C", "1990s": letters glued to the digits
    a.end = pos
    return a


def _interval(hedge: str, v: float) -> tuple[float | None, float | None]:
    return {
        "exact": (v, v),
        "about": (0.9 * v, 1.1 * v),
        "nearly": (0.85 * v, v),
        "at_least": (v, None),
        "at_most": (None, v),
    }[hedge]


def _parse_range(norm: str, a: _Atom, lang: str) -> tuple[_Atom, _Atom, int] | None:
    """Both ends of a range after `a` ("between X and Y", "X-Y", "X to Y", "XからY", "X至Y") and its start."""
    sep = _RANGE_SEP.match(norm, a.end)
    intro = _RANGE_INTRO.search(norm, max(0, a.start - 12), a.start)
    between = intro is not None and intro.group().lower().startswith("between")
    if sep is None or (sep.lastgroup == "and" and not between):
        return None
    if sep.lastgroup in ("to", "dash") and _CHANGE_BEFORE.search(norm, max(0, a.start - 30), a.start):
        return None
    m2 = _NUMBER.match(norm, sep.end())
    b = _parse_atom(norm, m2, lang) if m2 else None
    if b is None or (a.unit is None and b.unit is None) or (a.unit and b.unit and a.unit != b.unit):
        return None
    if sep.lastgroup == "kara" and norm[b.end : b.end + 1] in ("に", "へ"):
        return None
    a, b = replace(a), replace(b)
    if a.scale == 1.0 and b.scale != 1.0 and a.raw <= b.raw:  # "$1-2 billion", "10～20億ドル"
        a.scale = b.scale
    if a.unit is None:
        a.unit, a.mult, a.noun, a.counter = b.unit, b.mult, b.noun, b.counter
    elif b.unit is None:
        b.unit, b.mult = a.unit, a.mult
    if a.value > b.value:
        return None
    return a, b, intro.start() if intro else a.start


def _cjk_noun(norm: str, pos: int, counter: str, lang: str) -> str:
    """The noun after a counter: "384個のAscend 910C" -> "Ascend 910C"; else the counter itself."""
    if norm.startswith("の", pos):
        pos += 1
    elif not (counter in _ZH_COUNTERS or lang == "zh"):
        return counter
    m = _CJK_NOUN.match(norm, pos)
    if m is None:
        return counter
    noun = m.group()
    if (stop := _ZH_NOUN_STOP.search(noun)) is not None:
        noun = noun[: stop.start()]
    return noun[:20] or counter


def _per_second_before(norm: str, floor: int, start: int) -> int | None:
    """Where a "毎秒"/"每秒" written right before `start` begins, if there is one."""
    m = _PER_SECOND_BEFORE.search(norm, max(floor, start - 3), start)
    return None if m is None else m.start()


def _copula_before(norm: str, floor: int, start: int) -> int | None:
    """Where a "约为" that hedges the number at `start` begins: the last one within reach, with only
    wording of the same clause between them ("约为英伟达GB200 NVL72的1.7倍"); None if there is none."""
    window = max(floor, start - _COPULA_REACH - 3)
    copulas = list(_COPULA_HEDGE.finditer(norm, window, start))
    if not copulas or start - copulas[-1].end() > _COPULA_REACH:
        return None
    return copulas[-1].start() if _COPULA_GAP.fullmatch(norm, copulas[-1].end(), start) else None


def _quantity_at(text: str, norm: str, m: re.Match[str], lang: str, floor: int) -> Quantity | None:
    """The figure that starts at match `m`, with hedges; `floor` is where the previous figure ended."""
    a = _parse_atom(norm, m, lang)
    if a is None:
        return None
    if (r := _parse_range(norm, a, lang)) is not None:
        lo, hi, start = r
        start = start if start >= floor else a.start  # "between" must not reach into the previous figure
        unit = hi.unit or "count"
        if unit == "B" and (per := _per_second_before(norm, floor, start)) is not None:  # "毎秒2～4TB"
            unit, start = "B/s", per
        noun = _cjk_noun(norm, hi.end, hi.counter, lang) if hi.counter else (hi.noun or a.noun)
        prec = max(lo.prec * lo.scale * lo.mult, hi.prec * hi.scale * hi.mult)
        v = (lo.value + hi.value) / 2
        return Quantity(v, unit, lo.value, hi.value, text[start : hi.end], start, hi.end, "range", noun, prec)

    if a.year and a.unit in (None, "count"):
        nen = norm.startswith("年", m.end())
        if nen or a.unit is None or _YEAR_CONTEXT.search(norm, max(0, a.start - 30), a.start):
            end = m.end() + nen
            surface = text[a.start : end]
            return Quantity(a.raw, "year", a.raw, a.raw, surface, a.start, end, "exact", None, 0.5)
    if a.unit is None:
        if a.scale == 1.0:
            return None  # a bare number ("July 26", "CloudMatrix 384") is not a figure
        a.unit = "count"  # "1.4 billion", "3万": scaled numbers are figures even without a noun

    start, end, hedges = a.start, a.end, list[str]()
    if a.unit == "B" and (per := _per_second_before(norm, floor, start)) is not None:  # "約毎秒4TB"
        a.unit, start = "B/s", per
    if (pre := _PRE_HEDGE.search(norm, max(floor, start - 30), start)) is not None:
        start = pre.start()
        hedges.append(str(pre.lastgroup))
        if a.unit == "B" and (per := _per_second_before(norm, floor, start)) is not None:  # "毎秒約4TB"
            a.unit, start = "B/s", per
    elif (copula := _copula_before(norm, floor, start)) is not None:
        hedges.append("about")
        if _COPULA_HEDGE.fullmatch(norm, copula, start):  # "约为559千瓦": right before, so in the surface
            start = copula
    if a.mid_hedge:
        hedges.append(a.mid_hedge)
    if (post := _POST_HEDGE.match(norm, a.end)) is not None:
        end = post.end()
        hedges.append(str(post.lastgroup))
    # "約4億ドル以上": the bound wins over "about"; on a tie the later word wins.
    hedge = max(reversed(hedges), key=lambda h: _HEDGE_RANK[h], default="exact")
    noun = _cjk_noun(norm, end, a.counter, lang) if a.counter else a.noun
    lower, upper = _interval(hedge, a.value)
    prec = a.prec * a.scale * a.mult
    return Quantity(a.value, a.unit, lower, upper, text[start:end], start, end, hedge, noun, prec)


def parse_quantities(text: str, lang: str = "en") -> list[Quantity]:
    """All figures in one sentence (or short text), in order of position, non-overlapping.

    Args:
        text: the sentence as written; offsets in the result index into it.
        lang: "en", "ja" or "zh". Japanese and Chinese forms are read whatever the language;
            it only decides ambiguous signs ("¥" is CNY in Chinese text, JPY otherwise).

    Returns:
        One Quantity per figure, with its hedge interval.
    """
    if lang not in _LANGS:
        raise ValueError(f"lang must be one of {', '.join(_LANGS)}, got {lang!r}")
    norm = _normalise(text)
    found: list[Quantity] = []
    floor = 0
    for m in _NUMBER.finditer(norm):
        if m.start() < floor:
            continue
        q = _quantity_at(text, norm, m, lang, floor)
        if q is not None:
            found.append(q)
            floor = q.end
    return found
