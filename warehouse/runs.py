"""Run records and the run report: counts and seconds per stage.

`RunReport` is the one definition of what a run reports: flows/daily.py fills it stage by
stage, `finish_run` stores it as JSON in `runs.report`, flows/report.py renders it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime

import duckdb

from core.ids import stable_id


@dataclass
class RunReport:
    """What one run (daily job or reprocess) did: filled stage by stage; a stage that did not run
    (the run failed before it, or a reprocess has no crawl) keeps its empty default."""

    run_id: str
    sources: int  # configured sources (0: a reprocess)
    db: str
    status: str = "running"  # running, completed, failed
    error: str | None = None
    flow_run: dict | None = None  # {"id", "name"} of the Prefect flow run
    task_runner: dict | None = None  # {"kind", "address", "workers"} of the claims stage
    # Per source: ok, seconds, requests, error...; None: the run does not crawl (a reprocess).
    crawl: dict[str, dict] | None = None
    articles: dict = field(default_factory=dict)  # the load's (or re-extract's) counts
    # Sources whose discovery failed 3 runs in a row; None: this run did not check (a reprocess).
    unhealthy_sources: list[str] | None = None
    claims: dict = field(default_factory=dict)  # versions, new, failed, appearances
    topics: dict | None = None  # articles, on_beat, off_beat, by_topic, claims_off_beat
    links: dict = field(default_factory=dict)  # embedded, compared, new, clusters, ann_recall
    contradictions: dict = field(default_factory=dict)  # new
    disputes: dict | None = None  # facts, disputes, touched (issue 17); None before the stage existed
    factchecks: dict = field(default_factory=dict)  # factchecks, compared, matches, claims_matched, no_vector
    # Stages that found nothing pending and returned without opening the store (issue 16).
    skipped: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # per stage, and "total"
    totals: dict[str, int] = field(default_factory=dict)  # rows in the store after the run
    snapshot: dict | None = None  # what the publish wrote (after the run record is finished)

    def as_dict(self) -> dict:
        """Plain JSON-ready data (what `runs.report` holds); fields a run did not fill (None) are left
        out, so a reader tells a reprocess (no "crawl") from a daily run as before."""
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, data: dict) -> RunReport:
        """A stored report; keys it does not know are dropped (reports from older versions)."""
        known = {f.name for f in fields(cls)}
        data = dict(data)
        if "unhealthy_sources" not in data and "unhealthy_sources" in data.get("articles", {}):
            data["unhealthy_sources"] = data["articles"]["unhealthy_sources"]  # before RunReport
        return cls(**{k: v for k, v in data.items() if k in known})


def begin_run(con: duckdb.DuckDBPyConnection, label: str, db: str) -> str:
    """A run's first write, whichever path runs it (the flow, or flows/quick.py and
    flows/reprocess.py before Prefect): its runs row, then the review UI's verdicts (the store
    `db`'s own small store, read-only) synced in before any stage. Returns the run id."""
    from warehouse.verdicts import sync_verdicts

    run_id = start_run(con, label)
    sync_verdicts(con, db)
    return run_id


def start_run(con: duckdb.DuckDBPyConnection, sources_file: str) -> str:
    started = datetime.now(UTC)
    run_id = stable_id(started.isoformat(), sources_file, length=12)
    con.execute(
        "INSERT INTO runs (run_id, started_at, sources_file, status) VALUES (?, ?, ?, 'running')",
        [run_id, started, sources_file],
    )
    return run_id


def finish_run(con: duckdb.DuckDBPyConnection, report: RunReport) -> None:
    """Store the finished run's report and status."""
    con.execute(
        "UPDATE runs SET finished_at = ?, status = ?, report = ? WHERE run_id = ?",
        [datetime.now(UTC), report.status, json.dumps(report.as_dict()), report.run_id],
    )


def stored_report(con: duckdb.DuckDBPyConnection, run_id: str) -> RunReport | None:
    """The report a run stored (None: no such run, or it has not finished)."""
    row = con.execute("SELECT report FROM runs WHERE run_id = ?", [run_id]).fetchone()
    return RunReport.from_dict(json.loads(row[0])) if row and row[0] else None


def totals(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row counts of the store, for the report's "in store" line."""
    queries = {
        "articles": "SELECT count(*) FROM articles",
        "claims": "SELECT count(*) FROM claims WHERE current",
        "links": "SELECT count(*) FROM links",
        "clusters": "SELECT count(DISTINCT cluster_id) FROM claims WHERE current AND cluster_id IS NOT NULL",
        "contradictions_open": "SELECT count(*) FROM contradictions WHERE status = 'open'",
    }
    return {name: con.execute(sql).fetchone()[0] for name, sql in queries.items()}
