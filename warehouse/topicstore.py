"""Topic scores in the store: which article versions and claims are on the beat (issue #8).

Runs after the claim and embedding stage. Each new article version gets every topic's
score (nlp/topics.py) and an on-beat verdict; each new claim of an on-beat article gets its
topics and best topic, reusing its stored embedding. Claims of an off-beat article are kept
(provenance) with on_beat = false: linking, contradictions and fact-check matching skip
them, so nothing downstream of the embedding is spent on them.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb
import numpy as np
import pyarrow as pa

from nlp.topics import TopicSet
from warehouse.bulk import run_with_table
from warehouse.stages import stage
from warehouse.stagestate import batch, mark_done

log = logging.getLogger(__name__)

BATCH = 64  # article versions per embedding batch


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
    now = datetime.now(UTC)
    topic_rows: dict[str, list] = {
        k: [] for k in ("article_id", "version", "topic", "score", "allowed", "on_topic")
    }
    beat_rows: dict[str, list] = {k: [] for k in ("article_id", "version", "on_beat", "topic")}
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        try:
            scores = topics.score([(f"{title}\n{text}", lang) for _, _, title, text, lang, _ in batch])
        except Exception:  # a model failure must not stop the run: the batch is retried next run
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


def _claim_vectors(con: duckdb.DuckDBPyConnection, claims: list[tuple]) -> dict[str, np.ndarray]:
    """Embeddings of English claims by text_sha1. In the daily flow the embed stage ran
    first, so all are stored; the rest (topics scored on their own) are computed and stored."""
    from nlp.embeddings import DIMENSIONS, embed, model_name
    from warehouse.linking import store_vectors

    model = model_name()
    wanted = sorted({c[3] for c in claims if (c[2] or "en").startswith("en")})
    if not wanted:
        return {}
    stored = dict(
        con.execute(
            "SELECT text_sha1, vector FROM embeddings WHERE model = ? AND list_contains(?, text_sha1)",
            [model, wanted],
        ).fetchall()
    )
    vectors = {key: np.asarray(vec, dtype=np.float32) for key, vec in stored.items()}
    missing = [key for key in wanted if key not in vectors]
    if missing:
        text_of = {c[3]: c[1] for c in claims}
        computed = embed([text_of[key] for key in missing], model=model)
        if computed.shape[1] == DIMENSIONS:  # another model size: the embed stage reports it
            store_vectors(con, missing, computed, model)
        vectors.update(zip(missing, computed, strict=True))
    return vectors


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
    for article_id, version, topic, score in con.execute(
        """SELECT article_id, version, topic, score FROM article_topics
           WHERE allowed AND list_contains(?, article_id)""",
        [sorted({r[5] for r in on})],
    ).fetchall():
        article_scores.setdefault((article_id, version), {})[topic] = score
    vectors = _claim_vectors(con, on)
    english = [r for r in on if r[3] in vectors]
    matrix = np.stack([vectors[r[3]] for r in english]) if english else None
    own_en = topics.score([(r[1], r[2]) for r in english], vectors=matrix) if english else []
    own_other = topics.score([(r[1], r[2]) for r in on if r[3] not in vectors], embed=False)
    own = dict(zip([r[0] for r in english], own_en, strict=True))
    own.update(zip([r[0] for r in on if r[3] not in vectors], own_other, strict=True))
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
