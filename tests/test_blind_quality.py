"""Quality gates on data the rules were not written against (issue 13): the blind beat corpus
(tests/fixtures/blind) and the real-text figure set (tests/fixtures/realtext). Floors live in
each folder's baseline.json and only move up; the scores print with `-s`."""

from __future__ import annotations

import pytest
from blind_beat import CORPUS
from blind_beat import METRICS as BEAT_METRICS
from blind_beat import evaluate as evaluate_beat
from blind_beat import load_baseline as beat_baseline
from blind_disputes import DISPUTE_METRICS
from realtext_figures import METRICS as REALTEXT_METRICS
from realtext_figures import evaluate as evaluate_realtext
from realtext_figures import load_baseline as realtext_baseline


def _assert_floors(metrics: dict, floors: dict, names: tuple[str, ...]) -> None:
    assert set(names) <= set(floors), f"baseline.json lacks floors for {set(names) - set(floors)}"
    low = {name: (metrics[name], floors[name]) for name in names if metrics[name] < floors[name]}
    assert not low, f"below the floor (measured, floor): {low}"


def test_realtext_figures_hold_their_floors():
    metrics, _ = evaluate_realtext()
    print("realtext", metrics)
    assert metrics["sentences"] >= 150
    _assert_floors(metrics, realtext_baseline(), REALTEXT_METRICS)


@pytest.mark.e2e
def test_blind_beat_corpus_holds_its_floors(tmp_path):
    metrics, _ = evaluate_beat(CORPUS, tmp_path)
    print("blind beat", metrics)
    assert metrics["gold_claims"] > 0
    _assert_floors(metrics, beat_baseline(), BEAT_METRICS + DISPUTE_METRICS)
    assert metrics["false_flags"] <= beat_baseline()["false_flags_max"]
    assert metrics["disputes_found"] > 0  # the comparison has teeth
    assert metrics["origins_scored"] > 0
    assert metrics["false_disputes"] <= beat_baseline()["false_disputes_max"]
