"""Rows of migration 0014 (facts, positions, disputes, origins, re-report edges) written by hand,
so the review side is tested on the contract alone, whatever code fills those tables in a run.

Ids follow docs/disputes.md: position_id = stable_id("position", cluster_id, first claim_id),
dispute_id = stable_id("dispute", cluster_id).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from core.ids import stable_id


@dataclass
class Pos:
    """One position: its figures (claim_id, figures.idx), earliest report first, and its numbers."""

    members: list[tuple[str, int]]
    lower: float | None
    upper: float | None
    value: float
    support: int = 1
    first_source: str = ""
    first_reported_at: datetime | None = None
    ids: list[str] = field(default_factory=list)


def add_fact(
    con,
    cluster_id: str,
    fact_key: str,
    positions: list[Pos],
    *,
    spread: float = 0.5,
    contest: float = 0.5,
    last_reported_at: datetime | None = None,
) -> tuple[str | None, list[str]]:
    """A fact summary with its positions (low to high) and, with two or more, its dispute.

    Returns (dispute_id or None, position ids low to high)."""
    subject, measure, unit = fact_key.split("|")
    ids = []
    for ordinal, p in enumerate(positions):
        first_claim = p.members[0][0]
        position_id = stable_id("position", cluster_id, first_claim)
        ids.append(position_id)
        con.execute(
            "INSERT INTO fact_positions (position_id, cluster_id, ordinal, lower, upper, value, support,"
            " single_source, first_claim_id, first_source, first_reported_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                position_id,
                cluster_id,
                ordinal,
                p.lower,
                p.upper,
                p.value,
                p.support,
                p.support == 1,
                first_claim,
                p.first_source,
                p.first_reported_at,
            ],
        )
        for claim_id, idx in p.members:
            con.execute("INSERT INTO position_claims VALUES (?, ?, ?)", [position_id, claim_id, idx])
    first = min(positions, key=lambda p: (p.first_reported_at is None, p.first_reported_at))
    support = sum(p.support for p in positions)
    con.execute(
        "INSERT INTO fact_summaries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            cluster_id,
            fact_key,
            subject,
            measure,
            unit,
            len(positions),
            support,
            support == 1,
            first.members[0][0],
            first.first_source,
            first.first_reported_at,
            last_reported_at,
        ],
    )
    if len(positions) < 2:
        return None, ids
    dispute_id = stable_id("dispute", cluster_id)
    con.execute(
        "INSERT INTO fact_disputes VALUES (?, ?, ?, ?, ?)",
        [dispute_id, cluster_id, spread, contest, last_reported_at],
    )
    return dispute_id, ids


def add_origin(con, claim_id: str, kind: str, origin_id: str, name: str) -> None:
    con.execute("INSERT INTO claim_origins VALUES (?, ?, ?, ?)", [claim_id, kind, origin_id, name])


def add_edge(con, cluster_id: str, citing: str, cited: str, claim_id: str, kind: str = "cites") -> None:
    con.execute(
        "INSERT INTO citation_edges VALUES (?, ?, ?, ?, ?)", [cluster_id, citing, cited, claim_id, kind]
    )


def add_copy(con, claim_id: str, article_id: str, source: str, url: str, seen_at: datetime) -> None:
    """A syndicated copy of the article of `claim_id` (the appearances table)."""
    con.execute(
        "INSERT INTO appearances VALUES (?, ?, ?, ?, ?)", [claim_id, article_id, source, url, seen_at]
    )


def add_factcheck_match(
    con, claim_id: str, factcheck_id: str, claim: str, url: str, rating: str, score: float, when: datetime
) -> None:
    con.execute(
        """INSERT INTO factchecks (factcheck_id, claim, title, url, rating, published, text_sha1, dup_key,
                                   canonical_id, source_file, imported_at)
           VALUES (?, ?, '', ?, ?, ?, ?, ?, ?, 'test', ?) ON CONFLICT DO NOTHING""",
        [
            factcheck_id,
            claim,
            url,
            rating,
            when.date().isoformat(),
            factcheck_id,
            claim.lower(),
            factcheck_id,
            when,
        ],
    )
    con.execute("INSERT INTO factcheck_matches VALUES (?, ?, 1, ?, ?)", [claim_id, factcheck_id, score, when])
