"""Tests for nlp.nonsentences: table rows and promo lines are no claims, sentences still are."""

from __future__ import annotations

import pytest

from nlp.claims import claim_from_sentence
from nlp.nonsentences import non_sentence
from nlp.quantities import parse_quantities

ROWS = [
    ("QB J. Smith 31 88% 2 TD", "en"),
    ("WR Dante Okoro 4 7% Limited snaps this week.", "en"),  # a snap-count row (realtext7 dev round 10)
    ("LB Marcus Van Dyke 61 100%", "en"),
    ("ACME CORP 12.50 -0.40 -3.1%", "en"),
    ("DJIA 38,150.30 -350.20 -0.91%", "en"),
    ("Trump 47% Harris 48% Undecided 5%", "en"),
    ("Mahomes 28-of-35 312 yds 3 TD 0 INT", "en"),
    ("Nasdaq 16,274.94 +183.02 (+1.14%)", "en"),
    ("Revenue\t$5.2bn\t$4.8bn\t+8%", "en"),
    ("| Q1 | 12% | 15% |", "en"),
    ("トヨタ 2,850 +35 +1.2%", "ja"),
    ("贵州茅台 1,680.00 -12.50 -0.74%", "zh"),
]
PROMOS = [
    ("Use promo code VOTE2024 for 20% off campaign merchandise.", "en"),
    ("Enter code SPRING25 at checkout and save big.", "en"),
    ("Get $10 off your first order this week.", "en"),
    ("Take $15 off the order when you sign up today.", "en"),  # "the order" is no shelf price
    ("クーポンコードを入力すると10%割引になります。", "ja"),
    ("使用优惠码可享受八折优惠。", "zh"),
]
SENTENCES = [
    ("GDP grew 2.1% in the first quarter, 3.0% in the second and 4.9% in the third.", "en"),
    ("Nvidia Q2 Revenue Jumps 122% To $30 Billion, Beats $28.7 Billion Estimate", "en"),
    ("Sales rose 12% to $5.2 billion, while costs fell 3% to $1.1 billion.", "en"),
    ("The blender is now $40 off its usual price at the big-box chain, a new low.", "en"),
    ("Lakers 112, Celtics 108", "en"),  # two numbers: too little to call a table
    ("QB Ray Tolliver signed a $40 million extension on Monday.", "en"),  # a name, then a sentence
    ("TE coach Bill Hart said 12 players were injured.", "en"),
    ("TE Connectivity 2024 sales rose 5% to $16 billion.", "en"),  # a company, not a position
    ("The senator said 47% of voters back the plan, 48% oppose it and 5% are undecided.", "en"),
    ("失業率は2.8%から2.5%に低下し、賃金は3.1%上昇した。", "ja"),
    ("该公司营收增长12%，利润增长15%，毛利率达到41%。", "zh"),
]


@pytest.mark.parametrize(("text", "lang"), ROWS)
def test_nonsentences_table_rows(text, lang):
    assert non_sentence(text, lang) == "table-row"


@pytest.mark.parametrize(("text", "lang"), PROMOS)
def test_nonsentences_promo_lines(text, lang):
    assert non_sentence(text, lang) == "promo"


@pytest.mark.parametrize(("text", "lang"), SENTENCES)
def test_nonsentences_sentences_with_many_figures_are_kept(text, lang):
    assert non_sentence(text, lang) is None


@pytest.mark.parametrize(("text", "lang"), ROWS + PROMOS)
def test_nonsentences_claim_stage_keeps_no_row(text, lang):
    assert claim_from_sentence(text, 0, lang, parse_quantities(text, lang), []) is None


def test_nonsentences_claim_stage_keeps_the_sentence():
    text = "Sales rose 12% to $5.2 billion, while costs fell 3% to $1.1 billion."
    claim = claim_from_sentence(text, 0, "en", parse_quantities(text), [])
    assert claim is not None
    assert [f.value for f in claim.figures] == [12, pytest.approx(5.2e9), 3, pytest.approx(1.1e9)]


# Questions: a rhetorical one presupposes its figures and is a claim; an open one asks about them.
RHETORICAL = [
    ("Did you know the state closed 1,400 rural schools?", "en", [1400]),
    ("Why are taxpayers covering a $9 million stadium loan?", "en", [9e6]),
    ("Teachers got a 2% raise while managers got 14% -- where is the fairness?", "en", [2, 14]),
    ("Doesn't it bother you that 30,000 veterans sleep rough?", "en", [30000]),
    ("Who approved the 600 new parking meters?", "en", [600]),
    # A negated past counterfactual presupposes what it negates (realtext dev round 5, made up).
    ("If the mayor hadn't spent $40 million on the stadium, where would we be?", "en", [4e7]),
    ("If she had not cut 300 jobs, who would have?", "en", [300]),
    ("なぜ政府は5億円を支払ったのか？", "ja", [5e8]),
    ("为什么该项目花费了3亿元？", "zh", [3e8]),
]
OPEN_QUESTIONS = [
    ("Will unemployment fall below 4 percent next year?", "en"),
    ("Should the city borrow $200 million for the tram?", "en"),
    ("Was the overrun $3 million or $4 million?", "en"),
    ("So which is it, 12% or 15%?", "en"),
    ("If rents rise 10 percent, where will nurses live?", "en"),
    ("If he had inherited $5 million, what would he do?", "en"),
    ("電気料金は10%上がるのでしょうか？", "ja"),
    ("油价会涨到每升10元吗？", "zh"),
]


@pytest.mark.parametrize(("text", "lang", "values"), RHETORICAL)
def test_nonsentences_rhetorical_question_keeps_its_figures(text, lang, values):
    assert non_sentence(text, lang) is None
    claim = claim_from_sentence(text, 0, lang, parse_quantities(text, lang), [])
    assert claim is not None
    assert [f.value for f in claim.figures] == [pytest.approx(v) for v in values]


@pytest.mark.parametrize(("text", "lang"), OPEN_QUESTIONS)
def test_nonsentences_open_question_is_no_claim(text, lang):
    assert non_sentence(text, lang) == "question"
    assert claim_from_sentence(text, 0, lang, parse_quantities(text, lang), []) is None


def test_nonsentences_question_without_a_figure_is_no_claim():
    # "Why ..." presupposes, but with nothing to check a question stays out (claims gold en-044)
    text = "Why does the council keep ignoring the auditors?"
    assert claim_from_sentence(text, 0, "en", parse_quantities(text), []) is None


@pytest.mark.parametrize(
    ("text", "value", "lower", "upper"),
    [
        ("... well over $4 billion.", 4e9, 4e9, None),
        ("Under 15 percent.", 15, None, 15),
        ("Roughly 9,000 of them.", 9000, 8100, 9900),
    ],
)
def test_nonsentences_short_fragment_with_a_figure_is_a_claim(text, value, lower, upper):
    claim = claim_from_sentence(text, 0, "en", parse_quantities(text), [])
    assert claim is not None
    [figure] = claim.figures
    assert (figure.value, figure.lower, figure.upper) == pytest.approx((value, lower, upper))


@pytest.mark.parametrize("text", ["Read more", "Posted in 2024.", "See page 4."])
def test_nonsentences_short_fragment_without_a_figure_is_no_claim(text):
    assert claim_from_sentence(text, 0, "en", parse_quantities(text), []) is None


# A gallery's or a thread's counter alone on a page line labels a link (realtext7 dev class, made-up
# cases); a sentence that counts photos or comments, and a bare count of likes, stay.
@pytest.mark.parametrize(
    "text",
    [
        "(32 Photos)",
        "12 Videos",
        "[5 Slides]",
        "48 comments",
        "View 9 photos",
        "Tap to see 20 photos of the fair",
        # round 11 (made up): share and reply counters (realtext6 README: page furniture) and a pager
        "212 Shares",
        "3.4K shares",
        "(18 replies)",
        "Showing 41-60 of 2,310 results",
    ],
)
def test_nonsentences_gallery_or_comment_counter_line(text):
    assert non_sentence(text, "en") == "counter"


@pytest.mark.parametrize(
    "text",
    [
        "Police released 32 photos of the suspects.",
        "The post drew 48 comments in an hour.",
        "1,200 likes",
        "Visitors can view 40 photos that the museum bought in 2019.",
        "The fund sold 212 shares of the bank.",
        "Showing 41 films, the festival opened on Friday.",
    ],
)
def test_nonsentences_counted_photos_in_a_sentence_are_kept(text):
    assert non_sentence(text, "en") is None
