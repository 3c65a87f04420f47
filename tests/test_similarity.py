from __future__ import annotations

import numpy as np
import pytest

from warehouse import similarity
from warehouse.similarity import nearest_pairs, top_k_between


def _unit_rows(n: int, d: int, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, d)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _brute(v: np.ndarray, k: int) -> dict[int, list[int]]:
    sims = v @ v.T
    np.fill_diagonal(sims, -np.inf)
    return {i: list(np.argsort(-sims[i], kind="stable")[:k]) for i in range(len(v))}


@pytest.mark.parametrize("block", [7, 4096])
def test_similarity_exact_matches_brute_force_across_blocks(monkeypatch, block):
    monkeypatch.setattr(similarity, "_BLOCK_ROWS", block)
    v = _unit_rows(60, 16)
    i, j, s = nearest_pairs(v, k=5)
    expected = _brute(v, 5)
    for row in range(60):
        assert list(j[i == row]) == expected[row]
        assert np.all(np.diff(s[i == row]) <= 1e-7)
    assert not np.any(i == j)
    np.testing.assert_allclose(s, np.einsum("ij,ij->i", v[i], v[j]), rtol=1e-5)


def test_similarity_min_similarity_filters_and_k_larger_than_n():
    v = _unit_rows(10, 8, seed=1)
    i, _, s = nearest_pairs(v, k=50, min_similarity=0.2)
    assert np.all(s >= 0.2)
    assert len(i) <= 10 * 9
    sims = v @ v.T
    np.fill_diagonal(sims, -1)
    assert len(i) == int((sims >= 0.2).sum())


def test_similarity_between_queries_and_corpus():
    corpus = _unit_rows(30, 8, seed=2)
    _, j, s = top_k_between(corpus[:3], corpus, k=1)
    assert list(j) == [0, 1, 2]  # each query finds itself when self is not excluded
    np.testing.assert_allclose(s, 1.0, rtol=1e-5)


def test_similarity_rejects_bad_input():
    with pytest.raises(ValueError, match="2-D"):
        nearest_pairs(np.zeros(5, dtype=np.float32))
    with pytest.raises(ValueError, match="method"):
        nearest_pairs(_unit_rows(3, 4), method="magic")
    with pytest.raises(ValueError, match="k must be"):
        nearest_pairs(_unit_rows(3, 4), k=0)
    i, j, s = nearest_pairs(_unit_rows(1, 4))
    assert len(i) == len(j) == len(s) == 0


@pytest.mark.parametrize(("n", "k"), [(2000, 5), (2003, 10), (517, 1)])
def test_similarity_chunked_selection_is_exact_with_ties(n, k):
    v = _unit_rows(n, 16, seed=n)
    v[n // 2 : n // 2 + 25] = v[0]  # 25 exact duplicates of row 0: ties at the top
    i, j, s = nearest_pairs(v, k=k)
    sims = v @ v.T
    np.fill_diagonal(sims, -np.inf)
    expected = -np.sort(-sims, axis=1)[:, :k]
    for row in range(0, n, 7):
        np.testing.assert_allclose(s[i == row], expected[row], rtol=1e-5)
        np.testing.assert_allclose(sims[row, j[i == row]], s[i == row], rtol=1e-5)
    assert np.bincount(i, minlength=n).tolist() == [k] * n


def _clustered(n: int, d: int = 64, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(n // 20, d)).astype(np.float32)
    v = centres[rng.integers(0, len(centres), n)] + 0.5 * rng.normal(size=(n, d)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_similarity_ann_recall_against_exact():
    v = _clustered(3000)
    ei, ej, _ = nearest_pairs(v, k=10)
    ai, aj, s = nearest_pairs(v, k=10, method="ann")
    recall = np.mean([len(set(ej[ei == r]) & set(aj[ai == r])) / 10 for r in range(len(v))])
    assert recall >= 0.98
    assert not np.any(ai == aj)
    assert np.bincount(ai, minlength=len(v)).max() <= 10
    np.testing.assert_allclose(s, np.einsum("ij,ij->i", v[ai], v[aj]), rtol=1e-5)  # exact cosines
    for row in range(0, len(v), 97):
        assert np.all(np.diff(s[ai == row]) <= 1e-7)


def test_similarity_ann_min_similarity_and_tiny_inputs():
    v = _clustered(400, seed=3)
    _, _, s = nearest_pairs(v, k=5, min_similarity=0.5, method="ann")
    assert len(s) > 0
    assert np.all(s >= 0.5)
    i, j, s = nearest_pairs(v[:1], method="ann")
    assert len(i) == len(j) == len(s) == 0
    i, j, _ = nearest_pairs(v[:3], k=5, min_similarity=-1.0, method="ann")
    assert sorted(zip(i.tolist(), j.tolist(), strict=True)) == [
        (a, b) for a in range(3) for b in range(3) if a != b
    ]


def _weak_index(v: np.ndarray):
    """An HNSW graph too sparse for the default ef_search to find 98% of the neighbours."""
    from usearch.index import Index

    index = Index(ndim=v.shape[1], metric="ip", dtype="f16", connectivity=6, expansion_add=16)
    index.add(np.arange(len(v), dtype=np.uint64), v)
    return index


def _recall_at(index, v: np.ndarray, ef: int, k: int = 10) -> float:
    from warehouse.ann import search

    keys, _ = search(index, v, k + 1, ef)
    truth = _brute(v, k)
    found = [[x for x in row if x != r][:k] for r, row in enumerate(keys.astype(np.int64).tolist())]
    return float(np.mean([len(set(found[r]) & set(truth[r])) / k for r in range(len(v))]))


class _LossyIndex:
    """An index whose searches lose one neighbour per query while ef_search < 100:
    recall@10 0.9 below it, 1.0 from it (deterministic, unlike a real HNSW build)."""

    def __init__(self, v: np.ndarray) -> None:
        self.v = v
        self.expansion_search = 0

    def search(self, queries, k, threads=1):
        from types import SimpleNamespace

        sims = queries @ self.v.T
        order = np.argsort(-sims, axis=1, kind="stable")
        keys = order[:, :k].astype(np.uint64)
        if self.expansion_search < 100:
            keys[:, 1] = order[:, -1]  # the 2nd best is lost, the farthest row found instead
        dist = 1.0 - np.take_along_axis(sims, keys.astype(np.int64), axis=1)
        return SimpleNamespace(keys=keys, distances=dist, counts=np.full(len(queries), k))


def test_similarity_ann_calibration_climbs_the_ladder_to_the_goal():
    from warehouse.ann import calibrate

    v = _clustered(600, d=32, seed=5)
    cal = calibrate(_LossyIndex(v), np.arange(len(v), dtype=np.uint64), v, ladder=(48, 64, 128, 256))
    assert (cal.ef_search, cal.recall, cal.count) == (128, 1.0, 600)
    low = calibrate(_LossyIndex(v), np.arange(len(v), dtype=np.uint64), v, ladder=(48, 64))
    assert not low.met
    assert low.recall == pytest.approx(0.9, abs=0.01)


def test_similarity_ann_calibrated_hnsw_keeps_its_promise_on_every_row():
    from warehouse.ann import calibrate

    v = _clustered(3000, d=64, seed=5)
    index = _weak_index(v)
    cal = calibrate(index, np.arange(len(v), dtype=np.uint64), v, ladder=(4, 8, 16, 32, 64, 128, 256, 512))
    assert cal.met  # this graph reaches 0.98 well inside the ladder (0.99 at ef 64 when measured)
    assert _recall_at(index, v, ef=cal.ef_search) >= 0.97  # the sample's promise holds on every row


def test_similarity_ann_falls_back_to_exact_when_the_goal_cannot_be_met(monkeypatch):
    from warehouse import ann

    monkeypatch.setattr(ann, "RECALL_GOAL", 1.01)  # unreachable
    v = _clustered(500, seed=7)
    cal = ann.calibrate(_weak_index(v), np.arange(len(v), dtype=np.uint64), v)
    assert not cal.met
    assert 0 < cal.recall <= 1
    exact = nearest_pairs(v, k=5)
    approx = nearest_pairs(v, k=5, method="ann")
    for got, want in zip(approx, exact, strict=True):
        np.testing.assert_array_equal(got, want)
