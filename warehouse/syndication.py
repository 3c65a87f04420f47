"""Which stored articles a new article version may be a copy of: stored MinHash signatures and
LSH buckets (migration 0017), so a load costs what its new versions cost, not the store.

Before (issue #16): every load shingled the text of every stored article and compared all
pairs; at 10k articles that is 50 million set intersections per run. Now only the current
versions without a signature are shingled and hashed (datasketch MinHash, 128 permutations),
their LSH bands are looked up in `article_lsh` (one indexed bucket join), and only the
articles sharing a bucket are compared exactly. The exact rule stays the one below
(`is_copy`: 5-word shingle Jaccard >= DUPLICATE_JACCARD); the buckets only choose whom to
compare, with LSH tuned far below that rule so that a copy is never missed (LSH_THRESHOLD).

The signatures are a cache of article_versions.text: written in the duplicate marking's
transaction (warehouse/ingest.py), so a kill loses both or neither, and a store from before
0017 hashes every current version once on its next load.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable

import duckdb
import numpy as np
import pyarrow as pa

# 0.8: shingle overlap of a wire story reprinted with its own header/footer lines; two
# different stories on the same event share under 0.2 of their 5-word shingles.
DUPLICATE_JACCARD = 0.8
SHINGLE_WORDS = 5
NUM_PERM = 128
# The buckets' own threshold, well under DUPLICATE_JACCARD: datasketch's optimal banding for
# 0.5 at 128 permutations is 25 bands of 5 rows, which makes a pair at Jaccard 0.8 a candidate
# with probability 1 - (1 - 0.8^5)^25 = 0.99995 (0.7: 0.990; 0.3: 0.059, compared and dropped).
LSH_THRESHOLD = 0.5
SEED = 1  # fixed: stored signatures must be comparable across runs and processes


def shingles(text: str, n: int = SHINGLE_WORDS) -> set[str]:
    """The text's n-word shingles (case-folded words; characters for CJK text with few spaces)."""
    words = re.findall(r"\w+", text.casefold())
    if len(words) < n:  # CJK text has few spaces: shingle characters instead
        words = [c for c in text if not c.isspace()]
    return {" ".join(words[i : i + n]) for i in range(max(len(words) - n + 1, 1))}


# A page that credits another outlet for its text is the copy, whatever its date says: "This
# article was originally published by Beacon Wire", "Reprinted with permission from", 本文转载自,
# より転載 (blind9: a reprint dated 15:30+08:00, hours before its original's 07:10-05:00, was taken
# for the original, and the original's claims became its appearances). Not "first appeared in
# Wuhan": the page itself ("this article", "this story") or an outlet's capitalised name follows.
_CREDIT_LINE = re.compile(
    r"(?i:\b(?:this|the)\s+(?:article|story|piece|report|column)\s+(?:was\s+|is\s+)?"
    r"(?:originally|first)\s+(?:published|appeared|ran)\s+(?:by|in|on|at)\s+"
    r"|\b(?:originally|first)\s+published\s+(?:by|in|on|at)\s+)(?:the\s+)?(?-i:[A-Z])"
    r"|(?i:\b(?:republished|reprinted)\s+(?:with\s+permission\s+)?(?:from|by)\b)"
    r"|转载自|本文(?:转载|来源)|原文(?:刊载|发表|发布)于|より転載|から転載|転載元"
)


def credits_another(text: str) -> bool:
    """Whether an article's text credits another outlet with it (a reprint's credit line)."""
    return bool(_CREDIT_LINE.search(text))


def is_copy(a: set[str], b: set[str]) -> bool:
    """The syndication rule: near-identical texts (shingle Jaccard >= DUPLICATE_JACCARD)."""
    return len(a & b) / max(len(a | b), 1) >= DUPLICATE_JACCARD


@functools.cache
def _bands() -> tuple[int, int]:
    """(bands, rows per band): datasketch's optimal parameters for LSH_THRESHOLD (found by numeric
    integration: once per process)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def signatures(texts: list[str]) -> np.ndarray:
    """(len(texts), NUM_PERM) uint32 MinHash signatures of the texts' shingles."""
    from datasketch import MinHash

    if not texts:
        return np.zeros((0, NUM_PERM), dtype=np.uint32)
    hashed = MinHash.bulk(
        ([s.encode("utf-8") for s in sorted(shingles(t))] for t in texts), num_perm=NUM_PERM, seed=SEED
    )
    return np.stack([m.hashvalues.astype(np.uint32) for m in hashed])


def buckets(signature: np.ndarray) -> list[int]:
    """One 64-bit bucket per LSH band of a signature (stable across processes)."""
    b, r = _bands()
    raw = np.ascontiguousarray(signature, dtype="<u4")
    return [
        int.from_bytes(hashlib.blake2b(raw[i * r : (i + 1) * r].tobytes(), digest_size=8).digest(), "little")
        for i in range(b)
    ]


def unhashed(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int, str]]:
    """(article_id, version, text) of each current version without its signature yet."""
    # The versions first, by their ids, then their texts: joined with every stored text before
    # the anti join, the query read the store's texts (0.09-0.17 s at 100k stored articles, 0.013 s
    # this way; bench/store_curve.py's dedupe).
    return con.execute(
        """WITH todo AS MATERIALIZED (
               SELECT a.article_id, a.version FROM articles a
               LEFT JOIN article_minhash m ON m.article_id = a.article_id AND m.version = a.version
               WHERE m.article_id IS NULL)
           SELECT t.article_id, t.version, v.text FROM todo t
           JOIN article_versions v ON v.article_id = t.article_id AND v.version = t.version
           ORDER BY t.article_id"""
    ).fetchall()


def candidates(
    con: duckdb.DuckDBPyConnection, fresh: list[str], bucket_lists: list[list[int]]
) -> dict[str, set[str]]:
    """For each fresh article, the other articles (stored or fresh) sharing an LSH bucket with it.
    Stored rows of the fresh articles themselves (an older version's bands) are ignored."""
    found: dict[str, set[str]] = defaultdict(set)
    by_bucket: dict[tuple[int, int], list[str]] = defaultdict(list)
    for article_id, keys in zip(fresh, bucket_lists, strict=True):
        for band, key in enumerate(keys):
            by_bucket[(band, key)].append(article_id)
    for members in by_bucket.values():  # fresh against fresh
        for article_id in members:
            found[article_id].update(m for m in members if m != article_id)
    if not fresh:
        return found
    table = pa.table(
        {
            "article_id": [a for a, keys in zip(fresh, bucket_lists, strict=True) for _ in keys],
            "band": pa.array([band for keys in bucket_lists for band in range(len(keys))], pa.int16()),
            "bucket": pa.array([key for keys in bucket_lists for key in keys], pa.uint64()),
        }
    )
    con.register("fresh_bands", table)
    try:
        rows = con.execute(
            """SELECT DISTINCT f.article_id, l.article_id FROM fresh_bands f
               JOIN article_lsh l ON l.bucket = f.bucket AND l.band = f.band
               WHERE l.article_id NOT IN (SELECT article_id FROM fresh_bands)"""
        ).fetchall()
    finally:
        con.unregister("fresh_bands")
    for article_id, other in rows:
        found[article_id].add(other)
    return found


def store_signatures(
    con: duckdb.DuckDBPyConnection,
    fresh: Iterable[tuple[str, int]],
    sigs: np.ndarray,
    bucket_lists: list[list[int]],
) -> None:
    """Replace the fresh articles' signatures and bands (call inside the marking's transaction)."""
    fresh = list(fresh)
    if not fresh:
        return
    ids = [a for a, _ in fresh]
    con.register(
        "fresh_signatures",
        pa.table(
            {
                "article_id": ids,
                "version": pa.array([v for _, v in fresh], pa.int32()),
                "signature": pa.array([row.tolist() for row in sigs], pa.list_(pa.uint32())),
            }
        ),
    )
    con.register(
        "fresh_lsh",
        pa.table(
            {
                "bucket": pa.array([key for keys in bucket_lists for key in keys], pa.uint64()),
                "band": pa.array([band for keys in bucket_lists for band in range(len(keys))], pa.int16()),
                "article_id": [a for a, keys in zip(ids, bucket_lists, strict=True) for _ in keys],
            }
        ),
    )
    try:
        con.execute("DELETE FROM article_lsh WHERE article_id IN (SELECT article_id FROM fresh_signatures)")
        con.execute(
            "DELETE FROM article_minhash WHERE article_id IN (SELECT article_id FROM fresh_signatures)"
        )
        con.execute("INSERT INTO article_minhash SELECT article_id, version, signature FROM fresh_signatures")
        con.execute("INSERT INTO article_lsh SELECT bucket, band, article_id FROM fresh_lsh")
    finally:
        con.unregister("fresh_signatures")
        con.unregister("fresh_lsh")
