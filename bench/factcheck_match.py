"""CheckThat! 2020 task 2 ("detecting previously fact-checked claims"): MAP@5, MAP@1, MRR on dev and test.

    .venv/bin/python bench/factcheck_match.py [--fit]

The 10,375 verified claims are imported with `warehouse.factchecks.import_factchecks` into
data/cache/checkthat2020.duckdb (gitignored); their MiniLM vectors and the tweets' stay there,
so a rerun embeds nothing (the first run: about 18 minutes on 2 busy cores, 11,564 texts).

Systems, all over claim + title, near-duplicate claims merged to their lowest id:
- BM25: DuckDB fts (warehouse/fts.py), tweets without their links;
- dense: MiniLM cosine of the tweet and "claim title";
- fused: cos + 0.1 * bm25 / best bm25 of the tweet (the re-ranker's first stage);
- chosen: the fused top 20 re-ranked by a logistic regression fitted on train (--fit refits it
  and writes warehouse/factcheck_reranker.json).

Selection on dev only (MAP@5; train / dev): fused weight 0.1 0.888/0.877, 0.2 0.889/0.877,
0.3 0.886/0.864, 0.5 0.878/0.839, 1.0 0.860/0.812; RRF (k=10, equal weights) 0.880/0.879, (k=60)
0.869/0.848; re-rankers on the fused top 20 (C in 0.1..10): scores + ranks 0.877-0.881, + shared
numbers 0.881-0.883 (C=0.1: 0.883, chosen), + claimant signature 0.878-0.881, + word overlap
0.880-0.882, all features 0.882. Differences under 0.005 are one dev tweet in 197.
Anchors (test, MAP@5): BM25 baseline of the task 0.852; best 2020 systems about 0.93.

Measured (MAP@5 / MAP@1 / MRR; test run once the system was chosen):
    dev   BM25 0.765/0.726/0.773  dense 0.836/0.782/0.843  fused 0.877/0.832/0.883  chosen 0.883/0.843/0.888
    test  BM25 0.880/0.849/0.883  dense 0.947/0.920/0.948  fused 0.959/0.945/0.960  chosen 0.962/0.950/0.963
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "checkthat2020-task2"
CACHE = ROOT / "data" / "cache" / "checkthat2020.duckdb"
# The re-ranker's training table (--fit writes it; the test refits it): 5 decimals keep the refit's
# weights within 1e-5 of the unrounded fit's.
FEATURES_PATH = ROOT / "tests" / "fixtures" / "factcheck_features.csv.gz"
FEATURE_DECIMALS = 5
ANCHORS = {"task BM25 baseline": 0.852, "best 2020 systems": 0.93}


def read_queries(split: str, data: Path = DATA) -> list[tuple[str, str]]:
    """(tweet id, text) of a split; the header row is skipped, quoted cells span lines."""
    with open(data / split / "tweets.queries.tsv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    return [(r[0], r[1]) for r in rows[1:] if len(r) >= 2]


def read_qrels(split: str, data: Path = DATA) -> dict[str, set[str]]:
    rels: dict[str, set[str]] = {}
    for line in (data / split / "tweet-vclaim-pairs.qrels").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[3] != "0":
            rels.setdefault(parts[0], set()).add(parts[2])
    return rels


def scores(ranked: dict[str, list[str]], rels: dict[str, set[str]], k: int = 5) -> tuple[float, float, float]:
    """MAP@k (CheckThat! 2020: sum of precision at each hit in the top k / number relevant), MAP@1,
    MRR, over the queries that have a qrel (test tweet 1198 has none: 199 scored)."""
    aps, p1s, rrs = [], [], []
    for qid, relevant in rels.items():
        ids = ranked.get(qid, [])
        hits, ap = 0, 0.0
        for i, fid in enumerate(ids[:k]):
            if fid in relevant:
                hits += 1
                ap += hits / (i + 1)
        aps.append(ap / len(relevant))
        p1s.append(1.0 if ids[:1] and ids[0] in relevant else 0.0)
        rrs.append(next((1 / (i + 1) for i, fid in enumerate(ids) if fid in relevant), 0.0))
    return float(np.mean(aps)), float(np.mean(p1s)), float(np.mean(rrs))


def open_cache():
    from flows.nlp_stage import embed_factchecks
    from warehouse.db import connect
    from warehouse.factchecks import count, import_factchecks

    con = connect(CACHE)
    if count(con) == 0:
        clock = time.perf_counter()
        result = import_factchecks(con, DATA / "verified_claims.docs.tsv")
        result.embedded = embed_factchecks(con)
        print(result.summary("verified_claims.docs.tsv"), f"({time.perf_counter() - clock:.0f} s)")
    return con


def query_vectors(con, texts: list[str]) -> np.ndarray:
    """Vectors of the tweets' link-free texts: cached in the store, the missing ones embedded here
    (the bench embeds through nlp directly; the product's matching only reads vectors)."""
    from nlp.embeddings import embed, model_name, text_key
    from warehouse.factchecks import query_text, stored_vectors
    from warehouse.linking import store_vectors

    cleaned = [query_text(t) for t in texts]
    vectors, found = stored_vectors(con, cleaned)
    missing = sorted({text_key(t): t for t, ok in zip(cleaned, found, strict=True) if not ok}.items())
    if missing:
        store_vectors(con, [k for k, _ in missing], embed([t for _, t in missing]), model_name())
        vectors, _ = stored_vectors(con, cleaned)
    return vectors


def systems(con, texts: list[str]) -> dict[str, list[list[str]]]:
    """Ranked canonical ids per text for each system."""
    from warehouse.factchecks import _id_order, bm25_top, query_text, rank, shortlist

    vectors = query_vectors(con, texts)
    corpus, lists = shortlist(con, texts, vectors)
    out: dict[str, list[list[str]]] = {"BM25": [], "dense": [], "fused": [], "chosen (re-ranked)": []}

    cleaned = [query_text(t) for t in texts]
    for hits in bm25_top(con, "factchecks", cleaned, 100):
        out["BM25"].append(list(dict.fromkeys(corpus.canonical[corpus.position[f]] for f, _ in hits)))
    sims = vectors @ corpus.vectors.T
    for sim in sims:
        best: dict[str, float] = {}
        for j in np.argsort(-sim, kind="stable")[:100]:
            key = corpus.canonical[j]
            best[key] = max(best.get(key, -1.0), float(sim[j]))
        out["dense"].append(sorted(best, key=lambda key: (-best[key], _id_order(key))))
    out["fused"] = [[c.factcheck_id for c in cands] for cands in lists]  # the first stage's order
    chosen = rank(con, texts, k=20, vectors=vectors)
    out["chosen (re-ranked)"] = [[m.factcheck_id for m in ms] for ms in chosen]
    return out


def feature_rows(con, queries: list[tuple[str, str]], rels: dict[str, set[str]]) -> list[tuple]:
    """The re-ranker's training table: one row per (tweet, fused top-20 candidate): tweet id, the
    corpus member that scored best, label (1: a qrel of the tweet, after near-duplicate merging),
    then FEATURES."""
    from warehouse.factchecks import shortlist

    texts = [t for _, t in queries]
    corpus, lists = shortlist(con, texts, query_vectors(con, texts))
    rows = []
    for (qid, _), cands in zip(queries, lists, strict=True):
        relevant = {corpus.canonical[corpus.position[r]] for r in rels.get(qid, ()) if r in corpus.position}
        for c in cands:
            rows.append((qid, corpus.ids[c.row], int(c.factcheck_id in relevant), *c.features))
    return rows


def write_features(rows: list[tuple], path: Path = FEATURES_PATH) -> None:
    """gzip CSV, features rounded to FEATURE_DECIMALS (the refit from the rounded table gives the
    committed weights: tests/test_factcheck_reranker_fit.py); mtime 0 so a rewrite is byte-equal."""
    from warehouse.factchecks import FEATURES

    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(["tweet_id", "vclaim_id", "label", *FEATURES])
    for qid, vid, label, *x in rows:
        out.writerow([qid, vid, label, *(f"{v:.{FEATURE_DECIMALS}f}" for v in x)])
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        f.write(buf.getvalue().encode("utf-8"))


def read_features(path: Path = FEATURES_PATH) -> tuple[list[tuple[str, str]], np.ndarray, np.ndarray]:
    """(tweet id, vclaim id) per row, the feature matrix and the labels of a written table."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))[1:]
    keys = [(r[0], r[1]) for r in rows]
    return keys, np.asarray([[float(v) for v in r[3:]] for r in rows]), np.asarray([int(r[2]) for r in rows])


def fit(con) -> None:
    """Refit the re-ranker on train: the feature step writes FEATURES_PATH, the pure fit
    (fit_reranker, below) reads it back and writes warehouse/factcheck_reranker.json
    (its "fitted" field, which says how, is kept)."""
    import json

    from warehouse.factchecks import RERANKER_PATH

    write_features(feature_rows(con, read_queries("train"), read_qrels("train")))
    _, x, y = read_features()
    data = json.loads(RERANKER_PATH.read_text(encoding="utf-8"))
    data.update(fit_reranker(x, y))
    RERANKER_PATH.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {FEATURES_PATH} ({len(y)} rows), {RERANKER_PATH}: intercept {data['intercept']}")


def fit_reranker(x: np.ndarray, y: np.ndarray) -> dict:
    """The re-ranker's weights from its feature table (one row of FEATURES per candidate, y 1 for a
    right fact-check): standardised rows, LogisticRegression(C=0.1, lbfgs, max_iter=2000), all
    rounded to 6 decimals. Pure and deterministic (lbfgs uses no randomness; random_state is fixed
    anyway), so tests/test_factcheck_reranker_fit.py refits the committed table in a second."""
    from sklearn.linear_model import LogisticRegression  # a bench dependency, not the product's

    from warehouse.factchecks import FEATURES

    x = np.asarray(x, dtype=np.float64)
    mean, sd = x.mean(0), x.std(0) + 1e-9
    model = LogisticRegression(C=0.1, solver="lbfgs", max_iter=2000, random_state=0)
    model.fit((x - mean) / sd, np.asarray(y, dtype=bool))
    return {
        "features": list(FEATURES),
        "feature_mean": np.round(mean, 6).tolist(),
        "feature_sd": np.round(sd, 6).tolist(),
        "coef": np.round(model.coef_[0], 6).tolist(),
        "intercept": round(float(model.intercept_[0]), 6),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="refit the re-ranker on train and write it")
    parser.add_argument("--splits", default="dev,test", help="comma-separated splits (default dev,test)")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"no CheckThat! 2020 data at {DATA}", file=sys.stderr)
        return 2
    con = open_cache()
    if args.fit:
        fit(con)
        return 0
    print(f"{'split':6} {'system':20} {'MAP@5':>6} {'MAP@1':>6} {'MRR':>6}  queries  seconds")
    for split in args.splits.split(","):
        queries, rels = read_queries(split), read_qrels(split)
        clock = time.perf_counter()
        ranked = systems(con, [t for _, t in queries])
        seconds = time.perf_counter() - clock
        for name, lists in ranked.items():
            m5, m1, mrr = scores({qid: ids for (qid, _), ids in zip(queries, lists, strict=True)}, rels)
            print(f"{split:6} {name:20} {m5:6.3f} {m1:6.3f} {mrr:6.3f}  {len(rels):7d}  {seconds:7.1f}")
    print("anchors (test MAP@5): " + ", ".join(f"{k} {v:.3f}" for k, v in ANCHORS.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
