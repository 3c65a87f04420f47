"""Source health from the per-run history: a source whose discovery (feeds, sitemaps,
listing pages) failed in each of its last 3 runs is unhealthy. The run still exits 0.

A source whose last crawl hit a bound (requests, seconds, child sitemaps, URLs per feed,
the crawl's time limit) is "truncated", not failing; a configured feed that answers
through permanent redirects is reported "moved to ...", also not failing."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

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
    truncated: dict[str, int] = field(default_factory=dict)  # last crawl: bound -> URLs left
    refused: dict[str, int] = field(default_factory=dict)  # last crawl: reason -> count
    moved: dict[str, str] = field(default_factory=dict)  # configured URL -> where it answers now

    @property
    def status(self) -> str:
        if self.failing_streak >= UNHEALTHY_AFTER:
            return "unhealthy"
        if self.failing_streak:
            return "failing"
        return "truncated" if self.truncated else "ok"

    @property
    def notes(self) -> str:
        """One line: moved feeds, bounds hit, refusals."""
        parts = [f"moved to {new} (was {old})" for old, new in sorted(self.moved.items())]
        if self.truncated:
            parts.append("bounds hit: " + ", ".join(f"{k} ({v})" for k, v in sorted(self.truncated.items())))
        if self.refused:
            parts.append("refused: " + ", ".join(f"{k} ({v})" for k, v in sorted(self.refused.items())))
        return "; ".join(parts)


def record_crawl(con: duckdb.DuckDBPyConnection, run_id: str, source: str, report: dict) -> None:
    """Store what one source's crawl ran into (spiders.crawl.crawl_report)."""
    con.execute(
        "INSERT INTO source_crawls VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [
            run_id,
            source,
            json.dumps(report.get("truncated") or {}),
            json.dumps(report.get("refused") or {}),
            json.dumps(report.get("moved") or {}),
            int(report.get("requests") or 0),
            datetime.now(UTC),
        ],
    )


def _last_crawls(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[dict, dict, dict]]:
    rows = con.execute(
        """SELECT source, truncated, refused, moved FROM source_crawls
           QUALIFY row_number() OVER (PARTITION BY source ORDER BY finished_at DESC) = 1"""
    ).fetchall()
    return {r[0]: (json.loads(r[1]), json.loads(r[2]), json.loads(r[3])) for r in rows}


def source_health(con: duckdb.DuckDBPyConnection) -> list[SourceHealth]:
    """Health of every source seen in a run, worst first."""
    history: dict[str, list[tuple]] = {}
    for row in con.execute(
        """SELECT source, feeds_ok, feeds_failed, articles_ok, articles_failed, finished_at
           FROM source_runs ORDER BY source, finished_at DESC"""
    ).fetchall():
        history.setdefault(row[0], []).append(row[1:])
    crawls = _last_crawls(con)
    out = []
    for source, runs in history.items():
        streak = 0
        for feeds_ok, feeds_failed, *_ in runs:
            if feeds_failed and not feeds_ok:
                streak += 1
            else:
                break
        latest = runs[0]
        truncated, refused, moved = crawls.get(source, ({}, {}, {}))
        out.append(
            SourceHealth(
                source,
                len(runs),
                streak,
                latest[2],
                latest[3],
                latest[4].isoformat(),
                truncated=truncated,
                refused=refused,
                moved=moved,
            )
        )
    out.sort(key=lambda h: (-h.failing_streak, h.source))
    return out
