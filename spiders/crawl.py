"""Running one crawl in a subprocess (the Twisted reactor cannot restart in a process).

`crawl()` is what the flow calls; `python -m spiders.crawl` is the child process.
Items go to a JSON-lines file; the job's one writer loads them into the warehouse.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from spiders.sources import Source

# After its time limit the child gets SIGINT (Scrapy stops scheduling and closes the items
# file), then a second SIGINT (no waiting on downloads), then SIGKILL; the items already
# written stay. 20 s: longer than the 2 s a closing crawl needs, shorter than one more page.
STOP_GRACE_SECONDS = 20.0


@dataclass(frozen=True)
class CrawlResult:
    items_path: Path
    stats: dict
    returncode: int
    timed_out: bool = False  # the child was stopped at its time limit: a truncated crawl


def time_limit(sources: list[Source], settings: dict[str, object] | None = None) -> float:
    """Seconds the child may run: the largest max_seconds of its sources plus one download's
    timeout and the stop grace, so the spider's own clock (which stops scheduling) runs out first."""
    from spiders import settings as defaults

    merged = {**vars(defaults), **(settings or {})}
    default = float(merged["CLAIMWATCH_MAX_SECONDS"])  # type: ignore[arg-type]
    longest = max((s.max_seconds or default for s in sources), default=default)
    return longest + float(merged["DOWNLOAD_TIMEOUT"]) + STOP_GRACE_SECONDS  # type: ignore[arg-type]


def crawl_report(stats: dict, source: str, timed_out: bool = False) -> dict:
    """What a source's crawl ran into: bounds hit (truncated: bound -> URLs not fetched),
    refusals (reason -> count), configured URLs that moved (url -> new url), requests made."""
    prefix = f"claimwatch/{source}/"
    report: dict = {"truncated": {}, "refused": {}, "moved": {}, "requests": 0}
    for key, value in stats.items():
        if not key.startswith(prefix):
            continue
        kind, _, rest = key[len(prefix) :].partition("/")
        if kind in ("truncated", "refused", "moved") and rest:
            report[kind][rest] = value
        elif kind == "requests":
            report["requests"] = value
    if timed_out:
        report["truncated"]["timeout"] = 1
    return report


def _run(cmd: list[str], log_path: Path, timeout: float | None) -> tuple[int, bool]:
    """Run the child; at the time limit stop it gently, then firmly. (returncode, timed_out)"""
    with log_path.open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=os.environ.copy())
        try:
            return proc.wait(timeout=timeout), False
        except subprocess.TimeoutExpired:
            pass
        for _ in range(2):
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=STOP_GRACE_SECONDS / 2)
                return proc.returncode, True
            except subprocess.TimeoutExpired:
                continue
        proc.kill()
        return proc.wait(), True


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
        timeout: seconds before the child is stopped (None: time_limit(sources, settings)).
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
    stats_path.unlink(missing_ok=True)
    limit = timeout if timeout is not None else time_limit(sources, settings)
    returncode, timed_out = _run(cmd, workdir / "crawl.log", limit)
    stats = json.loads(stats_path.read_text(encoding="utf-8")) if stats_path.exists() else {}
    if not items_path.exists():
        items_path.touch()
    return CrawlResult(items_path, stats, returncode, timed_out)


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
    settings.set("CLAIMWATCH_ITEMS_PATH", args.out)
    settings.set("ITEM_PIPELINES", {"spiders.pipelines.ItemsFilePipeline": 900})
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
