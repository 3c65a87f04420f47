"""Hedge wording around a figure, and the interval each hedge gives (DESIGN.md "Hedges become
intervals").

Pure stdlib; nlp.quantities applies these to the figures it reads.
"""

from __future__ import annotations

import re

# "400+ exhibitors", "50-plus countries", "5亿多美元", "1000余家": a hedge between the number and its unit;
# "30-odd protesters", "40-some-odd members" too (realtext3 README: "-some-odd" -> more than)
MID_HEDGE = re.compile(r"\s?(\+)|(-plus)\b|(-(?:some-?)?odd)\b|(多)(?![いく])|(余)(?![りら])")

PRE_HEDGE = re.compile(
    r"""(?:
        (?P<at_least>\b(?i:at\s+least|more\s+than|over|above|upwards?\s+of|in\s+excess\s+of
            |no\s+(?:less|fewer)\s+than|not\s+(?:less|fewer)\s+than|north\s+of|(?:a\s+)?minimum\s+of
            |exceed(?:s|ed|ing)?|top(?:s|ped|ping)|surpass(?:es|ed|ing)?|passed  # "sales topped $10bn"
            |(?:higher|greater|larger|bigger)\s+than
            |as\s+(?:few|little|low)\s+as  # the mirror of "as many as" (at most): "as few as 10 people"
            # "surged past $20,000", "the toll climbed past 1,000": a rise past a level is over it (not
            # "drove past 3 checkpoints", "pushed past 2 defenders")
            |(?:rose|ris(?:e|es|en|ing)|climb(?:s|ed|ing)?|surg(?:e|es|ed|ing)|soar(?:s|ed|ing)?|jump(?:s|ed|ing)?
              |crept|creep(?:s|ing)?|rocket(?:s|ed|ing)?|grew|grow(?:s|n|ing)?|swell(?:s|ed|ing)?)\s+past)
            |少なくとも|最低|至少|最少|不少于|不低于|超过|超出|突破|多于|逾|超)
      | (?P<at_most>\b(?i:up\s+to|less\s+than|fewer\s+than|under|below|as\s+(?:much|many|high)\s+as
            |no\s+more\s+than|not\s+more\s+than|at\s+most|(?:a\s+)?maximum\s+of|capped\s+at
            |no\s+(?:higher|greater|larger|bigger)\s+than  # not the at_least "higher than" inside it
            |(?:lower|smaller)\s+than)
            |最大|最多|多达|高达|不超过|不高于|不多于|不到|不足|低于|少于)
      | (?P<nearly>\b(?i:nearly|almost|close\s+to|(?:just\s+)?(?:shy|short)\s+of|just\s+(?:under|below)
            |approaching|nearing|near(?:-|(?=\s))  # "a near-$65 million deal"
            # "a shade under $3 billion" is "just under", not the open "under": DESIGN's nearly row
            |(?:a\s+(?:shade|hair|tad|touch|whisker)|slightly|fractionally|marginally)\s+(?:under|below|less\s+than))
            |将近|接近|近乎|几乎|近|ほぼ)  # ほぼ is "almost" (ほぼ4倍: nearly four times, [3.4, 4.0])
      | (?P<about>\b(?i:about|around|roughly|approximately|approx\.?|some|an\s+estimated|circa
            |perhaps|maybe|possibly  # the speaker's estimate: read as "about", as the fact-checkers do
            |like,?  # spoken "there were like 200 people" (realtext4 README); particle_not_hedge screens it
            |closer\s+to|in\s+the\s+(?:region|neighbou?rhood|vicinity)\s+of|on\s+the\s+order\s+of)
            |大约|大約|大概|差不多|約|约|おおよそ|およそ
            |~)  # "~9x", "approximately ~9x" (realtext5 README): a tilde is "about"
    )
    # "at least another 30,000", "up to an additional $2 billion": the hedge still bounds the number
    # "around a 40,000 patients" (spoken): an article between the hedge and digits
    (?:\s+(?i:(?:yet\s+)?another|an?\s+(?:additional|further|extra)|additional|further|extra|a))?
    # "至少价值10亿美元", "逾价值": what is worth it stands between the hedge and the number;
    # 至少有 "there are at least" too (blind2 dev round 3: 至少有价值5亿美元 lost its bound)
    (?:有)?(?:价值|總值|总值|总额|總額|金额|規模|规模)?(?:\s*~)?\s*$""",
    re.X,
)
# を上回る/を下回る after a figure compare the subject with it ("B200の192GBを下回る": the 192 GB
# is exact), so they are no hedges; only 以上/未満/超/超える and the like bound the figure itself.
POST_HEDGE = re.compile(
    r"""\s*(?:
        (?P<at_least>(?i:or\s+more)\b
            # "$20 and up" (a price floor), not "$20 and up 5%" (a move)
            |(?i:and\s+up(?:wards?)?)(?![\w-]|\s+(?i:to|by|from|[0-9$€£]))
            |以上|を超える|を超え|を超す|超え|超(?![0-9一二三四五六七八九十])|強|を?突破|余り|多(?![いく])|余)
      | (?P<at_most>(?i:or\s+(?:less|fewer))\b|以下|未満|以内|足らず)
      | (?P<nearly>に近い|近く|弱|に迫る|に迫った)
      | (?P<about>(?i:or\s+so|or\s+thereabouts|give\s+or\s+take)\b|程度|前後|ほど|くらい|ぐらい|左右|上下
            # "58 percent, approximately.", "$14,000 per pupil, approximately" -- unless it hedges the
            # next number ("..., roughly 3 million", "559 kW, roughly four times the ...")
            |(?:\s+(?i:per|a|an|each)\s+[A-Za-z]+)?,?\s*(?i:approximately|approx\b\.?|roughly)\b
            (?![\s$€£]*(?:[0-9]|(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty
                |thirty|forty|fifty|hundred|twice|double|triple|half|a\s+(?:third|quarter|fifth|tenth|half))\b)))
    )""",
    re.X,
)
# 约为/约是 may stand apart from the number: "约为英伟达GB200 NVL72的1.7倍" is about 1.7x. The gap
# must stay in the clause and hold no number of its own (model numbers glued to letters are fine).
COPULA_HEDGE = re.compile(r"大?约(?:为|是|合|占|达)")
COPULA_GAP = re.compile(r"(?:[^0-9。，；,;:：!！?？、]|(?<=[A-Za-z])[0-9]+)*")
COPULA_REACH = 25  # characters between the copula and the number
HEDGE_RANK = {"about": 1, "nearly": 2, "at_least": 3, "at_most": 3}  # a bound says more than "about"


def interval(hedge: str, v: float) -> tuple[float | None, float | None]:
    return {
        "exact": (v, v),
        "about": (0.9 * v, 1.1 * v),
        "nearly": (0.85 * v, v),
        "at_least": (v, None),
        "at_most": (None, v),
    }[hedge]


def copula_before(norm: str, floor: int, start: int) -> int | None:
    """Where a "约为" that hedges the number at `start` begins: the last one within reach, with only
    wording of the same clause between them ("约为英伟达GB200 NVL72的1.7倍"); None if there is none."""
    window = max(floor, start - COPULA_REACH - 3)
    copulas = list(COPULA_HEDGE.finditer(norm, window, start))
    if not copulas or start - copulas[-1].end() > COPULA_REACH:
        return None
    return copulas[-1].start() if COPULA_GAP.fullmatch(norm, copulas[-1].end(), start) else None


# "up to $5,000 and $2,000": a hedge before the first of two coordinated figures bounds both.
COORDINATION = re.compile(r"\s*,?\s*(?i:and|or)\s+|\s*,\s*")
# ... and a count whose noun is elided: "some 3,000 troops went north and 1,500 south".
COORDINATION_ELIDED = re.compile(r"\s+(?:[A-Za-z'’-]+\s+){0,3}?[A-Za-z'’-]+\s*,?\s+(?i:and|or)\s+")
# ... and amounts in parallel phrases, the first one's phrase short and opened by a preposition:
# "up to $5,000 for adults and $2,000 for children", "about 30% in the capital and 25% in the port"
# (the real-text annotators' rule: "in excess of $6 ... and $9"). A clause between ("for adults,
# while children get $2,000") or a longer phrase breaks it.
# One word (an adverb) may stand before the preposition, and a plan name end the phrase: "up to
# $19,000 pretax to a 401(k) and $6,000 to a traditional IRA" (realtext5 dev: the second amount lost
# its bound).
COORDINATION_PARALLEL = re.compile(
    r"\s+(?:[a-z]+\s+)?(?i:for|per|in|into|on|at|of|from|to)\s+(?:[A-Za-z'’-]+\s+){0,2}?"
    r"(?:[A-Za-z'’-]+|[0-9]{3}\([a-z]\))\s+(?i:and|or)\s+"
)


# "could not hold more than eight people", "is not allowed to carry more than 40": a negated
# lower bound is an upper one (realtext3 dev class I3). The negation governs the verb right
# before the hedge; "not clear whether more than 40 died" keeps its lower bound.
NEGATED_BEFORE = re.compile(
    r"(?i)(?:\b(?:not|never|cannot)|n['’]t)\s+(?!(?:only|just|clear|sure|known|certain|whether|if|that)\b)"
    r"(?:(?!(?:whether|if|that|than)\b)[a-z'’]+\s+){0,3}$"
)
# "hand over 12% of revenue", "spread over 12 racks", "forked over $5 million": "over" is the
# verb's particle, not "more than" (blind2 dev round 3: two exact figures read as lower bounds).
PARTICLE_VERB_BEFORE = re.compile(
    r"(?i)\b(?:hand|turn|spread|split|distribut|fork|sign|spann?|scatter)(?:s|ed|ing|e|ning)?\s+$"
)
# "top up to 80-percent", "adds up to $4 million", "ramped up to 5,000": after a phrasal verb with
# "up", "to" gives the level reached, and "up to" is no bound (realtext5 dev: a charge level read as
# "at most"). Verbs that may take a bound ("charge up to", "fill up to 80% of the seats") stay out.
UP_PARTICLE_BEFORE = re.compile(r"(?i)\b(?:top|add|sum|ramp|scale|climb|ratchet)(?:s|ped|ping|ed|ing)?\s+$")


# Spoken "like" before a number is "about" only where no verb or comparison can read it: after a
# pause (", like 10,000"), a verb of being, having or costing ("were like 200 people", "cost like
# $500") or a vague word ("something like 40"). "I'd like 2 tickets", "people like 3 of us" and "looks
# like 5 of them" stay exact (realtext4 dev: a spoken "like 10,000" lost its hedge).
LIKE_HEDGE_BEFORE = re.compile(
    r"(?:[,(—–]|--|\b(?i:is|are|was|were|be|been|being|had|has|have|got|get|gets|cost|costs|paid|pay|pays"
    r"|spent|took|takes|make|makes|made|earn|earns|earned|something|maybe|or|just|only))\s*$"
)


def particle_not_hedge(norm: str, floor: int, pre: re.Match[str]) -> bool:
    """Whether the PRE_HEDGE match `pre` is a verb's particle ("hand over", "top up to") or a "like"
    that is no hedge."""
    word = re.sub(r"\s+", " ", pre.group().strip().casefold())
    if word.rstrip(",") == "like":
        return LIKE_HEDGE_BEFORE.search(norm, max(floor, pre.start() - 12), pre.start()) is None
    if word == "over":
        return PARTICLE_VERB_BEFORE.search(norm, max(floor, pre.start() - 16), pre.start()) is not None
    return (
        word == "up to"
        and UP_PARTICLE_BEFORE.search(norm, max(floor, pre.start() - 12), pre.start()) is not None
    )


NEGATABLE_LOWER = re.compile(r"(?i)(?:more|higher|greater|larger|bigger)\s+than|over|above|exceed\w*")


# A starting price is a lower bound (realtext5 README: "from $700", "start at $44,000", "started at
# $200" -> at least; realtext5 dev: two such prices read exact). "start(ed) at" / "priced from" say
# so outright; a bare "from" only after a noun ("thermostats from $139", not "benefit from",
# "recovered from", "apart from") and with the amount ending its clause, so that "to $6bn from $5bn
# a year earlier" and "from $5.1bn in 2018" (a change) keep exact figures.
STARTING_PRICE_BEFORE = re.compile(
    r"\b(?i:(?:start(?:s|ed|ing)?|begin(?:s|ning)?|began)\s+(?:at|from)|priced\s+from"
    r"|(?<!\bapart\s)(?<!\baside\s)(?<!\baway\s)(?P<bare>(?<![a-z]ed\s)(?<![a-z]ing\s)from))\s+$"
)
STARTING_PRICE_AFTER = re.compile(r"\s*(?:[.,;:!?)]|$|\s(?i:and|or|on|for|with)\b)")


def starting_price(norm: str, floor: int, start: int, end: int) -> int | None:
    """Where the wording that makes the amount from `start` to `end` a starting price begins; None if
    it is none. A bare "from" needs no figure of its own clause before it (floor: where the previous
    figure ended): "$6bn from $5bn" compares two amounts."""
    m = STARTING_PRICE_BEFORE.search(norm, max(floor, start - 20), start)
    if m is None:
        return None
    if m.group("bare") is not None:
        between = norm[floor : m.start()] if floor else ""
        same_clause = floor and not re.search(r"[,;:]|\b(?i:and|or|but)\b", between)
        if same_clause or STARTING_PRICE_AFTER.match(norm, end) is None:
            return None
    return m.start()
