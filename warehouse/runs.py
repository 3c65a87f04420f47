"""Run records and the run report: counts and seconds per stage."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import duckdb

from core.ids import stable_id


def start_run(con: duckdb.DuckDBPyConnection, sources_file: str) -> str:
    started = datetime.now(UTC)
    run_id = stable_id(started.isoformat(), sources_file, length=12)
    con.execute(
        "INSERT INTO runs (run_id, started_at, sources_file, status) VALUES (?, ?, ?, 'running')",
        [run_id, started, sources_file],
    )
    return run_id


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, report: dict, status: str = "completed") -> None:
    con.execute(
        "UPDATE runs SET finished_at = ?, status = ?, report = ? WHERE run_id = ?",
        [datetime.now(UTC), status, json.dumps(report), run_id],
    )


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


def _topic_lines(topics: dict | None) -> list[str]:
    """Issue #8: article versions on and off the beat, and the new claims per best topic."""
    if not topics:
        return []
    per = ", ".join(f"{name} {n}" for name, n in topics["by_topic"].items()) or "none"
    return [
        f"  topics          {topics['articles']} article versions scored: {topics['on_beat']} on the beat, "
        f"{topics['off_beat']} off-beat (stored, claims not linked)",
        f"  by topic        {per} (new claims; {topics['claims_off_beat']} off-beat)",
    ]


def format_report(report: dict) -> str:
    """The run report as a person reads it."""
    a, t = report["articles"], report["totals"]
    lines = [
        f"claimwatch run {report['run_id']}: {report['sources']} sources -> {report['db']}",
        f"  articles        {a['new']} new, {a['updated']} updated, {a['unchanged']} unchanged, "
        f"{a['failed']} failed, {a['duplicates']} marked duplicate",
    ]
    if a.get("not_modified") or a.get("skipped"):
        lines.append(
            f"  fetches         {a.get('not_modified', 0)} not modified (304 or same bytes; feeds too), "
            f"{a.get('skipped', 0)} skipped (robots.txt, too large, not HTML)"
        )
    crawl_failed = sorted(name for name, c in report.get("crawl", {}).items() if not c.get("ok"))
    if crawl_failed:
        lines.append(
            f"  CRAWL FAILED    {', '.join(crawl_failed)} (after 3 retries; runs.report has the errors)"
        )
    if a["failed_by_source"]:
        per = ", ".join(f"{s}: {n}" for s, n in sorted(a["failed_by_source"].items()))
        lines.append(f"  failed by source {per}")
    if a.get("unhealthy_sources"):
        lines.append(
            f"  UNHEALTHY       {', '.join(a['unhealthy_sources'])}: discovery failed 3 runs in a row "
            "(claimwatch sources status)"
        )
    if a.get("bad_items"):
        lines.append(f"  bad crawl items {a['bad_items']} (see the log)")
    lines += [
        f"  claims          {report['claims']['new']} new from "
        f"{report['claims']['versions']} article versions"
        + (f", {report['claims']['failed']} versions failed" if report["claims"]["failed"] else ""),
        *_topic_lines(report.get("topics")),
        f"  embeddings      {report['links']['embedded']} computed",
        f"  links           {report['links']['new']} new ({report['links']['compared']} claims compared"
        + (
            f"; ANN recall@10 {report['links']['ann_recall']:.3f})"
            if report["links"].get("ann_recall") is not None
            else ")"
        ),
        *_dispute_lines(report.get("disputes")),
        f"  contradictions  {report['contradictions']['new']} new",
        f"  in store        {t['articles']} articles, {t['claims']} current claims, {t['links']} links, "
        f"{t['clusters']} clusters, {t['contradictions_open']} open contradictions",
        "  seconds         " + ", ".join(f"{stage} {secs:.1f}" for stage, secs in report["seconds"].items()),
    ]
    return "\n".join(lines)


def _dispute_lines(disputes: dict | None) -> list[str]:
    """The dispute stage's line (issue 17); none for a report made before it existed."""
    if not disputes:
        return []
    return [
        f"  disputes        {disputes['disputes']} in {disputes['facts']} facts "
        f"({disputes['touched']} clusters recomputed)"
    ]
