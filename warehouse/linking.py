"""Embeddings and links in the store: the same fact stated by different articles (clusters:
warehouse/clusters.py).

New claims are compared with everything stored (never old against old again); the decision
for a candidate pair (method, tier and thresholds) is core.links.decide. Only eligible claims
take part (invariant 4: the eligible_claims view); fact keys are the stored figures.fact_key.

A run's cost grows with its new claims, not with the store: below ANN_MIN_STORE linked
claims the new ones are compared exactly with all of them; from there on a persisted HNSW
index (warehouse/ann.py, `<store>.ann/<model>.usearch`) answers and only the new claims'
vectors, their candidates' rows and the figures of their subjects are read.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import numpy as np
import pyarrow as pa

from core.links import FIGURE_LINK, NEIGHBOURS, decide, figure_evidence
from core.textkeys import DIMENSIONS, model_name
from warehouse.bulk import rows_with_ids, run_with_table
from warehouse.clusters import eligible_once, update_clusters
from warehouse.figurestore import figure_rows
from warehouse.similarity import top_k_between
from warehouse.stages import stage
from warehouse.stagestate import batch, mark_done

log = logging.getLogger(__name__)

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


def unscored_claims(con: duckdb.DuckDBPyConnection, model: str) -> list[tuple[str, str, str, list[float]]]:
    """(claim_id, text, lang, vector) of the claims the embed stage has not finished
    (warehouse/stages.py) whose vector is stored: the NLP stage ranks them (flows/nlp_stage.py)."""
    embed_stage = stage("embed")
    return con.execute(
        f"""SELECT c.claim_id, c.text, coalesce(c.lang, 'en'), e.vector {embed_stage.source()}
           JOIN embeddings e ON e.text_sha1 = c.text_sha1 AND e.model = ?
           WHERE {embed_stage.pending()} ORDER BY c.claim_id""",
        [model],
    ).fetchall()


def store_scores(con: duckdb.DuckDBPyConnection, ids: list[str], scores: list[float]) -> int:
    """Store the claims' check-worthiness and mark them embedded, in one transaction."""
    if not ids:
        return 0
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
# not linked yet, not in a duplicate article, on the beat) that have a vector, with the row of
# their vector instead of the vector: the join then reads the keys of the embeddings table, not
# its vector column (selecting e.vector here took 0.50 s at 500k claims against 0.03 s at 150k,
# reading every vector). Their vectors are then read by rowid range: a run's new vectors were
# appended by its embed stage, so the range is the table's tail.
_NEW_CLAIM_ROWS_SQL = f"""
    SELECT c.claim_id, e.rowid AS vector_row {stage("link").source()}
    JOIN embeddings e ON e.text_sha1 = c.text_sha1 AND e.model = ?
    WHERE {stage("link").pending()}
    ORDER BY c.claim_id"""


def new_claims(con: duckdb.DuckDBPyConnection, model: str) -> tuple[list[str], np.ndarray]:
    """(claim ids, float32 vectors) of the claims the link stage has pending, the vectors read
    from the rows between the first and the last one wanted."""
    found = con.execute(_NEW_CLAIM_ROWS_SQL, [model]).fetchall()
    if not found:
        return [], np.zeros((0, DIMENSIONS), dtype=np.float32)
    rows = np.array([r for _, r in found], dtype=np.int64)
    table = con.execute(
        "SELECT rowid AS claim_id, vector FROM embeddings WHERE rowid BETWEEN ? AND ?",
        [int(rows.min()), int(rows.max())],
    )
    at, vectors = _arrow_vectors(table)
    position = dict(zip(at, range(len(at)), strict=True))
    return [c for c, _ in found], vectors[[position[int(r)] for r in rows.tolist()]]


# Linked claims still eligible as link partners (the exact path reads all of them).
_STORE_CLAIMS_SQL = """
    SELECT c.claim_id, e.vector FROM claims c JOIN {eligible} ec ON ec.claim_id = c.claim_id
    JOIN embeddings e ON e.text_sha1 = c.text_sha1 AND e.model = ?
    WHERE c.linked"""


def _arrow_vectors(result: duckdb.DuckDBPyConnection) -> tuple[list[str], np.ndarray]:
    from warehouse.ann import vectors_of

    return vectors_of(result, DIMENSIONS)


@dataclass
class _Side:
    """What the pair decision needs of one claim."""

    article_id: str
    lang: str
    eligible: bool  # current, in a non-duplicate article, linked or new now
    figures: list  # core.judge.FigureRow of its keyed figures


def _sides(
    con: duckdb.DuckDBPyConnection,
    claim_ids: list[str],
    new_ids: set[str],
    known_eligible: bool = False,
    eligible: str = "eligible_claims",
) -> dict[str, _Side]:
    """Article, language, eligibility and keyed figures of the given claims (point lookups).
    `known_eligible`: the caller read them as eligible linked claims in this transaction
    (`update_clusters`' placed claims), so eligible_claims, a join over the whole store, is not
    read again (0.12 s at 100k stored articles); `eligible`: the view or its copy
    (warehouse.clusters.eligible_once)."""
    if not claim_ids:
        return {}
    con.register("wanted_claims", pa.table({"claim_id": claim_ids}))
    try:
        if known_eligible:
            found = con.execute(
                """SELECT claim_id, article_id, lang, true, true FROM claims
                   WHERE claim_id IN (SELECT claim_id FROM wanted_claims)"""
            ).fetchall()
        else:
            found = con.execute(
                # The wanted rows first, then their eligibility (0.16 against 0.21 s for 30k
                # claims at 100k stored articles).
                f"""WITH w AS MATERIALIZED (
                       SELECT claim_id, article_id, lang, linked FROM claims
                       WHERE claim_id IN (SELECT claim_id FROM wanted_claims))
                   SELECT w.claim_id, w.article_id, w.lang, w.linked, e.claim_id IS NOT NULL
                   FROM w LEFT JOIN {eligible} e ON e.claim_id = w.claim_id"""
            ).fetchall()
        sides = {
            cid: _Side(article, lang or "en", bool(eligible and (linked or cid in new_ids)), [])
            for cid, article, lang, linked, eligible in found
        }
    finally:
        con.unregister("wanted_claims")
    for cid, figures in figure_rows(con, claim_ids, keyed_only=True).items():
        if cid in sides:
            sides[cid].figures.extend(figures)
    return sides


def _key_partners(
    con: duckdb.DuckDBPyConnection,
    new_ids: list[str],
    new_vectors: np.ndarray,
    model: str,
    index=None,
    eligible: str = "eligible_claims",
) -> dict[str, set[str]]:
    """For each new claim, up to NEIGHBOURS eligible claims sharing one of its fact keys.

    Reads only the figures whose subject a new claim mentions (not the whole figures table),
    then the vectors of at most KEY_GROUP_CAP most recent members of each key, so a popular
    key (nvidia|value|USD, thousands of claims) costs a bounded amount per run.
    """
    con.register("new_ids", pa.table({"claim_id": new_ids}))
    try:
        new_figs = con.execute(
            """SELECT claim_id, subject, fact_key FROM figures
               WHERE claim_id IN (SELECT claim_id FROM new_ids) AND fact_key IS NOT NULL"""
        ).fetchall()
        keys_of_new: dict[str, set[str]] = defaultdict(set)
        keyed_subjects: set[str] = set()
        for cid, subject, key in new_figs:
            keys_of_new[cid].add(key)
            keyed_subjects.add(subject)
        subjects = sorted(keyed_subjects)
        if not subjects:
            return {}
        members: dict[str, list[str]] = defaultdict(list)
        # By subject (a ratio keyed "a~b" is found through the subject its new claim states).
        for cid, key in rows_with_ids(
            con,
            "key_subjects",
            subjects,
            f"""SELECT f.claim_id, f.fact_key FROM figures f
               JOIN claims c ON c.claim_id = f.claim_id JOIN {eligible} e ON e.claim_id = c.claim_id
               WHERE f.subject IN (SELECT subject FROM key_subjects) AND f.fact_key IS NOT NULL
                 AND (c.linked OR c.claim_id IN (SELECT claim_id FROM new_ids))
               ORDER BY c.created_at DESC, f.claim_id""",
            column="subject",
        ):
            group = members[key]
            if len(group) < KEY_GROUP_CAP and (not group or group[-1] != cid):
                group.append(cid)
    finally:
        con.unregister("new_ids")
    wanted = sorted({cid for key in {k for ks in keys_of_new.values() for k in ks} for cid in members[key]})
    vector_of = _lookup(con, wanted, model, index)
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
    con: duckdb.DuckDBPyConnection,
    new_ids: list[str],
    new_vectors: np.ndarray,
    model: str,
    method: str,
    fingerprint: tuple[int, int] | None = None,
    eligible: str = "eligible_claims",
) -> tuple[dict[str, set[str]], object | None]:
    """For each new claim, its NEIGHBOURS nearest claims (new or linked) by cosine. With "ann",
    from the store's index: through its graph when calibrated to the recall goal, else by brute
    force over its vectors (warehouse/ann.py StoreIndex.search); with "exact", from the
    embeddings table (small stores, below ANN_MIN_STORE)."""
    partners: dict[str, set[str]] = defaultdict(set)
    if method == "ann":
        from warehouse.ann import StoreIndex, index_path, store_path

        db = store_path(con)
        index = StoreIndex.open(con, model, DIMENSIONS, index_path(db, model) if db else None, fingerprint)
        if not index.calibration.met:
            log.warning(
                "ANN index misses its recall goal (%.3f): searching its vectors exactly",
                index.calibration.recall,
            )
        index.add(new_ids, new_vectors)  # new-new pairs are found by the same search
        for cid, found in zip(new_ids, index.search(new_vectors, NEIGHBOURS + 1), strict=True):
            partners[cid].update(found)
        return partners, index  # saved after the links, a missed calibration with it
    stored = con.execute(_STORE_CLAIMS_SQL.format(eligible=eligible), [model])
    store_ids, store_vectors = _arrow_vectors(stored)
    corpus_ids = store_ids + new_ids
    corpus = np.concatenate([store_vectors, new_vectors]) if store_ids else new_vectors
    qi, qj, _ = top_k_between(
        new_vectors, corpus, k=min(NEIGHBOURS + 1, len(corpus_ids)), min_similarity=FIGURE_LINK
    )
    for a, b in zip(qi.tolist(), qj.tolist(), strict=True):
        partners[new_ids[a]].add(corpus_ids[b])
    return partners, None


# Keys written into an IN list as literals: only letters and digits, so no quoting is needed
# (claim ids are 16 hex digits, text hashes 40). DuckDB 1.5.5 reads a table's ART index for a
# literal IN list only: 3,000 vectors of a 50k-claim store took 0.06 s that way, against
# 0.28-0.49 s by a join, unnest(?) or bound parameters, each a full scan of the embeddings.
_PLAIN_KEY = re.compile(r"[0-9A-Za-z]+")


def _in_list(keys: list[str]) -> str | None:
    """`'k1', 'k2', ...` when every key is plain (None: the caller joins instead)."""
    if not keys or not all(_PLAIN_KEY.fullmatch(k) for k in keys):
        return None
    return ", ".join(f"'{k}'" for k in keys)


def _vectors_for(con: duckdb.DuckDBPyConnection, claim_ids: list[str], model: str) -> dict[str, np.ndarray]:
    """Vectors of the given claims by point lookups, so a run reads what it links, not the store."""
    if not claim_ids:
        return {}
    wanted = _in_list(sorted(set(claim_ids)))
    hashes = (
        con.execute(f"SELECT claim_id, text_sha1 FROM claims WHERE claim_id IN ({wanted})").fetchall()
        if wanted
        else None
    )
    texts = _in_list(sorted({h for _, h in hashes})) if hashes else None
    if texts is None:
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
    by_text = dict(
        zip(
            *_arrow_vectors(
                con.execute(
                    f"SELECT text_sha1 AS claim_id, vector FROM embeddings "
                    f"WHERE model = ? AND text_sha1 IN ({texts})",
                    [model],
                )
            ),
            strict=True,
        )
    )
    return {cid: by_text[h] for cid, h in hashes if h in by_text}


def _store_links(con: duckdb.DuckDBPyConnection, links: dict[tuple[str, str], tuple]) -> None:
    if not links:
        return
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


# Two claims of one fact cluster that share a fact key are one fact stated twice, linked or not:
# a same-language pair restating a figure in other words scores under FIGURE_LINK, joins
# the fact through its other claims, and its disagreement went unjudged while the fact's dispute
# showed it (issue 13, class 5: a disputed fact with no flagged pair). Method "cluster": a link
# the clusters imply, judged like any other; never evidence for a cluster (clusters.py skips it).
CLUSTER_METHOD = "cluster"


def cluster_links(
    con: duckdb.DuckDBPyConnection,
    new_ids: list[str],
    model: str,
    now: datetime,
    vectors: dict[str, np.ndarray],
    index=None,
    placed: dict[str, str | None] | None = None,
) -> dict[tuple[str, str], tuple]:
    """Links between each new claim and the members of its fact cluster that share one of its
    fact keys, from another article, not linked yet (pairs of old claims were offered when the
    newer of them was new). `vectors`: those the link stage holds already; the others are read
    as it reads them (`_lookup`). `placed`: the clusters `update_clusters` just gave, which hold
    every member of the new claims' clusters (None: read from the store)."""
    if not new_ids:
        return {}
    if placed is not None:
        # 0.20-0.25 s at 100k stored articles, a scan of claims.cluster_id just updated, not read.
        new_set = set(new_ids)
        theirs = {placed[c] for c in new_ids if placed.get(c) is not None}
        rows = [(cid, cluster, cid in new_set) for cid, cluster in placed.items() if cluster in theirs]
    else:
        rows = _cluster_members(con, new_ids)
    members: dict[str, list[str]] = defaultdict(list)
    for cid, cluster, _ in rows:
        members[cluster].append(cid)
    fresh = {cid for cid, _, new in rows if new}
    if not fresh:
        return {}
    every = sorted({cid for cid, _, _ in rows})
    sides = _sides(con, every, set(), known_eligible=placed is not None)
    linked = set(
        map(
            tuple,
            rows_with_ids(
                con,
                "cluster_members",
                every,
                "SELECT claim_a, claim_b FROM links WHERE claim_a IN (SELECT claim_id FROM cluster_members)",
            ),
        )
    )
    wanted: list[tuple[str, str]] = []
    for group in members.values():
        for cid in (c for c in group if c in fresh):
            for other in group:
                pair = tuple(sorted((cid, other)))
                a, b = sides.get(cid), sides.get(other)
                if other == cid or pair in linked or a is None or b is None or a.article_id == b.article_id:
                    continue
                if figure_evidence(a.figures, b.figures).shared_key:
                    wanted.append(pair)
    needed = sorted({c for pair in wanted for c in pair} - vectors.keys())
    vectors = {**vectors, **_lookup(con, needed, model, index)}
    return {
        pair: (*pair, round(float(vectors[pair[0]] @ vectors[pair[1]]), 6), CLUSTER_METHOD, "suggested", now)
        for pair in set(wanted)
        if pair[0] in vectors and pair[1] in vectors
    }


def _cluster_members(con: duckdb.DuckDBPyConnection, new_ids: list[str]) -> list[tuple]:
    """(claim, cluster, is new) of the eligible linked members of the new claims' clusters."""
    con.register("cluster_new", pa.table({"claim_id": pa.array(new_ids, pa.string())}))
    try:
        # The clusters' members first, then their eligibility: joining every claim of the store
        # with eligible_claims first took 0.21 against 0.06 s at 100k stored articles.
        return con.execute(
            """WITH m AS MATERIALIZED (
                   SELECT claim_id, cluster_id FROM claims WHERE linked AND cluster_id IN (
                       SELECT cluster_id FROM claims WHERE claim_id IN (SELECT claim_id FROM cluster_new)))
               SELECT m.claim_id, m.cluster_id, m.claim_id IN (SELECT claim_id FROM cluster_new)
               FROM m JOIN eligible_claims e ON e.claim_id = m.claim_id"""
        ).fetchall()
    finally:
        con.unregister("cluster_new")


def _lookup(con: duckdb.DuckDBPyConnection, claim_ids: list[str], model: str, index=None) -> dict:
    """Vectors of the given claims: from the ANN index's exact copy where it holds them (a read
    of those rows), the rest (none once the index is in use, but for claims not linked yet) from
    the embeddings table."""
    found = index.vectors(claim_ids) if index is not None else {}
    found.update(_vectors_for(con, [c for c in claim_ids if c not in found], model))
    return found


def link_new_claims(
    con: duckdb.DuckDBPyConnection, model: str | None = None, method: str | None = None
) -> LinkResult:
    """Link every not-yet-linked current claim against the store, then update fact clusters.

    Args:
        method: "exact" or "ann"; None picks by store size (ANN_MIN_STORE).
    """
    model = model or model_name()
    new_ids, new_vectors = new_claims(con, model)
    if not new_ids:
        with batch(con, "link"):
            clusters = update_clusters(con, [])
        return LinkResult(0, 0, clusters)
    with eligible_once(con) as eligible:
        return _link(con, model, method, new_ids, new_vectors, eligible)


def _link(
    con: duckdb.DuckDBPyConnection,
    model: str,
    method: str | None,
    new_ids: list[str],
    new_vectors: np.ndarray,
    eligible: str,
) -> LinkResult:
    """`link_new_claims` for its pending claims, `eligible` the eligible claims' copy."""
    fingerprint = None
    if method is None:  # the index's own fingerprint counts the store: one join over it, not two
        from warehouse.ann import linked_fingerprint

        fingerprint = linked_fingerprint(con, model)
        method = "ann" if fingerprint[0] >= ANN_MIN_STORE else "exact"
    partners, index = _embedding_partners(con, new_ids, new_vectors, model, method, fingerprint, eligible)
    for cid, others in _key_partners(con, new_ids, new_vectors, model, index, eligible).items():
        partners[cid].update(others)

    new_set = set(new_ids)
    involved = sorted(new_set | {o for others in partners.values() for o in others})
    sides = _sides(con, involved, new_set, eligible=eligible)
    vectors = dict(zip(new_ids, new_vectors, strict=True))
    vectors.update(_lookup(con, [c for c in involved if c not in vectors], model, index))
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
            evidence = figure_evidence(a.figures, b.figures)
            decision = decide(
                sim, a.lang == b.lang, evidence.shared_key, evidence.figures_agree, evidence.keys_disjoint
            )
            if decision is not None:
                links[pair] = (*pair, round(sim, 6), *decision, now)
    # Links, `linked` and clusters in one transaction: a kill leaves all of them or none.
    with batch(con, "link"):
        _store_links(con, links)
        mark_done(con, "link", {"claim_id": new_ids})
        placed: dict[str, str | None] = {}
        clusters = update_clusters(con, list(links), new_ids, placed, eligible)
        _store_links(con, cluster_links(con, new_ids, model, now, vectors, index, placed))
    recall = None
    if index is not None:
        index.save()  # after the store says `linked`: the fingerprints then agree
        recall = index.calibration.recall if index.calibration.met else None  # None: searched exactly
    return LinkResult(len(new_ids), len(links), clusters, recall)
