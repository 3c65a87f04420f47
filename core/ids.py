"""Natural keys: short stable hashes of what identifies a value (DESIGN.md, invariant 2).

The same recipe as warehouse.ids.stable_id (tests/test_core_positions.py pins them equal), so
ids made here and ids made by the store agree; core cannot import the store's package.
"""

from __future__ import annotations

import hashlib


def stable_id(*parts: object, length: int = 16) -> str:
    """A hex id from the parts; the same parts always give the same id."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]
