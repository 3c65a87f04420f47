"""ONNX Runtime backend for sentence embeddings: the model exported once, run without torch.

CLAIMWATCH_EMBEDDING_BACKEND=onnx (the default) runs the transformer exported in float32: the
same vectors as sentence-transformers (cosine >= 0.99999 on the beat's sentences, max
difference 2e-7 per dimension, measured on 803 real-text sentences), at the same speed, but a
process that embeds imports onnxruntime and tokenizers (0.4 s) instead of sentence-transformers,
transformers and scikit-learn (1.5-2.5 s of CPU on top of torch, which spaCy imports anyway).
That import was part of every run's fixed cost (issue 16). `onnx-int8` quantises the MatMul
weights per channel (onnxruntime.quantization.quantize_dynamic): ~1.7x faster, cosine >= 0.98,
but it moves links on the labelled pairs (README, "Performance"), so it is opt-in.

The export needs sentence-transformers and torch once per model: torch.onnx.export of the
transformer (token embeddings out; ~1.5 s), the fast tokenizer saved beside it as
tokenizer.json, and source.json naming what was exported (a changed model is exported again).
Everything lives under CLAIMWATCH_ONNX_CACHE (default ~/.cache/claimwatch/onnx/<model>/),
written under a lock and renamed into place, so parallel processes (test workers, Dask workers,
two runs) export once and never read half a file. Pooling is what sentence-transformers does
for MiniLM: mean over the attention mask, then L2 normalisation.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import warnings
from collections.abc import Callable
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np

import settings

log = logging.getLogger(__name__)

PRECISIONS = ("fp32", "int8")
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def cache_dir() -> Path:
    return Path(settings.current().onnx_cache)


def model_dir(name: str) -> Path:
    return cache_dir() / re.sub(r"[^A-Za-z0-9._-]+", "_", name)


def model_path(name: str, precision: str = "int8") -> Path:
    return model_dir(name) / f"model.{precision}.onnx"


def _source(name: str) -> dict:
    """What an export of `name` is made from: the resolved path and its weights' sizes (a
    package upgrade or another model under the same name changes them)."""
    from nlp.embeddings import resolve

    path, _ = resolve(name)
    local = Path(path)
    sizes = (
        {p.name: p.stat().st_size for p in sorted(local.glob("*")) if p.suffix in {".safetensors", ".bin"}}
        if local.is_dir()
        else {}
    )
    return {"model": name, "path": str(path), "weights": sizes}


@contextmanager
def _locked(folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes
        yield


def _ready(name: str, precision: str, source: dict) -> dict | None:
    """The export's source.json when the export of `name` at `precision` is complete and made
    from `source`, else None."""
    folder = model_dir(name)
    try:
        stored = json.loads((folder / "source.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = (model_path(name, precision).name, "tokenizer.json")
    return stored if stored.get("source") == source and all((folder / f).exists() for f in files) else None


def _write_into(path: Path, write: Callable[[Path], object]) -> None:
    """`write(tmp)` beside `path`, then renamed over it: a reader finds the old file or the new."""
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    write(tmp)
    tmp.replace(path)


def _export(name: str, precision: str, source: dict) -> None:
    """Write model.<precision>.onnx, tokenizer.json and source.json for `name` (under the lock)."""
    import torch

    from nlp.embeddings import load_model

    encoder = load_model(name)
    transformer = encoder[0].auto_model.eval()
    tokenizer = encoder.tokenizer
    if not getattr(tokenizer, "is_fast", False):
        raise ValueError(f"{name!r} has no fast tokenizer: use CLAIMWATCH_EMBEDDING_BACKEND=torch")
    folder = model_dir(name)
    sample = tokenizer(["a sample sentence", "another one"], padding=True, return_tensors="pt")

    class _Tokens(torch.nn.Module):
        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            out = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return out[0]

    def export_fp32(path: Path) -> None:
        axes = {n: {0: "batch", 1: "tokens"} for n in (*_INPUTS, "token_embeddings")}
        # The tracer warns about every Python branch on shapes in transformers' code (5 warnings
        # a run, none about this model's graph): noise in a CLI run's output.
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                _Tokens(transformer),
                tuple(sample[n] for n in _INPUTS),
                str(path),
                input_names=list(_INPUTS),
                output_names=["token_embeddings"],
                dynamic_axes=axes,
                opset_version=17,
                dynamo=False,
            )

    def quantise(path: Path) -> None:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(str(model_path(name, "fp32")), str(path), op_types_to_quantize=["MatMul"],
                         per_channel=True, weight_type=QuantType.QInt8)  # fmt: skip

    _write_into(model_path(name, "fp32"), export_fp32)
    if precision == "int8":
        _write_into(model_path(name, "int8"), quantise)
    _write_into(folder / "tokenizer.json", lambda path: tokenizer.backend_tokenizer.save(str(path)))
    meta = {"source": source, "max_tokens": int(encoder.max_seq_length or 256)}
    # Last: source.json marks the export complete.
    _write_into(
        folder / "source.json", lambda path: path.write_text(json.dumps(meta, indent=1), encoding="utf-8")
    )


def ensure_exported(name: str, precision: str) -> dict:
    """The source.json of an up-to-date export of `name`, exported first when there is none."""
    source = _source(name)
    if (meta := _ready(name, precision, source)) is None:
        with _locked(model_dir(name)):
            if (meta := _ready(name, precision, source)) is None:  # or another process exported it meanwhile
                # A warning so that a CLI run shows it: the one pause of ~10 s a new cache costs.
                log.warning("exporting %s to ONNX (%s) under %s, once", name, precision, model_dir(name))
                _export(name, precision, source)
                meta = _ready(name, precision, source)
    return meta


@lru_cache(maxsize=4)
def load(name: str, precision: str = "fp32"):
    """(onnxruntime session, tokenizer) for model `name`, exported on first use."""
    import onnxruntime as ort
    from tokenizers import Tokenizer

    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {PRECISIONS}, got {precision!r}")
    max_tokens = ensure_exported(name, precision)["max_tokens"]
    tokenizer = Tokenizer.from_file(str(model_dir(name) / "tokenizer.json"))
    # The saved tokenizer pads every text to 128 tokens; sentence-transformers pads a batch to
    # its longest text and cuts at max_seq_length (256 for MiniLM): the same ids, less padding.
    tokenizer.enable_truncation(max_tokens)
    tokenizer.enable_padding(pad_id=tokenizer.token_to_id("[PAD]") or 0, pad_token="[PAD]")
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(
        str(model_path(name, precision)), options, providers=["CPUExecutionProvider"]
    )
    return session, tokenizer


def embed(texts: list[str], name: str, batch_size: int = 64, precision: str = "fp32") -> np.ndarray:
    """L2-normalised float32 vectors (mean pooling, as sentence-transformers)."""
    session, tokenizer = load(name, precision)
    wanted = {i.name for i in session.get_inputs()}
    out = []
    # Sorted by length so a batch pads little (sentence-transformers does the same).
    order = np.argsort([-len(t) for t in texts], kind="stable")
    for start in range(0, len(texts), batch_size):
        encodings = tokenizer.encode_batch([texts[i] for i in order[start : start + batch_size]])
        feed = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        tokens = session.run(None, {k: v for k, v in feed.items() if k in wanted})[0]
        mask = feed["attention_mask"][..., None].astype(np.float32)
        pooled = (tokens * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
        out.append(pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12))
    vectors = np.concatenate(out).astype(np.float32)
    result = np.empty_like(vectors)
    result[order] = vectors
    return result
