"""ONNX Runtime backend for sentence embeddings: the bundled MiniLM exported locally, int8.

Chosen with CLAIMWATCH_EMBEDDING_BACKEND=onnx (default: torch). The transformer is exported
once with torch.onnx.export, its MatMul weights quantised to int8 per channel
(onnxruntime.quantization.quantize_dynamic), and cached under CLAIMWATCH_ONNX_CACHE (default
~/.cache/claimwatch/onnx/<model>/model.int8.onnx). Pooling is what sentence-transformers does
for this model: mean over the attention mask, then L2 normalisation.

Issue #5 measured ~500 sentences/s against ~340 for torch, cosine >= 0.988 to torch's vectors
(bench/embeddings.py measures both here; tests/test_onnx_backend.py pins the agreement).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

import settings

log = logging.getLogger(__name__)

_MAX_TOKENS = 256  # all-MiniLM-L6-v2's max_seq_length


def cache_dir() -> Path:
    return Path(settings.current().onnx_cache)


def _export(encoder, path: Path) -> None:
    """torch.onnx.export of the transformer (token embeddings out), then int8 MatMul weights."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    transformer = encoder[0].auto_model.eval()
    tokenizer = encoder.tokenizer
    sample = tokenizer(["a sample sentence", "another one"], padding=True, return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    inputs = tuple(sample[n] for n in names)

    class _Tokens(torch.nn.Module):
        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            out = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return out[0]

    path.parent.mkdir(parents=True, exist_ok=True)
    fp32 = path.with_name("model.fp32.onnx")
    axes = {n: {0: "batch", 1: "tokens"} for n in names}
    axes["token_embeddings"] = {0: "batch", 1: "tokens"}
    with torch.no_grad():
        torch.onnx.export(
            _Tokens(transformer),
            inputs,
            str(fp32),
            input_names=names,
            output_names=["token_embeddings"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )
    tmp = path.with_suffix(".tmp.onnx")
    quantize_dynamic(str(fp32), str(tmp), op_types_to_quantize=["MatMul"], per_channel=True,
                     weight_type=QuantType.QInt8)  # fmt: skip
    tmp.replace(path)
    fp32.unlink(missing_ok=True)


def model_path(name: str) -> Path:
    return cache_dir() / re.sub(r"[^A-Za-z0-9._-]+", "_", name) / "model.int8.onnx"


@lru_cache(maxsize=2)
def load(name: str):
    """(onnxruntime session, tokenizer) for model `name`, exporting it on first use."""
    import onnxruntime as ort

    from nlp.embeddings import load_model

    encoder = load_model(name)
    path = model_path(name)
    if not path.exists():
        log.info("exporting %s to ONNX (int8) at %s", name, path)
        _export(encoder, path)
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    return session, encoder.tokenizer


def embed(texts: list[str], name: str, batch_size: int = 64) -> np.ndarray:
    """L2-normalised float32 vectors (mean pooling, as sentence-transformers)."""
    session, tokenizer = load(name)
    wanted = {i.name for i in session.get_inputs()}
    out = []
    # Sorted by length so a batch pads little (sentence-transformers does the same).
    order = np.argsort([-len(t) for t in texts], kind="stable")
    for start in range(0, len(texts), batch_size):
        batch = [texts[i] for i in order[start : start + batch_size]]
        enc = tokenizer(batch, padding=True, truncation=True, max_length=_MAX_TOKENS, return_tensors="np")
        feed = {k: np.asarray(v, dtype=np.int64) for k, v in enc.items() if k in wanted}
        tokens = session.run(None, feed)[0]
        mask = feed["attention_mask"][..., None].astype(np.float32)
        pooled = (tokens * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
        out.append(pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12))
    vectors = np.concatenate(out).astype(np.float32)
    result = np.empty_like(vectors)
    result[order] = vectors
    return result
