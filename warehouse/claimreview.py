"""schema.org ClaimReview JSON-LD for reviewed contradictions (issue #6).

A contradiction is two claims that disagree on one fact; a reviewer's verdict on it is
published as a ClaimReview of that fact:

- claimReviewed: the contradiction's one-line reason (both values, both sources);
- itemReviewed: a Claim whose appearances are the two articles (url, date, publisher);
- author: the publishing organisation ($CLAIMWATCH_REVIEW_ORG, default "claimwatch");
- datePublished: the day of the verdict; url: the review page
  ($CLAIMWATCH_REVIEW_URL + /contradictions/ID, default http://127.0.0.1:8765);
- reviewRating: ratingValue on a 1-5 scale of how consistently the sources report the
  fact (worstRating 1, bestRating 5): confirmed = 1 "Sources disagree", dismissed = 5
  "No contradiction". Open and needs_work contradictions are not published.

`claimwatch export claimreview` writes a JSON array of these objects; the review UI's
detail page embeds the same object in <script type="application/ld+json">.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import date, datetime
from pathlib import Path

import duckdb

import settings
from warehouse.review import NotFound, fetch_contradiction

log = logging.getLogger(__name__)

DEFAULT_ORG = "claimwatch"
DEFAULT_BASE_URL = "http://127.0.0.1:8765"
BEST_RATING, WORST_RATING = 5, 1
RATINGS = {"confirmed": (1, "Sources disagree"), "dismissed": (5, "No contradiction")}
PUBLISHED = tuple(RATINGS)


def default_org() -> str:
    return settings.current().review_org or DEFAULT_ORG


def default_base_url() -> str:
    return (settings.current().review_url or DEFAULT_BASE_URL).rstrip("/")


def _iso_day(when: datetime | date | None) -> str | None:
    if when is None:
        return None
    return (when.date() if isinstance(when, datetime) else when).isoformat()


def _appearance(claim: dict) -> dict:
    out = {
        "@type": "NewsArticle",
        "url": claim["url"],
        "headline": claim["title"],
        "datePublished": _iso_day(claim["date"]),
        "publisher": {"@type": "Organization", "name": claim["source"]},
    }
    return {k: v for k, v in out.items() if v is not None}


def build_claim_review(
    contradiction: dict, decided_at: datetime | date | None, org: str, base_url: str
) -> dict:
    """The ClaimReview of one confirmed or dismissed contradiction (warehouse.review.fetch_contradiction)."""
    status = contradiction["status"]
    if status not in RATINGS:
        raise ValueError(f"only {' and '.join(PUBLISHED)} contradictions are published, not {status!r}")
    value, label = RATINGS[status]
    a, b = contradiction["a"], contradiction["b"]
    appearances = sorted((_appearance(a), _appearance(b)), key=lambda x: x.get("datePublished") or "")
    claim = {
        "@type": "Claim",
        "text": f"{a['source']}: “{a['text']}” / {b['source']}: “{b['text']}”",
        "appearance": appearances,
        "firstAppearance": appearances[0],
    }
    if appearances[0].get("datePublished"):
        claim["datePublished"] = appearances[0]["datePublished"]
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{base_url.rstrip('/')}/contradictions/{contradiction['contradiction_id']}",
        "name": f"{label}: {contradiction['reason']}",
        "claimReviewed": contradiction["reason"],
        "itemReviewed": claim,
        "author": {"@type": "Organization", "name": org},
        "datePublished": _iso_day(decided_at or contradiction["detected_at"]),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": label,
        },
    }


def _decided_at(con: duckdb.DuckDBPyConnection, contradiction_id: str, status: str) -> datetime | None:
    """When the verdict that set the current status was given (None if no verdict is recorded)."""
    row = con.execute(
        """SELECT max(decided_at) FROM review_verdicts WHERE contradiction_id = ? AND verdict = ?""",
        [contradiction_id, status],
    ).fetchone()
    return row[0] if row else None


def claim_review(
    con: duckdb.DuckDBPyConnection,
    contradiction: dict,
    org: str | None = None,
    base_url: str | None = None,
) -> dict | None:
    """The ClaimReview of a contradiction already read, or None while it is not confirmed or dismissed."""
    if contradiction["status"] not in RATINGS:
        return None
    decided = _decided_at(con, contradiction["contradiction_id"], contradiction["status"])
    return build_claim_review(contradiction, decided, org or default_org(), base_url or default_base_url())


def claim_reviews(
    con: duckdb.DuckDBPyConnection, org: str | None = None, base_url: str | None = None
) -> list[dict]:
    """ClaimReviews of every confirmed or dismissed contradiction, by contradiction id."""
    ids = [
        r[0]
        for r in con.execute(
            "SELECT contradiction_id FROM contradictions WHERE list_contains(?, status) ORDER BY 1",
            [list(PUBLISHED)],
        ).fetchall()
    ]
    out = []
    for contradiction_id in ids:
        try:
            contradiction = fetch_contradiction(con, contradiction_id)
        except NotFound as exc:  # a claim deleted under it: counted in the log, the rest goes on
            log.warning("claimreview: skipped %s: %s", contradiction_id, exc)
            continue
        out.append(claim_review(con, contradiction, org, base_url))
    return out


def script_json(obj: object) -> str:
    """JSON for a <script> element: '<', '>' and '&' as \\u escapes, so scraped text containing
    '</script>' or '<!--' cannot end the element or start markup."""
    text = json.dumps(obj, ensure_ascii=False, indent=2)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def export_claimreview(
    con: duckdb.DuckDBPyConnection,
    out: str | Path | None = None,
    org: str | None = None,
    base_url: str | None = None,
) -> int:
    """Write the ClaimReviews as one JSON-LD array to `out` (stdout when None); returns how many."""
    reviews = claim_reviews(con, org, base_url)
    text = json.dumps(reviews, ensure_ascii=False, indent=2) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        Path(out).write_text(text, encoding="utf-8")
    return len(reviews)
