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
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger("claimwatch")

DB_WRITER_LIMIT = "claimwatch-db-writer"
# A write that holds the slot longer is not lost: the lease is renewed while it runs; 600 s
# bounds how long a crashed writer's slot stays taken.
LEASE_SECONDS = 600


def ensure_limit() -> None:
    """Create the limit (1 slot) when the API does not know it yet; idempotent. Frees the slot
    when a killed run left it taken (`_free_dead_holders`)."""
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        try:
            client.upsert_global_concurrency_limit_by_name(DB_WRITER_LIMIT, 1)
        except Exception as exc:  # a racing run created it between read and create
            if "already exists" not in str(exc).lower() and "409" not in str(exc):
                raise
        _free_dead_holders(client)


def _holder_file() -> Path | None:
    """Where the ephemeral API's slot holder writes its pid; None on a real Prefect server."""
    from prefect.settings import PREFECT_HOME

    from flows.prefect_server import on_temporary_api

    return Path(PREFECT_HOME.value()) / f"{DB_WRITER_LIMIT}.pid" if on_temporary_api() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _free_dead_holders(client) -> None:
    """On the ephemeral API, give back a slot whose holder was killed (kill -9, OOM).

    Each run's ephemeral server keeps leases in its own memory and dies with the run, while the
    slot count lives in PREFECT_HOME's database: a run killed while it held the slot left it
    taken for good, and every later run waited forever (measured: issue #14). All processes
    of one PREFECT_HOME on the ephemeral API run on this machine, so the holder's pid tells.
    """
    from prefect.client.schemas.actions import GlobalConcurrencyLimitUpdate

    path = _holder_file()
    if path is None or not path.exists():
        return
    try:
        pid = int(path.read_text().split()[0])
    except (ValueError, IndexError, OSError):
        pid = 0
    if pid and _alive(pid):
        return
    if client.read_global_concurrency_limit_by_name(DB_WRITER_LIMIT).active_slots:
        log.warning("the store's writer slot was held by a run that is gone (pid %s): freed", pid or "?")
        client.update_global_concurrency_limit(DB_WRITER_LIMIT, GlobalConcurrencyLimitUpdate(active_slots=0))
    path.unlink(missing_ok=True)


# An acquisition sent within a few milliseconds of this process's last release waits 1.7-2.3 s
# for its answer on the ephemeral API (measured, Prefect 3.9: a task taking the slot 15 times in a
# row: 0.15, 1.74, 2.23 s with no pause; 0.010-0.021 s after a pause of 50 ms to 2.5 s), and a run
# takes the slot once per stage and once per 32-version write batch: that was most of issue 16's
# "fixed cost" (~2 s per stage with nothing to do). A pause of 0.1 s after our own release costs
# less than a twentieth of that wait.
_AFTER_RELEASE_S = 0.1
_last_release = 0.0


def _settle() -> None:
    """Let the API finish this process's last release before asking for the slot again."""
    wait = _last_release + _AFTER_RELEASE_S - time.monotonic()
    if wait > 0:
        time.sleep(wait)


# A run holds the slot once for all its stages after the load (flows/daily.py `_downstream`):
# every `db_slot()` inside that block, in this process, is already covered. The stages of one
# run write one after another, never from two threads at once.
_depth = 0
_depth_lock = threading.Lock()


@contextmanager
def db_slot() -> Iterator[None]:
    """Hold the store's one writer slot for the duration of the block (re-entrant within this
    process: a block inside another holds nothing more)."""
    global _depth, _last_release
    from prefect.concurrency.sync import concurrency

    with _depth_lock:
        nested = _depth > 0
        if nested:
            _depth += 1
    if nested:
        try:
            yield
        finally:
            with _depth_lock:
                _depth -= 1
        return
    _settle()
    try:
        with concurrency(DB_WRITER_LIMIT, occupy=1, lease_duration=LEASE_SECONDS):
            with _depth_lock:
                _depth += 1
            holder = _holder_file()
            try:
                if holder is not None:
                    holder.parent.mkdir(parents=True, exist_ok=True)
                    holder.write_text(f"{os.getpid()}\n")
                yield
            finally:
                if holder is not None:
                    holder.unlink(missing_ok=True)
                with _depth_lock:
                    _depth -= 1
    finally:
        _last_release = time.monotonic()
