"""One writer at a time: a Prefect global concurrency limit of 1 around every store write.

DuckDB lets one process hold a database file read-write; a second process (another flow
run: the 06:00 schedule overlapping a backfill) fails to open it rather than waiting. The
limit makes the second run's writing task wait for the slot instead of failing.

Why a global concurrency limit and not tag concurrency (`tags=[...]` plus
`prefect concurrency-limit create TAG 1`): both need the limit to exist on the API first,
but a global limit can be created from code with one idempotent call
(`upsert_global_concurrency_limit_by_name`), which the flow makes at its start, so it works
the same on the ephemeral API of `claimwatch run` (whose SQLite database under
PREFECT_HOME is shared by every process using that home) and on a `prefect server`.
`prefect gcl ls` shows it; `prefect gcl inspect claimwatch-db-writer` shows who holds it.
Checked: two processes on the ephemeral API (one PREFECT_HOME), each taking the slot 3
times for 3 s: the second asked while the first held it and got it 12 s later, after the
first's last release (slots are not handed out first come, first served); on a server,
tests/test_prefect_server.py runs both deployments at once on one store.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger("claimwatch")

DB_WRITER_LIMIT = "claimwatch-db-writer"
# A write that holds the slot longer is not lost: the lease is renewed while it runs; 600 s
# bounds how long a crashed writer's slot stays taken.
LEASE_SECONDS = 600


def ensure_limit() -> None:
    """Create the limit (1 slot) when the API does not know it yet; idempotent."""
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        try:
            client.upsert_global_concurrency_limit_by_name(DB_WRITER_LIMIT, 1)
        except Exception as exc:  # a racing run created it between read and create
            if "already exists" not in str(exc).lower() and "409" not in str(exc):
                raise


@contextmanager
def db_slot() -> Iterator[None]:
    """Hold the store's one writer slot for the duration of the block."""
    from prefect.concurrency.sync import concurrency

    with concurrency(DB_WRITER_LIMIT, occupy=1, lease_duration=LEASE_SECONDS):
        yield
