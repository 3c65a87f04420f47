"""What the story an article tells is about, looked up in the gazetteer against its salience
list: the entity of a kind the story names most ("the system", 该芯片), its chip, its event, the
maker whose chips it follows, a system built of a chip, a maker's product, a ratio's rival and
its reference at the subject's level. nlp.discourse reads the sentences; these lookups answer it.

Pure: no spaCy, no store.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from core.entities import Entity, Gazetteer
from nlp.discourse_words import CJK_NOUNS, EN_NOUNS, KINDS


class StoryEntities:
    """Lookups over a story's entities; the reader (nlp.discourse.Discourse) keeps the state."""

    gazetteer: Gazetteer
    salient: list[str]  # entity ids, most salient first
    named: Counter  # entity id -> mentions in the whole article

    def _kind_of(self, noun: str) -> str | None:
        """system | chip | org for a generic noun; None: any product (製品, 产品)."""
        for kind, pattern in EN_NOUNS.items():
            if re.fullmatch(pattern, noun, re.I):
                return kind
        for kind, pattern in CJK_NOUNS.items():
            if re.fullmatch(pattern, noun):
                return kind
        return None

    def _fits(self, entity: Entity | None, kind: str | None) -> bool:
        if entity is None:  # an organisation the gazetteer does not know (nlp.unknown_orgs)
            return False
        if kind == "org":
            return entity.type == "org" and entity.kind in (None, "company")
        if kind == "event":
            return entity.type == "event"
        if kind is None:
            return entity.type == "product"
        return entity.kind in KINDS[kind]

    def _first_of(self, kind: str | None, exclude: set[str] = frozenset()) -> str | None:
        """The entity of a kind the story is about, none of `exclude`: the one the article names
        most, the one it names first on a tie. "The system", 该系统, 同社 after a sentence on the rival
        (or on AMD beside Nvidia's story) is still the story's (blind2 dev class 1: 11 misses,
        recency alone)."""
        fitting = [
            e
            for e in self.salient
            if (entity := self.gazetteer.entities.get(e)) is not None
            and e not in exclude
            and self._fits(entity, kind)
        ]
        first = {e: i for i, e in enumerate(self.named)}  # the order the article first names them
        return max(fitting, key=lambda e: (self.named[e], -first.get(e, len(first))), default=None)

    def _chip_in(self, salient) -> str | None:
        """The most salient chip of the story, if any."""
        return next((e for e in salient if self._fits(self.gazetteer.entities.get(e), "chip")), None)

    def _event_in(self, salient) -> str | None:
        """The most salient event of the story (WAIC), if any."""
        return next((e for e in salient if self._fits(self.gazetteer.entities.get(e), "event")), None)

    def _maker_in_story(self) -> str | None:
        """The company whose chips the story is about: the most salient company or product maker."""
        for entity_id in self.salient:
            entity = self.gazetteer.entities.get(entity_id)
            if entity is not None and entity.type == "org" and entity.kind in (None, "company"):
                return entity_id
            if entity is not None and entity.maker:
                return entity.maker
        return None

    def _system_of(self, chip: str, salient) -> str | None:
        """The system built of `chip`: a salient one, else the only one the gazetteer knows."""
        whole = self._whole_of(chip, salient)
        if whole:
            return whole
        entities = self.gazetteer.entities.values()
        systems = [e.id for e in entities if e.kind == "system" and self._is_part(e, chip)]
        return systems[0] if len(systems) == 1 else None

    def _is_part(self, system: Entity, part: str) -> bool:
        """Whether `part` (a chip, or its family) is what `system` is built of."""
        chip = self.gazetteer.entities.get(system.parts or "")
        return chip is not None and part in (chip.id, chip.family)

    def product_of(self, maker: str) -> str | None:
        """The story's most salient product of `maker` (an org), or None."""
        entity = self.gazetteer.entities.get(maker)
        return self._product_of(maker, None) if entity is not None and entity.type == "org" else None

    def _product_of(self, maker: str, kind: str | None) -> str | None:
        """The most salient product of `maker` (of a kind): "Nvidia's rack" in a GB200 story."""
        for entity_id in self.salient:
            entity = self.gazetteer.entities.get(entity_id)
            if entity is not None and entity.maker == maker and self._fits(entity, kind) and kind != "org":
                return entity_id
        return None

    def rival_of(self, subject: str | None, salient) -> str | None:
        """The product a ratio of `subject` is against when the sentence says only "the latter",
        "its rival", 后者, 競合: the most salient other product of the subject's kind."""
        subj = self.gazetteer.entities.get(subject) if subject else None
        if subj is None or subj.type != "product" or subj.kind not in ("system", "chip"):
            return None
        return self._first_salient(salient, subject, lambda e: e.type == "product" and e.kind == subj.kind)

    def _first_salient(self, salient, subject: str | None, fits: Callable[[Entity], bool]) -> str | None:
        """The most salient entity other than `subject` that `fits`, or None."""
        for entity_id in salient:
            entity = self.gazetteer.entities.get(entity_id)
            if entity is not None and entity_id != subject and fits(entity):
                return entity_id
        return None

    def reference_of(self, reference: str | None, subject: str | None, salient) -> str | None:
        """A ratio's reference at its subject's level: "Nvidia's flagship" against a system is
        Nvidia's system, "a Blackwell GPU" against a chip is the Blackwell chip; the most salient
        such product, else the only one the gazetteer knows. Otherwise the reference as it is.
        One outlet writing "1.4 times Nvidia's flagship" and another "2 times the GB200 NVL72" state
        one fact and must share its key (beat class 4, round 2)."""
        ref = self.gazetteer.entities.get(reference) if reference else None
        subj = self.gazetteer.entities.get(subject) if subject else None
        if ref is None or subj is None or subj.type != "product" or subj.kind not in ("system", "chip"):
            return reference
        if ref.type == "org" and ref.kind in (None, "company"):

            def fits(e: Entity) -> bool:
                return e.maker == ref.id and e.kind == subj.kind

        elif ref.kind == "family" and subj.kind == "chip":

            def fits(e: Entity) -> bool:
                return e.family == ref.id and e.kind == "chip"

        else:
            return reference
        if (found := self._first_salient(salient, subject, fits)) is not None:
            return found
        known = [e.id for e in self.gazetteer.entities.values() if e.id != subject and fits(e)]
        return known[0] if len(known) == 1 else reference

    def _whole_of(self, part: str, candidates) -> str | None:
        """The first of `candidates` that is a system built of `part`."""
        for entity_id in candidates:
            entity = self.gazetteer.entities.get(entity_id)
            if entity is not None and entity.kind == "system" and self._is_part(entity, part):
                return entity_id
        return None
