"""One claim's contradiction cues as the store keeps them (claims.cues, migration 0016).

A pure record: nlp/contradiction_cues.py computes it at extraction, warehouse/ reads it back
without importing nlp/.
"""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class Cues:
    """What the contradiction stage reads in a claim's sentence, computed once at extraction.

    scopes: one per figure, in the claim's figure order ('part', 'whole', 'unspecified').
    figure_periods: one per figure, the periods of its own reach where a later clause names
    periods that are not its own (None: the sentence's `periods`); empty in cues stored before
    they existed.
    """

    event: str | None
    periods: dict[str, frozenset[int]]
    scopes: tuple[str, ...]
    figure_periods: tuple[dict[str, frozenset[int]] | None, ...] = ()

    def to_dict(self) -> dict:
        return {
            "event": self.event,
            "periods": _periods_dict(self.periods),
            "scopes": list(self.scopes),
            "figure_periods": [None if p is None else _periods_dict(p) for p in self.figure_periods],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict) -> Cues:
        own = tuple(None if p is None else _periods(p) for p in data.get("figure_periods", ()))
        return cls(data["event"], _periods(data["periods"]), tuple(data["scopes"]), own)

    @classmethod
    def from_json(cls, text: str) -> Cues:
        return cls.from_dict(json.loads(text))


def _periods_dict(periods: dict[str, frozenset[int]]) -> dict[str, list[int]]:
    return {kind: sorted(values) for kind, values in sorted(periods.items())}


def _periods(data: dict) -> dict[str, frozenset[int]]:
    return {kind: frozenset(int(v) for v in values) for kind, values in data.items()}
