"""Embedding throughput: torch (sentence-transformers) against the ONNX Runtime backends.

Sentences: the first N verified claims of CheckThat! 2020 Task 2 (../shared/data), real
news-claim lengths. Reports sentences/s of each backend (after one warm-up batch; the ONNX
exports, cached under CLAIMWATCH_ONNX_CACHE, are timed separately), the speed-ups, and the
cosine between each ONNX backend's vectors and torch's (min and mean). Issue #5 (int8): ~500/s
vs ~340/s, >= 0.988; float32 (the default): the same speed, cosine >= 0.99999.

    .venv/bin/python bench/embeddings.py [--n 1000] [--batch-size 64]
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "checkthat2020-task2" / "verified_claims.docs.tsv"


def sentences(n: int) -> list[str]:
    csv.field_size_limit(1 << 24)
    with DATA.open(encoding="utf-8", newline="") as fh:
        rows = [row["vclaim"] for row in csv.DictReader(fh, delimiter="\t") if row.get("vclaim")]
    return rows[:n]


def main() -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="sentences (default 1000)")
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()
    from nlp import onnx_backend
    from nlp.embeddings import embed, model_name

    texts = sentences(args.n)
    clock = time.perf_counter()
    for precision in onnx_backend.PRECISIONS:
        onnx_backend.load(model_name(), precision)
    setup = time.perf_counter() - clock
    results = {}
    for name in ("torch", "onnx", "onnx-int8"):
        embed(texts[: args.batch_size], backend_name=name, batch_size=args.batch_size)  # warm-up
        clock, cpu = time.perf_counter(), time.process_time()
        vectors = embed(texts, backend_name=name, batch_size=args.batch_size)
        results[name] = (vectors, time.perf_counter() - clock, time.process_time() - cpu)
    print(f"{len(texts)} sentences (CheckThat! 2020 verified claims), batch {args.batch_size}")
    print(f"  onnx export/load      {setup:7.1f} s (cached in {onnx_backend.cache_dir()})")
    for name, (_, wall, cpu) in results.items():
        print(f"  {name:9} {len(texts) / wall:8.0f} sentences/s  wall {wall:6.1f} s  cpu {cpu:6.1f} s")
    torch_vectors, torch_wall, torch_cpu = results["torch"]
    for name in ("onnx", "onnx-int8"):
        vectors, wall, cpu = results[name]
        cos = np.einsum("ij,ij->i", torch_vectors, vectors)
        print(f"  {name:9} vs torch: {torch_wall / wall:.2f}x wall, {torch_cpu / cpu:.2f}x cpu, "
              f"cosine min {cos.min():.6f} mean {cos.mean():.6f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
