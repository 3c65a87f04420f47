"""Invariant 4: superseded and duplicate content never creates links or contradictions of its
own (DESIGN.md). The rule on plain values; in the store it is the `eligible_claims` view
(warehouse/migrations/0015_figure_keys.sql), the only SQL that encodes it.
"""

from __future__ import annotations

from typing import Protocol


class Placed(Protocol):
    """A claim as the rule sees it: its article, whether it is current, and the original its
    article copies (None: not a syndicated copy)."""

    @property
    def article_id(self) -> str: ...
    @property
    def current(self) -> bool: ...
    @property
    def duplicate_of(self) -> str | None: ...


def eligible(current: bool, duplicate_of: str | None) -> bool:
    """Whether a claim takes part in links, clusters and contradictions: it is current (no newer
    version of its article dropped it) and its article is no syndicated copy."""
    return bool(current) and duplicate_of is None


def independent(a: Placed, b: Placed) -> bool:
    """Whether two claims may contradict each other: both eligible, of different articles (a
    claim and its replacement in one article, or a copy and its original, never do)."""
    return (
        eligible(a.current, a.duplicate_of)
        and eligible(b.current, b.duplicate_of)
        and (a.article_id != b.article_id)
    )
