"""Fact-checks: import them, and answer "has this already been checked?" for a text or a claim.

Import reads a TSV with a header (`id`, `vclaim`, `title`, as CheckThat! 2020 task 2's
verified_claims.docs.tsv, whose id column has an empty name), JSON lines with the same fields
(or `claim`, `url`, `date`), or schema.org ClaimReview JSON-LD (one object, a list or an
@graph). Rows are keyed by their id, so a rerun inserts nothing; a bad row is logged and
counted and the rest goes on. Each fact-check is embedded once, as "claim title", in the
store's embeddings table (cached by text hash, shared with the claims), by the embed stage
(flows/nlp_stage.py; `claimwatch factchecks import` runs it right after an import): this
module lists the texts that need a vector (`missing_texts`) and reads vectors, never embeds.

Matching is hybrid (see `rank`): BM25 from DuckDB's fts extension over claim and title,
fused with MiniLM cosine similarity. Near-duplicate fact-checks (same claim up to case and
punctuation; 184 groups in CheckThat! 2020) answer once, under their lowest id.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from core.textkeys import DIMENSIONS, model_name, text_key
from warehouse.bulk import run_with_table
from warehouse.factcheck_formats import FORMATS, FactCheck, ImportFormatError, detect_format, read_file
from warehouse.fts import bm25_top, build_index, has_index
from warehouse.stages import stage
from warehouse.stagestate import batch as stage_batch
from warehouse.stagestate import mark_done

log = logging.getLogger(__name__)

TABLE = "factchecks"
__all__ = [
    "FORMATS",
    "FactCheck",
    "ImportFormatError",
    "detect_format",
    "import_factchecks",
    "match_new_claims",
    "rank",
]
# Ranking, chosen on CheckThat! 2020 dev (bench/factcheck_match.py; numbers in its docstring):
# BM25 and MiniLM each propose CANDIDATES fact-checks; a first fused score
# cos + FUSION_WEIGHT * bm25 / (the query's best bm25) orders them (weights 0.1-0.2 tie on
# train and dev; 0.1 is better on dev); its top RERANK (recall@20 is 0.985 on dev) are
# re-ranked by a logistic regression over the scores, ranks, score gaps and shared numbers
# (the fts tokenizer drops digits), fitted on train. "score" is its probability.
CANDIDATES = 100
FUSION_WEIGHT = 0.1
RERANK = 20
FEATURES = (
    "cos", "bm25_rel", "bm25_raw", "dense_rr", "bm25_rr", "cos_gap", "fused", "fused_gap", "fused_rr",
    "shares_number", "shared_numbers",
)  # fmt: skip
# The re-ranker's standardisation and coefficients: factcheck_reranker.json (how they were
# fitted is in its "fitted" field).
RERANKER_PATH = Path(__file__).with_name("factcheck_reranker.json")
# The daily job stores a claim's matches whose score is at least MIN_SCORE and whose cosine is at
# least MIN_COSINE: the re-ranker's features are mostly relative to the query's best candidate,
# so a claim that no fact-check covers still gets a confident first candidate; the cosine floor
# is absolute. On CheckThat! 2020 dev, 0.5 / 0.5 keeps 81% of the right first answers and 45% of
# the wrong ones (0.5 / 0.6: 69% and 26%); the right fact-check's cosine has median 0.68.
MIN_SCORE = 0.5
MIN_COSINE = 0.5
_URL = re.compile(r"(?:https?://|pic\.twitter\.com/)\S+")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_NUMBER = re.compile(r"\d[\d,.]*")


@dataclass
class ImportResult:
    read: int = 0
    new: int = 0
    existing: int = 0
    bad: int = 0
    embedded: int = 0  # set by the caller that runs the embed stage after the import (cli/)
    errors: list[str] = field(default_factory=list)

    def summary(self, path: str) -> str:
        return (
            f"factchecks import {path}: {self.read} read, {self.new} new, {self.existing} already stored, "
            f"{self.bad} bad, {self.embedded} embedded"
        )


# ---------------------------------------------------------------- storing
def dup_key(claim: str) -> str:
    """Near-duplicate key: CheckThat!'s 184 duplicate groups differ only in case, quotes, punctuation."""
    return _NOT_ALNUM.sub("", claim.lower())


def embedding_text(claim: str, title: str) -> str:
    return f"{claim} {title}".strip()


def _id_order(fid: str) -> tuple[int, str]:
    """Numeric ids in numeric order ("9" before "10"), the others by string."""
    return (len(fid), fid) if fid.isdigit() else (1 << 30, fid)


def import_factchecks(
    con: duckdb.DuckDBPyConnection, path: str | Path, fmt: str | None = None
) -> ImportResult:
    """Insert the new fact-checks of a file, refresh duplicates and the BM25 index. Their vectors
    are the embed stage's work (`missing_texts`)."""
    result = ImportResult()
    rows: dict[str, FactCheck] = {}
    for item in read_file(path, fmt):
        result.read += 1
        if isinstance(item, ValueError):
            result.bad += 1
            result.errors.append(str(item))
            log.warning("factchecks %s: %s", path, item)
            continue
        if item.factcheck_id in rows:
            result.existing += 1  # repeated within the file: the first one wins
            continue
        rows[item.factcheck_id] = item
    stored = {r[0] for r in con.execute(f"SELECT factcheck_id FROM {TABLE}").fetchall()}
    new = [r for r in rows.values() if r.factcheck_id not in stored]
    result.existing += len(rows) - len(new)
    result.new = len(new)
    if new:
        now = datetime.now(UTC)
        run_with_table(
            con,
            "new_factchecks",
            {
                "factcheck_id": [r.factcheck_id for r in new],
                "claim": [r.claim for r in new],
                "title": [r.title for r in new],
                "url": [r.url for r in new],
                "rating": [r.rating for r in new],
                "published": [r.published for r in new],
                "text_sha1": [text_key(embedding_text(r.claim, r.title)) for r in new],
                "dup_key": [dup_key(r.claim) for r in new],
                "source_file": [str(path)] * len(new),
                "imported_at": pa.array([now] * len(new), pa.timestamp("us", tz="UTC")),
            },
            f"""INSERT INTO {TABLE} (factcheck_id, claim, title, url, rating, published, text_sha1, dup_key,
                                    canonical_id, source_file, imported_at)
                SELECT factcheck_id, claim, title, url, rating, published, text_sha1, dup_key,
                       factcheck_id, source_file, imported_at FROM new_factchecks
                ON CONFLICT DO NOTHING""",
        )
        _refresh_canonical(con)
    if new or not has_index(con, TABLE):
        build_index(con, TABLE, "factcheck_id", "claim", "title")
    return result


def _refresh_canonical(con: duckdb.DuckDBPyConnection) -> None:
    """canonical_id = the lowest id (numeric order for numbers) among rows with the same dup_key."""
    groups = con.execute(
        f"SELECT dup_key, list(factcheck_id) FROM {TABLE} GROUP BY dup_key HAVING count(*) > 1"
    ).fetchall()
    ids, canon = [], []
    for _, members in groups:
        first = min(members, key=_id_order)
        ids += members
        canon += [first] * len(members)
    if ids:
        run_with_table(
            con,
            "canonical",
            {"factcheck_id": ids, "canonical_id": canon},
            f"UPDATE {TABLE} SET canonical_id = c.canonical_id FROM canonical c "
            f"WHERE {TABLE}.factcheck_id = c.factcheck_id AND {TABLE}.canonical_id <> c.canonical_id",
        )


def missing_texts(con: duckdb.DuckDBPyConnection, model: str) -> list[tuple[str, str]]:
    """(text_sha1, text) that matching needs a vector of and the store lacks (the embed stage's
    work, flows/nlp_stage.py): each fact-check's "claim title", and, once a fact-check is imported,
    the link-free text (`query_text`) of each claim waiting to be matched whose key differs from
    its claim text's (the claim text itself is embedded as a claim)."""
    rows = con.execute(
        f"""SELECT f.text_sha1, any_value(f.claim), any_value(f.title) FROM {TABLE} f
            LEFT JOIN embeddings e ON e.text_sha1 = f.text_sha1 AND e.model = ?
            WHERE e.text_sha1 IS NULL GROUP BY f.text_sha1 ORDER BY f.text_sha1""",
        [model],
    ).fetchall()
    out = {key: embedding_text(claim, title) for key, claim, title in rows}
    if count(con) == 0:
        return sorted(out.items())  # nothing is matched before an import
    todo = stage("factchecks")
    cleaned = {}
    for (text,) in con.execute(f"SELECT DISTINCT c.text {todo.source()} WHERE {todo.pending()}").fetchall():
        query = query_text(text)
        if query and text_key(query) != text_key(text):
            cleaned[text_key(query)] = query
    _, found = stored_vectors(con, list(cleaned.values()), model)
    out.update((key, q) for (key, q), ok in zip(cleaned.items(), found, strict=True) if not ok)
    return sorted(out.items())


def count(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0]


# ---------------------------------------------------------------- matching
@dataclass(frozen=True)
class Match:
    factcheck_id: str
    score: float  # the re-ranker's probability that this fact-check checked the query's claim
    claim: str
    title: str
    cosine: float
    bm25: float

    def as_dict(self) -> dict:
        return {
            "factcheck_id": self.factcheck_id,
            "score": self.score,
            "claim": self.claim,
            "title": self.title,
        }


def query_text(text: str) -> str:
    """What is matched: the text without links (tweets end in t.co and pic.twitter.com links)."""
    return re.sub(r"\s+", " ", _URL.sub(" ", text)).strip()


def _numbers(text: str) -> set[str]:
    return {n.strip(".,").replace(",", "") for n in _NUMBER.findall(text)} - {""}


@dataclass(frozen=True)
class _Corpus:
    ids: list[str]
    canonical: list[str]
    claims: list[str]
    titles: list[str]
    vectors: np.ndarray
    position: dict[str, int]


def _corpus(con: duckdb.DuckDBPyConnection, model: str) -> _Corpus:
    table = con.execute(
        f"""SELECT f.factcheck_id, f.canonical_id, f.claim, f.title, e.vector FROM {TABLE} f
            JOIN embeddings e ON e.text_sha1 = f.text_sha1 AND e.model = ? ORDER BY f.factcheck_id""",
        [model],
    ).fetch_arrow_table()
    ids = table.column("factcheck_id").to_pylist()
    vectors = table.column("vector").combine_chunks().flatten().to_numpy(zero_copy_only=False)
    return _Corpus(
        ids,
        table.column("canonical_id").to_pylist(),
        table.column("claim").to_pylist(),
        table.column("title").to_pylist(),
        np.asarray(vectors, dtype=np.float32).reshape(len(ids), DIMENSIONS),
        {fid: i for i, fid in enumerate(ids)},
    )


def stored_vectors(
    con: duckdb.DuckDBPyConnection, texts: list[str], model: str | None = None
) -> tuple[np.ndarray, list[bool]]:
    """Stored vectors of texts (already cleaned) by text hash, and which were found (a row of
    zeros where not: the embed stage has not embedded that text yet)."""
    model = model or model_name()
    keys = [text_key(t) for t in texts]
    found: dict[str, np.ndarray] = {}
    if keys:
        con.register("wanted_keys", pa.table({"text_sha1": sorted(set(keys))}))
        try:
            table = con.execute(
                "SELECT e.text_sha1, e.vector FROM embeddings e JOIN wanted_keys w USING (text_sha1) "
                "WHERE e.model = ?",
                [model],
            ).fetch_arrow_table()
        finally:
            con.unregister("wanted_keys")
        flat = table.column("vector").combine_chunks().flatten().to_numpy(zero_copy_only=False)
        flat = np.asarray(flat, dtype=np.float32).reshape(table.num_rows, DIMENSIONS)
        found = dict(zip(table.column("text_sha1").to_pylist(), flat, strict=True))
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    for row, key in enumerate(keys):
        if key in found:
            out[row] = found[key]
    return out, [key in found for key in keys]


@cache
def reranker(path: Path = RERANKER_PATH) -> tuple[np.ndarray, float]:
    """(weights, shift) of the re-ranker on raw features: its standardisation folded into the
    coefficients. factcheck_reranker.json holds what `python bench/factcheck_match.py --fit`
    writes: LogisticRegression(C=0.1) on the standardised features of the fused top 20 of the 800
    CheckThat! 2020 train tweets (its "fitted" field says it in full)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path}: features {data['features']} are not {list(FEATURES)}")
    coef, sd, mean = (np.asarray(data[k], dtype=np.float64) for k in ("coef", "feature_sd", "feature_mean"))
    return coef / sd, float(data["intercept"]) - float(np.dot(coef, mean / sd))


def _features(cos, bm, bm_best, d_rank, b_rank, cos_gap, fused, fused_gap, f_rank, shared) -> list[float]:
    return [
        cos, bm / bm_best, bm / 10, 1 / (1 + d_rank), 1 / (1 + b_rank), cos_gap, fused, fused_gap,
        1 / (1 + f_rank), float(shared > 0), float(shared),
    ]  # fmt: skip


@dataclass(frozen=True)
class Candidate:
    factcheck_id: str  # canonical id
    row: int  # the corpus row (the group member) that scored best
    cosine: float
    bm25: float
    features: list[float]


def shortlist(
    con: duckdb.DuckDBPyConnection,
    texts: list[str],
    vectors: np.ndarray | None = None,
    model: str | None = None,
) -> tuple[_Corpus | None, list[list[Candidate]]]:
    """The RERANK best fact-checks per text by the first fused score, with the re-ranker's features.

    `vectors`: one row per text, the vector of its `query_text` (the caller embedded it, as
    `claimwatch match` does); None reads the stored ones, and a text without one is an error."""
    model = model or model_name()
    if not texts or not has_index(con, TABLE) or count(con) == 0:
        return None, [[] for _ in texts]
    corpus = _corpus(con, model)
    cleaned = [query_text(t) for t in texts]
    if vectors is None:
        vectors, found = stored_vectors(con, cleaned, model)
        if not all(found):
            raise ValueError(
                f"{found.count(False)} of {len(texts)} texts have no stored vector: embed them first"
            )
    qv = np.asarray(vectors, dtype=np.float32)
    bm25 = bm25_top(con, TABLE, cleaned, CANDIDATES)
    sims = qv @ corpus.vectors.T
    n_dense = min(CANDIDATES, len(corpus.ids))
    lists = []
    for row, text in enumerate(cleaned):
        sim = sims[row]
        top = np.argpartition(-sim, n_dense - 1)[:n_dense] if n_dense < len(sim) else np.arange(len(sim))
        top = top[np.lexsort((top, -sim[top]))]
        d_rank = {int(j): r for r, j in enumerate(top)}
        b_scores = {corpus.position[fid]: s for fid, s in bm25[row] if fid in corpus.position}
        b_rank = {j: r for r, j in enumerate(b_scores)}
        b_best = max(b_scores.values(), default=0.0) or 1.0
        best: dict[str, tuple[float, int]] = {}  # canonical id -> (fused score, best member row)
        for j in set(d_rank) | set(b_scores):
            fused = float(sim[j]) + FUSION_WEIGHT * b_scores.get(j, 0.0) / b_best
            key = corpus.canonical[j]
            if key not in best or fused > best[key][0]:
                best[key] = (fused, j)
        ordered = sorted(best.items(), key=lambda kv: (-kv[1][0], _id_order(kv[0])))[:RERANK]
        numbers = _numbers(text)
        cos_best = float(sim.max())
        fused_best = ordered[0][1][0] if ordered else 0.0
        out = []
        for f_rank, (key, (fused, j)) in enumerate(ordered):
            shared = len(numbers & _numbers(f"{corpus.claims[j]} {corpus.titles[j]}"))
            x = _features(
                float(sim[j]), b_scores.get(j, 0.0), b_best, d_rank.get(j, CANDIDATES),
                b_rank.get(j, CANDIDATES), float(sim[j]) - cos_best, fused, fused - fused_best,
                f_rank, shared,
            )  # fmt: skip
            out.append(Candidate(key, j, float(sim[j]), b_scores.get(j, 0.0), x))
        lists.append(out)
    return corpus, lists


def rank(
    con: duckdb.DuckDBPyConnection,
    texts: list[str],
    k: int = 5,
    model: str | None = None,
    vectors: np.ndarray | None = None,
) -> list[list[Match]]:
    """The k best fact-checks for each text, best first (near-duplicates merged to their lowest id).

    `vectors` as for `shortlist`: the query texts' vectors, or None to read the stored ones.
    """
    corpus, lists = shortlist(con, texts, vectors, model)
    weights, shift = reranker()
    results = []
    for candidates in lists:
        scored = []
        for c in candidates:
            z = float(np.dot(weights, c.features)) + shift
            scored.append((1.0 / (1.0 + np.exp(-z)), c))
        scored.sort(key=lambda t: (-t[0], _id_order(t[1].factcheck_id)))
        out = []
        for p, c in scored[:k]:
            at = corpus.position[c.factcheck_id]
            out.append(
                Match(c.factcheck_id, round(p, 4), corpus.claims[at], corpus.titles[at], round(c.cosine, 4),
                      round(c.bm25, 4))
            )  # fmt: skip
        results.append(out)
    return results


def match_new_claims(
    con: duckdb.DuckDBPyConnection,
    k: int = 5,
    min_score: float = MIN_SCORE,
    min_cosine: float = MIN_COSINE,
    batch: int = 256,
) -> dict:
    """Match the current claims not compared yet with the imported fact-checks; store the matches
    (score >= min_score and cosine >= min_cosine, at most k per claim, with their rank) and mark the
    claims compared, so a rerun does nothing. Skips (cheaply) when no fact-check is imported; the
    claims stay uncompared until one is. A claim whose (link-free) text has no stored vector yet
    is left for the next run, after the embed stage (counted in "no_vector", logged): matching
    reads vectors and never embeds."""
    stored = count(con)
    if stored == 0:
        return {"factchecks": 0, "compared": 0, "matches": 0, "claims_matched": 0, "no_vector": 0}
    todo = stage("factchecks")  # current, on the beat (issue #8), not compared yet
    model = model_name()
    rows = con.execute(
        f"SELECT c.claim_id, c.text {todo.source()} WHERE {todo.pending()} ORDER BY c.claim_id"
    ).fetchall()
    vectors, found = stored_vectors(con, [query_text(text) for _, text in rows], model)
    # A claim that is only a link has nothing to match: compared, with no match.
    pending = [(r, v) for r, v, ok in zip(rows, vectors, found, strict=True) if ok or not query_text(r[1])]
    waiting = len(rows) - len(pending)
    if waiting:
        log.warning(
            "factchecks: %d claims have no stored vector yet; matched after the next embed stage", waiting
        )
    matches = claims_matched = 0
    for start in range(0, len(pending), batch):
        part = [r for r, _ in pending[start : start + batch]]
        part_vectors = np.asarray([v for _, v in pending[start : start + batch]], dtype=np.float32)
        ranked = rank(con, [text for _, text in part], k=k, model=model, vectors=part_vectors)
        rows = [
            (claim_id, m, position)
            for (claim_id, _), found in zip(part, ranked, strict=True)
            for position, m in enumerate(
                [m for m in found if m.score >= min_score and m.cosine >= min_cosine], start=1
            )
        ]
        now = datetime.now(UTC)
        with stage_batch(con, "factchecks"):  # matches and `factchecked` together
            if rows:
                run_with_table(
                    con,
                    "new_matches",
                    {
                        "claim_id": [r[0] for r in rows],
                        "factcheck_id": [r[1].factcheck_id for r in rows],
                        "rank": [r[2] for r in rows],
                        "score": [r[1].score for r in rows],
                        "matched_at": pa.array([now] * len(rows), pa.timestamp("us", tz="UTC")),
                    },
                    "INSERT INTO factcheck_matches SELECT claim_id, factcheck_id, rank, score, matched_at "
                    "FROM new_matches ON CONFLICT DO NOTHING",
                )
            mark_done(con, "factchecks", {"claim_id": [claim_id for claim_id, _ in part]})
        matches += len(rows)
        claims_matched += len({r[0] for r in rows})
    return {
        "factchecks": stored,
        "compared": len(pending),
        "matches": matches,
        "claims_matched": claims_matched,
        "no_vector": waiting,
    }
