"""The few named errors of the library; the CLI turns each into a one-line message.

They live at the top of the tree so that any layer (spiders, nlp, warehouse, review) can raise
one without importing another layer.
"""

from __future__ import annotations


class ClaimwatchError(Exception):
    """Base class: anything the user can fix (a path, a file, a flag)."""


class SourcesError(ClaimwatchError):
    """The sources file is missing or invalid."""


class DatabaseError(ClaimwatchError):
    """The database cannot be opened, written or migrated."""
