"""A change stated as "by N to M": the size of the change and the level it reached.

"The fleet shrank by 3 to 17 ships", "rose by $2 to $40", "down by 30 to 126" hold two figures,
never a range (GUIDE: a change "from a to b" gives two figures). A range of the change itself
("grew by 2 to 4 percent") keeps its ends close, so "by N to M" splits only when M is more than
three times N.
"""

from __future__ import annotations

import re

from nlp.atoms import Atom

# The verbs and nouns of a change (shared with nlp.quantities' "from X to Y" rules).
CHANGE_WORD = (
    r"rose|rise[sn]?|rising|fell|fall(?:s|en|ing)?|grew|grow(?:s|n|ing|th)?|cut(?:s|ting)?|went|gone|go(?:es|ing)?"
    r"|sank|sink(?:s|ing)?|shr[aiu]nk\w*|swung|brought|took|taken|dips?|dipp(?:ed|ing)"
    r"|(?:increas|decreas|jump|climb|drop|declin|rais|surg|soar|plung|slump|expand|boost|lift|lower|reduc"
    r"|revis|mov|shift|chang|widen|narrow|balloon|doubl|tripl|improv|worsen|slow|accelerat|hik|slash|trim"
    r"|tumbl|rebound|recover|spik|skyrocket|rocket|push|ramp|halv|shed)\w*"
)
# "shrank by 3", "cut its order by 12", "down sharply by 30", "fell by about 30"
_CHANGE_BY = re.compile(
    rf"\b(?i:up|down|{CHANGE_WORD})\s+(?:[a-z]+\s+){{0,3}}?(?i:by)\s+"
    r"(?:(?i:about|around|roughly|nearly|almost|some|over|more\s+than|less\s+than)\s+)?$"
)
_TO = re.compile(r"\s+(?i:to)\s+")
_SPLIT_RATIO = 3.0


def change_by_before(norm: str, start: int) -> bool:
    """Whether "changed by" stands right before the figure at `start`."""
    return _CHANGE_BY.search(norm, max(0, start - 60), start) is not None


def is_change_and_level(norm: str, a: Atom, b: Atom) -> bool:
    """Whether `a` "to" `b` is the size of a change and the level it reached ("fell by 30 to 126"),
    not a range: a change-by stands before `a` and `b` is more than three times `a`."""
    if a.year or b.year or not change_by_before(norm, a.start):
        return False
    lo, hi = (a.raw, b.raw) if a.scale == 1.0 or a.scale == b.scale else (a.value, b.value)
    return lo > 0 and hi > _SPLIT_RATIO * lo


# A percent change's level is counted in what changed, not in percent: "rose 12% to 580,000", "grew by
# 4% to 1.2 million" (found probing news-shaped sentences: 580,000 %, and a range of percent from 4 to
# 1.2 million). Only an unscaled level up to 100 takes the percent ("fell from 4.7% to 3.5").
PERCENT_LEVEL_MAX = 100.0


def percent_level(b: Atom) -> bool:
    """Whether the bare `b` after a percent and "to" may be a level in percent."""
    return b.scale == 1.0 and b.raw <= PERCENT_LEVEL_MAX


def level_of_prev(
    norm: str, a: Atom, prev_unit: str | None, prev_value: float, prev_span: tuple[int, int]
) -> bool:
    """Whether the bare `a` is the level a change-by reached after the figure before it ("fell by 30
    students to 126"), so it takes that figure's unit (a count or a percent)."""
    if (
        a.year
        or a.scale != 1.0
        or prev_unit not in ("count", "%")
        or (prev_unit == "%" and not percent_level(a))
        or not _TO.fullmatch(norm, prev_span[1], a.start)
    ):
        return False
    return 0 < _SPLIT_RATIO * prev_value < a.raw and change_by_before(norm, prev_span[0])
