"""Reading disputes and facts for fact-checkers (issue #17): the queue, the dispute and fact pages.

Reads only migration 0014's tables (claim_origins, fact_summaries, fact_disputes, fact_positions,
position_claims, citation_edges, dispute_rulings) and the claims, articles, appearances and
fact-check tables, so it works on any store the dispute stage filled, whoever wrote the rows.
The dispute score depends on the clock (recency), so it is computed when the queue is read,
with the one rule of core.positions.score; a rerun of the job never changes a stored row.

A dispute's state is its latest ruling (warehouse/rulings.py): 'ruled' when that ruling names
a supported position or none, 'open' when there is none or it reopened the dispute.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import duckdb

from core.positions import score as dispute_score
from warehouse.review import NotFound, claims_by_id
from warehouse.rulings import latest_rulings_sql

STATES = ("open", "ruled")
MAX_LIMIT = 500

_QUEUE_SQL = f"""
WITH latest AS ({latest_rulings_sql()})
SELECT d.dispute_id, d.cluster_id, s.fact_key, s.subject, s.measure, s.unit, s.positions, s.support,
       s.single_source, s.first_source, s.first_reported_at, d.spread, d.contest, d.last_reported_at,
       l.outcome, l.position_id AS ruled_position, l.decided_at AS ruled_at
FROM fact_disputes d
JOIN fact_summaries s ON s.cluster_id = d.cluster_id
LEFT JOIN latest l ON l.dispute_id = d.dispute_id"""
_QUEUE_NAMES = (
    "dispute_id",
    "cluster_id",
    "fact_key",
    "subject",
    "measure",
    "unit",
    "positions",
    "support",
    "single_source",
    "first_source",
    "first_reported_at",
    "spread",
    "contest",
    "last_reported_at",
    "outcome",
    "ruled_position",
    "ruled_at",
)
# The claims (with their article) of a fact cluster's positions.
_MEMBERS = """SELECT 1 FROM fact_positions fp JOIN position_claims pc ON pc.position_id = fp.position_id
              JOIN claims c ON c.claim_id = pc.claim_id JOIN articles a ON a.article_id = c.article_id
              WHERE fp.cluster_id = d.cluster_id"""


def state(outcome: str | None) -> str:
    """'ruled' when the latest ruling supports a position or none, else 'open'."""
    return "ruled" if outcome in ("supported", "none") else "open"


def _where(
    con: duckdb.DuckDBPyConnection, status: str, entity: str | None, source: str | None, topic: str | None
):
    if status != "all" and status not in STATES:
        raise ValueError(f"unknown status {status!r}; choose one of {', '.join((*STATES, 'all'))}")
    clauses = [
        "(? = 'all' OR (CASE WHEN l.outcome IN ('supported', 'none') THEN 'ruled' ELSE 'open' END) = ?)"
    ]
    params: list = [status, status]
    if entity:
        # A fact key is 'subject|measure|unit', or 'a~b|measure|x' for a ratio of two entities.
        clauses.append("list_contains(string_split(split_part(s.fact_key, '|', 1), '~'), ?)")
        params.append(entity)
    if source:
        clauses.append(f"EXISTS ({_MEMBERS} AND a.source = ?)")
        params.append(source)
    if topic:
        clauses.append(f"EXISTS ({_MEMBERS} AND c.topic = ?)")
        params.append(topic)
    return " AND ".join(clauses), params


def _positions(con: duckdb.DuckDBPyConnection, cluster_ids: list[str]) -> dict[str, list[dict]]:
    """The positions of these facts, low to high, with their claim ids and sources."""
    rows = con.execute(
        """SELECT p.cluster_id, p.position_id, p.ordinal, p.lower, p.upper, p.value, p.support,
                  p.single_source, p.first_claim_id, p.first_source, p.first_reported_at,
                  list(DISTINCT pc.claim_id ORDER BY pc.claim_id) FILTER (WHERE pc.claim_id IS NOT NULL),
                  list(DISTINCT a.source ORDER BY a.source) FILTER (WHERE a.source IS NOT NULL)
           FROM fact_positions p
           LEFT JOIN position_claims pc ON pc.position_id = p.position_id
           LEFT JOIN claims c ON c.claim_id = pc.claim_id
           LEFT JOIN articles a ON a.article_id = c.article_id
           WHERE list_contains(?, p.cluster_id)
           GROUP BY ALL ORDER BY p.cluster_id, p.ordinal, p.position_id""",
        [cluster_ids],
    ).fetchall()
    names = (
        "cluster_id",
        "position_id",
        "ordinal",
        "lower",
        "upper",
        "value",
        "support",
        "single_source",
        "first_claim_id",
        "first_source",
        "first_reported_at",
        "claim_ids",
        "sources",
    )
    out: dict[str, list[dict]] = {}
    for row in rows:
        p = dict(zip(names, row, strict=True))
        p["claim_ids"], p["sources"] = p["claim_ids"] or [], p["sources"] or []
        out.setdefault(p["cluster_id"], []).append(p)
    for ps in out.values():
        for n, p in enumerate(ps, 1):
            p["label"] = f"P{n}"
    return out


def _rows(con: duckdb.DuckDBPyConnection, where: str, params: list) -> list[dict]:
    rows = con.execute(f"{_QUEUE_SQL} WHERE {where}", params).fetchall()
    return [dict(zip(_QUEUE_NAMES, row, strict=True)) for row in rows]


def _ranked(rows: list[dict], now: datetime) -> list[dict]:
    """Scored and ordered as core.positions.rank orders disputes: score, most recent, id."""
    for r in rows:
        r["score"] = dispute_score(r["spread"], r["contest"], r["last_reported_at"], now)
        r["state"] = state(r["outcome"])
    return sorted(
        rows,
        key=lambda r: (
            -r["score"],
            -(r["last_reported_at"].timestamp() if r["last_reported_at"] else -float("inf")),
            r["dispute_id"],
        ),
    )


def fetch_disputes(
    con: duckdb.DuckDBPyConnection,
    status: str = "open",
    limit: int = 50,
    *,
    entity: str | None = None,
    source: str | None = None,
    topic: str | None = None,
    offset: int = 0,
    now: datetime | None = None,
) -> tuple[int, list[dict]]:
    """(how many match, one page of them): disputes by score (spread, contest, recency), then the
    most recent, then id; each with its positions (low to high), state and latest ruling.

    Args:
        status: open | ruled | all.
        entity: a canonical entity id of the fact key's subject (either side of a ratio).
        source: an outlet with a claim in any position.
        topic: a claims.topic of any claim.
    """
    where, params = _where(con, status, entity, source, topic)
    rows = _ranked(_rows(con, where, params), now or datetime.now(UTC))
    limit = max(1, min(int(limit), MAX_LIMIT))
    page = rows[max(0, int(offset)) :][:limit]
    positions = _positions(con, [r["cluster_id"] for r in page])
    for r in page:
        r["position_list"] = positions.get(r["cluster_id"], [])
        r["sources"] = sorted({s for p in r["position_list"] for s in p["sources"]})
    return len(rows), page


def dispute_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Disputes per state, both states present."""
    counts = dict.fromkeys(STATES, 0)
    for (outcome,) in con.execute(f"SELECT outcome FROM ({_QUEUE_SQL})").fetchall():
        counts[state(outcome)] += 1
    return counts


def dispute_filter_options(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The values the dispute queue's filters offer: entities, sources, topics (when stored)."""
    entities = [
        r[0]
        for r in con.execute(
            """SELECT DISTINCT e FROM (
                   SELECT unnest(string_split(split_part(s.fact_key, '|', 1), '~')) AS e
                   FROM fact_disputes d JOIN fact_summaries s ON s.cluster_id = d.cluster_id)
               WHERE e <> '' ORDER BY 1"""
        ).fetchall()
    ]
    members = """FROM fact_disputes d JOIN fact_positions fp ON fp.cluster_id = d.cluster_id
                 JOIN position_claims pc ON pc.position_id = fp.position_id
                 JOIN claims c ON c.claim_id = pc.claim_id JOIN articles a ON a.article_id = c.article_id"""
    sources = [r[0] for r in con.execute(f"SELECT DISTINCT a.source {members} ORDER BY 1").fetchall()]
    topics = [
        r[0]
        for r in con.execute(
            f"SELECT DISTINCT c.topic {members} WHERE c.topic IS NOT NULL ORDER BY 1"
        ).fetchall()
    ]
    return {"entity": entities, "source": sources, "topic": topics}


def _origin_names(con: duckdb.DuckDBPyConnection, claim_ids: list[str]) -> dict[str, dict]:
    rows = con.execute(
        "SELECT claim_id, kind, origin_id, name FROM claim_origins WHERE list_contains(?, claim_id)",
        [claim_ids],
    ).fetchall()
    return {r[0]: {"kind": r[1], "id": r[2], "name": r[3]} for r in rows}


def _copies(con: duckdb.DuckDBPyConnection, claim_ids: list[str]) -> dict[str, list[dict]]:
    """Syndicated copies carrying each claim (the appearances table), first seen first."""
    rows = con.execute(
        """SELECT claim_id, article_id, source, url, seen_at FROM appearances
           WHERE list_contains(?, claim_id) ORDER BY claim_id, seen_at, article_id""",
        [claim_ids],
    ).fetchall()
    out: dict[str, list[dict]] = {}
    for claim_id, article_id, source, url, seen_at in rows:
        out.setdefault(claim_id, []).append(
            {"article_id": article_id, "source": source, "url": url, "date": seen_at}
        )
    return out


def _figure_idx(con: duckdb.DuckDBPyConnection, position_ids: list[str]) -> dict[tuple[str, str], set[int]]:
    rows = con.execute(
        "SELECT position_id, claim_id, idx FROM position_claims WHERE list_contains(?, position_id)",
        [position_ids],
    ).fetchall()
    out: dict[tuple[str, str], set[int]] = {}
    for position_id, claim_id, idx in rows:
        out.setdefault((position_id, claim_id), set()).add(idx)
    return out


def factcheck_matches(con: duckdb.DuckDBPyConnection, claim_ids: list[str]) -> list[dict]:
    """Published fact-checks matched to these claims, best match first."""
    rows = con.execute(
        """SELECT m.claim_id, m.factcheck_id, m.rank, m.score, f.claim, f.title, f.url, f.rating, f.published
           FROM factcheck_matches m JOIN factchecks f ON f.factcheck_id = m.factcheck_id
           WHERE list_contains(?, m.claim_id) ORDER BY m.score DESC, m.claim_id, m.rank""",
        [claim_ids],
    ).fetchall()
    names = ("claim_id", "factcheck_id", "rank", "score", "claim", "title", "url", "rating", "published")
    return [dict(zip(names, r, strict=True)) for r in rows]


def ruling_history(con: duckdb.DuckDBPyConnection, dispute_id: str) -> list[dict]:
    """Every ruling on a dispute, oldest first (the audit trail), evidence URLs as a list."""
    rows = con.execute(
        """SELECT ruling_id, position_id, outcome, reviewer, note, evidence_urls, decided_at
           FROM dispute_rulings WHERE dispute_id = ? ORDER BY decided_at, ruling_id""",
        [dispute_id],
    ).fetchall()
    names = ("ruling_id", "position_id", "outcome", "reviewer", "note", "evidence_urls", "decided_at")
    out = [dict(zip(names, r, strict=True)) for r in rows]
    for r in out:
        try:
            urls = json.loads(r["evidence_urls"] or "[]")
        except ValueError:
            urls = []
        r["evidence_urls"] = [u for u in urls if isinstance(u, str)] if isinstance(urls, list) else []
    return out


def _pairs(con: duckdb.DuckDBPyConnection, claim_ids: list[str]) -> list[dict]:
    """The pairwise contradictions between claims of the fact: the evidence of its dispute."""
    rows = con.execute(
        """SELECT contradiction_id, reason, score, status FROM contradictions
           WHERE list_contains(?, claim_a) AND list_contains(?, claim_b)
           ORDER BY score DESC, contradiction_id""",
        [claim_ids, claim_ids],
    ).fetchall()
    return [dict(zip(("contradiction_id", "reason", "score", "status"), r, strict=True)) for r in rows]


def _edges(con: duckdb.DuckDBPyConnection, cluster_id: str) -> list[dict]:
    rows = con.execute(
        """SELECT citing, cited, claim_id, kind FROM citation_edges WHERE cluster_id = ?
           ORDER BY citing, cited, kind, claim_id""",
        [cluster_id],
    ).fetchall()
    return [dict(zip(("citing", "cited", "claim_id", "kind"), r, strict=True)) for r in rows]


def fetch_fact(con: duckdb.DuckDBPyConnection, cluster_id: str, now: datetime | None = None) -> dict:
    """One fact cluster as its pages show it; NotFound when it has no summary.

    Returns the fact_summaries row, `position_list` (low to high, each with its claims: text,
    article, figures with `in_position` marked, origin, syndicated copies), `edges` and `chains`
    (re-reports, core.provenance.chains), `factchecks`, and `dispute` (None when undisputed: its
    score, state, latest ruling and history).
    """
    from core.provenance import Edge, chains

    row = con.execute(
        """SELECT cluster_id, fact_key, subject, measure, unit, positions, support, single_source,
                  first_claim_id, first_source, first_reported_at, last_reported_at
           FROM fact_summaries WHERE cluster_id = ?""",
        [cluster_id],
    ).fetchone()
    if row is None:
        raise NotFound(f"no fact {cluster_id!r}")
    names = (
        "cluster_id",
        "fact_key",
        "subject",
        "measure",
        "unit",
        "positions",
        "support",
        "single_source",
        "first_claim_id",
        "first_source",
        "first_reported_at",
        "last_reported_at",
    )
    fact = dict(zip(names, row, strict=True))
    ps = _positions(con, [cluster_id]).get(cluster_id, [])
    claim_ids = sorted({c for p in ps for c in p["claim_ids"]})
    claims = claims_by_id(con, claim_ids)
    origins, copies = _origin_names(con, claim_ids), _copies(con, claim_ids)
    in_position = _figure_idx(con, [p["position_id"] for p in ps])
    for p in ps:
        p["claims"] = []
        for claim_id in p["claim_ids"]:
            if claim_id not in claims:
                continue  # a claim deleted under the row: shown by its absence, never a 500
            c = dict(claims[claim_id])
            idx = in_position.get((p["position_id"], claim_id), set())
            c["figures"] = [{**f, "disputed": f["idx"] in idx} for f in c["figures"]]
            c["origin"] = origins.get(claim_id)
            c["copies"] = copies.get(claim_id, [])
            p["claims"].append(c)
        p["claims"].sort(key=lambda c: (c["date"] is None, c["date"] or 0, c["claim_id"]))
    fact["position_list"] = ps
    fact["edges"] = _edges(con, cluster_id)
    fact["chains"] = chains(Edge(e["citing"], e["cited"], e["claim_id"], e["kind"]) for e in fact["edges"])
    fact["factchecks"] = factcheck_matches(con, claim_ids)
    fact["pairs"] = _pairs(con, claim_ids)
    fact["dispute"] = None
    found = _rows(con, "d.cluster_id = ?", [cluster_id])
    if found:
        d = _ranked(found, now or datetime.now(UTC))[0]
        d["history"] = ruling_history(con, d["dispute_id"])
        d["ruling"] = d["history"][-1] if d["history"] and d["state"] == "ruled" else None
        fact["dispute"] = d
    return fact


def fetch_dispute(con: duckdb.DuckDBPyConnection, dispute_id: str, now: datetime | None = None) -> dict:
    """The fact of a dispute (fetch_fact), NotFound when the store has no such dispute."""
    row = con.execute("SELECT cluster_id FROM fact_disputes WHERE dispute_id = ?", [dispute_id]).fetchone()
    if row is None:
        raise NotFound(f"no dispute {dispute_id!r}")
    return fetch_fact(con, row[0], now)


def position_ids(con: duckdb.DuckDBPyConnection, dispute_id: str) -> list[str] | None:
    """The position ids of a dispute, low to high; None when the store has no such dispute."""
    row = con.execute("SELECT cluster_id FROM fact_disputes WHERE dispute_id = ?", [dispute_id]).fetchone()
    if row is None:
        return None
    return [
        r[0]
        for r in con.execute(
            "SELECT position_id FROM fact_positions WHERE cluster_id = ? ORDER BY ordinal, position_id",
            [row[0]],
        ).fetchall()
    ]


_FACT_LIST = """SELECT s.cluster_id, s.fact_key, s.subject, s.measure, s.unit, s.positions, s.support,
                       s.single_source, s.first_source, s.first_reported_at, s.last_reported_at, d.dispute_id,
                       (SELECT count(*) FROM citation_edges e WHERE e.cluster_id = s.cluster_id) AS rereports
                FROM fact_summaries s LEFT JOIN fact_disputes d ON d.cluster_id = s.cluster_id"""
_FACT_NAMES = (
    "cluster_id",
    "fact_key",
    "subject",
    "measure",
    "unit",
    "positions",
    "support",
    "single_source",
    "first_source",
    "first_reported_at",
    "last_reported_at",
    "dispute_id",
    "rereports",
)


def _facts(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[dict]:
    return [dict(zip(_FACT_NAMES, r, strict=True)) for r in con.execute(sql, params).fetchall()]


def fact_lists(con: duckdb.DuckDBPyConnection, limit: int = 20) -> dict[str, list[dict]]:
    """The facts page's three lists.

    - disputed: the most positions, then the widest support, then the latest report;
    - rereported: the most re-report edges (citations and syndicated copies);
    - drifted: facts whose latest report sits in another position than the first report's,
      latest first (the number moved as it travelled).
    """
    disputed = _facts(
        con,
        f"""{_FACT_LIST} WHERE s.positions >= 2
            ORDER BY s.positions DESC, s.support DESC, s.last_reported_at DESC NULLS LAST, s.cluster_id
            LIMIT ?""",
        [limit],
    )
    rereported = _facts(
        con,
        f"""SELECT * FROM ({_FACT_LIST}) WHERE rereports > 0
            ORDER BY rereports DESC, last_reported_at DESC NULLS LAST, cluster_id LIMIT ?""",
        [limit],
    )
    drifted = _facts(
        con,
        f"""WITH reports AS (
                SELECT fp.cluster_id, fp.position_id, c.claim_id,
                       coalesce(a.published_at, a.first_seen) AS reported
                FROM fact_positions fp JOIN position_claims pc ON pc.position_id = fp.position_id
                JOIN claims c ON c.claim_id = pc.claim_id JOIN articles a ON a.article_id = c.article_id),
            ends AS (
                SELECT cluster_id, arg_min(position_id, (reported, claim_id)) AS first_position,
                       arg_max(position_id, (reported, claim_id)) AS last_position
                FROM reports GROUP BY cluster_id)
            SELECT f.* FROM ({_FACT_LIST}) f JOIN ends USING (cluster_id)
            WHERE ends.first_position <> ends.last_position
            ORDER BY f.last_reported_at DESC NULLS LAST, f.cluster_id LIMIT ?""",
        [limit],
    )
    return {"disputed": disputed, "rereported": rereported, "drifted": drifted}
