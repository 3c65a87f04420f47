"""Approximate nearest neighbours: a usearch HNSW index, in memory or persisted next to the store.

Why usearch (bench/similarity.py, issue #5; clustered 384-d vectors, CPU seconds on the
shared 2-core machine, recall@10 against exact):
- at 50k, M=12 ef_add=40 ef_search=24: usearch f16 build 6.4 + query-all 4.8 s, recall
  0.997; faiss-cpu IndexHNSWFlat, same parameters: 7.7 + 4.2 s, recall 0.997. At 20k, M=16
  ef 64/32: usearch f16 4.5 + 1.9 s, f32 10.1 + 5.0 s (f16 kernels are faster and halve the
  memory), i8 recall 0.945 (too low); faiss 4.4 + 1.6 s. A tie on speed and recall, so the
  API decides: usearch keys items by the claim ids themselves (16 hex digits = one uint64),
  saves, loads and grows in place; faiss needs an IndexIDMap wrapper and cannot remove.
- DuckDB vss: not loadable offline (`INSTALL vss` fails: "Failed to download extension");
  the issue measured 37 s to build 20k random vectors (usearch 8 s, faiss 3.6 s) and rows
  dropped when a WHERE filter follows the index scan.
Uniform random 384-d vectors are the worst case (no neighbourhood structure): recall@10 was
0.04 at 100k with ef_search 24; sentence embeddings are nothing like that.

The persistent index holds the vectors of every claim already linked (`claims.linked`), one
file per embedding model; a sidecar JSON records their count and XOR of keys so a stale file
(reprocessed claims, another store) is noticed and rebuilt from the embeddings table, the graph's
build parameters, and the calibration (ef_search and the recall@10 it measured). Beside it,
an exact float32 copy of the vectors (`.f32` + `.keys`, appended each run) gives a run its
candidates' vectors without scanning the embeddings table.
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import numpy as np

if TYPE_CHECKING:
    from warehouse.exact_vectors import ExactVectors

log = logging.getLogger(__name__)

# The graph decides how far ef_search can take recall (bench/ann_recall.py --ladder, recall@10
# of 2,000 rows against exact, f16, 2 threads at load 2.6-3.8, 2026-12-06):
#                                     M=12 ef_add=40             M=16 ef_add=64
#   MiniLM CheckThat! (29k sentences): ef 48 0.948, 192 0.982    ef 48 0.980, 96 0.989; build 2.7 -> 3.9 s
#   store_curve vectors (150k, 0.6):   ef 48 0.902, 512 0.977    ef 48 0.992, 128 0.999; build 39 -> 43 s
#   clustered spread 1.2 (100k):       ef 48 0.708, 512 0.920    ef 96 0.982, 512 0.994; build 17 -> 48 s
# With M=12 more ef could not close the gap (clusters reached through too few edges: 150k claims
# plateaued at 0.977, the exact fallback made a 30k-article run's link O(store), 5.7 s); M=16
# reaches the goal at ef <= 128 for a build paid once per store. M=24 ef_add=96 gave 0.999 at
# ef 48 on the 150k set but took 115 s to build.
CONNECTIVITY = 16  # M
EXPANSION_ADD = 64  # ef_construction
EXPANSION_SEARCH = 48  # ef_search before calibration; raised to 2k for queries asking more neighbours
DTYPE = "f16"  # f16 halves memory, builds 2x faster than f32 here, same recall; i8 loses 5 points
_FORMAT = 4  # 2: the sidecar carries the calibration; 3: the graph's M and ef_add; 4: its count

# A fixed ef_search cannot promise recall: on clustered vectors with noise 0.6 (20 points per
# centre) ef 48 gave recall@10 0.940 at 100k, against 0.998 on our own data (issue 16). So
# ef_search is measured on the store's own vectors: sampled queries against exact search, up
# this ladder until recall@10 >= RECALL_GOAL; past its top, search falls back to exact.
RECALL_GOAL = 0.98
EF_LADDER = (48, 64, 96, 128, 192, 256, 384, 512)
CALIBRATION_QUERIES = 512  # recall's standard error at 0.98 over 5,120 neighbours: ~0.002
# The sample's recall must clear the goal by this many standard errors: at 100k clustered
# vectors (spread 0.6) a sample of 2,560 said 0.981 where all rows gave 0.975.
CALIBRATION_MARGIN = 2.0
CALIBRATION_K = 10
RECALIBRATE_GROWTH = 2.0  # measure again once the index has doubled since the last measurement


def _index(ndim: int):
    from usearch.index import Index

    return Index(
        ndim=ndim,
        metric="ip",
        dtype=DTYPE,
        connectivity=CONNECTIVITY,
        expansion_add=EXPANSION_ADD,
        expansion_search=EXPANSION_SEARCH,
    )


def _graph() -> dict:
    """The build parameters a saved index was made with (its sidecar records them)."""
    return {"connectivity": CONNECTIVITY, "expansion_add": EXPANSION_ADD, "dtype": DTYPE}


def _threads() -> int:
    return os.cpu_count() or 1


def search(
    index, queries: np.ndarray, k: int, ef: int = EXPANSION_SEARCH, exact: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """(keys, sims), each (len(queries), k); missing neighbours have sim -inf. `exact`: brute
    force over the index's own vectors (no graph, so no recall to calibrate)."""
    index.expansion_search = max(ef, 2 * k)
    queries = np.ascontiguousarray(queries, dtype=np.float32)
    matches = index.search(queries, k, threads=_threads(), **({"exact": True} if exact else {}))
    keys = np.asarray(matches.keys).reshape(len(queries), -1)
    sims = 1.0 - np.asarray(matches.distances, dtype=np.float32).reshape(len(queries), -1)
    counts = getattr(matches, "counts", None)  # a single query gives Matches, without counts
    counts = np.asarray(counts if counts is not None else [keys.shape[1]]).reshape(-1)
    missing = np.arange(keys.shape[1])[None, :] >= counts[:, None]
    sims[missing] = -np.inf
    return keys.astype(np.uint64), sims


@dataclass(frozen=True)
class Calibration:
    """The ef_search that reached the recall goal on sampled queries (None: none did)."""

    ef_search: int | None
    recall: float  # recall@k measured at that ef (the best one seen when none reached the goal)
    count: int  # index size when measured

    @property
    def met(self) -> bool:
        return self.ef_search is not None


def calibrate(
    index,
    keys: np.ndarray,
    vectors: np.ndarray,
    k: int = CALIBRATION_K,
    goal: float | None = None,
    ladder: tuple[int, ...] | None = None,
    queries: int = CALIBRATION_QUERIES,
    seed: int = 0,
) -> Calibration:
    """Measure recall@k of `index` (holding `vectors` under `keys`) against exact search on a
    sample of its own rows, raising ef_search up `ladder` until recall >= goal.

    A found neighbour counts when its exact cosine reaches the k-th exact one (less 1e-4, the
    f16 rounding of the index), so ties among duplicate texts are not misses."""
    from warehouse.similarity import top_k_between

    goal = RECALL_GOAL if goal is None else goal
    ladder = ladder or EF_LADDER
    n = len(vectors)
    k = min(k, n - 1)
    if k < 1:
        return Calibration(ladder[0], 1.0, n)
    rows = np.random.default_rng(seed).choice(n, size=min(queries, n), replace=False)
    sample = vectors[rows]
    # Exact: k+1 neighbours of each sampled row, itself (or a duplicate of it) among them.
    qi, _, qs = top_k_between(sample, vectors, k=k + 1, min_similarity=-2.0)
    kth = np.full(len(rows), np.inf, dtype=np.float32)
    np.minimum.at(kth, qi, qs)
    row_of = {int(key): i for i, key in enumerate(keys.tolist())}
    best = Calibration(None, 0.0, n)
    for ef in ladder:
        found, _ = search(index, sample, k + 1, ef)
        hits = 0
        for q, row in enumerate(rows.tolist()):
            others = [row_of[key] for key in found[q].tolist() if key in row_of and row_of[key] != row][:k]
            if others:
                sims = vectors[others] @ sample[q]
                hits += int((sims >= kth[q] - 1e-4).sum())
        recall = hits / (k * len(rows))
        margin = CALIBRATION_MARGIN * np.sqrt(recall * (1 - recall) / (k * len(rows)))
        if recall - margin >= goal:
            return Calibration(ef, round(recall, 4), n)
        if recall > best.recall:
            best = Calibration(None, round(recall, 4), n)
    log.warning(
        "ANN recall@%d %.3f < %.2f even at ef_search %d: falling back to exact", k, best.recall, goal, ef
    )
    return best


def all_pairs(
    vectors: np.ndarray, k: int, min_similarity: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`nearest_pairs(method="ann")`: build an index of the rows, calibrate its ef_search on
    them, ask each row for k+1 neighbours and drop itself; exact search when calibration cannot
    reach the recall goal. Sims are recomputed exactly in float32 (the index stores f16)."""
    n = len(vectors)
    if n < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), np.zeros(0, dtype=np.float32)
    index = _index(vectors.shape[1])
    keys_in = np.arange(n, dtype=np.uint64)
    index.add(keys_in, vectors, threads=_threads())
    calibration = calibrate(index, keys_in, vectors, k=min(k, CALIBRATION_K))
    if not calibration.met:
        from warehouse.similarity import top_k_between

        return top_k_between(vectors, vectors, k=k, min_similarity=min_similarity, exclude_self=True)
    keys, approx = search(index, vectors, min(k + 1, n), calibration.ef_search)
    rows = np.repeat(np.arange(n), keys.shape[1]).reshape(keys.shape)
    cols = keys.astype(np.int64)
    ok = (cols != rows) & np.isfinite(approx)
    rows, cols = rows[ok], cols[ok]
    sims = np.einsum("ij,ij->i", vectors[rows], vectors[cols]).astype(np.float32)
    order = np.lexsort((-sims, rows))
    rows, cols, sims = rows[order], cols[order], sims[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, np.arange(n))[rows]
    keep = (rank < k) & (sims >= min_similarity)
    return rows[keep].astype(np.int64), cols[keep].astype(np.int64), sims[keep]


def claim_key(claim_id: str) -> int:
    """A claim id (16 hex digits, core.ids.stable_id) as the index's uint64 key."""
    if not re.fullmatch(r"[0-9a-f]{16}", claim_id):
        raise ValueError(f"claim id {claim_id!r} is not 16 hex digits; the ANN index cannot key it")
    return int(claim_id, 16)


def key_claim(key: int) -> str:
    return f"{int(key):016x}"


def _slug(model: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", model).strip("_") or "model"


def index_path(db_path: str | Path, model: str) -> Path:
    """`<store>.ann/<model>.usearch` next to the store file (one index per embedding model)."""
    return Path(f"{db_path}.ann") / f"{_slug(model)}.usearch"


def store_path(con: duckdb.DuckDBPyConnection) -> str | None:
    """The file behind `con`, or None for an in-memory store (no index to persist)."""
    for _, name, file in con.execute("PRAGMA database_list").fetchall():
        if name == con.execute("SELECT current_database()").fetchone()[0]:
            return file or None
    return None


# The linked claims (what the index holds) and their fingerprint: a count and the XOR of
# keys, both computed by DuckDB over one column (about 30 ms at 100k claims).
_LINKED_FINGERPRINT = """
    SELECT count(*), coalesce(bit_xor(('0x' || c.claim_id)::UBIGINT), 0)
    FROM claims c JOIN embeddings e ON e.text_sha1 = c.text_sha1 AND e.model = ?
    WHERE c.linked"""
_LINKED_VECTORS = """
    SELECT c.claim_id, e.vector FROM claims c
    JOIN embeddings e ON e.text_sha1 = c.text_sha1 AND e.model = ?
    WHERE c.linked ORDER BY c.claim_id"""


def linked_fingerprint(con: duckdb.DuckDBPyConnection, model: str) -> tuple[int, int]:
    """(count, XOR of keys) of the linked claims with a vector of `model`: what the index holds."""
    count, checksum = con.execute(_LINKED_FINGERPRINT, [model]).fetchone()
    return int(count), int(checksum)


def vectors_of(relation: duckdb.DuckDBPyRelation | duckdb.DuckDBPyConnection, dims: int) -> tuple:
    """(claim ids, float32 (n, dims)) from a result with claim_id and vector columns, through
    Arrow: fetchall() of FLOAT[384] lists costs ~40 us per row, Arrow ~1 us."""
    fetch = getattr(relation, "to_arrow_table", None) or relation.fetch_arrow_table  # renamed in duckdb 1.5
    table = fetch()
    ids = table.column("claim_id").to_pylist()
    flat = table.column("vector").combine_chunks().flatten().to_numpy(zero_copy_only=False)
    return ids, np.asarray(flat, dtype=np.float32).reshape(len(ids), dims)


# Claims added since the graph was written are searched exactly (warehouse/exact_vectors.py)
# until there are this many; then they join the graph, which is written again. A run then writes
# its own rows, not the whole graph (0.24 s at 150k claims, a file of ~1 KB a claim) and opens
# the graph by mmap (0.08 s against 0.14 s to load it at 150k). 10,000 rows: 500 new claims
# against them take ~0.05 s of matrix product, and the graph is written once per ~20 runs of
# 100 articles (adding 10,000 vectors at M=16: ~4.5 s, about what 20 runs added one by one).
DELTA_MAX = 10_000


@dataclass
class StoreIndex:
    """The HNSW graph of a store's linked claims for one model, with its calibration, the exact
    vectors of its claims, and the claims added since the graph was written (searched exactly)."""

    index: object
    model: str
    path: Path | None
    count: int
    checksum: int
    calibration: Calibration
    rebuilt: bool = False
    exact: ExactVectors | None = None
    graph_count: int = 0  # the first rows of `exact` that the graph holds; the rest are the delta

    @classmethod
    def open(
        cls,
        con: duckdb.DuckDBPyConnection,
        model: str,
        dims: int,
        path: Path | None,
        fingerprint: tuple[int, int] | None = None,
    ) -> StoreIndex:
        """Map the graph file when it and its exact vectors match the store; otherwise rebuild
        both from the embeddings table (first use, reprocessed claims, a copied store, a torn
        file). Calibrated when built and again when the graph has doubled since. `fingerprint`:
        `linked_fingerprint` when the caller has it (one join over the store, not two)."""
        from warehouse.exact_vectors import ExactVectors

        count, checksum = fingerprint or linked_fingerprint(con, model)
        meta_path = path.with_suffix(".json") if path else None
        if path and path.exists() and meta_path.exists():
            try:
                meta = json.loads(meta_path.read_text())
                if (
                    meta.get("format"),
                    meta.get("model"),
                    meta.get("count"),
                    meta.get("checksum"),
                    meta.get("graph"),
                ) == (_FORMAT, model, count, int(checksum), _graph()):
                    exact = ExactVectors.load(path, dims, count)
                    if exact is None:
                        raise ValueError("its exact vectors are missing or torn")
                    index = _index(dims)
                    index.view(str(path))  # read-only mmap: pages are read as the search needs them
                    if len(index) != meta["graph_count"]:
                        raise ValueError(f"its graph holds {len(index)} claims, not {meta['graph_count']}")
                    calibration = Calibration(**meta["calibration"])
                    return cls(
                        index, model, path, count, int(checksum), calibration, False, exact, len(index)
                    )
                log.info(
                    "ANN index %s is stale (%s vs %d claims): rebuilding", path, meta.get("count"), count
                )
            except (OSError, ValueError, RuntimeError, KeyError, TypeError) as exc:
                log.warning("ANN index %s unreadable (%s): rebuilding", path, exc)
        index = _index(dims)
        ids, vectors = vectors_of(con.execute(_LINKED_VECTORS, [model]), dims)
        keys = np.array([claim_key(c) for c in ids], dtype=np.uint64)
        if ids:
            index.add(keys, vectors, threads=_threads())
        calibration = _calibrate_store(index, ids, vectors)
        exact = ExactVectors(keys, vectors, dims)
        return cls(index, model, path, count, int(checksum), calibration, True, exact, len(ids))

    def __len__(self) -> int:
        return self.count

    def add(self, claim_ids: list[str], vectors: np.ndarray) -> None:
        """Add claims to the delta (searched exactly until the graph takes them, in `save`)."""
        keys = np.array([claim_key(c) for c in claim_ids], dtype=np.uint64)
        fresh = ~self.exact.contains(keys) & _first(keys)
        if fresh.any():
            self.exact.add(keys[fresh], np.asarray(vectors, dtype=np.float32)[fresh])
        for key in keys[fresh].tolist():
            self.checksum ^= key
        self.count += int(fresh.sum())

    def search(self, queries: np.ndarray, k: int, exact: bool | None = None) -> list[list[str]]:
        """Claim ids of the k nearest claims of each query: from the graph at the calibrated
        ef_search (or by brute force over its vectors when it cannot promise the recall goal;
        `exact` None: decided by the calibration), merged with an exact search of the delta.
        Brute force reads no table: at 150k claims, reading their vectors from DuckDB for an
        exact search was most of a 14.8 s link stage (bench/store_curve.py)."""
        from warehouse.exact_vectors import nearest

        if self.count == 0 or len(queries) == 0:
            return [[] for _ in range(len(queries))]
        queries = np.ascontiguousarray(queries, dtype=np.float32)
        exact = not self.calibration.met if exact is None else exact
        ef = self.calibration.ef_search or EF_LADDER[-1]
        found_keys, found_sims = nearest(queries, *self.exact.since(self.graph_count), k)
        if self.graph_count:
            keys, sims = search(self.index, queries, min(k, self.graph_count), ef, exact=exact)
            found_keys = np.concatenate([keys, found_keys], axis=1)
            found_sims = np.concatenate([sims, found_sims], axis=1)
        order = np.argsort(-found_sims, axis=1, kind="stable")[:, :k]
        found_keys = np.take_along_axis(found_keys, order, axis=1)
        finite = np.isfinite(np.take_along_axis(found_sims, order, axis=1))
        return [
            [key_claim(x) for x, ok in zip(row, oks, strict=True) if ok]
            for row, oks in zip(found_keys.tolist(), finite.tolist(), strict=True)
        ]

    def vectors(self, claim_ids: list[str]) -> dict[str, np.ndarray]:
        """Exact float32 vectors of those of `claim_ids` the index holds."""
        return self.exact.get(claim_ids)

    def _merge(self) -> None:
        """The delta joins the graph (loaded whole: a mapped graph is read-only), calibrated
        again when it has doubled since its last measurement."""
        index = _index(self.exact.dims)
        index.load(str(self.path))
        keys, rows = self.exact.since(self.graph_count)
        index.add(keys, rows, threads=_threads())
        self.index, self.graph_count = index, len(index)
        if self.graph_count >= RECALIBRATE_GROWTH * max(self.calibration.count, 1):
            all_keys, all_rows = self.exact.since(0)
            self.calibration = calibrate(index, all_keys, all_rows)

    def save(self) -> None:
        """Append the new exact vectors; write the graph when rebuilt or when the delta passed
        DELTA_MAX; the fingerprint last, so a crash in between leaves a stale (rebuilt next
        run), never a wrong, index."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        meta_path = self.path.with_suffix(".json")
        meta_path.unlink(missing_ok=True)
        merged = not self.rebuilt and self.count - self.graph_count > DELTA_MAX
        if merged:
            self._merge()
        if self.rebuilt or merged:
            tmp = self.path.with_suffix(".tmp")
            self.index.save(str(tmp))
            tmp.replace(self.path)
        self.exact.save(self.path, whole=self.rebuilt)
        meta = {
            "format": _FORMAT,
            "model": self.model,
            "count": self.count,
            "checksum": self.checksum,
            "graph": _graph(),  # other build parameters: rebuilt (their recall differs)
            "graph_count": self.graph_count,
            "calibration": asdict(self.calibration),
        }
        meta_path.write_text(json.dumps(meta))


def _first(keys: np.ndarray) -> np.ndarray:
    """True at the first occurrence of each key."""
    first = np.zeros(len(keys), dtype=bool)
    first[np.unique(keys, return_index=True)[1]] = True
    return first


def _calibrate_store(index, ids: list[str], vectors: np.ndarray) -> Calibration:
    keys = np.array([claim_key(c) for c in ids], dtype=np.uint64)
    return calibrate(index, keys, vectors) if ids else Calibration(EXPANSION_SEARCH, 1.0, 0)
