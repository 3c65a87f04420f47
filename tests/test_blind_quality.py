"""Quality gates on data the rules were not written against (issue 13): the blind beat corpora
(tests/fixtures/blind, blind2, ..., blind10: each written by a different helper who had not read
the code) and the real-text figure sets (tests/fixtures/realtext..realtext4: CheckThat! sentences;
realtext5: lines of real news pages; realtext6: tweets and news-page lines; realtext7: news
sentences and page lines), each annotated by someone who had not read nlp/quantities.py. Floors
live in each folder's baseline.json and only move up; the scores print with `-s`."""

from __future__ import annotations

from pathlib import Path

import pytest
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


FIXTURES = Path(__file__).resolve().parent / "fixtures"
REALTEXT_SETS = ("realtext", "realtext2", "realtext3", "realtext4", "realtext5", "realtext6", "realtext7")
BEAT_CORPORA = (
    "blind",
    "blind2",
    "blind3",
    "blind4",
    "blind5",
    "blind6",
    "blind7",
    "blind8",
    "blind9",
    "blind10",
)
# pytest-xdist sends one file to one worker (--dist loadfile): the later corpora run from
# tests/test_blind_quality_later.py, so the two halves (~40-70 s a corpus) share the two workers.
LATER = ("blind6", "blind7", "blind8", "blind9", "blind10")


@pytest.mark.parametrize("name", REALTEXT_SETS)
def test_realtext_figures_hold_their_floors(name):
    folder = FIXTURES / name
    metrics, _ = evaluate_realtext(folder / "gold.jsonl")
    print(name, metrics)
    assert metrics["sentences"] >= 150
    _assert_floors(metrics, realtext_baseline(folder / "baseline.json"), REALTEXT_METRICS)


@pytest.mark.e2e
@pytest.mark.parametrize("name", [n for n in BEAT_CORPORA if n not in LATER])
def test_blind_beat_corpus_holds_its_floors(name, tmp_path):
    check_corpus_floors(name, tmp_path)


def check_corpus_floors(name: str, tmp_path: Path) -> None:
    """One `claimwatch run` of a blind corpus, scored against its baseline.json floors."""
    corpus = FIXTURES / name
    floors = beat_baseline(corpus / "baseline.json")
    metrics, _ = evaluate_beat(corpus, tmp_path)
    print(name, metrics)
    assert metrics["gold_claims"] > 0
    with_origins = (corpus / "origins.json").exists()
    dispute_metrics = tuple(m for m in DISPUTE_METRICS if with_origins or m != "origins_right")
    _assert_floors(metrics, floors, BEAT_METRICS + dispute_metrics)
    assert metrics["false_flags"] <= floors["false_flags_max"]
    assert metrics["disputes_found"] > 0  # the comparison has teeth
    assert not with_origins or metrics["origins_scored"] > 0
    assert metrics["false_disputes"] <= floors["false_disputes_max"]


@pytest.mark.parametrize("name", BEAT_CORPORA)
def test_blind_beat_halves_split_the_gold_facts_and_pairs(name):
    import json

    from blind_beat import half_of

    gold = json.loads((FIXTURES / name / "gold.json").read_text(encoding="utf-8"))
    dev, heldout = half_of(gold, "dev"), half_of(gold, "heldout")
    for key in ("facts", "contradictions", "must_not_flag"):
        assert dev[key], key
        assert heldout[key], key
        assert len(dev[key]) + len(heldout[key]) == len(gold[key]), key
    assert not {f["id"] for f in dev["facts"]} & {f["id"] for f in heldout["facts"]}
    # every claim of a half's fact is in that half's claims, so its pairs can be matched
    for half in (dev, heldout):
        ids = {c["id"] for c in half["claims"]}
        assert all(set(f["claims"]) <= ids for f in half["facts"])
