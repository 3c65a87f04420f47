"""Replaying the archive: re-extract articles from stored fetches, without the network
(DESIGN.md, invariant 6). A changed extraction becomes a new version; every reprocessed
article's current version is queued for claim extraction again. The crawler's decoding and
extraction (spiders/) meet the store (warehouse/reprocess.py) here, above both."""

from __future__ import annotations

import json
import logging
import time
import zlib
from datetime import datetime

import duckdb

from flows import progress
from spiders.extract import decode_body, extract
from spiders.lang import article_lang
from warehouse.ingest import LoadResult
from warehouse.reprocess import archived_fetches, store_reextracted

log = logging.getLogger(__name__)


def run_label(since: str | None) -> str:
    """The runs row's label of a reprocess."""
    return f"reprocess since {since or 'the start'}"


def reextract_db(db: str, since: str | None = None) -> dict:
    """`reextract` over the store at `db` (`since`: ISO 8601), as the report's counts."""
    from warehouse.db import connect

    with connect(db) as con:
        return reextract(con, datetime.fromisoformat(since) if since else None).as_dict()


def reextract_first(db: str, since: str | None = None) -> dict:
    """`claimwatch reprocess` before Prefect (issue 16, fixed cost): the runs row and the
    re-extract (no model, no network) run in this process while Prefect's temporary API boots
    on the other core (6-8 s to healthy on 2 cores; the re-extract of 60 pages takes 1.7-2.2 s
    and waited behind it). Returns what `flows.daily.reprocess_archive(extracted=...)` goes on
    from: the run id, the articles' counts, the stage's seconds. A failure finishes the runs
    row as failed, as the flow would. As flows/quick.py's crawl and load, this has no writer
    slot: `warehouse.db.connect` waits while another process holds the store."""
    from warehouse.db import connect
    from warehouse.runs import RunReport, begin_run, finish_run, totals
    from warehouse.stages import reached

    with connect(db) as con:
        run_id = begin_run(con, run_label(since), db)
    try:
        reached("re-extract")
        progress.stage("re-extract", None, "running")
        clock = time.perf_counter()
        articles = reextract_db(db, since)
        seconds = time.perf_counter() - clock
        progress.done("re-extract", f"{articles['new']} new, {articles['updated']} updated", seconds)
    except BaseException as exc:
        report = RunReport(run_id=run_id, sources=0, db=str(db), status="failed")
        report.error = f"{type(exc).__name__}: {exc}"[:500]
        with connect(db) as con:
            report.totals = totals(con)
            finish_run(con, report)
        raise
    return {"run_id": run_id, "articles": articles, "seconds": {"re-extract": seconds}}


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
