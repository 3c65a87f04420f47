"""The `daily-ingest` flow: crawl -> load -> claims -> embed -> link -> contradictions -> report.

Tasks are thin wrappers over the libraries; each opens the store itself, one at a time,
so the job stays the only writer. Retries only where there is network I/O (the crawl).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NONE

from spiders.sources import load_sources

log = logging.getLogger("claimwatch")


def _progress(message: str) -> None:
    log.info(message)
    print(f"[claimwatch] {message}", flush=True)


@task(name="crawl", cache_policy=NONE, retries=1, retry_delay_seconds=5)
def crawl_sources(sources_file: str, db: str, workdir: str, settings: dict | None = None) -> dict:
    """Crawl every source in a Scrapy subprocess; returns the items file and crawl stats."""
    from spiders.crawl import crawl
    from warehouse.db import connect
    from warehouse.ingest import crawl_state

    with connect(db) as con:
        state = crawl_state(con)
    result = crawl(load_sources(sources_file), Path(workdir), settings, state=state)
    if result.returncode != 0:
        raise RuntimeError(f"crawl process exited {result.returncode}; see {workdir}/crawl.log")
    return {"items": str(result.items_path), "stats": result.stats}


@task(name="load", cache_policy=NONE)
def load_items(db: str, items: str, run_id: str, sources: list[str]) -> dict:
    """Store fetches, articles and new versions from the crawl items."""
    from warehouse.db import connect
    from warehouse.health import source_health
    from warehouse.ingest import load_crawl, record_source_runs

    with connect(db) as con:
        result = load_crawl(con, Path(items), run_id)
        record_source_runs(con, run_id, sources, result)
        unhealthy = [h.source for h in source_health(con) if h.status == "unhealthy" and h.source in sources]
    return {**result.as_dict(), "unhealthy_sources": unhealthy}


@task(name="claims", cache_policy=NONE)
def extract_claims(db: str, batch_size: int = 32) -> dict:
    """Extract check-worthy claims and figures from every unprocessed article version."""
    from nlp.claims import extract_claims_many
    from warehouse.claimstore import pending_versions, save_appearances, save_claims
    from warehouse.db import connect

    counts = {"versions": 0, "new": 0, "failed": 0, "appearances": 0}
    with connect(db) as con:
        pending = pending_versions(con)
        for start in range(0, len(pending), batch_size):
            batch = pending[start : start + batch_size]
            try:
                results = extract_claims_many([(p.text, p.lang, p.published) for p in batch])
            except Exception:  # one bad text must not cost the batch: retry one by one
                log.exception("claim batch failed; retrying its articles one by one")
                results = []
                for p in batch:
                    try:
                        results.append(extract_claims_many([(p.text, p.lang, p.published)])[0])
                    except Exception:
                        log.exception("claims failed for article %s v%d", p.article_id, p.version)
                        counts["failed"] += 1
                        results.append(None)
            for p, claims in zip(batch, results, strict=True):
                if claims is None:
                    continue
                if p.duplicate_of:  # a syndicated copy carries the original's claims
                    counts["appearances"] += save_appearances(con, p, claims)
                else:
                    counts["new"] += len(save_claims(con, p, claims))
                counts["versions"] += 1
            _progress(f"claims: {min(start + batch_size, len(pending))}/{len(pending)} article versions")
    return counts


@task(name="embed", cache_policy=NONE)
def embed_claims(db: str) -> int:
    """Embed claim texts that have no vector yet (cached by normalised text), then rank the
    new claims with the check-worthiness model."""
    from warehouse.db import connect
    from warehouse.linking import embed_missing, score_new_claims

    with connect(db) as con:
        embedded = embed_missing(con)
        score_new_claims(con)
        return embedded


@task(name="link", cache_policy=NONE)
def link_claims(db: str) -> dict:
    """Link new claims against the store and refresh clusters."""
    from warehouse.db import connect
    from warehouse.linking import link_new_claims

    with connect(db) as con:
        result = link_new_claims(con)
    return {"compared": result.compared, "new": result.links, "clusters": result.clusters}


@task(name="contradictions", cache_policy=NONE)
def find_contradictions(db: str, run_id: str | None = None) -> int:
    """Flag linked claims whose figures disagree beyond their hedges (links made in this run)."""
    from warehouse.contradictions import detect
    from warehouse.db import connect

    with connect(db) as con:
        row = (
            con.execute("SELECT started_at FROM runs WHERE run_id = ?", [run_id]).fetchone()
            if run_id
            else None
        )
        return detect(con, since=row[0] if row else None)


def _run_name() -> str:
    return time.strftime("claimwatch-%Y%m%d-%H%M%S", time.gmtime())


def _downstream(db: str, report: dict, seconds: dict[str, float]) -> None:
    """Everything after the articles are stored: claims, embeddings, links, contradictions."""
    clock = time.perf_counter()
    report["claims"] = extract_claims(db)
    seconds["claims"] = time.perf_counter() - clock

    clock = time.perf_counter()
    embedded = embed_claims(db)
    seconds["embed"] = time.perf_counter() - clock
    _progress(f"embeddings: {embedded} computed")

    clock = time.perf_counter()
    report["links"] = {"embedded": embedded, **link_claims(db)}
    seconds["link"] = time.perf_counter() - clock

    clock = time.perf_counter()
    report["contradictions"] = {"new": find_contradictions(db, report["run_id"])}
    seconds["contradictions"] = time.perf_counter() - clock


def _recorded(db: str, label: str, sources: int, body: Callable[[dict, dict], None]) -> dict:
    """Run `body` as one recorded run: a runs row, the report, seconds per stage."""
    from warehouse.db import connect
    from warehouse.runs import finish_run, start_run, totals

    with connect(db) as con:
        run_id = start_run(con, label)
    seconds: dict[str, float] = {}
    report: dict = {"run_id": run_id, "sources": sources, "db": str(db)}
    status = "failed"
    try:
        body(report, seconds)
        status = "completed"
    finally:
        seconds["total"] = sum(seconds.values())
        report["seconds"] = {k: round(v, 2) for k, v in seconds.items()}
        with connect(db) as con:
            report["totals"] = totals(con)
            finish_run(con, run_id, report, status)
    return report


@flow(name="daily-ingest", flow_run_name=_run_name)
def daily_ingest(sources: str, db: str, crawl_settings: dict | None = None) -> dict:
    """Crawl the configured sources and process what is new into the claim store.

    Args:
        sources: path of the sources file (YAML).
        db: path of the DuckDB store (created and migrated when missing).
        crawl_settings: Scrapy setting overrides for this run.
    """
    source_list = load_sources(sources)  # fail fast, before any network
    workdir = Path(f"{db}.crawl")

    def body(report: dict, seconds: dict[str, float]) -> None:
        clock = time.perf_counter()
        _progress(f"run {report['run_id']}: crawling {len(source_list)} sources")
        crawled = crawl_sources(str(sources), str(db), str(workdir), crawl_settings)
        seconds["crawl"] = time.perf_counter() - clock

        clock = time.perf_counter()
        names = [s.name for s in source_list]
        report["articles"] = load_items(str(db), crawled["items"], report["run_id"], names)
        seconds["load"] = time.perf_counter() - clock
        a = report["articles"]
        _progress(f"articles: {a['new']} new, {a['updated']} updated, {a['failed']} failed")
        _downstream(str(db), report, seconds)

    return _recorded(str(db), str(sources), len(source_list), body)


@task(name="re-extract", cache_policy=NONE)
def reextract_archive(db: str, since: str | None = None) -> dict:
    """Re-extract articles from the stored fetches (no network)."""
    from datetime import datetime

    from warehouse.db import connect
    from warehouse.reprocess import reextract

    with connect(db) as con:
        result = reextract(con, datetime.fromisoformat(since) if since else None)
    return {**result.as_dict(), "unhealthy_sources": []}


@flow(name="reprocess", flow_run_name=_run_name)
def reprocess_archive(db: str, since: str | None = None) -> dict:
    """Re-extract articles and claims from the archive, then link and compare again.

    Args:
        db: path of the DuckDB store.
        since: only fetches from this date on (ISO 8601); None: the whole archive.
    """

    def body(report: dict, seconds: dict[str, float]) -> None:
        clock = time.perf_counter()
        report["articles"] = reextract_archive(str(db), since)
        seconds["re-extract"] = time.perf_counter() - clock
        _downstream(str(db), report, seconds)

    return _recorded(str(db), f"reprocess since {since or 'the start'}", 0, body)
