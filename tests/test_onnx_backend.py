"""The ONNX Runtime backends agree with torch's vectors on sentences of the beat (float32: the
same vectors; int8: close), load without torch once exported, and export once for every
process that asks at the same time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import numpy as np
import pytest
from conftest import TESTS

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
    "华为CloudMatrix 384的算力约为英伟达GB200 NVL72的1.7倍。",
    "Export " * 400,  # past the 256-token cut: both backends truncate at the same token
]


@pytest.fixture(scope="module")
def onnx_cache(tmp_path_factory):
    """One export per module (~10 s: sentence-transformers loads once), in a temporary cache."""
    mp = pytest.MonkeyPatch()
    mp.setenv("CLAIMWATCH_ONNX_CACHE", str(tmp_path_factory.mktemp("onnx")))
    onnx_backend.load.cache_clear()
    yield onnx_backend.cache_dir()
    onnx_backend.load.cache_clear()
    mp.undo()


def test_onnx_backend_float32_gives_torchs_vectors(onnx_cache):
    torch_vectors = embeddings.embed(SENTENCES, backend_name="torch")
    onnx_vectors = embeddings.embed(SENTENCES, backend_name="onnx")
    assert onnx_vectors.shape == torch_vectors.shape == (len(SENTENCES), embeddings.DIMENSIONS)
    np.testing.assert_allclose(np.linalg.norm(onnx_vectors, axis=1), 1.0, rtol=1e-5)
    # The same vectors up to float rounding (2e-7 measured), so every link, cluster and
    # threshold calibrated on torch's vectors holds unchanged.
    np.testing.assert_allclose(onnx_vectors, torch_vectors, atol=2e-5)
    folder = onnx_backend.model_dir(embeddings.model_name())
    assert folder.is_relative_to(onnx_cache)
    assert {p.name for p in folder.iterdir()} >= {"model.fp32.onnx", "tokenizer.json", "source.json"}
    assert not [p for p in folder.iterdir() if ".tmp" in p.name]  # renamed into place
    # A batch's padding changes nothing.
    again = embeddings.embed(SENTENCES[::-1], backend_name="onnx", batch_size=3)[::-1]
    np.testing.assert_allclose(again, onnx_vectors, atol=2e-5)


def test_onnx_backend_int8_stays_close_to_torch(onnx_cache):
    torch_vectors = embeddings.embed(SENTENCES, backend_name="torch")
    int8 = embeddings.embed(SENTENCES, backend_name="onnx-int8")
    cosines = np.einsum("ij,ij->i", int8, torch_vectors)
    print(f"onnx-int8 vs torch cosine: min {cosines.min():.4f} mean {cosines.mean():.4f}")
    assert cosines.min() >= 0.98
    assert not np.allclose(int8, torch_vectors, atol=2e-5)  # it is the quantised model
    assert onnx_backend.model_path(embeddings.model_name(), "int8").exists()


def _embed_in_a_new_process(cache, *extra_code: str) -> subprocess.CompletedProcess:
    code = (
        "import logging, sys; logging.basicConfig(level=logging.INFO); from nlp import embeddings; "
        "v = embeddings.embed(['The H20 delivers about 148 teraflops.']); "
        "print(v.shape, 'torch' in sys.modules, 'sentence_transformers' in sys.modules)" + "".join(extra_code)
    )
    env = {**os.environ, "CLAIMWATCH_ONNX_CACHE": str(cache), "CLAIMWATCH_EMBEDDING_BACKEND": "onnx"}
    return subprocess.Popen(
        [sys.executable, "-c", code], env=env, cwd=TESTS.parent, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_onnx_backend_exported_model_loads_without_torch(onnx_cache):
    embeddings.embed(SENTENCES[:1], backend_name="onnx")  # exported (or already)
    proc = _embed_in_a_new_process(onnx_cache)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert out.split() == ["(1,", "384)", "False", "False"]


def test_onnx_backend_threads_asking_together_export_once_and_a_changed_model_again(tmp_path, monkeypatch):
    # flock excludes two open() of the lock file in one process as it does two processes.
    monkeypatch.setenv("CLAIMWATCH_ONNX_CACHE", str(tmp_path))
    exports = []

    def fake_export(name, precision, source):
        exports.append(name)
        time.sleep(0.3)  # long enough for the other thread to reach the lock
        folder = onnx_backend.model_dir(name)
        for file in (f"model.{precision}.onnx", "tokenizer.json"):
            (folder / file).write_text("x")
        (folder / "source.json").write_text(json.dumps({"source": source, "max_tokens": 256}))

    monkeypatch.setattr(onnx_backend, "_export", fake_export)
    source = onnx_backend._source(embeddings.model_name())

    threads = [
        threading.Thread(target=onnx_backend.ensure_exported, args=(embeddings.model_name(), "fp32"))
        for _ in range(3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(exports) == 1  # the others waited on the lock and found it exported
    assert source["weights"]  # the bundled model's weight files, by size
    # Another model under the same name (a package upgrade): not trusted, exported again.
    changed = {**source, "weights": {"model.safetensors": 1}}
    assert not onnx_backend._ready(embeddings.model_name(), "fp32", changed)
    assert not onnx_backend._ready(embeddings.model_name(), "int8", source)  # each precision its file


def test_onnx_backend_setting(monkeypatch):
    monkeypatch.setenv("CLAIMWATCH_EMBEDDING_BACKEND", " ONNX-Int8 ")
    assert embeddings.backend() == "onnx-int8"
    monkeypatch.setenv("CLAIMWATCH_EMBEDDING_BACKEND", "tensorflow")
    with pytest.raises(ValueError, match="CLAIMWATCH_EMBEDDING_BACKEND"):
        embeddings.backend()
    monkeypatch.delenv("CLAIMWATCH_EMBEDDING_BACKEND")
    assert embeddings.backend() == "onnx"
