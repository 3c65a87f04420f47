"""The ONNX Runtime backend (int8) agrees with torch's vectors on sentences of the beat."""

from __future__ import annotations

import numpy as np
import pytest

from nlp import embeddings, onnx_backend

SENTENCES = [
    "Huawei's CloudMatrix 384 delivers about 300 petaflops of BF16 compute.",
    "CloudMatrix 384 offers 1.7 times the compute of Nvidia's GB200 NVL72.",
    "The CloudMatrix 384 draws about 559 kW of power.",
    "CloudMatrix 384 consumes 3.9 times the power of the GB200 NVL72.",
    "The GB200 NVL72 uses 72 Blackwell GPUs.",
    "Nvidia took a $4.5 billion charge on excess H20 inventory.",
    "Nvidia said it could not ship $2.5 billion of H20 orders in the first quarter.",
    "Nvidia and AMD agreed to pay the US government 15% of their China chip revenue.",
    "Nvidia chips worth at least $1 billion were smuggled into China in three months.",
    "Nvidia processors worth about $400 million were smuggled into China, another estimate said.",
    "More than 800 companies exhibited at WAIC 2025 in Shanghai.",
    "WAIC 2025 showed more than 3,000 AI products.",
    "The Commerce Department added 140 Chinese entities to its export blacklist.",
    "The H20 delivers about 148 teraflops of FP16 compute.",
    "Huawei shipped about 200,000 Ascend 910C chips this year, analysts estimated.",
    "Export controls on advanced AI chips were tightened again in January.",
    "SemiAnalysis estimated that the system is 2.3 times less power efficient.",
    "The fair drew 30,000 visitors over three days.",
    "CloudMatrix 384の演算性能は約300ペタFLOPSに達する。",
    "WAIC 2025には800社以上が出展した。",
]


@pytest.fixture(scope="session")
def onnx_cache(tmp_path_factory):
    """One export (~10-30 s) per test session, in a temporary cache dir."""
    mp = pytest.MonkeyPatch()
    mp.setenv("CLAIMWATCH_ONNX_CACHE", str(tmp_path_factory.mktemp("onnx")))
    onnx_backend.load.cache_clear()
    yield onnx_backend.cache_dir()
    onnx_backend.load.cache_clear()
    mp.undo()


def test_onnx_backend_agrees_with_torch(onnx_cache):
    torch_vectors = embeddings.embed(SENTENCES, backend_name="torch")
    onnx_vectors = embeddings.embed(SENTENCES, backend_name="onnx")
    assert onnx_vectors.shape == torch_vectors.shape == (len(SENTENCES), embeddings.DIMENSIONS)
    np.testing.assert_allclose(np.linalg.norm(onnx_vectors, axis=1), 1.0, rtol=1e-5)
    cosines = np.einsum("ij,ij->i", onnx_vectors, torch_vectors)
    print(f"onnx vs torch cosine: min {cosines.min():.4f} mean {cosines.mean():.4f}")
    assert cosines.min() >= 0.98
    path = onnx_backend.model_path(embeddings.model_name())
    assert path.exists()  # cached for the next run
    assert path.is_relative_to(onnx_cache)
    # Batching moves a vector a little (int8 activation scales are per batch: 0.987 measured).
    again = embeddings.embed(SENTENCES[::-1], backend_name="onnx", batch_size=3)[::-1]
    assert np.einsum("ij,ij->i", again, onnx_vectors).min() >= 0.98


def test_onnx_backend_setting(monkeypatch):
    monkeypatch.setenv("CLAIMWATCH_EMBEDDING_BACKEND", "ONNX")
    assert embeddings.backend() == "onnx"
    monkeypatch.setenv("CLAIMWATCH_EMBEDDING_BACKEND", "tensorflow")
    with pytest.raises(ValueError, match="CLAIMWATCH_EMBEDDING_BACKEND"):
        embeddings.backend()
    monkeypatch.delenv("CLAIMWATCH_EMBEDDING_BACKEND")
    assert embeddings.backend() == "torch"
