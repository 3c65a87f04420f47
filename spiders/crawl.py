"""Running one crawl in a subprocess (the Twisted reactor cannot restart in a process).

`crawl()` is what the flow calls; `python -m spiders.crawl` is the child process.
Items go to a JSON-lines file; the job's one writer loads them into the warehouse.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from spiders.sources import Source


@dataclass(frozen=True)
class CrawlResult:
    items_path: Path
    stats: dict
    returncode: int


def crawl(
    sources: list[Source],
    workdir: Path,
    settings: dict[str, object] | None = None,
    timeout: float | None = None,
    state: dict[str, dict] | None = None,
) -> CrawlResult:
    """Crawl the sources in a child process; items land in workdir/items.jsonl.

    Args:
        sources: the validated sources.
        workdir: a folder for this run's crawl files (created).
        settings: Scrapy setting overrides, e.g. {"DOWNLOAD_DELAY": 0}.
        timeout: seconds before the child is killed (None: no limit).
        state: per URL what the store knows (etag, last_modified, body_sha1, gone), for
            conditional requests and for skipping unchanged or gone pages.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    sources_path = workdir / "sources.json"
    items_path = workdir / "items.jsonl"
    stats_path = workdir / "stats.json"
    sources_path.write_text(json.dumps([s.to_dict() for s in sources]), encoding="utf-8")
    items_path.unlink(missing_ok=True)
    state_path = workdir / "state.json"
    state_path.write_text(json.dumps(state or {}), encoding="utf-8")
    cmd = [sys.executable, "-m", "spiders.crawl", "--sources", str(sources_path), "--state", str(state_path)]
    cmd += ["--out", str(items_path), "--stats", str(stats_path)]
    for key, value in (settings or {}).items():
        cmd += ["-s", f"{key}={json.dumps(value)}"]
    log_path = workdir / "crawl.log"
    with log_path.open("w", encoding="utf-8") as log:
        proc = subprocess.run(
            cmd, stdout=log, stderr=subprocess.STDOUT, timeout=timeout, env=os.environ.copy()
        )
    stats = json.loads(stats_path.read_text(encoding="utf-8")) if stats_path.exists() else {}
    if not items_path.exists():
        items_path.touch()
    return CrawlResult(items_path, stats, proc.returncode)


def parse_setting(text: str) -> tuple[str, object]:
    """A `KEY=VALUE` setting override; VALUE is read as JSON when it is JSON (0, false, 1.5)."""
    key, sep, raw = text.partition("=")
    if not sep or not key:
        raise ValueError(f"expected KEY=VALUE, got {text!r}")
    try:
        return key, json.loads(raw)
    except ValueError:
        return key, raw


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the news spider once (used by the daily job).")
    parser.add_argument("--sources", required=True, help="JSON list of sources")
    parser.add_argument("--state", help="JSON map url -> {etag, last_modified, body_sha1, gone}")
    parser.add_argument("--out", required=True, help="items, JSON lines")
    parser.add_argument("--stats", required=True, help="crawl stats, JSON")
    parser.add_argument("-s", dest="settings", action="append", default=[], help="KEY=JSON setting override")
    args = parser.parse_args(argv)

    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from spiders import settings as defaults

    settings = Settings()
    settings.setmodule(defaults, priority="project")
    settings.set("FEEDS", {args.out: {"format": "jsonlines", "encoding": "utf-8", "overwrite": True}})
    overrides = dict(parse_setting(item) for item in args.settings)
    for key, value in overrides.items():
        settings.set(key, value, priority="cmdline")
    if "USER_AGENT" not in overrides:
        # A contact URL given for this run belongs in the User-Agent too.
        settings.set("USER_AGENT", f"claimwatch/0.1 (+{settings.get('CLAIMWATCH_CONTACT_URL')})", "cmdline")
    process = CrawlerProcess(settings, install_root_handler=True)
    crawler = process.create_crawler("news")
    process.crawl(crawler, sources=args.sources, state=args.state)
    process.start()
    stats = {
        k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in crawler.stats.get_stats().items()
    }
    Path(args.stats).write_text(json.dumps(stats, indent=1, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
