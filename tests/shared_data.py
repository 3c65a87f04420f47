"""The quality gates on ../shared/data (public benchmark data beside the checkout): where the
data is absent they skip on a developer's machine and FAIL under CI (CI=true), so a gate can
never pass by not running."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def require(path: Path) -> None:
    """Skip (fail under CI) unless `path` exists."""
    if path.exists():
        return
    message = f"benchmark data not found at {path}"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{message}; CI=true: quality gates on ../shared/data must run")
    pytest.skip(message)
