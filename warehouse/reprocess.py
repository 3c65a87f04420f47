"""Replaying the archive, the store's side: the fetches to re-extract, and storing a
re-extracted article as a new version queued for claim extraction (DESIGN.md, invariant 6).
The replay itself (decode, extract, count) is flows/reprocess.py: the store imports no crawler."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime

import duckdb

from warehouse.ingest import LoadResult, store_article


@dataclass(frozen=True)
class ArchivedFetch:
    fetch_id: str
    url: str
    final_url: str | None
    source: str
    headers: str | None
    body: bytes  # zlib-compressed, as stored
    fetched_at: datetime


def archived_fetches(con: duckdb.DuckDBPyConnection, since: datetime | None = None) -> list[ArchivedFetch]:
    """The latest successful fetch of every article URL (fetched since `since`)."""
    rows = con.execute(
        """SELECT f.fetch_id, f.url, f.final_url, f.source, f.headers, f.body, f.fetched_at
           FROM fetches f
           WHERE f.status = 200 AND f.body IS NOT NULL AND f.error IS NULL
             AND (f.final_url IN (SELECT url FROM articles) OR f.url IN (SELECT url FROM articles))
             AND (?::TIMESTAMPTZ IS NULL OR f.fetched_at >= ?::TIMESTAMPTZ)
           QUALIFY row_number() OVER (PARTITION BY coalesce(f.final_url, f.url)
                                      ORDER BY f.fetched_at DESC) = 1
           ORDER BY f.url""",
        [since, since],
    ).fetchall()
    return [ArchivedFetch(*row) for row in rows]


def store_reextracted(con: duckdb.DuckDBPyConnection, item: dict, fetch_id: str) -> LoadResult:
    """Store one re-extracted article and queue its current version for claims again, in one
    transaction; on any error it is rolled back and the error raised (the caller counts it)."""
    counted = LoadResult()
    url = item["final_url"] or item["url"]
    try:
        con.execute("BEGIN TRANSACTION")
        store_article(con, item, fetch_id, counted)
        # Claims are derived again from the current version (the NLP may have changed too).
        con.execute(
            """UPDATE article_versions SET processed = false
               WHERE article_id = (SELECT article_id FROM articles WHERE url = ?)
                 AND version = (SELECT version FROM articles WHERE url = ?)""",
            [url, url],
        )
        con.execute("COMMIT")
    except Exception:
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise
    return counted
