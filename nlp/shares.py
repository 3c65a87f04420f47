"""A fraction word's reading: a share of a group or a measure (vague, no figure) or a multiple of an
amount (x). GUIDE lists "half", "a third" of a group among the vague quantities; "a third of the cost",
"less than a sixth of the H100" compare two amounts. Pure rules on the normalised sentence;
`nlp.atoms.parse_atom` asks them for "half" and the fraction words.
"""

from __future__ import annotations

import re

from nlp.nouns import english_noun
from nlp.units import CURRENCY_SUFFIX, EN_MEASURE, PERCENT, PHYSICAL

# A fraction of a measure is a measure ("three-tenths of an inch", "four-tenths of a second"), and of
# a group of people or things a share, which GUIDE lists among the vague quantities ("a third of the
# voters"); both were false x figures. Of what it is compared with it stays x ("a third of the
# cost", "less than a sixth of the H100").
_FRACTION_OF_ONE = re.compile(r"\s+of\s+(?i:a|an|one)(?=\s)")
# "half the drivers" is "half of the drivers" (realtext7 dev: "half the ..." read as x).
# ... with the group's size between ("a third of the 300 employees": round 11, made up)
_FRACTION_OF_THE = re.compile(
    r"\s+(?:of\s+)?(?i:the|its|their|his|her|our|these|those)(?:\s+[0-9][0-9,]*(?![0-9.,]))?(?= )"
)
# ... and of a group named by a pronoun: "1,500 people, half of them in Texas", "a third of us" (round
# 11, made up: a false x figure)
_FRACTION_OF_PRONOUN = re.compile(r"\s+of\s+(?i:them|us|you|whom)\b")
# ... also of an owner's group ("a third of WeWork's 12,000 employees", "one-third of Europe's
# population", "half of the city's residents"), and of a group named in the singular ("a third of the
# workforce") (realtext7 dev: two false x figures); "a third of Nvidia's revenue" stays x.
_FRACTION_OF_OWNER = re.compile(
    r"\s+of\s+(?:(?i:the)\s+)?[A-Za-z][\w&.-]*(?:['’]s|s['’])(?:\s+[0-9][0-9,.]*)?(?=\s)"
)
# ... and of a bare plural group: "more than half of protesters", "a third of all voters".
_FRACTION_OF_BARE = re.compile(r"\s+of(?=\s+(?:(?i:all|most)\s+)?[a-z])")
# ... but not of an amount, which stays x ("a fifth of sales", the case).
_AMOUNT_NOUN = re.compile(
    r"\s+(?:(?i:all|most)\s+)?(?i:sales|revenues?|earnings|profits|exports|imports|shipments|orders|costs"
    r"|spending|income|assets|deposits|output|production)\b"
)
_GROUP_NOUN = re.compile(r"\s*(?i:population|workforce|staff|electorate|membership|citizenry)\b")


def share_of_group(norm: str, pos: int) -> bool:
    """Whether the "of" after a fraction word at `pos` leads to a measure or a group (plural noun)."""
    if (one := _FRACTION_OF_ONE.match(norm, pos)) is not None:
        return EN_MEASURE.match(norm, one.end()) is not None
    if _FRACTION_OF_PRONOUN.match(norm, pos):
        return True
    the = (
        _FRACTION_OF_OWNER.match(norm, pos)
        or _FRACTION_OF_THE.match(norm, pos)
        or _FRACTION_OF_BARE.match(norm, pos)
    )
    if the is not None:
        if any(u.match(norm, the.end()) for u in (PHYSICAL, CURRENCY_SUFFIX, PERCENT)):
            return False  # "a sixth of the H100's 989 teraflops": an amount
        if the.re is not _FRACTION_OF_THE and _AMOUNT_NOUN.match(norm, the.end()):
            return False  # "a fifth of sales", "half of Nvidia's revenues": a share of an amount
        noun = english_noun(norm, the.end())
        return (noun is not None and noun[0].islower()) or _GROUP_NOUN.match(norm, the.end()) is not None
    return False
