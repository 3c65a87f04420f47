"""Source health from the per-run history: a source whose discovery (feeds, sitemaps,
listing pages) failed in each of its last 3 runs is unhealthy. The run still exits 0."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

# 3 runs: one bad night is a blip, three in a row is a moved or dead feed.
UNHEALTHY_AFTER = 3


@dataclass(frozen=True)
class SourceHealth:
    source: str
    runs: int
    failing_streak: int  # consecutive latest runs whose discovery all failed
    last_articles_ok: int
    last_articles_failed: int
    last_run_at: str | None

    @property
    def status(self) -> str:
        if self.failing_streak >= UNHEALTHY_AFTER:
            return "unhealthy"
        return "failing" if self.failing_streak else "ok"


def source_health(con: duckdb.DuckDBPyConnection) -> list[SourceHealth]:
    """Health of every source seen in a run, worst first."""
    history: dict[str, list[tuple]] = {}
    for row in con.execute(
        """SELECT source, feeds_ok, feeds_failed, articles_ok, articles_failed, finished_at
           FROM source_runs ORDER BY source, finished_at DESC"""
    ).fetchall():
        history.setdefault(row[0], []).append(row[1:])
    out = []
    for source, runs in history.items():
        streak = 0
        for feeds_ok, feeds_failed, *_ in runs:
            if feeds_failed and not feeds_ok:
                streak += 1
            else:
                break
        latest = runs[0]
        out.append(SourceHealth(source, len(runs), streak, latest[2], latest[3], latest[4].isoformat()))
    out.sort(key=lambda h: (-h.failing_streak, h.source))
    return out


def format_health(rows: list[SourceHealth]) -> str:
    if not rows:
        return "no runs recorded yet"
    width = max(len(r.source) for r in rows)
    lines = [f"{'source'.ljust(width)}  status     failing runs  last run: articles ok/failed  runs"]
    for r in rows:
        lines.append(
            f"{r.source.ljust(width)}  {r.status.ljust(9)}  {str(r.failing_streak).rjust(12)}  "
            f"{str(r.last_articles_ok).rjust(18)}/{r.last_articles_failed:<8}  {r.runs}"
        )
    return "\n".join(lines)
