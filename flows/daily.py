"""The `daily-ingest` flow: crawl (per source) -> load -> claims -> embed -> topics -> link ->
disputes -> contradictions -> factchecks -> report -> publish, as one Prefect task per stage.

- Each stage does what is still pending in the store (warehouse/stages.py), whichever run
  left it, and marks it done in the transaction of its results: a run killed at any point
  is finished by the next one (README, "What survives a crash").

- I/O is retried, nothing else: each source's crawl is its own task (a Scrapy subprocess)
  with 3 retries and exponential backoff, so one flaky outlet is retried and, if it still
  fails, recorded as failed while the others go on.
- One writer: every task that writes the store holds the `claimwatch-db-writer` global
  concurrency limit (1 slot, flows/dbwriter.py) and opens the store only while it writes.
- The claims and embedding stage is a subflow (flows/nlp_stage.py) whose task runner is
  a worker thread or a Dask cluster (`task_runner="dask"`).
- A `runs` row records start, end, status, counts and seconds per stage and failures per
  source; every run leaves a markdown report and a table of new contradictions as Prefect
  artifacts (flows/artifacts.py).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NONE
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.tasks import exponential_backoff

from flows import progress
from flows.dbwriter import db_slot, ensure_limit
from flows.quick import crawl_one, load_all, run_topics
from spiders.sources import Source, load_sources
from warehouse.runs import RunReport
from warehouse.stages import reached, wrote

log = logging.getLogger("claimwatch")
# Nothing here sets the environment at import: a Prefect worker's fresh process loads the
# bundled models with local_files_only (nlp/embeddings.py), and the entry points call
# settings.apply_process_defaults().

# 4 Scrapy processes at once: each is mostly waiting on the network and the per-domain
# delay; 4 keep 2 cores busy without starving the writer (bench/scale.py).
CRAWL_PARALLEL = 4


def _progress(message: str) -> None:
    progress.note(message)


@task(
    name="crawl",
    task_run_name="crawl-{source.name}",
    cache_policy=NONE,
    retries=3,
    retry_delay_seconds=exponential_backoff(backoff_factor=2),  # 2, 4, 8 s
    retry_jitter_factor=0.5,
)
def crawl_source(source: Source, workdir: str, settings: dict | None, state: dict) -> dict:
    """Crawl one source in its own Scrapy subprocess (flows/quick.py: crawl_one)."""
    return crawl_one(source, workdir, settings, state)


def _crawl_all(sources: list[Source], db: str, workdir: Path, settings: dict | None) -> dict[str, dict]:
    """Every source's crawl, CRAWL_PARALLEL at a time; per source: ok, seconds, items or error."""
    from warehouse.db import connect
    from warehouse.ingest import crawl_state

    reached("crawl")
    with db_slot(), connect(db) as con:  # read, then let go: the crawl takes minutes
        state = crawl_state(con)
    progress.stage("crawl", len(sources), "sources")
    futures = {s.name: crawl_source.submit(s, str(workdir / s.name), settings, state) for s in sources}
    outcome: dict[str, dict] = {}
    for name, future in futures.items():
        future.wait()
        if future.state.is_completed():
            result = future.result()
            outcome[name] = {
                "ok": True,
                "seconds": round(result["seconds"], 2),
                "items": result["items"],
                **result["report"],
            }
        else:
            error = str(future.result(raise_on_failure=False))[:300]
            log.error("crawl of %s failed after retries: %s", name, error)
            outcome[name] = {"ok": False, "error": error}
        word = "FAILED" if not outcome[name]["ok"] else "truncated" if outcome[name]["truncated"] else "ok"
        progress.advance("crawl", 1, f"{name} {word}")
        wrote("crawl")  # the test hook's crawl:<n>: n sources crawled, nothing loaded yet
    return outcome


@task(name="load", cache_policy=NONE)
def load_items(
    db: str,
    items: list[str],
    run_id: str,
    sources: list[str],
    workdir: str,
    failed: list[str] = (),
    reports: dict[str, dict] | None = None,
) -> dict:
    """Store fetches, articles and new versions from the crawls' items (flows/quick.py: load_all)."""
    return load_all(db, items, run_id, sources, workdir, failed, reports, slot=db_slot)


@task(name="link", cache_policy=NONE)
def link_claims(db: str) -> dict:
    """Link new claims against the store and refresh clusters."""
    from warehouse.db import connect
    from warehouse.linking import link_new_claims

    with db_slot(), connect(db) as con:
        result = link_new_claims(con)
    return {
        "compared": result.compared,
        "new": result.links,
        "clusters": result.clusters,
        "ann_recall": result.ann_recall,
    }


@task(name="disputes", cache_policy=NONE)
def build_disputes(db: str, sources: str | None = None) -> dict:
    """Positions, disputes and origins of the fact clusters touched since the last run (issue 17);
    attributions resolve against the sources file's outlets (None: those of the last run)."""
    from core.provenance import outlets_from_sources
    from warehouse.db import connect
    from warehouse.disputes import update_disputes

    outlets = outlets_from_sources(load_sources(sources)) if sources else None
    with db_slot(), connect(db) as con:
        return update_disputes(con, outlets).as_dict()


@task(name="factchecks", cache_policy=NONE)
def match_factchecks(db: str) -> dict:
    """Match new claims against the imported fact-checks (issue #5); skips when none are imported."""
    from warehouse.db import connect
    from warehouse.factchecks import match_new_claims

    with db_slot(), connect(db) as con:
        return match_new_claims(con)


@task(name="topics", cache_policy=NONE)
def score_topics(db: str, topics_file: str | None = None, limits: dict | None = None) -> dict:
    """Score new articles and claims against the topics (issue #8); off-beat claims are kept
    but not linked. Reads the vectors the embed stage stored; loads no model."""
    from nlp.topics import load_topics
    from warehouse.db import connect
    from warehouse.topicstore import score_topics as score

    topics = load_topics(topics_file)
    with db_slot(), connect(db) as con:
        return score(con, topics, limits).as_dict()


@task(name="contradictions", cache_policy=NONE)
def find_contradictions(db: str) -> int:
    """Flag linked claims whose figures disagree beyond their hedges (every link not judged yet,
    whichever run made it)."""
    from warehouse.contradictions import detect
    from warehouse.db import connect

    with db_slot(), connect(db) as con:
        return detect(con)


@task(name="publish", cache_policy=NONE)
def publish(db: str) -> dict:
    """Publish the analysts' read-only snapshot (DuckDB file + Parquet) of the store."""
    from warehouse.snapshot import publish_snapshot

    return publish_snapshot(db, hold_live=db_slot)  # the writer slot only while the store is read


def _run_name() -> str:
    """Flow run names carry the UTC date and time: daily-ingest-2026-11-28-060000."""
    from prefect.runtime import flow_run

    return f"{flow_run.flow_name or 'claimwatch'}-{datetime.now(UTC):%Y-%m-%d-%H%M%S}"


def _stage(name: str, seconds: dict[str, float], call: Callable[[], object], summary: Callable) -> object:
    """Run one stage, time it, report it."""
    reached(name)  # the test-only kill hook (warehouse/stages.py)
    progress.stage(name, None, "running")
    clock = time.perf_counter()
    result = call()
    seconds[name] = time.perf_counter() - clock
    progress.done(name, summary(result), seconds[name])
    return result


def _pending_work(db: str, limits: dict | None, sources: str | None = None) -> dict[str, int]:
    """Which stages after the load have work (warehouse/pending.py), in one short open of the store."""
    from core.provenance import outlets_from_sources
    from nlp.embeddings import model_name
    from warehouse.db import connect
    from warehouse.pending import pending_work

    outlets = outlets_from_sources(load_sources(sources)) if sources else None
    with db_slot(), connect(db) as con:
        return pending_work(con, model_name(), limits, outlets)


class _Gate:
    """Issue 16, nothing to do, nothing paid: a stage is skipped (no task, no store, no model)
    while it has no pending work and no stage before it ran in this run; once one stage ran, the
    ones after it run too, as they may have work it made."""

    def __init__(self, work: dict[str, int], report: RunReport) -> None:
        self.work, self.report, self.ran = work, report, False

    def open(self, *names: str) -> bool:
        if self.ran or any(self.work.get(n, 1) for n in names):
            self.ran = True
            return True
        reached(names[0])  # the kill hook still sees every stage boundary
        self.report.skipped += list(names)
        progress.note(f"{', '.join(names)}: nothing to do")
        return False


def _downstream(
    db: str,
    report: RunReport,
    seconds: dict[str, float],
    topics: str | None = None,
    limits: dict | None = None,
    sources: str | None = None,
) -> None:
    """Everything after the articles are stored: claims, embeddings, links, contradictions."""
    with db_slot():  # once for every stage below (issue 16: not once per stage and write batch)
        _stages(db, report, seconds, topics, limits, sources)


def _stages(
    db: str,
    report: RunReport,
    seconds: dict[str, float],
    topics: str | None,
    limits: dict | None,
    sources: str | None,
) -> None:
    from flows.nlp_stage import run_nlp_stage

    gate = _Gate(_pending_work(db, limits, sources), report)
    runner = report.task_runner or {}
    report.claims = {"versions": 0, "new": 0, "failed": 0, "appearances": 0}
    embedded = 0
    if gate.open("claims", "cues", "embed"):
        nlp = run_nlp_stage(
            db,
            runner.get("kind", "local"),
            runner.get("address"),
            runner.get("workers", 2),
            topics_file=topics,
        )
        report.claims = nlp["claims"]
        seconds.update(nlp["seconds"])
        embedded = nlp["embedded"]
    if gate.open("topics"):
        report.topics = _stage(
            "topics",
            seconds,
            lambda: score_topics(db, topics, limits),
            lambda t: f"{t['on_beat']} articles on the beat, {t['off_beat']} off-beat (stored, not linked)",
        )
    links = {"compared": 0, "new": 0, "clusters": None, "ann_recall": None}
    if gate.open("link"):
        links = _stage("link", seconds, lambda: link_claims(db), lambda r: f"{r['new']} new links")
    report.links = {"embedded": embedded, **links}
    report.disputes = {"facts": 0, "disputes": 0, "touched": 0}
    if gate.open("disputes"):
        report.disputes = _stage(
            "disputes",
            seconds,
            lambda: build_disputes(db, sources),
            lambda d: f"{d['disputes']} disputes in {d['facts']} facts ({d['touched']} clusters recomputed)",
        )
    new = 0
    if gate.open("contradictions"):
        new = _stage("contradictions", seconds, lambda: find_contradictions(db), lambda n: f"{n} new")
    report.contradictions = {"new": new}
    report.factchecks = {
        "factchecks": gate.work["factchecks_stored"],
        "compared": 0,
        "matches": 0,
        "claims_matched": 0,
        "no_vector": 0,
    }
    if gate.open("factchecks"):
        report.factchecks = _stage(
            "factchecks",
            seconds,
            lambda: match_factchecks(db),
            lambda r: f"{r['matches']} matches for {r['compared']} new claims "
            f"({r['factchecks']} fact-checks)",
        )


def _recorded(
    db: str,
    label: str,
    sources: int,
    body: Callable[[RunReport, dict], None],
    runner: dict | None = None,
    run_id: str | None = None,
) -> RunReport:
    """Run `body` as one recorded run: a runs row, the report, seconds per stage, artifacts
    (`run_id`: the row flows/quick.py started, whose crawl and load are done)."""
    from flows.artifacts import new_contradictions, publish_artifacts
    from warehouse.db import connect
    from warehouse.pending import SKIPPABLE
    from warehouse.runs import begin_run, finish_run, totals
    from warehouse.snapshot import snapshot_unchanged

    ensure_limit()
    if run_id is None:
        with db_slot(), connect(db) as con:
            run_id = begin_run(con, label, db)
    seconds: dict[str, float] = {}
    report = RunReport(run_id=run_id, sources=sources, db=str(db), task_runner=runner, **_flow_run_info())
    try:
        body(report, seconds)
        report.status = "completed"
    except BaseException as exc:
        report.status = "failed"
        report.error = f"{type(exc).__name__}: {exc}"[:500]
        raise
    finally:
        seconds["total"] = sum(seconds.values())
        report.seconds = {k: round(v, 2) for k, v in seconds.items()}
        with db_slot(), connect(db) as con:  # one open: totals, the record, the artifact's rows
            report.totals = totals(con)
            # Every stage skipped: no claim, link or fact written; the snapshot may stay (issue 16).
            if report.status == "completed" and set(SKIPPABLE) <= set(report.skipped):
                report.snapshot = snapshot_unchanged(con, db, run_id)
            finish_run(con, report)
            flagged = new_contradictions(con, run_id)
        publish_artifacts(report, flagged)
    # Last, after the run record is finished, so that the snapshot holds it (completed runs only).
    if report.snapshot is not None:  # issue 16: nothing written, nothing to publish
        reached("publish")
        progress.note(f"publish: snapshot unchanged ({report.snapshot['duckdb']})")
        return report
    report.snapshot = _stage(
        "publish", {}, lambda: publish(db), lambda s: f"{s['relations']} tables and views -> {s['duckdb']}"
    )
    return report


def _flow_run_info() -> dict:
    from prefect.runtime import flow_run

    return {"flow_run": {"id": str(flow_run.id), "name": flow_run.name}} if flow_run.id else {}


@flow(
    name="daily-ingest",
    flow_run_name=_run_name,
    task_runner=ThreadPoolTaskRunner(max_workers=CRAWL_PARALLEL),
)
def daily_ingest(
    sources: str,
    db: str,
    crawl_settings: dict | None = None,
    task_runner: str = "local",
    dask_address: str | None = None,
    dask_workers: int = 2,
    topics: str | None = None,
    ingested: dict | None = None,
) -> RunReport:
    """Crawl the configured sources and process what is new into the claim store.

    Args:
        sources: path of the sources file (YAML).
        db: path of the DuckDB store (created and migrated when missing).
        crawl_settings: Scrapy setting overrides for this run.
        task_runner: "local" (one worker thread) or "dask" for the claims and embedding stage.
        dask_address: a Dask scheduler (tcp://host:8786); None starts a LocalCluster.
        dask_workers: workers of that LocalCluster.
        topics: the topics file; None: the sources file's `topics:` key, else topics/beat.yaml.
        ingested: the run flows/quick.py started and crawled and loaded (its run_id, crawl,
            articles, unhealthy_sources, seconds): the flow goes on from the claims stage.
    """
    source_list = load_sources(sources)  # fail fast, before any network
    topics_file, limits = run_topics(sources, source_list, topics)
    workdir = Path(f"{db}.crawl")
    runner = {"kind": task_runner, "address": dask_address, "workers": dask_workers}

    def body(report: RunReport, seconds: dict[str, float]) -> None:
        if ingested:
            report.crawl, report.articles = ingested["crawl"], ingested["articles"]
            report.unhealthy_sources = ingested["unhealthy_sources"]
            seconds.update(ingested["seconds"])
            return _downstream(str(db), report, seconds, topics_file, limits, str(sources))
        clock = time.perf_counter()
        crawled = _crawl_all(source_list, str(db), workdir, crawl_settings)
        seconds["crawl"] = time.perf_counter() - clock
        report.crawl = {name: {k: v for k, v in c.items() if k != "items"} for name, c in crawled.items()}
        failed = sorted(name for name, c in crawled.items() if not c["ok"])
        progress.done("crawl", f"{len(crawled) - len(failed)} ok, {len(failed)} failed", seconds["crawl"])

        items = [c["items"] for c in crawled.values() if c["ok"]]
        names = [s.name for s in source_list]
        reports = {name: c for name, c in crawled.items() if c["ok"]}
        loaded = _stage(
            "load",
            seconds,
            lambda: load_items(str(db), items, report.run_id, names, str(workdir), failed, reports),
            lambda r: f"{r['articles']['new']} new, {r['articles']['updated']} updated, "
            f"{r['articles']['failed']} failed articles",
        )
        report.articles, report.unhealthy_sources = loaded["articles"], loaded["unhealthy_sources"]
        _downstream(str(db), report, seconds, topics_file, limits, str(sources))

    run_id = ingested["run_id"] if ingested else None
    return _recorded(str(db), str(sources), len(source_list), body, runner, run_id)


@task(name="re-extract", cache_policy=NONE)
def reextract_archive(db: str, since: str | None = None) -> dict:
    """Re-extract articles from the stored fetches (no network)."""
    from flows.reprocess import reextract_db

    with db_slot():
        return reextract_db(db, since)


@flow(name="reprocess", flow_run_name=_run_name)
def reprocess_archive(db: str, since: str | None = None, extracted: dict | None = None) -> RunReport:
    """Re-extract articles and claims from the archive, then link and compare again.

    The `backfill` deployment: nothing is fetched (feeds only list recent articles, so a
    re-crawl cannot reach the past); pages fetched on or after `since` are re-extracted
    with today's code, changed texts become new versions and go through claims, embeddings,
    links and contradictions like new articles.

    Args:
        db: path of the DuckDB store.
        since: only fetches from this date on (ISO 8601); None: the whole archive.
        extracted: the run flows/reprocess.py's `reextract_first` started and re-extracted
            (its run_id, articles, seconds): the flow goes on from the claims stage.
    """
    from flows.reprocess import run_label

    def body(report: RunReport, seconds: dict[str, float]) -> None:
        if extracted:
            report.articles = extracted["articles"]
            seconds.update(extracted["seconds"])
        else:
            report.articles = _stage(
                "re-extract",
                seconds,
                lambda: reextract_archive(str(db), since),
                lambda a: f"{a['new']} new, {a['updated']} updated",
            )
        _downstream(str(db), report, seconds)

    run_id = extracted["run_id"] if extracted else None
    return _recorded(str(db), run_label(since), 0, body, run_id=run_id)


if __name__ == "__main__":  # `python -m flows.daily SOURCES DB`: the flow without the CLI
    import sys

    from settings import apply_process_defaults

    apply_process_defaults()
    print(daily_ingest(sources=sys.argv[1], db=sys.argv[2]))
