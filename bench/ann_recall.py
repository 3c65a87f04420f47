"""ANN recall with a promise (issue 16): a fixed ef_search against the calibrated one, on
clustered synthetic vectors of several spreads and on real sentence embeddings (the CheckThat!
fact-checked claims and debate sentences in ../shared/data, embedded with the bundled MiniLM).

For each data set: recall@10 of every tenth row against exact search, at the old fixed
ef_search (48), at each ef_search of warehouse.ann.EF_LADDER (`--ladder`) and at the one
`warehouse.ann.calibrate` chose from its sampled rows, and the query time of all rows against
exact search measured in the same run. `--graph 12,40` builds with another M and ef_add than
warehouse/ann.py's (the numbers behind CONNECTIVITY and EXPANSION_ADD are in its comments).

Measured 2026-12-06 on the shared 2-core machine (load 2-5, another job alongside), recall@10
of every tenth row against exact search, no tie tolerance, f16:
  MiniLM, 29,155 CheckThat! claims + debate sentences, `--ladder`:
    M=16 ef_add=64 (now):  ef 48 0.983, 64 0.986, 96 0.990, 128 0.993, 192 0.996, 256 0.997,
                           384 0.998, 512 0.999; calibrated ef 48 (sample 0.987); build 8.9 s;
                           all 29k queries 5.9 s (exact 13.6 s)
    M=12 ef_add=40 (`--graph 12,40`): ef 48 0.951, 64 0.962, 96 0.972, 128 0.979, 192 0.986,
                           256 0.990, 384 0.993, 512 0.995; calibrated ef 192; build 4.7 s;
                           all queries 14.5 s (exact 27.2 s)
  clustered, 50,000 rows, M=16 (`--n 50000 --ladder --no-real`): spread 0.3 0.997 at ef 48,
    0.999 from ef 64; spreads 0.6 and 0.9 0.999 at every ef; 1.2 0.998 at ef 48; all
    calibrated at ef 48.
  Larger sets (the same measure, recall at ef 48 / 128 / 512 for M=12 -> M=16): store_curve's
    vectors at 150k claims 0.902 / 0.968 / 0.977 -> 0.992 / 0.999 / 0.999; spread 1.2 at
    100k 0.708 / 0.837 / 0.920 -> 0.957 / 0.986 / 0.994; spread 0.9 at 100k, M=16: 0.993 /
    0.998 / 0.999. Real sentences are harder than these synthetic spreads at equal size; past
    ~30k rows only synthetic sets were measured (the shared data holds 29k distinct sentences).

    .venv/bin/python bench/ann_recall.py [--n 100000] [--real-limit 40000] [--cache emb.npy]
        [--spreads 0.3,0.6,0.9,1.2] [--ladder] [--graph M,EF_ADD] [--no-real]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data"
K = 10


def clustered(n: int, spread: float, d: int = 384, per_centre: int = 20, seed: int = 0) -> np.ndarray:
    """`per_centre` points around each random centre, Gaussian noise of norm ~`spread`."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(max(1, n // per_centre), d)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    noise = rng.normal(size=(n, d)).astype(np.float32) * (spread / np.sqrt(d))
    v = centres[np.arange(n) % len(centres)] + noise
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def real_sentences(data: Path, limit: int) -> list[str]:
    texts: list[str] = []
    with (data / "checkthat2020-task2" / "verified_claims.docs.tsv").open(encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t"):
            if len(row) >= 2 and row[0] != "id":
                texts.append(row[1])
    for path in sorted((data / "checkthat2019-task1").rglob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.rstrip("\r").split("\t")
            if len(parts) >= 3 and len(parts[2].split()) >= 4:
                texts.append(parts[2])
    return list(dict.fromkeys(texts))[:limit]


def embed(texts: list[str], cache: Path | None) -> np.ndarray:
    if cache and cache.exists():
        return np.load(cache)
    from nlp.embeddings import embed as encode

    started = time.perf_counter()
    v = np.asarray(encode(texts), dtype=np.float32)
    print(f"  embedded {len(texts):,} sentences in {time.perf_counter() - started:.1f} s", flush=True)
    if cache:
        np.save(cache, v)
    return v


def recall_at(index, v: np.ndarray, rows: np.ndarray, truth: dict[int, set[int]], ef: int) -> float:
    from warehouse.ann import search

    keys, _ = search(index, v[rows], K + 1, ef)
    hits = 0
    for q, row in enumerate(rows.tolist()):
        found = [x for x in keys[q].astype(np.int64).tolist() if x != row][:K]
        hits += len(set(found) & truth[row])
    return hits / (K * len(rows))


def measure(name: str, v: np.ndarray, ladder: bool = False) -> dict:
    from warehouse.ann import EF_LADDER, EXPANSION_SEARCH, _index, calibrate, search
    from warehouse.similarity import top_k_between

    n = len(v)
    rows = np.arange(0, n, 10)
    t0 = time.perf_counter()
    qi, qj, _ = top_k_between(v[rows], v, k=K + 1, min_similarity=-2.0)
    truth: dict[int, set[int]] = {int(r): set() for r in rows}
    for a, b in zip(qi.tolist(), qj.tolist(), strict=True):
        row = int(rows[a])
        if b != row and len(truth[row]) < K:
            truth[row].add(b)
    exact_s = (time.perf_counter() - t0) * 10  # every row, extrapolated from a tenth
    t0 = time.perf_counter()
    index = _index(v.shape[1])
    index.add(np.arange(n, dtype=np.uint64), v)
    build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    cal = calibrate(index, np.arange(n, dtype=np.uint64), v)
    calibrate_s = time.perf_counter() - t0
    fixed = recall_at(index, v, rows, truth, EXPANSION_SEARCH)
    per_ef = {ef: recall_at(index, v, rows, truth, ef) for ef in EF_LADDER} if ladder else {}
    chosen = recall_at(index, v, rows, truth, cal.ef_search) if cal.met else float("nan")
    t0 = time.perf_counter()
    search(index, v, K + 1, cal.ef_search or EXPANSION_SEARCH)
    query_s = time.perf_counter() - t0
    return {
        "data": name,
        "n": n,
        "fixed": fixed,
        "ef": cal.ef_search,
        "sampled": cal.recall,
        "calibrated": chosen,
        "build": build_s,
        "calibrate": calibrate_s,
        "query": query_s,
        "exact": exact_s,
        "per_ef": per_ef,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="synthetic rows (default 100,000)")
    parser.add_argument("--spreads", default="0.3,0.6,0.9,1.2", help="noise norms of the synthetic sets")
    parser.add_argument("--real-limit", type=int, default=40_000, help="real sentences at most")
    parser.add_argument("--cache", type=Path, help="keep the real embeddings in this .npy file")
    parser.add_argument("--data", type=Path, default=DATA, help="the shared benchmark data folder")
    parser.add_argument("--ladder", action="store_true", help="recall at every ef_search of EF_LADDER")
    parser.add_argument("--graph", help="M,EF_ADD to build with instead of warehouse/ann.py's")
    parser.add_argument("--no-real", action="store_true", help="synthetic sets only")
    args = parser.parse_args()
    if args.graph:
        from warehouse import ann

        ann.CONNECTIVITY, ann.EXPANSION_ADD = (int(x) for x in args.graph.split(","))
    results = []
    for spread in [float(s) for s in args.spreads.split(",") if s]:
        results.append(measure(f"clustered, spread {spread}", clustered(args.n, spread), args.ladder))
        print(results[-1], flush=True)
    if args.no_real:
        pass
    elif args.data.exists():
        texts = real_sentences(args.data, args.real_limit)
        results.append(measure("CheckThat! claims + debates", embed(texts, args.cache), args.ladder))
        print(results[-1], flush=True)
    else:
        print(f"  {args.data} missing: real sentences skipped")
    print(
        f"\n{'data':<30} {'n':>8} {'ef 48':>7} {'ef':>4} {'sample':>7} {'recall':>7} "
        f"{'build s':>8} {'calib s':>8} {'query s':>8} {'exact s':>8}"
    )
    for r in results:
        print(
            f"{r['data']:<30} {r['n']:>8,} {r['fixed']:>7.3f} {r['ef'] or 'exact':>4} {r['sampled']:>7.3f} "
            f"{r['calibrated']:>7.3f} {r['build']:>8.1f} {r['calibrate']:>8.2f} {r['query']:>8.1f} "
            f"{r['exact']:>8.1f}"
        )
    for r in results:
        if r["per_ef"]:
            print(f"{r['data']:<30} " + " ".join(f"ef {ef}: {x:.3f}" for ef, x in r["per_ef"].items()))


if __name__ == "__main__":
    from settings import apply_process_defaults

    apply_process_defaults()
    main()
