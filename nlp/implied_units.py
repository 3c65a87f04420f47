"""Units a text implies without writing them next to the number: "collected 11k", "6.4 million in
expenses" are dollars (realtext6 README); "a cell meant for 35", "Total Voters: 4,145", "we have 272",
"thousands of workers, perhaps 4,000" are counts. Pure rules on the normalised sentence; the parser
(`nlp.quantities`) calls them for a bare number that found no unit of its own."""

from __future__ import annotations

import re

from nlp.nouns import is_plural
from nlp.units import CURRENCY_SUFFIX, EN_MEASURE, PERCENT, is_money

# "6.4 million in expenses", "$2 million... and 300,000 in fines": a money noun after "in" says what the
# amount is. Only a scaled or four-digit number: "No. 5 in sales" is a rank, "2 in 5 voters" a share.
_MONEY_NOUN = (
    r"expenses|donations|contributions|funding|funds|revenues?|sales|profits?|earnings|income|fines|fees"
    r"|damages|taxes|tax\s+breaks|bonuses|salary|salaries|wages|debts?|loans|aid|cash|grants|subsidies"
    r"|settlements?|bribes|kickbacks|payments|spending|compensation|bail|tuition|rent|savings|assets"
)
_IN_MONEY_AFTER = re.compile(
    rf"\s+(?i:in)\s+(?:(?i:campaign|cash|federal|state|public|taxpayer|legal|travel|back|unpaid|annual"
    rf"|new|lost|personal|political)\s+)?(?i:{_MONEY_NOUN})\b"
)
# "collected 11k", "raised 2.5 million", "pocketed about 40k": a verb that only moves money, with the
# scaled number as its whole object (no noun after it, so "raised 2 million chickens" is a count).
_MONEY_VERB_BEFORE = re.compile(
    r"\b(?i:collect(?:s|ed|ing)?|rais(?:e|es|ed|ing)|earn(?:s|ed|ing)?|spen[dt]s?|spending|pa(?:y|ys|id|ying)"
    r"|donat(?:e|es|ed|ing)|ow(?:e|es|ed|ing)|pocket(?:s|ed|ing)?|embezzl(?:e|es|ed|ing)|st(?:ole|eal|eals|ealing)"
    r"|fined|invest(?:s|ed|ing)?|borrow(?:s|ed|ing)?|charg(?:e|es|ed|ing))"
    r"\s+(?:(?i:about|around|roughly|nearly|almost|over|more\s+than|less\s+than|up\s+to|some|just|only)\s+)?\Z"
)
_NO_NOUN_AFTER = re.compile(
    r"\s*(?:[.,;:!?)]|$|\s+(?i:and|or|but|for|from|to|in|into|on|at|last|this|a|per|since)\b)"
)
BIG_BARE = 1000  # a bare number this large and unscaled may be money after "in expenses"


def implied_dollars(norm: str, start: int, end: int, raw: float, scaled: bool) -> bool:
    """Whether the bare number at `norm[start:end]` (value `raw`, scaled by a word or "k" or not) is
    an amount of dollars that the words around it imply."""
    if not scaled and raw < BIG_BARE:
        return False
    if _IN_MONEY_AFTER.match(norm, end):
        return True
    return (
        scaled
        and _MONEY_VERB_BEFORE.search(norm, max(0, start - 40), start) is not None
        and _NO_NOUN_AFTER.match(norm, end) is not None
    )


# "$3 million on ads and 1.8 billion on buildings", "$40 million for the striker, 12 million for the
# keeper": a list word (after at most a short phrase of what the amount before went on) joins a scaled
# number with no noun of its own to that amount, whose currency it carries (realtext6 README). Not
# "$5 billion and users reached 2 billion" (a clause of its own), nor "and 2 million people".
_LISTED_AFTER_MONEY = re.compile(
    r"(?:\s+(?i:on|for|into|in|to|at|from)(?:\s+[\w'’-]+){1,4}?)?"
    r"\s*(?:,\s*(?:(?i:and|then|plus)\s+)?|\s+(?i:and|or|plus|then)\s+)"
    r"(?:(?i:another|a\s+further|an\s+additional|about|around|nearly|almost|over|more\s+than|some)\s+)?"
)


def listed_money(norm: str, start: int, end: int, scaled: bool, prev_unit: str, prev_end: int) -> bool:
    """Whether the bare number at `norm[start:end]` is one more amount of a list that the money figure
    ending at `prev_end` (unit `prev_unit`) opened."""
    return (
        scaled
        and is_money(prev_unit)
        and _LISTED_AFTER_MONEY.fullmatch(norm, prev_end, start) is not None
        and _NO_NOUN_AFTER.match(norm, end) is not None
    )


# "21 dead, many injured", "26 injured and 2 deaths", "3 Hospitalized After Crash": a headline's toll
# counts people with the noun left out (realtext6 dev), the way "2,000 have been arrested" does.
CASUALTY_AFTER = re.compile(
    r"\s+(?i:dead|killed|injured|wounded|hurt|hospitali[sz]ed|missing|displaced|evacuated|rescued|arrested"
    r"|detained|infected|sickened"
    # "the storm left 200,000 without power", "floods left 3,000 homeless" (found probing news-shaped
    # sentences: no figure)
    r"|homeless|stranded|without\s+(?:power|electricity|water|heat|heating|shelter|food))(?![\w-])"
)


# "Total Voters: 4,145", "Total deaths: 120": a total's label names what the number after its colon
# counts (realtext6 README: a page poll widget's "Total Voters" line is a count; realtext6 dev: lost).
# A bare label ("Comments: 23") is page furniture, and a measure or currency label no count.
_TOTAL_LABEL_BEFORE = re.compile(r"\b(?i:total)\s+([A-Za-z]+s)\s*:\s*$")


def total_label(norm: str, start: int) -> str | None:
    """The plural noun of a "Total NOUNs:" label right before the number at `start`, else None."""
    m = _TOTAL_LABEL_BEFORE.search(norm, max(0, start - 30), start)
    if m is None or any(u.match(f" {m.group(1)}") for u in (EN_MEASURE, CURRENCY_SUFFIX)):
        return None
    return m.group(1)


# "bringing the death toll to 45", "raised the number of troops to 5,000", "the number of cases rose to
# 40,000", "the total stood at 30": a bare number that a tally reached counts what the tally counts
# (realtext6 dev: "increased the total of commercial providers to 14" was lost). The tally's noun
# phrase runs straight into "to"/"at", or into a verb of level or change first; "the number of people
# who smoke at 18" (an age, after a clause) stays out. A crowd is a tally of people: "police put the crowd
# at 10,000", "attendance rose to 5,000" (found probing news-shaped sentences: no figure).
_TALLY_NOUN = r"(?!(?i:who|that|which|whose|where|when|the|an?|his|her|its|their)\b)[A-Za-z][\w'’-]*"
_TALLY = (
    rf"\b(?:(?i:total|tally|toll|headcount|crowd|attendance)(?:\s+(?i:of)\s+(?P<noun>{_TALLY_NOUN}(?:\s+{_TALLY_NOUN}){{0,2}}?))?"
    rf"|(?i:number\s+of)\s+(?P<noun2>{_TALLY_NOUN}(?:\s+{_TALLY_NOUN}){{0,2}}?))\s+"
)
_LEVEL_VERB = (
    r"rose|rise|rises|risen|rising|climbed|climbs|jumped|jumps|soared|surged|fell|falls|fallen|dropped|drops"
    r"|declined|increased|increases|decreased|grew|grows|reached|reaches|hit|hits|topped|tops|stood|stands"
    r"|was|is|now\s+stands|doubled|tripled|swelled|passed|exceeded|surpassed"
)
# ... also after a step in percent: "the number of homeless people rose by 12% to 580,000" (round 11,
# made up: the level, which once read as 580,000 %, held no figure)
_PERCENT_STEP = (
    r"(?:\s+(?i:by\s+)?(?:(?i:about|around|roughly|nearly|almost|some|more\s+than)\s+)?[0-9][0-9.,]*"
    r"\s?(?:%|(?i:percent|per\s+cent)))?"
)
TALLY_BEFORE = re.compile(
    rf"{_TALLY}(?:(?i:to|at)|(?:[a-z]+ly\s+)?(?i:{_LEVEL_VERB}){_PERCENT_STEP}(?:\s+(?i:to|at|by|from|past))?)\s+\Z"
)


# ... not a score, a clock time or a code: "the aggregate total was 3-2", "the total was 4:30", "the
# crowd at 3 p.m."
_TALLY_AFTER = re.compile(r"[-–:/][0-9]|\s*(?i:[ap]\.?m\b|o['’]clock)")


def tally_level(norm: str, opening: int, end: int) -> str | None | bool:
    """The noun a tally right before the bare number from `opening` to `end` counts ("the number of
    troops to" -> "troops"; "the death toll to" -> None), or False when no tally stands there. The tally
    runs into the number, so the figure before it is looked past only when it is the step in percent."""
    m = TALLY_BEFORE.search(norm, max(0, opening - 70), opening)
    if m is None or _TALLY_AFTER.match(norm, end):
        return False
    noun = m.group("noun") or m.group("noun2")
    return None if noun is None or any(u.match(f" {noun}") for u in (EN_MEASURE, CURRENCY_SUFFIX)) else noun


# "a cell meant for 35", "a shelter built to house 200", "room for 40", "a seating capacity of 500": a
# capacity counts the people or things that fit (realtext6 README: "a cell meant for 35" is a count;
# realtext6 dev: lost). Not "24/7" after "made for".
CAPACITY_BEFORE = re.compile(
    r"\b(?:(?i:meant|built|designed|made|intended|rated|licensed|approved|equipped)\s+"
    r"(?:for|to\s+(?:hold|house|seat|sleep|fit|carry|accommodate|serve|take))"
    r"|(?i:room|space|seats?|beds?)\s+for|(?i:capacity)\s+(?:of|for))\s+$"
)
CAPACITY_AFTER = re.compile(r"(?![/0-9])")


# "Today, we have 272.", "Obama got 365 in 2008", a headline's "sting nets 75": a bare number that is
# the whole object of a verb of having or getting, ending its clause (or dated), counts what the talk
# is about (realtext3/realtext6 READMEs: the counted noun implied; dev: three lost). "won 3, lost 2"
# (a record) and "got 9/11" stay out: only these verbs, and no digit, slash or dash after.
_HAVING_BEFORE = re.compile(
    r"\b(?i:have|has|had|got|gets|getting|nets|netted|need|needs|needed"
    # ... and a verb that only takes people: "Police arrested 14", "the plant employs 3,000" (made up,
    # round 10; the realtext6 README's "nets 75" is arrests), whose clause may also end at a comma or
    # before a time or a place ("arrested 14, including two minors", "laid off 300 in March"); not a
    # verb of having ("had 25 in the first half" is a player's points)
    r"|(?P<people>arrest(?:s|ed)|detain(?:s|ed)|evacuat(?:es|ed)|rescu(?:es|ed)|hir(?:es|ed)|employ(?:s|ed)"
    r"|laid\s+off|lays\s+off|deport(?:s|ed)|indict(?:s|ed)|kidnapp(?:s|ed)|abduct(?:s|ed)))\s+"
    r"(?:(?i:only|just|already|now|still|almost|nearly|over|about|around|more\s+than|at\s+least)\s+)?$"
)
_HAVING_AFTER = re.compile(
    r"(?![/0-9-])\s*(?:[.;!?]|$|\s+(?i:in\s+(?:19|20)[0-9]{2}|so\s+far|now|today|already|in\s+total)\b)"
)
_PEOPLE_AFTER = re.compile(
    r"(?![/0-9-])(?:,|\s+(?i:in|on|at|across|during|last|this|since|after|from|over|worldwide|nationwide)\b)"
)


def object_count(norm: str, floor: int, start: int, end: int) -> bool:
    """Whether the bare number from `start` to `end` is the whole object of a verb of having, getting
    or of one that takes people, so that it counts what the talk is about."""
    verb = _HAVING_BEFORE.search(norm, max(floor, start - 30), start)
    if verb is None:
        return False
    return _HAVING_AFTER.match(norm, end) is not None or (
        verb.group("people") is not None and _PEOPLE_AFTER.match(norm, end) is not None
    )


# A vague amount restated as a number after a comma: "thousands of workers, perhaps 4,000", "hundreds
# of thousands of people, probably about 250,000", "left some troops behind, like 10,000" count the
# vague amount's noun (GUIDE: the vague amount is no figure, the number is, with its own hedge;
# realtext4 dev: "some troops behind, like 10,000" lost its count). A place adverb may follow the noun.
VAGUE_RESTATED_BEFORE = re.compile(
    r"\b(?:(?i:dozens|hundreds|thousands|millions|billions|scores)\s+of\s+(?:(?i:thousands|millions)\s+of\s+)?"
    r"|(?i:some|many|several|a\s+few|a\s+lot\s+of|lots\s+of"
    # "a handful of protesters, perhaps 20", "a large group of migrants, about 300" (round 11, made up)
    r"|a\s+handful\s+of|an?\s+(?:(?:large|small|big)\s+)?(?:number|group|crowd)\s+of)\s+(?!(?i:of|the|them)\b))"
    r"(?P<noun>(?:[A-Za-z'’-]+\s+){0,2}?[A-Za-z'’-]+)(?:\s+(?i:behind|back|home|there|here|overseas|abroad))?"
    r",\s+(?:(?i:probably|likely|possibly)\s+)?$"
)


# "many voters, 3 in 10": a share; "many students, 18 and older": an age
_SHARE_AFTER = re.compile(
    r"\s+(?i:(?:in|out\s+of)\s+[0-9]|(?:and|or)\s+(?:older|over|younger|under|above)\b)"
)


def vague_restated(norm: str, floor: int, opening: int, end: int) -> str | None:
    """The noun of a vague amount that the number opening at `opening` (ending at `end`) restates
    ("thousands of workers, perhaps 4,000" -> "workers"); None if there is none or it is a measure or
    a currency ("thousands of years, perhaps 4,000")."""
    vague = VAGUE_RESTATED_BEFORE.search(norm, max(floor, opening - 60), opening)
    if (
        vague is None
        or _SHARE_AFTER.match(norm, end)
        or not is_plural(last := vague.group("noun").split()[-1])
    ):
        return None
    unit = any(u.match(f" {last}") for u in (EN_MEASURE, CURRENCY_SUFFIX, PERCENT))
    return None if unit else vague.group("noun")


# "found 12 bodies, two buried under rubble", "tracking three asteroids, two spotted days ago", "five
# people were hurt, two seriously": after a comma, a part of the count before it with a participle or
# an adverb of its own counts the same noun (realtext6 README: "two spotted" is a count; dev: lost).
PART_BEFORE = re.compile(r"\A[^;:.!?]*,\s+\Z")
PART_AFTER = re.compile(
    r"\s+(?:(?i:just|only|still|all|both|later|since|already|reportedly)\s+)?"
    r"(?:[a-z]{2,}ed|[a-z]{3,}ly|hurt|found|built|shot|held|kept|lost|left|sold|seen|taken|given|known|born|hit)"
    r"\b(?!\s+(?:by|that|than)\b)"
)
