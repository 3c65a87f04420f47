"""Replaying the archive: re-extract articles from stored fetches, without the network
(DESIGN.md, invariant 6). A changed extraction becomes a new version; every reprocessed
article's current version is queued for claim extraction again. The crawler's decoding and
extraction (spiders/) meet the store (warehouse/reprocess.py) here, above both."""

from __future__ import annotations

import json
import logging
import zlib
from datetime import datetime

import duckdb

from spiders.extract import decode_body, extract
from spiders.lang import article_lang
from warehouse.ingest import LoadResult
from warehouse.reprocess import archived_fetches, store_reextracted

log = logging.getLogger(__name__)


def reextract(con: duckdb.DuckDBPyConnection, since: datetime | None = None) -> LoadResult:
    """Re-extract the latest successful fetch of every article URL (fetched since `since`)."""
    result = LoadResult()
    for f in archived_fetches(con, since):
        try:
            raw = zlib.decompress(f.body)
            # The spider's own decoding, so a replay reads the bytes exactly as the crawl did.
            header = {k.lower(): v for k, v in (json.loads(f.headers or "{}") or {}).items()}
            html = decode_body(raw, header.get("content-type"))[0]
            extracted = extract(html, f.final_url or f.url)
        except Exception as exc:  # any page the extractor cannot read: counted, the replay goes on
            result.failed += 1
            result.failed_by_source[f.source] += 1
            log.warning("reprocess: %s: %s", f.url, exc)
            continue
        item = {
            "url": f.url,
            "final_url": f.final_url,
            "source": f.source,
            "fetched_at": f.fetched_at.isoformat(),
            "extracted": extracted.to_dict(),
            "lang": article_lang(extracted.to_dict()),  # detected at extraction, as the crawl does
        }
        # One transaction per article: a bad one is rolled back, logged and counted, and the
        # replay goes on (an open transaction left by one failure aborted all the rest).
        try:
            counted = store_reextracted(con, item, f.fetch_id)
        except Exception as exc:
            result.failed += 1
            result.failed_by_source[f.source] += 1
            log.warning("reprocess: %s: rolled back: %s: %s", f.url, type(exc).__name__, exc)
            continue
        result.new += counted.new
        result.updated += counted.updated
        result.unchanged += counted.unchanged
    return result
