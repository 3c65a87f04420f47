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

import duckdb
import numpy as np

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
_FORMAT = 3  # 2: the sidecar carries the calibration; 3: and the graph's M and ef_add

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


def vectors_of(relation: duckdb.DuckDBPyRelation | duckdb.DuckDBPyConnection, dims: int) -> tuple:
    """(claim ids, float32 (n, dims)) from a result with claim_id and vector columns, through
    Arrow: fetchall() of FLOAT[384] lists costs ~40 us per row, Arrow ~1 us."""
    fetch = getattr(relation, "to_arrow_table", None) or relation.fetch_arrow_table  # renamed in duckdb 1.5
    table = fetch()
    ids = table.column("claim_id").to_pylist()
    flat = table.column("vector").combine_chunks().flatten().to_numpy(zero_copy_only=False)
    return ids, np.asarray(flat, dtype=np.float32).reshape(len(ids), dims)


class ExactVectors:
    """The float32 vectors of the index's claims, beside it (`<model>.f32`, rows in the order
    added, and `<model>.keys`): the exact cosines of a run's candidate pairs read from here, by
    row, instead of from DuckDB. Fetching 5,000 claims' vectors from the embeddings table read
    the whole vector column (0.2-0.5 s warm, 4 s cold at 150k claims: columnar storage cannot
    skip row groups for keys spread over all of them); the index itself keeps only f16."""

    def __init__(self, keys: np.ndarray, rows: np.ndarray, dims: int) -> None:
        self.dims = dims
        self.keys = keys  # uint64, in file order
        self.rows = rows  # float32 (n, dims): a memmap of the file, or what was just built
        self.order = np.argsort(keys, kind="stable")
        self.fresh: list[tuple[np.ndarray, np.ndarray]] = []  # added since: appended at save

    @classmethod
    def load(cls, path: Path, dims: int, count: int) -> ExactVectors | None:
        """The sidecar of `path` when it holds `count` rows (None: missing or torn)."""
        keys_path, rows_path = path.with_suffix(".keys"), path.with_suffix(".f32")
        if not keys_path.exists() or not rows_path.exists():
            return None
        keys = np.fromfile(keys_path, dtype=np.uint64)
        if len(keys) != count or rows_path.stat().st_size != count * dims * 4:
            return None
        rows = np.memmap(rows_path, dtype=np.float32, mode="r", shape=(count, dims)) if count else None
        return cls(keys, rows if rows is not None else np.zeros((0, dims), np.float32), dims)

    def add(self, keys: np.ndarray, vectors: np.ndarray) -> None:
        self.fresh.append((keys.astype(np.uint64), np.ascontiguousarray(vectors, dtype=np.float32)))

    def get(self, claim_ids: list[str]) -> dict[str, np.ndarray]:
        """Vectors of those of `claim_ids` that are stored (new ones of this run included)."""
        out: dict[str, np.ndarray] = {}
        if not claim_ids or not len(self.keys):
            pass
        else:
            wanted = np.array([claim_key(c) for c in claim_ids], dtype=np.uint64)
            sorted_keys = self.keys[self.order]
            at = np.minimum(np.searchsorted(sorted_keys, wanted), len(sorted_keys) - 1)
            hit = sorted_keys[at] == wanted
            picked = np.asarray(self.rows[self.order[at[hit]]])  # reads those rows of the file only
            out = dict(
                zip([c for c, h in zip(claim_ids, hit.tolist(), strict=True) if h], picked, strict=True)
            )
        wanted_ids = set(claim_ids)
        for keys, vectors in self.fresh:
            for key, vector in zip(keys.tolist(), vectors, strict=True):
                cid = key_claim(key)
                if cid in wanted_ids and cid not in out:
                    out[cid] = vector
        return out

    def save(self, path: Path, whole: bool) -> None:
        """Write the rows (`whole`) or append the ones added since loading."""
        keys_path, rows_path = path.with_suffix(".keys"), path.with_suffix(".f32")
        parts = ([(self.keys, self.rows)] if whole else []) + self.fresh
        mode = "wb" if whole else "ab"
        with open(keys_path, mode) as keys_file, open(rows_path, mode) as rows_file:
            for keys, rows in parts:
                keys_file.write(np.ascontiguousarray(keys, dtype=np.uint64).tobytes())
                rows_file.write(np.ascontiguousarray(rows, dtype=np.float32).tobytes())


@dataclass
class StoreIndex:
    """The HNSW index of a store's linked claims for one model, with its calibration and the
    exact vectors of its claims."""

    index: object
    model: str
    path: Path | None
    count: int
    checksum: int
    calibration: Calibration
    rebuilt: bool = False
    exact: ExactVectors | None = None

    @classmethod
    def open(cls, con: duckdb.DuckDBPyConnection, model: str, dims: int, path: Path | None) -> StoreIndex:
        """Load the index file when it matches the store; otherwise rebuild it from the
        embeddings table (first use, reprocessed claims, a copied store). Calibrated when built
        and again once it has doubled since its last calibration."""
        count, checksum = con.execute(_LINKED_FINGERPRINT, [model]).fetchone()
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
                    index.load(str(path))
                    calibration = Calibration(**meta["calibration"])
                    if count >= RECALIBRATE_GROWTH * max(calibration.count, 1):
                        ids, vectors = vectors_of(con.execute(_LINKED_VECTORS, [model]), dims)
                        calibration = _calibrate_store(index, ids, vectors)
                    return cls(index, model, path, count, int(checksum), calibration, exact=exact)
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
        return cls(index, model, path, count, int(checksum), calibration, rebuilt=True, exact=exact)

    def __len__(self) -> int:
        return len(self.index)

    def add(self, claim_ids: list[str], vectors: np.ndarray) -> None:
        keys = np.array([claim_key(c) for c in claim_ids], dtype=np.uint64)
        fresh = np.array([not self.index.contains(int(k)) for k in keys], dtype=bool)
        if fresh.any():
            self.index.add(keys[fresh], vectors[fresh], threads=_threads())
            if self.exact is not None:
                self.exact.add(keys[fresh], vectors[fresh])
        for key in keys[fresh].tolist():
            self.checksum ^= key
        self.count += int(fresh.sum())

    def search(self, queries: np.ndarray, k: int, exact: bool | None = None) -> list[list[str]]:
        """Claim ids of the k nearest claims in the index of each query: through the graph at
        the calibrated ef_search, or by brute force over the index's vectors when the graph
        cannot promise the recall goal (`exact` None: decided by the calibration). Brute force
        here reads no table: at 150k claims, reading their vectors from DuckDB for an exact
        search was most of a 14.8 s link stage (bench/store_curve.py)."""
        if len(self.index) == 0 or len(queries) == 0:
            return [[] for _ in range(len(queries))]
        exact = not self.calibration.met if exact is None else exact
        ef = self.calibration.ef_search or EF_LADDER[-1]
        keys, sims = search(self.index, queries, min(k, len(self.index)), ef, exact=exact)
        finite = np.isfinite(sims)
        return [
            [key_claim(x) for x, ok in zip(row, oks, strict=True) if ok]
            for row, oks in zip(keys.tolist(), finite.tolist(), strict=True)
        ]

    def vectors(self, claim_ids: list[str]) -> dict[str, np.ndarray]:
        """Exact float32 vectors of those of `claim_ids` the index holds."""
        return self.exact.get(claim_ids) if self.exact is not None else {}

    def save(self) -> None:
        """Write the index, its exact vectors and its fingerprint; the fingerprint last, so a crash in between
        leaves a stale (rebuilt next run), never a wrong, index."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        meta_path = self.path.with_suffix(".json")
        meta_path.unlink(missing_ok=True)
        tmp = self.path.with_suffix(".tmp")
        self.index.save(str(tmp))
        tmp.replace(self.path)
        if self.exact is not None:
            self.exact.save(self.path, whole=self.rebuilt)
        meta = {
            "format": _FORMAT,
            "model": self.model,
            "count": self.count,
            "checksum": self.checksum,
            "graph": _graph(),  # other build parameters: rebuilt (their recall differs)
            "calibration": asdict(self.calibration),
        }
        meta_path.write_text(json.dumps(meta))


def _calibrate_store(index, ids: list[str], vectors: np.ndarray) -> Calibration:
    keys = np.array([claim_key(c) for c in ids], dtype=np.uint64)
    return calibrate(index, keys, vectors) if ids else Calibration(EXPANSION_SEARCH, 1.0, 0)
