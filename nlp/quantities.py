"""Figures in news sentences (English, Japanese, Chinese) as normalised values with hedge intervals.

Pure stdlib on purpose: the comparison stage and the analysts' tools import this without spaCy.
A figure is a number plus what makes it a claim: a currency, a physical unit, a ratio, a percent,
a counted noun or a calendar year. Bare integers (days of month, "CloudMatrix 384") are not figures,
nor are measures outside the contract (durations, distances, index points: see nlp.units).
Hedge wording becomes an interval as in DESIGN.md "Hedges become intervals".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from nlp.hedges import (
    COORDINATION,
    COORDINATION_ELIDED,
    COORDINATION_PARALLEL,
    COPULA_HEDGE,
    HEDGE_RANK,
    MID_HEDGE,
    NEGATABLE_LOWER,
    NEGATED_BEFORE,
    POST_HEDGE,
    PRE_HEDGE,
    copula_before,
    interval,
    particle_not_hedge,
    starting_price,
)
from nlp.not_figures import not_a_figure
from nlp.numerals import (
    CJK_RATIOS,
    COUNT_K_MIN,
    FRACTION_WORDS,
    KANJI,
    RATIO_WORDS,
    RETIREMENT_PLAN,
    SCALE_ABBR,
    SCALE_ABBR_COUNT,
    SCALE_ABBR_MONEY,
    SCALE_CJK,
    SCALE_CJK_MORE,
    SCALE_FILLER,
    SCALE_WORD,
    SCALE_WORDS,
    SCALES,
    WORD_NUMBER,
    WORD_VALUES,
    alternation,
    normalise,
    number_value,
)
from nlp.units import (
    AT_A_TIME_AFTER,
    AT_LEAST_BEFORE,
    BASIS_POINTS,
    CENTS,
    CJK_MEASURE,
    CLAUSE_END,
    CLAUSE_OPENING,
    COMPARATIVE,
    COUNTER,
    CURRENCY_CODES,
    CURRENCY_PREFIX,
    CURRENCY_SUFFIX,
    ELIDED_BEFORE,
    ELIDED_OBJECT_BEFORE,
    EN_MEASURE,
    FAMILY_OF_BEFORE,
    FREQUENCY_AFTER,
    GLUED_BEFORE,
    GLUED_CHIP_NOUN,
    GROWTH_BEFORE,
    LIST_SEP,
    MORE_THAN_AFTER,
    NAME_BEFORE,
    NOT_A_FIGURE,
    NOUN_STOP,
    PART_OF_NUMBER,
    PARTITIVE,
    PER_SECOND_AFTER,
    PERCENT,
    PHYSICAL,
    PLAIN_POUNDS,
    PLURAL_VERB_AFTER,
    POINTS,
    RATIO_UNIT,
    SI,
    SI_WORDS,
    TIMES_WORD,
    TWICE_MULTIPLE_AFTER,
    WARI,
    WEIGHT_BEFORE,
    WORD_AFTER,
    adjectival_noun,
    cjk_noun,
    english_noun,
    is_money,
    label_before,
    per_second_before,
    poll_margin,
    unnamed_group,
    vague_restated,
)

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


# One scan finds every place a figure can start; _parse_atom then decides what it is.
_NUMBER = re.compile(
    rf"""
    (?P<pct>百分之)?
    (?P<cur>(?:{CURRENCY_PREFIX})\s?)?
    (?:
        (?P<frac>(?P<den>[0-9]+|{KANJI})分[の之](?P<numer>[0-9]+|{KANJI}))
      | (?P<cjkratio>{alternation(CJK_RATIOS)})
      | (?P<digits>[0-9]{{1,3}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)
      | (?P<kanji>{KANJI})
      | (?i:\b(?P<fscale>half|{alternation(FRACTION_WORDS)})(?:\s+of)?\s+an?(?=\s+(?:{SCALE_WORDS})\b))
      | (?i:\b(?P<ratioword>{alternation(RATIO_WORDS)})(?![\w-]))
      | (?i:\b(?P<fracword>{alternation(FRACTION_WORDS)})(?=\s+of\b))
      | (?i:\b(?P<half>half)(?=\s+(?:of|as|the)\b))
      | (?i:\b(?P<word>{WORD_NUMBER})\b)
    )""",
    re.X,
)
_KINDS = ("frac", "cjkratio", "digits", "kanji", "fscale", "ratioword", "fracword", "half", "word")

# A further part of a spelled-out number after a scale word: "[and] forty-two", not the "one" of
# "three hundred one-bedroom flats".
_WORD_PART = re.compile(rf"\s+(?P<and>(?i:and)\s+)?(?P<num>(?i:{WORD_NUMBER}))(?![\w-])")
# A fraction of a measure is a measure ("three-tenths of an inch", "four-tenths of a second"), and of
# a group of people or things a share, which GUIDE lists among the vague quantities ("a third of the
# voters"); both were false x figures. Of what it is compared with it stays x ("a third of the
# cost", "less than a sixth of the H100").
_FRACTION_OF_ONE = re.compile(r"\s+of\s+(?i:a|an|one)(?=\s)")
_FRACTION_OF_THE = re.compile(r"\s+of\s+(?i:the|its|their|his|her|our|these|those)(?= )")
# A capitalised number word followed by a capitalised word, inside a sentence, is a name.
_NAME_WORD = re.compile(r"[A-Z][a-z]+(?:-[a-z]+)?\s+[A-Z][a-z]")
# ... unless scale words follow it and no further capitalised word but "Dollars": "took Five Million
# Dollars", "said Two Hundred families" are amounts (realtext dev round 5); "Ten Thousand Villages"
# stays a name.
_SCALED_NAME_WORD = re.compile(rf"(?:\s+(?i:{SCALE_WORDS})\b)+(?!\s+(?!(?i:dollars?)\b)[A-Z])")
# After a lower-case word or a sentence's opening "The": not a headline in title case ("US Charges
# Two Chinese Nationals" keeps its count).
_MID_SENTENCE = re.compile(r"(?:\b[a-z][\w'’-]*[,;:]?\s+(?:the\s+)?|\AThe\s+)\Z")
# "double and triple digits", "double or even triple digits": both words are vague.
_DIGITS_AFTER = re.compile(
    r"(?i:\s+(?:and|or|to)\s+(?:even\s+)?(?:single|double|triple|quadruple))?[\s-]+(?i:digits?)\b"
)
_NOUN_MULTIPLE_BEFORE = re.compile(r"\b(?i:a|body|stunt)\s+$")
# "a billion-dollar contract", "a two-billion-dollar bond": an adjectival amount is money when a
# scale word says how much (realtext3 dev round 2: read as a count of 1e9, or nothing); "a
# 20-dollar bill" names a note and stays out.
_SCALED_DOLLAR = re.compile(r"(?i)(?:-(million|billion|trillion))?-dollars?\b")
# "we collected a million -- more than a million-dollar settlement": a false start before a dash,
# restated right after it, is no figure of its own (realtext3 dev round 2).
_FALSE_START = re.compile(r"\s*(?:—|–|--)\s*")
FALSE_START_REACH = 40
_HALF_BLOCKERS = re.compile(r"\b(?i:first|second|latter|former|a|the|and)\s+$")  # "first half of 2025"


_RANGE_SEP = re.compile(
    r"\s*(?:(?P<dash>[-–—~〜～])|(?P<to>(?i:to))\b|(?P<and>(?i:and))\b|(?P<kara>から)|(?P<zhto>至|到))\s*"
)
_RANGE_INTRO = re.compile(r"(?:\b(?i:between|from)|从)\s*$")
# "rose from $1bn to $2bn" is a change, not a range; so is "10億ドルから20億ドルに". The change word may
# stand right before the first figure ("up 3% to 5%") or a few words before its "from" ("margins rose
# sharply from 12% to 18%", "cut the corporate rate from 35% to 21%"); "ranging from" stays a range.
_CHANGE_WORD = (
    r"rose|rise[sn]?|rising|fell|fall(?:s|en|ing)?|grew|grow(?:s|n|ing|th)?|cut(?:s|ting)?|went|gone|go(?:es|ing)?"
    r"|sank|sink(?:s|ing)?|shr[aiu]nk\w*|swung|brought|took|taken|dips?|dipp(?:ed|ing)"
    r"|(?:increas|decreas|jump|climb|drop|declin|rais|surg|soar|plung|slump|expand|boost|lift|lower|reduc"
    r"|revis|mov|shift|chang|widen|narrow|balloon|doubl|tripl|improv|worsen|slow|accelerat|hik|slash|trim"
    r"|tumbl|rebound|recover|spik|skyrocket|rocket|push|ramp|halv|shed)\w*"
)
# "cut its staff to 120 employees from 200": the level a change reached, then its old value.
_CHANGE_TO = re.compile(rf"\b(?i:{_CHANGE_WORD})\s+(?:[a-z]+\s+){{0,3}}?(?i:to)\s+$")
_CHANGE_BEFORE = re.compile(rf"\b(?i:up|down|{_CHANGE_WORD})\s+(?:(?i:from)\s+)?$")
_CHANGE_FROM = re.compile(rf"\b(?i:{_CHANGE_WORD})\b[^,;:!?()\[\]]{{0,40}}?\s(?i:from)\s+$")
_RANGE_WORDS = re.compile(r"\b(?i:rang(?:e|es|ed|ing)|anywhere|vary|varies|varying|between)\s+(?i:from)\s+$")
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"  # noqa: E501
# A year as a modifier takes a determiner or "at" too: "at 2010 Winter Olympics", "the 1998 Yankees",
# "her 2016 tax returns" were counts of "Winter Olympics", "Yankees", "tax returns".
_YEAR_CONTEXT = re.compile(
    r"\b(?i:in|by|since|from|until|till|through|before|after|during|of|to|for|early|late|mid|end|at|the|that"
    rf"|his|her|its|their|our|my|your|{_MONTHS})"
    r"\.?(?:\s+[0-9]{1,2}(?:st|nd|rd|th)?)?,?[\s-]*$"
)

_OF_NUMBER = re.compile(r"\s+(?i:of)\s+(?=[0-9]|[A-Za-z]+\s)")
# "On May 5 more than 300 came": a day of a month, not a count compared with something.
_MONTH_BEFORE = re.compile(rf"\b(?i:{_MONTHS})\.?\s+$")


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


def _repetition(norm: str, start: int, end: int) -> bool:
    """Whether "N times" or "twice" from `start` to `end`, with no comparative after it, counts
    events (GUIDE: repetitions are frequencies): a time word or the end of the clause follows, and
    no verb of growth stands before it."""
    return FREQUENCY_AFTER.match(norm, end) is not None and not GROWTH_BEFORE.search(
        norm, max(0, start - 40), start
    )


def _parse_unit(norm: str, a: _Atom, pos: int, lang: str) -> int:
    """Attach the unit that follows position `pos` to `a`; returns the new end (== pos if none)."""
    if (m := RATIO_UNIT.match(norm, pos)) is not None:
        if (c := COMPARATIVE.match(norm, m.end())) is not None:
            a.unit = "x"
            return c.end()
        frequency = TIMES_WORD.match(norm, pos) is not None and a.raw == int(a.raw)
        a.unit = NOT_A_FIGURE if frequency and _repetition(norm, a.start, m.end()) else "x"
        return m.end()
    if (m := PERCENT.match(norm, pos)) is not None:
        a.unit = "%"
        return m.end()
    if (m := BASIS_POINTS.match(norm, pos)) is not None:
        a.unit, a.mult = "%", 0.01
        return m.end()
    if (m := WARI.match(norm, pos)) is not None:
        a.unit, a.mult = "%", 10.0
        if m.group(1):  # the 5分 of 3割5分: hundredths
            a.raw += number_value(m.group(1)) / 10
            a.prec = 0.05
        return m.end()
    if (m := POINTS.match(norm, pos)) is not None and poll_margin(norm, a.start, m.end()):
        a.unit = "%"  # "lost by four points": percentage points, no index points
        return m.end()
    if (m := EN_MEASURE.match(norm, pos) or CJK_MEASURE.match(norm, pos)) is not None and not (
        a.year and m.group() == "年"
    ):
        a.unit = NOT_A_FIGURE
        return m.end()
    if (m := CURRENCY_SUFFIX.match(norm, pos)) is not None:
        weight = (
            PLAIN_POUNDS.fullmatch(m.group())
            and a.scale == 1.0
            and WEIGHT_BEFORE.search(norm, max(0, a.start - 50), a.start)
        )
        a.unit = NOT_A_FIGURE if weight else m.lastgroup
        return m.end()
    if (m := CENTS.match(norm, pos)) is not None:
        a.unit, a.mult = "USD", 0.01
        return m.end()
    if (m := PHYSICAL.match(norm, pos)) is not None:
        base = m.group("symbase") or m.group("wordbase") or m.group("kanabase") or m.group("zhbase")
        base = base or m.group("plain")
        word_prefix = m.group("word") or m.group("kana") or m.group("zh") or ""
        prefix = m.group("sym") or SI_WORDS.get(word_prefix.lower())
        low = base.lower()
        end = m.end()
        if "/s" in low or "per" in low or "bps" in low or "秒" in low:
            a.unit = "B/s"
        elif low.startswith(("w", "ワ", "瓦")):
            a.unit = "W"
        elif low.startswith(("flop", "フ")):
            a.unit = "FLOPS"
        elif (per := PER_SECOND_AFTER.match(norm, end)) is not None:  # "4 TB per second"
            a.unit, end = "B/s", per.end()
        else:
            a.unit = "B"
        if prefix and m.group("bin"):
            a.mult = float(2 ** (10 * ("kMGTPE".index(prefix.replace("K", "k")) + 1)))
        elif prefix:
            a.mult = SI[prefix]
        return end
    if (m := COUNTER.match(norm, pos)) is not None:
        # Chinese 点 after a number is an index point ("下跌350点") or an hour ("3点"), never a count.
        a.unit, a.counter = (
            ("count", m.group()) if (m.group(), lang) != ("点", "zh") else (NOT_A_FIGURE, None)
        )
        return m.end()
    if (n := english_noun(norm, pos)) is not None:
        a.unit, a.noun = "count", n[0]
        return n[1]
    whole = a.raw == int(a.raw) and a.raw > 1 and not a.year  # not "a one-room cabin", "a 2016-style rally"
    if lang == "en" and whole and (n := adjectival_noun(norm, a.start, pos)) is not None:
        a.unit, a.noun = "count", n[0]  # "a 180-seat plane": a count of seats
        return n[1]
    return pos


def _word_value(text: str) -> float:
    """ "forty-two" -> 42; "a" (before a scale word) -> 1."""
    return float(sum(WORD_VALUES.get(w, 1) for w in re.split(r"[- \s]+", text.lower())))


def _compose_words(norm: str, a: _Atom, scales_start: int, pos: int) -> int:
    """A spelled-out number that goes on after its scale words: "three hundred forty-two" = 342,
    "nine hundred and five" = 905, "two hundred sixty thousand" = 260000, "one million two hundred
    thousand" = 1.2e6. `a` holds the first word, whose scale words run from `scales_start` to `pos`;
    returns the new end (== pos when nothing is added: `a` then stays as the scale loop read it).
    Left alone, the 42 of "three hundred forty-two miners" was the noun of a false 300, and the
    "sixty thousand workers" of "two hundred sixty thousand" a second figure."""
    tokens: list[tuple[float, int, bool]] = []  # (value, end, is a scale), after the first word
    at = scales_start
    while True:
        if (s := SCALE_WORD.match(norm, at)) is not None:
            tokens.append((SCALES[s.group(1).lower()], s.end(), True))
            at = s.end()
        elif tokens and tokens[-1][2] and (w := _WORD_PART.match(norm, at)) is not None:
            if w.group("and") and SCALE_WORD.match(norm, w.end()):
                break  # "between two hundred and three hundred": two numbers
            tokens.append((_word_value(w.group("num")), w.end(), False))
            at = w.end()
            if w.group("and"):
                break  # "nine hundred and five" ends there
        else:
            break
    total, group, big = 0.0, a.raw, float("inf")  # `big`: the last scale of a thousand or more
    best: tuple[float, float, int] | None = None
    trailing = 1.0  # the scale words at the end: "two hundred sixty thousand" is 260 thousands
    for value, end, is_scale in tokens:
        if not is_scale:
            if group % 100:  # "two hundred forty-two": the tens and ones are written once
                break
            group += value
            trailing = 1.0
        elif value == 100:
            if not 0 < group < 100:
                break
            group *= 100
            trailing *= 100
        elif value >= big:
            break  # "two thousand three thousand" is no number
        else:
            total, group, big = total + group * value, 0.0, value
            trailing *= value
        best = (total + group, trailing, end)
    if best is None or best[2] <= pos:
        return pos  # scale words only: the loop before has read them
    a.raw, a.scale = best[0] / best[1], best[1]
    return best[2]


def _fraction_of_no_amount(norm: str, pos: int) -> bool:
    """Whether the "of" after a fraction word at `pos` leads to a measure or a group (plural noun)."""
    if (one := _FRACTION_OF_ONE.match(norm, pos)) is not None:
        return EN_MEASURE.match(norm, one.end()) is not None
    if (the := _FRACTION_OF_THE.match(norm, pos)) is not None:
        noun = english_noun(norm, the.end())
        return noun is not None and noun[0].islower()
    return False


def _parse_atom(norm: str, m: re.Match[str], lang: str) -> _Atom | None:
    """Read one figure (currency, number, scale, unit) starting at a _NUMBER match; None if it is none."""
    kind = next(k for k in _KINDS if m.group(k) is not None)
    text = m.group(kind)
    a = _Atom(start=m.start(), end=m.end(), raw=0.0)
    if kind in ("frac", "cjkratio", "ratioword", "fracword", "half"):
        if kind == "half" and _HALF_BLOCKERS.search(norm, max(0, m.start() - 10), m.start()):
            return None
        if kind == "frac":
            if (den := number_value(m.group("den"))) == 0:
                return None
            a.raw = number_value(m.group("numer")) / den
        else:
            table = CJK_RATIOS | RATIO_WORDS | {"half": 0.5}
            a.raw = table.get(text.lower()) or FRACTION_WORDS[re.sub(r"[ -]", " ", text.lower())]
        a.unit, a.prec = "x", 0.0
        if kind in ("fracword", "half") and _fraction_of_no_amount(norm, m.end()):
            a.unit = NOT_A_FIGURE  # "half of the nurses", like "a third of the nurses": vague
        if text.lower() in ("double", "triple", "quadruple") and _NOUN_MULTIPLE_BEFORE.search(
            norm, max(0, m.start() - 8), m.start()
        ):
            a.unit = NOT_A_FIGURE  # "a stunt double", "hit a triple": a noun (realtext4 dev)
        if kind == "ratioword" and _DIGITS_AFTER.match(norm, m.end()):
            a.unit = NOT_A_FIGURE  # "risen by double digits": no multiple (realtext3 dev class F3)
        a.end = c.end() if (c := COMPARATIVE.match(norm, m.end())) else m.end()
        if (
            text.lower() == "twice"
            and c is None
            and not TWICE_MULTIPLE_AFTER.match(norm, m.end())
            and _repetition(norm, m.start(), m.end())
        ):
            a.unit = NOT_A_FIGURE  # "postponed the vote twice.": a repetition, no multiple
        return a

    cur = (m.group("cur") or "").strip()
    if (
        kind == "digits"
        and not cur
        and (
            GLUED_BEFORE.search(norm, max(0, m.start() - 12), m.start())
            or NAME_BEFORE.search(norm, max(0, m.start() - 20), m.start())
        )
        and not (
            # 「GPU72個とCPU36個」: a generic chip noun glued to its count before a counter
            # (blind2 dev round 3: the sentence had no claim); "H20" stays a model name.
            GLUED_CHIP_NOUN.search(norm, max(0, m.start() - 4), m.start()) and COUNTER.match(norm, m.end())
        )
    ):
        return None
    if kind in ("kanji", "digits") and norm[m.start() - 1 : m.start()] == "第":  # ordinals: 第一, 第3
        return None
    if kind == "digits" and not cur and RETIREMENT_PLAN.match(norm, m.start()):
        return None
    if (
        kind == "word"
        and _NAME_WORD.match(norm, m.start())
        and _MID_SENTENCE.search(norm, 0, m.start())
        and not _SCALED_NAME_WORD.match(norm, m.end())
    ):
        return None  # "The Four Seasons hotel group", "the Three Gorges Dam": a name (realtext3 F2)
    if kind == "fscale":  # "half a million", "three quarters of a billion": a fraction of the scale
        a.raw = 0.5 if text.lower() == "half" else FRACTION_WORDS[re.sub(r"[ -]+", " ", text.lower())]
    elif kind == "word":  # "twenty-five" -> 25; "a" only precedes a scale word ("a million")
        a.raw = 12.0 if "dozen" in text.lower() else _word_value(text)
    else:
        a.raw = number_value(text)
        a.prec = 0.5 / 10 ** len(text.partition(".")[2])
        a.year = kind == "digits" and not cur and re.fullmatch(r"(?:19|20)[0-9]{2}", text) is not None
    if m.group("pct"):
        a.unit = "%"
        return a
    if cur:
        a.unit = "CNY" if cur == "¥" and lang == "zh" else CURRENCY_CODES.get(cur, cur)

    pos = num_end = m.end()
    if (filler := SCALE_FILLER.match(norm, pos)) is not None:
        pos = filler.end()
    scales_start = pos
    # Scale words multiply ("two hundred million"); CJK scales may continue ("1兆2000億").
    while (s := SCALE_WORD.match(norm, pos)) is not None:
        a.scale *= SCALES[s.group(1).lower()]
        pos = s.end()
    if kind == "word" and pos != num_end:
        pos = _compose_words(norm, a, scales_start, pos)
    dollar = _SCALED_DOLLAR.match(norm, pos) if not cur and lang == "en" else None
    if dollar is not None and (dollar.group(1) or a.scale != 1.0):
        a.scale *= SCALES[dollar.group(1).lower()] if dollar.group(1) else 1.0
        a.unit, pos = "USD", dollar.end()
        a.year = False
    if pos == num_end and (
        s := SCALE_ABBR.match(norm, pos)
        or (cur and SCALE_ABBR_MONEY.match(norm, pos))
        or (a.raw >= COUNT_K_MIN and SCALE_ABBR_COUNT.match(norm, pos))
    ):
        a.scale, pos = SCALES[s.group(1) or s.group(2)], s.end()
    elif pos == num_end and (s := SCALE_CJK.match(norm, pos)) is not None:
        for ch in s.group():
            a.scale *= SCALES[ch]
        pos = s.end()
        smallest = a.scale  # each further part must be smaller than the scale before it
        more_re = SCALE_CJK_MORE["digits" if kind == "digits" else "kanji"]
        while (more := more_re.match(norm, pos)) is not None:
            unit_scale = 1.0
            for ch in more.group(2):
                unit_scale *= SCALES[ch]
            part = number_value(more.group(1))
            if unit_scale >= smallest or part * unit_scale >= smallest:
                break
            a.raw += part * unit_scale / a.scale
            a.prec = 0.5 * unit_scale / a.scale / 10 ** len(more.group(1).partition(".")[2])
            pos, smallest = more.end(), unit_scale
            if unit_scale == 1.0:  # a bare trailing number ends the figure
                break
    if a.scale != 1.0:
        a.year = False
    elif pos == scales_start:
        pos = num_end  # a filler counts only before a scale word

    if (mid := MID_HEDGE.match(norm, pos)) is not None:
        probe = _Atom(start=a.start, end=a.end, raw=a.raw)
        if _parse_unit(norm, probe, mid.end(), lang) != mid.end():
            a.mid_hedge, pos = "at_least", mid.end()
    if a.unit is not None:  # currency sign already given; a matching suffix ("人民币5亿元") joins the surface
        suffix = CURRENCY_SUFFIX.match(norm, pos)
        pos = suffix.end() if suffix and suffix.lastgroup == a.unit else pos
    else:
        pos = _parse_unit(norm, a, pos, lang)
    if pos == num_end and norm[pos : pos + 1].isascii() and norm[pos : pos + 1].isalpha():
        return None  # "910C", "1990s": letters glued to the digits
    a.end = pos
    return a


def _is_change(norm: str, start: int) -> bool:
    """Whether the figure at `start` is the "from" side of a change ("rose sharply from X to Y")."""
    before = norm[max(0, start - 60) : start]
    if _RANGE_WORDS.search(before):
        return False
    return _CHANGE_BEFORE.search(before) is not None or _CHANGE_FROM.search(before) is not None


def _parse_range(norm: str, a: _Atom, lang: str) -> tuple[_Atom, _Atom, int] | None:
    """Both ends of a range after `a` ("between X and Y", "X-Y", "X to Y", "XからY", "X至Y") and its start."""
    sep = _RANGE_SEP.match(norm, a.end)
    intro = _RANGE_INTRO.search(norm, max(0, a.start - 12), a.start)
    between = intro is not None and intro.group().lower().startswith("between")
    if sep is None or (sep.lastgroup == "and" and not between):
        return None
    if sep.lastgroup == "dash" and norm[a.end : sep.start("dash")] and not norm[sep.end("dash") : sep.end()]:
        return None  # "12.50 -0.40": a sign, not a dash; a range's dash has space on both sides or neither
    if sep.lastgroup == "to" and _is_change(norm, a.start):  # "rose 3-4%" is still a range of the rise
        return None
    m2 = _NUMBER.match(norm, sep.end())
    b = _parse_atom(norm, m2, lang) if m2 else None
    if b is None or (a.unit is None and b.unit is None) or (a.unit and b.unit and a.unit != b.unit):
        return None
    if a.unit == b.unit == "%" and 0.01 in (a.mult, b.mult) and a.mult != b.mult:
        return None  # "raised rates by 75 basis points to 5.25%": a step and a level, no range
    if b.unit == NOT_A_FIGURE or a.unit == NOT_A_FIGURE:
        a.unit = NOT_A_FIGURE  # "20 to 25 years": read as one, dropped as one
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


def _change_partner(norm: str, a: _Atom, lang: str) -> _Atom | None:
    """The "to" side of a change whose "from" side `a` is a bare number: "fell from 4.7 to 3.5 percent"."""
    sep = _RANGE_SEP.match(norm, a.end)
    if sep is None or sep.lastgroup != "to" or not _is_change(norm, a.start):
        return None
    m2 = _NUMBER.match(norm, sep.end())
    b = _parse_atom(norm, m2, lang) if m2 else None
    return b if b is not None and b.unit not in (None, NOT_A_FIGURE) else None


def _list_partner(norm: str, a: _Atom, lang: str) -> _Atom | None:
    """The last member of a list of bare numbers that starts with `a` and ends with a unit: the 3
    percent of "2 or 3 percent", the 12 percent of "5, 8, 12 percent". A list of commas only needs
    three members ("On page 5, 40 percent" is none)."""
    pos, seps = a.end, int(re.search(r"[0-9]\s*,\s*$", norm[max(0, a.start - 8) : a.start]) is not None)
    for _ in range(8):  # a list longer than eight numbers is a table, not a sentence
        sep = LIST_SEP.match(norm, pos)
        m2 = _NUMBER.match(norm, sep.end()) if sep is not None else None
        if m2 is None or not (m2.group("digits") or m2.group("word")):
            return None
        b = _parse_atom(norm, m2, lang)
        if b is None or b.year:
            return None
        seps += 1
        if b.unit is not None:
            joined = re.search(r"(?i:\b(?:or|and)\b)", sep.group()) is not None
            return b if b.unit != NOT_A_FIGURE and (joined or seps >= 2) else None
        if b.scale != 1.0:
            return None
        pos = b.end
    return None


def _bare_count(norm: str, a: _Atom, floor: int, elided: Quantity | None) -> str | None | bool:
    """Whether the bare number `a` is a count with no noun right after it (partitive, comparison,
    elided noun); returns the noun (None if none) or False."""
    if a.year or a.scale != 1.0 or _MONTH_BEFORE.search(norm, max(0, a.start - 12), a.start):
        return False
    pre = PRE_HEDGE.search(norm, max(floor, a.start - 30), a.start)  # "an estimate of about 660,000"
    opening = pre.start() if pre is not None else a.start
    if a.raw > 1 and a.raw == int(a.raw) and FAMILY_OF_BEFORE.search(norm, max(floor, opening - 20), opening):
        return None  # "a family of five earning $60,000": five people
    if (vague := vague_restated(norm, floor, opening)) is not None:
        return vague  # "thousands of workers, perhaps 4,000"
    if (part := PARTITIVE.match(norm, a.end)) is not None:
        if a.raw == 1 or label_before(norm, a.start):
            return False
        # "won 4 of her last 5 matches", "in 3 of the past 10 years": a part of a measure (a sports
        # line, a duration) is that measure, no count
        if (whole := PART_OF_NUMBER.match(norm, part.end())) and EN_MEASURE.match(norm, whole.end()):
            return False
        noun = english_noun(norm, part.end()) if part.group("det") else None
        return noun[0] if noun else None
    if (of := _OF_NUMBER.match(norm, a.end)) is not None and a.raw > 1 and a.raw == int(a.raw):
        # "convicted on 4 of 6 counts", "met two of three requirements": both count the noun
        # (realtext5 README); not "page 4 of 6" (a label)
        whole = _NUMBER.match(norm, of.end())
        b = _parse_atom(norm, whole, "en") if whole is not None else None
        if b is not None and b.unit == "count" and b.noun and not label_before(norm, a.start):
            return b.noun
    if MORE_THAN_AFTER.match(norm, a.end):
        return None
    if unnamed_group(norm, a.start, a.end, a.raw):
        return None  # "Of the two, only Steyer", "from eight that submitted proposals"
    if a.raw == 1 and AT_LEAST_BEFORE.search(norm, max(floor, a.start - 12), a.start):
        word = WORD_AFTER.match(norm, a.end)
        return None if word is not None and word.group(1) not in NOUN_STOP else False
    elided_noun = elided.noun if elided is not None and elided.unit == "count" else None
    if a.raw > 1 and a.raw == int(a.raw) and AT_A_TIME_AFTER.match(norm, a.end):
        return elided_noun  # "let visitors in 50 at a time"
    if a.raw > 1 and a.raw == int(a.raw) and PLURAL_VERB_AFTER.match(norm, a.end):
        pre = PRE_HEDGE.search(norm, max(floor, a.start - 30), a.start)
        opening = pre.start() if pre is not None else a.start  # "And more than 2,000 have been arrested"
        if CLAUSE_OPENING.search(norm, max(floor, opening - 30), opening):  # \A: the sentence opens
            return elided_noun
    if elided is not None and elided.unit == "count":
        before = norm[floor : a.start]
        if (pre := PRE_HEDGE.search(before)) is not None:
            before = before[: pre.start()]
        old_value = re.fullmatch(r"\s+(?i:from)\s+", before) and _CHANGE_TO.search(
            norm, max(0, elided.start - 50), elided.start
        )  # "cut its staff to 120 employees from 200"
        if (
            ELIDED_BEFORE.search(before)
            or old_value
            or (ELIDED_OBJECT_BEFORE.search(before) and CLAUSE_END.match(norm, a.end))
        ):
            return elided.noun
    return False


def _quantity_at(
    text: str, norm: str, m: re.Match[str], lang: str, floor: int, prev: Quantity | None = None
) -> tuple[Quantity, str | None] | None:
    """The figure that starts at match `m`, with hedges, and the hedge written before it (None if
    none); `floor` is where the previous figure `prev` ended."""
    a = _parse_atom(norm, m, lang)
    if a is None:
        return None
    if (r := _parse_range(norm, a, lang)) is not None:
        lo, hi, start = r
        start = start if start >= floor else a.start  # "between" must not reach into the previous figure
        unit = hi.unit or "count"
        if unit == "B" and (per := per_second_before(norm, floor, start)) is not None:  # "毎秒2～4TB"
            unit, start = "B/s", per
        noun = cjk_noun(norm, hi.end, hi.counter, lang) if hi.counter else (hi.noun or a.noun)
        prec = max(lo.prec * lo.scale * lo.mult, hi.prec * hi.scale * hi.mult)
        v = (lo.value + hi.value) / 2
        q = Quantity(v, unit, lo.value, hi.value, text[start : hi.end], start, hi.end, "range", noun, prec)
        return q, None

    if a.year and a.unit in (None, "count"):
        nen = norm.startswith("年", m.end())
        named = a.noun is not None and a.noun[0].isupper()  # "2010 Winter Olympics": a name, no count
        if nen or a.unit is None or named or _YEAR_CONTEXT.search(norm, max(0, a.start - 30), a.start):
            end = m.end() + nen
            surface = text[a.start : end]
            return Quantity(a.raw, "year", a.raw, a.raw, surface, a.start, end, "exact", None, 0.5), None
    if a.unit == NOT_A_FIGURE:  # no hedge of its own: "一度突破4万亿美元" bounds the 4万亿, not the 一度
        return Quantity(
            a.value, a.unit, a.value, a.value, text[a.start : a.end], a.start, a.end, "exact"
        ), None
    if a.unit is None and (b := _change_partner(norm, a, lang)) is not None:
        # "from 35 to 21 percent": the bare side takes the unit and scale of the other
        a.unit, a.mult, a.noun, a.counter = b.unit, b.mult, b.noun, b.counter
        a.scale = b.scale if a.scale == 1.0 else a.scale
    if a.unit is None and (b := _list_partner(norm, a, lang)) is not None:
        a.unit, a.mult, a.noun, a.counter = b.unit, b.mult, b.noun, b.counter
        a.scale = b.scale if a.scale == 1.0 and a.raw <= b.raw else a.scale
    if (
        a.scale == 1.0
        and a.unit == "count"
        and a.raw == int(a.raw)
        and 1 <= a.raw <= 31
        and _MONTH_BEFORE.search(norm, max(0, a.start - 12), a.start)
    ):
        return None  # "the July 7 bombings": a day of a month before a plural (realtext4 dev)
    if a.unit is None and lang == "en" and (noun := _bare_count(norm, a, floor, prev)) is not False:
        a.unit, a.noun = "count", noun
    if a.unit is None:
        if a.scale == 1.0:
            return None  # a bare number ("July 26", "CloudMatrix 384") is not a figure
        if (dash := _FALSE_START.match(norm, a.end)) is not None and norm[a.start : a.end] in norm[
            dash.end() : dash.end() + FALSE_START_REACH
        ]:
            return None
        a.unit = "count"  # "1.4 billion", "3万": scaled numbers are figures even without a noun

    start, end, hedges, pre_hedge = a.start, a.end, list[str](), None
    if a.unit == "B" and (per := per_second_before(norm, floor, start)) is not None:  # "約毎秒4TB"
        a.unit, start = "B/s", per
    pre = PRE_HEDGE.search(norm, max(floor, start - 30), start)
    if pre is not None and particle_not_hedge(norm, floor, pre):
        pre = None  # "hand over 12%", "top up to 80-percent"
    if pre is not None:
        start = pre.start()
        pre_hedge = str(pre.lastgroup)
        if (
            pre_hedge == "at_least"
            and NEGATABLE_LOWER.match(pre.group().strip())
            and NEGATED_BEFORE.search(norm, max(floor, start - 50), start)
        ):
            pre_hedge = "at_most"
        hedges.append(pre_hedge)
        if a.unit == "B" and (per := per_second_before(norm, floor, start)) is not None:  # "毎秒約4TB"
            a.unit, start = "B/s", per
    elif (
        is_money(a.unit)
        and (sp := starting_price(norm, floor, start, a.end)) is not None
        and not _is_change(norm, start)
    ):
        start, pre_hedge = sp, "at_least"
        hedges.append(pre_hedge)
    elif (copula := copula_before(norm, floor, start)) is not None:
        hedges.append("about")
        if COPULA_HEDGE.fullmatch(norm, copula, start):  # "约为559千瓦": right before, so in the surface
            start = copula
    if a.mid_hedge:
        hedges.append(a.mid_hedge)
    if (post := POST_HEDGE.match(norm, a.end)) is not None:
        end = post.end()
        hedges.append(str(post.lastgroup))
    # "約4億ドル以上": the bound wins over "about"; on a tie the later word wins.
    hedge = max(reversed(hedges), key=lambda h: HEDGE_RANK[h], default="exact")
    noun = cjk_noun(norm, end, a.counter, lang) if a.counter else a.noun
    lower, upper = interval(hedge, a.value)
    prec = a.prec * a.scale * a.mult
    q = Quantity(a.value, a.unit, lower, upper, text[start:end], start, end, hedge, noun, prec)
    return q, pre_hedge


def _bare_after_change(text: str, norm: str, m: re.Match[str], lang: str, prev: Quantity) -> Quantity | None:
    """The bare "to" side of a change in percent: "fell from 4.7 percent to 3.5" -> 3.5 %."""
    if prev.unit != "%" or not re.fullmatch(r"\s+(?i:to)\s+", norm[prev.end : m.start()]):
        return None
    if not _is_change(norm, prev.start) or (a := _parse_atom(norm, m, lang)) is None or a.unit is not None:
        return None
    if a.scale != 1.0 or m.group("digits") is None:
        return None
    return Quantity(a.raw, "%", a.raw, a.raw, text[a.start : a.end], a.start, a.end, "exact", None, a.prec)


def _coordinated(q: Quantity, prev: Quantity, prev_pre_hedge: str | None, norm: str) -> Quantity:
    """`q` bounded by the hedge written before `prev` when the two are coordinated ("up to $5,000 and
    $2,000"); `q` itself otherwise."""
    if prev_pre_hedge is None or q.hedge != "exact" or q.unit != prev.unit or q.unit in ("year", "x"):
        return q
    elided = q.unit == "count" and q.noun == prev.noun and not re.search(r"[A-Za-z]", q.surface)
    if not (
        COORDINATION.fullmatch(norm, prev.end, q.start)
        or (elided and COORDINATION_ELIDED.fullmatch(norm, prev.end, q.start))
        or COORDINATION_PARALLEL.fullmatch(norm, prev.end, q.start)
    ):
        return q
    lower, upper = interval(prev_pre_hedge, q.value)
    return replace(q, lower=lower, upper=upper, hedge=prev_pre_hedge)


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
    norm = normalise(text)
    found: list[Quantity] = []
    floor, prev, prev_pre = 0, None, None
    for m in _NUMBER.finditer(norm):
        if m.start() < floor:
            continue
        got = _quantity_at(text, norm, m, lang, floor, prev)
        if got is None:
            q = _bare_after_change(text, norm, m, lang, prev) if prev is not None else None
            pre = None
            if q is None:
                continue
        else:
            q, pre = got
        if prev is not None:
            q = _coordinated(q, prev, prev_pre, norm)
        found.append(q)
        floor, prev, prev_pre = (
            q.end,
            q,
            pre if pre is not None else prev_pre if q.hedge == prev_pre else None,
        )
    return [q for q in found if q.unit != NOT_A_FIGURE and not not_a_figure(q, text)]
