"""The plain data a claim is stored as: a claim sentence and its normalised figures.

nlp.claims builds these; warehouse/ stores them. They live in core/ so that the store never
imports nlp (issue #12): every field is a plain value, no spaCy object and no nlp type.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from core.facts import fact_key


@dataclass(frozen=True)
class Figure:
    value: float
    unit: str
    lower: float | None
    upper: float | None
    surface: str
    start: int  # offsets within the claim text
    end: int
    hedge: str
    precision: float
    noun: str | None
    subject: str | None  # canonical entity id
    measure: str | None
    reference: str | None = None  # ratios: what the subject is compared with
    subject_from: str | None = None  # how the subject was found: nlp.discourse.SUBJECT_FROM

    @property
    def fact_key(self) -> str | None:
        return fact_key(self.subject, self.measure, self.unit, self.reference, self.subject_from)


@dataclass(frozen=True)
class Claim:
    text: str
    start: int  # offsets within the article text
    end: int
    lang: str
    checkworthiness: float
    claim_type: str
    figures: list[Figure] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)  # canonical ids (gazetteer)
    attributed: bool = False
    attributed_to: str | None = None  # canonical id when known, else the source as written
    ner: list[dict] = field(default_factory=list)  # other named entities: {"text", "label"}
    # nlp.contradiction_cues.Cues.to_dict() of the sentence, set by extract_claims_many (None:
    # not computed; the store computes it in the NLP stage, never reads None as "no cue").
    cues: dict | None = None

    def to_dict(self) -> dict:
        return asdict(self)
