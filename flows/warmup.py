"""What a run loads before its first stage, while Prefect's temporary API boots on the other
core (`flows.prefect_server.early_api`): Prefect and the flow module (1.8 s), spaCy with the
pipelines of the languages it will read (2.1 s import, about 1 s a pipeline), and the embedding
model when new claims will need vectors (0.4 s on ONNX Runtime, 1.5-2.5 s through torch). Each
loads once per process (lru_cache in nlp/pipeline.py, nlp/embeddings.py, nlp/onnx_backend.py),
so the stages find them loaded; nothing here changes what a stage computes."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger("claimwatch")

# An item line as spiders/pipelines.py writes it: `"kind"` and the HTTP status lead the line (which
# runs to megabytes with a body), so only the 200s are parsed.
_ARTICLE_STATUS = re.compile(r'^\{"kind": "article",.*?"status": (\d+)')


def warm(
    db: str, *, every_article: bool, embedder: bool, api: tuple[str, subprocess.Popen] | None = None
) -> float:
    """Load what the run's stages will: the pipelines of the pending versions' languages (of
    every current article's: `every_article`, as a reprocess re-reads them all) and, with
    `embedder`, the embedding model; then, until the temporary `api` (url, process) is up and
    warm (`warm_api`), extract the first pending articles' claims (`prefetch_claims`). Returns
    the seconds it took."""
    clock = time.perf_counter()
    from warehouse.claimstore import article_langs
    from warehouse.db import connect

    warmed = warm_api(*api) if api is not None else None  # watches the API while the models load
    with connect(db, read_only=True) as con:
        langs = article_langs(con, pending_only=not every_article)
    load(langs, embedder=embedder)
    prefetched = 0 if warmed is None else prefetch_claims(db, warmed.is_set)
    seconds = time.perf_counter() - clock
    log.debug(
        "warm-up: %s pipelines%s, %d articles' claims in %.1f s",
        ",".join(langs) or "no",
        " + embedder" * embedder,
        prefetched,
        seconds,
    )
    return seconds


def warm_api(url: str, process: subprocess.Popen | None = None) -> threading.Event:
    """Wait in a thread for the temporary API at `url` to answer, then make its first request:
    the server's first request past /health takes 0.6-0.7 s (measured on 2 cores: /admin/version
    0.675 s, then 0.03-0.07 s for any route), and the flow's start made it, with this process
    waiting. The event is set once the API is warm, or cannot be (the process ended, 180 s
    passed): the caller's own wait for the API then says why."""
    import httpx

    from flows.prefect_server import wait_healthy

    warmed = threading.Event()

    def run() -> None:
        try:
            wait_healthy(url, 180, process)
            httpx.get(f"{url}/admin/version", timeout=30)
        except Exception:  # ended, timed out, or refused: early_api's own wait reports it
            log.debug("warming the temporary API failed", exc_info=True)
        finally:
            warmed.set()

    threading.Thread(target=run, name="claimwatch-api-warm", daemon=True).start()
    return warmed


# Articles extracted between two looks at the API: 8 take 0.2-0.5 s of spaCy (bench web, 2
# cores), so the flow starts at most that late. At most PREFETCH_MAX in all: Prefect's API boots
# in 6-8 s, in which this process extracts 60-120 articles after its models are loaded.
PREFETCH_BATCH = 8
PREFETCH_MAX = 256


def prefetch_claims(db: str, ready: Callable[[], bool]) -> int:
    """Extract the claims of the first pending article versions until `ready()` (the API is
    up), for the claims stage to take (flows/nlp_stage.py `prefetch`): the minutes this process
    would otherwise wait are spent on the run's first articles. Returns how many it extracted.
    A failure is left to the stage, which extracts that batch again and reports it."""
    from flows.nlp_stage import prefetch
    from warehouse.claimstore import pending_versions
    from warehouse.db import connect

    if ready():
        return 0
    with connect(db, read_only=True) as con:
        pending = pending_versions(con, limit=PREFETCH_MAX)
    done = 0
    for start in range(0, len(pending), PREFETCH_BATCH):
        if start and ready():
            break
        batch = pending[start : start + PREFETCH_BATCH]
        try:
            prefetch([(p.text, p.lang, p.published) for p in batch])
        except Exception:
            log.debug("prefetching claims failed; the claims stage extracts them", exc_info=True)
            break
        done += len(batch)
    return done


def load(langs: list[str], *, embedder: bool) -> None:
    """Import Prefect's flow module, build the pipelines of `langs` and, with `embedder`, load
    the embedding model (each once per process)."""
    # Prefect and the flow, imported by the stages' caller next; and what the flow's start
    # imports after the API answered (0.15-0.2 s on that path): its parameters' JSON encoder.
    import fastapi.encoders  # noqa: F401

    import flows.daily  # noqa: F401
    from nlp.pipeline import build_nlp

    for lang in langs:
        build_nlp(lang)
    if embedder:
        from nlp.embeddings import warm as warm_embedder

        warm_embedder()


def fetched_article_langs(items: str | Path) -> list[str]:
    """The languages of the articles a crawl fetched with 200 (not 304), from its items file;
    empty when it fetched none: then the run may have nothing to do."""
    langs = set()
    with Path(items).open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            status = _ARTICLE_STATUS.match(line)
            if status and status.group(1) == "200":
                try:
                    langs.add(json.loads(line).get("lang") or "en")
                except ValueError:  # a line cut by a killed crawl: the load counts it
                    continue
    return sorted(langs)


class Headstart:
    """Prefect's temporary API and the warm-up, started while the crawl still runs.

    `claimwatch run` learns whether anything is pending only after the crawl and the load, and
    then spent 11.6 s (fixture web, load 2) starting the API and loading models before its first
    stage, while the crawl before it mostly waits on the network. As soon as one source's crawl
    fetched an article (200, not 304), `crawled` launches the API and loads the flow module, the
    fetched languages' pipelines and the embedder in a thread, beside the other crawls and the
    load. A run that then finds nothing pending stops the API (`cancel`); one that goes on hands
    it to `early_api` (`take`). Only a page refetched unchanged (a site without validators)
    starts one for nothing."""

    def __init__(self, launch: Callable[[], object] | None = None) -> None:
        from flows.prefect_server import launch_temporary  # starts the API without importing Prefect

        self._launch = launch or launch_temporary
        self._lock = threading.Lock()
        self._warmed = threading.Event()
        self._thread: threading.Thread | None = None
        self._cancelled = False
        self.launched = None

    def crawled(self, items: str) -> None:
        """A source's crawl finished with `items` (called from the crawl's worker threads)."""
        if self._thread is not None:
            return  # started already: the other sources' items are read once, by the load
        try:
            langs = fetched_article_langs(items)
        except OSError:
            return
        with self._lock:
            if not langs or self._thread is not None:
                return
            self._thread = threading.Thread(target=self._start, args=(langs,), daemon=True)
            self._thread.start()

    def _start(self, langs: list[str]) -> None:
        clock = time.perf_counter()
        try:
            launched = self._launch()
            with self._lock:
                cancelled = self._cancelled
                self.launched = None if cancelled else launched
            if cancelled:  # the run ended while the API was being launched
                self.stop(launched)
                return
            load(langs, embedder=True)
        except Exception:
            log.warning("starting during the crawl failed; the run starts it later", exc_info=True)
        finally:
            self._warmed.set()
        log.debug(
            "head start: %s pipelines + embedder in %.1f s", ",".join(langs), time.perf_counter() - clock
        )
        # The API was started from this thread and is told to stop when its starter ends
        # (PR_SET_PDEATHSIG follows the thread, not the process): this thread lives as long
        # as the process, so the API goes with the run, a killed one too.
        threading.Event().wait()

    def take(self):
        """Wait for the warm-up; the launched API (url, process) or None."""
        if self._thread is not None:
            self._warmed.wait()
        with self._lock:
            launched, self.launched = self.launched, None
        return launched

    def cancel(self) -> None:
        """Nothing pending: stop the API (the warm-up thread dies with the process)."""
        with self._lock:
            launched, self.launched, self._cancelled = self.launched, None, True
        self.stop(launched)

    @staticmethod
    def stop(launched) -> None:
        from flows.prefect_server import stop_temporary

        if launched is not None:
            stop_temporary(launched[1])
