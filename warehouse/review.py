"""Reading contradictions for fact-checkers and recording their verdicts (issue #6).

The review UI (review/app.py) and `claimwatch contradictions` read through these functions.
Verdicts are appended to `review_verdicts` (migration 0006) and never updated in place; the
contradiction's `status` follows the latest verdict. The review UI records them in its own
store (warehouse/reviewstore.py); the job copies them here at its start (warehouse/verdicts.py).
"""

from __future__ import annotations

import duckdb

from warehouse.flagsides import COLUMNS, both_sides
from warehouse.verdicts import VERDICTS, new_verdict  # noqa: F401 -- VERDICTS: read here by the UI and CLI

# 'closed': set by the contradiction engine when a revision removes one side.
STATUSES = ("open", "needs_work", "confirmed", "dismissed", "closed")
# The queue and the API page through at most this many rows at once.
MAX_LIMIT = 500

_BASE = both_sides()
_LIST_COLUMNS = COLUMNS


class NotFound(LookupError):
    """No contradiction (or article version) with that id."""


def _where(
    con: duckdb.DuckDBPyConnection,
    status: str,
    entity: str | None,
    source: str | None,
    kind: str | None,
    topic: str | None,
) -> tuple[str, list]:
    """The WHERE clause of a filtered queue, with its parameters."""
    if status != "all" and status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; choose one of {', '.join((*STATUSES, 'all'))}")
    clauses, params = ["(? = 'all' OR x.status = ?)"], [status, status]
    if kind:
        clauses.append("x.kind = ?")
        params.append(kind)
    if source:
        clauses.append("(aa.source = ? OR ab.source = ?)")
        params += [source, source]
    if entity:
        # A fact key is 'subject|measure|unit', or 'a~b|measure|x' for a ratio of two entities.
        clauses.append("list_contains(string_split(split_part(coalesce(x.fact_key, ''), '|', 1), '~'), ?)")
        params.append(entity)
    if topic:
        clauses.append("(ca.topic = ? OR cb.topic = ?)")
        params += [topic, topic]
    return " AND ".join(clauses), params


def fetch_contradictions(
    con: duckdb.DuckDBPyConnection,
    status: str = "open",
    limit: int = 50,
    *,
    entity: str | None = None,
    source: str | None = None,
    kind: str | None = None,
    topic: str | None = None,
    offset: int = 0,
) -> list[dict]:
    """Contradictions with both claims and their provenance, highest score then newest first.

    Args:
        status: one of STATUSES, or 'all'.
        entity: a canonical entity id of the fact key's subject (either side of a ratio).
        source: an outlet on either side.
        kind: quantity | date.
        topic: a claims.topic on either side (ignored before migration 0007 adds the column).
    """
    where, params = _where(con, status, entity, source, kind, topic)
    limit = max(1, min(int(limit), MAX_LIMIT))
    cursor = con.execute(
        f"""SELECT {", ".join(_LIST_COLUMNS.values())} {_BASE} WHERE {where}
            ORDER BY x.score DESC, x.detected_at DESC, x.contradiction_id LIMIT ? OFFSET ?""",
        [*params, limit, max(0, int(offset))],
    )
    return [dict(zip(_LIST_COLUMNS, row, strict=True)) for row in cursor.fetchall()]


def count_contradictions(
    con: duckdb.DuckDBPyConnection,
    status: str = "open",
    *,
    entity: str | None = None,
    source: str | None = None,
    kind: str | None = None,
    topic: str | None = None,
) -> int:
    """How many contradictions the same filters match (the queue shows the first page)."""
    where, params = _where(con, status, entity, source, kind, topic)
    return con.execute(f"SELECT count(*) {_BASE} WHERE {where}", params).fetchone()[0]


def status_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Contradictions per status, every status present (0 when none)."""
    counts = dict.fromkeys(STATUSES, 0)
    counts.update(con.execute("SELECT status, count(*) FROM contradictions GROUP BY status").fetchall())
    return counts


def filter_options(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The values the queue's filters offer: kinds, sources, entities, and topics (when stored)."""
    kinds = [r[0] for r in con.execute("SELECT DISTINCT kind FROM contradictions ORDER BY 1").fetchall()]
    sources = [
        r[0]
        for r in con.execute(
            f"""SELECT DISTINCT s FROM (SELECT aa.source AS s {_BASE} UNION SELECT ab.source {_BASE})
                ORDER BY 1"""
        ).fetchall()
    ]
    entities = [
        r[0]
        for r in con.execute(
            """SELECT DISTINCT e FROM (
                   SELECT unnest(string_split(split_part(fact_key, '|', 1), '~')) AS e
                   FROM contradictions WHERE fact_key IS NOT NULL)
               WHERE e <> '' ORDER BY 1"""
        ).fetchall()
    ]
    topics = [
        r[0]
        for r in con.execute(
            f"""SELECT DISTINCT t FROM (SELECT ca.topic AS t {_BASE} UNION SELECT cb.topic {_BASE})
                WHERE t IS NOT NULL ORDER BY 1"""
        ).fetchall()
    ]
    return {"kind": kinds, "source": sources, "entity": entities, "topic": topics}


_CLAIM_SQL = """SELECT c.claim_id, c.text, c.article_id, c.version, c.current, c.cluster_id, c.lang,
                       a.source, a.url, a.title, a.version, a.published_at, a.first_seen,
                       v.fetched_at
                FROM claims c JOIN articles a ON a.article_id = c.article_id
                LEFT JOIN article_versions v ON v.article_id = c.article_id AND v.version = c.version"""
_CLAIM_NAMES = (
    "claim_id",
    "text",
    "article_id",
    "version",
    "current",
    "cluster_id",
    "lang",
    "source",
    "url",
    "title",
    "latest_version",
    "published_at",
    "first_seen",
    "fetched_at",
)


def _figures(con: duckdb.DuckDBPyConnection, claim_ids: list[str]) -> dict[str, list[dict]]:
    rows = con.execute(
        """SELECT claim_id, idx, value, unit, lower, upper, hedge, surface, start_char, end_char,
                  subject, measure FROM figures WHERE list_contains(?, claim_id) ORDER BY claim_id, idx""",
        [claim_ids],
    ).fetchall()
    names = (
        "claim_id",
        "idx",
        "value",
        "unit",
        "lower",
        "upper",
        "hedge",
        "surface",
        "start_char",
        "end_char",
        "subject",
        "measure",
    )
    out: dict[str, list[dict]] = {}
    for row in rows:
        out.setdefault(row[0], []).append(dict(zip(names, row, strict=True)))
    return out


def claims_by_id(con: duckdb.DuckDBPyConnection, claim_ids: list[str]) -> dict[str, dict]:
    """Claims with their article's provenance and their figures, keyed by claim_id."""
    rows = con.execute(f"{_CLAIM_SQL} WHERE list_contains(?, c.claim_id)", [claim_ids]).fetchall()
    claims = {row[0]: dict(zip(_CLAIM_NAMES, row, strict=True)) for row in rows}
    figures = _figures(con, list(claims))
    for claim_id, claim in claims.items():
        claim["figures"] = figures.get(claim_id, [])
        claim["date"] = claim["published_at"] or claim["first_seen"]
    return claims


def fetch_contradiction(con: duckdb.DuckDBPyConnection, contradiction_id: str) -> dict:
    """One contradiction with both claims (provenance and figures); NotFound when absent."""
    row = con.execute(
        """SELECT contradiction_id, claim_a, claim_b, kind, fact_key, reason, score, status, detected_at
           FROM contradictions WHERE contradiction_id = ?""",
        [contradiction_id],
    ).fetchone()
    if row is None:
        raise NotFound(f"no contradiction {contradiction_id!r}")
    names = ("contradiction_id", "claim_a", "claim_b", "kind", "fact_key", "reason", "score", "status")
    out = dict(zip((*names, "detected_at"), row, strict=True))
    claims = claims_by_id(con, [out["claim_a"], out["claim_b"]])
    out["a"], out["b"] = claims.get(out["claim_a"]), claims.get(out["claim_b"])
    if out["a"] is None or out["b"] is None:
        raise NotFound(f"contradiction {contradiction_id!r} refers to a claim that is not stored")
    which = con.execute(  # which figures disagree
        "SELECT figure_a, figure_b FROM contradictions WHERE contradiction_id = ?", [contradiction_id]
    ).fetchone()
    for side, idx in zip(("a", "b"), which, strict=True):
        for fig in out[side]["figures"]:
            fig["disputed"] = idx is not None and fig["idx"] == idx
    return out


def cluster_claims(con: duckdb.DuckDBPyConnection, contradiction: dict, limit: int = 50) -> list[dict]:
    """The other claims of the clusters both sides belong to, newest first."""
    clusters = [c["cluster_id"] for c in (contradiction["a"], contradiction["b"]) if c["cluster_id"]]
    if not clusters:
        return []
    ids = [
        r[0]
        for r in con.execute(
            """SELECT c.claim_id FROM claims c JOIN articles a ON a.article_id = c.article_id
               WHERE list_contains(?, c.cluster_id) AND NOT list_contains(?, c.claim_id)
               ORDER BY coalesce(a.published_at, a.first_seen) DESC, c.claim_id LIMIT ?""",
            [clusters, [contradiction["claim_a"], contradiction["claim_b"]], limit],
        ).fetchall()
    ]
    claims = claims_by_id(con, ids)
    return [claims[i] for i in ids if i in claims]


def timeline(con: duckdb.DuckDBPyConnection, fact_key: str | None) -> list[dict]:
    """Every stored figure with this fact key: its source, date and interval, oldest first.

    Ratios of two entities are turned to the fact key's orientation ("B is 7.5x slower than
    A" is plotted as A:B = 1/7.5), so both sides of a contradiction share one axis: the stored
    key_value, key_lower and key_upper (core.facts.keyed_bounds, migration 0015).
    """
    if not fact_key or fact_key.count("|") != 2:
        return []
    rows = con.execute(
        """SELECT f.claim_id, f.hedge, f.key_value, f.key_lower, f.key_upper, f.surface,
                  a.source, coalesce(a.published_at, a.first_seen) AS reported, c.current
           FROM figures f JOIN claims c ON c.claim_id = f.claim_id
           JOIN articles a ON a.article_id = c.article_id
           WHERE f.fact_key = ? AND a.duplicate_of IS NULL
           ORDER BY reported, f.claim_id, f.idx""",
        [fact_key],
    ).fetchall()
    points = []
    for claim_id, hedge, value, lower, upper, surface, source, when, current in rows:
        if hedge == "exact":
            lower = upper = value  # None: unbounded on that side
        points.append(
            {
                "claim_id": claim_id,
                "value": value,
                "lower": lower,
                "upper": upper,
                "surface": surface,
                "source": source,
                "date": when,
                "current": current,
            }
        )
    return points


def verdict_history(con: duckdb.DuckDBPyConnection, contradiction_id: str) -> list[dict]:
    """Every verdict on a contradiction, oldest first (the audit trail)."""
    rows = con.execute(
        """SELECT verdict_id, reviewer, verdict, note, previous_status, decided_at FROM review_verdicts
           WHERE contradiction_id = ? ORDER BY decided_at, verdict_id""",
        [contradiction_id],
    ).fetchall()
    names = ("verdict_id", "reviewer", "verdict", "note", "previous_status", "decided_at")
    return [dict(zip(names, row, strict=True)) for row in rows]


def record_verdict(
    con: duckdb.DuckDBPyConnection, contradiction_id: str, reviewer: str, verdict: str, note: str = ""
) -> dict:
    """Append a verdict to the audit table and set the contradiction's status, in one transaction.

    Returns the audit row written. Raises ValueError for an unknown verdict, NotFound for an
    unknown contradiction (nothing is written in either case).
    """
    audit = new_verdict(contradiction_id, reviewer, verdict, note, "")  # ValueError before any write
    con.execute("BEGIN TRANSACTION")
    try:
        row = con.execute(
            "SELECT status FROM contradictions WHERE contradiction_id = ?", [contradiction_id]
        ).fetchone()
        if row is None:
            raise NotFound(f"no contradiction {contradiction_id!r}")
        audit["previous_status"] = row[0]
        con.execute(
            f"INSERT INTO review_verdicts ({', '.join(audit)}) VALUES ({', '.join('?' * len(audit))})",
            list(audit.values()),
        )
        con.execute(
            "UPDATE contradictions SET status = ? WHERE contradiction_id = ?", [verdict, contradiction_id]
        )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return audit
