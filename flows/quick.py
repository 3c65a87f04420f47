"""`claimwatch run` before Prefect (issue 16 item 3): crawl, load, and stop there when nothing
is pending.

An unchanged rerun of a 20-article web cost 25 s wall, of which 19 s were Prefect: importing
it (4.2 s), the ephemeral API's import and start (4.6 + 6.3 s), and task bookkeeping around
crawls that answer 304. The run's work is the crawl and the load; every stage after them is
skipped when `warehouse.pending` says it has nothing to do. So on the ephemeral API
(PREFECT_API_URL unset, local task runner) the CLI runs the crawl and the load here, as plain
functions, then asks `pending_work`:

- nothing pending: the runs row is finished exactly as the flow finishes it (the same
  RunReport fields, "nothing to do" for every skipped stage, the snapshot published only when
  something changed) and Prefect is never imported;
- anything pending: `hand_over()` gives the flow the run id and what the crawl and the load
  did, and the flow goes on from the claims stage (no second crawl, no second load).

What this path does not have: Prefect's retries (the crawl retries here: 3 times, 2, 4, 8 s,
as the flow's crawl task), the writer slot (the store is opened only while it is written, and
`warehouse.db.connect` waits while another process holds it) and the run's Prefect artifacts
(a run that processed nothing flags no contradiction). The daily deployment and runs against
a Prefect server keep the flow's path. Kill-safety is the store's: a run killed here leaves its
runs row `running`, its crawl items are fetched again, and the next run publishes.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from flows import progress
from spiders.sources import Source, load_sources
from warehouse.runs import RunReport
from warehouse.stages import reached, wrote

log = logging.getLogger("claimwatch")

CRAWL_PARALLEL = 4  # as the flow's task runner (flows/daily.py: why 4)
CRAWL_RETRY_SECONDS = (2, 4, 8)  # as the flow's crawl task: 3 retries, exponential backoff
# The skipped stages' groups as flows/daily.py's _downstream opens them, in run order.
GATES = (
    ("claims", "cues", "embed"),
    ("topics",),
    ("link",),
    ("disputes",),
    ("contradictions",),
    ("factchecks",),
)


def crawl_one(source: Source, workdir: str, settings: dict | None, state: dict) -> dict:
    """Crawl one source in its own Scrapy subprocess, within its time limit; returns its items
    file, stats and report (a crawl stopped at its limit is truncated, not failed: its items load)."""
    from spiders.crawl import crawl, crawl_report

    clock = time.perf_counter()
    result = crawl([source], Path(workdir), settings, state=state)
    if result.returncode != 0 and not result.timed_out:
        raise RuntimeError(f"crawl of {source.name} exited {result.returncode}; see {workdir}/crawl.log")
    report = crawl_report(result.stats, source.name, result.timed_out)
    return {"items": str(result.items_path), "report": report, "seconds": time.perf_counter() - clock}


def load_all(
    db: str,
    items: list[str],
    run_id: str,
    sources: list[str],
    workdir: str,
    failed: list[str] = (),
    reports: dict[str, dict] | None = None,
    slot: Callable[[], AbstractContextManager] = nullcontext,
) -> dict:
    """Store fetches, articles and new versions from the crawls' items (all sources' files
    in one load, so syndicated copies are found across sources), and each crawl's report."""
    from warehouse.db import connect
    from warehouse.health import record_crawl, source_health
    from warehouse.ingest import load_crawl, record_source_runs

    combined = Path(workdir) / "items.jsonl"
    with combined.open("wb") as out:
        for path in items:  # streamed in 1 MB blocks: a source's items are never held whole
            with Path(path).open("rb") as part:
                shutil.copyfileobj(part, out, 1 << 20)
    with slot(), connect(db) as con:
        result = load_crawl(con, combined, run_id)
        for name in failed:  # a crawl that failed after its retries: discovery failed this run
            result.count(name, "feeds_failed")
        record_source_runs(con, run_id, sources, result)
        for name, crawl_report in (reports or {}).items():
            record_crawl(con, run_id, name, crawl_report)
        unhealthy = [h.source for h in source_health(con) if h.status == "unhealthy" and h.source in sources]
    return {"articles": result.as_dict(), "unhealthy_sources": unhealthy}


def run_topics(sources: str, source_list: list[Source], topics: str | None) -> tuple[str, dict]:
    """The run's topics file and each source's topic limits, checked before any network."""
    from nlp.topics import load_topics, resolve_topics_file
    from spiders.sources import check_topics

    path = resolve_topics_file(topics, sources)
    check_topics(source_list, load_topics(path).names, str(path))
    return str(path), {s.name: list(s.topics) for s in source_list}


def _crawl_with_retries(source: Source, workdir: str, settings: dict | None, state: dict) -> dict:
    for wait in (*CRAWL_RETRY_SECONDS, None):
        try:
            return crawl_one(source, workdir, settings, state)
        except Exception as exc:
            if wait is None:
                raise
            log.warning("crawl of %s failed (%s): retrying in %d s", source.name, exc, wait)
            time.sleep(wait)
    raise AssertionError("unreachable")


def _crawl_and_load(
    source_list: list[Source],
    db: str,
    workdir: Path,
    settings: dict | None,
    report: RunReport,
    on_crawled: Callable[[str], None] | None = None,
) -> dict:
    """The flow's crawl and load stages, as plain functions; returns the stage seconds.
    `on_crawled(items_path)` is called as each source's crawl succeeds, from its thread."""
    from warehouse.db import connect
    from warehouse.ingest import crawl_state

    seconds: dict[str, float] = {}
    reached("crawl")
    with connect(db) as con:
        state = crawl_state(con)
    progress.stage("crawl", len(source_list), "sources")
    clock = time.perf_counter()
    crawled: dict[str, dict] = {}
    with ThreadPoolExecutor(CRAWL_PARALLEL) as pool:
        futures = {
            s.name: pool.submit(_crawl_with_retries, s, str(workdir / s.name), settings, state)
            for s in source_list
        }
        if on_crawled is not None:
            for future in futures.values():
                future.add_done_callback(lambda f: f.exception() or on_crawled(f.result()["items"]))
        for name, future in futures.items():
            try:
                result = future.result()
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"[:300]
                log.error("crawl of %s failed after retries: %s", name, error)
                crawled[name] = {"ok": False, "error": error}
            else:
                crawled[name] = {"ok": True, "seconds": round(result["seconds"], 2), "items": result["items"]}
                crawled[name].update(result["report"])
            word = (
                "FAILED" if not crawled[name]["ok"] else "truncated" if crawled[name]["truncated"] else "ok"
            )
            progress.advance("crawl", 1, f"{name} {word}")
            wrote("crawl")
    seconds["crawl"] = time.perf_counter() - clock
    report.crawl = {name: {k: v for k, v in c.items() if k != "items"} for name, c in crawled.items()}
    failed = sorted(name for name, c in crawled.items() if not c["ok"])
    progress.done("crawl", f"{len(crawled) - len(failed)} ok, {len(failed)} failed", seconds["crawl"])

    reached("load")
    progress.stage("load", None, "running")
    clock = time.perf_counter()
    items = [c["items"] for c in crawled.values() if c["ok"]]
    reports = {name: c for name, c in crawled.items() if c["ok"]}
    names = [s.name for s in source_list]
    loaded = load_all(db, items, report.run_id, names, str(workdir), failed, reports)
    seconds["load"] = time.perf_counter() - clock
    a = loaded["articles"]
    progress.done(
        "load", f"{a['new']} new, {a['updated']} updated, {a['failed']} failed articles", seconds["load"]
    )
    report.articles, report.unhealthy_sources = a, loaded["unhealthy_sources"]
    return seconds


def _quiet(report: RunReport, work: dict[str, int]) -> None:
    """The report fields `flows.daily._downstream` leaves when every stage is skipped."""
    for names in GATES:
        reached(names[0])  # the kill hook still sees every stage boundary
        report.skipped += list(names)
        progress.note(f"{', '.join(names)}: nothing to do")
    report.claims = {"versions": 0, "new": 0, "failed": 0, "appearances": 0}
    report.links = {"embedded": 0, "compared": 0, "new": 0, "clusters": None, "ann_recall": None}
    report.disputes = {"facts": 0, "disputes": 0, "touched": 0}
    report.contradictions = {"new": 0}
    report.factchecks = {
        "factchecks": work["factchecks_stored"],
        "compared": 0,
        "matches": 0,
        "claims_matched": 0,
        "no_vector": 0,
    }


def ingest_first(
    sources: str,
    db: str,
    crawl_settings: dict | None,
    topics: str | None,
    runner: dict,
    on_crawled: Callable[[str], None] | None = None,
) -> tuple[RunReport | None, dict | None]:
    """Crawl and load without Prefect. Returns (the finished report, None) when nothing was
    pending after the load, else (None, what `daily_ingest(ingested=...)` goes on from).
    `on_crawled`: see `_crawl_and_load` (flows/warmup.py's Headstart)."""
    from core.provenance import outlets_from_sources
    from nlp.embeddings import model_name
    from warehouse.db import connect
    from warehouse.pending import SKIPPABLE, pending_work
    from warehouse.runs import begin_run, finish_run, totals
    from warehouse.snapshot import publish_snapshot, snapshot_unchanged

    source_list = load_sources(sources)
    _, limits = run_topics(sources, source_list, topics)
    with connect(db) as con:
        run_id = begin_run(con, str(sources), db)
    report = RunReport(run_id=run_id, sources=len(source_list), db=str(db), task_runner=runner)
    seconds: dict[str, float] = {}
    try:
        seconds.update(
            _crawl_and_load(source_list, str(db), Path(f"{db}.crawl"), crawl_settings, report, on_crawled)
        )
        with connect(db) as con:
            work = pending_work(con, model_name(), limits, outlets_from_sources(source_list))
        if any(work[name] for name in SKIPPABLE):
            return None, {
                "run_id": run_id,
                "crawl": report.crawl,
                "articles": report.articles,
                "unhealthy_sources": report.unhealthy_sources,
                "seconds": seconds,
            }
        _quiet(report, work)
        report.status = "completed"
    except BaseException as exc:
        report.status = "failed"
        report.error = f"{type(exc).__name__}: {exc}"[:500]
        raise
    finally:
        if report.status != "running":  # handed over: the flow finishes the record
            seconds["total"] = sum(seconds.values())
            report.seconds = {k: round(v, 2) for k, v in seconds.items()}
            with connect(db) as con:
                report.totals = totals(con)
                if report.status == "completed":
                    report.snapshot = snapshot_unchanged(con, db, run_id)
                finish_run(con, report)
    if report.snapshot is not None:
        reached("publish")
        progress.note(f"publish: snapshot unchanged ({report.snapshot['duckdb']})")
        return report, None
    reached("publish")
    progress.stage("publish", None, "running")
    clock = time.perf_counter()
    report.snapshot = publish_snapshot(db)
    progress.done(
        "publish",
        f"{report.snapshot['relations']} tables and views -> {report.snapshot['duckdb']}",
        time.perf_counter() - clock,
    )
    return report, None
