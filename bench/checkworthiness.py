"""Check-worthiness on the CheckThat! 2019 test debates: the shipped model against baselines run here.

Prints per-debate AP and MAP on the 7 test debates for the shipped model (nlp/checkworthiness.py),
the "has a digit, then length" heuristic and the rule score of nlp/claims.py, all measured in this
run, with ratios against them and against the 2019 anchors; then the leave-one-debate-out CV MAP
on the train debates (the number the model was chosen by; the test debates choose nothing).

    .venv/bin/python bench/checkworthiness.py [--no-cv]

MiniLM embeddings are cached in data/cache/ (first run: ~1.5 min for test, ~4 min for train).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.train_checkworthiness import DATA, cross_validate, embeddings, load_split, per_debate_ap

# CheckThat! 2019 task 1 (English), test MAP: best primary run, best run overall, and the
# organisers' "has a digit, then length" figure (data README).
ANCHORS = {"2019 best primary": 0.166, "2019 best overall": 0.182, "2019 digit-then-length": 0.084}
THRESHOLDS = (0.5, 0.8, 0.9, 0.95)


def digit_then_length(texts: list[str]) -> np.ndarray:
    """Sentences with a digit first, longer ones first within each group."""
    longest = max(len(t) for t in texts) + 1
    return np.array([any(c.isdigit() for c in t) + len(t) / longest for t in texts])


def rule_scores(texts: list[str]) -> np.ndarray:
    """nlp.claims._score per sentence: figures, entity mentions, a month, attribution, comparison."""
    from core.entities import default_gazetteer
    from nlp.claims import _MONTH, _score
    from nlp.quantities import parse_quantities

    gazetteer = default_gazetteer()
    return np.array(
        [_score(t, parse_quantities(t, "en"), gazetteer.find(t), bool(_MONTH.search(t))) for t in texts]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=DATA, help=f"CheckThat! 2019 task 1 folder (default {DATA})"
    )
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validation on train (~1 min)")
    args = parser.parse_args()

    from nlp.checkworthiness import load_model, score_sentences

    test = load_split("test", args.data)
    started = time.perf_counter()
    vectors = embeddings(test.texts, "checkthat2019-test-minilm")
    positives, debates = int(test.labels.sum()), len(set(test.debates))
    print(f"test: {len(test.texts)} sentences, {positives} check-worthy, {debates} debates")
    print(f"embeddings: {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    shipped = score_sentences(test.texts, "en", vectors=vectors)
    elapsed = time.perf_counter() - started
    print(f"shipped model: {elapsed:.2f} s for {len(test.texts)} sentences (embeddings given)")
    systems = {
        "shipped model": shipped,
        "digit-then-length": digit_then_length(test.texts),
        "rule score (claims)": rule_scores(test.texts),
    }
    aps = {name: per_debate_ap(test.debates, test.labels, s) for name, s in systems.items()}
    maps = {name: float(np.mean(list(ap.values()))) for name, ap in aps.items()}

    print(
        f"\nAP per test debate (ties in line order, as the 2019 scorer):\n  {'debate':28s}{'pos':>5s}", end=""
    )
    print("".join(f"{name:>22s}" for name in systems))
    for debate in aps["shipped model"]:
        positives = int(test.labels[test.debates == debate].sum())
        print(f"  {debate:28s}{positives:5d}" + "".join(f"{aps[n][debate]:22.4f}" for n in systems))
    print(f"  {'MAP':33s}" + "".join(f"{maps[n]:22.4f}" for n in systems))

    print("\nshipped model MAP vs")
    for name, value in [*((n, maps[n]) for n in systems if n != "shipped model"), *ANCHORS.items()]:
        print(f"  {name:28s}{value:8.3f}   ratio {maps['shipped model'] / value:5.2f}")

    print("\nshare of test sentences at or above a score (shipped model):")
    for threshold in THRESHOLDS:
        above = shipped >= threshold
        recall = above[test.labels == 1].mean()
        print(f"  >= {threshold:4.2f}: {above.mean():6.1%} of sentences, {recall:6.1%} of check-worthy ones")

    stored = load_model()
    print(f"\nCV MAP on train stored with the artifact: {float(stored.cv_map):.4f}")
    if not args.no_cv:
        train = load_split("train", args.data)
        train_vectors = embeddings(train.texts, "checkthat2019-train-minilm")
        result = cross_validate(train, train_vectors, speaker=True)
        print("leave-one-debate-out CV MAP on train (19 debates), recomputed:")
        for variant in result.per_debate:
            note = " (CV only: needs the speaker)" if variant == "ensemble+speaker" else ""
            print(f"  {variant:20s}{result.map(variant):8.4f}{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
