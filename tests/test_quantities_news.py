"""Figures on real news text (issue 13 item 3): the failure classes measured on the real-text
set, each written here as made-up sentences in varied wordings. The table-driven checks reuse
tests/test_quantities.py's."""

from __future__ import annotations

import pytest
from test_quantities import CNY, FIELDS, INF, JPY, USD, _approx
from test_quantities import test_quantities_offsets_match_surface_with_prefix as check_offsets
from test_quantities import test_quantities_table as check_table

from nlp.quantities import parse_quantities

# Issue 13 item 3: failure classes measured on real news text (examples written here, in varied
# wordings). Each list keeps the CASES layout where a single figure is expected.
WORD_CURRENCIES = [  # a currency named in words is money, not a count of "Singapore dollars"
    ("50 billion Singapore dollars", "en", 5e10, "SGD", 5e10, 5e10, "50 billion Singapore dollars", "exact"),
    ("2.5 billion Canadian dollars", "en", 2.5e9, "CAD", 2.5e9, 2.5e9, "2.5 billion Canadian dollars",
     "exact"),
    ("40 million Hong Kong dollars", "en", 4e7, "HKD", 4e7, 4e7, "40 million Hong Kong dollars", "exact"),
    ("3 billion Australian dollars", "en", 3e9, "AUD", 3e9, 3e9, "3 billion Australian dollars", "exact"),
    ("300 million Chinese yuan", "en", 3e8, CNY, 3e8, 3e8, "300 million Chinese yuan", "exact"),
    ("nearly 2 trillion Korean won", "en", 2e12, "KRW", 1.7e12, 2e12, "nearly 2 trillion Korean won",
     "nearly"),
    ("Rs 500 crore", "en", 5e9, "INR", 5e9, 5e9, "Rs 500 crore", "exact"),
    ("S$1.2 billion", "en", 1.2e9, "SGD", 1.2e9, 1.2e9, "S$1.2 billion", "exact"),
    ("A$300m", "en", 3e8, "AUD", 3e8, 3e8, "A$300m", "exact"),
    ("5 billion Swiss francs", "en", 5e9, "CHF", 5e9, 5e9, "5 billion Swiss francs", "exact"),
    ("500億シンガポールドル", "ja", 5e10, "SGD", 5e10, 5e10, "500億シンガポールドル", "exact"),
    ("300億人民元", "ja", 3e10, CNY, 3e10, 3e10, "300億人民元", "exact"),  # not 300億人 (people)
    ("500亿新元", "zh", 5e10, "SGD", 5e10, 5e10, "500亿新元", "exact"),
    ("30亿澳元", "zh", 3e9, "AUD", 3e9, 3e9, "30亿澳元", "exact"),
]  # fmt: skip
MORE_HEDGES = [  # DESIGN.md's table: just short of ~ nearly, closer to ~ about, as much as ~ up to
    ("just short of $2 billion", "en", 2e9, USD, 1.7e9, 2e9, "just short of $2 billion", "nearly"),
    ("shy of 70%", "en", 70, "%", 59.5, 70, "shy of 70%", "nearly"),
    ("closer to $3 million", "en", 3e6, USD, 2.7e6, 3.3e6, "closer to $3 million", "about"),
    ("well above 7%", "en", 7, "%", 7, INF, "above 7%", "at_least"),
    ("as high as 9%", "en", 9, "%", INF, 9, "as high as 9%", "at_most"),
    ("a minimum of 500 workers", "en", 500, "count", 500, INF, "a minimum of 500 workers", "at_least"),
    ("capped at $25,000", "en", 25000, USD, INF, 25000, "capped at $25,000", "at_most"),
    ("$4 billion or so", "en", 4e9, USD, 3.6e9, 4.4e9, "$4 billion or so", "about"),
    ("upward of 300 people", "en", 300, "count", 300, INF, "upward of 300 people", "at_least"),  # US spelling
    ("in the neighborhood of $5m", "en", 5e6, USD, 4.5e6, 5.5e6, "in the neighborhood of $5m", "about"),
    ("in the vicinity of $3 million", "en", 3e6, USD, 2.7e6, 3.3e6, "in the vicinity of $3 million", "about"),
    ("tickets at $20 and up", "en", 20, USD, 20, INF, "$20 and up", "at_least"),  # not "and up 5%"
    ("50-plus countries", "en", 50, "count", 50, INF, "50-plus countries", "at_least"),
    # "-plus" or "+" glued to a sum (realtext3 README: "-plus" is "more than"; dev round 10, made up)
    ("a $2 million-plus bonus", "en", 2e6, USD, 2e6, INF, "$2 million-plus", "at_least"),
    ("tickets at $300+ each", "en", 300, USD, 300, INF, "$300+", "at_least"),
    ("wings at 2-for-$10", "en", 10, USD, 10, 10, "$10", "exact"),  # an offer's price stays money
    ("$25 + tax", "en", 25, USD, 25, 25, "$25", "exact"),  # a sum, not a hedge
    # "-odd" and "-some-odd" glued to a count are "-plus" (realtext3 README: "30-some-odd" -> more than;
    # round 11, made up)
    ("some 30-odd protesters", "en", 30, "count", 30, INF, "some 30-odd protesters", "at_least"),
    ("the 40-some-odd members", "en", 40, "count", 40, INF, "40-some-odd members", "at_least"),
    # ... and a scale word after the hedge still scales the sum ("$50-plus" of "$50-plus billion" was $50)
    ("a $50-plus billion bill", "en", 5e10, USD, 5e10, INF, "$50-plus billion", "at_least"),
    ("it cost $200-odd million", "en", 2e8, USD, 2e8, INF, "$200-odd million", "at_least"),
    ("$5 million-plus", "en", 5e6, USD, 5e6, INF, "$5 million-plus", "at_least"),  # one scale only
    ("300-plus million people", "en", 3e8, "count", 3e8, INF, "300-plus million people", "at_least"),
    # "as few as", "as little as", "as low as" mirror "as many as" (at most): a lower bound (round 11)
    ("as few as 12 bidders", "en", 12, "count", 12, INF, "as few as 12 bidders", "at_least"),
    ("loans at as low as 4%", "en", 4, "%", 4, INF, "as low as 4%", "at_least"),
    ("as little as $30 a month", "en", 30, USD, 30, INF, "as little as $30", "at_least"),
    ("10万人に迫った", "ja", 1e5, "count", 0.85e5, 1e5, "10万人に迫った", "nearly"),
    ("1兆円を超す", "ja", 1e12, JPY, 1e12, INF, "1兆円を超す", "at_least"),
    ("不足300亿元", "zh", 3e10, CNY, INF, 3e10, "不足300亿元", "at_most"),
    ("不少于500家企业", "zh", 500, "count", 500, INF, "不少于500家", "at_least"),
    ("几乎5000亿美元", "zh", 5e11, USD, 4.25e11, 5e11, "几乎5000亿美元", "nearly"),
    ("大概3万人", "zh", 3e4, "count", 2.7e4, 3.3e4, "大概3万人", "about"),
]  # fmt: skip
SPELLED_OUT = [  # numbers in words are figures in English
    ("two million jobs", "en", 2e6, "count", 2e6, 2e6, "two million jobs", "exact"),
    ("twenty percent", "en", 20, "%", 20, 20, "twenty percent", "exact"),
    ("a billion dollars", "en", 1e9, USD, 1e9, 1e9, "a billion dollars", "exact"),
    ("seventy-five basis points", "en", 0.75, "%", 0.75, 0.75, "seventy-five basis points", "exact"),
]
ISSUE13 = WORD_CURRENCIES + MORE_HEDGES + SPELLED_OUT


@pytest.mark.parametrize(FIELDS, WORD_CURRENCIES)
def test_quantities_currency_named_in_words(text, lang, value, unit, lower, upper, surface, hedge):
    check_table(text, lang, value, unit, lower, upper, surface, hedge)


@pytest.mark.parametrize(FIELDS, MORE_HEDGES)
def test_quantities_more_hedges(text, lang, value, unit, lower, upper, surface, hedge):
    check_table(text, lang, value, unit, lower, upper, surface, hedge)


@pytest.mark.parametrize(FIELDS, SPELLED_OUT)
def test_quantities_spelled_out_numbers(text, lang, value, unit, lower, upper, surface, hedge):
    check_table(text, lang, value, unit, lower, upper, surface, hedge)


@pytest.mark.parametrize(("text", "lang"), [(c[0], c[1]) for c in ISSUE13])
def test_quantities_issue13_offsets_match_surface_with_prefix(text, lang):
    check_offsets(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Operating margins rose sharply from 12% to 18%.", "en", [(12, "%"), (18, "%")]),
        ("The share increased last year from 20% to 25%.", "en", [(20, "%"), (25, "%")]),
        ("Unemployment went from 4.7% to 3.5% under his watch.", "en", [(4.7, "%"), (3.5, "%")]),
        ("He cut the corporate rate from 35 to 21 percent.", "en", [(35, "%"), (21, "%")]),  # bare side
        ("The rate fell from 4.7 percent to 3.5.", "en", [(4.7, "%"), (3.5, "%")]),
        ("The deficit has ballooned from $400 billion to $1 trillion.", "en", [(4e11, USD), (1e12, USD)]),
        ("Output fell from 1.5 to 1.2 million barrels of steel.", "en", []),  # barrels: a volume
        ("Rates rose by 75 basis points to 5.25%.", "en", [(0.75, "%"), (5.25, "%")]),
        ("営業利益率は12%から18%へと改善した。", "ja", [(12, "%"), (18, "%")]),
        ("毛利率从32%大幅提升至41%。", "zh", [(32, "%"), (41, "%")]),
        ("利润率由12%升至18%。", "zh", [(12, "%"), (18, "%")]),
    ],
)
def test_quantities_change_statement_is_two_figures(text, lang, expected):
    found = parse_quantities(text, lang)
    assert [(q.value, q.unit) for q in found] == [(pytest.approx(v), u) for v, u in expected]
    assert all(q.hedge == "exact" for q in found)


@pytest.mark.parametrize(
    ("text", "lower", "upper"),
    [
        ("Prices range from $5 to $10.", 5, 10),
        ("Estimates vary from $5 to $10.", 5, 10),
        ("Fares rose, with tickets from $5 to $10.", 5, 10),  # the change word is in another clause
        ("Prices rose 3-4% in May.", 3, 4),
    ],
)
def test_quantities_range_stays_a_range(text, lower, upper):
    (q,) = [q for q in parse_quantities(text) if q.unit != "year"]
    assert (q.hedge, q.lower, q.upper) == ("range", lower, upper)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The Earth is 4.5 billion years old.", "en"),
        ("The star lies 200 light-years away.", "en"),
        ("The index fell 350 points.", "en"),
        ("He faces up to five years in prison.", "en"),
        ("The trip takes 45 minutes by train.", "en"),
        ("The storm dropped 30 inches of snow over 3 days.", "en"),
        ("Police seized 4,000 pounds of fentanyl.", "en"),
        ("The field is 300 square miles.", "en"),
        ("He ran for 112 yards and 2 touchdowns.", "en"),
        ("She is 45 years old and has served 20 to 25 years.", "en"),
        ("The plant uses 40 kilowatt-hours a day.", "en"),
        ("被告は懲役5年の判決を受けた。", "ja"),
        ("日経平均株価は350円安となった。", "ja"),
        ("地球已有45亿年历史。", "zh"),
        ("道指下跌350点。", "zh"),
        ("他每天下午3点跑步10公里。", "zh"),
        ("他被判处5年有期徒刑，罚款期限为6个月。", "zh"),
    ],
)
def test_quantities_measures_are_not_figures(text, lang):
    assert [q for q in parse_quantities(text, lang) if q.unit != "year"] == []


@pytest.mark.parametrize(
    "text",
    [
        "The Boeing 737 jets were grounded.",
        "Windows 11 users got the update.",
        "Fortune 500 companies",
        "The Russell 2000 index",
        "The F-35 jets and MiG-29 fighters",
        "COVID-19 cases",
        "Traffic on I-95 and Route 66 slowed.",
        "Lawmakers passed H.R. 3762 and S. 2024.",
        "Call 555-123-4567 or 1-800-555-0199.",
        "Use code SAVE20 at checkout.",
        "A 65-year-old man was arrested.",
        "He finished 3rd in the race.",
        "Dozens of people and millions of dollars were involved.",
        "Tens of thousands marched.",
        "The meeting starts at 5:30 p.m.",
        "The Lakers won 112-108.",
        "He spent 20-odd years in the industry.",  # "-odd" on a duration: still a duration
        "The bookmakers had the odds at 30-1.",
        "She could be paroled in as little as three years.",  # a duration, hedged or not
        "The 2-for-1 deal ends Sunday.",  # a glued offer or series: no count of deals (round 11)
        "Grocers ran 3-for-2 promotions all week.",
        "They took a 2-of-3 series from Ohio.",
    ],
)
def test_quantities_traps_hold_no_figure(text):
    assert parse_quantities(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Families can get up to $5,000 and $2,000 for each child.", [(None, 5000), (None, 2000)]),
        ("at least 30%, 25% or 20%", [(30, None), (25, None), (20, None)]),
        ("about $5 billion and $3 billion", [(4.5e9, 5.5e9), (2.7e9, 3.3e9)]),
        # Parallel phrases: the hedge governs both amounts (realtext GUIDE: "in excess of $6 ... and $9").
        ("up to $5,000 for adults and $2,000 for children", [(None, 5000), (None, 2000)]),
        ("in excess of $6 for a sandwich and $9 for a salad", [(6, None), (9, None)]),
        ("Rents rose about 30% in the capital and 25% in the port city.", [(27, 33), (22.5, 27.5)]),
        ("at least $40 per ticket or $70 per pair", [(40, None), (70, None)]),
        # ... but not across a clause, nor onto an amount with its own hedge or another unit.
        ("up to $5,000 for adults, while children get $2,000", [(None, 5000), (2000, 2000)]),
        ("up to $5,000 for adults and as little as $100 for children", [(None, 5000), (100, None)]),
        ("at most 5% of the vote and 3 million people", [(None, 5), (3e6, 3e6)]),
        (
            "up to $5,000 for adults who say they need more than a year and $2,000",
            [(None, 5000), (2000, 2000)],
        ),
        ("up to 20% and 3 million people", [(None, 20), (3e6, 3e6)]),  # another unit
        ("up to $5,000 and as little as $100", [(None, 5000), (100, None)]),
    ],
)
def test_quantities_hedge_governs_coordinated_figures(text, expected):
    found = parse_quantities(text)
    assert [(q.lower, q.upper) for q in found] == [(_approx(lo), _approx(hi)) for lo, hi in expected]


def test_quantities_signed_cell_is_no_range():
    # "12.50 -0.40 -3.1%": minus signs of a ticker row, not dashes of a range
    assert all(q.hedge != "range" for q in parse_quantities("ACME CORP 12.50 -0.40 -3.1%"))


def test_quantities_ordinal_digits_after_dai():
    assert parse_quantities("第3四半期", "ja") == []


# Issue 13 item 3, second round of real-text failure classes (sentences written for these tests).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # counts whose noun is not right after the number: partitives, comparisons, possessive names
        ("Auditors visited 48 of our regional depots.", [(48, "count", "regional depots")]),
        ("Only 9 of them finished the course.", [(9, "count", None)]),
        (
            "It employs 2,300 staff, 400 of whom work nights.",
            [(2300, "count", "staff"), (400, "count", None)],
        ),
        ("The register now holds 5120 fewer than in March.", [(5120, "count", None)]),
        ("The group sold 32 Denny's diners.", [(32, "count", "Denny's diners")]),
        # an elided noun after a count: it takes the noun of that count
        (
            "Floods hit 12,000 farms, including 900 in the delta.",
            [(12000, "count", "farms"), (900, "count", "farms")],
        ),
        ("The plant cut 300 jobs in May and 120 in June.", [(300, "count", "jobs"), (120, "count", "jobs")]),
    ],
)
def test_quantities_counts_without_a_noun_right_after(text, expected):
    assert [(q.value, q.unit, q.noun) for q in parse_quantities(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "She is one of the richest women in the country.",
        "The rule is set out on page 14 of the report.",
        "On May 5 more than usual turned up.",
        "He scored 3 and 4 in those matches.",  # no count before to lend its noun
    ],
)
def test_quantities_bare_number_stays_no_count(text):
    assert parse_quantities(text) == []


@pytest.mark.parametrize(
    ("text", "lower", "upper", "hedge"),
    [
        ("Perhaps 600 homes were flooded.", 540, 660, "about"),
        ("Maybe $2 million went missing.", 1.8e6, 2.2e6, "about"),
        ("Approx 70 percent of seats were filled.", 63, 77, "about"),
        ("Prices are greater than $12 a box.", 12, INF, "at_least"),
        ("The fee is lower than 2 percent.", INF, 2, "at_most"),
        ("A near-$8 billion bailout was signed.", 6.8e9, 8e9, "nearly"),
        ("Output fell a touch below 5 percent.", 4.25, 5, "nearly"),
        ("Turnout hit slightly under 60%.", 51, 60, "nearly"),
        ("Attendance was 12,000 people, roughly.", 10800, 13200, "about"),
        ("Each seat costs $40 a head, approximately.", 36, 44, "about"),
        ("Turnout reached 64 percent or thereabouts.", 57.6, 70.4, "about"),
    ],
)
def test_quantities_more_hedge_wording(text, lower, upper, hedge):
    [q] = parse_quantities(text)
    assert (q.hedge, q.lower, q.upper) == (hedge, _approx(lower), _approx(upper))


@pytest.mark.parametrize(
    "text",
    [
        "Turnout was 61 percent, roughly 4 million voters.",
        "The rack draws 559 kW, roughly four times the rival's.",  # a number word follows
        "It costs $8 million, roughly twice the price of the older model.",
    ],
)
def test_quantities_trailing_hedge_word_before_another_number_is_that_numbers(text):
    first, second = parse_quantities(text)
    assert (first.hedge, second.hedge) == ("exact", "about")


@pytest.mark.parametrize(
    ("text", "lang", "kept"),
    [
        # Made up: how many sources an outlet has is no figure of what it reports.
        ("The licences were approved in mid-August, two officials said.", "en", []),
        ("Huawei shipped 300 systems, according to three people familiar with the matter.", "en", [300]),
        ("Two US officials said the licences were approved.", "en", []),
        ("Two people briefed on the talks told reporters that the deal was done.", "en", []),
        ("两名知情人士透露，英伟达已获得许可。", "zh", []),
        ("関係者2人によると、エヌビディアは許可を得た。", "ja", []),
        # ... while counted people stay counts, sourced or not.
        ("The fire killed 12 people, officials said.", "en", [12]),
        ("About 300 officials attended the summit.", "en", [300]),
        ("Some 2,000 employees said they would strike.", "en", [2000]),
    ],
)
def test_quantities_a_count_of_sources_is_no_figure(text, lang, kept):
    assert [q.value for q in parse_quantities(text, lang) if q.unit == "count"] == kept


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Half a million tourists came.", 5e5, "count"),
        ("The deal is worth half a billion euros.", 5e8, "EUR"),
        ("A quarter of a million homes lost power.", 2.5e5, "count"),
        ("Two thirds of a billion people live there.", 2e9 / 3, "count"),
        ("They spent three-quarters of a million dollars.", 7.5e5, "USD"),
    ],
)
def test_quantities_fraction_of_a_scale_word(text, value, unit):
    [q] = parse_quantities(text)
    assert (q.value, q.unit, q.hedge) == (pytest.approx(value), unit, "exact")


def test_quantities_fraction_of_a_thing_is_still_a_ratio():
    [q] = parse_quantities("A quarter of the budget went on fees.")
    assert (q.value, q.unit) == (0.25, "x")


# Round 11 (made up; realtext7 README: "a quarter-point" rate cut = 0.25 %): a fraction of a percentage
# point is a percent, exact; a bare "point" only in a sentence about rates or yields ("a half-point
# lead" in a chess table is none), and a fraction of points scored stays out.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The central bank made a quarter-point cut.", [(0.25, "%")]),
        ("Policymakers raised rates by half a percentage point.", [(0.5, "%")]),
        ("Yields rose three quarters of a point this week.", [(0.75, "%")]),
        ("Support slipped a quarter of a percentage point.", [(0.25, "%")]),
        ("She holds a half-point lead after round seven.", []),
        ("A quarter of the points came from free throws.", []),
    ],
)
def test_quantities_fraction_of_a_percentage_point(text, expected):
    assert [(q.value, q.unit) for q in parse_quantities(text)] == [(pytest.approx(v), u) for v, u in expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tariffs may rise 8 or 9 percent.", [(8, "%"), (9, "%")]),
        ("Bonuses of 2, 3, 6 percent were paid.", [(2, "%"), (3, "%"), (6, "%")]),
        ("It costs 4 or 5 dollars.", [(4, USD), (5, USD)]),
        ("About 2 or 3 million people moved.", [(2e6, "count"), (3e6, "count")]),
        ("In week 3, 20 percent quit.", [(20, "%")]),  # one comma: no list
        ("They waited 2 or 3 years.", []),  # a duration list stays out
    ],
)
def test_quantities_list_members_take_the_last_members_unit(text, expected):
    assert [(q.value, q.unit) for q in parse_quantities(text)] == [(pytest.approx(v), u) for v, u in expected]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("A refill costs 60 cents.", 0.6),
        ("The toll rises two cents per mile.", 0.02),
        ("Gum is 99¢ here.", 0.99),
    ],
)
def test_quantities_cents_are_hundredths_of_a_dollar(text, value):
    [q] = parse_quantities(text)
    assert (q.value, q.unit) == (pytest.approx(value), USD)


# Round 11 (made up): pence are hundredths of a pound, glued ("a 5p charge", "340p") or spelled; a
# video's lines or frames ("1080p", "60p" beside "4K") and a time ("3p.m.") are none.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The bag charge went from 5p to 10p.", [0.05, 0.1]),
        ("Shares closed 8p lower at 412p.", [0.08, 4.12]),
        ("Diesel is up 3 pence a litre.", [0.03]),
        ("The trailer plays at 1080p.", []),
        ("The camera shoots 4K at 30p.", []),
        ("The shop opens at 2p.m. daily.", []),
    ],
)
def test_quantities_pence_are_hundredths_of_a_pound(text, expected):
    found = parse_quantities(text)
    assert [(q.value, q.unit) for q in found] == [(pytest.approx(v), "GBP") for v in expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Growth was zero percent last quarter.", [(0, "%")]),
        ("The bank kept a 0% rate.", [(0, "%")]),
        ("Net zero emissions are the goal.", []),
        ("Zero tolerance applies.", []),
        ("Forty more thousand more voters signed up.", [(40000, "count")]),
    ],
)
def test_quantities_zero_and_disfluent_scales(text, expected):
    assert [(q.value, q.unit) for q in parse_quantities(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "The board rejected the offer four times.",
        "He was fined six times last year.",
        "She ran the race nine times since turning 40.",
        "They met 3 times a week.",
    ],
)
def test_quantities_repetitions_are_no_multiples(text):
    assert parse_quantities(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Costs are five times higher now.", 5),
        ("It holds 3 times the water of the old tank.", 3),
        ("Imports grew six times.", 6),
        ("The chip is 2.5 times.", 2.5),  # a decimal is never a count of events
    ],
)
def test_quantities_multiples_stay_multiples(text, value):
    [q] = parse_quantities(text)
    assert (q.value, q.unit) == (value, "x")


def test_quantities_hedge_shared_with_an_elided_count():
    first, second = parse_quantities("Some 400 doctors quit in Ohio and 250 in Iowa.")
    assert (first.lower, first.upper) == (_approx(360), _approx(440))
    assert (second.value, second.noun, second.lower, second.upper) == (
        250,
        "doctors",
        _approx(225),
        _approx(275),
    )


# realtext2 dev failure classes (the sentences are made up for these tests).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Three hundred forty-two miners were rescued after the collapse.", [(342, "miners")]),
        ("The agency hired two hundred sixty thousand seasonal workers.", [(260000, "seasonal workers")]),
        ("Nine hundred and five ballots were rejected by the clerk.", [(905, "ballots")]),
        ("One million two hundred thousand voters registered.", [(1.2e6, "voters")]),
        ("Two thousand five hundred homes lost power.", [(2500, "homes")]),
        ("A hundred and twenty nurses walked out.", [(120, "nurses")]),
        # no compound: a range, a scale word alone, a number word that begins an adjective
        ("Between two hundred and three hundred people came.", [(250, "people")]),
        ("Two hundred million people voted.", [(2e8, "people")]),
        ("The town built three hundred one-bedroom flats.", [(300, "one-bedroom flats")]),
    ],
)
def test_quantities_compound_number_words_are_one_number(text, expected):
    assert [(q.value, q.noun) for q in parse_quantities(text)] == [(pytest.approx(v), n) for v, n in expected]


@pytest.mark.parametrize(
    "text",
    [
        "Sea levels rose three-tenths of an inch along the coast.",
        "The sprinter finished four-tenths of a second ahead of her rival.",
        "Only a third of the voters turned out for the runoff.",  # a share: vague (GUIDE)
        "Two-thirds of the residents left.",
        # round 11 (made up): a group named by a pronoun, or by its size after "the"
        "Half of them work from home.",
        "Roughly a third of us were late.",
    ],
)
def test_quantities_fraction_of_a_measure_or_a_group_is_no_multiple(text):
    assert parse_quantities(text) == []


def test_quantities_fraction_of_an_amount_stays_a_multiple():
    [q] = parse_quantities("It costs a third of the price of the old model.")
    assert (q.value, q.unit) == (pytest.approx(1 / 3), "x")


# A fraction of an owner's group or of a group named in the singular is a vague share (GUIDE; realtext7
# dev class, made-up cases); of an owner's amount, or of an amount with its unit, it stays x.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Almost half of Ohio's voters stayed home.", []),
        ("A quarter of the club's 800 members quit.", [(800, "count")]),
        ("A quarter of the 800 members quit.", [(800, "count")]),  # round 11
        ("The plant hired 900 workers, a third of them locals.", [(900, "count")]),
        ("It loses a third of the 600 watts as heat.", [(1 / 3, "x"), (600, "W")]),
        ("Nearly two-thirds of Japan's population is urban.", []),
        ("A third of the workforce was furloughed.", []),
        ("A third of Tesla's revenue came from credits.", [(pytest.approx(1 / 3), "x")]),
        ("It runs at a fifth of the rival's 400 watts.", [(pytest.approx(1 / 5), "x"), (400, "W")]),
        # ... and of a bare plural group
        ("More than half of renters skipped the vote.", []),
        ("A third of all nurses quit.", []),
        ("Half of revenue comes from ads.", [(0.5, "x")]),
        ("A quarter of exports went to China.", [(0.25, "x")]),
        ("A third of Intel's sales came from PCs.", [(pytest.approx(1 / 3), "x")]),
        ("It costs a third of what it did.", [(pytest.approx(1 / 3), "x")]),
        # ... and "half the" without "of" (realtext7 dev round 10)
        ("Half the drivers failed the test.", []),
        ("Nearly half the city's teachers quit.", []),
        ("It draws half the power of the old unit.", [(0.5, "x")]),
        ("Tickets sell at half the price.", [(0.5, "x")]),
    ],
)
def test_quantities_fraction_of_an_owners_group_is_no_multiple(text, want):
    assert [(q.value, q.unit) for q in parse_quantities(text)] == want


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He coached the skaters at 2010 Winter Olympics in Vancouver.", []),
        ("Fans still call the 1998 Yankees the best team ever assembled.", []),
        ("Her 2016 tax returns showed $85,000 in income.", [(85000, USD)]),
        ("Tickets for 2022 World Cup matches sold out.", []),  # a name after the year
        ("The firm laid off 2000 workers.", [(2000, "count")]),  # no determiner: still a count
        # realtext7 dev class (made up): a year that is no round hundred dates its noun bare too
        ("Pollsters misread 2016 primaries in the Rust Belt.", []),
        ("Analysts expect 2023 margins to shrink.", []),
        ("The firm laid off 1900 workers.", [(1900, "count")]),
        ("The firm laid off 2,016 workers.", [(2016, "count")]),
    ],
)
def test_quantities_year_before_a_name_or_noun_is_no_count(text, expected):
    found = [(q.value, q.unit) for q in parse_quantities(text) if q.unit != "year"]
    assert found == expected


# Japanese and Chinese write no thousands comma: 1988人 is 1,988 people, not a year
@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [("式典には1988人が参加した。", "ja", 1988), ("共有2019名员工参加。", "zh", 2019)],
)
def test_quantities_cjk_count_in_the_years_range_stays_a_count(text, lang, value):
    assert [(q.value, q.unit) for q in parse_quantities(text, lang)] == [(value, "count")]


@pytest.mark.parametrize(
    ("text", "noun"),
    [
        ("The district enrolled 340 schoolchildren this fall.", "schoolchildren"),
        ("The town hired 18 firemen after the blaze.", "firemen"),
        ("She has 11 great-grandchildren.", "great-grandchildren"),
        ("About 400 townspeople gathered.", "townspeople"),
        ("Police detained 27 'rogue traders' at the market.", "rogue traders"),
        ("The board named 3 “independent directors” this year.", "independent directors"),
    ],
)
def test_quantities_compound_plurals_and_quoted_nouns_are_counted(text, noun):
    [q] = parse_quantities(text)
    assert (q.unit, q.noun) == ("count", noun)


@pytest.mark.parametrize(
    ("text", "noun"),
    [("The lab kept 40 specimen jars.", "specimen jars"), ("It took 3 regimen changes.", "regimen changes")],
)
def test_quantities_singular_words_in_men_are_no_plurals(text, noun):
    assert [q.noun for q in parse_quantities(text)] == [noun]


@pytest.mark.parametrize(
    ("text", "value", "lower", "upper", "surface"),
    [
        (
            "The plan would hire at least another 30,000 teachers over a decade.",
            3e4, 3e4, INF, "at least another 30,000 teachers",
        ),
        ("Officials expect up to an additional $2 billion in repair costs.", 2e9, INF, 2e9,
         "up to an additional $2 billion"),
        ("The storm could displace more than a further 12,000 residents.", 12000, 12000, INF,
         "more than a further 12,000 residents"),
        ("They need at least another half a million doses.", 5e5, 5e5, INF,
         "at least another half a million doses"),
        ("Another 3,000 homes were built.", 3000, 3000, 3000, "3,000 homes"),  # no hedge: exact
    ],
)  # fmt: skip
def test_quantities_hedge_before_another_still_bounds_the_number(text, value, lower, upper, surface):
    [q] = parse_quantities(text)
    assert (q.value, q.lower, q.upper, q.surface) == (value, _approx(lower), _approx(upper), surface)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The county employed 4,800 nurses a decade ago; today it employs 3,100.",
            [(4800, "nurses"), (3100, "nurses")],
        ),
        (
            "Instead of 90,000 visitors a month, the museum now gets 40,000.",
            [(90000, "visitors"), (40000, "visitors")],
        ),
        # not the object that ends the clause, or no clause break: no elided count
        ("It cut 500 jobs, and the rival had 3 in May.", [(500, "jobs")]),
        ("The firm has 300 workers and had 12.", [(300, "workers")]),
        ("Smith won 306 in that election.", []),  # nothing counted is named
    ],
)
def test_quantities_elided_noun_after_a_contrast_clause(text, expected):
    assert [(q.value, q.noun) for q in parse_quantities(text)] == expected
