"""The exact float32 vectors of the ANN index's claims, kept beside it, and the exact search over
the claims added since its graph was last written (warehouse/ann.py StoreIndex: the delta).

Two files per index: `<model>.f32` (float32 rows, in the order added) and `<model>.keys`
(uint64 claim keys, same order). Both are only appended to between rebuilds, so a run writes
its new rows, never the store's.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from warehouse.ann import claim_key, key_claim


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

    def __len__(self) -> int:
        return len(self.keys) + sum(len(keys) for keys, _ in self.fresh)

    def contains(self, keys: np.ndarray) -> np.ndarray:
        """Whether each key is held (loaded or added since)."""
        held = np.zeros(len(keys), dtype=bool)
        if len(self.keys):
            sorted_keys = self.keys[self.order]
            at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
            held = sorted_keys[at] == keys
        for added, _ in self.fresh:
            held |= np.isin(keys, added)
        return held

    def since(self, start: int) -> tuple[np.ndarray, np.ndarray]:
        """(keys, float32 rows) from row `start` on, the rows added since loading included."""
        keys = [self.keys[start:], *(k for k, _ in self.fresh)]
        rows = [np.asarray(self.rows[start:]), *(r for _, r in self.fresh)]
        return np.concatenate(keys).astype(np.uint64), np.concatenate(rows).reshape(-1, self.dims)


def nearest(queries: np.ndarray, keys: np.ndarray, rows: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact (keys, sims) of the k most similar rows for each query; -inf where fewer rows."""
    out_keys = np.zeros((len(queries), k), dtype=np.uint64)
    out_sims = np.full((len(queries), k), -np.inf, dtype=np.float32)
    if not len(rows) or not k:
        return out_keys, out_sims
    sims = np.asarray(queries, dtype=np.float32) @ rows.T
    take = min(k, len(rows))
    top = np.argpartition(-sims, take - 1, axis=1)[:, :take]
    out_keys[:, :take] = keys[top]
    out_sims[:, :take] = np.take_along_axis(sims, top, axis=1)
    return out_keys, out_sims
