"""The NLP and embedding stage: article batches out to a task runner, results back to the writer.

`nlp_embed` is a subflow so that its task runner can differ from the daily flow's: the
default runs one batch at a time on a worker thread (the flow thread stores batch i while
batch i+1 is parsed); `--task-runner dask` runs the same tasks on a Dask cluster through
prefect-dask's DaskTaskRunner. Either way:
- a task gets plain data (texts, languages, dates) and returns plain dicts or a numpy
  array; no connection or model object crosses into a task;
- models load once per process (nlp.pipeline.build_nlp and nlp.embeddings.load_model are
  cached per process), so a Dask worker pays for spaCy and MiniLM once, not per task;
- only the flow process opens the store, one write at a time (flows.dbwriter.db_slot);
- batches are the same whatever the runner, so both give the same rows (tests/test_dask.py).
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime

import numpy as np
from prefect import flow, task
from prefect.cache_policies import NONE

from flows import progress
from warehouse.stages import reached

log = logging.getLogger("claimwatch")

# 32 articles per task: claim extraction costs 30 ms of CPU a (short, generated) article and
# several times that for a full news story (bench/scale.py), so a task runs for 1-5 s and
# Prefect's 0.1-0.3 s per task run stays a small share of it.
ARTICLE_BATCH = 32
# 256 claim sentences per task: MiniLM embeds ~50 sentences/s on one core here (bench/scale.py).
EMBED_BATCH = 256
_WRITE_SECONDS = {"claims": 0.0, "embed": 0.0}  # the writer's share of the stage, per run


# Claims extracted ahead of their stage, in this process, while Prefect's temporary API boots
# (flows/warmup.py `prefetch_claims`), by their (text, lang, published) article: a batch takes
# them instead of extracting them again. extract_claims_many is a function of that tuple alone.
_PREFETCHED: dict[tuple, list[dict]] = {}
_PREFETCH_WORK = {"articles": 0, "seconds": 0.0}  # done ahead, not yet counted by a claims stage
_prefetch_lock = threading.Lock()


def prefetch(docs: list[tuple]) -> None:
    """Extract the claims of (text, lang, published) articles now, for the stage to take."""
    from nlp.claims import extract_claims_many

    clock = time.perf_counter()
    results = [[c.to_dict() for c in claims] for claims in extract_claims_many(docs)]
    with _prefetch_lock:
        _PREFETCHED.update(zip(docs, results, strict=True))
        _PREFETCH_WORK["articles"] += len(docs)
        _PREFETCH_WORK["seconds"] += time.perf_counter() - clock


def _prefetch_work() -> dict:
    """The work done ahead for this stage (counted once)."""
    with _prefetch_lock:
        work = dict(_PREFETCH_WORK)
        _PREFETCH_WORK.update(articles=0, seconds=0.0)
    return work


def _take_prefetched(docs: list[tuple]) -> list[list[dict] | None]:
    with _prefetch_lock:
        return [_PREFETCHED.pop(doc, None) for doc in docs]


@task(name="claims-batch", cache_policy=NONE)
def claims_batch(docs: list[tuple]) -> dict:
    """Claims of (text, lang, published) articles as dicts; None for an article that failed."""
    known = _take_prefetched(docs)
    fresh = _extract_batch([doc for doc, claims in zip(docs, known, strict=True) if claims is None])
    computed = iter(fresh["claims"])
    return {"claims": [next(computed) if c is None else c for c in known], "failed": fresh["failed"]}


def _extract_batch(docs: list[tuple]) -> dict:
    from nlp.claims import extract_claims_many

    if not docs:
        return {"claims": [], "failed": 0}
    try:
        results = [[c.to_dict() for c in claims] for claims in extract_claims_many(docs)]
        return {"claims": results, "failed": 0}
    except Exception:  # one bad text must not cost the batch: retry one by one
        log.exception("claim batch failed; retrying its articles one by one")
    results, failed = [], 0
    for doc in docs:
        try:
            results.append([c.to_dict() for c in extract_claims_many([doc])[0]])
        except Exception:
            log.exception("claims failed for one article (%s, %d chars)", doc[1], len(doc[0]))
            results.append(None)
            failed += 1
    return {"claims": results, "failed": failed}


@task(name="embed-batch", cache_policy=NONE)
def embed_batch(texts: list[str], model: str) -> np.ndarray:
    """L2-normalised float32 vectors of the texts."""
    from nlp.embeddings import embed

    return embed(texts, model=model)


def _claim(data: dict):
    from core.claim import Claim, Figure

    return Claim(**{**data, "figures": [Figure(**f) for f in data["figures"]]})


@task(name="save-claims", cache_policy=NONE)
def save_claim_batch(db: str, pending: list, result: dict) -> dict:
    """Store one batch's claims (and syndicated copies' appearances) in one transaction."""
    from flows.dbwriter import db_slot
    from warehouse.claimstore import save_versions
    from warehouse.db import connect

    done = [
        (p, [_claim(c) for c in claims])
        for p, claims in zip(pending, result["claims"], strict=True)
        if claims is not None
    ]
    with db_slot(), connect(db) as con:
        saved = save_versions(con, done)
    return {
        "versions": saved.versions,
        "new": saved.new,
        "failed": result["failed"],
        "appearances": saved.appearances,
    }


@task(name="save-embeddings", cache_policy=NONE)
def save_embeddings(db: str, keys: list[str], vectors: np.ndarray, model: str) -> int:
    """Store one batch's vectors by text hash."""
    from flows.dbwriter import db_slot
    from warehouse.db import connect
    from warehouse.linking import store_vectors
    from warehouse.stagestate import batch

    with db_slot(), connect(db) as con, batch(con, "embed"):
        return store_vectors(con, keys, vectors, model)


def score_new_claims(con, model: str | None = None) -> int:
    """Rank the claims whose vectors the embed stage stored with the check-worthiness model
    (nlp/checkworthiness.py), reusing those vectors, and mark them embedded in the same
    transaction. Which sentences are claims stays the claim stage's rule (every figure-stating
    sentence is kept); the model orders them for fact-checkers."""
    from nlp.checkworthiness import score_mixed
    from nlp.embeddings import model_name
    from warehouse.linking import store_scores, unscored_claims

    rows = unscored_claims(con, model or model_name())
    if not rows:
        return 0
    vectors = np.array([r[3] for r in rows], dtype=np.float32)
    scores = score_mixed([r[1] for r in rows], [r[2] for r in rows], vectors)
    return store_scores(con, [r[0] for r in rows], scores)


@task(name="score-claims", cache_policy=NONE)
def score_claims(db: str) -> int:
    """Rank the new claims with the check-worthiness model (uses their stored vectors)."""
    from flows.dbwriter import db_slot
    from warehouse.db import connect

    with db_slot(), connect(db) as con:
        return score_new_claims(con)


def _claims(db: str, article_batch: int) -> dict:
    from flows.dbwriter import db_slot
    from warehouse.claimstore import pending_versions
    from warehouse.db import connect

    reached("claims")  # the test-only kill hook
    with db_slot(), connect(db) as con:  # reads hold the slot too: DuckDB locks out readers
        pending = pending_versions(con)
    progress.stage("claims", len(pending), "article versions")
    batches = [pending[i : i + article_batch] for i in range(0, len(pending), article_batch)]
    futures = [claims_batch.submit([(p.text, p.lang, p.published) for p in b]) for b in batches]
    counts = {"versions": 0, "new": 0, "failed": 0, "appearances": 0}
    for batch, future in zip(batches, futures, strict=True):
        # In batch order, whatever order they finish in: the rows do not depend on the runner.
        result = future.result()
        clock = time.perf_counter()
        saved = save_claim_batch(db, batch, result)
        _WRITE_SECONDS["claims"] += time.perf_counter() - clock
        counts = {k: counts[k] + saved[k] for k in counts}
        progress.advance("claims", len(batch), f"{counts['new']} claims")
    with _prefetch_lock:
        _PREFETCHED.clear()  # what no batch took (a version no longer pending) is not kept
    return counts


# 2,000 claims per write: the regexes run ~0.1 ms a sentence, so a batch is well under a second.
CUES_BATCH = 2000


def _cues(db: str) -> int:
    """Cues of claims stored before migration 0016 (new claims get theirs at extraction)."""
    from flows.dbwriter import db_slot
    from nlp.contradiction_cues import claim_cues
    from warehouse.claimstore import save_cues, uncued_claims
    from warehouse.db import connect

    reached("cues")  # the test-only kill hook
    with db_slot(), connect(db) as con:
        pending = uncued_claims(con)
    done = 0
    for i in range(0, len(pending), CUES_BATCH):
        cues = {
            claim_id: claim_cues(text, [tuple(span) for span in spans], published).to_json()
            for claim_id, text, spans, published in pending[i : i + CUES_BATCH]
        }
        with db_slot(), connect(db) as con:
            done += save_cues(con, cues)
    if done:
        log.info("cues computed for %d claims stored before migration 0016", done)
    return done


def embed_factchecks(con, model: str | None = None, text_batch: int = EMBED_BATCH) -> int:
    """Embed what fact-check matching needs and the store lacks (warehouse.factchecks.missing_texts),
    in batches stored as they come (an interrupted import keeps what it computed); returns how many.
    `claimwatch factchecks import` calls it right after an import, so a match works at once; the
    embed stage below embeds the same texts on its task runner."""
    from nlp.embeddings import model_name
    from warehouse.factchecks import missing_texts
    from warehouse.linking import store_vectors

    model = model or model_name()
    rows = missing_texts(con, model)
    for start in range(0, len(rows), text_batch):
        part = rows[start : start + text_batch]
        store_vectors(con, [key for key, _ in part], embed_batch.fn([text for _, text in part], model), model)
    return len(rows)


def _embeddings(db: str, text_batch: int, topics_file: str | None = None) -> int:
    from flows.dbwriter import db_slot
    from nlp.embeddings import model_name
    from nlp.topics import load_topics
    from warehouse import factchecks
    from warehouse.db import connect
    from warehouse.linking import missing_texts
    from warehouse.topicstore import missing_descriptions

    model = model_name()
    reached("embed")  # the test-only kill hook
    with db_slot(), connect(db) as con:
        rows = missing_texts(con, model)
        # The topic descriptions and the fact-checks (and link-free texts of claims to match) too:
        # the topic and fact-check stages read vectors and never load the model.
        known = {key for key, _ in rows}
        for extra in (
            missing_descriptions(con, load_topics(topics_file)),
            factchecks.missing_texts(con, model),
        ):
            rows += [r for r in extra if r[0] not in known]
            known |= {key for key, _ in extra}
    progress.stage("embed", len(rows), "claim texts")
    batches = [rows[i : i + text_batch] for i in range(0, len(rows), text_batch)]
    futures = [embed_batch.submit([text for _, text in b], model) for b in batches]
    embedded = 0
    for batch, future in zip(batches, futures, strict=True):
        vectors = future.result()
        clock = time.perf_counter()
        embedded += save_embeddings(db, [key for key, _ in batch], vectors, model)
        _WRITE_SECONDS["embed"] += time.perf_counter() - clock
        progress.advance("embed", len(batch), f"{embedded} vectors")
    score_claims(db)
    return embedded


@flow(name="nlp-embed")
def nlp_embed(
    db: str, article_batch: int = ARTICLE_BATCH, text_batch: int = EMBED_BATCH, topics_file: str | None = None
) -> dict:
    """Claims of every unprocessed article version, then vectors of every new claim text (and of
    the topic descriptions of `topics_file`, the bundled topics when None).

    Returns counts and seconds: {"claims": {...}, "embedded": n, "seconds": {"claims", "embed"}}.
    """
    from flows.dbwriter import ensure_limit

    ensure_limit()  # already there when called from the daily flow; needed when called alone
    _WRITE_SECONDS.update(claims=0.0, embed=0.0)
    clock = time.perf_counter()
    counts = _claims(db, article_batch)
    counts["cued"] = _cues(db)
    # The articles extracted while Prefect's API booted are this stage's work, done earlier.
    ahead = _prefetch_work()
    claims_s = time.perf_counter() - clock + ahead["seconds"]
    early = f", {ahead['articles']} of them while Prefect started" if ahead["articles"] else ""
    progress.done(
        "claims", f"{counts['new']} new from {counts['versions']} article versions{early}", claims_s
    )
    clock = time.perf_counter()
    embedded = _embeddings(db, text_batch, topics_file)
    embed_s = time.perf_counter() - clock
    progress.done("embed", f"{embedded} computed", embed_s)
    return {
        "claims": counts,
        "embedded": embedded,
        "seconds": {"claims": claims_s, "embed": embed_s},
        # Of those, the flow process's writes (bench/scale.py: the one writer's share).
        "write_seconds": dict(_WRITE_SECONDS),
    }


def task_runner(kind: str = "local", address: str | None = None, workers: int = 2):
    """The subflow's task runner: one worker thread, or Dask (a scheduler address, or a
    LocalCluster of `workers` single-threaded processes)."""
    if kind == "local":
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner(max_workers=1)
    if kind != "dask":
        raise ValueError(f"unknown task runner {kind!r} (local or dask)")
    from prefect.settings import PREFECT_API_URL
    from prefect_dask import DaskTaskRunner

    if not PREFECT_API_URL.value():
        # Measured: without it each Dask worker starts its own temporary Prefect server
        # (+5-8 s and 3x the memory), and task runs land in different databases.
        raise ValueError(
            "the Dask task runner needs a Prefect server: set PREFECT_API_URL "
            "(`prefect server start`), or use `claimwatch run --task-runner dask`, which starts one"
        )
    if address:
        return DaskTaskRunner(address=address)
    # One thread per worker: spaCy and torch are not shared between threads here, and the
    # nanny already pins OMP/MKL threads to 1, so N workers use N cores.
    return DaskTaskRunner(
        cluster_class="distributed.LocalCluster",
        cluster_kwargs={
            "n_workers": workers,
            "threads_per_worker": 1,
            "dashboard_address": ":0",  # any free port: two runs at once must not clash on 8787
            "silence_logs": logging.WARNING,
        },
    )


def run_nlp_stage(
    db: str,
    kind: str = "local",
    address: str | None = None,
    workers: int = 2,
    article_batch: int = ARTICLE_BATCH,
    text_batch: int = EMBED_BATCH,
    topics_file: str | None = None,
) -> dict:
    """`nlp_embed` on the chosen task runner (called from the daily flow)."""
    started = datetime.now(UTC)
    result = nlp_embed.with_options(task_runner=task_runner(kind, address, workers))(
        db, article_batch, text_batch, topics_file
    )
    log.info("nlp stage on %s runner: %.1f s", kind, (datetime.now(UTC) - started).total_seconds())
    return result
