"""Cost of the dispute stage (warehouse/disputes.py): a first run over every fact cluster, a
rerun with nothing touched, and a run after one claim joined one cluster, on a synthetic store
of N clusters of 4 claims (two positions each: 1.7x, about 1.7x, almost double v 7.5x).

Ratios are against the first run measured in the same process: the stage's work is the touched
clusters, so the one-cluster run should cost a small fraction of it and the no-op less.

    .venv/bin/python -m bench.disputes --clusters 2000
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa

from core.provenance import Outlet
from warehouse.bulk import run_with_table
from warehouse.db import connect
from warehouse.disputes import update_disputes

T0 = datetime(2025, 7, 24, tzinfo=UTC)
FIGURES = [
    (1.7, 1.7, 1.7, "exact"),
    (1.7, 1.53, 1.87, "about"),
    (2.0, 1.7, 2.0, "nearly"),
    (7.5, 7.5, 7.5, "exact"),
]
OUTLETS = {f"outlet-{i}": Outlet(f"outlet-{i}", (f"outlet-{i}.example",)) for i in range(8)}


def build(con, clusters: int, start: int = 0) -> None:
    """`clusters` clusters of 4 claims, each claim its own article of a rotating outlet."""
    art = {k: [] for k in ("article_id", "source", "ts")}
    cl = {k: [] for k in ("claim_id", "article_id", "cluster_id")}
    fig = {k: [] for k in ("claim_id", "value", "lower", "upper", "hedge", "subject")}
    for n in range(start, start + clusters):
        for j, (value, lower, upper, hedge) in enumerate(FIGURES):
            cid = f"c{n}-{j}"
            art["article_id"].append(f"a{n}-{j}")
            art["source"].append(f"outlet-{(n + j) % 8}")
            art["ts"].append(T0 + timedelta(hours=n + j))
            cl["claim_id"].append(cid)
            cl["article_id"].append(f"a{n}-{j}")
            cl["cluster_id"].append(f"k{n}")
            for name, v in zip(fig, (cid, value, lower, upper, hedge, f"system-{n}"), strict=True):
                fig[name].append(v)
    run_with_table(
        con,
        "a",
        art,
        """INSERT INTO articles (article_id, url, source, version, first_seen, published_at)
        SELECT article_id, 'https://x.example/' || article_id, source, 1, ts, ts FROM a""",
    )
    run_with_table(
        con,
        "c",
        cl,
        """INSERT INTO claims (claim_id, article_id, version, start_char, end_char, text,
        text_sha1, checkworthiness, created_at, cluster_id, linked)
        SELECT claim_id, article_id, 1, 0, 1, 'x', claim_id, 0.8, now(), cluster_id, true FROM c""",
    )
    run_with_table(
        con,
        "f",
        {**fig, "value": pa.array(fig["value"], pa.float64())},
        """INSERT INTO figures
        (claim_id, idx, value, unit, lower, upper, hedge, precision, surface, start_char, end_char, subject,
         measure, reference)
        SELECT claim_id, 0, value, 'x', lower, upper, hedge, 0.0, 'x', 0, 1, subject, 'compute', 'gb200'
        FROM f""",
    )


def timed(con, outlets) -> tuple[float, int]:
    clock = time.perf_counter()
    result = update_disputes(con, outlets)
    return time.perf_counter() - clock, result.touched


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clusters", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, connect(Path(tmp) / "b.duckdb") as con:
        build(con, args.clusters)
        first, n = timed(con, OUTLETS)
        print(f"first run     {first:7.2f} s  ({n} clusters, {first / n * 1000:.2f} ms per cluster)")
        noop, n = timed(con, OUTLETS)
        print(f"nothing to do {noop:7.2f} s  ({n} clusters)  {noop / first:.3f} of the first run")
        build(con, 1, start=args.clusters)
        one, n = timed(con, OUTLETS)
        print(f"one touched   {one:7.2f} s  ({n} clusters)  {one / first:.3f} of the first run")


if __name__ == "__main__":
    main()
