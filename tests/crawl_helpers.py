"""Crawling a site the test can change between runs: library calls, no Prefect."""

from __future__ import annotations

import shutil
from pathlib import Path

from demo.localsite import serve
from spiders.crawl import crawl, crawl_report
from spiders.sources import parse_sources
from warehouse.db import connect
from warehouse.health import record_crawl, source_health
from warehouse.ingest import crawl_state, load_crawl, record_source_runs

FAST = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "RETRY_BACKOFF_BASE": 0.05, "RETRY_TIMES": 1}


class LiveSite:
    """A copy of a fixture site in tmp, served on 127.0.0.1 until close()."""

    def __init__(self, source: Path | None, root: Path) -> None:
        self.root = root
        if source is not None:
            shutil.copytree(source, root)
        root.mkdir(parents=True, exist_ok=True)
        self._server = serve(root)
        self.base, self.hits = self._server.__enter__()

    def write(self, path: str, content: str | bytes) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            target.write_text(content, encoding="utf-8")
        else:
            target.write_bytes(content)

    def close(self) -> None:
        self._server.__exit__(None, None, None)


def crawl_once(db: Path, sources: list[dict], workdir: Path, settings: dict | None = None, run_id: str = "r"):
    """One crawl + load into db; returns (LoadResult, crawl stats)."""
    parsed = parse_sources({"sources": sources})
    with connect(db) as con:
        state = crawl_state(con)
    result = crawl(parsed, workdir, {**FAST, **(settings or {})}, state=state)
    assert result.returncode == 0, (workdir / "crawl.log").read_text()
    with connect(db) as con:
        loaded = load_crawl(con, result.items_path, run_id)
        record_source_runs(con, run_id, [s.name for s in parsed], loaded)
        for s in parsed:
            record_crawl(con, run_id, s.name, crawl_report(result.stats, s.name, result.timed_out))
        health = {h.source: h.status for h in source_health(con)}
    return loaded, result.stats, health
