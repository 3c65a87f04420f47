"""Sweep the on-beat threshold over the labelled set; where nlp/topics.py THRESHOLD comes from.

    .venv/bin/python bench/topics.py [--topics topics/beat.yaml] [--step 0.02]

tests/fixtures/topics/labelled.jsonl holds on-beat and off-beat articles (en, ja; a few zh)
with their topics; off-beat ones include hard negatives (gaming GPUs, Huawei phones,
Nvidia's share price). For each threshold it prints precision and recall of "on the beat"
per language, and the plateau where both are best; then, at the chosen threshold, every
miss and how often the best topic is one of the labelled ones.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

LABELLED = ROOT / "tests" / "fixtures" / "topics" / "labelled.jsonl"


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    tp: int
    fp: int
    fn: int

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def load_labelled(path: Path = LABELLED) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def score_items(items: list[dict], topics) -> list[dict[str, float]]:
    """Topic scores of each labelled article (title + newline + text, as the store scores them)."""
    return topics.score([(f"{it['title']}\n{it['text']}", it["lang"]) for it in items])


def score_items_from_claims(items: list[dict], topics) -> list[dict[str, float]]:
    """Topic scores as the topic stage computes them (issue 16): no text is embedded for topics;
    an English article's embedding signal is the mean of its claims' vectors (which the
    claims and embed stages computed), the topic descriptions' vectors come from the same cache."""
    from nlp.claims import extract_claims_many
    from nlp.embeddings import embed
    from warehouse.topicstore import mean_vector

    texts = [f"{it['title']}\n{it['text']}" for it in items]
    claims = extract_claims_many([(t, it["lang"]) for t, it in zip(texts, items, strict=True)])
    english = sorted({c.text for cs in claims for c in cs if c.lang.startswith("en")})
    by_text = dict(zip(english, embed(english), strict=True)) if english else {}
    vectors = {}
    for i, cs in enumerate(claims):
        mean = mean_vector([by_text[c.text] for c in cs if c.text in by_text])
        if mean is not None:
            vectors[i] = mean
    descriptions = embed([t.description for t in topics.topics])
    return topics.score_from_vectors(
        [(t, it["lang"]) for t, it in zip(texts, items, strict=True)], vectors, descriptions, words_floor=True
    )


def evaluate(
    items: list[dict], scores: list[dict[str, float]], threshold: float, lang: str | None = None
) -> Scores:
    """Precision and recall of "on the beat" (best score >= threshold) for one language or all."""
    tp = fp = fn = 0
    for item, score in zip(items, scores, strict=True):
        if lang and item["lang"] != lang:
            continue
        predicted = max(score.values()) >= threshold
        actual = bool(item["topics"])
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return Scores(precision, recall, tp, fp, fn)


def topic_accuracy(items: list[dict], scores: list[dict[str, float]]) -> float:
    """Share of on-beat articles whose best topic is one of their labelled topics."""
    on = [(it, s) for it, s in zip(items, scores, strict=True) if it["topics"]]
    return sum(max(s, key=s.get) in it["topics"] for it, s in on) / len(on)


def main(argv: list[str] | None = None) -> int:
    from settings import apply_process_defaults

    apply_process_defaults()
    from nlp.topics import THRESHOLD, load_topics

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", help="topics file (default: topics/beat.yaml)")
    parser.add_argument("--step", type=float, default=0.02)
    args = parser.parse_args(argv)

    topics = load_topics(args.topics)
    items = load_labelled()
    clock = time.perf_counter()
    scores = score_items(items, topics)
    cold = time.perf_counter() - clock
    clock = time.perf_counter()
    score_items(items, topics)  # models loaded: the per-article cost a daily run pays
    warm = time.perf_counter() - clock
    langs = sorted({it["lang"] for it in items})
    print(
        f"{len(items)} labelled articles ({', '.join(langs)}): scored in {cold:.2f} s with model loading, "
        f"{warm:.2f} s warm ({1000 * warm / len(items):.1f} ms an article)"
    )
    print("threshold  " + "  ".join(f"{lang}: P     R    " for lang in langs))
    best: list[float] = []
    threshold = args.step
    while threshold < 1:
        row = [evaluate(items, scores, threshold, lang) for lang in langs]
        marks = [f"{lang}: {s.precision:.3f} {s.recall:.3f}" for lang, s in zip(langs, row, strict=True)]
        print(f"  {threshold:.2f}     " + "   ".join(marks))
        if all(s.precision == 1 and s.recall == 1 for s in row):
            best.append(threshold)
        threshold = round(threshold + args.step, 4)
    if best:
        print(f"perfect on every language from {min(best):.2f} to {max(best):.2f}")
    print(f"\nat THRESHOLD = {topics.threshold:.2f} (nlp/topics.py: {THRESHOLD:.2f}):")
    for lang in [*langs, None]:
        s = evaluate(items, scores, topics.threshold, lang)
        print(
            f"  {lang or 'all'}: precision {s.precision:.3f} recall {s.recall:.3f} "
            f"(tp {s.tp}, fp {s.fp}, fn {s.fn})"
        )
    print(f"  best topic among the labelled ones: {topic_accuracy(items, scores):.3f}")
    clock = time.perf_counter()
    stage_scores = score_items_from_claims(items, topics)
    print(
        "\nas the topic stage scores them (claim vectors, no lead embedded; "
        f"{time.perf_counter() - clock:.1f} s):"
    )
    for lang in [*langs, None]:
        s = evaluate(items, stage_scores, topics.threshold, lang)
        print(
            f"  {lang or 'all'}: precision {s.precision:.3f} recall {s.recall:.3f} "
            f"(tp {s.tp}, fp {s.fp}, fn {s.fn})"
        )
    print(f"  best topic among the labelled ones: {topic_accuracy(items, stage_scores):.3f}")
    for item, score in zip(items, scores, strict=True):
        top = max(score, key=score.get)
        wrong = (score[top] >= topics.threshold) != bool(item["topics"])
        if wrong:
            print(
                f"  MISS {item['id']}: best {top} {score[top]:.3f}, labelled {item['topics'] or 'off-beat'}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
