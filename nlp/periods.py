"""The periods a claim sentence names, for the contradiction engine: which quarter, half or year
("second quarter", 来年, "last year" resolved against the article's date), a weekday, and the
length of the span a figure covers ("over the whole of 2023", 4カ月間). Two figures of one fact
in periods that never meet are no disagreement. Pure functions of the text; nlp.contradiction_cues
stores them with each claim's cues.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

# The period a figure covers, when the sentence names one: a quarter, a half, a year (relative
# ones resolved against the article's date). "$2bn in the second quarter" and "$4.6bn in the
# first quarter" are two facts; so are "600,000 chips next year" and "200,000 this year". A year
# that dates a month (2025年4月, 今年4月) is that date's, no period of the sentence's figures (blind6
# dev: "今年4月…计提了45亿美元" put its charge in a 12-month span against a first-quarter one).
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_ORDINALS |= {"1": 1, "2": 2, "3": 3, "4": 4, "一": 1, "二": 2, "三": 3, "四": 4}
# 上半年/下半年 are halves as 上半期 is: "今年上半年" read as the whole year 今年 names (blind7 dev).
_PERIODS = re.compile(
    r"""(?ix)
    \b(?P<qn>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?quarter\b
    | \bQ(?P<qd>[1-4])\b | 第(?P<qj>[1-4一二三四])四半期 | (?<![上下本])第?(?P<qz>[1-4一二三四])季度
    | \b(?P<hn>first|second)\s+half\b | \bH(?P<hd>[12])\b | (?P<hj>上|下)半(?:期|年)
    | \b(?P<rel>this|last|next|previous|coming)\s+year\b
    | (?P<relj>今年|昨年|去年|来年|前年)(?!\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})月)
    | \b(?P<relq>this|current|last|previous|next|coming)\s+(?:fiscal\s+)?quarter\b
    | (?P<relqc>今四半期|前四半期|来四半期|本季度|上一?季度|下一?季度)
    | \b(?:in|during|for|fiscal|of|over|throughout|across)\s+(?P<year>(?:19|20)\d\d)\b
    | (?P<yearj>(?:19|20)\d\d)年(?!\d|[0-9]{1,2}月)
    | \b(?:on\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b
    | (?P<wdj>[月火水木金土日])曜 | (?:星期|周|礼拜)(?P<wdz>[一二三四五六日天])
    """
)
# "closed 2% higher on Tuesday" and "fell 3% on Monday" are two trading days (beat class B4):
# a weekday is a period kind of its own, 1 (Monday) to 7.
_WEEKDAYS = {
    d: i
    for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"), 1)
}
_WEEKDAYS |= {d: i for i, d in enumerate("月火水木金土日", 1)} | {
    d: i for i, d in enumerate("一二三四五六日", 1)
}
_WEEKDAYS["天"] = 7
_RELATIVE_QUARTERS = {"this": 0, "current": 0, "last": -1, "previous": -1, "next": 1, "coming": 1}
_RELATIVE_QUARTERS |= {"今四半期": 0, "前四半期": -1, "来四半期": 1, "本季度": 0, "上季度": -1}
_RELATIVE_QUARTERS |= {"上一季度": -1, "下季度": 1, "下一季度": 1}
_RELATIVE_YEARS = {"this": 0, "last": -1, "previous": -1, "next": 1, "coming": 1}
_RELATIVE_YEARS |= {"今年": 0, "昨年": -1, "去年": -1, "前年": -1, "来年": 1}


def weekdays_named(text: str) -> list[int]:
    """Each weekday the text names, in order, 1 (Monday) to 7: "said on Tuesday" -> [2]."""
    return [
        _WEEKDAYS[value.lower()]
        for m in _PERIODS.finditer(text)
        for name, value in m.groupdict().items()
        if value and name in ("wd", "wdj", "wdz")
    ]


@lru_cache(maxsize=65536)
def periods_in(text: str, published: date | None) -> dict[str, set[object]]:
    """{"quarter": {2}, "half": {1}, "year": {2025}}: the periods a sentence names; relative
    years ("this year", 来年) resolved against its article's date."""
    found: dict[str, set[object]] = {}
    for m in _PERIODS.finditer(text):
        groups = {k: v for k, v in m.groupdict().items() if v}
        ((name, value),) = groups.items()
        if name in ("qn", "qd", "qj", "qz"):
            found.setdefault("quarter", set()).add(_ORDINALS[value.lower()])
        elif name in ("hn", "hd", "hj"):
            found.setdefault("half", set()).add({"first": 1, "1": 1, "上": 1}.get(value.lower(), 2))
        elif name in ("relq", "relqc") and published is not None:
            # "$700m more in the current quarter" vs "$300m in the last quarter": two quarters
            # (blind3 dev class 10), dated against the article's quarter.
            index = published.year * 4 + (published.month - 1) // 3 + _RELATIVE_QUARTERS[value.lower()]
            found.setdefault("quarter", set()).add(index % 4 + 1)
            found.setdefault("year", set()).add(index // 4)
        elif name in ("rel", "relj") and published is not None:
            found.setdefault("year", set()).add(published.year + _RELATIVE_YEARS[value.lower()])
        elif name in ("year", "yearj"):
            found.setdefault("year", set()).add(int(value))
        elif name in ("wd", "wdj", "wdz"):
            found.setdefault("weekday", set()).add(_WEEKDAYS[value.lower()])
    # The length in months of the period a figure covers, the finest one named: "$120m over the
    # whole of 2023" (12) and "$200m in the first quarter of 2024 alone" (3) are no one fact
    # even in one year (beat class B4); a bare year is a whole year.
    span = 3 if "quarter" in found else 6 if "half" in found else None
    months = _MONTHS_SPAN.search(text)
    if months:  # "in the three months after the curbs", 4カ月間, 两个月内: the span is said outright
        word = next(g for g in months.groups() if g)
        span = int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]
    if span is None and ("year" in found or _WHOLE_YEAR.search(text)):
        span = 12
    if span is not None:
        found["span"] = {span}
    return found


# A span of N months named as such ("in the three months to July", 4カ月間で, 两个月内).
_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"), 1
    )
}
_NUMBER_WORDS |= {w: i for i, w in enumerate("一二三四五六七八九十", 1)} | {"两": 2}
_MONTHS_SPAN = re.compile(
    r"(?i)\b(?:in|over|during|within|for)\s+the\s+(?:(?:first|last|past|next|following)\s+)?"
    r"(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+months?\b"
    r"|(\d{1,2}|[一二三四五六七八九十])(?:カ|か|ヶ|ケ|箇)月(?:間)?"
    r"|(\d{1,2}|[一二三四五六七八九十两])个月"
)
_WHOLE_YEAR = re.compile(
    r"(?i)\b(?:full[\s-]year|annual(?:ly)?|whole\s+(?:of\s+)?(?:the\s+)?(?:year|(?:19|20)\d\d))\b|通年|年間|全年"
)


# A clause joined on after a figure's ("…, and China generated 17% of its revenue last year"):
# the periods it names are its own figures', not the earlier ones' (blind5 dev class: "Nvidia
# took a $5.5 billion charge after the curbs, and China generated 17% of its revenue last year"
# dated the charge to last year, and its disagreement with a first-quarter $4.5 billion charge
# was vetoed as two periods; made-up cases). A period set off at the sentence's end (", in the
# second quarter.") is the whole sentence's.
_LATER_CLAUSE = re.compile(r"(?i)(?:,\s+(?:and|but|while|whereas)|;)\s+(?=[a-z])")
_CLOSING_PERIOD = re.compile(r"(?i),\s+(?:in|during|for|over|throughout)\s+[^,;]*$")


def figure_periods(text: str, end: int, published: date | None) -> dict[str, frozenset[int]] | None:
    """The periods of the figure ending at `end`: its sentence's up to the next clause joined on,
    None where no later clause names a period of its own (the sentence's periods are its)."""
    later = _LATER_CLAUSE.search(text, end)
    if later is None:
        return None
    closing = _CLOSING_PERIOD.search(text, later.end())
    own = text[: later.start()] + (text[closing.start() :] if closing else "")
    mine, whole = frozen_periods(periods_in(own, published)), frozen_periods(periods_in(text, published))
    return None if mine == whole else mine


def frozen_periods(periods: dict[str, set[object]]) -> dict[str, frozenset[int]]:
    return {kind: frozenset(int(v) for v in values) for kind, values in periods.items()}
