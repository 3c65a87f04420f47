"""The claims quality gate: the pipeline must stay at or above the floors in baseline.json."""

from __future__ import annotations

import pytest
from claims_gold import METRICS, Report, format_report, load_baseline, load_gold, score

# The minimums, kept here rather than next to the floors so that lowering one is a visible
# change to this test: baseline.json may raise its floors above these, never drop below.
REQUIRED = {"detection_recall": 0.95, "figure_accuracy": 0.95, "subject_accuracy": 0.85}


@pytest.fixture(scope="module")
def gold_report() -> Report:
    return score()


def test_claims_gold_set_is_well_formed():
    gold = load_gold()
    ids = [g["id"] for g in gold]
    assert len(ids) == len(set(ids)) >= 110
    assert sum(not g["claim"] for g in gold) >= 25
    assert {g["lang"] for g in gold} == {"en", "ja", "zh"}
    assert all(not g["figures"] for g in gold if not g["claim"])


@pytest.mark.parametrize("metric", METRICS)
def test_claims_gold_metric_at_or_above_its_floor(gold_report, metric):
    floor = load_baseline()[metric]
    measured = gold_report.overall.metrics()[metric]
    assert measured >= floor, f"{metric} {measured:.3f} < floor {floor}\n{format_report(gold_report)}"


def test_claims_gold_floors_never_below_the_required_minimums():
    baseline = load_baseline()
    assert set(METRICS) <= baseline.keys()
    for metric, minimum in REQUIRED.items():
        assert baseline[metric] >= minimum, f"{metric} floor {baseline[metric]} lowered below {minimum}"
