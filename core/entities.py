"""Canonical entities from the editable gazetteer (core/gazetteer.yaml), in every script."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str
    # Relations (gazetteer.yaml) that subject resolution follows (nlp/discourse.py):
    kind: str | None = None  # what a product is: system | chip | family ("the rack" finds a system)
    maker: str | None = None  # "Nvidia's accelerator" finds a product whose maker is nvidia
    family: str | None = None  # "a Blackwell GPU" in a B200 story is the B200
    parts: str | None = None  # a system's chips: a figure "per chip" of a rack is the chip's


@dataclass(frozen=True)
class Mention:
    entity: Entity
    start: int
    end: int
    text: str


class Gazetteer:
    """Alias matcher: longest alias first, word boundaries for Latin aliases."""

    def __init__(self, entries: list[dict]) -> None:
        self.entities: dict[str, Entity] = {}
        self._by_alias: dict[str, Entity] = {}
        patterns = []
        for entry in entries:
            entity = Entity(
                entry["id"],
                entry.get("name", entry["id"]),
                entry.get("type", "org"),
                *(entry.get(key) for key in ("kind", "maker", "family", "parts")),
            )
            self.entities[entity.id] = entity
            for alias in entry.get("aliases", []):
                alias = str(alias)
                # Short all-caps aliases (FT, AMD, H20) match case-sensitively: "ft" is a unit.
                key = alias if len(alias) <= 3 else alias.casefold()
                self._by_alias[key] = entity
                patterns.append(alias)
        for entity in self.entities.values():
            for relation in ("maker", "family", "parts"):
                target = getattr(entity, relation)
                if target is not None and target not in self.entities:
                    raise ValueError(
                        f"gazetteer entity {entity.id!r}: {relation} {target!r} is no entity id; "
                        f"use one of {sorted(self.entities)}"
                    )
        patterns.sort(key=len, reverse=True)
        parts = []
        for alias in patterns:
            body = re.escape(alias).replace(r"\ ", r"\s?")
            flags = "" if len(alias) <= 3 else "(?i:"
            body = f"{flags}{body})" if flags else body
            if _CJK.search(alias):
                parts.append(body)
            else:
                # ASCII boundaries: in "ファーウェイのCloudMatrix" the の is a \w character.
                # A model number's plural is the model: "100,000 H20s", "B200s".
                plural = "s?" if alias[-1].isdigit() else ""
                parts.append(rf"(?<![A-Za-z0-9_-]){body}(?={plural}(?![A-Za-z0-9_]))")
        # No alias starts at a space, nor at a Latin letter or digit inside a word where every
        # alias that can start there needs a word boundary: skipping those places first makes the
        # scan 2.8x faster (2.4 -> 0.8 s over 42,542 fixture and shared-data texts, same matches).
        inside_word = not any(_CJK.search(alias) and alias[0].isascii() for alias in patterns)
        skip = r"(?!\s|(?<=[A-Za-z0-9_-])[A-Za-z0-9])" if inside_word else r"(?!\s)"
        self._regex = re.compile(f"{skip}(?:{'|'.join(parts)})") if parts else None

    def find(self, text: str) -> list[Mention]:
        """Every alias mention in text, left to right, non-overlapping."""
        if self._regex is None:
            return []
        found = []
        for match in self._regex.finditer(_fold_width(text)):
            surface = match.group(0)
            norm = re.sub(r"\s+", " ", surface)
            entity = self._by_alias.get(norm) or self._by_alias.get(norm.casefold())
            if entity is None:  # "CloudMatrix384" matched "CloudMatrix 384" via \s?
                entity = self._by_alias.get(norm.replace(" ", "")) or self._lookup_loose(norm)
            if entity is not None:
                found.append(Mention(entity, match.start(), match.end(), text[match.start() : match.end()]))
        return found

    def related(self, entity_id: str, relation: str) -> Entity | None:
        """The entity that `relation` (maker, family, parts) of `entity_id` names, if any."""
        entity = self.entities.get(entity_id)
        target = getattr(entity, relation, None) if entity is not None else None
        return self.entities.get(target) if target else None

    def _lookup_loose(self, surface: str) -> Entity | None:
        squashed = surface.replace(" ", "").casefold()
        for alias, entity in self._by_alias.items():
            if alias.replace(" ", "").casefold() == squashed:
                return entity
        return None


def _fold_width(text: str) -> str:
    """Full-width Latin and digits to ASCII ("ＣｌｏｕｄＭａｔｒｉｘ　３８４"), one character for one,
    so match offsets still point into the original text."""
    if text.isascii():
        return text
    out = []
    for char in text:
        folded = unicodedata.normalize("NFKC", char)
        out.append(folded if len(folded) == 1 else char)
    return "".join(out)


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """The gazetteer at `path`, or the bundled core/gazetteer.yaml."""
    if path is None:
        text = resources.files("core").joinpath("gazetteer.yaml").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return Gazetteer(yaml.safe_load(text)["entities"])


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return load_gazetteer()
