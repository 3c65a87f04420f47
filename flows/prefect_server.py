"""Prefect servers on loopback: a `prefect server` for the Dask path of `claimwatch run` and the
tests, and the temporary API of a local run started early (`early_api`).

Prefect's ephemeral API lives inside one process; Dask workers are other processes, and
without PREFECT_API_URL each of them starts a temporary server of its own (measured: +5-8 s
a worker and 3x the memory). A real server, shared through PREFECT_API_URL, avoids that.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass
class Server:
    url: str  # the API, http://127.0.0.1:PORT/api
    process: subprocess.Popen
    log_path: Path
    seconds_to_healthy: float


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prefect_command(*args: str) -> list[str]:
    """The `prefect` CLI of this interpreter (not whatever is first on PATH)."""
    return [sys.executable, "-m", "prefect", *args]


def api_healthy(url: str, timeout: float = 2) -> bool:
    """Whether the Prefect API at `url` answers its health check now."""
    import httpx

    try:
        return httpx.get(f"{url}/health", timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


def wait_healthy(url: str, timeout: float, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"prefect server exited {process.returncode} before it was healthy")
        if api_healthy(url):
            return
        time.sleep(0.2)
    raise TimeoutError(f"prefect server at {url} not healthy after {timeout:.0f} s")


def start_server(home: Path | None = None, port: int | None = None, timeout: float = 180) -> Server:
    """`prefect server start` on 127.0.0.1 in its own process group; returns once /api/health
    answers. `home`: its PREFECT_HOME (and SQLite database); None: the current one."""
    port = port or free_port()
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_UI_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)  # the server must not talk to another one
    if home is not None:
        home.mkdir(parents=True, exist_ok=True)
        env["PREFECT_HOME"] = str(home)
        env["PREFECT_API_DATABASE_CONNECTION_URL"] = f"sqlite+aiosqlite:///{home / 'prefect.db'}"
    log_dir = home or Path(env.get("PREFECT_HOME", "."))
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"server-{port}.log"
    clock = time.monotonic()
    with log_path.open("w") as log:
        process = subprocess.Popen(
            prefect_command("server", "start", "--host", "127.0.0.1", "--port", str(port)),
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,  # its own process group: stopped as one, never by name
        )
    url = f"http://127.0.0.1:{port}/api"
    try:
        wait_healthy(url, timeout, process)
    except BaseException:
        stop_process(process)
        raise
    return Server(url, process, log_path, time.monotonic() - clock)


def stop_process(process: subprocess.Popen, timeout: float = 20) -> None:
    """SIGINT to the process group (a Prefect worker ignores SIGTERM for seconds), then SIGKILL."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


@contextmanager
def api_url(url: str) -> Iterator[None]:
    """Point this process (Prefect's settings) and its future children (the environment:
    Dask workers, subprocesses) at `url` for the block."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    previous = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = url
    try:
        with temporary_settings(updates={PREFECT_API_URL: url}):
            yield
    finally:
        if previous is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = previous


@contextmanager
def server_for_dask(quiet: bool = False) -> Iterator[str | None]:
    """A Prefect API the Dask workers can share: the configured one (PREFECT_API_URL), else a
    `prefect server` started for the block (with the current PREFECT_HOME, so its runs stay
    in the same database as `claimwatch run`'s) and stopped after."""
    from prefect.settings import PREFECT_API_URL

    configured = os.environ.get("PREFECT_API_URL") or PREFECT_API_URL.value()
    if configured:
        yield configured
        return
    if not quiet:
        print("[claimwatch] starting a local prefect server for the Dask workers", flush=True)
    server = start_server()
    try:
        if not quiet:
            print(
                f"[claimwatch] prefect server at {server.url} ({server.seconds_to_healthy:.0f} s)", flush=True
            )
        with api_url(server.url):
            yield server.url
    finally:
        stop_process(server.process)


@contextmanager
def api_for_runner(kind: str, dask_address: str | None = None) -> Iterator[None]:
    """What `claimwatch run --task-runner KIND` needs: nothing for local; for Dask a shared
    Prefect API (started here for a LocalCluster; a remote cluster's workers cannot reach a
    loopback server, so there PREFECT_API_URL must name one they can reach)."""
    from prefect.settings import PREFECT_API_URL

    if kind != "dask":
        yield
        return
    if dask_address and not (os.environ.get("PREFECT_API_URL") or PREFECT_API_URL.value()):
        raise ValueError(
            "--dask-address needs a Prefect server its workers can reach: start `prefect server "
            "start --host 0.0.0.0` and set PREFECT_API_URL here and on the Dask workers"
        )
    with server_for_dask():
        yield


# ---------------------------------------------------------------- the temporary API, started early

# Prefect's ephemeral API starts on the first client call inside the flow: importing its server
# module (1.9 s) and waiting for the server process to answer (4.1 s), with this process idle,
# and only then the flow loads spaCy and the models (3 s). Started here instead, before the
# process imports Prefect, the server boots on the second core while this one imports and loads
# what the run needs (`flows.warmup`): the same server Prefect would start (its uvicorn app,
# PREFECT_HOME's database, no UI), owned by this process.
# No telemetry from a run's own server: the machines that run claimwatch reach no internet, and
# its service logged a failed send every few seconds (start time is the same either way: 5.6-6.8 s).
_SERVER_ENV = {
    "PREFECT_UI_ENABLED": "0",
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT__SERVER_FINAL": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
}
_temporary_url: str | None = None  # the API `early_api` points this process at, while it does


def on_temporary_api() -> bool:
    """Whether this process's Prefect API is a temporary server of its own (Prefect's ephemeral
    one, or `early_api`'s), not a shared `prefect server`: a killed run's writer slot is then
    freed by its pid (flows/dbwriter.py), as no other host can hold it."""
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    return not url or url == _temporary_url


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """The server goes when this process goes, a `kill -9` included (Linux: PR_SET_PDEATHSIG)."""
    import contextlib
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)


def launch_temporary() -> tuple[str, subprocess.Popen] | None:
    """Start Prefect's temporary API server without importing Prefect; None where one is
    configured (PREFECT_API_URL) or already running in this process (Prefect's own)."""
    import importlib.util

    if os.environ.get("PREFECT_API_URL"):
        return None
    if "prefect.server.api.server" in sys.modules:
        from prefect.server.api.server import SubprocessASGIServer

        if any(s.running for s in SubprocessASGIServer._instances.values()):
            return None  # a test process, or a second run in one: Prefect's server is up already
    spec = importlib.util.find_spec("prefect")
    if spec is None or spec.origin is None:
        return None
    port = free_port()
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "uvicorn", "--app-dir", str(Path(spec.origin).parent.parent)),
            *("--factory", "prefect.server.api.server:create_app", "--host", "127.0.0.1"),
            *("--port", str(port), "--log-level", "error", "--lifespan", "on"),
        ],
        env={**os.environ, **_SERVER_ENV},
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
    )
    return f"http://127.0.0.1:{port}/api", process


def _drain_prefect() -> None:
    """Wait for what Prefect still sends (logs, events) while its API is up."""
    if "prefect" not in sys.modules:
        return
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        try:
            worker.drain_all(timeout=5)
        except Exception:  # a worker that cannot drain must not keep the server up
            log.debug("draining %s failed", worker.__name__, exc_info=True)


def stop_temporary(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def early_api(
    warm: Callable[[], object] | None = None,
    timeout: float = 180,
    launched: tuple[str, subprocess.Popen] | None = None,
) -> Iterator[None]:
    """A Prefect API for the block, its start overlapped with `warm` (imports, model loads).

    With PREFECT_API_URL set, or a server of Prefect's already up in this process, only `warm`
    runs and the flow uses that API. A server that fails to start is stopped and the flow falls
    back to Prefect's own ephemeral start. `warm` is an optimisation: its failure is logged,
    and the stage that needs what it loads reports the error in its place. `launched`: a
    temporary API started already (`launch_temporary`, by flows/warmup.py's Headstart)."""
    launched = launched or launch_temporary()
    url = None
    try:
        if warm is not None:
            try:
                warm()
            except Exception:
                log.warning("warming up failed; the stages load what they need", exc_info=True)
        if launched is not None:
            try:
                wait_healthy(launched[0], timeout, launched[1])
                url = launched[0]
            except (RuntimeError, TimeoutError) as exc:
                print(
                    f"[claimwatch] temporary Prefect API did not start ({exc}); Prefect starts its own",
                    flush=True,
                )
        if url is None:
            yield
        else:
            global _temporary_url
            _temporary_url = url
            with api_url(url):
                try:
                    yield
                finally:
                    _drain_prefect()  # before the settings go back: a drain must not start a server
                    _temporary_url = None
    finally:
        if launched is not None:
            stop_temporary(launched[1])
