"""The analysts' relations over the dispute stage's tables (migration 0014): `facts`,
`positions`, `disputes` and `provenance_edges`, as views of the snapshot and as the
`export facts|disputes` queries. Each shape is written once here; the snapshot creates views
from it (warehouse/snapshot.py) and the exports select from it with timestamps as text
(warehouse/export.py), so both work on the live store too.

The dispute score ages (its recency term), so it is computed when read: `score_sql` is the SQL
mirror of core.positions.score, pinned equal to it by tests/test_disputes.py.
"""

from __future__ import annotations

from core.positions import CONTEST_WEIGHT, RECENCY_HALF_LIFE_DAYS, RECENCY_WEIGHT, SPREAD_WEIGHT

VIEW_NAMES = ("facts", "positions", "disputes", "provenance_edges")


def score_sql(spread: str, contest: str, last_reported_at: str, now: str) -> str:
    """core.positions.score as a SQL expression over the named columns and `now`."""
    days = f"greatest((epoch_us({now}) - epoch_us({last_reported_at})) / 86400e6, 0)"
    recency = (
        f"CASE WHEN {last_reported_at} IS NULL THEN 0.0 ELSE pow(0.5, {days} / {RECENCY_HALF_LIFE_DAYS}) END"
    )
    total = f"{SPREAD_WEIGHT} * {spread} + {CONTEST_WEIGHT} * {contest} + {RECENCY_WEIGHT} * ({recency})"
    return f"round({total}, 4)"


# The claims and outlets behind each position.
_POSITION_MEMBERS = """
    SELECT pc.position_id, list_sort(list_distinct(list(pc.claim_id))) AS claims,
           list_sort(list_distinct(list(a.source))) AS sources
    FROM position_claims pc
    JOIN claims c ON c.claim_id = pc.claim_id
    JOIN articles a ON a.article_id = c.article_id
    GROUP BY pc.position_id"""

POSITIONS_SQL = f"""
SELECT p.position_id, p.cluster_id, d.dispute_id, p.ordinal, p.lower, p.upper, p.value,
       coalesce(m.claims, []) AS claims, coalesce(m.sources, []) AS sources, p.origins,
       p.support AS independent_support, p.single_source, p.first_claim_id, p.first_source,
       p.first_reported_at
FROM fact_positions p
LEFT JOIN fact_disputes d ON d.cluster_id = p.cluster_id
LEFT JOIN ({_POSITION_MEMBERS}) m ON m.position_id = p.position_id"""

FACTS_SQL = f"""
SELECT s.cluster_id, s.subject, s.measure, s.unit, coalesce(m.claims, []) AS claims,
       coalesce(m.sources, []) AS sources, s.positions, d.dispute_id IS NOT NULL AS disputed,
       s.single_source, s.first_source, s.first_reported_at, s.fact_key, s.support AS independent_support,
       s.first_claim_id, s.last_reported_at, d.dispute_id,
       (SELECT count(*) FROM citation_edges e WHERE e.cluster_id = s.cluster_id) AS re_reports
FROM fact_summaries s
LEFT JOIN fact_disputes d ON d.cluster_id = s.cluster_id
LEFT JOIN (SELECT p.cluster_id, list_sort(list_distinct(flatten(list(m.claims)))) AS claims,
                  list_sort(list_distinct(flatten(list(m.sources)))) AS sources
           FROM fact_positions p JOIN ({_POSITION_MEMBERS}) m ON m.position_id = p.position_id
           GROUP BY p.cluster_id) m ON m.cluster_id = s.cluster_id"""


def disputes_sql(now: str = "current_timestamp") -> str:
    """One row per dispute; the ruling is the latest dispute_rulings row: supported -> ruled
    with its position, none -> ruled with NULL, open (or no ruling) -> open."""
    return f"""
WITH latest AS (
    SELECT * FROM dispute_rulings
    QUALIFY row_number() OVER (PARTITION BY dispute_id ORDER BY decided_at DESC, ruling_id DESC) = 1
)
SELECT d.dispute_id, d.cluster_id, s.subject, s.measure, s.unit,
       CASE WHEN r.outcome IN ('supported', 'none') THEN 'ruled' ELSE 'open' END AS status,
       CASE WHEN r.outcome = 'supported' THEN r.position_id END AS ruling,
       d.spread, d.contest, d.last_reported_at,
       {score_sql("d.spread", "d.contest", "d.last_reported_at", now)} AS score,
       s.positions, s.support AS independent_support, s.single_source, s.fact_key,
       r.outcome, r.reviewer AS ruled_by, r.decided_at AS ruled_at
FROM fact_disputes d
JOIN fact_summaries s ON s.cluster_id = d.cluster_id
LEFT JOIN latest r ON r.dispute_id = d.dispute_id"""


PROVENANCE_EDGES_SQL = """
SELECT e.cluster_id, e.citing, e.cited, e.claim_id, e.kind, a.source, a.url
FROM citation_edges e
LEFT JOIN claims c ON c.claim_id = e.claim_id
LEFT JOIN articles a ON a.article_id = c.article_id"""

VIEWS = f"""
CREATE VIEW positions AS {POSITIONS_SQL};
CREATE VIEW facts AS {FACTS_SQL};
CREATE VIEW disputes AS {disputes_sql()};
CREATE VIEW provenance_edges AS {PROVENANCE_EDGES_SQL};
"""

_UTC = "strftime({} AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ')"

# The export contract (issue 17, item 5): field names exactly these.
EXPORT_QUERIES: dict[str, str] = {
    "disputes": f"""
        WITH disputes AS ({disputes_sql()}), positions AS ({POSITIONS_SQL})
        SELECT d.dispute_id, d.cluster_id, d.subject, d.measure, d.unit, d.status, d.score, d.ruling,
               coalesce((SELECT list({{'position_id': p.position_id, 'lower': p.lower, 'upper': p.upper,
                                      'claims': p.claims, 'sources': p.sources, 'origins': p.origins,
                                      'independent_support': p.independent_support,
                                      'single_source': p.single_source, 'first_source': p.first_source,
                                      'first_reported_at': {_UTC.format("p.first_reported_at")}}}
                                     ORDER BY p.ordinal)
                         FROM positions p WHERE p.cluster_id = d.cluster_id), []) AS positions
        FROM disputes d
        ORDER BY d.score DESC, d.last_reported_at DESC NULLS LAST, d.dispute_id""",
    "facts": f"""
        WITH facts AS ({FACTS_SQL})
        SELECT f.cluster_id, f.subject, f.measure, f.unit, f.claims, f.sources, f.positions, f.disputed,
               f.single_source, f.first_source, {_UTC.format("f.first_reported_at")} AS first_reported_at
        FROM facts f
        ORDER BY f.disputed DESC, f.first_reported_at, f.cluster_id""",
}
