"""Counts, margins and names in real news text (issue 13 item 3, the realtext dev halves' fifth
round): each class written here as made-up sentences, with the cases that must stay as they are.
tests/test_quantities_news.py holds the earlier rounds."""

from __future__ import annotations

import pytest
from test_quantities import _approx

from nlp.quantities import parse_quantities


def _got(text: str) -> list[tuple]:
    return [(q.value, q.unit, q.lower, q.upper) for q in parse_quantities(text, "en")]


def _want(want: list[tuple]) -> list[tuple]:
    return [(v, u, _approx(lo), _approx(hi)) for v, u, lo, hi in want]


# Realtext dev round 5 (made up): an election or poll margin in "points" is percentage points
# (GUIDE, realtext3/4 READMEs); index, sports and "points" of an argument stay out.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The governor lost the runoff by four points.", [(4.0, "%", 4.0, 4.0)]),
        ("He won those districts by 12 and 15 points.", [(12.0, "%", 12.0, 12.0), (15.0, "%", 15.0, 15.0)]),
        ("Our candidate is about 8 points behind the incumbent.", [(8.0, "%", 7.2, 8.8)]),
        ("The senator leads her challenger by six points in the latest poll.", [(6.0, "%", 6.0, 6.0)]),
        ("The mayor is now nine points ahead.", [(9.0, "%", 9.0, 9.0)]),
        ("The Dow lost 500 points on Friday.", []),
        ("The Nasdaq is 300 points behind its peak.", []),
        ("The team won the game by 12 points.", []),
        ("I want to make three points tonight.", []),
    ],
)
def test_quantities_poll_margin_points_are_percentage_points(text, want):
    got = [(q.value, q.unit, q.lower, q.upper) for q in parse_quantities(text, "en")]
    assert got == [(v, u, _approx(lo), _approx(hi)) for v, u, lo, hi in want]


# Realtext dev round 5 (made up): an adjectival count, "a 180-seat plane", "a five-member
# commission", is a count of seats, members (GUIDE's judgement calls); measures, ages, ratings,
# repetitions, participles ("two-pronged"), fractions and vague "six-figure" stay out.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The airline ordered a 180-seat plane.", [(180.0, "count", "seat")]),
        ("Voters backed a five-member commission.", [(5.0, "count", "member")]),
        ("He wrote a six-word apology.", [(6.0, "count", "word")]),
        ("They unveiled a 1,200-bed hospital ship.", [(1200.0, "count", "bed")]),
        ("They gave a 10-minute speech.", []),
        ("It was a two-pronged attack.", []),
        ("They live in a three-story building.", []),
        ("They stayed at a five-star hotel.", []),
        ("She is a three-time champion.", []),
        ("A 12-year-old girl won.", []),
        ("He earns a six-figure salary.", []),
        ("They rented a one-room cabin.", []),
        ("It needs a two-thirds majority.", []),
        ("It was a 5-4 decision.", []),
        ("He paid with a 20-dollar bill.", []),
        ("The 30-something crowd left.", []),
        ("The score was 3-nil.", []),
        # round 11 (made up; realtext7 README: a wheel's design is no figure), a near miss beside it
        ("The trim adds 19-inch five-spoke alloy wheels.", []),
        ("The car rolls on a set of 10-spoke rims.", []),
        ("The SUV has a five-seat cabin.", [(5.0, "count", "seat")]),
    ],
)
def test_quantities_adjectival_counts(text, want):
    assert [(q.value, q.unit, q.noun) for q in parse_quantities(text, "en")] == want


# Realtext dev round 5 (made up): a bare number that opens a clause as the subject of a plural
# passive or perfect verb counts what the sentence is about ("more than 2,000 have been
# arrested"); an age after a plural noun, an apposition and a singular verb stay out.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Since May, more than 2,000 have been arrested.", [(2000.0, "count", 2000.0, None)]),
        ("Nearly 600 were evacuated from the town.", [(600.0, "count", 510.0, 600.0)]),
        ("And 40 have already died in the region.", [(40.0, "count", 40.0, 40.0)]),
        (
            "Of the 900 jobs, maybe 300 are tied to tourism.",
            [(900.0, "count", 900.0, 900.0), (300.0, "count", 270.0, 330.0)],
        ),
        ("Americans over 65 are covered by Medicare.", []),
        ("Smith, 85, died on Monday.", []),
        ("Windows 10 was released.", []),
        ("Route 66 was paved in 1938.", [(1938.0, "year", 1938.0, 1938.0)]),
        ("At 5 the doors were opened.", []),
    ],
)
def test_quantities_bare_subject_of_a_plural_verb(text, want):
    got = [(q.value, q.unit, q.lower, q.upper) for q in parse_quantities(text, "en")]
    assert got == [(v, u, _approx(lo), _approx(hi)) for v, u, lo, hi in want]


# Realtext dev round 5 (made up): a number that opens a quoted title-case name ("'5 Million Moms
# for Peace'", '"100% Angus"') is part of the name; a quoted statement keeps its figures.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("A group called '5 Million Moms for Peace' held a rally.", []),
        ('The chain sells a burger it calls "100% Angus" at every branch.', []),
        ("Fans of “Three Billboards” queued.", []),
        ('He said "40 people died" in the fire.', [(40.0, "count")]),
        ("The ad promised '50% Off Everything' but sales fell 20%.", [(20.0, "%")]),
    ],
)
def test_quantities_number_opening_a_quoted_name(text, want):
    assert [(q.value, q.unit) for q in parse_quantities(text, "en")] == want


# Realtext dev round 5 (made up): "at least one" before a noun is a bounded count (realtext4
# README); "one of them" stays a pronoun, "at least one year" a duration, a plain "one juror" a
# determiner.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("At least one juror was dismissed.", [(1.0, "count", 1.0, None)]),
        ("The shop has at least one armed guard.", [(1.0, "count", 1.0, None)]),
        ("At least one of them lied.", []),
        ("It will take at least one year.", []),
        ("One juror was dismissed.", []),
    ],
)
def test_quantities_at_least_one_before_a_noun(text, want):
    got = [(q.value, q.unit, q.lower, q.upper) for q in parse_quantities(text, "en")]
    assert got == want


# Realtext dev round 5 (made up): "a family of five", "a mother of three" count people (GUIDE's
# judgement calls); a family "of one victim" is a determiner.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("A family of five earning $60,000 pays more.", [(5.0, "count"), (60000.0, "USD")]),
        ("She is a mother of three from Ohio.", [(3.0, "count")]),
        ("The father of two was released on bail.", [(2.0, "count")]),
        ("The family of one victim sued.", []),
    ],
)
def test_quantities_family_of_n_counts_people(text, want):
    assert [(q.value, q.unit) for q in parse_quantities(text, "en")] == want


# Realtext dev round 5 (made up): a spelled-out amount in title case ("Five Million Dollars") is
# money, not a name; a capitalised number word before a name stays part of it.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The senator took Five Million Dollars from donors.", [(5e6, "USD")]),
        ("The mayor said Two Hundred families moved.", [(200.0, "count")]),
        ("The Three Gorges Dam is huge.", []),
        ("She shops at Ten Thousand Villages.", []),
    ],
)
def test_quantities_title_case_amounts(text, want):
    assert [(q.value, q.unit) for q in parse_quantities(text, "en")] == want


# Realtext dev round 5 (made up): a counted noun may stand behind a longer run of modifiers or a
# name with "of" in it ("three former city council members", "21 Medal of Honor recipients").
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Police charged three former city council members.", [(3.0, "count")]),
        ("The bank closed 12 Bank of America branches.", [(12.0, "count")]),
        ("We met 21 Medal of Honor recipients.", [(21.0, "count")]),
        ("In 10 of the cases the court agreed.", [(10.0, "count")]),
        ("He sold 5 of his old model trains.", [(5.0, "count")]),
        ("Call 911 or your local emergency line.", []),
        ("The U.S. 2024 presidential hopeful Ann Rivers spoke.", [(2024.0, "year")]),
    ],
)
def test_quantities_longer_counted_nouns(text, want):
    assert [(q.value, q.unit) for q in parse_quantities(text, "en")] == want


# Realtext dev round 5 (made up): "let in 50 at a time" counts what is let in (elided); "one at a
# time" is a determiner, "at a time when" a date.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Guards let visitors in 50 at a time.", [(50.0, "count")]),
        ("The ferry takes them across 12 at a time.", [(12.0, "count")]),
        ("Take the stairs one at a time.", []),
        ("Rates were cut to 2 at a time when prices rose.", []),
    ],
)
def test_quantities_n_at_a_time(text, want):
    assert [(q.value, q.unit) for q in parse_quantities(text, "en")] == want


# The old value of a change is a figure too (GUIDE: "from a to b" gives two figures): a bare number
# after "up from", "down from", or after "from" once a change has reached a count ("cut to 120
# employees from 200"), counts what the new value counts. A year or a month after "up from" stays out.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The party won 52 seats, up from 48 in the last election.", [(52.0, "seats"), (48.0, "seats")]),
        ("The district now has 310 teachers, down from 355.", [(310.0, "teachers"), (355.0, "teachers")]),
        (
            "Membership grew to 1,400 families, up sharply from 900.",
            [(1400.0, "families"), (900.0, "families")],
        ),
        ("The firm cut its staff to 120 employees from 200.", [(120.0, "employees"), (200.0, "employees")]),
        ("The district now has 310 teachers, up from 2015.", [(310.0, "teachers")]),
        ("The town counted 75 voters, up from March.", [(75.0, "voters")]),
        ("The shelter took in 30 dogs from 4 counties.", [(30.0, "dogs"), (4.0, "counties")]),
    ],
)
def test_quantities_old_value_of_a_change_is_a_count(text, want):
    got = [(q.value, q.noun) for q in parse_quantities(text, "en") if q.unit == "count"]
    assert got == want


# "N of M nouns" counts the noun twice ("convicted on 4 of 6 counts", realtext5 README: "two of
# three requirements", both listed); "a 180 page report" is an adjectival count with the hyphen left
# out (realtext5 README), only after "a"/"an" and before a lower-case noun; "all three" names a group
# by its size, like "the two". Labels, measures, ratings and a partitive of a sports line stay out.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The jury convicted him on 4 of 6 counts of fraud.", [(4.0, "counts"), (6.0, "counts")]),
        (
            "The city met two of three requirements for the grant.",
            [(2.0, "requirements"), (3.0, "requirements")],
        ),
        ("The union released a 180 page report on the fire.", [(180.0, "page")]),
        ("The council passed a two pet maximum rule.", [(2.0, "pet")]),
        ("They bought a 4 door sedan.", [(4.0, "door")]),
        ("All three should have a chance to speak.", [(3.0, None)]),
        ("Read page 4 of 6 pages.", [(6.0, "pages")]),
        ("She won 4 of her last 5 matches.", []),
        ("He gave a 10 minute speech.", []),
        ("They stayed at a 5 star hotel.", []),
        ("He hit a 3 point shot.", []),
        ("The 180 page report was late.", []),
        ("The airline flew a 737 passenger jet.", []),
        ("They gave one of 6 prizes to a student.", [(6.0, "prizes")]),
    ],
)
def test_quantities_n_of_m_spaced_adjectival_and_all_n(text, want):
    got = [(q.value, q.noun) for q in parse_quantities(text, "en") if q.unit == "count"]
    assert got == want


# Coordinated modifiers before the counted noun: "300 state and local officers" counts officers
# (the count was lost at "and"); a second run of modifiers may be as long as the first. Not before a
# quantifier ("5 dead and many injured people"), nor between plurals or numbers.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The city hired 300 state and local officers.", [(300.0, "state and local officers")]),
        ("The report names 30 current and former officials.", [(30.0, "current and former officials")]),
        (
            "The agency serves over 100 ad buying and media planning clients.",
            [(100.0, "ad buying and media planning clients")],
        ),
        ("About 60 full-time or part-time workers lost jobs.", [(60.0, "full-time or part-time workers")]),
        ("The crash left 5 dead and many injured people.", [(5.0, None)]),  # a toll, no "dead ... people"
        ("The plant employs 800 men and women.", [(800.0, "men")]),
        ("They counted 12 red and 20 blue cars.", [(20.0, "blue cars")]),
    ],
)
def test_quantities_coordinated_modifiers_before_the_noun(text, want):
    got = [(q.value, q.noun) for q in parse_quantities(text, "en") if q.unit == "count"]
    assert got == want


# A vague amount restated as a number after a comma counts the vague amount's noun, with the
# number's own hedge: "thousands of workers, perhaps 4,000" (GUIDE: "perhaps" -> about). The vague
# amount itself stays out, and so does a restated measure or currency.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Thousands of workers, perhaps 4,000, marched on the capital.",
            [(4000.0, "count", 3600.0, 4400.0)],
        ),
        (
            "The valley holds hundreds of thousands of people, probably about 250,000 in all.",
            [(250000.0, "count", 225000.0, 275000.0)],
        ),
        ("Dozens of stores, at least 40, closed last year.", [(40.0, "count", 40.0, None)]),
        ("Thousands of years, perhaps 4,000, passed.", []),
        ("Millions of dollars, maybe 5, were lost.", []),
        ("Thousands of workers marched on the capital.", []),
        # round 11 (made up): a handful, a number, a group or a crowd of people restated too; an age
        # after the vague amount is none
        ("A handful of senators, perhaps 10, objected.", [(10.0, "count", 9.0, 11.0)]),
        ("A small group of miners, about 40, refused to leave.", [(40.0, "count", 36.0, 44.0)]),
        ("Many applicants, 21 or older, were turned away.", []),
        ("A handful of weeks, maybe 6, went by.", []),
    ],
)
def test_quantities_vague_amount_restated_as_a_number(text, want):
    assert _got(text) == _want(want)


# A written "1" before a singular noun counts it when it is a member of a list of counts (realtext4
# README: a numeral one in a list of counts; realtext5: a counted recipe item). Alone, in a sports
# stat line of abbreviations, or before a plural-less phrase outside a list it stays out.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Officials reported 1 drowning and 3 rescues at the lake.", [(1.0, "drowning"), (3.0, "rescues")]),
        ("The raid ended with 4 arrests and 1 citation.", [(4.0, "arrests"), (1.0, "citation")]),
        ("Box: 1 Purple, 1 Orange, 2 spare lids.", [(1.0, "Purple"), (1.0, "Orange"), (2.0, "spare lids")]),
        ("The stew needs 1 onion, 2 leeks and a pinch of salt.", [(1.0, "onion"), (2.0, "leeks")]),
        ("I have 1 question for the mayor.", []),
        ("Line: 1 TKL, 1 PBU, 3 sacks.", []),
        ("We need 1 more vote and 2 more days.", []),
        # any whole number (realtext7 README: "2 Green, 1 Purple"; dev round 10): not a time or a date
        ("Kit: 3 Orange, 1 Teal, 2 Grey.", [(3.0, "Orange"), (1.0, "Teal"), (2.0, "Grey")]),
        ("Tray: 2 Red, 1 Blue and 3 sauce cups.", [(2.0, "Red"), (1.0, "Blue"), (3.0, "sauce cups")]),
        ("Buses leave at 6 am, 8 am and 10 am.", []),
        ("The hearings fell on 2 March, 9 March and 4 April.", []),
        ("She ran 5 Tuesday and 8 Friday.", []),
        ("Seeds: 2 Georgia, 3 Clemson, 4 Baylor.", []),  # a ranking
    ],
)
def test_quantities_one_in_a_list_of_counts(text, want):
    got = [(q.value, q.noun) for q in parse_quantities(text, "en") if q.unit == "count"]
    assert got == want


# A change "by N to M" (made up): the size of the change and the level it reached are two figures,
# never a range (GUIDE "from a to b" gives two); a range of a change ("grew by 2 to 4 percent") and
# ranges without "by" stay as they were.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The fleet shrank by 3 to 17 ships.", [(3.0, "count", 3.0, 3.0), (17.0, "count", 17.0, 17.0)]),
        (
            "The airline cut its order by 12 to 40.",
            [(12.0, "count", 12.0, 12.0), (40.0, "count", 40.0, 40.0)],
        ),
        ("Enrollment fell by 30 to 126.", [(30.0, "count", 30.0, 30.0), (126.0, "count", 126.0, 126.0)]),
        ("The order is down by 30 to 126.", [(30.0, "count", 30.0, 30.0), (126.0, "count", 126.0, 126.0)]),
        (
            "Enrollment fell by 30 students to 126.",
            [(30.0, "count", 30.0, 30.0), (126.0, "count", 126.0, 126.0)],
        ),
        (
            "The firm cut its workforce by 200 to 1,800 employees.",
            [(200.0, "count", 200.0, 200.0), (1800.0, "count", 1800.0, 1800.0)],
        ),
        ("The price rose by $2 to $40.", [(2.0, "USD", 2.0, 2.0), (40.0, "USD", 40.0, 40.0)]),
        ("Revenue rose by $2 billion to $40 billion.", [(2e9, "USD", 2e9, 2e9), (4e10, "USD", 4e10, 4e10)]),
        ("Unemployment fell by 3 to 12%.", [(3.0, "%", 3.0, 3.0), (12.0, "%", 12.0, 12.0)]),
        ("Unemployment fell by 3 points to 12%.", [(12.0, "%", 12.0, 12.0)]),
        # negatives: ranges stay ranges
        ("Sales grew by 2 to 4 percent last year.", [(3.0, "%", 2.0, 4.0)]),
        ("The fleet has between 3 and 17 ships.", [(10.0, "count", 3.0, 17.0)]),
        ("The fleet has 3 to 17 ships.", [(10.0, "count", 3.0, 17.0)]),
        ("Prices rose 3 to 5 percent.", [(3.0, "%", 3.0, 3.0), (5.0, "%", 5.0, 5.0)]),
        ("The fleet shrank from 20 to 17 ships.", [(20.0, "count", 20.0, 20.0), (17.0, "count", 17.0, 17.0)]),
        ("The school was hit by 3 to 17 ships.", [(10.0, "count", 3.0, 17.0)]),
        # round 11 (made up): a percent change's level is no percent above 100 or scaled ("580,000 %",
        # "a range of percent from 4 to 1.2 million"); a level up to 100 still is
        ("Ridership fell by 6% to 48,000.", [(6.0, "%", 6.0, 6.0)]),
        ("Ridership fell 6% to 48,000.", [(6.0, "%", 6.0, 6.0)]),
        ("Attendance grew by 4% to 1.5 million.", [(4.0, "%", 4.0, 4.0), (1.5e6, "count", 1.5e6, 1.5e6)]),
        ("Turnout fell by 4% to 1,500 voters.", [(4.0, "%", 4.0, 4.0), (1500.0, "count", 1500.0, 1500.0)]),
        ("The jobless rate fell by 0.4% to 5.1.", [(0.4, "%", 0.4, 0.4), (5.1, "%", 5.1, 5.1)]),
        ("The rate fell from 12% to 9.", [(12.0, "%", 12.0, 12.0), (9.0, "%", 9.0, 9.0)]),
    ],
)
def test_quantities_change_by_n_to_m_is_two_figures(text, want):
    assert _got(text) == _want(want)


# A vague quantifier restated as a number after a comma counts its noun, as "thousands of workers,
# perhaps 4,000" does: "some troops behind, like 10,000" (realtext4 dev class, made up here).
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("They kept some soldiers back, like 5,000 or so.", [(5000.0, "count", 4500.0, 5500.0)]),
        ("Several banks, perhaps 12, bid for it.", [(12.0, "count", 10.8, 13.2)]),
        ("A lot of nurses, maybe 800, walked out.", [(800.0, "count", 720.0, 880.0)]),
        # negatives: a share, a year, a measure, a partitive
        ("Many voters, 3 in 10, are undecided.", []),
        ("Some years, 2019 for one, were bad.", [(2019.0, "year", 2019.0, 2019.0)]),
        ("We stayed some weeks there, maybe 6.", []),
    ],
)
def test_quantities_vague_quantifier_restated_as_a_number(text, want):
    assert _got(text) == _want(want)


# A capacity counts who or what fits (realtext6 README: "a cell meant for 35"; made up here).
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("A ward meant for 20 held 64 patients.", [(20.0, "count", 20.0, 20.0), (64.0, "count", 64.0, 64.0)]),
        ("The camp was built to house 3,000.", [(3000.0, "count", 3000.0, 3000.0)]),
        ("The stadium has a seating capacity of 41,000.", [(41000.0, "count", 41000.0, 41000.0)]),
        ("The ferry, designed for about 300, sank.", [(300.0, "count", 270.0, 330.0)]),
        # negatives: a year, a rota, a plain "for"
        ("The plan was designed for 2030.", [(2030.0, "year", 2030.0, 2030.0)]),
        ("The line is staffed and made for 24/7 service.", []),
        ("She voted for 3 and abstained.", []),
    ],
)
def test_quantities_capacity_is_a_count(text, want):
    assert _got(text) == _want(want)


# A bare number that is the whole object of a verb of having or getting, ending its clause or dated,
# counts what the talk is about (realtext3/realtext6 READMEs: "we have 272", "nets 75"; made up here).
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Right now, we have 318.", [(318.0, "count", 318.0, 318.0)]),
        ("The governor got 212 in 2016.", [(212.0, "count", 212.0, 212.0), (2016.0, "year", 2016.0, 2016.0)]),
        ("Border raid nets 40", [(40.0, "count", 40.0, 40.0)]),
        ("She still needs about 90.", [(90.0, "count", 81.0, 99.0)]),
        # negatives: a record, a score, a date, a time, after another figure
        ("The club won 3, lost 2.", []),
        ("The Bulls had 98 at the buzzer.", []),
        ("He got 9/11 wrong.", []),
        ("We have 12-10 at the half.", []),
        ("The firm has 300 workers and had 12.", [(300.0, "count", 300.0, 300.0)]),
    ],
)
def test_quantities_object_of_having_counts_the_implied_noun(text, want):
    assert _got(text) == _want(want)


# After a comma, a part of the count before it with a participle or an adverb of its own counts the
# same noun (realtext6 README: "two spotted" is a count; made up here).
@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Divers recovered 9 bodies, four trapped in the hull.",
            [(9.0, "count", 9.0, 9.0), (4.0, "count", 4.0, 4.0)],
        ),
        ("Six workers were hurt, two seriously.", [(6.0, "count", 6.0, 6.0), (2.0, "count", 2.0, 2.0)]),
        (
            "The navy ordered 8 ships, three built abroad.",
            [(8.0, "count", 8.0, 8.0), (3.0, "count", 3.0, 3.0)],
        ),
        # negatives: larger than the whole, a comparison, a clause of its own, a bare tally
        ("It sold 5 cars, 12 listed by dealers.", [(5.0, "count", 5.0, 5.0)]),
        ("It hired 40 staff, 60 hired last year.", [(40.0, "count", 40.0, 40.0)]),
        ("It hired 40 staff; 3 quit.", [(40.0, "count", 40.0, 40.0)]),
        ("We have 40 staff, 3 in Paris.", [(40.0, "count", 40.0, 40.0)]),
    ],
)
def test_quantities_part_of_a_count_after_a_comma(text, want):
    assert _got(text) == _want(want)


# "a dozen", "over a dozen", "half a dozen", "two dozen" are vague (GUIDE; realtext4 README: "two
# dozen" like "a dozen"); realtext7 dev round 10, made-up cases. A number beside them stays, and so
# does "a" before a scale word.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("More than a dozen lawmakers signed the letter.", []),
        ("A dozen racks were shipped to the lab.", []),
        ("Half a dozen tankers waited off the port.", []),
        ("Some two dozen shops shut early on Friday.", []),
        ("About three dozen nurses walked out.", []),
        ("A dozen vans and 30 trucks were seized.", [(30.0, "count", 30.0, 30.0)]),
        ("The plant will add a thousand jobs.", [(1000.0, "count", 1000.0, 1000.0)]),
        ("Two drivers and a dozen riders were fined.", [(2.0, "count", 2.0, 2.0)]),
    ],
)
def test_quantities_a_dozen_is_vague(text, want):
    assert _got(text) == _want(want)


# A group named by its size keeps its count with a word or two between the determiner and the number:
# "the other four", "the remaining three", "the newly hired six", "all but two" (realtext7 README's
# group references; dev round 10, made-up cases). Ordinal runs ("the last three", "the first two")
# are streaks or periods, and a noun after the number counts as before.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The other four were freed on bail.", [(4.0, None)]),
        ("Officials said the remaining three would be flown home.", [(3.0, None)]),
        ("The newly hired six were sworn in on Monday.", [(6.0, None)]),
        ("All but two signed the petition.", [(2.0, None)]),
        ("The other four suspects fled.", [(4.0, "suspects")]),
        ("The club has lost the last three.", []),
        ("She won the first two easily.", []),
    ],
)
def test_quantities_group_named_by_its_size_after_a_modifier(text, want):
    got = [(q.value, q.noun) for q in parse_quantities(text, "en") if q.unit == "count"]
    assert got == want


# A multiple written as a word, then "to" and a bare number, is the multiple and the level reached,
# never a range of x from 2 to 40,000 (made up, dev round 10); ranges of multiples stay.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Reported infections doubled to 30,000.", [(2.0, "x", 2.0, 2.0)]),
        ("Ridership tripled to 900.", [(3.0, "x", 3.0, 3.0)]),
        ("Membership doubled to 2.4 million.", [(2.0, "x", 2.0, 2.0), (2.4e6, "count", 2.4e6, 2.4e6)]),
        ("Chips got two to three times faster.", [(2.5, "x", 2.0, 3.0)]),
        ("A 1.5x to 2x gain is expected.", [(1.75, "x", 1.5, 2.0)]),
    ],
)
def test_quantities_multiple_word_to_a_level_is_no_range(text, want):
    assert _got(text) == _want(want)


# A bare number that a tally reached counts what the tally counts: "raised the number of X to N", "the
# death toll stood at N" (realtext6 dev class, made-up cases). A phone number, an age after a clause,
# and a tally with its own unit stay as they were.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The storm pushed the death toll to 31.", [(31.0, "count", 31.0, 31.0)]),
        ("The ministry raised the number of inspectors to 2,500.", [(2500.0, "count", 2500.0, 2500.0)]),
        ("The number of shelters climbed to 64 overnight.", [(64.0, "count", 64.0, 64.0)]),
        ("By Friday the tally stood at 118.", [(118.0, "count", 118.0, 118.0)]),
        ("The club capped the number of guests at 40.", [(40.0, "count", 40.0, 40.0)]),
        ("Dial the number at 311 for repairs.", []),
        ("The number of people who vote at 18 is small.", []),
        ("The number of users rose to 12%.", [(12.0, "%", 12.0, 12.0)]),
        ("The aggregate total was 2-1 after extra time.", []),
        ("The total was 5:15 on the clock.", []),
        ("The number of the flat is 42.", []),
        # round 11 (made up): a rise past a level is over it, and a verb that is a hedge still says what
        # a tally reached; a move past things ("pushed past 2 defenders") is no bound, an age no tally
        ("The death toll climbed past 200 on Monday.", [(200.0, "count", 200.0, None)]),
        ("The number of infections passed 9,000.", [(9000.0, "count", 9000.0, None)]),
        ("Oil prices surged past $90 a barrel.", [(90.0, "USD", 90.0, None)]),
        ("Shares rose past 40% of the float.", [(40.0, "%", 40.0, None)]),
        ("She slipped past 3 defenders to score.", [(3.0, "count", 3.0, 3.0)]),
        ("The number of people over 70 rose sharply.", []),
        # round 11 (made up): a crowd and an attendance are tallies of people; a time after one is none
        ("Police put the crowd at 8,000.", [(8000.0, "count", 8000.0, 8000.0)]),
        ("Organizers said attendance rose to 60,000.", [(60000.0, "count", 60000.0, 60000.0)]),
        ("The crowd at 4 p.m. was still growing.", []),
        ("The total at 6 o'clock was unclear.", []),
        # round 11 (made up): after a step in percent the level is still the tally's; a level in percent
        # stays one
        (
            "The number of nurses fell by 6% to 41,000.",
            [(6.0, "%", 6.0, 6.0), (41000.0, "count", 41000.0, 41000.0)],
        ),
        ("The death toll rose nearly 10% to 880.", [(10.0, "%", 8.5, 10.0), (880.0, "count", 880.0, 880.0)]),
        ("The number of users rose 5% to 12%.", [(5.0, "%", 5.0, 5.0), (12.0, "%", 12.0, 12.0)]),
    ],
)
def test_quantities_level_a_tally_reached_is_a_count(text, want):
    assert _got(text) == _want(want)


# The whole object of a verb that only takes people counts them, as "we have 272" and "nets 75" do
# (realtext3/6 READMEs; made up, round 10), also before a comma, a time or a place; a verb of having
# keeps its stricter clause end ("had 25 in the first half" is a player's points).
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Agents detained 23, most of them teenagers.", [(23.0, "count", 23.0, 23.0)]),
        ("The mill laid off 140 in June.", [(140.0, "count", 140.0, 140.0)]),
        ("The county hospital employs 2,300.", [(2300.0, "count", 2300.0, 2300.0)]),
        ("Crews rescued about 60 from rooftops.", [(60.0, "count", 54.0, 66.0)]),
        ("She had 31 in the second half.", []),
        ("The raid netted 9/11 memorabilia.", []),
    ],
)
def test_quantities_object_of_a_verb_of_people_is_a_count(text, want):
    assert _got(text) == _want(want)
