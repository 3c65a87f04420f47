"""The few named errors of the library; the CLI turns each into a one-line message."""

from __future__ import annotations


class ClaimwatchError(Exception):
    """Base class: anything the user can fix (a path, a file, a flag)."""


class SourcesError(ClaimwatchError):
    """The sources file is missing or invalid."""


class DatabaseError(ClaimwatchError):
    """The database cannot be opened, written or migrated."""
