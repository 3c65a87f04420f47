"""Link tiers on the labelled pairs: the real extraction (nlp.claims) and embedding model decide
each pair through core.links.decide; precision/recall floors per language pair and tier
are pinned a little under what bench/calibrate_links.py measured, so a regression fails."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.calibrate_links import _f1 as f1_score
from bench.calibrate_links import calibrate, features, load_pairs, scores
from core import links as linking

# (precision, recall) floors; measured values in the comments (83 pairs, 2026-12-05). Six en-en
# hard negatives came in that day (opposite statements, another period, a part vs the whole,
# two companies); on the 77 earlier pairs en-en stays P=0.70 R=0.95 suggested, P=1.00 R=0.18
# confirmed. Confirmed precision stays 1.00: the confirmed thresholds were recalibrated.
# 2026-12-06: the refit after three same-fact pairs gained a shared key (core/links.py) trades
# en-en suggested recall for precision, F1 0.72 -> 0.78: two claims with disjoint keys now need
# a cosine of 0.95 (was 0.58), a shared key 0.30. Floors follow (were 0.55 / 0.90).
FLOORS = {
    ("en-en", "suggested"): (0.70, 0.78),  # measured P=0.75 R=0.82 (was P=0.58 R=0.95)
    ("en-en", "confirmed"): (1.00, 0.12),  # measured P=1.00 R=0.14
    ("ja-en", "suggested"): (0.90, 0.70),  # measured P=0.94 R=0.75 (fact key alone)
    ("ja-en", "confirmed"): (1.00, 0.65),  # measured P=1.00 R=0.70
}


@pytest.fixture(scope="module")
def pair_features():
    pairs = load_pairs()
    assert len(pairs) >= 60
    assert {p["lang_pair"] for p in pairs} == {"en-en", "ja-en"}
    return features(pairs)


def test_link_tiers_meet_floors_per_language_pair(pair_features):
    measured = scores(pair_features, linking.decide)
    for (lang_pair, tier), (precision, recall, n) in measured.items():
        print(f"{lang_pair} {tier:10} P={precision:.2f} R={recall:.2f} (n={n})")
    for key, (p_floor, r_floor) in FLOORS.items():
        precision, recall, _ = measured[key]
        assert precision >= p_floor, (key, precision)
        assert recall >= r_floor, (key, recall)


# The same-language embedding thresholds sit on a flat stretch of F1. Since a count of companies
# at a named event got the event's key (2026-12-07: "More than 800 companies exhibited at WAIC
# 2025" now shares waic|count:org with its pair), the grid's best F1 on the 46 same-language pairs
# is 0.829 at 0.98 / 0.98, one pair above the module's 0.55 / 0.95 (0.826), while on the blind
# corpora 0.98 cost same-language link recall (blind5 0.53 -> 0.41, blind3 0.72 -> 0.69, blind4
# 0.67 -> 0.66; cluster precision +0.05 on blind4, -0.005 on blind3). A threshold pair within one
# labelled pair's F1 of the best counts as calibrated (0.01: the flat stretch 0.45-0.70 scores 0.826,
# while 0.30 scores 0.808 and 0.80 0.800); the other thresholds are pinned as before.
SAME_LANG_EMBEDDING = ("EMBEDDING_LINK", "DISJOINT_EMBEDDING_LINK")


def _same_lang_f1(features, embedding: float, disjoint: float) -> float:
    same = [f for f in features if f.same_lang]
    pred = [
        f.sim >= (disjoint if f.keys_disjoint else embedding)
        or (f.shared_key and f.sim >= linking.FIGURE_LINK)
        for f in same
    ]
    return f1_score(pred, [f.same_fact for f in same])[0]


def test_link_tiers_module_constants_are_the_calibrated_ones(pair_features):
    calibrated = calibrate(pair_features)
    for name, value in calibrated.items():
        if name not in SAME_LANG_EMBEDDING:
            assert getattr(linking, name) == pytest.approx(value, abs=0.011), name
    best = _same_lang_f1(pair_features, *(calibrated[name] for name in SAME_LANG_EMBEDDING))
    module = _same_lang_f1(pair_features, *(getattr(linking, name) for name in SAME_LANG_EMBEDDING))
    assert module >= best - 0.01, (module, best)


def test_link_tiers_cross_language_needs_a_fact_key():
    # A high cosine alone never links Japanese to English (the model is English-only) ...
    assert linking.decide(0.99, same_lang=False, shared_key=False, figures_agree=False) is None
    # ... a shared key does; disagreeing figures keep it "suggested" (a contradiction to review).
    assert linking.decide(0.5, False, True, True) == ("figure", "confirmed")
    assert linking.decide(0.5, False, True, False) == ("figure", "suggested")
    assert linking.decide(-0.5, False, True, True) == ("figure", "suggested")  # cosine < CROSS_CONFIRMED
    assert linking.decide(0.99, True, False, False) == ("embedding", "confirmed")
    assert linking.decide(0.6, True, False, False) == ("embedding", "suggested")
