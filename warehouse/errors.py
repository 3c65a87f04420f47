"""Re-export of core.errors for callers outside the store (the CLI, the review UI) that still
import the errors from here; new code imports core.errors."""

from __future__ import annotations

from core.errors import ClaimwatchError, DatabaseError, SourcesError

__all__ = ["ClaimwatchError", "DatabaseError", "SourcesError"]
