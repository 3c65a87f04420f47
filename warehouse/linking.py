"""Embeddings and links: the same fact stated by different articles (clusters: warehouse/clusters.py).

New claims are compared with everything stored (never old against old again):
- "embedding": cosine of the claim sentences >= EMBEDDING_LINK;
- "figure": a shared fact key (subject, measure, unit) and, within one language, a
  cosine >= FIGURE_LINK (the bundled MiniLM is English-only, so across languages the
  fact key alone links "約300ペタFLOPS" to "about 300 petaflops");
- "embedding+figure": both.
Each link has a tier, "suggested" or "confirmed" (`decide`; thresholds calibrated by
bench/calibrate_links.py on tests/fixtures/pairs/labelled.jsonl).
Claims of duplicate articles and superseded claims take no part (invariant 4).

A run's cost grows with its new claims, not with the store: below ANN_MIN_STORE linked
claims the new ones are compared exactly with all of them; from there on a persisted HNSW
index (warehouse/ann.py, `<store>.ann/<model>.usearch`) answers and only the new claims'
vectors, their candidates' rows and the figures of their subjects are read.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import numpy as np
import pyarrow as pa

from nlp.claims import fact_key
from nlp.embeddings import DIMENSIONS, embed, model_name
from warehouse.bulk import run_with_table
from warehouse.clusters import update_clusters
from warehouse.similarity import top_k_between
from warehouse.stages import stage
from warehouse.stagestate import batch, mark_done

log = logging.getLogger(__name__)

# Thresholds of `decide`, from bench/calibrate_links.py on tests/fixtures/pairs/labelled.jsonl
# (77 pairs: 40 en-en, 37 ja-en, hard negatives included). Link thresholds: best F1; confirmed:
# highest recall at precision 1.0 on the set. MiniLM separates facts poorly on this beat (hard
# negatives such as "H20 has 96 GB" vs "H200 has 141 GB" score 0.91, paraphrases 0.55-0.86),
# so the fact keys carry most of the weight. P/R per language pair: tests/test_link_tiers.py.
EMBEDDING_LINK = 0.58
FIGURE_LINK = 0.58  # with a shared fact key (same language)
DISJOINT_EMBEDDING_LINK = 0.58  # both keyed, no key shared: the calibration found no better value
CONFIRMED_EMBEDDING = 0.78  # and no disjoint keys
CONFIRMED_FIGURE = 0.75  # shared key, same language
# Japanese-English: the fact key alone links (suggested). The English-only model still sees
# Latin entity names ("CloudMatrix 384", "H20"), so a cosine >= 0.31 with agreeing figures
# confirms (a disagreeing pair stays "suggested": it is a contradiction to review).
CROSS_FIGURE_LINK = -1.0
CROSS_CONFIRMED = 0.31
NEIGHBOURS = 20
# A fact key shared by more claims than this is compared with its most recent members only
# (reading 2,000 members' vectors per key made keys 35% of a run at 30k claims).
KEY_GROUP_CAP = 500
# Below this many linked claims exact search is cheaper than loading/updating the index.
# bench/link_scale.py, 200 new claims, wall s ANN (index loaded) vs exact on a quiet machine:
# 2k 0.22 vs 0.27, 5k 0.40 vs 0.36, 10k 0.49 vs 0.60, 100k 2.8 vs 3.5: the switch is between
# 5k and 10k (the first ANN run builds the index once: 1.1 s at 10k, 15.6 s at 100k).
ANN_MIN_STORE = 7_500


@dataclass(frozen=True)
class LinkResult:
    embedded: int
    compared: int
    links: int
    clusters: int
    ann_recall: float | None = None  # recall@10 the ANN index was calibrated to (None: exact search)


def missing_texts(con: duckdb.DuckDBPyConnection, model: str) -> list[tuple[str, str]]:
    """(text_sha1, text) of each distinct claim text without a vector of `model`."""
    return con.execute(
        """SELECT c.text_sha1, any_value(c.text) FROM claims c
           LEFT JOIN embeddings e ON e.text_sha1 = c.text_sha1 AND e.model = ?
           WHERE e.text_sha1 IS NULL GROUP BY c.text_sha1 ORDER BY c.text_sha1""",
        [model],
    ).fetchall()


def store_vectors(con: duckdb.DuckDBPyConnection, keys: list[str], vectors: np.ndarray, model: str) -> int:
    """Store vectors by text hash in one statement through Arrow (executemany with Python
    lists took 14 s for 500 rows, issue #5); returns how many were given."""
    if vectors.shape[1] != DIMENSIONS:
        raise ValueError(
            f"model {model!r} gives {vectors.shape[1]}-d vectors; the store holds {DIMENSIONS}-d"
        )
    flat = pa.array(np.ascontiguousarray(vectors, dtype=np.float32).ravel(), pa.float32())
    table = pa.table(
        {
            "text_sha1": keys,
            "model": [model] * len(keys),
            "vector": pa.FixedSizeListArray.from_arrays(flat, DIMENSIONS),
        }
    )
    con.register("new_embeddings", table)
    try:
        con.execute(
            f"""INSERT INTO embeddings SELECT text_sha1, model, vector::FLOAT[{DIMENSIONS}]
                FROM new_embeddings ON CONFLICT DO NOTHING"""
        )
    finally:
        con.unregister("new_embeddings")
    return len(keys)


def embed_missing(con: duckdb.DuckDBPyConnection, model: str | None = None, batch_size: int = 64) -> int:
    """Embed each distinct claim text that has no vector yet; returns how many were computed."""
    model = model or model_name()
    rows = missing_texts(con, model)
    if not rows:
        return 0
    vectors = embed([text for _, text in rows], model=model, batch_size=batch_size)
    return store_vectors(con, [key for key, _ in rows], vectors, model)


def score_new_claims(con: duckdb.DuckDBPyConnection, model: str | None = None) -> int:
    """Rank the claims the embed stage has not finished (warehouse/stages.py) with the trained
    check-worthiness model (nlp/checkworthiness.py), reusing their stored embeddings, and mark
    them embedded in the same transaction. Which sentences are claims stays the claim stage's
    rule (every figure-stating sentence is kept); the model orders them for fact-checkers."""
    from nlp.checkworthiness import score_sentences

    model = model or model_name()
    embed_stage = stage("embed")
    rows = con.execute(
        f"""SELECT c.claim_id, c.text, coalesce(c.lang, 'en'), e.vector {embed_stage.source()}
           JOIN embeddings e ON e.text_sha1 = c.text_sha1 AND e.model = ?
           WHERE {embed_stage.pending()} ORDER BY c.claim_id""",
        [model],
    ).fetchall()
    if not rows:
        return 0
    ids, scores = [], []
    for lang in sorted({r[2] for r in rows}):
        group = [r for r in rows if r[2] == lang]
        vectors = np.array([r[3] for r in group], dtype=np.float32) if lang == "en" else None
        ids += [r[0] for r in group]
        scores += score_sentences([r[1] for r in group], lang, vectors).tolist()
    with batch(con, "embed"):
        run_with_table(
            con,
            "new_scores",
            {"claim_id": ids, "score": scores},
            "UPDATE claims SET checkworthiness = round(t.score, 4) FROM new_scores t "
            "WHERE claims.claim_id = t.claim_id",
        )
        mark_done(con, "embed", {"claim_id": ids})
    return len(ids)


# The new claims a run links: the link stage's pending claims (warehouse/stages.py: current,
# not linked yet, not in a duplicate article, on the beat) that have a vector.
NEW_CLAIMS_SQL = f"""
    SELECT c.claim_id, e.vector {stage("link").source()}
    JOIN embeddings e ON e.text_sha1 = c.text_sha1 AND e.model = ?
    WHERE {stage("link").pending()}
    ORDER BY c.claim_id"""

# Linked claims still eligible as link partners (the exact path reads all of them).
_STORE_CLAIMS_SQL = """
    SELECT c.claim_id, e.vector FROM claims c
    JOIN articles a ON a.article_id = c.article_id
    JOIN embeddings e ON e.text_sha1 = c.text_sha1 AND e.model = ?
    WHERE c.current AND c.linked AND a.duplicate_of IS NULL"""


def decide(
    sim: float, same_lang: bool, shared_key: bool, figures_agree: bool, keys_disjoint: bool = False
) -> tuple[str, str] | None:
    """(method, tier) of a candidate pair, or None for no link.

    Args:
        sim: cosine of the two claim sentences (MiniLM is English-only: across languages it
            only sees shared Latin names, so it never links alone there).
        same_lang: both claims in one language.
        shared_key: the claims share a fact key (subject, measure, unit).
        figures_agree: some shared-key figure pair overlaps (contradictions.gap == 0).
        keys_disjoint: both claims state keyed figures and share no key ("H20 has 96 GB" vs
            "H200 has 141 GB": MiniLM scores 0.91; the keys keep such a pair "suggested").
    """
    by_embedding = same_lang and sim >= (DISJOINT_EMBEDDING_LINK if keys_disjoint else EMBEDDING_LINK)
    # Across languages the English-only model cannot judge: the fact key decides.
    by_figure = shared_key and sim >= (FIGURE_LINK if same_lang else CROSS_FIGURE_LINK)
    if not (by_embedding or by_figure):
        return None
    method = "embedding+figure" if by_embedding and by_figure else "embedding" if by_embedding else "figure"
    if same_lang:
        confirmed = (sim >= CONFIRMED_EMBEDDING and not keys_disjoint) or (
            by_figure and sim >= CONFIRMED_FIGURE
        )
    else:
        confirmed = by_figure and figures_agree and sim >= CROSS_CONFIRMED
    return method, "confirmed" if confirmed else "suggested"


def _arrow_vectors(result: duckdb.DuckDBPyConnection) -> tuple[list[str], np.ndarray]:
    from warehouse.ann import vectors_of

    return vectors_of(result, DIMENSIONS)


@dataclass
class _Side:
    """What the pair decision needs of one claim."""

    article_id: str
    lang: str
    eligible: bool  # current, in a non-duplicate article, linked or new now
    figures: list  # contradictions.FigureRow of its keyed figures


def _sides(con: duckdb.DuckDBPyConnection, claim_ids: list[str], new_ids: set[str]) -> dict[str, _Side]:
    """Article, language, eligibility and keyed figures of the given claims (point lookups)."""
    from warehouse.contradictions import FigureRow

    if not claim_ids:
        return {}
    con.register("wanted_claims", pa.table({"claim_id": claim_ids}))
    try:
        sides = {
            cid: _Side(
                article, lang or "en", bool(current and dup is None and (linked or cid in new_ids)), []
            )
            for cid, article, lang, current, linked, dup in con.execute(
                """SELECT c.claim_id, c.article_id, c.lang, c.current, c.linked, a.duplicate_of
                   FROM claims c JOIN articles a ON a.article_id = c.article_id
                   WHERE c.claim_id IN (SELECT claim_id FROM wanted_claims)"""
            ).fetchall()
        }
        for row in con.execute(
            """SELECT claim_id, value, unit, lower, upper, hedge, precision, surface, subject, measure,
                      reference, subject_from FROM figures
               WHERE claim_id IN (SELECT claim_id FROM wanted_claims)
                 AND subject IS NOT NULL AND unit <> 'year'"""
        ).fetchall():
            fig = FigureRow(*row[:10], "", row[10], subject_from=row[11])
            if row[0] in sides and fig.key:
                sides[row[0]].figures.append(fig)
    finally:
        con.unregister("wanted_claims")
    return sides


def _key_partners(
    con: duckdb.DuckDBPyConnection, new_ids: list[str], new_vectors: np.ndarray, model: str
) -> dict[str, set[str]]:
    """For each new claim, up to NEIGHBOURS eligible claims sharing one of its fact keys.

    Reads only the figures whose subject a new claim mentions (not the whole figures table),
    then the vectors of at most KEY_GROUP_CAP most recent members of each key, so a popular
    key (nvidia|value|USD, thousands of claims) costs a bounded amount per run.
    """
    con.register("new_ids", pa.table({"claim_id": new_ids}))
    try:
        new_figs = con.execute(
            """SELECT claim_id, subject, measure, unit, reference, subject_from FROM figures
               WHERE claim_id IN (SELECT claim_id FROM new_ids) AND subject IS NOT NULL AND unit <> 'year'"""
        ).fetchall()
        keys_of_new: dict[str, set[str]] = defaultdict(set)
        keyed_subjects: set[str] = set()
        for cid, subject, measure, unit, reference, subject_from in new_figs:
            key = fact_key(subject, measure, unit, reference, subject_from)
            if key is not None:  # a fallback subject keys nothing
                keys_of_new[cid].add(key)
                keyed_subjects.add(subject)
        subjects = sorted(keyed_subjects)
        if not subjects:
            return {}
        members: dict[str, list[str]] = defaultdict(list)
        for cid, subject, measure, unit, reference, subject_from in con.execute(
            """SELECT f.claim_id, f.subject, f.measure, f.unit, f.reference, f.subject_from FROM figures f
               JOIN claims c ON c.claim_id = f.claim_id JOIN articles a ON a.article_id = c.article_id
               WHERE f.subject IN (SELECT unnest(?::VARCHAR[])) AND f.unit <> 'year'
                 AND c.current AND a.duplicate_of IS NULL
                 AND (c.linked OR c.claim_id IN (SELECT claim_id FROM new_ids))
               ORDER BY c.created_at DESC, f.claim_id""",
            [subjects],
        ).fetchall():
            key = fact_key(subject, measure, unit, reference, subject_from)
            if key is None:
                continue
            group = members[key]
            if len(group) < KEY_GROUP_CAP and (not group or group[-1] != cid):
                group.append(cid)
    finally:
        con.unregister("new_ids")
    wanted = sorted({cid for key in {k for ks in keys_of_new.values() for k in ks} for cid in members[key]})
    vector_of = _vectors_for(con, wanted, model)
    partners: dict[str, set[str]] = defaultdict(set)
    for n, cid in enumerate(new_ids):
        for key in keys_of_new.get(cid, ()):
            group = [m for m in dict.fromkeys(members[key]) if m != cid and m in vector_of]
            if len(group) > NEIGHBOURS:
                sims = np.stack([vector_of[m] for m in group]) @ new_vectors[n]
                group = [group[i] for i in np.argsort(-sims, kind="stable")[:NEIGHBOURS]]
            partners[cid].update(group)
    return partners


def _embedding_partners(
    con: duckdb.DuckDBPyConnection, new_ids: list[str], new_vectors: np.ndarray, model: str, method: str
) -> tuple[dict[str, set[str]], object | None]:
    """For each new claim, its NEIGHBOURS nearest claims (new or linked) by cosine: through the
    store's ANN index when asked and calibrated to its recall goal, else exactly."""
    partners: dict[str, set[str]] = defaultdict(set)
    if method == "ann":
        from warehouse.ann import StoreIndex, index_path, store_path

        db = store_path(con)
        index = StoreIndex.open(con, model, DIMENSIONS, index_path(db, model) if db else None)
        if index.calibration.met:
            index.add(new_ids, new_vectors)  # new-new pairs are found by the same search
            for cid, found in zip(new_ids, index.search(new_vectors, NEIGHBOURS + 1), strict=True):
                partners[cid].update(found)
            return partners, index
        log.warning("ANN index misses its recall goal (%.3f): linking exactly", index.calibration.recall)
    store_ids, store_vectors = _arrow_vectors(con.execute(_STORE_CLAIMS_SQL, [model]))
    corpus_ids = store_ids + new_ids
    corpus = np.concatenate([store_vectors, new_vectors]) if store_ids else new_vectors
    qi, qj, _ = top_k_between(
        new_vectors, corpus, k=min(NEIGHBOURS + 1, len(corpus_ids)), min_similarity=FIGURE_LINK
    )
    for a, b in zip(qi.tolist(), qj.tolist(), strict=True):
        partners[new_ids[a]].add(corpus_ids[b])
    return partners, None


def _vectors_for(con: duckdb.DuckDBPyConnection, claim_ids: list[str], model: str) -> dict[str, np.ndarray]:
    con.register("vector_ids", pa.table({"claim_id": claim_ids}))
    try:
        ids, vectors = _arrow_vectors(
            con.execute(
                """SELECT c.claim_id, e.vector FROM claims c
                   JOIN embeddings e ON e.text_sha1 = c.text_sha1 AND e.model = ?
                   WHERE c.claim_id IN (SELECT claim_id FROM vector_ids)""",
                [model],
            )
        )
    finally:
        con.unregister("vector_ids")
    return dict(zip(ids, vectors, strict=True))


def store_size(con: duckdb.DuckDBPyConnection, model: str) -> int:
    """Linked claims with a vector of `model`: what the ANN index holds."""
    return con.execute(
        """SELECT count(*) FROM claims c JOIN embeddings e ON e.text_sha1 = c.text_sha1 AND e.model = ?
           WHERE c.linked""",
        [model],
    ).fetchone()[0]


def link_new_claims(
    con: duckdb.DuckDBPyConnection, model: str | None = None, method: str | None = None
) -> LinkResult:
    """Link every not-yet-linked current claim against the store, then update fact clusters.

    Args:
        method: "exact" or "ann"; None picks by store size (ANN_MIN_STORE).
    """
    from warehouse.contradictions import gap

    model = model or model_name()
    embedded = embed_missing(con, model)
    new_ids, new_vectors = _arrow_vectors(con.execute(NEW_CLAIMS_SQL, [model]))
    if not new_ids:
        with batch(con, "link"):
            clusters = update_clusters(con, [])
        return LinkResult(embedded, 0, 0, clusters)
    if method is None:
        method = "ann" if store_size(con, model) >= ANN_MIN_STORE else "exact"
    partners, index = _embedding_partners(con, new_ids, new_vectors, model, method)
    for cid, others in _key_partners(con, new_ids, new_vectors, model).items():
        partners[cid].update(others)

    new_set = set(new_ids)
    involved = sorted(new_set | {o for others in partners.values() for o in others})
    sides = _sides(con, involved, new_set)
    vectors = dict(zip(new_ids, new_vectors, strict=True))
    vectors.update(_vectors_for(con, [c for c in involved if c not in vectors], model))
    now = datetime.now(UTC)
    links: dict[tuple[str, str], tuple] = {}  # both directions of a new-new pair meet here
    for cid in new_ids:
        a = sides.get(cid)
        for other in partners.get(cid, ()):
            b = sides.get(other)
            if other == cid or a is None or b is None or not b.eligible or a.article_id == b.article_id:
                continue  # same article: not a second source
            pair = tuple(sorted((cid, other)))
            if pair in links or other not in vectors:
                continue
            sim = float(vectors[cid] @ vectors[other])
            shared = [(fa, fb) for fa in a.figures for fb in b.figures if fa.key == fb.key]
            agree = any(gap(fa, fb) == 0 for fa, fb in shared)
            disjoint = bool(a.figures and b.figures and not shared)
            decision = decide(sim, a.lang == b.lang, bool(shared), agree, disjoint)
            if decision is not None:
                links[pair] = (*pair, round(sim, 6), *decision, now)
    # Links, `linked` and clusters in one transaction: a kill leaves all of them or none.
    with batch(con, "link"):
        if links:
            rows = list(zip(*links.values(), strict=True))
            run_with_table(
                con,
                "new_links",
                {
                    "claim_a": list(rows[0]),
                    "claim_b": list(rows[1]),
                    "similarity": list(rows[2]),
                    "method": list(rows[3]),
                    "tier": list(rows[4]),
                    "created_at": pa.array(rows[5], pa.timestamp("us", tz="UTC")),
                },
                "INSERT INTO links (claim_a, claim_b, similarity, method, tier, created_at) SELECT claim_a, "
                "claim_b, similarity, method, tier, created_at FROM new_links ON CONFLICT DO NOTHING",
            )
        mark_done(con, "link", {"claim_id": new_ids})
        clusters = update_clusters(con, list(links), new_ids)
    recall = None
    if index is not None:
        index.save()  # after the store says `linked`: the fingerprints then agree
        recall = index.calibration.recall
    return LinkResult(embedded, len(new_ids), len(links), clusters, recall)
