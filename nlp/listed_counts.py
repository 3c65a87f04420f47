"""A written whole number before a singular noun in a list of counts: "1 death and 2 injuries", "1
onion, 2 carrots", "2 Green, 1 Red, 1 Yellow" count (realtext4 README: a numeral one in a list of
counts is a figure; realtext5 README: a counted recipe item; realtext7 README: colour-coded portion
containers; realtext6/7 dev: lost). The counted noun is plural everywhere else
(`nlp.nouns.english_noun`), so a lone "1 thing" stays a determiner use. Pure rules on the normalised
sentence; the parser (`nlp.quantities`) calls them for a number that found no unit."""

from __future__ import annotations

import re

from nlp.nouns import NOUN_STOP

# A "1", or a larger whole number before a colour-coded container of a meal plan ("2 Green, 1 Purple";
# not "2 Georgia, 3 Clemson", a ranking).
_WHOLE = re.compile(r"[0-9]{1,3}")
_CONTAINER = re.compile(r"Green|Purple|Red|Yellow|Blue|Orange|Teal|Grey|Gray|Pink|White|Black|Brown")
# The member's noun: one to three words, lower case or capitalised, never an all-caps stat
# abbreviation ("1 TFL, 1 INT" is a sports line, realtext5 README).
_PHRASE = r"((?:\s+[A-Za-z][a-z'’-]*){1,3})"
_SEP = r"(?:\s*[,;]\s*(?:(?i:and)\s+)?|\s+(?i:and|&)\s+)"
_NUMBER = r"(?:[0-9][0-9,.]*|(?i:one|two|three|four|five|six|seven|eight|nine|ten)\b)"
# ... followed by another member that opens with a number
_NEXT_MEMBER = re.compile(rf"{_PHRASE}{_SEP}(?={_NUMBER}\s+[A-Za-z])")
# ... or preceded by one: "1 death and 1 serious injury" (the second member)
_PREV_MEMBER = re.compile(rf"(?:^|[\s:(]){_NUMBER}(?:\s+[A-Za-z][\w'’-]*){{1,3}}{_SEP}\Z")
# Times and dates: "at 7 am, 9 am and 11 am", "on 3 May and 4 June", "2 Sunday, 3 Monday".
_NO_NOUN = {
    "am", "pm", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec",
}  # fmt: skip
_PHRASE_AT = re.compile(_PHRASE + r"(?=\s*(?:[,;.!?)]|\s(?i:and|&|after|in|at|on|as|from)\b|\Z))")


def listed_count(norm: str, start: int, end: int) -> str | None:
    """The singular noun counted by the whole number from `start` to `end` ("1 death", "2 Green") when
    it is a member of a list of counts, else None."""
    if not _WHOLE.fullmatch(norm, start, end):
        return None
    if (m := _NEXT_MEMBER.match(norm, end)) is None:
        m = _PHRASE_AT.match(norm, end)
        if m is None or _PREV_MEMBER.search(norm[max(0, start - 60) : start]) is None:
            return None
    words = m.group(1).split()
    if any(w.lower() in NOUN_STOP or w.lower() in _NO_NOUN for w in words):
        return None
    if norm[start:end] != "1" and not (len(words) == 1 and _CONTAINER.fullmatch(words[0])):
        return None  # "40 staff, 60 hired last year", "2 Georgia, 3 Clemson": a verb, a ranking
    return " ".join(words)
