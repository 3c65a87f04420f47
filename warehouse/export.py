"""Exports for analysts: articles, claims, links, contradictions, facts and disputes as JSONL,
CSV or Parquet (facts and disputes: warehouse/dispute_views.py).

Field names are a contract (issue #2); more fields may be added, none renamed. Exports
read a read-only connection, so they never block or change the store.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO

import duckdb

from warehouse.dispute_views import EXPORT_QUERIES as DISPUTE_QUERIES

FORMATS = ("jsonl", "csv", "parquet")

QUERIES: dict[str, str] = {
    "articles": """
        SELECT a.article_id, a.url, a.canonical_url, a.source, a.title, a.author,
               strftime(a.published_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS published_at,
               a.lang, a.version, a.duplicate_of, v.text,
               strftime(a.first_seen AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS first_seen,
               (SELECT b.topic FROM article_beat b
                WHERE b.article_id = a.article_id AND b.version = a.version) AS topic
        FROM articles a JOIN article_versions v ON v.article_id = a.article_id AND v.version = a.version
        ORDER BY a.source, a.url""",
    "claims": """
        SELECT c.claim_id, c.article_id, a.url, a.source, c.lang, c.text, c.current, c.checkworthiness,
               c.cluster_id, c.story_id,
               coalesce((SELECT list({'value': f.value, 'unit': f.unit, 'lower': f.lower, 'upper': f.upper,
                                      'surface': f.surface, 'subject': f.subject, 'measure': f.measure,
                                      'hedge': f.hedge, 'reference': f.reference,
                                      'subject_from': f.subject_from} ORDER BY f.idx)
                         FROM figures f WHERE f.claim_id = c.claim_id), []) AS quantities,
               c.claim_type, c.version, c.start_char, c.end_char, c.superseded_by, c.attributed_to,
               c.entities, c.topic,
               (SELECT o.origin_id FROM claim_origins o WHERE o.claim_id = c.claim_id) AS origin
        FROM claims c JOIN articles a ON a.article_id = c.article_id
        ORDER BY a.source, a.url, c.version, c.start_char""",
    "links": """
        SELECT claim_a, claim_b, similarity, method, tier FROM links ORDER BY claim_a, claim_b""",
    "contradictions": """
        SELECT contradiction_id, claim_a, claim_b, kind, reason, score, status, fact_key,
               strftime(detected_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS detected_at,
               (SELECT coalesce(ca.topic, cb.topic) FROM claims ca, claims cb
                WHERE ca.claim_id = contradictions.claim_a AND cb.claim_id = contradictions.claim_b) AS topic
        FROM contradictions ORDER BY score DESC, contradiction_id""",
    **DISPUTE_QUERIES,
}
TABLES = tuple(QUERIES)

# `--topic NAME` (issue #8): claims of the topic (claim_topics), links and contradictions
# with a claim of it, articles whose version is on it. The query is filtered from outside
# and ordered again by its output columns (the same order as the whole export).
_IN_TOPIC = "(SELECT claim_id FROM claim_topics WHERE topic = $topic)"
TOPIC_FILTERS: dict[str, str] = {
    "articles": "EXISTS (SELECT 1 FROM article_topics t WHERE t.article_id = q.article_id "
    "AND t.version = q.version AND t.topic = $topic AND t.on_topic)",
    "claims": f"q.claim_id IN {_IN_TOPIC}",
    "links": f"(q.claim_a IN {_IN_TOPIC} OR q.claim_b IN {_IN_TOPIC})",
    "contradictions": f"(q.claim_a IN {_IN_TOPIC} OR q.claim_b IN {_IN_TOPIC})",
}
_TOPIC_ORDER = {
    "articles": "source, url",
    "claims": "source, url, version, start_char",
    "links": "claim_a, claim_b",
    "contradictions": "score DESC, contradiction_id",
}


def _query(con: duckdb.DuckDBPyConnection, table: str, topic: str | None) -> tuple[str, dict]:
    """The export query of `table`, limited to one topic when given."""
    if not topic:
        return QUERIES[table], {}
    if table not in TOPIC_FILTERS:
        raise ValueError(f"--topic does not apply to {table}")
    known = [r[0] for r in con.execute("SELECT DISTINCT topic FROM article_topics ORDER BY 1").fetchall()]
    if topic not in known:
        raise ValueError(f"unknown topic {topic!r}; topics in the store: {', '.join(known) or 'none yet'}")
    sql = f"SELECT * FROM ({QUERIES[table]}) q WHERE {TOPIC_FILTERS[table]} ORDER BY {_TOPIC_ORDER[table]}"
    return sql, {"topic": topic}


def _json_default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def rows(con: duckdb.DuckDBPyConnection, table: str, topic: str | None = None) -> Iterator[dict]:
    """The rows of an export table as dicts (of one topic when given)."""
    if table not in QUERIES:
        raise ValueError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}")
    cursor = con.execute(*_query(con, table, topic))
    names = [d[0] for d in cursor.description]
    while batch := cursor.fetchmany(1000):
        for row in batch:
            yield dict(zip(names, row, strict=True))


def export(
    con: duckdb.DuckDBPyConnection,
    table: str,
    fmt: str,
    out: str | Path | None = None,
    topic: str | None = None,
) -> int:
    """Write one table (of one topic when given); stdout when `out` is None (jsonl and csv only).
    Returns the row count."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if table not in QUERIES:
        raise ValueError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}")
    if fmt == "parquet":
        if out is None:
            raise ValueError("parquet is binary: give --out FILE")
        import pyarrow.parquet as pq

        # duckdb 1.5 returns a RecordBatchReader: read it whole (exports are analyst-sized).
        arrow = con.execute(*_query(con, table, topic)).arrow().read_all()
        pq.write_table(arrow, str(out))
        return arrow.num_rows
    stream: IO[str]
    stream = open(out, "w", encoding="utf-8", newline="") if out else sys.stdout  # noqa: SIM115
    try:
        return _write_text(con, table, fmt, stream, topic)
    finally:
        if out:
            stream.close()


def _write_text(
    con: duckdb.DuckDBPyConnection, table: str, fmt: str, stream: IO[str], topic: str | None = None
) -> int:
    count = 0
    writer = None
    for row in rows(con, table, topic):
        if fmt == "jsonl":
            stream.write(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n")
        else:
            if writer is None:
                writer = csv.DictWriter(stream, fieldnames=list(row))
                writer.writeheader()
            writer.writerow(
                {
                    k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                    for k, v in row.items()
                }
            )
        count += 1
    if fmt == "csv" and writer is None:  # header even for an empty table
        cursor = con.execute(QUERIES[table] + " LIMIT 0")
        csv.writer(stream).writerow([d[0] for d in cursor.description])
    return count


def format_table(cursor: duckdb.DuckDBPyConnection, max_width: int = 60) -> str:
    """A query result as an aligned text table (for `claimwatch sql`)."""
    names = [d[0] for d in cursor.description]
    data = [["" if v is None else str(v) for v in row] for row in cursor.fetchall()]
    data = [[v if len(v) <= max_width else v[: max_width - 1] + "…" for v in row] for row in data]
    widths = [max([len(n)] + [len(r[i]) for r in data]) for i, n in enumerate(names)]
    out = io.StringIO()
    out.write(" | ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip() + "\n")
    out.write("-+-".join("-" * w for w in widths) + "\n")
    for row in data:
        out.write(" | ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() + "\n")
    out.write(f"({len(data)} row{'s' if len(data) != 1 else ''})\n")
    return out.getvalue()
