"""Units that follow a number: currencies, ratios, percents, physical units, counters and counted
nouns, and the measures that are no figure of the contract (durations, distances, index points).

Pure stdlib; nlp.quantities attaches these to the numbers it reads.
"""

from __future__ import annotations

import re

from nlp.numerals import SCALES

CURRENCY_PREFIX = r"US\$|HK\$|\$|€|£|¥|人民币|(?<![A-Za-z])(?:USD|EUR|GBP|JPY|CNY|RMB|HKD)(?![A-Za-z])"

CURRENCY_CODES = {"US$": "USD", "$": "USD", "HK$": "HKD", "€": "EUR", "£": "GBP", "RMB": "CNY"}
CURRENCY_CODES |= {"人民币": "CNY", "¥": "JPY"}  # ¥ is read as CNY when lang == "zh"
CURRENCY_SUFFIX = re.compile(
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
RATIO_UNIT = re.compile(r"x(?![A-Za-z0-9])|\s?×|\s+(?i:times)\b|-?(?i:fold)\b|\s?倍")
COMPARATIVE = re.compile(
    r"\s+(?i:(?:more|less|slower|faster|larger|smaller|higher|lower|bigger|greater|cheaper|better|longer"
    r"|shorter|quicker|stronger)\b|as\s+(?:much|many|fast|large|big|high|powerful|efficient|expensive)\b)"
)
PERCENT = re.compile(r"\s?(?:%|(?i:percent|per\s+cent|percentage\s+points?)\b|パーセント|个百分点|百分点)")
# 割 is a tenth (6割 = 60%, 3割5分 = 35%); not 割合 (share), 割れ/割る/割り込む (falling below, dividing).
WARI = re.compile(r"割(?![合れるりら込])(?:([0-9一二三四五六七八九])分)?")
SI = {"k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18}
SI_WORDS = {"kilo": "k", "mega": "M", "giga": "G", "tera": "T", "peta": "P", "exa": "E"}
SI_WORDS |= {"キロ": "k", "メガ": "M", "ギガ": "G", "テラ": "T", "ペタ": "P", "エクサ": "E"}
SI_WORDS |= {"千": "k", "兆": "M", "吉": "G", "太": "T"}  # Chinese 千瓦, 兆瓦 (兆 is mega here, not 1e12)
# Symbol prefixes only combine with symbols (kW, PFLOPS, GiB), word prefixes with words (petaflops).
PHYSICAL = re.compile(
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
PER_SECOND_AFTER = re.compile(r"\s?/\s?(?:s|sec)\b|\s+(?i:per\s+second|a\s+second)\b|\s?/秒")
PER_SECOND_BEFORE = re.compile(r"(?:毎秒|每秒)\s?$")
COUNTER = re.compile(r"ラック|カ国|か国|ヶ国|個|个|台|枚|件|人|社|点|家|名|颗|块|张|套|基|款")
ZH_COUNTERS = set("个颗块张套家款")  # Chinese measure words: the noun follows with no の
CJK_NOUN = re.compile(
    r"[A-Za-z\u4e00-\u9fff\u30a1-\u30fa\u30fc][A-Za-z0-9\u4e00-\u9fff\u30a1-\u30fa\u30fc\-]*"
    r"(?: (?:[A-Z][A-Za-z0-9\-]*|[0-9][A-Za-z0-9\-]*)){0,2}"  # "Ascend 910C": ASCII words only
)
ZH_NOUN_STOP = re.compile(r"[的是在和与及了将为把被对也都有]")  # the noun run ends at a particle or verb

# English counted nouns: up to three words, ending at the first plural ("384 Ascend 910C chips").
NOUN_TOKEN = re.compile(r" ([A-Za-z][\w\-]*|[0-9]+[A-Za-z][\w\-]*)")
NOUN_STOP = {
    "the", "a", "an", "of", "and", "or", "to", "in", "on", "at", "by", "for", "from", "with", "as", "into",
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "said", "says",
    "that", "this", "these", "those", "which", "who", "it", "its", "their", "than", "per",
    "more", "less", "over", "under", "about",
    # verbs in -s that can follow a bare number and would pass for a plural noun
    "does", "uses", "makes", "needs", "means", "remains", "shows", "runs", "gets", "delivers", "includes",
    "requires", "costs", "appears", "seems", "comes", "goes", "stands", "sits", "looks",
}  # fmt: skip
IRREGULAR_PLURALS = {"people", "staff", "children", "men", "women", "personnel", "police"}


def english_noun(norm: str, pos: int) -> tuple[str, int] | None:
    """The counted noun after a number: words up to the first plural, at most three, no stop words."""
    words: list[str] = []
    for _ in range(3):
        m = NOUN_TOKEN.match(norm, pos)
        if not m or m.group(1).lower() in NOUN_STOP or m.group(1).lower() in SCALES:
            return None
        words.append(m.group(1))
        pos = m.end()
        if is_plural(m.group(1)):
            return " ".join(words), pos
    return None


def is_plural(word: str) -> bool:
    """Whether a counted noun is plural: "chips", "people", "GPUs"; not "bonus", "status", "glass"."""
    w = word.lower()
    if w in IRREGULAR_PLURALS:
        return True
    if len(w) <= 2 or not w.endswith("s") or w.endswith(("ss", "is")):
        return False
    return not w.endswith("us") or word[-2].isupper()  # an acronym's plural: "GPUs", "CPUs", "NPUs"


def cjk_noun(norm: str, pos: int, counter: str, lang: str) -> str:
    """The noun after a counter: "384個のAscend 910C" -> "Ascend 910C"; else the counter itself."""
    if norm.startswith("の", pos):
        pos += 1
    elif not (counter in ZH_COUNTERS or lang == "zh"):
        return counter
    m = CJK_NOUN.match(norm, pos)
    if m is None:
        return counter
    noun = m.group()
    if (stop := ZH_NOUN_STOP.search(noun)) is not None:
        noun = noun[: stop.start()]
    return noun[:20] or counter


def per_second_before(norm: str, floor: int, start: int) -> int | None:
    """Where a "毎秒"/"每秒" written right before `start` begins, if there is one."""
    m = PER_SECOND_BEFORE.search(norm, max(floor, start - 3), start)
    return None if m is None else m.start()
