"""Natural keys: short stable hashes of what identifies a row or a value (DESIGN.md, invariant 2)."""

from __future__ import annotations

import hashlib


def stable_id(*parts: object, length: int = 16) -> str:
    """A hex id from the parts; the same parts always give the same id."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def sha1(data: bytes | str) -> str:
    """The full hex SHA-1 of bytes, or of a string as UTF-8."""
    return hashlib.sha1(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()
