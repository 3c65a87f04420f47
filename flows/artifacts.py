"""Prefect artifacts of a run: the report as markdown and the new contradictions as a table.

Stable keys, so the Prefect UI (Artifacts, or the flow run's Artifacts tab) shows each key's
history run after run: `claimwatch-run-report` and `claimwatch-new-contradictions`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

    from warehouse.runs import RunReport

log = logging.getLogger("claimwatch")

REPORT_KEY = "claimwatch-run-report"
CONTRADICTIONS_KEY = "claimwatch-new-contradictions"
# The UI renders every row; a first run over a big archive can flag thousands.
MAX_TABLE_ROWS = 200


def new_contradictions(
    con: duckdb.DuckDBPyConnection, run_id: str, limit: int = MAX_TABLE_ROWS
) -> list[dict]:
    """Contradictions detected since the run started, highest score first (the caller holds the
    writer's connection: the run's last open of the store reads these with its totals)."""
    from warehouse.flagsides import both_sides

    cursor = con.execute(
        f"""SELECT x.contradiction_id, x.kind, x.fact_key, round(x.score, 3) AS score, x.reason,
                  aa.source AS source_a, ca.text AS claim_a, ab.source AS source_b, cb.text AS claim_b
           {both_sides()} JOIN runs r ON r.run_id = ?
           WHERE x.detected_at >= r.started_at
           ORDER BY x.score DESC, x.contradiction_id LIMIT ?""",
        [run_id, limit],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def report_markdown(report: RunReport) -> str:
    """The run report as markdown: status, the text report, crawl per source."""
    from flows.report import format_report

    lines = [f"# claimwatch run `{report.run_id}`: {report.status}", "", f"Store: `{report.db}`", ""]
    if report.error:
        lines += [f"**Error:** `{report.error}`", ""]
    try:
        lines += ["```", format_report(report), "```", ""]
    except (KeyError, TypeError):  # a run that failed early has no counts for some stages
        lines += ["Stage seconds: " + ", ".join(f"{k} {v}" for k, v in report.seconds.items()), ""]
    if report.crawl:
        lines += ["| source | crawl | seconds | error |", "|---|---|---|---|"]
        for name, c in sorted(report.crawl.items()):
            error = (c.get("error") or "").replace("|", "/").replace("\n", " ")
            lines.append(f"| {name} | {'ok' if c['ok'] else 'FAILED'} | {c.get('seconds', '')} | {error} |")
    return "\n".join(lines)


def publish_artifacts(report: RunReport, flagged: list[dict]) -> None:
    """Both artifacts for the current flow run (`flagged`: new_contradictions); a failure here
    is logged, never fails the run."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    try:
        create_markdown_artifact(
            markdown=report_markdown(report),
            key=REPORT_KEY,
            description=f"claimwatch run {report.run_id} on {report.db}",
        )
        create_table_artifact(
            table=flagged
            or [{"contradiction_id": "", "kind": "", "fact_key": "", "score": "", "reason": "(none new)"}],
            key=CONTRADICTIONS_KEY,
            description=f"{len(flagged)} new contradictions in run {report.run_id}"
            + (f" (first {MAX_TABLE_ROWS})" if len(flagged) == MAX_TABLE_ROWS else ""),
        )
    except Exception:
        log.exception("could not publish the run's Prefect artifacts")
