"""One DuckDB connection per request, never held between requests.

DuckDB lets one process write a file, and a writer excludes every other process (readers
too). The daily job is that writer, so the review UI opens the store read-only for a page
and read-write only for the moment of a write, then closes it. When the file is locked, the
request fails with StoreBusy (the app answers 503 "store busy, retry") instead of waiting.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

# In one process DuckDB refuses a read-write and a read-only connection to the same file at
# once, so requests of this server take turns; pages take milliseconds.
_TURN = threading.Lock()
# A writer lock is usually the daily job (minutes), but an analyst's `claimwatch sql` also
# holds the file briefly: 5 tries 0.1 s apart ride out the short ones.
TRIES = 5
PAUSE_S = 0.1


class StoreBusy(Exception):
    """Another process holds the store; retry later."""


def _is_lock_error(exc: duckdb.Error) -> bool:
    text = str(exc).lower()
    return "lock" in text or "different configuration" in text


@contextmanager
def open_store(path: str | Path, *, write: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection for one request: read-only unless `write`; closed when the block ends."""
    with _TURN:
        con = None
        for attempt in range(TRIES):
            try:
                con = duckdb.connect(str(path), read_only=not write)
                break
            except (duckdb.IOException, duckdb.ConnectionException) as exc:
                if not _is_lock_error(exc):
                    raise
                if attempt == TRIES - 1:
                    raise StoreBusy(str(exc).splitlines()[0]) from None
                time.sleep(PAUSE_S)
        assert con is not None
        try:
            yield con
        finally:
            con.close()
