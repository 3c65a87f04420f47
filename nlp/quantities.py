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

from nlp.atoms import NUMBER, Atom, parse_atom
from nlp.change_by import CHANGE_WORD, change_by_before, is_change_and_level, level_of_prev, percent_level
from nlp.hedges import (
    COORDINATION,
    COORDINATION_ELIDED,
    COORDINATION_PARALLEL,
    COPULA_HEDGE,
    HEDGE_RANK,
    NEGATABLE_LOWER,
    NEGATED_BEFORE,
    POST_HEDGE,
    PRE_HEDGE,
    copula_before,
    interval,
    particle_not_hedge,
    starting_price,
)
from nlp.implied_units import (
    CAPACITY_AFTER,
    CAPACITY_BEFORE,
    CASUALTY_AFTER,
    PART_AFTER,
    PART_BEFORE,
    implied_dollars,
    listed_money,
    object_count,
    tally_level,
    total_label,
    vague_restated,
)
from nlp.listed_counts import listed_count
from nlp.not_figures import not_a_figure
from nlp.nouns import NOUN_STOP, cjk_noun, english_noun
from nlp.numerals import (
    normalise,
)
from nlp.tolerance import with_tolerance
from nlp.units import (
    AT_A_TIME_AFTER,
    AT_LEAST_BEFORE,
    CLAUSE_END,
    CLAUSE_OPENING,
    ELIDED_BEFORE,
    ELIDED_OBJECT_BEFORE,
    EN_MEASURE,
    FAMILY_OF_BEFORE,
    LIST_SEP,
    MORE_THAN_AFTER,
    NOT_A_FIGURE,
    PART_OF_NUMBER,
    PARTITIVE,
    PLURAL_VERB_AFTER,
    WORD_AFTER,
    is_money,
    label_before,
    per_second_before,
    unnamed_group,
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


# "we collected a million -- more than a million-dollar settlement": a false start before a dash,
# restated right after it, is no figure of its own (realtext3 dev round 2).
_FALSE_START = re.compile(r"\s*(?:—|–|--)\s*")
FALSE_START_REACH = 40


_RANGE_SEP = re.compile(
    r"\s*(?:(?P<dash>[-–—~〜～])|(?P<to>(?i:to))\b|(?P<and>(?i:and))\b|(?P<kara>から)|(?P<zhto>至|到))\s*"
)
_RANGE_INTRO = re.compile(r"(?:\b(?i:between|from)|从)\s*$")
# "rose from $1bn to $2bn" is a change, not a range; so is "10億ドルから20億ドルに". The change word may
# stand right before the first figure ("up 3% to 5%") or a few words before its "from" ("margins rose
# sharply from 12% to 18%", "cut the corporate rate from 35% to 21%"); "ranging from" stays a range.
# "cut its staff to 120 employees from 200": the level a change reached, then its old value.
_CHANGE_TO = re.compile(rf"\b(?i:{CHANGE_WORD})\s+(?:[a-z]+\s+){{0,3}}?(?i:to)\s+$")
_CHANGE_BEFORE = re.compile(rf"\b(?i:up|down|{CHANGE_WORD})\s+(?:(?i:from)\s+)?$")
_CHANGE_FROM = re.compile(rf"\b(?i:{CHANGE_WORD})\b[^,;:!?()\[\]]{{0,40}}?\s(?i:from)\s+$")
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


def _is_change(norm: str, start: int) -> bool:
    """Whether the figure at `start` is the "from" side of a change ("rose sharply from X to Y")."""
    before = norm[max(0, start - 60) : start]
    if _RANGE_WORDS.search(before):
        return False
    return _CHANGE_BEFORE.search(before) is not None or _CHANGE_FROM.search(before) is not None


def _parse_range(norm: str, a: Atom, lang: str) -> tuple[Atom, Atom, int] | None:
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
    m2 = NUMBER.match(norm, sep.end())
    b = parse_atom(norm, m2, lang) if m2 else None
    if b is None or (a.unit is None and b.unit is None) or (a.unit and b.unit and a.unit != b.unit):
        return None
    if sep.lastgroup == "to" and lang == "en" and is_change_and_level(norm, a, b):
        return None  # "shrank by 3 to 17 ships": the change and the level it reached
    if sep.lastgroup == "to" and a.unit == "%" and b.unit is None and not percent_level(b):
        return None  # "grew by 4% to 1.2 million": a change and its level, no range of percent
    if sep.lastgroup == "to" and a.unit == "x" and b.unit is None and norm[a.start].isalpha():
        return None  # "cases doubled to 40,000": the multiple and the level, no range of x
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


def _change_partner(norm: str, a: Atom, lang: str) -> Atom | None:
    """The "to" side of a change whose "from" side `a` is a bare number: "fell from 4.7 to 3.5 percent"."""
    sep = _RANGE_SEP.match(norm, a.end)
    if (
        sep is None
        or sep.lastgroup != "to"
        or not (_is_change(norm, a.start) or change_by_before(norm, a.start))
    ):
        return None
    m2 = NUMBER.match(norm, sep.end())
    b = parse_atom(norm, m2, lang) if m2 else None
    if b is None or not (_is_change(norm, a.start) or (lang == "en" and is_change_and_level(norm, a, b))):
        return None
    if b.unit is None and not _is_change(norm, a.start) and a.raw == int(a.raw) and b.raw == int(b.raw):
        return replace(b, unit="count")  # "down by 30 to 126": two counts
    return b if b.unit not in (None, NOT_A_FIGURE) else None


def _list_partner(norm: str, a: Atom, lang: str) -> Atom | None:
    """The last member of a list of bare numbers that starts with `a` and ends with a unit: the 3
    percent of "2 or 3 percent", the 12 percent of "5, 8, 12 percent". A list of commas only needs
    three members ("On page 5, 40 percent" is none)."""
    pos, seps = a.end, int(re.search(r"[0-9]\s*,\s*$", norm[max(0, a.start - 8) : a.start]) is not None)
    for _ in range(8):  # a list longer than eight numbers is a table, not a sentence
        sep = LIST_SEP.match(norm, pos)
        m2 = NUMBER.match(norm, sep.end()) if sep is not None else None
        if m2 is None or not (m2.group("digits") or m2.group("word")):
            return None
        b = parse_atom(norm, m2, lang)
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


def _bare_count(norm: str, a: Atom, floor: int, elided: Quantity | None) -> str | None | bool:
    """Whether the bare number `a` is a count with no noun right after it (partitive, comparison,
    elided noun); returns the noun (None if none) or False."""
    if a.year or a.scale != 1.0 or _MONTH_BEFORE.search(norm, max(0, a.start - 12), a.start):
        return False
    pre = PRE_HEDGE.search(norm, max(floor, a.start - 30), a.start)  # "an estimate of about 660,000"
    opening = pre.start() if pre is not None else a.start
    several = a.raw > 1 and a.raw == int(a.raw)  # a whole number above one
    if several and FAMILY_OF_BEFORE.search(norm, max(floor, opening - 20), opening):
        return None  # "a family of five earning $60,000": five people
    if (
        several
        and CAPACITY_BEFORE.search(norm, max(floor, opening - 30), opening)
        and CAPACITY_AFTER.match(norm, a.end)
    ):
        return None  # "a cell meant for 35 held 155": a capacity counts who fits
    if (vague := vague_restated(norm, floor, opening, a.end)) is not None:
        return vague  # "thousands of workers, perhaps 4,000"
    tally = tally_level(norm, opening, a.end) if several else False
    if tally is False and several and opening != a.start:  # "the toll climbed past 1,000": a verb hedge
        tally = tally_level(norm, a.start, a.end)
    if tally is not False:
        return tally  # "raised the number of troops to 5,000"
    if (part := PARTITIVE.match(norm, a.end)) is not None:
        if a.raw == 1 or label_before(norm, a.start):
            return False
        # "won 4 of her last 5 matches", "in 3 of the past 10 years": a part of a measure (a sports
        # line, a duration) is that measure, no count
        if (whole := PART_OF_NUMBER.match(norm, part.end())) and EN_MEASURE.match(norm, whole.end()):
            return False
        noun = english_noun(norm, part.end()) if part.group("det") else None
        return noun[0] if noun else None
    if (of := _OF_NUMBER.match(norm, a.end)) is not None and several:
        # "convicted on 4 of 6 counts", "met two of three requirements": both count the noun
        # (realtext5 README); not "page 4 of 6" (a label)
        whole = NUMBER.match(norm, of.end())
        b = parse_atom(norm, whole, "en") if whole is not None else None
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
    if several and AT_A_TIME_AFTER.match(norm, a.end):
        return elided_noun  # "let visitors in 50 at a time"
    if several and CASUALTY_AFTER.match(norm, a.end):
        return None  # "21 dead, many injured"
    if (
        elided is None  # after a figure, the elided-noun rules below decide ("has 300 workers and had 12")
        and several
        and object_count(norm, floor, a.start, a.end)
    ):
        return None  # "Today, we have 272."
    if (
        several
        and PLURAL_VERB_AFTER.match(norm, a.end)
        # from the hedge's opening: "And more than 2,000 have been arrested"; \A: the sentence opens
        and CLAUSE_OPENING.search(norm, max(floor, opening - 30), opening)
    ):
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
            or (  # "found 12 bodies, two buried under rubble": a part of the count before
                several
                and a.raw <= elided.value
                and PART_BEFORE.match(before)
                and PART_AFTER.match(norm, a.end)
            )
        ):
            return elided.noun
    return False


def _quantity_at(
    text: str, norm: str, m: re.Match[str], lang: str, floor: int, prev: Quantity | None = None
) -> tuple[Quantity, str | None] | None:
    """The figure that starts at match `m`, with hedges, and the hedge written before it (None if
    none); `floor` is where the previous figure `prev` ended."""
    a = parse_atom(norm, m, lang)
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
        # "raising 2016 elections", "expect 2020 crowds": in English, a year that is no round hundred
        # dates its noun with no determiner too (realtext7 dev; no dev half of realtext..7 counts
        # 1900-2099 things without a comma); "laid off 2000 workers" stays a count, and 1988人 (CJK
        # writes no commas) too.
        dated = lang == "en" and a.raw % 100 != 0
        if (
            nen
            or a.unit is None
            or named
            or dated
            or _YEAR_CONTEXT.search(norm, max(0, a.start - 30), a.start)
        ):
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
    if (
        a.unit is None
        and lang == "en"
        and not a.year
        and implied_dollars(norm, a.start, a.end, a.raw, a.scale != 1.0)
    ):
        a.unit = "USD"  # "collected 11k", "6.4 million in expenses" (realtext6 README)
    if (
        a.unit is None
        and prev is not None
        and lang == "en"
        and listed_money(norm, a.start, a.end, a.scale != 1.0, prev.unit, prev.end)
    ):
        a.unit = prev.unit  # "$3 million on ads and 1.8 billion on buildings" (realtext6 README)
    if (
        a.unit is None
        and lang == "en"
        and prev is not None
        and level_of_prev(norm, a, prev.unit, prev.value, (prev.start, prev.end))
    ):
        a.unit, a.noun = prev.unit, prev.noun  # "fell by 30 students to 126": the level reached
    if a.unit is None and lang == "en" and (noun := listed_count(norm, a.start, a.end)) is not None:
        a.unit, a.noun = "count", noun  # "1 death and 2 injuries"
    if a.unit is None and lang == "en" and not a.year and (noun := total_label(norm, a.start)) is not None:
        a.unit, a.noun = "count", noun  # "Total Voters: 4,145"
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
    if not _is_change(norm, prev.start) or (a := parse_atom(norm, m, lang)) is None or a.unit is not None:
        return None
    if not percent_level(a) or m.group("digits") is None:
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
    for m in NUMBER.finditer(norm):
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
    found = with_tolerance(found, text)  # "$54 billion, plus or minus 2%": one figure
    return [q for q in found if q.unit != NOT_A_FIGURE and not not_a_figure(q, text)]
