"""Shingle precision/recall of extracted article text, as in scrapinghub/article-extraction-benchmark.

Texts are split into lower-cased word tokens (``\\w+``) and then into overlapping 4-token
shingles; a page's precision and recall compare the shingle multisets of the extracted
text and the ground truth. P and R are averaged over pages, F1 is taken of the averages.

Two deliberate differences from the upstream ``evaluate.py``, both as our data README
and issue state the metric:
- tokens are lower-cased (upstream matches case-sensitively; this moves F1 by <0.001);
- a page where the extractor returned nothing counts with P=0 and R=0 (upstream leaves
  it out of the precision average, which rewards giving up on hard pages). P=1 and R=1
  only when nothing was extracted and nothing was expected; R=1 (vacuous) when nothing
  was expected but something was extracted, whose P is then 0.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

SHINGLE_N = 4
_TOKEN_RE = re.compile(r"\w+")


def shingles(text: str | None, n: int = SHINGLE_N) -> Counter[tuple[str, ...]]:
    """The multiset of n-token shingles; a text shorter than n tokens is one short shingle."""
    tokens = _TOKEN_RE.findall((text or "").lower())
    if not tokens:
        return Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def page_scores(truth: str | None, pred: str | None) -> tuple[float, float]:
    """(precision, recall) of one page's extracted text against its ground truth."""
    want, got = shingles(truth), shingles(pred)
    n_want, n_got = sum(want.values()), sum(got.values())
    tp = sum((want & got).values())
    precision = tp / n_got if n_got else (1.0 if not n_want else 0.0)
    recall = tp / n_want if n_want else 1.0
    return precision, recall


@dataclass(frozen=True)
class Score:
    f1: float
    precision: float
    recall: float
    pages: int


def score(pairs: Iterable[tuple[str | None, str | None]]) -> Score:
    """F1 of the page-averaged precision and recall over (truth, prediction) pairs."""
    scores = [page_scores(truth, pred) for truth, pred in pairs]
    if not scores:
        raise ValueError("no pages to score")
    precision = sum(p for p, _ in scores) / len(scores)
    recall = sum(r for _, r in scores) / len(scores)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(f1=f1, precision=precision, recall=recall, pages=len(scores))


def split_halves(ids: Iterable[str]) -> tuple[list[str], list[str]]:
    """(tuning, held_out): ids ordered by the SHA-256 of the id, first half for tuning."""
    ordered = sorted(ids, key=lambda page_id: hashlib.sha256(page_id.encode()).hexdigest())
    middle = (len(ordered) + 1) // 2
    return ordered[:middle], ordered[middle:]
