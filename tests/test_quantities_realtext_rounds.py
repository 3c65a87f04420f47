"""Figures on real text, dev-round classes (issue 13 item 3): the failure classes each round drew
from the dev halves of the real-text sets (realtext3, realtext4) and of blind2, written here as
made-up sentences. Split from tests/test_quantities_news.py, which keeps the classes the issue
itself listed."""

from __future__ import annotations

import pytest
from test_quantities import _approx

from nlp.quantities import parse_quantities


# Realtext3 dev classes (made up): "bucks" is money; a vague "double digits" or "half of the
# nurses" is no multiple; a capitalised number word inside a name is no count.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("They raised the parking fee to 8 bucks a day.", [(8.0, "USD")]),
        ("Rents have risen by double digits every year.", []),
        ("Prices rose by triple digits.", []),
        ("More than half of the nurses at the county clinic quit.", []),
        ("Sales doubled to 40,000 units.", [(2.0, "x"), (40000.0, "count")]),
        ("The Four Seasons hotel group opened 14 new resorts in Asia.", [(14.0, "count")]),
        ("US Charges Two Chinese Nationals Over Chip Smuggling", [(2.0, "count")]),
        ("Two Chinese nationals were charged.", [(2.0, "count")]),
        ("The Milwaukee Bucks won 112 to 100.", []),
    ],
)
def test_quantities_realtext3_classes(text, want):
    assert [(q.value, q.unit) for q in parse_quantities(text, "en")] == want


# Realtext3 dev classes I2 and I3 (made up): a hedge before "a" and digits still bounds them; a
# negated lower bound ("could not hold more than eight") is an upper one.
@pytest.mark.parametrize(
    ("text", "interval"),
    [
        ("The clinic treated around a 40,000 patients.", (36000.0, 44000.0)),
        ("We raised roughly a 2.5 million dollars.", (2.25e6, 2.75e6)),
        ("The ferry is not allowed to carry more than 40 passengers.", (None, 40.0)),
        ("The lift could not hold more than eight people.", (None, 8.0)),
        ("The firm doesn't employ over 200 people.", (None, 200.0)),
        ("It is not clear whether more than 40 people died.", (40.0, None)),
        ("It was not just more than 40 people.", (40.0, None)),
        # "n't" glued to its verb is excluded from the same words as "not" is.
        ("The firm doesn't just employ more than 200 people.", (200.0, None)),
        ("The hall can’t seat more than 900 people.", (None, 900.0)),
        ("More than 40 people died.", (40.0, None)),
    ],
)
def test_quantities_realtext3_hedge_classes(text, interval):
    (q,) = parse_quantities(text, "en")
    assert (q.lower, q.upper) == pytest.approx(interval)


# Blind2 dev round 3 (made up): "over" as a verb's particle is no lower bound.
@pytest.mark.parametrize(
    ("text", "interval"),
    [
        ("The cluster has 4,000 optical links spread over 16 cabinets.", [(4000.0, 4000.0), (16.0, 16.0)]),
        ("Acme agreed to hand over 15% of its revenue.", [(15.0, 15.0)]),
        ("The firm forked over $2 million to settle.", [(2e6, 2e6)]),
        ("Acme handed over more than $3 billion.", [(3e9, None)]),
        ("Sales rose to over $12 billion.", [(12e9, None)]),
        ("The deal is worth over $5 million.", [(5e6, None)]),
    ],
)
def test_quantities_over_after_a_particle_verb_is_no_bound(text, interval):
    assert [(q.lower, q.upper) for q in parse_quantities(text, "en")] == interval


# Realtext3 dev round 2 (made up): an adjectival scaled "-dollar" amount is money; "double and
# triple digits" no multiple; a transcript's "(ph)" between a number and its noun; a false start
# before a dash restated with its unit; a plain "N-dollar bill" stays out (no scale word).
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The agency approved a billion-dollar ferry contract.", [(1e9, "USD", 1e9, 1e9)]),
        ("Regulators imposed more than a million-dollar fine.", [(1e6, "USD", 1e6, None)]),
        ("The city floated a two-billion-dollar bond.", [(2e9, "USD", 2e9, 2e9)]),
        ("He paid with a 20-dollar bill.", []),
        ("Tuition has risen by double and triple digits.", []),
        ("Fees jumped by double or even triple digits.", []),
        ("Tuition doubled and rents tripled.", [(2.0, "x", 2.0, 2.0), (3.0, "x", 3.0, 3.0)]),
        ("Four hundred and twelve (ph) nurses signed the letter.", [(412.0, "count", 412.0, 412.0)]),
        ("Sixty (inaudible) veterans were turned away.", [(60.0, "count", 60.0, 60.0)]),
        ("We collected a million — more than a million-dollar settlement.", [(1e6, "USD", 1e6, None)]),
        ("India has 1.4 billion — more than any nation.", [(1.4e9, "count", 1.4e9, 1.4e9)]),
        # Blind3 dev round 3: "roughly a quarter" after a figure hedges the ratio, not the figure.
        (
            "Each chip delivers 400 teraflops, roughly a quarter of the rival's.",
            [(4e14, "FLOPS", 4e14, 4e14), (0.25, "x", 0.225, 0.275)],
        ),
    ],
)
def test_quantities_realtext3_round2_classes(text, want):
    got = [(q.value, q.unit, q.lower, q.upper) for q in parse_quantities(text, "en")]
    assert got == want


# Blind2 dev round 3 (made up): 项 counts ("展品超过3000项" is no year), 至少有 bounds what
# follows it.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("本届展会展品超过2000项。", [(2000.0, "count", 2000.0, None)]),
        ("至少有价值3亿美元的芯片被走私。", [(3e8, "USD", 3e8, None)]),
        ("至少有2000名观众到场。", [(2000.0, "count", 2000.0, None)]),
    ],
)
def test_quantities_blind2_round3_zh_counters_and_hedges(text, want):
    got = [(q.value, q.unit, q.lower, q.upper) for q in parse_quantities(text, "zh")]
    assert got == want


# Realtext4 dev classes (made up): "no higher than" is an upper bound; a month's day before a
# plural ("the July 7 bombings") is a date; "U.S." inside a counted noun; a partitive whose
# possessor is a full name; "a stunt double" or "hit a triple" is no multiple.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Rent rises will be held to no higher than 4 percent.", [(4.0, "%", None, 4.0)]),
        ("Fees of no greater than $30 apply.", [(30.0, "USD", None, 30.0)]),
        ("Survivors of the July 7 bombings met.", []),
        ("After the April 19 protests, 40 people were held.", [(40.0, "count", 40.0, 40.0)]),
        ("The blast wounded five U.S. Marines.", [(5.0, "count", 5.0, 5.0)]),
        ("Tehran expelled 12 U.N. inspectors.", [(12.0, "count", 12.0, 12.0)]),
        ("Fourteen of Utah Gov. Ann Lee's staffers quit.", [(14.0, "count", 14.0, 14.0)]),
        ("Nine of Bob Kerr's former aides testified.", [(9.0, "count", 9.0, 9.0)]),
        ("One of Bob Kerr's aides spoke.", []),
        ("The senator used a stunt double.", []),
        ("He hit a triple in the fifth.", []),
        ("Costs are now double last year's.", [(2.0, "x", 2.0, 2.0)]),
    ],
)
def test_quantities_realtext4_classes(text, want):
    got = [(q.value, q.unit, q.lower, q.upper) for q in parse_quantities(text, "en")]
    assert got == want


# Spoken "like" before a number is "about" (realtext4 README) after a pause, a verb of being, having
# or costing, or a vague word; a verb "like" or a comparison keeps the figure exact (made up).
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Fixing it costs like $800.", [(800.0, "USD", 720.0, 880.0)]),
        ("There were like 300 people in the hall.", [(300.0, "count", 270.0, 330.0)]),
        ("We signed up, like, 40 volunteers.", [(40.0, "count", 36.0, 44.0)]),
        ("She paid something like $2,000 for it.", [(2000.0, "USD", 1800.0, 2200.0)]),
        # negatives: a verb or a comparison
        ("I'd like 2 tickets, please.", [(2.0, "count", 2.0, 2.0)]),
        ("It looks like 5 people were hurt.", [(5.0, "count", 5.0, 5.0)]),
        ("Towns like 12 others have sued.", [(12.0, "count", 12.0, 12.0)]),
    ],
)
def test_quantities_spoken_like_is_about(text, want):
    got = [(q.value, q.unit, q.lower, q.upper) for q in parse_quantities(text, "en")]
    assert got == [(v, u, _approx(lo), _approx(hi)) for v, u, lo, hi in want]


# A lower-case x glued to a model number before a plural noun names the model, as "777X" does
# (realtext6 dev class, made up here); ratios keep their comparison or their singular noun.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Qantas deferred its 787x jets again.", []),
        ("The carrier now flies 20 737x planes.", [(20.0, "count", 20.0, 20.0)]),
        # negatives: ratios
        ("The new chip runs 125x faster.", [(125.0, "x", 125.0, 125.0)]),
        ("It promises a 125x speedup.", [(125.0, "x", 125.0, 125.0)]),
        ("Card members earn 3x points.", [(3.0, "x", 3.0, 3.0)]),
        ("Costs rose 10x in a decade.", [(10.0, "x", 10.0, 10.0)]),
    ],
)
def test_quantities_model_number_glued_to_x_is_no_ratio(text, want):
    got = [(q.value, q.unit, q.lower, q.upper) for q in parse_quantities(text, "en")]
    assert got == want


# "$20 and up" is a price floor (round 10, made up); before a move or a bound "and up" is none.
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The stock closed at $20 and up 5% on the week.", 20),
        ("Seats cost $40 and up to $90 at the door.", 40),
    ],
)
def test_quantities_and_up_before_a_move_or_a_bound_is_no_hedge(text, value):
    first = parse_quantities(text)[0]
    assert (first.value, first.lower, first.upper) == (value, value, value)
