"""Numbers the figure parser reads as figures that the contract does not count, dropped after
parsing (`nlp.quantities.parse_quantities`): one unit named with its counter, a count of an
outlet's own sources, a number that opens a quoted name or term, an emergency number, a
sports margin, a code or version number, the second half of a score, a numbered name, a number
that labels a thing (a size, a page, a hole), a year that a span or a quarter writes bare, the
last of a list of ages, a rating or a rank in stars, a move up or down a ranking, some
tens or thousands of something (数千万, 几十), the minutes of a clock time, the whole of a
proportion ("nine out of 10"), a number that ends a name of several capitalised words, one
that opens a title inside a sentence ("Covey's The 7 Habits"), a display resolution ("4K"), a
fixed political name ("two-state solution"), a vague "one or two", and a win-loss record
(`nlp.sports_records`).
Each needs the parsed figure (its unit, value, noun and span) and the sentence around it, so they
run on the parser's output.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from nlp.numerals import SCALES, WORD_VALUES, alternation
from nlp.sports_records import RECORD
from nlp.units import label_before

if TYPE_CHECKING:
    from nlp.quantities import Quantity


def not_a_figure(q: Quantity, text: str) -> bool:
    """Whether figure `q` of sentence `text` is one of these."""
    return (
        _one_unit(q)
        or _source_count(q, text)
        or _quoted_name(q, text)
        or _emergency_number(q)
        or _sports_margin(q, text)
        or _code_or_version(q, text)
        or _score_second_half(q, text)
        or _numbered_name(q, text)
        or _label_number(q, text)
        or _year_part(q, text)
        or _listed_age(q, text)
        or _star_rating(q, text)
        or _rank_change(q, text)
        or _some_scale(q, text)
        or _clock_minutes(q, text)
        or _proportion_whole(q, text)
        or _name_run(q, text)
        or _title_after_the(q, text)
        or _display_resolution(q, text)
        or _political_name(q, text)
        or _one_or_two(q, text)
        or (q.unit == "count" and _inside(RECORD, q, text, 60))
    )


# "一台H20服务器", "一套系统报价约5000万元", "1個あたり": one unit named with its counter is an
# article or a "per", not a count of anything (blind class K: a stray count of 1 pulled price
# claims into a chip-count fact). Counts of one in words ("only one company") stay.
_ONE_UNIT = re.compile(r"(?:一|1|１)\s*(?:台|套|颗|顆|块|塊|枚|個|个|基|つ|件|款|部)")


def _one_unit(q: Quantity) -> bool:
    return (
        q.unit == "count"
        and q.value == 1
        and q.lower == q.upper
        and bool(_ONE_UNIT.fullmatch(q.surface.strip()))
    )


# "two officials said", "according to three people familiar with the matter", "两名知情人士透露",
# "関係者2人によると": how many sources an outlet has is how it knows, not what it reports; as a
# count it would key a fact ("h20|count:official") that every other story's sources contradict.
_SOURCE_NOUN = (
    r"(?:officials?|sources?|people|persons?|insiders?|diplomats?|executives?|aides?|lawmakers?"
    r"|analysts?|employees?|traders?|investors?)"
)
_EN_SOURCE_AFTER = re.compile(
    r"(?:\s+(?:familiar|briefed|with\s+knowledge|close|knowledgeable|involved|aware)\b[^,.;]{0,60})?"
    r",?\s+(?:have\s+|had\s+)?(?:said|say|says|told|confirmed|disclosed)\b",
    re.I,
)
_EN_SOURCE_BEFORE = re.compile(r"\b(?:according\s+to|citing|cited|quoting)\s+$", re.I)
_ZH_SOURCE = re.compile(
    r"\s*(?:名|位)?(?:知情人士|消息人士|业内人士|官员|人士)[^，。]{0,6}?(?:称|表示|透露|说|证实)"
)
_JA_SOURCE_BEFORE = re.compile(r"(?:関係者|当局者|消息筋|高官)\s*$")
_JA_SOURCE_AFTER = re.compile(r"\s*(?:人)?(?:によると|の話)")
SOURCES_MAX = 12  # "two officials", "three people familiar": a handful; "2,000 employees said" is a survey


def _source_count(q: Quantity, text: str) -> bool:
    if q.unit != "count" or q.value > SOURCES_MAX:
        return False
    before, after = text[: q.start], text[q.end :]
    noun = (q.noun or "").split()
    if noun and re.fullmatch(_SOURCE_NOUN, noun[-1], re.I):
        return bool(_EN_SOURCE_AFTER.match(after) or _EN_SOURCE_BEFORE.search(before))
    return bool(_ZH_SOURCE.match(q.noun or "") or _ZH_SOURCE.match(after)) or bool(
        _JA_SOURCE_BEFORE.search(before) and _JA_SOURCE_AFTER.match(after)
    )


# A number that opens a quoted name in title case is part of the name: a group "'5 Million Moms for
# Peace'", a product "'100% Angus'", a film "“Three Billboards”". Quoted speech keeps its figures
# ('"40 people died"': a lower-case word), and so does a quote that a figure does not open.
_OPEN_QUOTE = re.compile(r"(?:\A|(?<=[\s(]))(?:(['‘])|([\"“]))\Z")
_QUOTED = {1: re.compile(r"[^'’.!?;]{0,50}?['’](?![A-Za-z])"), 2: re.compile(r"[^\"”.!?;]{0,50}?[\"”]")}
_TITLE_WORD = re.compile(r"[A-Za-z][\w'’&-]*")
_NAME_SMALL_WORDS = {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


# ... and so does one in a quote that the sentence names as a term, in any case: 'the term "three
# amigos"', 'nicknamed "the two musketeers"' (realtext5 README: a nickname, no count; realtext5 dev:
# a false count of 3). The quote must hold nothing but the figure, so 'promised "10,000 new jobs" by
# 2025' (a partial quote of speech, no naming word) keeps its count.
_TERM_BEFORE = re.compile(
    r"(?i)\b(?:term|phrase|expression|nickname[ds]?|dubbed|so-called|label(?:led|ed)?|slogan|moniker)"
    r"(?:\s+(?:them|him|her|it|us))?\s+[\"“'‘](?:the\s+)?\Z"
)
_TERM_CLOSE = re.compile(r"[\"”'’](?![A-Za-z])")


def _quoted_term(q: Quantity, text: str) -> bool:
    return bool(_TERM_BEFORE.search(text, max(0, q.start - 30), q.start) and _TERM_CLOSE.match(text, q.end))


def _quoted_name(q: Quantity, text: str) -> bool:
    if _quoted_term(q, text):
        return True
    if (quote := _OPEN_QUOTE.search(text, max(0, q.start - 2), q.start)) is None:
        return False
    if (name := _QUOTED[quote.lastindex].match(text, q.start)) is None:
        return False
    # the number's own words ("Three", "5 Million") say nothing: the words after them decide
    words = [
        w
        for w in _TITLE_WORD.findall(text, q.start, name.end())
        if w.lower() not in _NAME_SMALL_WORDS and w.lower() not in WORD_VALUES and w.lower() not in SCALES
    ]
    return bool(words) and all(w[0].isupper() for w in words)


# "began receiving 911 calls", "the 911 dispatchers", "999 callers": the emergency number names the
# line called, it counts nothing (realtext5 dev: a false count of 911 calls). Only the US and UK
# numbers: 112 is a plausible count of calls.
_EMERGENCY_NUMBER = re.compile(r"(?:911|999)(?![0-9,.])")
_EMERGENCY_NOUN = re.compile(r"(?i)(?:call|dispatch|operator|line|center|centre|system|tape|recording)\w*")


def _emergency_number(q: Quantity) -> bool:
    return (
        q.unit == "count"
        and q.lower == q.upper
        and bool(_EMERGENCY_NUMBER.match(q.surface))
        and bool(_EMERGENCY_NOUN.match(q.noun or ""))
    )


# "lead the division by three games", "won by two strokes", "trailed by four shots": a margin in a
# standings table or on a leaderboard is a sports statistic (GUIDE), not a count of games played.
# units.EN_MEASURE already drops "three games behind"; here the "by" before the number says it.
_MARGIN_NOUN = re.compile(r"(?i)(?:games?|shots?|strokes?|lengths?|runs?|goals?|wins?)")
_MARGIN_BY = re.compile(
    r"(?i)\b(?:lead\w*|led|trail\w*|won|wins?|winning|beat\w*|ahead|behind|clear|finish\w*)\b"
    r"[^.;:!?]{0,30}?\bby\s+\Z"
)


def _sports_margin(q: Quantity, text: str) -> bool:
    return (
        q.unit == "count"
        and q.lower == q.upper
        and bool(_MARGIN_NOUN.fullmatch(q.noun or ""))
        and bool(_MARGIN_BY.search(text, max(0, q.start - 60), q.start))
    )


# "Agent 007", "dial 0800": a number written with a leading zero is a code, never a count. "Web 3.0
# services", "Industry 4.0 projects": a decimal right after a capitalised word is a version that
# completes the name; a count with decimals needs a scale word ("Apple 3.5 million users" is no
# version, and neither is "averaged 2.5 children", after a lower-case word).
_LEADING_ZERO = re.compile(r"0[0-9]+(?![0-9.,])")
_VERSION = re.compile(r"[0-9]+\.[0-9]+(?![0-9.,])(?!\s+(?i:thousand|million|billion|trillion|m|bn|k)\b)")
# The name may open the sentence ("Python 3.12 speeds up loops") and have its capital inside
# ("iOS 17.2"); an opening word that is no name ("About 2.5 children") is not one.
# Words that open a sentence before a number and name nothing: hedges and determiners, and the
# prepositions and conjunctions that open a clause ("In 10 of the cases", "And 40 have died");
# possessives and quantifiers ("Their 12 children", "Another 30 people", "All 50 states"); adverbs of
# time and sequence ("Today 300 workers", "Still 200 homes"), any adverb in -ly ("Exactly 300"), and
# a weekday ("Monday 40 flights").
_NOT_A_NAME = (
    r"the|an?|about|some|nearly|only|just|over|around|roughly|almost"
    r"|in|on|at|of|by|for|with|from|to|into|after|before|since|until|during|within|among|between|under"
    r"|and|but|or|so|yet|if|when|while|as|than|because|although|though"
    r"|across|throughout|against|despite|without|including|excluding|per|via|through|towards?|behind"
    r"|beyond|near|above|below|inside|outside|upon|like|unlike|except|plus|minus|amid|along|past"
    r"|nor|whereas|unless|whether|once|where|how|why"
    r"|another|all|this|that|these|those|its|their|our|his|her|my|your|every|each|both|either|neither"
    r"|no|any|many|several|few|fewer|more|most|less|other|such|what|which|whose"
    r"|today|tonight|yesterday|tomorrow|now|then|still|even|also|already|here|there|meanwhile|overall"
    r"|altogether|together|again|instead|later|soon|last|next|first|finally|thus|hence|however"
    r"|otherwise|moreover|besides|nonetheless|anyway|indeed|[a-z]+ly"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
)
_NAME_BEFORE = re.compile(rf"(?:(?<=[a-z,] )|\A)(?!(?i:{_NOT_A_NAME})\s)[A-Za-z]*[A-Z][A-Za-z]*\s\Z")


# "Android 14 users reported crashes", "Chrome 120 adds a panel": a capitalised word that opens the
# sentence right before a plain number is a product name that the number completes (a count would
# stand first: "14 Android users"). "The Galaxy Z Fold 5 folds flat", "sold Galaxy Z Flip 4 phones":
# a single capital letter inside a run of capitalised words is a model line, and the number after
# it is the model's, anywhere in the sentence.
_OPENING_NAME = re.compile(rf"\A[\"“'‘]?(?!(?i:{_NOT_A_NAME})\s)(?P<word>[A-Za-z]*[A-Z][A-Za-z]*)\s\Z")
_MODEL_LINE_BEFORE = re.compile(r"\b[A-Z][A-Za-z]+\s+[B-HJ-Z]\s+(?:[A-Z][A-Za-z]+\s+)?\Z")


def _code_or_version(q: Quantity, text: str) -> bool:
    if q.unit != "count" or q.lower != q.upper:
        return False
    if _LEADING_ZERO.match(text, q.start):
        return True
    if _VERSION.match(text, q.start) and _NAME_BEFORE.search(text, max(0, q.start - 30), q.start):
        return True
    if not _PLAIN_NUMBER.match(text, q.start):
        return False
    if _MODEL_LINE_BEFORE.search(text, max(0, q.start - 40), q.start):
        return True
    opening = _OPENING_NAME.search(text, 0, q.start)
    return opening is not None and opening.group("word").lower() not in WORD_VALUES


# "The vote was 52-48 along party lines", "is 25-0 with 20 knockouts", "won 112-104": a score or a
# vote tally (GUIDE: no figure). Its first number has no noun and is dropped; the second one must
# not then count "along party lines" or take the % of a figure that follows. A range rises
# ("5-10 people"), a tally written winner first does not: only a second number no greater than the
# first, with no unit of its own, is read as a score.
_SCORE_FIRST = re.compile(r"(?<![0-9.,/-])([0-9]{1,3})-\Z")
_BARE_DIGITS = re.compile(r"[0-9]{1,3}(?![0-9%]|[.,][0-9])")


def _score_second_half(q: Quantity, text: str) -> bool:
    if q.lower != q.upper or not _BARE_DIGITS.match(text, q.start):
        return False
    first = _SCORE_FIRST.search(text, max(0, q.start - 4), q.start)
    return first is not None and int(first.group(1)) >= q.value


# "the Area 51 story", "the Apollo 11 mission", "a Vision 2030 project": after an article, a
# capitalised word and a bare number make one name that the article determines; a count would
# take a possessive ("Tesla's 3,000 workers") or stand before the name ("3,000 Tesla workers").
# A headline in title case ("A Further 50 Jobs Cut") capitalises its noun too: it keeps its count.
_ARTICLE_NAME_BEFORE = re.compile(r"\b(?:[Tt]he|[Aa]n?)\s+[A-Z][A-Za-z]+\s\Z")
_PLAIN_NUMBER = re.compile(r"[0-9]{1,4}(?![0-9%]|[.,][0-9])")


# "the Group of Seven nations", "the Group of 20 economies", "the Gang of Eight senators": a named
# group of countries or people (GUIDE lists "Gang of Eight" among the names; made-up cases).
_GROUP_OF_BEFORE = re.compile(r"\b(?:Group|Gang)\s+of\s+\Z")


def _numbered_name(q: Quantity, text: str) -> bool:
    if q.unit != "count" or q.lower != q.upper:
        return False
    if _GROUP_OF_BEFORE.search(text, max(0, q.start - 12), q.start):
        return True
    return (
        (q.noun or "")[:1].islower()
        and bool(_PLAIN_NUMBER.match(text, q.start))
        and bool(_ARTICLE_NAME_BEFORE.search(text, max(0, q.start - 30), q.start))
    )


# "wears size 12 shoes", "on page 20", "parred hole 7", "phase 3 trials": a number that a word before
# it labels is an identifier (units.label_before), no count.
def _label_number(q: Quantity, text: str) -> bool:
    if q.unit != "count" or q.lower != q.upper or not _PLAIN_NUMBER.match(text, q.start):
        return False
    return label_before(text, q.start)


# "the 2023-24 season", "fiscal 2019/20": two digits after a year and a dash or slash end a span of
# years; "its Q4 2023 earnings call", "H1 2024 results", "FY 2025 budget": a year after a quarter or
# a fiscal year dates what follows. The parser reads neither as a year (no "in" or month before it).
_YEAR_SPAN_BEFORE = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}[-–/]\Z")
_PERIOD_BEFORE = re.compile(r"\b(?:Q[1-4]|H[12]|FY|(?i:fiscal))\s\Z")
_TWO_DIGITS = re.compile(r"[0-9]{2}(?![0-9.,%])")
_YEAR = re.compile(r"(?:19|20)[0-9]{2}(?![0-9.,%])")


def _year_part(q: Quantity, text: str) -> bool:
    if q.unit != "count" or q.lower != q.upper:
        return False
    if _TWO_DIGITS.match(text, q.start) and _YEAR_SPAN_BEFORE.search(text, max(0, q.start - 6), q.start):
        return True
    return bool(_YEAR.match(text, q.start) and _PERIOD_BEFORE.search(text, max(0, q.start - 8), q.start))


# "3 children, aged 5, 7 and 9", "ages 4, 6 or 8": the last age of a list after "aged" took the
# elided noun of the count before it (children) and read as a count of 9 children. An age is no
# figure (GUIDE), however long the list.
_AGES_BEFORE = re.compile(r"\b(?i:aged?|ages)\s+(?:[0-9]{1,3},?\s+(?:(?:and|or|to)\s+)?)+\Z")


def _listed_age(q: Quantity, text: str) -> bool:
    return (
        q.unit == "count"
        and bool(_PLAIN_NUMBER.match(text, q.start))
        and bool(_AGES_BEFORE.search(text, max(0, q.start - 40), q.start))
    )


# "rated 4.5 stars", "earned 3 stars from critics", "4 stars out of 5", "has 4 stars on his
# shoulder": a rating or a rank, like "a 5 star hotel" (realtext4 README: no figure). Stars counted
# as people ("40 stars attended") stay: a rating is at most 5, or has decimals, and a word of rating
# or a rank's place says so.
_STARS = re.compile(r"(?i)(?:\w+\s+)?stars")
_RATING_BEFORE = re.compile(
    r"(?i)\b(?:rat(?:e|es|ed|ing)|review\w*|gave|gives|giving|give|earn\w*|award\w*|scor\w*|critics?)\b"
    r"[^.;:!?]{0,25}\Z"
)
_RATING_AFTER = re.compile(
    r"(?i)\s+(?:out\s+of\b|from\s+(?:critics|reviewers|users|readers)\b"
    r"|on\s+(?:his|her|their|the)\s+(?:shoulders?|collars?|uniforms?|chest|lapels?)\b)"
)
RATING_MAX = 5


def _star_rating(q: Quantity, text: str) -> bool:
    if q.unit != "count" or q.value > RATING_MAX or not _STARS.fullmatch(q.noun or ""):
        return False
    return bool(
        _RATING_BEFORE.search(text, max(0, q.start - 40), q.start) or _RATING_AFTER.match(text, q.end)
    )


# "fell 53 places in a year", "slipped three spots to 7th", "climbed 20 positions in the index": a
# move up or down a ranking is a change of rank, and a rank is no figure (realtext6 README). Places
# counted as things stay: "police searched 12 places", "opened 12 places for students".
_RANK_STEP = re.compile(r"(?i)(?:places?|spots?|positions?|notch(?:es)?|rungs?|ranks?)")
_RANK_MOVE_BEFORE = re.compile(
    r"(?i)\b(?:f[ae]ll(?:s|ing|en)?|dropp\w*|drops?|slipp\w*|slips?|slid(?:es|ing)?|slumped|tumbl\w*|sank|sinks?"
    r"|(?:moved?|moving|jump\w*|climb\w*|r[io]s(?:e|es|en|ing)|leap\w*|went|goes|going)(?:\s+(?:up|down))?)"
    r"\s+(?:by\s+)?\Z"
)


def _rank_change(q: Quantity, text: str) -> bool:
    return (
        q.unit == "count"
        and bool(_RANK_STEP.fullmatch(q.noun or ""))
        and bool(_RANK_MOVE_BEFORE.search(text, max(0, q.start - 30), q.start))
    )


# "数千万ドル", "几千万美元", "数十人": some tens of millions, a few dozen. The parser read the scale
# word alone (千万ドル: exactly $10 million), a figure the sentence never gives, which would
# contradict "$30 million" elsewhere; "tens of millions of dollars" and "dozens of" are no figure
# in English either (made-up cases).
_SOME_SCALE = re.compile(r"[数几幾][十百千万萬億亿]")


def _some_scale(q: Quantity, text: str) -> bool:
    return bool(_SOME_SCALE.search(text, max(0, q.start - 1), q.end))


# "on air at 12:45 and 17:45 weekdays", "trains at 7:30 mornings": the minutes of a clock time took
# the noun after it and read as a count of 45 weekdays (realtext7 dev; GUIDE: times of day are no
# figures). A count never follows "N:" without a space: a ratio ("a 3:1 split"), a score ("won 2:1")
# or a verse ("John 3:16") is no count either.
_CLOCK_BEFORE = re.compile(r"(?<![0-9])[0-9]{1,2}:\Z")


def _clock_minutes(q: Quantity, text: str) -> bool:
    return q.unit == "count" and bool(_CLOCK_BEFORE.search(text, max(0, q.start - 3), q.start))


# "eight out of ten companies", "nine out of 10 doctors", "one in five adults": the whole of a
# proportion is no count of companies (realtext4/6 READMEs: "N in M" and "N out of M" are fractions,
# no figures; realtext7 dev: a false count of 10). Only after a number: "Out of 17 samples, ..."
# counts the samples; "in" only after a single digit or a word ("sold 300 in 40 stores" counts stores).
_NUMBER_WORD = alternation(WORD_VALUES)
_PROPORTION_BEFORE = re.compile(
    rf"(?:\b[0-9][0-9,.]*\s+(?i:out\s+of)|(?<![0-9,.])[1-9]\s+(?i:in)|\b(?i:(?:{_NUMBER_WORD})\s+(?:out\s+of|in)))"
    r"\s+\Z"
)


def _proportion_whole(q: Quantity, text: str) -> bool:
    return q.unit == "count" and bool(_PROPORTION_BEFORE.search(text, max(0, q.start - 30), q.start))


# "the Red Dead Redemption 2 port", "Black Friday 2019 deals", "Grand Theft Auto 5 sales", "at Corso
# Como 10 features": a bare number right after a run of two or more capitalised words completes the
# name (a game, an event's year, a street address) and the lower-case noun after it is no counted
# thing (realtext7 dev: four false counts). A count stands before the name or after a possessive. A
# run after a preposition of place or time is a place ("In New York 300 people", "across Southern
# California 40 homes") unless a street word opens it; after "of" and "for" it is a name ("owners of
# Galaxy Note 10 phones"). Words that name nothing ("Last Monday") are no name, and a title-case
# headline capitalises its noun.
_NAME_RUN = re.compile(r"(?:\b[A-Z][A-Za-z&'’.-]*\s+)+\Z")
_NAME_RUN_WORD = re.compile(r"[A-Z][A-Za-z&'’.-]*")
_NOT_A_NAME_WORD = re.compile(rf"(?i:{_NOT_A_NAME})")
_PLACE_BEFORE = re.compile(
    r"(?i:in|at|on|across|from|throughout|to|into|near|around|outside|inside|within|by|with|among"
    r"|since|during|after|before|until|under|over|through)"
)
_STREET_WORD = re.compile(r"Via|Viale|Corso|Piazza|Piazzale|Largo|Rue|Calle|Avenida|Rua|Paseo|Carrer|Plaza")


def _name_run(q: Quantity, text: str) -> bool:
    if q.unit != "count" or q.lower != q.upper or not (q.noun or "")[:1].islower():
        return False
    # A capitalised number word is a word of the name itself: one capitalised word before it makes a
    # run ("Big Ten schools", "the Final Four games", "Fab Five players"; made up, round 10).
    word = text[q.start].isupper()
    if not word and not _PLAIN_NUMBER.match(text, q.start):
        return False
    if (run := _NAME_RUN.search(text, max(0, q.start - 60), q.start)) is None:
        return False
    words = _NAME_RUN_WORD.findall(run.group())
    if _STREET_WORD.fullmatch(words[0]):
        return True
    before = re.search(r"(\w+)\s+\Z", text[: run.start()])
    before_word = before.group(1) if before else ""
    while words and _NOT_A_NAME_WORD.fullmatch(words[0]):
        before_word = words.pop(0)
    return len(words) >= (1 if word else 2) and not _PLACE_BEFORE.fullmatch(before_word)


# "Covey's The 7 Habits of Highly Effective People", "reading The 48 Laws of Power": inside a
# sentence, a capitalised "The" before a number and a capitalised noun opens a book's or a film's
# title (realtext7 dev: a count of 7 Habits). At the opening of a sentence "The" is capitalised
# anyway, and a headline's count stays ("The 10 Best Phones" is a listicle, no call of this rule).
_TITLE_THE_BEFORE = re.compile(r"(?<=[\w,;:’'\"“)] )The\s+\Z")


def _title_after_the(q: Quantity, text: str) -> bool:
    return (
        q.unit == "count"
        and (q.noun or "")[:1].isupper()
        and bool(_TITLE_THE_BEFORE.search(text, max(0, q.start - 8), q.start))
    )


# "play games at 4k and 60fps", "streams in 8K HDR": a display resolution read as a count of 4,000
# (realtext7 dev; its note: "4k" is no figure). Only 2K to 8K glued to the number, with no noun of
# its own, in a sentence on screens or video; "raised 4k for the shelter" keeps its figure.
_RESOLUTION = re.compile(r"[2-8][kK]")
_SCREEN_WORDS = re.compile(
    r"(?i)\b(?:fps|hz|hdr|uhd|resolution|1080p|720p|display|screens?|monitors?|tvs?|televisions?|videos?"
    r"|stream\w*|gaming|games?|graphics|cameras?|consoles?|footage|frames?)\b"
)


def _display_resolution(q: Quantity, text: str) -> bool:
    return (
        q.unit == "count"
        and q.noun is None
        and bool(_RESOLUTION.fullmatch(q.surface.strip()))
        and bool(_SCREEN_WORDS.search(text))
    )


# "a two-state solution", "the one-child policy", "one country, two systems", "a two-party system":
# fixed political names, no adjectival counts (realtext5 README; realtext7 dev: a count of 2 states).
# Other adjectival counts stay counts ("a 12-step program", "a ten-part series").
_POLITICAL_NAME = re.compile(
    r"(?i)(?:two|2)[\s-]state\s+solution|(?:one|two|three|1|2|3)[\s-]child\s+(?:policy|polic(?:ies)|rule|limit)"
    r"|(?:two|2)[\s-]party\s+system|one\s+country,?\s+two\s+systems"
)


def _political_name(q: Quantity, text: str) -> bool:
    return q.unit == "count" and _inside(_POLITICAL_NAME, q, text, 20)


# "choose the one or two indulgences", "one or two apps": a vague small quantity like "a couple"
# (GUIDE; realtext7 README's call; realtext7 dev: counts of 1 and 2). Percentages keep their figures
# ("one or two percent", GUIDE: "3 or 4 percent"), and other pairs of counts stay ("two or three").
_ONE_OR_TWO = re.compile(r"(?i)\b(?:one|1)\s+or\s+(?:two|2)\b")


def _one_or_two(q: Quantity, text: str) -> bool:
    return q.unit == "count" and _inside(_ONE_OR_TWO, q, text, 10)


def _inside(pattern: re.Pattern[str], q: Quantity, text: str, reach: int) -> bool:
    """Whether figure `q` starts inside a match of `pattern` that begins at most `reach` characters
    before it (a fixed name, a vague pair, a win-loss record)."""
    return any(m.start() <= q.start < m.end() for m in pattern.finditer(text, max(0, q.start - reach)))
