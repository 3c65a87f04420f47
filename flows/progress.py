"""Progress of a run, per stage: rich progress bars on a terminal, plain log lines otherwise.

The flow reports through the module functions (`stage`, `advance`, `done`, `note`); which
reporter listens is chosen by the caller: `claimwatch run` on a TTY wraps the flow in
`terminal()`, everything else (tests, CI, a Prefect worker, a pipe) gets one
`[claimwatch] ...` line per event, which is also logged. Only the flow process reports;
tasks running on Dask workers return their results to it and it reports those.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger("claimwatch")


class PlainReporter:
    """One line per event on stdout (and in the log): what a pipe or CI log shows."""

    def __init__(self) -> None:
        self._totals: dict[str, int | None] = {}
        self._done: dict[str, int] = {}

    def _line(self, text: str) -> None:
        log.info(text)
        print(f"[claimwatch] {text}", flush=True)

    def stage(self, name: str, total: int | None, what: str) -> None:
        self._totals[name], self._done[name] = total, 0
        self._line(f"{name}: {total} {what}" if total is not None else f"{name}: {what}")

    def advance(self, name: str, step: int, what: str) -> None:
        self._done[name] = self._done.get(name, 0) + step
        total = self._totals.get(name)
        self._line(f"{name}: {self._done[name]}/{total} {what}" if total else f"{name}: {what}")

    def done(self, name: str, summary: str, seconds: float) -> None:
        self._line(f"{name}: {summary} ({seconds:.1f} s)")

    def note(self, text: str) -> None:
        self._line(text)

    def close(self) -> None:
        pass


class RichReporter(PlainReporter):
    """A progress bar per stage, kept on screen with its summary when the stage ends."""

    def __init__(self) -> None:
        super().__init__()
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            TextColumn("[bold]{task.fields[stage]:<15}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=Console(file=sys.stdout),
            transient=False,
        )
        self._tasks: dict[str, int] = {}
        self._lock = threading.Lock()
        self._progress.start()

    def stage(self, name: str, total: int | None, what: str) -> None:
        log.info("%s: %s %s", name, total, what)
        with self._lock:
            self._tasks[name] = self._progress.add_task(what, total=total, stage=name)

    def advance(self, name: str, step: int, what: str) -> None:
        with self._lock:
            if name in self._tasks:
                self._progress.update(self._tasks[name], advance=step, description=what)

    def done(self, name: str, summary: str, seconds: float) -> None:
        log.info("%s: %s (%.1f s)", name, summary, seconds)
        with self._lock:
            if name not in self._tasks:
                self._tasks[name] = self._progress.add_task(summary, total=1, stage=name)
            task = self._tasks[name]
            total = self._progress.tasks[task].total
            self._progress.update(
                task, completed=total if total else 1, total=total or 1, description=summary
            )
            self._progress.stop_task(task)

    def note(self, text: str) -> None:
        log.info(text)
        self._progress.console.print(f"[claimwatch] {text}", highlight=False)

    def close(self) -> None:
        self._progress.stop()


_reporter: PlainReporter = PlainReporter()


def stage(name: str, total: int | None = None, what: str = "") -> None:
    """A stage starts with `total` units of work (None: unknown)."""
    _reporter.stage(name, total, what)


def advance(name: str, step: int = 1, what: str = "") -> None:
    _reporter.advance(name, step, what)


def done(name: str, summary: str, seconds: float) -> None:
    _reporter.done(name, summary, seconds)


def note(text: str) -> None:
    _reporter.note(text)


@contextmanager
def terminal(enabled: bool | None = None) -> Iterator[None]:
    """Progress bars for the block when stdout is a terminal (or `enabled`), else plain lines."""
    global _reporter
    if enabled is None:
        enabled = sys.stdout.isatty()
    if not enabled:
        yield
        return
    previous, _reporter = _reporter, RichReporter()
    try:
        yield
    finally:
        _reporter.close()
        _reporter = previous
