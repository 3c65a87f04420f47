"""What a run loads before its first stage, while Prefect's temporary API boots on the other
core (`flows.prefect_server.early_api`): Prefect and the flow module (1.8 s), spaCy with the
pipelines of the languages it will read (2.1 s import, about 1 s a pipeline), and the embedding
model when new claims will need vectors (0.4 s on ONNX Runtime, 1.5-2.5 s through torch). Each
loads once per process (lru_cache in nlp/pipeline.py, nlp/embeddings.py, nlp/onnx_backend.py),
so the stages find them loaded; nothing here changes what a stage computes."""

from __future__ import annotations

import logging
import time

log = logging.getLogger("claimwatch")


def warm(db: str, *, every_article: bool, embedder: bool) -> float:
    """Load what the run's stages will: the pipelines of the pending versions' languages (of
    every current article's: `every_article`, as a reprocess re-reads them all) and, with
    `embedder`, the embedding model. Returns the seconds it took."""
    clock = time.perf_counter()
    from warehouse.claimstore import article_langs
    from warehouse.db import connect

    with connect(db, read_only=True) as con:
        langs = article_langs(con, pending_only=not every_article)
    import flows.daily  # noqa: F401  (Prefect and the flow: imported by the stages' caller next)
    from nlp.pipeline import build_nlp

    for lang in langs:
        build_nlp(lang)
    if embedder:
        from nlp.embeddings import warm as warm_embedder

        warm_embedder()
    seconds = time.perf_counter() - clock
    log.debug("warm-up: %s pipelines%s in %.1f s", ",".join(langs) or "no", " + embedder" * embedder, seconds)
    return seconds
