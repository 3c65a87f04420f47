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
    """

    event: str | None
    periods: dict[str, frozenset[int]]
    scopes: tuple[str, ...]

    def to_dict(self) -> dict:
        return {
            "event": self.event,
            "periods": {kind: sorted(values) for kind, values in sorted(self.periods.items())},
            "scopes": list(self.scopes),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict) -> Cues:
        periods = {kind: frozenset(int(v) for v in values) for kind, values in data["periods"].items()}
        return cls(data["event"], periods, tuple(data["scopes"]))

    @classmethod
    def from_json(cls, text: str) -> Cues:
        return cls.from_dict(json.loads(text))
