"""Positions and disputes (core/positions.py) and the interval rule they share with the
pairwise judge (core/intervals.py)."""

from __future__ import annotations

import itertools
import logging
import math
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from core import intervals
from core.ids import stable_id
from core.intervals import compatible, gap, interval, key_interval
from core.positions import (
    Fact,
    FigureObs,
    contest,
    dispute,
    one_report_per_claim,
    positions,
    rank,
    recency,
    score,
    spread,
)
from core.provenance import Origin, resolve_origin

T0 = datetime(2025, 7, 24, 9, 0, tzinfo=UTC)
BN = 1e9


def fig(
    claim: str,
    value: float,
    lower: float | None = None,
    upper: float | None = None,
    hedge: str = "exact",
    precision: float = 0.0,
    *,
    source: str | None = None,
    day: float = 0,
    origin: Origin | None = None,
    **kw,
) -> FigureObs:
    """A figure; exact ones default to [value, value] as the figures stage stores them."""
    if hedge == "exact" and lower is None and upper is None:
        lower = upper = value
    source = source or f"outlet-{claim}"
    return FigureObs(
        claim,
        source,
        T0 + timedelta(days=day),
        value,
        lower,
        upper,
        hedge,
        precision,
        origin,
        article_id=f"article-{claim}",
        **kw,
    )


def ratio(claim: str, text: str, **kw) -> FigureObs:
    """The ratio figures the issue names, as nlp/quantities.py normalises them."""
    table = {
        "1.7 times": (1.7, 1.7, 1.7, "exact", 0.05),
        "about 1.7 times": (1.7, 1.53, 1.87, "about", 0.05),
        "約1.7倍": (1.7, 1.53, 1.87, "about", 0.05),
        "almost double": (2.0, 1.7, 2.0, "nearly", 0.0),
        "7.5 times": (7.5, 7.5, 7.5, "exact", 0.05),
        "3.9 times": (3.9, 3.9, 3.9, "exact", 0.05),
        "more than four times": (4.0, 4.0, None, "at_least", 0.5),
        "between 3 and 4 times": (3.5, 3.0, 4.0, "range", 0.5),
    }
    value, lo, hi, hedge, precision = table[text]
    return fig(claim, value, lo, hi, hedge, precision, surface=text, **kw)


def groups(ps) -> list[list[str]]:
    return [sorted(f.claim_id for f in p.figures) for p in ps]


# ---------------------------------------------------------------- the interval rule


def test_core_positions_interval_rule_is_the_pairwise_judges():
    # One copy of the rule now (core.intervals): the judge's figures (core.judge.FigureRow,
    # oriented by subject and reference through core.facts) and the positions' figures
    # (oriented by their `inverted` flag) must still give the same intervals and gaps, and both
    # must equal the judge's former formula (orient the stated bounds, then measure the gap).
    from core.facts import oriented
    from core.judge import FigureRow

    def former_gap(a, b):
        def key_bounds(row):
            lo, hi = interval(row)
            lower, upper = oriented(
                row.subject,
                row.reference,
                row.unit,
                None if math.isinf(lo) else lo,
                None if math.isinf(hi) else hi,
            )
            return (-math.inf if lower is None else lower), (math.inf if upper is None else upper)

        return intervals.interval_gap(key_bounds(a), key_bounds(b))

    assert (intervals.MAX_ROUNDING, intervals.RELATIVE_TOLERANCE) == (0.10, 0.01)
    assert stable_id("position", "c1", "x") == "b5cb7330394acdbe"  # the ids the store holds today
    cases = [
        (1.7, 1.7, 1.7, "exact", 0.05, "cloudmatrix-384", "gb200-nvl72"),
        (7.5, 7.5, 7.5, "exact", 0.05, "gb200-nvl72", "cloudmatrix-384"),
        (1.7, 1.53, 1.87, "about", 0.05, "cloudmatrix-384", "gb200-nvl72"),
        (4.0, 4.0, None, "at_least", 0.5, "gb200-nvl72", "cloudmatrix-384"),
        (4.0, None, 4.0, "at_most", 0.5, "cloudmatrix-384", "gb200-nvl72"),
        (3.5, 3.0, 4.0, "range", 0.5, "gb200-nvl72", "cloudmatrix-384"),
        (1e9, 1e9, 1e9, "exact", 5e8, "nvidia", None),
        (1.5e9, 1.5e9, 1.5e9, "exact", 5e7, "nvidia", None),
        (4e8, 3.6e8, 4.4e8, "about", 5e7, "nvidia", None),
        (0.0, 0.0, 2.0, "range", 0.5, "gb200-nvl72", "cloudmatrix-384"),
    ]
    unit = {None: "USD"}
    rows, obs = [], []
    for i, (value, lo, hi, hedge, precision, subject, reference) in enumerate(cases):
        u = unit.get(reference, "x")
        rows.append(
            FigureRow(f"c{i}", value, u, lo, hi, hedge, precision, "", subject, "compute", "s", reference)
        )
        inverted = oriented(subject, reference, u, 2.0, None) != (2.0, None)  # docs/disputes.md
        obs.append(fig(f"c{i}", value, lo, hi, hedge, precision, inverted=inverted))
    for row, o in zip(rows, obs, strict=True):
        assert interval(o) == interval(row)
        assert row.inverted == o.inverted
    for (ra, oa), (rb, ob) in itertools.combinations(zip(rows, obs, strict=True), 2):
        if ra.unit == rb.unit:
            assert gap(oa, ob) == pytest.approx(former_gap(ra, rb), abs=1e-12), (ra, rb)
            assert gap(ra, rb) == pytest.approx(former_gap(ra, rb), abs=1e-12), (ra, rb)


@pytest.mark.parametrize(
    ("a", "b", "together"),
    [
        ("1.7 times", "about 1.7 times", True),
        ("1.7 times", "almost double", True),  # [1.65, 1.75] meets [1.7, 2.0]
        ("約1.7倍", "almost double", True),
        ("7.5 times", "almost double", False),
        ("more than four times", "3.9 times", False),  # 1.25% apart: the finest case
        ("between 3 and 4 times", "3.9 times", True),
        ("between 3 and 4 times", "more than four times", True),  # share 4.0
    ],
)
def test_core_positions_compatibility_of_the_issues_figures(a, b, together):
    assert compatible(ratio("a", a), ratio("b", b)) is together
    assert compatible(ratio("b", b), ratio("a", a)) is together


def test_core_positions_rounding_tolerance():
    # "$1.5bn" = [1.45, 1.55]bn holds "$1.46bn"; "$1bn" stands for +-10% at most, not 0.5-1.5bn.
    assert compatible(fig("a", 1.5 * BN, precision=0.05 * BN), fig("b", 1.46 * BN, precision=0.005 * BN))
    assert not compatible(fig("a", 1 * BN, precision=0.5 * BN), fig("b", 1.2 * BN, precision=0.05 * BN))
    assert not compatible(fig("a", 1 * BN, precision=0.5 * BN), fig("b", 6e8, precision=5e7))
    # Within 1%: "nearly 4x" [3.4, 4.0] and "4.02 times" [4.015, 4.025] are one position.
    assert compatible(fig("a", 4.0, 3.4, 4.0, "nearly"), fig("b", 4.02, precision=0.005))


def test_core_positions_no_slack_between_two_approximations():
    # "about 400" [360, 440] and "about 490" [441, 539] are 0.2% apart: each hedge already holds
    # the writer's slack, so the two are two values; against an exact 441 the 1% still applies.
    about_400 = fig("a", 4e8, 3.6e8, 4.4e8, "about")
    about_490 = fig("b", 4.9e8, 4.41e8, 5.39e8, "about")
    nearly_500 = fig("c", 5e8, 4.25e8, 5e8, "nearly")
    assert intervals.tolerance(about_400, about_490) == 0.0
    assert not compatible(about_400, about_490)
    assert compatible(about_400, nearly_500)  # they overlap: no slack needed
    assert compatible(about_400, fig("d", 4.41e8, precision=5e5))
    assert len(positions([about_400, about_490])) == 2


# ---------------------------------------------------------------- grouping


def test_core_positions_issue_example_two_positions():
    figs = [
        ratio("pl", "about 1.7 times", source="pacific-ledger", day=2),
        ratio("nt", "約1.7倍", source="nihon-tech", day=1),
        ratio("ad", "almost double", source="ledger-two", day=3),
        ratio("ex", "1.7 times", source="exact-daily", day=4),
        ratio("ht", "7.5 times", source="harbor-times", day=4),
    ]
    ps = positions(figs, "cluster-1")
    assert groups(ps) == [["ad", "ex", "nt", "pl"], ["ht"]]
    low, high = ps
    assert (low.lower, low.upper, low.value) == (pytest.approx(1.7), pytest.approx(1.75), 1.7)
    assert low.first.claim_id == "nt"  # reported first (day 1), whatever the input order
    assert low.sources == ("exact-daily", "ledger-two", "nihon-tech", "pacific-ledger")
    assert (low.support, high.support) == (4, 1)
    assert (low.single_source, high.single_source) == (False, True)
    assert (high.lower, high.upper) == (pytest.approx(7.45), pytest.approx(7.55))


def test_core_positions_open_ends():
    # "at least $1bn" and "more than $1.2bn" share [1.2bn, inf); "about $400m" stands apart;
    # "up to $450m" (open below) joins it.
    figs = [
        fig("a", 1 * BN, 1 * BN, None, "at_least", 0.5 * BN),
        fig("b", 1.2 * BN, 1.2 * BN, None, "at_least", 0.05 * BN),
        fig("c", 4e8, 3.6e8, 4.4e8, "about", 5e7),
        fig("d", 4.5e8, None, 4.5e8, "at_most", 5e7),
    ]
    ps = positions(figs)
    assert groups(ps) == [["c", "d"], ["a", "b"]]
    assert (ps[1].lower, ps[1].upper) == (1.2 * BN, math.inf)
    assert (ps[0].lower, ps[0].upper) == (3.6e8, 4.4e8)
    # Two open-below figures and one open-above that meets both: one position.
    ps = positions(
        [fig("x", 5, None, 5, "at_most"), fig("y", 3, None, 3, "at_most"), fig("z", 2, 2, None, "at_least")]
    )
    assert groups(ps) == [["x", "y", "z"]]
    assert (ps[0].lower, ps[0].upper) == (2, 3)


def test_core_positions_ranges():
    figs = [ratio("r", "between 3 and 4 times"), ratio("a", "3.9 times"), ratio("m", "more than four times")]
    # The range meets both, but 3.9 and "more than four" are apart: two positions, the range
    # with the one whose representative is nearer its value 3.5 (3.9, not 4.0).
    ps = positions(figs)
    assert groups(ps) == [["a", "r"], ["m"]]
    assert [p.value for p in ps] == [3.9, 4.0]
    assert (ps[0].lower, ps[0].upper) == (pytest.approx(3.85), pytest.approx(3.95))


def test_core_positions_non_transitive_chain_goes_to_the_nearest():
    a, c = fig("a", 1.5, 1, 2, "range"), fig("c", 3.5, 3, 4, "range")
    near_a, near_c = fig("b", 2.2, 1.9, 3.1, "range"), fig("b", 2.9, 1.9, 3.1, "range")
    assert groups(positions([a, near_a, c])) == [["a", "b"], ["c"]]
    assert groups(positions([a, near_c, c])) == [["a"], ["b", "c"]]


def test_core_positions_bridge_figure_moves_to_the_nearer_seed():
    # The sweep seeds 2x first and takes "between 2 and 3 times" with it; 2.9x is nearer its 2.5.
    figs = [
        fig("two", 2.0, precision=0.05),
        fig("r", 2.5, 2.0, 3.0, "range"),
        fig("nine", 2.9, precision=0.05),
    ]
    assert groups(positions(figs)) == [["two"], ["nine", "r"]]


def test_core_positions_inverted_ratio_meets_its_mirror():
    # "GB200 is 0.6 times CloudMatrix" is CloudMatrix:GB200 = 1/[0.55, 0.65] = [1.54, 1.82].
    mirror = fig("m", 0.6, precision=0.05, inverted=True)
    assert key_interval(mirror) == (pytest.approx(1 / 0.65), pytest.approx(1 / 0.55))
    ps = positions([ratio("a", "about 1.7 times"), mirror, fig("s", 7.5, precision=0.05, inverted=True)])
    assert groups(ps) == [["s"], ["a", "m"]]
    assert ps[0].value == pytest.approx(1 / 7.5)


def test_core_positions_deterministic_and_stable_ids():
    figs = [
        ratio("pl", "about 1.7 times", day=2),
        ratio("nt", "約1.7倍", day=1),
        ratio("ad", "almost double", day=3),
        ratio("ht", "7.5 times", day=4),
    ]
    first = positions(figs, "c9")
    for seed in range(5):
        shuffled = figs[:]
        random.Random(seed).shuffle(shuffled)
        assert positions(shuffled, "c9") == first
    # A later claim joining a position keeps its id (a ruling on it still names it) ...
    later = positions([*figs, ratio("zz", "1.7 times", day=9)], "c9")
    assert [p.position_id for p in later] == [p.position_id for p in first]
    assert first[0].position_id == stable_id("position", "c9", "nt")
    # ... and another cluster's positions never share an id with these.
    assert {p.position_id for p in positions(figs, "c10")}.isdisjoint(p.position_id for p in first)


def test_core_positions_only_current_and_usable_figures(caplog):
    figs = [
        ratio("a", "1.7 times"),
        replace(ratio("old", "7.5 times"), current=False),  # superseded: takes no part
        fig("nan", math.nan),
        fig("upside-down", 5.0, 6.0, 4.0, "range"),
    ]
    with caplog.at_level(logging.WARNING, logger="core.positions"):
        ps = positions(figs, "c1")
    assert groups(ps) == [["a"]]
    assert "2 figure(s) with unusable numbers" in caplog.text
    assert positions([]) == []
    assert dispute(Fact("c1", "k", tuple(figs)), T0) is None


def _max_pairwise_incompatible(figs) -> int:
    best = 1
    for r in range(2, len(figs) + 1):
        if any(
            all(not compatible(x, y) for x, y in itertools.combinations(subset, 2))
            for subset in itertools.combinations(figs, r)
        ):
            best = r
        else:
            break
    return best


@pytest.mark.parametrize("seed", range(25))
def test_core_positions_partition_cliques_and_minimum(seed, monkeypatch):
    rng = random.Random(seed)
    figs = []
    for i in range(rng.randint(2, 9)):
        lo = rng.randint(0, 40)
        kind = rng.choice(["range", "at_least", "at_most", "exact"])
        hi = lo + rng.randint(0, 12)
        lower, upper = {"range": (lo, hi), "at_least": (lo, None), "at_most": (None, hi), "exact": (lo, lo)}[
            kind
        ]
        figs.append(fig(f"f{i}", float(lo if kind != "at_most" else hi), lower, upper, kind))
    ps = positions(figs)
    placed = sorted(f.claim_id for p in ps for f in p.figures)
    assert placed == sorted(f.claim_id for f in figs)  # every figure in exactly one position
    for p in ps:
        assert all(compatible(x, y) for x, y in itertools.combinations(p.figures, 2))
        assert p.lower <= p.upper
    # Never fewer positions than pairwise-incompatible figures force; without the tolerance the
    # sweep is the interval graph's optimal stabbing: exactly that many.
    assert len(ps) >= _max_pairwise_incompatible(figs)
    monkeypatch.setattr(intervals, "RELATIVE_TOLERANCE", 0.0)
    assert len(positions(figs)) == _max_pairwise_incompatible(figs)


# ---------------------------------------------------------------- disputes


def _fact(cluster: str, figs) -> Fact:
    return Fact(cluster, "cloudmatrix-384~gb200-nvl72|compute|x", tuple(figs))


def test_core_positions_dispute_carries_positions_and_provenance():
    figs = [
        ratio("pl", "about 1.7 times", source="pacific-ledger", day=2),
        ratio(
            "nt",
            "約1.7倍",
            source="nihon-tech",
            day=1,
            origin=resolve_origin("ロイター", "nihon-tech", lang="ja"),
        ),
        ratio("ht", "7.5 times", source="harbor-times", day=4),
    ]
    d = dispute(_fact("c1", figs), T0 + timedelta(days=4))
    assert d is not None
    assert d.dispute_id == stable_id("dispute", "c1")
    assert [p.claims for p in d.positions] == [("nt", "pl"), ("ht",)]
    assert d.positions[0].origins == ("outlet:pacific-ledger", "publication:reuters")
    assert d.spread == pytest.approx((7.45 - 1.87) / 7.55, abs=1e-4)
    assert d.contest == 0.5  # the 7.5x side rests on one origin
    assert d.last_reported_at == T0 + timedelta(days=4)
    assert d.support == 3
    assert not d.single_source
    assert [(e.citing, e.cited) for e in d.edges] == [("outlet:nihon-tech", "publication:reuters")]
    assert dispute(_fact("c2", figs[:2]), T0) is None  # one position: no dispute


def test_core_positions_spread_of_the_issues_disputes():
    def s(*figs):
        return spread(positions(figs))

    assert s(ratio("a", "1.7 times"), ratio("b", "7.5 times")) == pytest.approx(0.755, abs=1e-3)
    at_least, about = fig("a", BN, BN, None, "at_least", 0.5 * BN), fig("b", 4e8, 3.6e8, 4.4e8, "about", 5e7)
    assert s(at_least, about) == pytest.approx(0.56)
    assert s(ratio("a", "3.9 times"), ratio("b", "more than four times")) == pytest.approx(0.0125)
    assert s(ratio("a", "1.7 times")) == 0.0


def test_core_positions_score_components():
    assert recency(T0, T0) == 1.0
    assert recency(T0, T0 + timedelta(days=7)) == pytest.approx(0.5)
    assert recency(T0 + timedelta(days=1), T0) == 1.0  # a report "from the future": no bonus above 1
    assert recency(None, T0) == 0.0
    assert score(1.0, 1.0, T0, T0) == 1.0
    assert score(0.0, 0.0, None, T0) == 0.0
    one = positions([ratio("a", "1.7 times"), ratio("b", "7.5 times")])
    assert contest(one) == 0.5
    assert contest(one[:1]) == 0.0


def _two_sided(cluster, low_sources, high_sources, *, day=0, high="7.5 times", cite=None):
    figs = [ratio(f"{cluster}-l{i}", "1.7 times", source=s, day=day) for i, s in enumerate(low_sources)]
    figs += [
        ratio(f"{cluster}-h{i}", high, source=s, day=day, origin=cite and resolve_origin(cite, s))
        for i, s in enumerate(high_sources)
    ]
    return dispute(_fact(cluster, figs), T0 + timedelta(days=14))


def test_core_positions_queue_order():
    wide = _two_sided("wide", ["a", "b"], ["c", "d"], day=14)
    narrow = _two_sided("narrow", ["a", "b"], ["c", "d"], day=14, high="almost double")
    assert narrow is None  # 1.7x and "almost double" do not dispute
    narrow = _two_sided("narrow", ["a", "b"], ["c", "d"], day=14, high="3.9 times")
    outlier = _two_sided("outlier", ["a", "b", "c"], ["d"], day=14)
    copied = _two_sided("copied", ["a", "b"], ["c", "d"], day=14, cite="Financial Times")
    old = _two_sided("old", ["a", "b"], ["c", "d"], day=0)
    # Spread first: 1.7 vs 7.5 before 1.7 vs 3.9, all else equal.
    assert wide.score > narrow.score
    # Support on both sides: two outlets each v two outlets that both cite the FT (one origin)
    # rank like a lone outlier, below two independent origins on each side.
    assert copied.positions[1].support == 1
    assert copied.positions[1].single_source
    assert wide.score > copied.score == outlier.score
    # Recency: the same dispute a fortnight older ranks lower.
    assert wide.score > old.score
    # The documented trade-off: recency weighs at most 0.2, so age moves a dispute by at most
    # what 0.4 of spread does. A fresh 1.7x v 3.9x (spread 0.53) outranks the same sides on
    # 1.7x v 7.5x (spread 0.75) two weeks old, but not four days old; a fresh lone outlier
    # (one side single-source) outranks that four-day-old two-sided one.
    assert narrow.score > old.score
    four_days = _two_sided("four-days", ["a", "b"], ["c", "d"], day=10)
    assert outlier.score > four_days.score > narrow.score
    queue = [d.cluster_id for d in rank([old, narrow, copied, four_days, wide, outlier])]
    assert queue[0] == "wide"
    assert set(queue[1:3]) == {"copied", "outlier"}  # equal scores, same day: by id
    assert queue[3:] == ["four-days", "narrow", "old"]


def test_core_positions_rank_is_stable_on_ties():
    a = _two_sided("a", ["x"], ["y"], day=14)
    b = _two_sided("b", ["x"], ["y"], day=14)
    assert a.score == b.score
    assert rank([b, a]) == rank([a, b])


def test_positions_a_sentence_with_two_values_reports_the_one_other_claims_state():
    # Made up (blind corpus, positions round B): "消費電力は559kWで、GB200 NVL72の145kWのほぼ4倍"
    # once gave both powers the rack's subject; the first stated (559 kW) is stated by no other
    # outlet, the 145 kW by three. The sentence reports 145 kW: one position, no dispute.
    kw = 1000.0
    figs = [fig("a", 559 * kw, idx=0), fig("a", 145 * kw, idx=1)]
    figs += [fig(c, 145 * kw) for c in "bcd"]
    (only,) = positions(one_report_per_claim(figs))
    assert {f.claim_id for f in only.figures} == {"a", "b", "c", "d"}
    assert [f.value for f in only.figures if f.claim_id == "a"] == [145 * kw]
    # With no other claim to tell, the first stated wins, as before ("$5bn, up from $3bn").
    alone = one_report_per_claim([fig("e", 5 * BN, idx=0), fig("e", 3 * BN, idx=1)])
    assert [f.value for f in alone] == [5 * BN]
    # A real disagreement stays one: the two-value sentence against an outlet stating its first.
    kept = one_report_per_claim(
        [fig("g", 5 * BN, idx=0), fig("g", 3 * BN, idx=1), fig("h", 5 * BN), fig("i", 2 * BN)]
    )
    assert len(positions(kept)) == 2
    assert sorted(f.value for f in kept) == [2 * BN, 5 * BN, 5 * BN]
