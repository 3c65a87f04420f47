"""What the store keys an embedding by: the text's hash, the model's name and its width.

Pure (no model loaded): warehouse/ stores and looks up vectors by these without importing nlp/,
which computes them (nlp/embeddings.py).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import settings

# all-MiniLM-L6-v2's width: migration 0001 stores vectors as FLOAT[384].
DIMENSIONS = 384


def normalise_text(text: str) -> str:
    """The embedding cache key's text: NFKC, collapsed spaces (a syndicated copy hits the cache)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def text_key(text: str) -> str:
    return hashlib.sha1(normalise_text(text).encode("utf-8")).hexdigest()


def model_name() -> str:
    """The embedding model's name as settings give it (CLAIMWATCH_EMBEDDING_MODEL)."""
    return settings.current().embedding_model
