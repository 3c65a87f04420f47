"""Fact keys and orientation: which figures state the same fact, and in which direction.

A fact key is (subject, measure, unit), the same whatever language the figure is written in
(DESIGN.md, "fact key"). Two rules make it more than a tuple:

- a ratio between two entities is keyed by the pair in a fixed (sorted) order, so "A is 1.7
  times B" and "B is 7.5 times slower than A" meet; `oriented` turns the second one's interval
  into the key's direction (A:B) so both can be compared;
- a subject that is the article's main entity only by fallback (the sentence names nothing)
  keys nothing: a guess never links or contradicts ("roughly $50,000 per rack" in an Nvidia
  story is no Nvidia figure).

The store keeps each figure's key and oriented bounds in columns (migration 0015), written
when claims are stored, so no query re-derives them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# How a figure's subject was resolved (nlp/discourse.py finds it; the store keeps it in
# figures.subject_from). Only FALLBACK changes a rule here.
NAMED, CARRIED, MAKER_OF, PART_OF, FALLBACK = "named", "carried", "maker-of", "part-of", "fallback"
SUBJECT_FROM = (NAMED, CARRIED, MAKER_OF, PART_OF, FALLBACK)


def fact_key(
    subject: str | None,
    measure: str | None,
    unit: str,
    reference: str | None = None,
    subject_from: str | None = None,
) -> str | None:
    """(subject, measure, unit) as "subject|measure|unit"; a ratio between two entities as
    "first~second|measure|x" (the pair sorted). None for no subject, a date of no named event
    (measure "date", not "date:<event>"), or a subject found only by fallback."""
    if subject is None or subject_from == FALLBACK:
        return None
    if unit == "year" and not (measure or "").startswith("date:"):
        return None  # a date keys a fact only as the date of a named event (nlp.events.event_dated)
    if unit == "x" and reference and reference != subject:
        first, second = sorted((subject, reference))
        return f"{first}~{second}|{measure}|x"
    return f"{subject}|{measure}|{unit}"


def inverted(subject: str | None, reference: str | None, unit: str) -> bool:
    """Whether a figure reads against its key's direction: a ratio whose subject sorts after
    its reference ("B is 7.5x slower than A", keyed A~B, is stored as B:A)."""
    return bool(unit == "x" and reference and subject and subject > reference)


def invert(lower: float | None, upper: float | None) -> tuple[float | None, float | None]:
    """The interval of 1/r for a ratio r in [lower, upper] (None: unbounded; ratios are > 0)."""
    return (1 / upper if upper else None), (1 / lower if lower else None)


def oriented(
    subject: str | None, reference: str | None, unit: str, lower: float | None, upper: float | None
) -> tuple[float | None, float | None]:
    """A ratio's interval as first/second of its fact key's pair; other figures unchanged."""
    if inverted(subject, reference, unit):
        return invert(lower, upper)
    return lower, upper


@dataclass(frozen=True)
class KeyedBounds:
    """What the store keeps of a figure in its key's terms (figures.fact_key, key_value,
    key_lower, key_upper): None bounds are open, a None value a zero ratio inverted."""

    fact_key: str | None
    key_value: float | None
    key_lower: float | None
    key_upper: float | None


def keyed_bounds(
    subject: str | None,
    measure: str | None,
    unit: str,
    reference: str | None,
    subject_from: str | None,
    value: float,
    lower: float | None,
    upper: float | None,
) -> KeyedBounds:
    """A figure's fact key, and its value and bounds oriented to that key."""
    key_lower, key_upper = oriented(subject, reference, unit, lower, upper)
    key_value = oriented(subject, reference, unit, value, value)[0]
    return KeyedBounds(
        fact_key(subject, measure, unit, reference, subject_from), key_value, key_lower, key_upper
    )


Periods = Mapping[str, frozenset[int]]


def periods_meet(a: Periods, b: Periods) -> bool:
    """Whether two figures' periods ({"quarter": {2}, "year": {2025}}, nlp/periods.py) can be one:
    False when both name a period of one kind and the two never meet ("$46.7 billion in the
    second quarter" and "$57 billion in the third" are two facts, not one in disagreement)."""
    return all(a[kind] & b[kind] for kind in a.keys() & b.keys())
