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

Disputes (issue #17) are published per claim, the shape fact-checkers publish: once a
reviewer has ruled on a dispute (warehouse/rulings.py), every claim of it gets a ClaimReview
(`dispute_claim_reviews`): claimReviewed = the sentence; itemReviewed = a Claim whose author is
the outlet and whose appearances are its article and the syndicated copies; reviewRating from
the ruling: a claim of the supported position "Accurate" 5, of another position "Inaccurate" 1
(a claim with a figure outside the supported position states a number the evidence rules
out), every claim "Unproven" 3 when no position is supported; reviewBody = the reviewer's
note; citation = the evidence URLs; author = the organisation, with the reviewer as member;
url = the dispute page + #claim-ID. A dispute ruled 'open' (reopened) publishes nothing.

`claimwatch export claimreview` writes a JSON array of these objects (contradictions first, then
disputes' claims); the review UI's detail and dispute pages embed the same objects in
<script type="application/ld+json">.
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
# Per claim of a ruled dispute: (ratingValue, alternateName).
ACCURATE, INACCURATE, UNPROVEN = (5, "Accurate"), (1, "Inaccurate"), (3, "Unproven")


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


def _claim_rating(fact: dict, claim_id: str) -> tuple[int, str]:
    ruling = fact["dispute"]["ruling"]
    if ruling["outcome"] != "supported":
        return UNPROVEN
    held = {p["position_id"] for p in fact["position_list"] if claim_id in p["claim_ids"]}
    return ACCURATE if held == {ruling["position_id"]} else INACCURATE


def _copy_appearance(copy: dict) -> dict:
    out = {
        "@type": "NewsArticle",
        "url": copy["url"],
        "datePublished": _iso_day(copy["date"]),
        "publisher": {"@type": "Organization", "name": copy["source"]},
    }
    return {k: v for k, v in out.items() if v is not None}


def dispute_claim_reviews(fact: dict, org: str | None = None, base_url: str | None = None) -> list[dict]:
    """One ClaimReview per claim of a ruled dispute (a fact as warehouse.factreview.fetch_fact reads
    it), in position then date order; [] while the dispute is open or the fact undisputed."""
    dispute = fact.get("dispute")
    if not dispute or not dispute.get("ruling"):
        return []
    ruling = dispute["ruling"]
    org, base = org or default_org(), (base_url or default_base_url()).rstrip("/")
    author: dict = {
        "@type": "Organization",
        "name": org,
        "member": {"@type": "Person", "name": ruling["reviewer"]},
    }
    out, seen = [], set()
    for position in fact["position_list"]:
        for claim in position["claims"]:
            if claim["claim_id"] in seen:
                continue
            seen.add(claim["claim_id"])
            value, label = _claim_rating(fact, claim["claim_id"])
            original = _appearance(claim)
            appearances = [original, *(_copy_appearance(c) for c in claim.get("copies", []))]
            item = {
                "@type": "Claim",
                "author": {"@type": "Organization", "name": claim["source"]},
                "appearance": appearances,
                "firstAppearance": original,
            }
            if original.get("datePublished"):
                item["datePublished"] = original["datePublished"]
            review = {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "url": f"{base}/disputes/{dispute['dispute_id']}#claim-{claim['claim_id']}",
                "name": f"{label}: {claim['text']}",
                "claimReviewed": claim["text"],
                "itemReviewed": item,
                "author": author,
                "datePublished": _iso_day(ruling["decided_at"]),
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": value,
                    "bestRating": BEST_RATING,
                    "worstRating": WORST_RATING,
                    "alternateName": label,
                },
            }
            if ruling["note"]:
                review["reviewBody"] = ruling["note"]
            if ruling["evidence_urls"]:
                review["citation"] = list(ruling["evidence_urls"])
            out.append(review)
    return out


def dispute_reviews(
    con: duckdb.DuckDBPyConnection, org: str | None = None, base_url: str | None = None
) -> list[dict]:
    """ClaimReviews of every claim of every ruled dispute, by dispute id."""
    from warehouse.factreview import fetch_dispute
    from warehouse.rulings import latest_rulings_sql

    ids = [
        r[0]
        for r in con.execute(
            f"""SELECT d.dispute_id FROM fact_disputes d JOIN ({latest_rulings_sql()}) l USING (dispute_id)
                WHERE l.outcome IN ('supported', 'none') ORDER BY 1"""
        ).fetchall()
    ]
    out = []
    for dispute_id in ids:
        try:
            fact = fetch_dispute(con, dispute_id)
        except NotFound as exc:  # its fact summary went under it: logged, the rest goes on
            log.warning("claimreview: skipped dispute %s: %s", dispute_id, exc)
            continue
        out.extend(dispute_claim_reviews(fact, org, base_url))
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
    """Write the ClaimReviews (contradictions', then disputes' claims) as one JSON-LD array to `out`
    (stdout when None); returns how many."""
    reviews = claim_reviews(con, org, base_url) + dispute_reviews(con, org, base_url)
    text = json.dumps(reviews, ensure_ascii=False, indent=2) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        Path(out).write_text(text, encoding="utf-8")
    return len(reviews)
