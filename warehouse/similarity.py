"""The similarity core: top-k cosine neighbours of L2-normalised vectors, in bounded memory.

Exact search multiplies one block of rows at a time against the corpus (never an n x n
matrix) and keeps the top k of each block with argpartition. Issue #5 adds the ANN method
and tunes the block kernel; the contract below is fixed.
"""

from __future__ import annotations

import numpy as np

# 2048 rows x 100k corpus x 4 bytes = 800 MB peak at most; 20k vectors need 160 MB.
_BLOCK_ROWS = 2048
METHODS = ("exact",)


def _check(vectors: np.ndarray, name: str) -> np.ndarray:
    array = np.asarray(vectors)
    if array.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (n, d), got shape {array.shape}")
    return np.ascontiguousarray(array, dtype=np.float32)


def top_k_between(
    queries: np.ndarray,
    corpus: np.ndarray,
    k: int = 10,
    min_similarity: float = 0.0,
    exclude_self: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For every query row i, its top-k corpus rows j with sim >= min_similarity.

    Args:
        exclude_self: queries are the corpus itself (row i of queries is row i of corpus),
            so j == i is skipped.
    Returns:
        (i, j, sim) arrays, sorted by i then by descending sim.
    """
    queries, corpus = _check(queries, "queries"), _check(corpus, "corpus")
    if queries.shape[1] != corpus.shape[1]:
        raise ValueError(f"dimension mismatch: queries {queries.shape[1]} vs corpus {corpus.shape[1]}")
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    n, m = queries.shape[0], corpus.shape[0]
    keep = min(k, m - 1 if exclude_self else m)
    out_i, out_j, out_s = [], [], []
    if n == 0 or keep <= 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), np.zeros(0, dtype=np.float32)
    for start in range(0, n, _BLOCK_ROWS):
        block = queries[start : start + _BLOCK_ROWS]
        sims = block @ corpus.T
        rows = np.arange(block.shape[0])
        if exclude_self:
            sims[rows, start + rows] = -np.inf
        if keep < m:
            idx = np.argpartition(sims, -keep, axis=1)[:, -keep:]
        else:
            idx = np.broadcast_to(np.arange(m), (block.shape[0], m))
        top = np.take_along_axis(sims, idx, axis=1)
        order = np.argsort(-top, axis=1, kind="stable")
        idx, top = np.take_along_axis(idx, order, axis=1), np.take_along_axis(top, order, axis=1)
        mask = top >= min_similarity
        out_i.append(np.broadcast_to((start + rows)[:, None], idx.shape)[mask])
        out_j.append(idx[mask])
        out_s.append(top[mask])
    return (
        np.concatenate(out_i).astype(np.int64),
        np.concatenate(out_j).astype(np.int64),
        np.concatenate(out_s).astype(np.float32),
    )


def nearest_pairs(
    vectors: np.ndarray, k: int = 10, min_similarity: float = 0.0, method: str = "exact"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For every row i of `vectors` (n, d), its top-k rows j != i with sim >= min_similarity.

    Args:
        vectors: float32, L2-normalised rows.
        k: neighbours per row.
        min_similarity: drop pairs below this cosine.
        method: "exact" (blocked matrix products).
    Returns:
        (i, j, sim) numpy arrays.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    return top_k_between(vectors, vectors, k=k, min_similarity=min_similarity, exclude_self=True)
