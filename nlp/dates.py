"""Dates of events as intervals on the year axis, resolved against the article's date.

"in April" in a story published on 2025-07-28 is April 2025; "mid-May" is 10-20 May;
"by 2030" and 2030年までに are "no later than 2030". Each becomes a figure with unit "year"
whose interval is in fractional years (2025-04-01 = 2025.2466), so dates compare with the
same interval logic as every other figure, and plain years stay [2025, 2025] (any date in
2025 overlaps them when compared).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from nlp.quantities import Quantity

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
_MONTHS["sept"] = 9
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_EN = re.compile(
    rf"\b(?:(?P<part>early|mid|late)[- ](?:in\s+)?)?(?P<month>(?i:{_MONTH_NAMES}))\.?"
    r"(?:\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:]))?(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"
)
_BY_YEAR = re.compile(r"\b(?P<by>by|before|until)\s+(?:the\s+end\s+of\s+)?(?P<year>(?:19|20)\d\d)\b", re.I)
# "tightened in May", "since May", "last May": a preposition or determiner makes it the month.
_MAY_AS_MONTH = re.compile(r"\b(?i:in|since|until|till|from|during|before|after|through|of|last|next)\s+\Z")
_JA = re.compile(
    r"(?:(?P<year>(?:19|20)\d\d)年)?(?P<month>1[0-2]|0?[1-9])月(?:(?P<day>[0-3]?\d)日|(?P<part>上旬|中旬|下旬))?"
)
_JA_BY_YEAR = re.compile(r"(?P<year>(?:19|20)\d\d)年(?:末)?までに")
_PARTS = {
    "early": (1, 10),
    "上旬": (1, 10),
    "mid": (11, 20),
    "中旬": (11, 20),
    "late": (21, 31),
    "下旬": (21, 31),
}


# "drafted in late 2022, it came into force on March 9 of the following year": a month dated
# against a year the sentence named before it (beat class B3), not against the article's date.
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_EN_RELATIVE = re.compile(
    r"\A,?\s+(?:of\s+)?(?:the\s+)?(?P<rel>following|next|same|that|previous|preceding|prior)\s+year\b", re.I
)
_CJK_RELATIVE = re.compile(r"(?P<rel>翌年|次年|第二年|同年|当年|该年)\Z")
_OFFSETS = {
    "following": 1,
    "next": 1,
    "翌年": 1,
    "次年": 1,
    "第二年": 1,
    "previous": -1,
    "preceding": -1,
    "prior": -1,
}


def _anchored_year(text: str, start: int, end: int, lang: str) -> int | None:
    """The year of a month "of the following year" (翌年3月, 次年3月 ...): the last year named
    before it in the sentence, moved by the relative word; None without both."""
    cjk = lang in ("ja", "zh")
    rel = _CJK_RELATIVE.search(text, 0, start) if cjk else _EN_RELATIVE.match(text[end:])
    if rel is None:
        return None
    years = _YEAR.findall(text, 0, rel.start() if cjk else start)
    if not years:
        return None
    return int(years[-1]) + _OFFSETS.get(rel.group("rel").lower(), 0)


def year_fraction(day: date) -> float:
    """2025-01-01 -> 2025.0; 2025-12-31 -> 2025.997."""
    days = 366 if calendar.isleap(day.year) else 365
    return day.year + (day.timetuple().tm_yday - 1) / days


# A day without its month, as Japanese and Chinese news date this month's events: "14日に開幕した"
# in a story of 2025-03-15 is 2025-03-14 (blind3 dev class 4: an opening day that met no other
# date). Not a span of days (3日間, 30日以内), "3日後", or a day after its month (_JA has it).
_CJK_DAY = re.compile(
    r"(?<![0-9０-９月年.])(?P<day>[1-3]?[0-9])日(?!間|以内|以上|以降|後|前|连续|連続|ぶり|分|本|元|圆|円|了)"
)


def _day_in_month(day: int, published: date) -> date | None:
    """The latest such day up to the publication date: this month's, else last month's."""
    if not 1 <= day <= 31:
        return None
    year, month = published.year, published.month
    if day > published.day:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    if day > calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def _infer_year(month: int, published: date, past: bool = False) -> int:
    """The nearest such month: up to 5 months ahead of publication is this year's, further
    ahead is last year's ("in December", written in January); a month ahead that the sentence
    says has passed (`past`) is last year's too."""
    ahead = month - published.month
    return published.year if ahead <= 0 or (ahead <= 5 and not past) else published.year - 1


# "Beijing banned exports of gallium to the US in December", written in September, is last
# December: a past tense and no word of the future (blind9 dev: dated December 2025 against
# 2024年12月 and flagged). "The rules take effect in December", "will be banned from December",
# 12月に施行する, 将于12月实施 stay ahead.
_EN_PAST = re.compile(r"\b(?:was|were|had|did|[a-z]{3,}ed)\b", re.I)
_EN_FUTURE = re.compile(
    r"\b(?:will|would|shall|could|may|might|plans?|planned\s+to|expects?|expected|scheduled|slated|due"
    r"|set\s+to|(?:is|are)\s+to|upcoming|next|from|starting|beginning|until|till|by|before)\b",
    re.I,
)
_JA_PAST = re.compile(r"た(?:。|と|が|ため|ことで|、|$)|ていた|でした")
_JA_FUTURE = re.compile(r"予定|方針|見通し|計画|見込み|する(?:と|方針|予定|。|、|$)|から|以降|までに|へ")
_ZH_PAST = re.compile(r"已|了|此前|曾")
_ZH_FUTURE = re.compile(r"将|计划|预计|拟|起|以后|之后|以来")


def _said_past(text: str, start: int, end: int, lang: str) -> bool:
    """Whether the sentence around a month at `start:end` tells of it as past."""
    if lang == "ja":
        after = text[end:]
        return bool(_JA_PAST.search(after)) and not _JA_FUTURE.search(after)
    if lang == "zh":
        return bool(_ZH_PAST.search(text)) and not _ZH_FUTURE.search(text)
    clause = text[: end + (m.start() if (m := re.search(r"[,;]", text[end:])) else len(text))]
    return bool(_EN_PAST.search(clause)) and not _EN_FUTURE.search(clause)


def _span(year: int, month: int, day: str | None, part: str | None) -> tuple[date, date]:
    last = calendar.monthrange(year, month)[1]
    if day:
        d = min(int(day), last)
        return date(year, month, d), date(year, month, d)
    if part:
        first, end = _PARTS[part.lower() if part.isascii() else part]
        return date(year, month, first), date(year, month, min(end, last))
    return date(year, month, 1), date(year, month, last)


def _quantity(surface_match: re.Match[str], lo: date, hi: date) -> Quantity:
    lower, upper = year_fraction(lo), year_fraction(hi)
    hedge = "exact" if lo == hi else "range"
    return Quantity(
        value=(lower + upper) / 2,
        unit="year",
        lower=lower,
        upper=upper,
        surface=surface_match.group(0),
        start=surface_match.start(),
        end=surface_match.end(),
        hedge=hedge,
    )


def parse_dates(text: str, lang: str = "en", published: date | None = None) -> list[Quantity]:
    """Month-level dates and "by YEAR" deadlines in one sentence, as year-unit figures.

    A month without a year needs `published` (else it is skipped: nothing to anchor it).
    """
    found: list[Quantity] = []
    month_re, by_re = (_JA, _JA_BY_YEAR) if lang in ("ja", "zh") else (_EN, _BY_YEAR)
    for m in month_re.finditer(text):
        if (
            lang not in ("ja", "zh")
            and m.group("month").lower() == "may"
            and not (m.group("day") or m.group("year") or m.group("part"))
            and not (m.group("month") == "May" and _MAY_AS_MONTH.search(text, 0, m.start()))
        ):
            continue  # "may" is a verb far more often than a month; "in May" is the month
        month = (
            int(m.group("month")) if lang in ("ja", "zh") else _MONTHS[m.group("month").lower().rstrip(".")]
        )
        if m.group("year"):
            year = int(m.group("year"))
        elif (anchored := _anchored_year(text, m.start(), m.end(), lang)) is not None:
            year = anchored
        elif published is not None:
            year = _infer_year(month, published, _said_past(text, m.start(), m.end(), lang))
        else:
            continue
        found.append(_quantity(m, *_span(year, month, m.group("day"), m.group("part"))))
    if lang in ("ja", "zh") and published is not None:
        taken = [(q.start, q.end) for q in found]
        for m in _CJK_DAY.finditer(text):
            if any(lo <= m.start() < hi for lo, hi in taken):
                continue  # the day of a "7月24日" read above
            day = _day_in_month(int(m.group("day")), published)
            if day is not None:
                found.append(_quantity(m, day, day))
    for m in by_re.finditer(text):
        year = int(m.group("year"))
        found.append(
            Quantity(
                value=float(year),
                unit="year",
                lower=None,
                upper=year_fraction(date(year, 12, 31)),
                surface=m.group(0),
                start=m.start(),
                end=m.end(),
                hedge="at_most",
            )
        )
    return sorted(found, key=lambda q: q.start)


def merge_dates(quantities: list[Quantity], dates: list[Quantity]) -> list[Quantity]:
    """Dates replace the bare year figures they contain ("July 26, 2025" is one date, not 2025)."""
    if not dates:
        return quantities
    kept = [
        q
        for q in quantities
        if not (q.unit == "year" and any(d.start <= q.start and q.end <= d.end for d in dates))
    ]
    return sorted(kept + dates, key=lambda q: q.start)
