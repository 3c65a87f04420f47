"""Subjects through an article's discourse: what "it", "the system", 同システム, 该芯片 and a bare
"消費電力は…" refer to, and the gazetteer relations that turn "Nvidia's accelerator" into the H200
of the story and "per GPU" of a rack into its chip.

An article is read sentence by sentence (`Discourse.read`); every sentence updates the salience
list (the entities named or referred to, its subject first), the Japanese は/も topic and, for
the whole article, its main entity. A figure's subject then records how it was found:

- named: an entity of its own sentence;
- carried: a pronoun, a definite description or a topic carried from earlier sentences;
- maker-of: a company named where its product is meant ("Huawei's system", "Nvidia's rack");
- part-of: a per-chip figure of a system (the chip), a per-rack figure of a chip (the system);
- fallback: the sentence names nothing; the article's main entity is a guess. A guess never
  keys a fact (nlp.claims.fact_key), so it links and contradicts nothing.

Pure: no spaCy, no store; nlp.claims calls it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from core.entities import Gazetteer, Mention, default_gazetteer
from core.facts import CARRIED, FALLBACK, MAKER_OF, NAMED, PART_OF, SUBJECT_FROM  # noqa: F401
from nlp.discourse_words import (
    CJK_CHIPS,
    CJK_DESC,
    CJK_POSSESSIVE,
    EN_CHIPS,
    EN_DESC,
    EN_INNER_PRONOUN,
    EN_MEASURE_OPENING,
    EN_POSSESSIVE,
    EN_PRONOUN,
    EVENT_COUNT,
    HARDWARE_TALK,
    JA_TOPIC,
    MEASURE_NOUN,
    PART_NOUN,
    PER_CARD,
    PER_PART,
    PER_WHOLE,
    PHYSICAL_MEASURES,
    PHYSICAL_UNITS,
    RIVAL,
    SYSTEM_NOUN,
    ZH_MEASURE_OPENING,
)
from nlp.measures import SERVER_PRICE
from nlp.story import StoryEntities
from nlp.subjects import COUNTED_BEFORE, REFERENCE_BEFORE, TOPIC_MARK, cjk_references
from nlp.unknown_orgs import UNKNOWN_ORG


@dataclass(frozen=True)
class Reading:
    """One sentence as the discourse reads it."""

    mentions: list[Mention]  # gazetteer mentions and resolved references, left to right
    how: dict[tuple[int, int], str]  # (start, end) of a resolved reference -> carried | maker-of
    topic: str | None  # what a subjectless figure carries (ja は-topic, else the last subject)
    main: str | None  # the article's main entity: the fallback
    salient: tuple[str, ...]  # entity ids, most salient first, this sentence included
    opens_on_measure: bool = False  # "Power draw is…": the sentence speaks of the topic


@dataclass
class Discourse(StoryEntities):
    """The running state of one article: salience, the Japanese topic, its main entity."""

    lang: str
    main: str | None = None
    named: Counter = field(default_factory=Counter)  # entity id -> mentions in the whole article
    salient: list[str] = field(default_factory=list)
    topic: str | None = None
    gazetteer: Gazetteer = field(default_factory=default_gazetteer)

    def read(
        self,
        sentence: str,
        mentions: list[Mention],
        source: tuple[int, int] | None = None,
        unknown: Mention | None = None,
    ) -> Reading:
        """Resolve the sentence's references against earlier sentences, then remember it.

        Args:
            mentions: the sentence's gazetteer mentions, left to right.
            source: the span of its attribution ("according to SemiAnalysis"), never a topic.
            unknown: an organisation the gazetteer does not know that the sentence opens on
                (nlp.unknown_orgs): what the next sentence's "it" and "the company" refer to.
        """
        own = [m for m in mentions if source is None or m.end <= source[0] or m.start >= source[1]]
        found, how = self._references(sentence, own)
        merged = sorted(
            [m for m in mentions if not any(r.start <= m.start < r.end for r in found)] + found,
            key=lambda m: m.start,
        )
        carried = (
            self.topic if self.lang == "ja" and self.topic else (self.salient[0] if self.salient else None)
        )
        self._remember(sentence, [m for m in merged if m in found or m in own])
        if unknown is not None:
            self.salient = [UNKNOWN_ORG.id] + [e for e in self.salient if e != UNKNOWN_ORG.id]
        return Reading(
            merged,
            how,
            carried,
            self.main,
            tuple(self.salient),
            bool(
                (self.lang == "en" and EN_MEASURE_OPENING.match(sentence.lstrip()))
                or (self.lang == "zh" and ZH_MEASURE_OPENING.match(sentence.lstrip()))
            ),
        )

    # ------------------------------------------------------------ references

    def _references(self, sentence: str, own: list[Mention]) -> tuple[list[Mention], dict]:
        found: list[Mention] = []
        how: dict[tuple[int, int], str] = {}
        taken = {m.entity.id for m in own}
        inner_it: tuple[str, int, int, str] | None = None

        def add(entity_id: str | None, start: int, end: int, label: str) -> None:
            entity = (
                UNKNOWN_ORG if entity_id == UNKNOWN_ORG.id else self.gazetteer.entities.get(entity_id or "")
            )
            if entity is not None and not any(f.start < end and start < f.end for f in found):
                found.append(Mention(entity, start, end, sentence[start:end]))
                how[(start, end)] = label
                taken.add(entity.id)

        # A company where its product is meant: "Nvidia's accelerator", エヌビディアのラック.
        for m in own:
            if m.entity.type != "org":
                continue
            match = (EN_POSSESSIVE if self.lang == "en" else CJK_POSSESSIVE).match(sentence[m.end :])
            if match:
                kind = self._kind_of(match.group("noun"))
                add(self._product_of(m.entity.id, kind), m.start, m.end + match.end(), MAKER_OF)
        if self.lang == "en":
            pronoun = EN_PRONOUN.match(sentence)
            if pronoun and not any(m.start < pronoun.end() for m in own) and self.salient:
                word = pronoun.group(0).split()[-1]
                add(self._antecedent(sentence), pronoun.end() - len(word), pronoun.end(), CARRIED)
            elif not pronoun and self.salient:
                # "Compared with the GB200 NVL72 (180 PF), it delivers…": "it" after only what the
                # sentence compares with is the story's subject. Not an "it" with nothing before
                # it: on the blind corpus that cost cluster precision (0.743 -> 0.736) and a
                # cross-language link for one must-not-flag pair and two false flags fewer.
                inner = EN_INNER_PRONOUN.search(sentence)
                before = [m for m in own if inner and m.start < inner.start()]
                if (
                    inner
                    and before
                    and all(
                        REFERENCE_BEFORE.search(sentence[: m.start])
                        or COUNTED_BEFORE.search(sentence, 0, m.start)
                        for m in before
                    )
                ):
                    # Resolved after the descriptions: in "The rack links 384 Ascend chips, and it
                    # reaches 300 PFLOPS" both are the story's system; taken first, "it" left
                    # "The rack" nothing, and the count fell to the chips (blind dev class 3).
                    inner_it = (self.salient[0], inner.start(), inner.end(), CARRIED)
            descriptions = EN_DESC.finditer(sentence)
        else:
            descriptions = CJK_DESC.finditer(sentence)
        if not own and self.salient:
            chips = (EN_CHIPS if self.lang == "en" else CJK_CHIPS).search(sentence)
            maker = self._maker_in_story()
            if chips and maker:
                add(maker, chips.start(), chips.end(), CARRIED)
        for match in descriptions:
            if any(m.start < match.end() and match.start() < m.end for m in own):
                continue  # "the GB200 NVL72 rack", "Huawei's system": named or resolved already
            groups = match.groupdict()
            if groups.get("it"):  # 其/它: the topic, unless the sentence named its owner before
                if not any(m.end <= match.start() for m in own) and self.salient:
                    add(self.salient[0], match.start(), match.end(), CARRIED)
                continue
            kind = "system" if groups.get("whole") else self._kind_of(groups.get("noun") or "")
            if kind == "org" and self.salient and self.salient[0] == UNKNOWN_ORG.id and not own:
                add(UNKNOWN_ORG.id, match.start(), match.end(), CARRIED)  # "The company's fabs…"
                continue
            if kind == "org":  # "the H20 … the company's partner": the maker of what it just named
                maker = next((m.entity.maker for m in own if m.end <= match.start() and m.entity.maker), None)
                if maker:
                    add(maker, match.start(), match.end(), CARRIED)
                    continue
            exclude = set(taken)
            if RIVAL.search(groups.get("adj") or "") and not any(self._fits(m.entity, kind) for m in own):
                exclude.add(self._first_of(kind))  # "the rival rack": not the one the story is about
            add(self._first_of(kind, exclude), match.start(), match.end(), CARRIED)
        if inner_it is not None:
            add(*inner_it)
        return found, how

    def _compared_with(self, reading: Reading, sentence: str) -> set[str]:
        """Entities the sentence names only as what it compares with ("Yに対し", "against Y")."""
        if self.lang in ("ja", "zh"):
            return {
                reading.mentions[i].entity.id for i in cjk_references(reading.mentions, self.lang, sentence)
            }
        return {m.entity.id for m in reading.mentions if REFERENCE_BEFORE.search(sentence[: m.start])}

    def _antecedent(self, sentence: str) -> str:
        """What "It"/"Its" opening a sentence refers to: the most salient entity, unless that is
        an event and the sentence speaks of hardware ("Its 384 Ascend chips together deliver 0.3
        exaflops" after a sentence on the fair: blind4 dev), then the most salient product."""
        first = self.gazetteer.entities.get(self.salient[0])
        if first is not None and first.type == "event" and HARDWARE_TALK.search(sentence):
            product = self._first_salient(self.salient, None, lambda e: e.type == "product")
            return product or self.salient[0]
        return self.salient[0]

    def chip_of_server(self, reading: Reading) -> tuple[str, str] | None:
        """(chip, how) a server's price is keyed to: the chip its sentence names ("servers with
        eight B200s", 配备8颗B200的服务器), else the story's chip ("eight of the chips"); None when
        the sentence names a system, whose own price it is."""
        own = [(m, self.gazetteer.entities.get(m.entity.id)) for m in reading.mentions]
        chip = next((m for m, e in own if self._fits(e, "chip")), None)
        if chip is not None:
            return chip.entity.id, reading.how.get((chip.start, chip.end), NAMED)
        if any(e is not None and e.kind == "system" for _, e in own):
            return None
        story_chip = self._chip_in(reading.salient)
        return (story_chip, CARRIED) if story_chip else None

    def _event_at_count(self, reading: Reading, names_any: bool) -> tuple[str, str] | None:
        """(event, how) for a count of those taking part: the event the sentence names ("600
        companies took part in the World Artificial Intelligence Conference", "exhibiting at this
        year's fair": blind4 dev, a later entity being no counted thing left them without one),
        else, in a sentence naming nothing, the story's."""
        for m in reading.mentions:
            if self._fits(m.entity, "event"):
                return m.entity.id, reading.how.get((m.start, m.end), NAMED)
        event = None if names_any else self._event_in(reading.salient)
        return (event, CARRIED) if event else None

    # ------------------------------------------------------------ state

    def _remember(self, sentence: str, mentions: list[Mention]) -> None:
        """This sentence's entities go first, its subject (ja: the は/も topic) before the rest."""
        if not mentions:
            return
        # "Huawei's CloudMatrix 384": the product is what the sentence is about, its maker after it.
        possessive = {
            m.entity.id
            for m, nxt in pairwise(mentions)
            if m.entity.type == "org"
            and nxt.entity.type == "product"
            and re.fullmatch(r"\s*(?:'s|’s|の|的)?\s*", sentence[m.end : nxt.start])
        }
        ids = list(dict.fromkeys(m.entity.id for m in mentions))
        ids = [e for e in ids if e not in possessive] + [e for e in ids if e in possessive]
        if self.lang == "ja":
            topics = [
                m.entity.id for m in mentions if (t := TOPIC_MARK.match(sentence, m.end)) and t[1] in "はも"
            ]
            if topics:
                self.topic = topics[0]
                ids.remove(topics[0])
                ids.insert(0, topics[0])
        self.salient = ids + [e for e in self.salient if e not in ids]

    # ------------------------------------------------------------ figures

    def subject_of(
        self,
        chosen: Mention | None,
        reading: Reading,
        sentence: str,
        at: tuple[int, int],
        unit: str,
        measure: str | None,
        names_any: bool,
    ) -> tuple[str | None, str | None]:
        """(subject, how) of one figure at `at` (offsets in `sentence`), given the mention the
        sentence's own rules chose (nlp.claims); `names_any`: the sentence names an entity."""
        if measure == SERVER_PRICE and (server := self.chip_of_server(reading)) is not None:
            return server
        if chosen is not None:
            subject, how = chosen.entity.id, reading.how.get((chosen.start, chosen.end), NAMED)
        elif not names_any and self._carries(sentence, at[0], reading):
            subject, how = reading.topic, CARRIED
        elif (
            unit == "count"
            and EVENT_COUNT.search(_clause(sentence, at))
            and (event := self._event_at_count(reading, names_any))
        ):
            return event
        elif (
            not names_any
            and measure == "price"
            and PER_CARD.search(sentence)
            and (chip := self._chip_in(reading.salient))
        ):
            # "Buyers paid about $30,000 per card" in an H200 story: one card of the story's chip
            # (blind3 dev round 4: the company fallback keyed nothing; ja 販売価格は… was carried).
            return chip, CARRIED
        elif not names_any and reading.main and unit not in ("count", "year"):
            # A count names what it counts ("800 exhibitors") and a date dates an event: neither
            # is a property of the story's main entity.
            return reading.main, FALLBACK
        else:
            return None, None
        return self._relations(subject, how, reading, sentence, at, unit, measure)

    def _carries(self, sentence: str, start: int, reading: Reading) -> bool:
        """Whether a figure in a sentence naming nothing is the topic's: Japanese zero subjects and
        measure topics (消費電力は…), an English sentence opening on a measure ("Power draw is…")."""
        if reading.topic is None:
            return False
        if self.lang == "ja":
            topics = JA_TOPIC.findall(sentence[:start])
            return not topics or bool(MEASURE_NOUN.search(topics[-1]) or PART_NOUN.search(topics[-1]))
        return reading.opens_on_measure

    def _relations(
        self,
        subject: str | None,
        how: str,
        reading: Reading,
        sentence: str,
        at: tuple[int, int],
        unit: str,
        measure: str | None,
    ) -> tuple[str | None, str | None]:
        entity = self.gazetteer.entities.get(subject) if subject else None
        if entity is None:
            return subject, how
        if entity.type == "org" and (
            unit in PHYSICAL_UNITS
            or measure == "price"
            or (unit == "x" and measure in PHYSICAL_MEASURES | {"price"})
            or measure == "count:transceiver"  # a company has no transceivers: its system does
        ):
            # A company has no FLOPS, kW or unit price: in a story about its system, the system
            # is meant ("Huawei unveiled the CloudMatrix 384. It costs $8 million").
            # Its system before its chip: "華為技術は…910Cを384個つないだ「CloudMatrix 384」を公開した。
            # 消費電力は約0.6メガワット" is the system's (a per-chip figure says so: PER_PART below).
            # Not the product the sentence compares with: "メモリー容量は80GBのH100に対し、約1.8倍"
            # after エヌビディアは「H200」を発表した is the H200's (made-up case of blind4's dev class).
            compared = self._compared_with(reading, sentence)
            made = [
                e
                for e in reading.salient
                if (p := self.gazetteer.entities.get(e)) is not None and p.maker == subject
            ]
            made = [e for e in made if e not in compared] or made
            systems = [e for e in made if self.gazetteer.entities[e].kind == "system"]
            product = (systems or made or [None])[0]
            if product is None:
                # "Its bandwidth is 1,229 TB/s, 2.1 times Nvidia's 576 TB/s" in a CloudMatrix story:
                # the rival company's figure is its product at the story's level, as the ratio's
                # reference is (`reference_of`; blind class H, made-up cases).
                peer = next(
                    (e for e in reading.salient if self._fits(self.gazetteer.entities.get(e), None)), None
                )
                level = self.reference_of(subject, peer, reading.salient) if peer else subject
                product = level if level != subject else None
            if product is not None:
                subject, how, entity = product, MAKER_OF, self.gazetteer.entities[product]
                chip = entity.kind in ("chip", "family")
                whole = self._system_of(product, reading.salient) if chip else None
                if whole and SYSTEM_NOUN.search(sentence) and not PER_PART.search(_clause(sentence, at)):
                    # "Huawei says its new cluster reaches 300 PFLOPS, using Ascend 910C chips":
                    # the company's system-level figure is the system's, not its chip's.
                    return whole, PART_OF
        near = _clause(sentence, at)
        if entity.kind == "system" and entity.parts and unit != "count" and PER_PART.search(near):
            return entity.parts, PART_OF  # "1.7 kW per GPU" of a rack is its chip's figure
        if entity.kind in ("chip", "family"):
            if PER_WHOLE.search(near):
                whole = self._whole_of(subject, reading.salient)
                # A per-rack figure is no chip's figure: the rack's when the story names it, else none.
                return (whole, PART_OF) if whole else (None, None)
            if unit == "count":  # "The GB200 NVL72 connects 72 Blackwell GPUs with 36 Grace CPUs"
                named = [m.entity.id for m in reading.mentions if m.start < at[0]]
                whole = self._whole_of(subject, named)
                if whole:
                    return whole, how
        return subject, how


# A parenthesis holding a figure is a clause of its own: "300 PFLOPS (780 TFLOPS per chip)".
_CLAUSE_START = re.compile(r"[、，,;；。]|[(（](?=[^()（）]*\d)")
_CLAUSE_STOP = re.compile(r"[、，,;；。)）]|[(（](?=[^()（）]*\d)")


def _clause(sentence: str, at: tuple[int, int]) -> str:
    """The clause a figure stands in ("…約120キロワットで、GPU1基あたり約1.7キロワット": two)."""
    start = max((m.end() for m in _CLAUSE_START.finditer(sentence, 0, at[0])), default=0)
    end = _CLAUSE_STOP.search(sentence, at[1])
    return sentence[start : end.start() if end else len(sentence)]


def main_entity(sentences: list[list[Mention]]) -> str | None:
    """The article's main entity: the one named most often (two mentions at least, unless it is
    the only one), the earliest on a tie; sources of attribution are left out by the caller."""
    counts = Counter(m.entity.id for mentions in sentences for m in mentions)
    if not counts:
        return None
    order = {e: i for i, e in enumerate(dict.fromkeys(m.entity.id for ms in sentences for m in ms))}
    best = min(counts, key=lambda e: (-counts[e], order[e]))
    return best if counts[best] >= 2 or len(counts) == 1 else None
