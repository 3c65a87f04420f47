"""Topic scores in the store: which article versions and claims are on the beat (issue #8).

Runs after the claim and embedding stage, and never embeds or loads a model (issue 16: it
cost 30 s at 750 articles, embedding the leads again): each new article version gets every
topic's score (nlp/topics.py) from its words and, for English, the mean of its claims' stored
vectors, plus an on-beat verdict; each new claim of an on-beat article gets its topics and best
topic from its stored vector. The topic descriptions' vectors are cached with the claims'
(the embed stage computes them: `missing_descriptions`). Claims of an off-beat article are kept
(provenance) with on_beat = false: linking, contradictions and fact-check matching skip
them, so nothing downstream of the embedding is spent on them.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

import duckdb
import numpy as np
import pyarrow as pa

from warehouse.bulk import ids_view, rows_with_ids, run_with_table
from warehouse.stages import stage
from warehouse.stagestate import batch, mark_done

log = logging.getLogger(__name__)

BATCH = 64  # article versions per scoring batch


@dataclass
class TopicCounts:
    articles: int = 0
    on_beat: int = 0
    off_beat: int = 0
    claims_on_beat: int = 0
    claims_off_beat: int = 0
    failed: int = 0
    by_topic: Counter = field(default_factory=Counter)  # new claims per best topic

    def as_dict(self) -> dict:
        return {
            "articles": self.articles,
            "on_beat": self.on_beat,
            "off_beat": self.off_beat,
            "claims_on_beat": self.claims_on_beat,
            "claims_off_beat": self.claims_off_beat,
            "failed": self.failed,
            "by_topic": dict(sorted(self.by_topic.items(), key=lambda kv: (-kv[1], kv[0]))),
        }


class TopicSet(Protocol):
    """What the store needs of the topics file: nlp.topics.TopicSet, which flows/ loads and
    passes in. A structural type, so that warehouse/ imports no nlp module (issue #12)."""

    topics: tuple
    threshold: float

    @property
    def names(self) -> list[str]: ...

    def score_from_vectors(
        self,
        texts: list[tuple[str, str | None]],
        vectors: dict[int, np.ndarray],
        descriptions: np.ndarray | None,
        words_floor: bool = False,
    ) -> list[dict[str, float]]: ...

    def best(
        self, scores: dict[str, float], allowed: list[str] | tuple[str, ...] | None = None
    ) -> str | None: ...


def mean_vector(vectors: list[np.ndarray]) -> np.ndarray | None:
    """The L2-normalised mean of unit vectors (an article's meaning from its claims), or None."""
    if not vectors:
        return None
    mean = np.mean(np.stack(vectors), axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm).astype(np.float32) if norm > 0 else None


def save_source_limits(con: duckdb.DuckDBPyConnection, limits: dict[str, list[str]]) -> None:
    """Remember each source's topic limits (an empty list: not limited)."""
    now = datetime.now(UTC)
    for source, topics in limits.items():
        if topics:
            con.execute(
                "INSERT OR REPLACE INTO source_topic_limits VALUES (?, ?, ?)", [source, list(topics), now]
            )
        else:
            con.execute("DELETE FROM source_topic_limits WHERE source = ?", [source])


def source_limits(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    return {s: list(t) for s, t in con.execute("SELECT source, topics FROM source_topic_limits").fetchall()}


def _score_articles(con: duckdb.DuckDBPyConnection, topics: TopicSet, counts: TopicCounts) -> list[str]:
    """Score every article version not scored yet; returns the articles scored at a version > 1."""
    versions = stage("topics")
    rows = con.execute(
        f"""SELECT v.article_id, v.version, coalesce(v.title, a.title, ''), v.text, coalesce(a.lang, 'en'),
                  a.source
           {versions.source()} WHERE {versions.pending()} ORDER BY v.article_id, v.version"""
    ).fetchall()
    if not rows:
        return []
    limits = source_limits(con)
    descriptions = stored_descriptions(con, topics)
    now = datetime.now(UTC)
    topic_rows: dict[str, list] = {
        k: [] for k in ("article_id", "version", "topic", "score", "allowed", "on_topic")
    }
    beat_rows: dict[str, list] = {k: [] for k in ("article_id", "version", "on_beat", "topic")}
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        try:
            texts = [(f"{title}\n{text}", lang) for _, _, title, text, lang, _ in batch]
            means = _article_vectors(con, [r[0] for r in batch]) if descriptions is not None else {}
            vectors = {i: means[r[0]] for i, r in enumerate(batch) if r[0] in means}
            scores = topics.score_from_vectors(texts, vectors, descriptions, words_floor=True)
        except Exception:  # a bad text must not stop the run: the batch is retried next run
            log.exception("topic scoring failed for %d article versions", len(batch))
            counts.failed += len(batch)
            continue
        for (article_id, version, _, _, _, source), score in zip(batch, scores, strict=True):
            allowed = limits.get(source) or topics.names
            best = topics.best(score, allowed)
            for name, value in score.items():
                topic_rows["article_id"].append(article_id)
                topic_rows["version"].append(version)
                topic_rows["topic"].append(name)
                topic_rows["score"].append(value)
                topic_rows["allowed"].append(name in allowed)
                topic_rows["on_topic"].append(name in allowed and value >= topics.threshold)
            beat_rows["article_id"].append(article_id)
            beat_rows["version"].append(version)
            beat_rows["on_beat"].append(best is not None)
            beat_rows["topic"].append(best)
            counts.articles += 1
            counts.on_beat += best is not None
            counts.off_beat += best is None
    if not beat_rows["article_id"]:
        return []
    run_with_table(
        con,
        "new_article_topics",
        topic_rows,
        "INSERT INTO article_topics SELECT article_id, version, topic, score, allowed, on_topic "
        "FROM new_article_topics ON CONFLICT DO NOTHING",
    )
    beat_rows["topic"] = pa.array(beat_rows["topic"], pa.string())
    run_with_table(
        con,
        "new_article_beat",
        {
            **beat_rows,
            "threshold": [topics.threshold] * len(beat_rows["on_beat"]),
            "scored_at": pa.array([now] * len(beat_rows["on_beat"]), pa.timestamp("us", tz="UTC")),
        },
        "INSERT INTO article_beat SELECT article_id, version, on_beat, topic, threshold, scored_at "
        "FROM new_article_beat ON CONFLICT DO NOTHING",
    )
    mark_done(con, "topics", {"article_id": beat_rows["article_id"], "version": beat_rows["version"]})
    return sorted({a for a, v in zip(beat_rows["article_id"], beat_rows["version"], strict=True) if v > 1})


def stored_descriptions(con: duckdb.DuckDBPyConnection, topics: TopicSet) -> np.ndarray | None:
    """The topic descriptions' vectors from the store's vector cache, one row per topic; None
    (keywords and entities alone) when the embed stage has not stored them all."""
    from core.textkeys import text_key

    keys = [text_key(t.description) for t in topics.topics]
    stored = _stored_vectors(con, keys)
    if len(stored) < len(set(keys)):
        log.warning("topic descriptions not embedded yet: articles scored on keywords and entities")
        return None
    return np.stack([stored[k] for k in keys])


def missing_descriptions(con: duckdb.DuckDBPyConnection, topics: TopicSet) -> list[tuple[str, str]]:
    """(text_sha1, text) of each topic description without a stored vector (the embed stage's work)."""
    from core.textkeys import text_key

    wanted = {text_key(t.description): t.description for t in topics.topics}
    stored = _stored_vectors(con, sorted(wanted))
    return sorted((k, text) for k, text in wanted.items() if k not in stored)


def _stored_vectors(con: duckdb.DuckDBPyConnection, keys: list[str]) -> dict[str, np.ndarray]:
    from core.textkeys import model_name

    if not keys:
        return {}
    with ids_view(con, "wanted_keys", sorted(set(keys)), "text_sha1"):
        table = con.execute(
            "SELECT e.text_sha1, e.vector FROM embeddings e JOIN wanted_keys w USING (text_sha1) "
            "WHERE e.model = ? ORDER BY e.text_sha1",
            [model_name()],
        ).to_arrow_table()
    return dict(zip(table.column("text_sha1").to_pylist(), _matrix(table.column("vector")), strict=True))


def _matrix(column) -> np.ndarray:
    """A FLOAT[n] column as an (rows, n) float32 matrix, without a Python float per value
    (fetchall's lists cost ~0.3 ms a vector: a third of the stage at 300 articles)."""
    if len(column) == 0:
        return np.zeros((0, 0), dtype=np.float32)
    chunks = column.combine_chunks() if hasattr(column, "combine_chunks") else column
    flat = np.asarray(chunks.flatten(), dtype=np.float32)
    return flat.reshape(len(column), -1)


def _article_vectors(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> dict[str, np.ndarray]:
    """Per article: the mean of its current English claims' stored vectors (a syndicated copy:
    its original's), what the claims and embed stages computed; none for an article without."""
    from core.textkeys import model_name

    with ids_view(con, "wanted_articles", article_ids, "article_id"):
        table = con.execute(
            """SELECT a.article_id, e.vector FROM wanted_articles w
               JOIN articles a ON a.article_id = w.article_id
               JOIN claims c ON c.article_id = coalesce(a.duplicate_of, a.article_id) AND c.current
               JOIN embeddings e ON e.text_sha1 = c.text_sha1 AND e.model = ?
               WHERE coalesce(c.lang, 'en') LIKE 'en%'
               ORDER BY a.article_id, c.claim_id""",
            [model_name()],
        ).to_arrow_table()
    by_article: dict[str, list[np.ndarray]] = {}
    ids = table.column("article_id").to_pylist()
    for article_id, vector in zip(ids, _matrix(table.column("vector")), strict=True):
        by_article.setdefault(article_id, []).append(vector)
    means = {a: mean_vector(vs) for a, vs in by_article.items()}
    return {a: v for a, v in means.items() if v is not None}


def _claim_vectors(con: duckdb.DuckDBPyConnection, claims: list[tuple]) -> dict[str, np.ndarray]:
    """Stored embeddings of English claims by text_sha1 (the embed stage ran first; a claim
    without one is scored on its words, as a Japanese one is)."""
    return _stored_vectors(con, [c[3] for c in claims if (c[2] or "en").startswith("en")])


def _score_claims(con: duckdb.DuckDBPyConnection, topics: TopicSet, counts: TopicCounts) -> None:
    # A current claim follows its article's current version (a sentence a revision still
    # says keeps its row); a superseded one the version it came from.
    pending = stage("claim-topics")
    rows = con.execute(
        f"""SELECT c.claim_id, c.text, c.lang, c.text_sha1, b.on_beat, c.article_id, b.version
           {pending.source()} JOIN articles a ON a.article_id = c.article_id
           JOIN article_beat b ON b.article_id = c.article_id
                AND b.version = CASE WHEN c.current THEN a.version ELSE c.version END
           WHERE {pending.pending()} ORDER BY c.claim_id"""
    ).fetchall()
    if not rows:
        return
    off = [r[0] for r in rows if not r[4]]
    on = [r for r in rows if r[4]]
    counts.claims_off_beat += len(off)
    if off:
        run_with_table(
            con,
            "off_beat_claims",
            {"claim_id": off},
            "UPDATE claims SET on_beat = false, topic = NULL "
            "WHERE claim_id IN (SELECT claim_id FROM off_beat_claims)",
        )
        mark_done(con, "claim-topics", {"claim_id": off})
    if not on:
        return
    article_scores: dict[tuple[str, int], dict[str, float]] = {}
    for article_id, version, topic, score in rows_with_ids(
        con,
        "scored_articles",
        sorted({r[5] for r in on}),
        """SELECT t.article_id, t.version, t.topic, t.score FROM article_topics t
           JOIN scored_articles USING (article_id) WHERE t.allowed""",
        column="article_id",
    ):
        article_scores.setdefault((article_id, version), {})[topic] = score
    descriptions = stored_descriptions(con, topics)
    vectors = _claim_vectors(con, on) if descriptions is not None else {}
    scored = topics.score_from_vectors(
        [(r[1], r[2]) for r in on],
        {i: vectors[r[3]] for i, r in enumerate(on) if r[3] in vectors},
        descriptions,
    )
    own = dict(zip([r[0] for r in on], scored, strict=True))
    member: dict[str, list] = {"claim_id": [], "topic": [], "score": []}
    best_of: dict[str, list] = {"claim_id": [], "topic": []}
    for claim_id, _, _, _, _, article_id, version in on:
        article = article_scores.get((article_id, version), {})
        mine = own[claim_id]
        # A claim belongs to its article's best topic and to each allowed topic its own
        # sentence is on ("... H20 licences" inside a WAIC story); not to every topic its
        # article touches (a CloudMatrix figure in a story that mentions export controls).
        lead = max(article, key=lambda t: (article[t], t)) if article else None
        inside = {
            t: max(s, mine.get(t, 0.0))
            for t, s in article.items()
            if t == lead or mine.get(t, 0.0) >= topics.threshold
        }
        for topic, score in inside.items():
            member["claim_id"].append(claim_id)
            member["topic"].append(topic)
            member["score"].append(round(score, 4))
        best = max(inside, key=lambda t: (article[t] + mine.get(t, 0.0), t)) if inside else None
        best_of["claim_id"].append(claim_id)
        best_of["topic"].append(best)
        counts.by_topic[best or "(none)"] += 1
    counts.claims_on_beat += len(on)
    if member["claim_id"]:
        run_with_table(
            con,
            "new_claim_topics",
            member,
            "INSERT INTO claim_topics SELECT claim_id, topic, score FROM new_claim_topics "
            "ON CONFLICT DO NOTHING",
        )
    run_with_table(
        con,
        "claim_best_topic",
        {"claim_id": best_of["claim_id"], "topic": pa.array(best_of["topic"], pa.string())},
        "UPDATE claims SET on_beat = true, topic = t.topic FROM claim_best_topic t "
        "WHERE claims.claim_id = t.claim_id",
    )
    mark_done(con, "claim-topics", {"claim_id": best_of["claim_id"]})


def score_topics(
    con: duckdb.DuckDBPyConnection, topics: TopicSet, limits: dict[str, list[str]] | None = None
) -> TopicCounts:
    """Score new article versions and new claims against the topics.

    Args:
        con: the writer's connection.
        topics: the run's topics (nlp.topics.load_topics).
        limits: per source, the topics it is limited to (from the sources file); remembered
            in the store, so a reprocess without a sources file applies them too.
    Returns:
        counts of articles and claims on and off the beat, and new claims per best topic.
    """
    counts = TopicCounts()
    # One transaction: versions scored, revised articles' claims reset and claims scored
    # together (a kill between them left kept claims of a revised article never rescored).
    with batch(con, "topics"):
        if limits is not None:
            save_source_limits(con, limits)
        revised = _score_articles(con, topics, counts)
        if revised:  # a revision may move an article on or off the beat: its kept claims follow
            for sql in (
                """DELETE FROM claim_topics WHERE claim_id IN (SELECT claim_id FROM claims
                       WHERE current AND article_id IN (SELECT article_id FROM revised_articles))""",
                """UPDATE claims SET on_beat = NULL, topic = NULL, topics_scored = false
                   WHERE current AND article_id IN (SELECT article_id FROM revised_articles)""",
            ):
                run_with_table(con, "revised_articles", {"article_id": revised}, sql)
        _score_claims(con, topics, counts)
    return counts


def topic_totals(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Current claims per best topic in the whole store (for the report and the review UI)."""
    return dict(
        con.execute(
            "SELECT topic, count(*) FROM claims WHERE current AND topic IS NOT NULL "
            "GROUP BY 1 ORDER BY 2 DESC, 1"
        ).fetchall()
    )
