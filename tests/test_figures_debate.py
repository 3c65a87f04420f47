"""The debate/fact-check figures check: the parser stays at or above the floors in floors.json."""

from __future__ import annotations

import json

import pytest
from figures_debate import FLOORS, METRICS, load, score

# The goals, kept here so that lowering a floor below them is a visible change to this test.
REQUIRED = {"recall": 0.97, "interval": 0.95, "precision": 0.97, "traps_clean": 0.95}


@pytest.fixture(scope="module")
def measured() -> tuple[dict[str, float], list[str]]:
    return score()


def test_figures_debate_fixture_is_well_formed():
    cases = load()
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)) >= 60
    assert sum(c["trap"] for c in cases) >= 15
    assert {c["lang"] for c in cases} == {"en", "ja", "zh"}
    assert all(c["trap"] == (not c["figures"]) for c in cases)


@pytest.mark.parametrize("metric", METRICS)
def test_figures_debate_metric_at_or_above_its_floor(measured, metric):
    metrics, misses = measured
    floor = json.loads(FLOORS.read_text(encoding="utf-8"))[metric]
    assert metrics[metric] >= floor, f"{metric} {metrics[metric]:.3f} < floor {floor}\n" + "\n".join(misses)


def test_figures_debate_floors_never_below_the_goals():
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    for metric, goal in REQUIRED.items():
        assert floors[metric] >= goal, f"{metric} floor {floors[metric]} lowered below {goal}"
