"""Embeddings, links and clusters: the same fact stated by different articles.

New claims are compared with everything stored (never old against old again):
- "embedding": cosine of the claim sentences >= EMBEDDING_LINK;
- "figure": a shared fact key (subject, measure, unit) and, within one language, a
  cosine >= FIGURE_LINK (the bundled MiniLM is English-only, so across languages the
  fact key alone links "約300ペタFLOPS" to "about 300 petaflops");
- "embedding+figure": both.
Claims of duplicate articles and superseded claims take no part (invariant 4).
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import numpy as np
import pyarrow as pa

from nlp.claims import fact_key
from nlp.embeddings import DIMENSIONS, embed, model_name
from warehouse.bulk import run_with_table
from warehouse.similarity import top_k_between

log = logging.getLogger(__name__)

# 0.75: on the demo beat, paraphrases of one fact score 0.78-0.93 with MiniLM, while
# different facts of the same story (same entities, other figures) stay under 0.70.
EMBEDDING_LINK = 0.75
# 0.45: same-language sentences sharing a fact key but on another topic score < 0.4.
FIGURE_LINK = 0.45
NEIGHBOURS = 20


@dataclass(frozen=True)
class LinkResult:
    embedded: int
    compared: int
    links: int
    clusters: int


def embed_missing(con: duckdb.DuckDBPyConnection, model: str | None = None, batch_size: int = 64) -> int:
    """Embed each distinct claim text that has no vector yet; returns how many were computed."""
    model = model or model_name()
    rows = con.execute(
        """SELECT c.text_sha1, any_value(c.text) FROM claims c
           LEFT JOIN embeddings e ON e.text_sha1 = c.text_sha1 AND e.model = ?
           WHERE e.text_sha1 IS NULL GROUP BY c.text_sha1 ORDER BY c.text_sha1""",
        [model],
    ).fetchall()
    if not rows:
        return 0
    vectors = embed([text for _, text in rows], model=model, batch_size=batch_size)
    if vectors.shape[1] != DIMENSIONS:
        raise ValueError(
            f"model {model!r} gives {vectors.shape[1]}-d vectors; the store holds {DIMENSIONS}-d"
        )
    # Through Arrow: executemany with Python lists took 14 s for 500 rows (issue #5).
    table = pa.table(
        {
            "text_sha1": [key for key, _ in rows],
            "model": [model] * len(rows),
            "vector": pa.FixedSizeListArray.from_arrays(pa.array(vectors.ravel(), pa.float32()), DIMENSIONS),
        }
    )
    con.register("new_embeddings", table)
    try:
        con.execute(
            """INSERT INTO embeddings SELECT text_sha1, model, vector::FLOAT[384] FROM new_embeddings
               ON CONFLICT DO NOTHING"""
        )
    finally:
        con.unregister("new_embeddings")
    return len(rows)


def score_new_claims(con: duckdb.DuckDBPyConnection, model: str | None = None) -> int:
    """Rank new claims with the trained check-worthiness model (nlp/checkworthiness.py),
    reusing their stored embeddings. Which sentences are claims stays the claim stage's rule
    (every figure-stating sentence is kept); the model orders them for fact-checkers."""
    from nlp.checkworthiness import score_sentences

    model = model or model_name()
    rows = con.execute(
        """SELECT c.claim_id, c.text, coalesce(c.lang, 'en'), e.vector FROM claims c
           JOIN embeddings e ON e.text_sha1 = c.text_sha1 AND e.model = ?
           WHERE c.current AND NOT c.linked ORDER BY c.claim_id""",
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
    run_with_table(
        con,
        "new_scores",
        {"claim_id": ids, "score": scores},
        "UPDATE claims SET checkworthiness = round(t.score, 4) FROM new_scores t "
        "WHERE claims.claim_id = t.claim_id",
    )
    return len(ids)


def _eligible(con: duckdb.DuckDBPyConnection, model: str) -> tuple[list[tuple], np.ndarray]:
    rows = con.execute(
        """SELECT c.claim_id, c.article_id, c.lang, c.linked, e.vector
           FROM claims c JOIN articles a ON a.article_id = c.article_id
           JOIN embeddings e ON e.text_sha1 = c.text_sha1 AND e.model = ?
           WHERE c.current AND a.duplicate_of IS NULL ORDER BY c.claim_id""",
        [model],
    ).fetchall()
    vectors = np.array([r[4] for r in rows], dtype=np.float32).reshape(len(rows), DIMENSIONS)
    return [r[:4] for r in rows], vectors


def _fact_keys(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    keys: dict[str, set[str]] = defaultdict(set)
    for claim_id, subject, measure, unit, reference in con.execute(
        """SELECT claim_id, subject, measure, unit, reference FROM figures
           WHERE subject IS NOT NULL AND unit <> 'year'"""
    ).fetchall():
        keys[claim_id].add(fact_key(subject, measure, unit, reference))
    return keys


def link_new_claims(con: duckdb.DuckDBPyConnection, model: str | None = None) -> LinkResult:
    """Link every not-yet-linked current claim against the store, then refresh clusters."""
    model = model or model_name()
    embedded = embed_missing(con, model)
    claims, vectors = _eligible(con, model)
    new_rows = [i for i, c in enumerate(claims) if not c[3]]
    if not new_rows:
        return LinkResult(embedded, 0, 0, refresh_clusters(con))
    index = {c[0]: i for i, c in enumerate(claims)}
    fact_keys = _fact_keys(con)
    by_key: dict[str, list[int]] = defaultdict(list)
    for claim_id, keys in fact_keys.items():
        if claim_id in index:
            for key in keys:
                by_key[key].append(index[claim_id])

    # Embedding neighbours above the lower (figure) threshold; both methods filter below.
    qi, qj, sims = top_k_between(
        vectors[new_rows], vectors, k=min(NEIGHBOURS + 1, len(claims)), min_similarity=FIGURE_LINK
    )
    candidates: dict[tuple[int, int], float] = {}
    for a, b, s in zip(qi.tolist(), qj.tolist(), sims.tolist(), strict=True):
        candidates[(new_rows[a], b)] = s
    for row in new_rows:
        for key in fact_keys.get(claims[row][0], ()):
            group = np.array(by_key[key])
            # A popular key (nvidia|value|USD) is shared by thousands of claims: keep the
            # NEIGHBOURS most similar, so the cost per new claim stays bounded.
            sims_group = vectors[group] @ vectors[row]
            if len(group) > NEIGHBOURS:
                top = np.argpartition(sims_group, -NEIGHBOURS)[-NEIGHBOURS:]
                group, sims_group = group[top], sims_group[top]
            for other, sim in zip(group.tolist(), sims_group.tolist(), strict=True):
                candidates.setdefault((row, other), sim)

    now = datetime.now(UTC)
    links: dict[tuple[str, str], tuple] = {}  # both directions of a new-new pair meet here
    for (a, b), sim in candidates.items():
        ca, cb = claims[a], claims[b]
        if ca[1] == cb[1]:  # same article: not a second source
            continue
        shared = bool(fact_keys.get(ca[0], set()) & fact_keys.get(cb[0], set()))
        by_embedding = sim >= EMBEDDING_LINK
        by_figure = shared and (sim >= FIGURE_LINK or ca[2] != cb[2])
        if not (by_embedding or by_figure):
            continue
        method = (
            "embedding+figure" if by_embedding and by_figure else "embedding" if by_embedding else "figure"
        )
        first, second = sorted((ca[0], cb[0]))
        links[(first, second)] = (first, second, round(sim, 6), method, now)
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
                "created_at": pa.array(rows[4], pa.timestamp("us", tz="UTC")),
            },
            "INSERT INTO links (claim_a, claim_b, similarity, method, created_at) "
            "SELECT claim_a, claim_b, similarity, method, created_at FROM new_links ON CONFLICT DO NOTHING",
        )
    run_with_table(
        con,
        "linked_now",
        {"claim_id": [claims[r][0] for r in new_rows]},
        "UPDATE claims SET linked = true WHERE claim_id IN (SELECT claim_id FROM linked_now)",
    )
    return LinkResult(embedded, len(new_rows), len(links), refresh_clusters(con))


def refresh_clusters(con: duckdb.DuckDBPyConnection) -> int:
    """Union-find over links of current claims. A cluster keeps the id it already has: new
    claims join it under that id, and when clusters merge the one with the most members
    (then the smaller id) names the result. A brand-new cluster is named by its smallest
    claim id. So reruns and growth never renumber what analysts have seen."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in con.execute(
        """SELECT l.claim_a, l.claim_b FROM links l
           JOIN claims ca ON ca.claim_id = l.claim_a JOIN claims cb ON cb.claim_id = l.claim_b
           WHERE ca.current AND cb.current"""
    ).fetchall():
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    current = dict(
        con.execute("SELECT claim_id, cluster_id FROM claims WHERE cluster_id IS NOT NULL").fetchall()
    )
    members: dict[str, list[str]] = defaultdict(list)
    for claim in parent:
        members[find(claim)].append(claim)
    wanted: dict[str, str] = {}
    for root, claims_of in members.items():
        existing = Counter(current[c] for c in claims_of if c in current)
        name = min(existing, key=lambda cid: (-existing[cid], cid)) if existing else root
        wanted.update(dict.fromkeys(claims_of, name))
    changes = [(claim, cluster) for claim, cluster in wanted.items() if current.get(claim) != cluster]
    changes += [(claim, None) for claim in current if claim not in wanted]
    if changes:
        run_with_table(
            con,
            "cluster_changes",
            {
                "claim_id": [c[0] for c in changes],
                "cluster_id": pa.array([c[1] for c in changes], pa.string()),
            },
            "UPDATE claims SET cluster_id = t.cluster_id FROM cluster_changes t "
            "WHERE claims.claim_id = t.claim_id",
        )
    return len(set(wanted.values()))
