"""Building small stores by hand for warehouse tests (no crawl, no models)."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from core.claim import Claim, Figure
from nlp.contradiction_cues import claim_cues
from nlp.embeddings import model_name, text_key
from warehouse.claimstore import PendingVersion, save_claims

NOW = datetime(2025, 7, 30, tzinfo=UTC)


def add_article(
    con,
    article_id: str,
    source: str,
    lang: str = "en",
    duplicate_of: str | None = None,
    version: int = 1,
    text: str = "body",
) -> None:
    con.execute(
        """INSERT INTO articles (article_id, url, canonical_url, source, title, author, published_at, lang,
                                 version, duplicate_of, first_seen)
           VALUES (?, ?, NULL, ?, ?, NULL, ?, ?, ?, ?, ?)""",
        [
            article_id,
            f"https://{source}.example/{article_id}",
            source,
            f"Title {article_id}",
            NOW,
            lang,
            version,
            duplicate_of,
            NOW,
        ],
    )
    con.execute(
        "INSERT INTO article_versions (article_id, version, content_sha1, title, text, fetch_id, "
        "fetched_at, processed) VALUES (?, ?, ?, NULL, ?, 'f', ?, false)",
        [article_id, version, f"sha-{article_id}-{version}", text, NOW],
    )


def figure(value, unit, lower, upper, surface, subject, measure="value", hedge="exact", precision=0.0):
    return Figure(
        value, unit, lower, upper, surface, 0, len(surface), hedge, precision, None, subject, measure
    )


def claim(text: str, *figures: Figure, lang: str = "en", start: int = 0, cues: bool = True) -> Claim:
    """A claim as extraction makes it: with its contradiction cues (cues=False: as stored before 0016)."""
    made = Claim(text, start, start + len(text), lang, 0.8, "quantity", list(figures))
    if not cues:
        return made
    computed = claim_cues(text, [(f.start, f.end) for f in figures], NOW.date())
    return Claim(**{**made.__dict__, "cues": computed.to_dict()})


def add_claims(con, article_id: str, claims: list[Claim], version: int = 1, lang: str = "en") -> list[str]:
    return save_claims(con, PendingVersion(article_id, version, "", lang), claims)


def set_vector(con, text: str, vector: np.ndarray) -> None:
    vector = np.asarray(vector, dtype=np.float32)
    vector = vector / np.linalg.norm(vector)
    con.execute(
        "INSERT INTO embeddings VALUES (?, ?, ?::FLOAT[384]) ON CONFLICT DO NOTHING",
        [text_key(text), model_name(), vector.tolist()],
    )


def basis(i: int, j: int | None = None, mix: float = 0.0) -> np.ndarray:
    """A unit vector on axis i, optionally tilted towards axis j (cosine with e_i = cos(mix))."""
    v = np.zeros(384, dtype=np.float32)
    v[i] = np.cos(mix)
    if j is not None:
        v[j] = np.sin(mix)
    return v
