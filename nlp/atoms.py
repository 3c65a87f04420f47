"""Atoms of a figure: one number where it starts in the text, with its scale, unit and counted
noun read off its own words ("$1.5bn", "約3倍", "384 Ascend chips", "two-thirds").

nlp.quantities scans a sentence with NUMBER and asks `parse_atom` what each match is; it then
joins atoms into ranges, changes and lists and applies the hedges around them. Pure stdlib, as
nlp.quantities is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.hedges import (
    MID_HEDGE,
)
from nlp.nouns import english_noun
from nlp.numerals import (
    CJK_RATIOS,
    COUNT_K_MIN,
    FRACTION_WORDS,
    KANJI,
    RATIO_WORDS,
    RETIREMENT_PLAN,
    SCALE_ABBR,
    SCALE_ABBR_COUNT,
    SCALE_ABBR_MILLION_COUNT,
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
    number_value,
)
from nlp.other_measures import OTHER_MEASURE
from nlp.shares import share_of_group
from nlp.units import (
    BASIS_POINTS,
    CENTS,
    CJK_MEASURE,
    COMPARATIVE,
    COUNTER,
    CURRENCY_CODES,
    CURRENCY_PREFIX,
    CURRENCY_SUFFIX,
    EN_MEASURE,
    FREQUENCY_AFTER,
    GLUED_BEFORE,
    GLUED_CHIP_NOUN,
    GROWTH_BEFORE,
    NAME_BEFORE,
    NOT_A_FIGURE,
    PENCE,
    PER_SECOND_AFTER,
    PERCENT,
    PHYSICAL,
    PLAIN_POUNDS,
    POINT_WORD,
    POINTS,
    RATIO_UNIT,
    SI,
    SI_WORDS,
    TIMES_WORD,
    TWICE_MULTIPLE_AFTER,
    WARI,
    WEIGHT_BEFORE,
    adjectival_noun,
    ops_per_second,
    pence,
    point_fraction,
    poll_margin,
)

# One scan finds every place a figure can start; parse_atom then decides what it is. No figure
# starts at a space, at ASCII punctuation other than "$", or at a Latin letter inside a word (every
# word branch needs \b, every Latin currency prefix a non-letter before it): the first line skips
# those places before the branches are tried, which halves the scan (3.7 -> 1.6 s over 42,542
# fixture and shared-data texts, the same matches on every one).
# "a quarter-point", "half a percentage point": read by nlp.units.point_fraction
_POINT = r"(?:percentage[ -])?points?"
NUMBER = re.compile(
    rf"""
    (?![\s.,;:!?"'()\[\]/-]|(?<=[A-Za-z])[A-Za-z])
    (?P<pct>百分之)?
    (?P<cur>(?:{CURRENCY_PREFIX})\s?)?
    (?:
        (?P<frac>(?P<den>[0-9]+|{KANJI})分[の之](?P<numer>[0-9]+|{KANJI}))
      | (?P<cjkratio>{alternation(CJK_RATIOS)})
      | (?P<digits>[0-9]{{1,3}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)
      | (?P<kanji>{KANJI})
      | (?i:\b(?P<fscale>half|{alternation(FRACTION_WORDS)})(?:\s+of)?\s+an?
          (?=\s+(?:{SCALE_WORDS}|{_POINT})\b))
      | (?i:\b(?P<ratioword>{alternation(RATIO_WORDS)})(?![\w-]))
      | (?i:\b(?P<fracword>{alternation(FRACTION_WORDS)})(?=\s+of\b|[ -]{_POINT}\b))
      | (?i:\b(?P<half>half)(?=\s+(?:of|as|the)\b|[ -]{_POINT}\b))
      | (?i:\b(?P<word>{WORD_NUMBER})\b(?![\s-]+dozen\b))  # "two dozen": vague (realtext4 README)
    )""",
    re.X,
)
# A mixed number: "five and a half points", "five-and-a-half points", "two and a half million
# viewers" (realtext7 dev: the figure was lost, only "half" of "half a million" was read).
_AND_A_HALF = re.compile(r"(?:\s+|-)(?i:and)(?:\s+|-)(?i:a)(?:\s+|-)(?i:half)(?![\w-])")
_KINDS = ("frac", "cjkratio", "digits", "kanji", "fscale", "ratioword", "fracword", "half", "word")

# A further part of a spelled-out number after a scale word: "[and] forty-two", not the "one" of
# "three hundred one-bedroom flats".
_WORD_PART = re.compile(rf"\s+(?P<and>(?i:and)\s+)?(?P<num>(?i:{WORD_NUMBER}))(?![\w-])")
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
# "doubled down on the slogan", "is doubling down on chips": the idiom means insisting, nothing is
# multiplied (realtext7 dev: a false x of 2; GUIDE: x is an explicit multiple). So do "doubled over
# in pain", "the gym doubled as a shelter" (not "doubled as a result"), "a double standard", "double
# jeopardy", "the doubles title" (tennis, realtext5 README) and "a double-double" (a stat line).
_DOUBLE_IDIOM_AFTER = re.compile(
    r"\s+(?i:down\b|over(?=\s+(?:in|with|and|laughing)\b|\s*[,.;])"
    r"|as\s+an?\s+(?!(?:result|share|percentage|proportion|whole|group)\b)"
    r"|(?:standards?|jeopardy|agents?|lives|life|whammy|entendres?|helix|taxation)\b)"
    r"|-(?i:double|triple)\b"
)
_DOUBLES_EVENT = re.compile(
    r"\s+(?i:titles?|match(?:es)?|finals?|partners?|teams?|events?|crowns?|champions?|tournaments?)\b"
)
_STAT_DOUBLE_BEFORE = re.compile(r"(?i:double|triple)-\Z")
# "scored twice as the Wild beat the Sabres", "netted twice as Leeds won": after "twice", an "as"
# that a determiner, a pronoun or a name follows opens a clause of time, and "twice" counts goals
# (realtext7 dev: an x of 2). A multiple takes an adjective or a quantifier after "as" ("twice as
# many", "Twice as Likely" in a title-case headline).
_TWICE_AS_CLAUSE = re.compile(
    r"\s+as\s+(?:(?i:the|he|she|they|we|it|his|her|their|its|our)\b|(?!(?:Many|Much|Likely|Big|Large|High"
    r"|Long|Fast|Good|Bad|Hard|Strong|Old|Far|Well|Expensive|Popular|Important|Common)\b)[A-Z][a-z]+\s+[a-z])"
)
# "a billion-dollar contract", "a two-billion-dollar bond": an adjectival amount is money when a
# scale word says how much (realtext3 dev round 2: read as a count of 1e9, or nothing); "a
# 20-dollar bill" names a note and stays out.
_SCALED_DOLLAR = re.compile(r"(?i)(?:-(million|billion|trillion))?-dollars?\b")
# "777x jets", "a fleet of 737x planes": a lower-case x glued to a model number (three digits or more,
# not round) before a plural noun names the model, as "777X" does; a ratio takes a comparison or a
# singular noun ("10x faster", "a 125x speedup") (realtext6 dev: "777x jets" was a ratio of 777).
# "a crowd of 10,000-plus.", "a field of 40-odd, mostly amateurs": a hyphened hedge ("-plus", "-odd")
# bounds the number whatever follows, and a "+" one that ends its clause, whatever rule then says what
# it counts ("10,000" read exact); a "+" before another word may be a sum ("$40 + tax").
_HEDGE_ENDS_CLAUSE = re.compile(r"\s*(?:[.,;:!?)—–]|--|\Z)")
_MODEL_X = re.compile(r"[0-9]{2,}[1-9]x\s+[a-z]+s\b")
_HALF_BLOCKERS = re.compile(r"\b(?i:first|second|latter|former|a|the|and)\s+$")  # "first half of 2025"


@dataclass
class Atom:
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


def _parse_unit(norm: str, a: Atom, pos: int, lang: str) -> int:
    """Attach the unit that follows position `pos` to `a`; returns the new end (== pos if none)."""
    if (m := RATIO_UNIT.match(norm, pos)) is not None:
        if _MODEL_X.match(norm, a.start):
            a.unit = NOT_A_FIGURE  # "777x jets": a model, as "777X" is
            return m.end()
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
    measure = EN_MEASURE.match(norm, pos) or OTHER_MEASURE.match(norm, pos) or CJK_MEASURE.match(norm, pos)
    if (m := measure) is not None and not (a.year and m.group() == "年"):
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
    if (m := PENCE.match(norm, pos)) is not None and pence(norm, a.raw, m.group() == "p"):
        a.unit, a.mult = "GBP", 0.01
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
    if ops_per_second(norm, a.start, pos, a.value, lang):  # "毎秒30京回" (blind4 dev class)
        a.unit = "FLOPS"
        return pos + 1
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


def _compose_words(norm: str, a: Atom, scales_start: int, pos: int) -> int:
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


def _double_idiom(norm: str, m: re.Match[str]) -> bool:
    """Whether the "double" word of match `m` is part of an idiom, a noun or a stat, no multiple."""
    word = m.group("ratioword").lower()
    if _STAT_DOUBLE_BEFORE.search(norm, max(0, m.start() - 7), m.start()):
        return True  # the second half of "double-double"
    if word == "doubles" and _DOUBLES_EVENT.match(norm, m.end()):
        return True
    return word.startswith("doubl") and _DOUBLE_IDIOM_AFTER.match(norm, m.end()) is not None


def parse_atom(norm: str, m: re.Match[str], lang: str) -> Atom | None:
    """Read one figure (currency, number, scale, unit) starting at a NUMBER match; None if it is none."""
    kind = next(k for k in _KINDS if m.group(k) is not None)
    text = m.group(kind)
    a = Atom(start=m.start(), end=m.end(), raw=0.0)
    if kind in ("fscale", "fracword", "half") and (point := POINT_WORD.match(norm, m.end())) is not None:
        if (pct := point_fraction(norm, text, point)) is None:
            return None
        a.raw, a.end, a.unit = pct, point.end(), "%"  # "a quarter-point rate cut": 0.25 %
        return a
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
        if kind in ("fracword", "half") and share_of_group(norm, m.end()):
            a.unit = NOT_A_FIGURE  # "half of the nurses", like "a third of the nurses": vague
        if text.lower() in ("double", "triple", "quadruple") and _NOUN_MULTIPLE_BEFORE.search(
            norm, max(0, m.start() - 8), m.start()
        ):
            a.unit = NOT_A_FIGURE  # "a stunt double", "hit a triple": a noun (realtext4 dev)
        if kind == "ratioword" and _DIGITS_AFTER.match(norm, m.end()):
            a.unit = NOT_A_FIGURE  # "risen by double digits": no multiple (realtext3 dev class F3)
        if kind == "ratioword" and text.lower().startswith(("doubl", "tripl")) and _double_idiom(norm, m):
            a.unit = NOT_A_FIGURE  # "doubled down on the slogan": an idiom (realtext7 dev)
        a.end = c.end() if (c := COMPARATIVE.match(norm, m.end())) else m.end()
        if (
            text.lower() == "twice"
            and c is None
            and not TWICE_MULTIPLE_AFTER.match(norm, m.end())
            and _repetition(norm, m.start(), m.end())
        ):
            a.unit = NOT_A_FIGURE  # "postponed the vote twice.": a repetition, no multiple
        if text.lower() == "twice" and c is None and _TWICE_AS_CLAUSE.match(norm, m.end()):
            a.unit = NOT_A_FIGURE  # "scored twice as Leeds beat Hull": "as" opens a clause
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
        a.raw = _word_value(text)
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
    if kind in ("word", "digits") and "." not in text and (half := _AND_A_HALF.match(norm, pos)) is not None:
        a.raw += 0.5  # "five and a half points", "2 and a half million"
        a.year = False
        pos = num_end = half.end()
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
        or SCALE_ABBR_MILLION_COUNT.match(norm, pos)
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
        probe = Atom(start=a.start, end=a.end, raw=a.raw)
        glued = a.unit is not None and not mid.group()[0].isspace()  # "$1 million-plus deal", not "$40 + $5"
        # "$50-plus billion", "300-odd million people": a scale word after the hedge scales the number
        scale = SCALE_WORD.match(norm, mid.end()) if a.scale == 1.0 else None
        ends = mid.group().startswith("-") or (
            mid.group() == "+" and _HEDGE_ENDS_CLAUSE.match(norm, mid.end()) is not None
        )
        if glued or scale or ends or _parse_unit(norm, probe, mid.end(), lang) != mid.end():
            a.mid_hedge, pos = "at_least", mid.end()
        if scale is not None:
            a.scale, a.year, pos = SCALES[scale.group(1).lower()], False, scale.end()
    if a.unit is not None:  # currency sign already given; a matching suffix ("人民币5亿元") joins the surface
        suffix = CURRENCY_SUFFIX.match(norm, pos)
        pos = suffix.end() if suffix and suffix.lastgroup == a.unit else pos
    else:
        pos = _parse_unit(norm, a, pos, lang)
    if pos == num_end and norm[pos : pos + 1].isascii() and norm[pos : pos + 1].isalpha():
        return None  # "910C", "1990s": letters glued to the digits
    a.end = pos
    return a
