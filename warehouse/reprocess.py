"""Replaying the archive: re-extract articles from stored fetches, without the network
(DESIGN.md, invariant 6). A changed extraction becomes a new version; every reprocessed
article's current version is queued for claim extraction again."""

from __future__ import annotations

import contextlib
import json
import logging
import zlib
from datetime import datetime

import duckdb

from spiders.extract import decode_body, extract
from warehouse.ingest import LoadResult, store_article

log = logging.getLogger(__name__)


def reextract(con: duckdb.DuckDBPyConnection, since: datetime | None = None) -> LoadResult:
    """Re-extract the latest successful fetch of every article URL (fetched since `since`)."""
    result = LoadResult()
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
    for fetch_id, url, final_url, source, headers, body, fetched_at in rows:
        try:
            raw = zlib.decompress(body)
            # The spider's own decoding, so a replay reads the bytes exactly as the crawl did.
            header = {k.lower(): v for k, v in (json.loads(headers or "{}") or {}).items()}
            html = decode_body(raw, header.get("content-type"))[0]
            extracted = extract(html, final_url or url)
        except Exception as exc:  # any page the extractor cannot read: counted, the replay goes on
            result.failed += 1
            result.failed_by_source[source] += 1
            log.warning("reprocess: %s: %s", url, exc)
            continue
        item = {
            "url": url,
            "final_url": final_url,
            "source": source,
            "fetched_at": fetched_at.isoformat(),
            "extracted": extracted.to_dict(),
        }
        # One transaction per article: a bad one is rolled back, logged and counted, and the
        # replay goes on (an open transaction left by one failure aborted all the rest).
        counted = LoadResult()
        try:
            con.execute("BEGIN TRANSACTION")
            store_article(con, item, fetch_id, counted)
            # Claims are derived again from the current version (the NLP may have changed too).
            con.execute(
                """UPDATE article_versions SET processed = false
                   WHERE article_id = (SELECT article_id FROM articles WHERE url = ?)
                     AND version = (SELECT version FROM articles WHERE url = ?)""",
                [final_url or url, final_url or url],
            )
            con.execute("COMMIT")
        except Exception as exc:
            with contextlib.suppress(duckdb.Error):
                con.execute("ROLLBACK")
            result.failed += 1
            result.failed_by_source[source] += 1
            log.warning("reprocess: %s: rolled back: %s: %s", url, type(exc).__name__, exc)
            continue
        result.new += counted.new
        result.updated += counted.updated
        result.unchanged += counted.unchanged
    return result
