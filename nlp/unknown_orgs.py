"""An organisation the gazetteer does not know, as what an English sentence is about.

"Cambricon Technologies said first-half revenue rose 4,347.82% to 2.88 billion yuan, as cloud
companies bought domestic accelerators in place of Nvidia's parts": the figures are Cambricon's,
not those of the company a later clause names; "The company's fabs ran at 95.8% of capacity" after
a sentence about SMIC is SMIC's, not the story's main company's. With no entry for the
organisation, the figure has no subject (it keys no fact, nlp.claims.fact_key) rather than a
wrong one: keyed to Nvidia, Cambricon's revenue growth was flagged against Nvidia's (blind7 and
blind8 dev classes: Cambricon, SMIC, TSMC, Nexperia).

The organisation comes from the pipeline's named entities (spaCy's ORG: en_core_web_sm has no
parser here, so "the subject" is read from the position: the sentence opens on it, past a short
lead-in such as "Chinese chipmaker" or "In a filing on Friday,", and a verb or a possessive
follows). `UNKNOWN_ORG` stands for it in the discourse (nlp.discourse): a pronoun or "the company"
in the next sentence refers to it, and a figure resolved to it has no subject.

Pure: no spaCy, no store; nlp.claims calls it with the sentence's entities.
"""

from __future__ import annotations

import re

from core.entities import Entity, Mention

UNKNOWN_ORG = Entity("?org", "an organisation the gazetteer does not know", "org")

# "Chinese AI chipmaker ", "Shares of ", "In a filing on Friday, the ": up to a clause and four
# words before the name, none of them a verb's object marker that would make it a complement.
_LEAD_IN = re.compile(r"^(?:[^,;:]{0,60},\s+)?(?:(?:the|a|an)\s+)?(?:[\w'’.-]+\s+){0,4}$", re.I)
# After the name: its possessive, or a verb or adverb ("said", "posted", "plans", "also"); not a
# list ("Zenith and Nvidia"), a complement ("of", "in") or an apposition (", the chipmaker,").
_FOLLOWS = re.compile(r"['’]s\b|\s+(?!(?:and|or|of|in|on|at|for|to|with|from|by|as)\b)[a-z]")
# Words the English NER labels ORG that name technology, not an organisation.
_NOT_ORGS = re.compile(r"(?i)^(?:the\s+)?(?:hbm|gpus?|cpus?|npus?|tpus?|ai|dram|nand|fp\d+|bf16|ev|pc)$")
_ORG_LABELS = {"ORG"}


def unknown_subject(
    sentence: str, lang: str, ner: list[tuple[str, str, int, int]], mentions: list[Mention]
) -> Mention | None:
    """The unknown organisation an English sentence opens on, or None (any other language, a
    known entity named first, or no organisation in the subject's place)."""
    if lang != "en":
        return None
    first_known = min((m.start for m in mentions), default=len(sentence))
    for text, label, start, end in ner:
        if label not in _ORG_LABELS or start >= first_known:
            continue
        if any(m.start < end and start < m.end for m in mentions):
            continue
        name = re.sub(r"['’]s$", "", text)
        end = start + len(name)
        if any(ch.isdigit() for ch in name) or _NOT_ORGS.match(name):
            continue
        if _LEAD_IN.match(sentence[:start]) and _FOLLOWS.match(sentence, end):
            return Mention(UNKNOWN_ORG, start, end, name)
        return None  # the first organisation is not in the subject's place: nothing to say
    return None
