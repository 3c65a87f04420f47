"""Run time of linking new claims against stores of growing size (issue #5: 10k, 100k claims).

A synthetic store is written directly (no crawl, no model): N linked claims in N/10 articles,
clustered 384-d unit vectors (bench/similarity.py `clustered_rows`), and one figure on half of
the claims (300 subjects with Zipf-like popularity x 6 measures: the top key is shared by
~5% of keyed claims, as "nvidia|value|USD" is on the beat). Then batches of --new unlinked
claims are linked by warehouse.linking.link_new_claims:
- ann, first run: builds the HNSW index from the embeddings table and saves it (once per
  store, or when the index file is missing/stale);
- ann, next run: loads the saved index, queries and adds only the new claims;
- exact: compares the new claims with every stored vector (read from the store).
The switch-over (linking.ANN_MIN_STORE) is where "ann, next run" becomes cheaper than exact.

    .venv/bin/python bench/link_scale.py [--sizes 10000,100000] [--new 200]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.similarity import clustered_rows  # noqa: E402

SUBJECTS = [f"entity-{i}" for i in range(300)]
MEASURES = ["value", "compute", "power", "memory", "price", "revenue"]
UNITS = {"value": "USD", "compute": "FLOPS", "power": "W", "memory": "B", "price": "USD", "revenue": "USD"}


def _claims(start: int, n: int, vectors: np.ndarray, linked: bool, rng) -> dict[str, pa.Table]:
    from core.ids import stable_id
    from nlp.embeddings import DIMENSIONS, model_name

    now = datetime.now(UTC)
    ids = [stable_id("claim", i) for i in range(start, start + n)]
    articles = [stable_id("article", i // 10) for i in range(start, start + n)]
    texts = [f"synthetic claim {i}" for i in range(start, start + n)]
    shas = [stable_id("text", i, length=40) for i in range(start, start + n)]
    claims = pa.table(
        {
            "claim_id": ids,
            "article_id": articles,
            "text": texts,
            "text_sha1": shas,
            "linked": [linked] * n,
            "created_at": pa.array([now] * n, pa.timestamp("us", tz="UTC")),
        }
    )
    keyed = rng.random(n) < 0.5
    subject = np.minimum(rng.zipf(1.3, n) - 1, len(SUBJECTS) - 1)
    measure = rng.integers(0, len(MEASURES), n)
    value = rng.uniform(1, 1000, n)
    fig = np.nonzero(keyed)[0]
    figures = pa.table(
        {
            "claim_id": [ids[i] for i in fig],
            "value": value[fig],
            "unit": [UNITS[MEASURES[measure[i]]] for i in fig],
            "subject": [SUBJECTS[subject[i]] for i in fig],
            "measure": [MEASURES[measure[i]] for i in fig],
        }
    )
    embeddings = pa.table(
        {
            "text_sha1": shas,
            "model": [model_name()] * n,
            "vector": pa.FixedSizeListArray.from_arrays(pa.array(vectors.ravel(), pa.float32()), DIMENSIONS),
        }
    )
    new_articles = sorted(set(articles))
    return {
        "claims": claims,
        "figures": figures,
        "embeddings": embeddings,
        "articles": pa.table({"article_id": new_articles}),
    }


def insert(con, tables: dict[str, pa.Table]) -> None:
    for name, table in tables.items():
        con.register(f"in_{name}", table)
    try:
        con.execute(
            """INSERT INTO articles (article_id, url, source, title, published_at, lang, version, first_seen)
               SELECT article_id, 'https://s.example/' || article_id, 'src-' || (hash(article_id) % 40),
                      'Title', now(), 'en', 1, now() FROM in_articles ON CONFLICT DO NOTHING"""
        )
        con.execute(
            """INSERT INTO claims (claim_id, article_id, version, start_char, end_char, text, text_sha1, lang,
                                   claim_type, checkworthiness, current, linked, created_at)
               SELECT claim_id, article_id, 1, 0, length(text), text, text_sha1, 'en', 'quantity', 0.8,
                      true, linked, created_at FROM in_claims"""
        )
        con.execute(
            # Named subjects, no ratios: the key is subject|measure|unit, the bounds as stated
            # (core.facts.keyed_bounds; the claim store writes them the same way).
            """INSERT INTO figures (claim_id, idx, value, unit, lower, upper, hedge, precision, surface,
                                    start_char, end_char, subject, measure, fact_key, key_value,
                                    key_lower, key_upper)
               SELECT claim_id, 0, value, unit, value, value, 'exact', 0, 'x', 0, 1, subject, measure,
                      subject || '|' || measure || '|' || unit, value, value, value
               FROM in_figures"""
        )
        con.execute("INSERT INTO embeddings SELECT text_sha1, model, vector::FLOAT[384] FROM in_embeddings")
    finally:
        for name in tables:
            con.unregister(f"in_{name}")


def measure(size: int, new: int, workdir: Path) -> dict[str, float]:
    from warehouse.db import connect
    from warehouse.linking import link_new_claims

    rng = np.random.default_rng(size)
    vectors = clustered_rows(size + 3 * new, 384, seed=size)
    db = workdir / f"store-{size}.duckdb"
    with connect(db) as con:
        clock = time.perf_counter()
        insert(con, _claims(0, size, vectors[:size], True, rng))
        build = time.perf_counter() - clock
    out = {"store build": build}
    for step, method in enumerate(("ann", "ann", "exact")):
        start = size + step * new
        label = {0: "ann, first run (builds index)", 1: "ann, next run", 2: "exact"}[step]
        with connect(db) as con:
            insert(con, _claims(start, new, vectors[start : start + new], False, rng))
            clock = time.perf_counter()
            result = link_new_claims(con, method=method)
            out[label] = time.perf_counter() - clock
            out[label + " links"] = result.links
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="store sizes (linked claims)")
    parser.add_argument("--new", type=int, default=200, help="new claims per run (default 200)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="claimwatch-link-scale-"))
    try:
        print(f"link_new_claims with {args.new} new claims; wall seconds (shared 2-core machine)")
        print(f"{'store':>9}  {'ann, first run':>15}  {'ann, next run':>14}  {'exact':>8}  links/run")
        for size in [int(x) for x in args.sizes.split(",")]:
            r = measure(size, args.new, workdir)
            print(
                f"{size:>9,}  {r['ann, first run (builds index)']:15.2f}  {r['ann, next run']:14.2f}  "
                f"{r['exact']:8.2f}  {r['ann, next run links']}/{r['exact links']}"
                f"   (store written in {r['store build']:.1f} s)"
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
