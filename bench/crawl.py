"""Incremental crawling: the daily job twice over an unchanged 240-article loopback site, run
the way `claimwatch run` runs it (crawl and load first, the Prefect flow only for new work).

The rerun must cost at most 10% of the first run's wall time (issue #3): feeds answer 304
to conditional requests, so no article is fetched, extracted or processed again.

    .venv/bin/python bench/crawl.py [--articles 240]

`--loader-memory` instead measures the loader's peak Python memory (tracemalloc) as the
items file grows 1x, 4x, 16x (issue #15): items are read line by line and one item is
held at a time, so the peak must stay flat (ratio to the 1x file printed; goal <= 1.5).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from settings import apply_process_defaults

OUTLETS = ("north-wire", "east-ledger", "south-post", "west-times")
SUBJECTS = ("Nvidia", "Huawei", "the CloudMatrix 384", "the GB200 NVL72", "SenseTime", "Moore Threads")
TEMPLATES = (
    "{s} shipped {n:,} servers to customers in the quarter, the company said on {day}.",
    "{s} sales rose {p} percent from a year earlier, according to the filing.",
    "Analysts estimate {s} spent about ${b} billion on new capacity last year.",
    "The system built by {s} draws roughly {k} kW per rack, people familiar with it said.",
    "Officials said the review of {s} exports would take several more weeks.",
    "{s} declined to comment on the figures when asked on {day}.",
)


def build_site(root: Path, articles: int, seed: int = 7) -> None:
    """Write `articles` news pages over four outlets, each outlet with an RSS feed."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    per_outlet: dict[str, list[str]] = {o: [] for o in OUTLETS}
    for i in range(articles):
        outlet = OUTLETS[i % len(OUTLETS)]
        paragraphs = [
            rng.choice(TEMPLATES).format(
                s=rng.choice(SUBJECTS),
                n=rng.randint(100, 90_000),
                p=rng.randint(2, 80),
                b=rng.randint(1, 40),
                k=rng.randint(20, 600),
                day=rng.choice(("Monday", "Tuesday", "Friday")),
            )
            for _ in range(rng.randint(4, 8))
        ]
        path = f"{outlet}/2025/story-{i:04d}.html"
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        html = (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Story {i}</title></head>'
            f"<body><nav>Home World Tech</nav><article><h1>Story {i} from {outlet}</h1>{body}</article>"
            "<footer>Footer</footer></body></html>"
        )
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(html, encoding="utf-8")
        per_outlet[outlet].append(path)
    for outlet, paths in per_outlet.items():
        items = "".join(
            f"<item><title>{p}</title><link>{{{{BASE}}}}/{p}</link>"
            "<pubDate>Mon, 28 Jul 2025 09:00:00 +0000</pubDate></item>"
            for p in paths
        )
        (root / outlet / "rss.xml").write_text(
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>{outlet}</title>{items}'
            "</channel></rss>",
            encoding="utf-8",
        )


def _items_file(path: Path, items: int, body_kb: int = 64) -> None:
    """A crawl's items file: `items` listing-page fetches with `body_kb` KB bodies each. Pages,
    not articles: the syndication pass after the load (mark_duplicates) holds every stored
    article's text, which grows with the store, not with the items file measured here."""
    import base64
    import json

    rng = random.Random(11)
    with path.open("w", encoding="utf-8") as fh:
        for n in range(items):
            fill = {"s": "Nvidia", "n": n, "day": "Monday", "p": 3, "b": 2, "k": 9}
            text = " ".join(rng.choice(TEMPLATES).format(**fill) for _ in range(8))
            body = (f"<html><body><p>{text}</p>" + "x" * (body_kb * 1024) + "</body></html>").encode()
            item = {
                "kind": "listing",
                "url": f"http://127.0.0.1/a/{n}.html",
                "final_url": f"http://127.0.0.1/a/{n}.html",
                "source": "bench",
                "fetched_at": "2025-07-28T09:00:00+00:00",
                "status": 200,
                "headers": {"Content-Type": "text/html"},
                "body_b64": base64.b64encode(body).decode("ascii"),
            }
            fh.write(json.dumps(item) + "\n")


def loader_memory(base: int) -> int:
    """Peak memory of load_crawl over items files of base, 4x and 16x items."""
    import tracemalloc

    from warehouse.db import connect
    from warehouse.ingest import load_crawl

    peaks = []
    with tempfile.TemporaryDirectory() as tmp:
        for factor in (1, 4, 16):
            items = Path(tmp) / f"items-{factor}.jsonl"
            _items_file(items, base * factor)
            with connect(Path(tmp) / f"m{factor}.duckdb") as con:
                tracemalloc.start()
                load_crawl(con, items, "bench")
                peaks.append(tracemalloc.get_traced_memory()[1])
                tracemalloc.stop()
            size = items.stat().st_size / 2**20
            print(f"{base * factor:6d} items ({size:7.1f} MB file): loader peak {peaks[-1] / 2**20:6.1f} MB")
    ratio = peaks[-1] / peaks[0]
    print(f"peak at 16x / peak at 1x = {ratio:.2f} (goal <= 1.5: flat)")
    return 0 if ratio <= 1.5 else 1


def run_as_the_cli_does(sources: str, db: str, settings: dict):
    """`claimwatch run` on the ephemeral API: crawl and load first (flows/quick.py), then the
    flow only when something is pending (a rerun with nothing new never starts Prefect)."""
    from flows.daily import daily_ingest
    from flows.quick import ingest_first

    report, ingested = ingest_first(
        sources, db, settings, None, {"kind": "local", "address": None, "workers": 2}
    )
    if report is None:
        report = daily_ingest(sources=sources, db=db, crawl_settings=settings, ingested=ingested)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=240, help="pages on the generated site (default 240)")
    parser.add_argument("--loader-memory", action="store_true", help="measure the loader's memory instead")
    args = parser.parse_args()
    apply_process_defaults()
    if args.loader_memory:
        return loader_memory(max(args.articles // 4, 10))
    from demo.localsite import serve

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        build_site(root, args.articles)
        sources = Path(tmp) / "sources.yaml"
        with serve(root) as (base, hits):
            sources.write_text(
                "sources:\n"
                + "".join(
                    f"  - name: {o}\n    feeds: ['{base}/{o}/rss.xml']\n    lang: en\n" for o in OUTLETS
                ),
                encoding="utf-8",
            )
            db = str(Path(tmp) / "bench.duckdb")
            settings = {
                "DOWNLOAD_DELAY": 0,
                "AUTOTHROTTLE_ENABLED": False,
                "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
            }
            timings = []
            for label in ("first run", "rerun (unchanged)"):
                hits.clear()
                clock = time.perf_counter()
                report = run_as_the_cli_does(str(sources), db, settings)
                timings.append(time.perf_counter() - clock)
                print(
                    f"{label:18} {timings[-1]:7.1f} s  requests {len(hits):4d}  "
                    f"articles new {report.articles['new']}, claims new {report.claims['new']}  "
                    f"stages {report.seconds}"
                )
    ratio = timings[1] / timings[0]
    print(f"rerun / first run = {ratio:.3f} (goal <= 0.10) on {args.articles} articles")
    return 0 if ratio <= 0.10 else 1


if __name__ == "__main__":
    sys.exit(main())
