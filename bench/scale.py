"""Articles per second per stage, with 1 and 2 workers, on a generated site served on loopback.

    .venv/bin/python bench/scale.py [--articles 160] [--workers 1 2]

Stages and what "workers" means for each:
- crawl: Scrapy subprocesses, one per source (the daily flow's crawl tasks), N at a time;
- load: the one writer (always 1);
- claims, embed: the NLP subflow on a Dask LocalCluster of N single-threaded workers
  (prefect-dask), plus the local runner (one worker thread) as the baseline; the fixed
  costs (cluster start, model load per worker) are printed apart from the per-article rate;
- link, contradictions: the one writer (always 1).
The Dask runs need a Prefect server: PREFECT_API_URL, else one is started for the bench.
Numbers feed docs/scaling.md. Entry point guarded: Dask workers re-import this module.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from settings import apply_process_defaults
from warehouse.db import copy_store


def _crawl(sources, workdir: Path, workers: int) -> tuple[float, Path]:
    """All sources' crawls, `workers` subprocesses at a time; returns seconds and the items."""
    from spiders.crawl import crawl

    settings = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 8}
    clock = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda s: crawl([s], workdir / s.name, settings), sources))
    seconds = time.perf_counter() - clock
    combined = workdir / "items.jsonl"
    combined.write_text("".join(r.items_path.read_text(encoding="utf-8") for r in results), encoding="utf-8")
    return seconds, combined


def _timed(call) -> tuple[float, object]:
    clock = time.perf_counter()
    result = call()
    return time.perf_counter() - clock, result


def _cpu(call) -> tuple[float, object]:
    """CPU seconds of this process and its finished children (user + system) for `call`."""
    import resource

    def used() -> float:
        own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    before = used()
    result = call()
    return used() - before, result


def _cpu_costs(items: Path, tmp: Path) -> dict[str, float]:
    """CPU seconds per stage for the whole corpus, in this process with models loaded: the
    cost that does not depend on how busy the machine is (wall time here does: the bench
    machine's 2 cores are shared)."""
    from nlp.claims import extract_claims_many
    from nlp.embeddings import embed
    from warehouse.claimstore import pending_versions
    from warehouse.db import connect
    from warehouse.ingest import load_crawl

    costs = {}
    fresh = tmp / "cpu.duckdb"
    with connect(fresh) as con:
        costs["load"], _ = _cpu(lambda: load_crawl(con, items, "cpu"))
        docs = [(p.text, p.lang, p.published) for p in pending_versions(con)]
    extract_claims_many(docs[:2])  # models loaded before the clock starts
    costs["claims"], claims = _cpu(lambda: extract_claims_many(docs))
    texts = sorted({c.text for cs in claims for c in cs})
    embed(texts[:2])
    costs["embed"], _ = _cpu(lambda: embed(texts))
    return costs


def _model_load_seconds() -> dict[str, float]:
    """What a worker pays once: spaCy (en, ja) and MiniLM, loaded cold in a fresh process."""
    import subprocess

    code = (
        "import time;from settings import apply_process_defaults;apply_process_defaults();"
        "t=time.perf_counter();"
        "from nlp.pipeline import build_nlp;build_nlp('en');build_nlp('ja');a=time.perf_counter()-t;"
        "t=time.perf_counter();from nlp.embeddings import load_model;load_model();"
        "print(a, time.perf_counter()-t)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
        check=True,
    )
    spacy_s, minilm_s = map(float, out.stdout.split()[-2:])
    return {"spacy": spacy_s, "minilm": minilm_s}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=160, help="pages on the generated site (default 160)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts (default 1 2)")
    args = parser.parse_args()
    apply_process_defaults()
    from bench.crawl import OUTLETS, build_site
    from demo.localsite import serve
    from flows.daily import find_contradictions, link_claims
    from flows.nlp_stage import run_nlp_stage
    from flows.prefect_server import server_for_dask
    from spiders.sources import load_sources
    from warehouse.db import connect
    from warehouse.ingest import load_crawl

    rows: list[tuple[str, str, float, float]] = []  # stage, runner, seconds, articles/s
    with tempfile.TemporaryDirectory() as tmp, server_for_dask():
        tmp = Path(tmp)
        build_site(tmp / "site", args.articles)
        with serve(tmp / "site") as (base, _):
            (tmp / "sources.yaml").write_text(
                "sources:\n"
                + "".join(
                    f"  - name: {o}\n    feeds: ['{base}/{o}/rss.xml']\n    lang: en\n" for o in OUTLETS
                ),
                encoding="utf-8",
            )
            sources = load_sources(tmp / "sources.yaml")
            for n in args.workers:
                seconds, items = _crawl(sources, tmp / f"crawl{n}", n)
                rows.append(("crawl", f"{n} subprocess(es)", seconds, args.articles / seconds))
            # Scrapy's CPU (children) plus the loopback site's (a thread here, small).
            crawl_cpu, _ = _cpu(lambda: _crawl(sources, tmp / "crawl-cpu", 1))

        base_db = tmp / "loaded.duckdb"
        with connect(base_db) as con:
            seconds, loaded = _timed(lambda: load_crawl(con, items, "bench"))
        articles = loaded.new
        rows.append(("load", "1 writer", seconds, articles / seconds))

        runners = [("local", 1, "local thread")] + [("dask", n, f"dask x{n}") for n in args.workers]
        last_db = None
        for kind, n, label in runners:
            db = tmp / f"{kind}{n}.duckdb"
            copy_store(base_db, db)
            total, result = _timed(lambda db=db, kind=kind, n=n: run_nlp_stage(str(db), kind, workers=n))
            claims_s, embed_s = result["seconds"]["claims"], result["seconds"]["embed"]
            rows.append(("claims", label, claims_s, articles / claims_s))
            rows.append(("embed", label, embed_s, articles / embed_s))
            rows.append(("nlp stage incl. startup", label, total, articles / total))
            for stage, seconds in result["write_seconds"].items():
                rows.append((f"  of which {stage} writes", "1 writer", seconds, articles / seconds))
            last_db = db
        claims = result["claims"]["new"]
        cpu = {"crawl": crawl_cpu}
        seconds, (cpu["link"], _) = _timed(lambda: _cpu(lambda: link_claims.fn(str(last_db))))
        rows.append(("link", "1 writer", seconds, articles / seconds))
        seconds, (cpu["contradictions"], _) = _timed(
            lambda: _cpu(lambda: find_contradictions.fn(str(last_db)))
        )
        rows.append(("contradictions", "1 writer", seconds, articles / seconds))
        cpu.update(_cpu_costs(items, tmp))

    loads = _model_load_seconds()
    print(f"\n{articles} articles, {claims} claims; generated site on loopback")
    print(f"{'stage':26} {'workers':18} {'seconds':>8} {'articles/s':>11}")
    for stage, runner, seconds, rate in rows:
        print(f"{stage:26} {runner:18} {seconds:8.2f} {rate:11.1f}")
    print(
        f"once per worker process: spaCy en+ja {loads['spacy']:.1f} s, MiniLM {loads['minilm']:.1f} s "
        "(inside the first batch's time above)"
    )
    print(f"\nCPU cost per stage (user+system, models loaded; {articles} articles):")
    print(f"{'stage':26} {'CPU s':>8} {'CPU ms/article':>15} {'articles/s per core':>20}")
    for stage, seconds in cpu.items():
        print(f"{stage:26} {seconds:8.2f} {1000 * seconds / articles:15.1f} {articles / seconds:20.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
