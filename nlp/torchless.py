"""spaCy imported without torch, where no installed pipeline can use it.

thinc (spaCy's ML library) imports torch at import time when it is installed, to offer
PyTorch-wrapped layers: 1.6 s of CPU of the 2.7 s `import spacy` costs here (torch 2.13 CPU,
measured 2026-12-07), paid by every process that extracts claims, a run's warm-up and each
test's CLI subprocess. torch is installed for the `torch` embedding backend only; the
pipelines claimwatch loads (en_core_web_sm, ja_ginza, spacy.blank) run on thinc's numpy ops
and never touch it. Only spacy-transformers or spacy-curated-transformers pipelines run
PyTorch layers through thinc: where either is installed, spaCy is imported as usual.

Imported (for its effect) before `import spacy` by nlp/components.py and nlp/pipeline.py, the
only modules that import spaCy. torch stays importable afterwards (the torch embedding
backend, the ONNX export); thinc just does not offer it to pipelines in this process."""

from __future__ import annotations

import importlib.util
import sys

TORCH_PIPELINE_PACKAGES = ("spacy_transformers", "spacy_curated_transformers")


def torch_pipelines_possible() -> bool:
    """Whether an installed package lets a spaCy pipeline run PyTorch layers through thinc."""
    return any(importlib.util.find_spec(name) is not None for name in TORCH_PIPELINE_PACKAGES)


def import_spacy_without_torch() -> bool:
    """Import spaCy (and thinc) with `import torch` failing, unless spaCy's thinc is imported
    already, torch is, or a torch pipeline is possible. True when torch was kept out."""
    if "thinc" in sys.modules or "torch" in sys.modules or torch_pipelines_possible():
        return False
    sys.modules["torch"] = None  # `import torch` raises ImportError while this entry is None
    try:
        import spacy  # noqa: F401
    finally:
        if sys.modules.get("torch", ...) is None:
            del sys.modules["torch"]
    return True


import_spacy_without_torch()
