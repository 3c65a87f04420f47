"""Issue 16's table in one run: what a run costs against the models (bench/run_cost.py, two
sizes: first run, unchanged rerun, reprocess, raw models; marginal and fixed cost, rerun ratio),
the per-run cost against the store's size (bench/store_curve.py) and ANN recall on clustered
synthetic vectors of several spreads and on real sentence embeddings (bench/ann_recall.py).

Each bench runs in its own process, one after the other (they would fight over the 2 cores),
and prints its own table; this script prints them under one heading each, with the machine's
load before each, and writes the whole report to --out.

    .venv/bin/python bench/issue16.py [--quick] [--out bench/issue16.txt]

--quick: 60/300 articles, stores of 1k/10k, 20k synthetic vectors (about 10 minutes instead of
about an hour on the shared 2-core machine).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FULL = {
    "run_cost": ["--sizes", "150", "750"],
    "store_curve": ["--sizes", "1000", "10000", "100000"],
    "ann_recall": ["--n", "100000"],
}
QUICK = {
    "run_cost": ["--sizes", "60", "300"],
    "store_curve": ["--sizes", "1000", "10000"],
    "ann_recall": ["--n", "20000", "--real-limit", "10000"],
}


def _load() -> str:
    try:
        return Path("/proc/loadavg").read_text().split(" ", 1)[0]
    except OSError:
        return "?"


def run_bench(name: str, args: list[str]) -> tuple[str, float, int]:
    clock = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / f"{name}.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    out = proc.stdout + (f"\n[stderr]\n{proc.stderr[-2000:]}" if proc.returncode else "")
    return out, time.perf_counter() - clock, proc.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (about 10 minutes)")
    parser.add_argument("--out", type=Path, help="also write the report here")
    parser.add_argument("--only", choices=sorted(FULL), action="append", help="run only these benches")
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    report, failed = [], 0
    for name, bench_args in plan.items():
        if args.only and name not in args.only:
            continue
        header = f"== bench/{name}.py {' '.join(bench_args)} (load {_load()})"
        print(header, flush=True)
        out, seconds, code = run_bench(name, bench_args)
        failed += code != 0
        section = f"{header}\n{out.rstrip()}\n-- {seconds:.0f} s{'' if code == 0 else f', exit {code}'}\n"
        print(section[len(header) + 1 :], flush=True)
        report.append(section)
    if args.out:
        args.out.write_text("\n".join(report), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
