"""Prefect artifacts of a run: the report as markdown and the new contradictions as a table.

Stable keys, so the Prefect UI (Artifacts, or the flow run's Artifacts tab) shows each key's
history run after run: `claimwatch-run-report` and `claimwatch-new-contradictions`.
"""

from __future__ import annotations

import logging

log = logging.getLogger("claimwatch")

REPORT_KEY = "claimwatch-run-report"
CONTRADICTIONS_KEY = "claimwatch-new-contradictions"
# The UI renders every row; a first run over a big archive can flag thousands.
MAX_TABLE_ROWS = 200


def new_contradictions(db: str, run_id: str, limit: int = MAX_TABLE_ROWS) -> list[dict]:
    """Contradictions detected since the run started, highest score first."""
    from flows.dbwriter import db_slot
    from warehouse.db import connect
    from warehouse.flagsides import both_sides

    with db_slot(), connect(db) as con:
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


def report_markdown(report: dict) -> str:
    """The run report as markdown: status, the text report, crawl per source."""
    from warehouse.runs import format_report

    lines = [
        f"# claimwatch run `{report['run_id']}`: {report.get('status', 'unknown')}",
        "",
        f"Store: `{report['db']}`",
        "",
    ]
    if report.get("error"):
        lines += [f"**Error:** `{report['error']}`", ""]
    try:
        lines += ["```", format_report(report), "```", ""]
    except (KeyError, TypeError):  # a run that failed early has no counts for some stages
        lines += ["Stage seconds: " + ", ".join(f"{k} {v}" for k, v in report.get("seconds", {}).items()), ""]
    if report.get("crawl"):
        lines += ["| source | crawl | seconds | error |", "|---|---|---|---|"]
        for name, c in sorted(report["crawl"].items()):
            error = (c.get("error") or "").replace("|", "/").replace("\n", " ")
            lines.append(f"| {name} | {'ok' if c['ok'] else 'FAILED'} | {c.get('seconds', '')} | {error} |")
    return "\n".join(lines)


def publish_artifacts(db: str, report: dict) -> None:
    """Both artifacts for the current flow run; a failure here is logged, never fails the run."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    try:
        create_markdown_artifact(
            markdown=report_markdown(report),
            key=REPORT_KEY,
            description=f"claimwatch run {report['run_id']} on {report['db']}",
        )
        rows = new_contradictions(db, report["run_id"])
        create_table_artifact(
            table=rows
            or [{"contradiction_id": "", "kind": "", "fact_key": "", "score": "", "reason": "(none new)"}],
            key=CONTRADICTIONS_KEY,
            description=f"{len(rows)} new contradictions in run {report['run_id']}"
            + (f" (first {MAX_TABLE_ROWS})" if len(rows) == MAX_TABLE_ROWS else ""),
        )
    except Exception:
        log.exception("could not publish the run's Prefect artifacts")
