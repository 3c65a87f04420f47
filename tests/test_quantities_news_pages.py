"""Figures in real news pages (issue 13 item 3, the realtext5 dev half): each class written here as
made-up sentences, with the near misses that must stay as they are. Earlier rounds are in
tests/test_quantities_news.py and tests/test_quantities_news_counts.py."""

from __future__ import annotations

import pytest
from test_quantities import _approx

from nlp.quantities import parse_quantities


def _got(text: str) -> list[tuple]:
    return [(q.value, q.unit, q.lower, q.upper) for q in parse_quantities(text, "en")]


def _want(want: list[tuple]) -> list[tuple]:
    return [(_approx(v), u, _approx(lo), _approx(hi)) for v, u, lo, hi in want]


# Realtext5 dev (made up): British sports pages glue the scale word to the digits, "£38million",
# "$1.2billion"; the whole amount was lost (letters glued to digits read as a model number).
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The club agreed a £45million fee for the striker.", [(45e6, "GBP", 45e6, 45e6)]),
        ("United paid £71.6million for the keeper.", [(71.6e6, "GBP", 71.6e6, 71.6e6)]),
        ("The firm raised $1.2billion from investors.", [(1.2e9, "USD", 1.2e9, 1.2e9)]),
        ("They bid more than £60million for him.", [(60e6, "GBP", 60e6, None)]),
        ("The deal was worth €3billion in the end.", [(3e9, "EUR", 3e9, 3e9)]),
        ("Some 40million people watched the final.", [(40e6, "count", 36e6, 44e6)]),
        ("The firm sold its 3millionth car.", []),
        ("The 2million-dollar question is open.", [(2e6, "USD", 2e6, 2e6)]),
        ("The A380million series is a joke name.", []),
    ],
)
def test_quantities_scale_word_glued_to_digits(text, want):
    assert _got(text) == _want(want)


# Realtext5 dev (made up): a starting price, "from $139", "started at $200", is at least that much
# (realtext5 README); a change ("down from $7bn", "to $6bn from $5bn"), a range, and "from" that a
# verb or "apart" governs keep their figures exact.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Tickets start at $25 for adults.", [(25, "USD", 25, None)]),
        ("Used copies started at $40 online.", [(40, "USD", 40, None)]),
        ("The base model starts from $999.", [(999, "USD", 999, None)]),
        ("Salaries starting at £30,000 are on offer.", [(30000, "GBP", 30000, None)]),
        ("The new tablet is priced from £329.", [(329, "GBP", 329, None)]),
        ("Flights to Lisbon from $99.", [(99, "USD", 99, None)]),
        (
            "Deals on headphones from $49 and speakers from $99.",
            [(49, "USD", 49, None), (99, "USD", 99, None)],
        ),
        ("You get a case for $30 and smart plugs from $15.", [(30, "USD", 30, 30), (15, "USD", 15, None)]),
        (
            "Revenue rose to $6 billion from $5 billion a year earlier.",
            [(6e9, "USD", 6e9, 6e9), (5e9, "USD", 5e9, 5e9)],
        ),
        ("Sales were $6bn, down from $7bn.", [(6e9, "USD", 6e9, 6e9), (7e9, "USD", 7e9, 7e9)]),
        (
            "Net income was $6.2bn, from $5.1bn in the prior year.",
            [(6.2e9, "USD", 6.2e9, 6.2e9), (5.1e9, "USD", 5.1e9, 5.1e9)],
        ),
        ("Prices range from $5 to $10.", [(7.5, "USD", 5, 10)]),
        ("The fund grew from $10m to $12m.", [(10e6, "USD", 10e6, 10e6), (12e6, "USD", 12e6, 12e6)]),
        ("The firm will benefit from $5 billion in subsidies.", [(5e9, "USD", 5e9, 5e9)]),
        ("The town recovered from $2 million of damage.", [(2e6, "USD", 2e6, 2e6)]),
        ("Apart from $300 in fees, the course is free.", [(300, "USD", 300, 300)]),
        ("Turnout started at 40% in the morning.", [(40, "%", 40, 40)]),
        ("The meeting starts at 9 on Monday.", []),
    ],
)
def test_quantities_starting_price_is_a_lower_bound(text, want):
    assert _got(text) == _want(want)


# Realtext5 dev (made up): "the two", "Of the three" name a group of people or things by its size
# (realtext5 README, like realtext3's "the two of you"): a count with no noun. Only a spelled-out
# number after "the" and before a verb or a clause break: "the 405" (a road), "the one who",
# "the five o'clock news" and a name ("the Big Ten") stay out.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Of the two, only Smith will speak tonight.", [(2, "count", 2, 2)]),
        ("Police said the two were arguing before the crash.", [(2, "count", 2, 2)]),
        ("The two met in college and married later.", [(2, "count", 2, 2)]),
        ("Talks between the three have stalled.", [(3, "count", 3, 3)]),
        ("The court heard that the four clashed outside a bar.", [(4, "count", 4, 4)]),
        ("Those five who stayed were praised.", [(5, "count", 5, 5)]),
        ("She drove the 405 to work.", []),
        ("We watched the five o'clock news.", []),
        ("The Big Ten said nothing.", []),
        ("The one who left was fined.", []),
        ("It was one of the two.", [(2, "count", 2, 2)]),
        # round 11 (made up; realtext7 README: "These 11" is a count): digits after a pointing
        # determiner; "the 405" stays a road and a measure stays one
        ("These 14 were picked from 300 entries.", [(14, "count", 14, 14), (300, "count", 300, 300)]),
        ("All 27 survived the crash.", [(27, "count", 27, 27)]),
        ("Those 10 years were hard.", []),
        ("The 101 was closed after the crash.", []),
    ],
)
def test_quantities_the_two_is_a_count(text, want):
    assert _got(text) == _want(want)


# Realtext5 dev (made up): a group noun and "of" say what a bare number counts, like GUIDE's "a
# family of five": "the field of 20" teams, "a crowd of 12,000", "an estimate of about 660,000"
# people, also with a hedge between. Measures, years, money and fractions stay as they are.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Four teams from there will join the field of 24.", [(4, "count", 4, 4), (24, "count", 24, 24)]),
        ("A crowd of 12,000 packed the stadium.", [(12000, "count", 12000, 12000)]),
        ("The utility cut its estimate of about 5,000 after the storm.", [(5000, "count", 4500, 5500)]),
        ("A total of 340 took part in the strike.", [(340, "count", 340, 340)]),
        ("The death toll of nearly 90 is expected to rise.", [(90, "count", 76.5, 90)]),
        ("She hired a team of 15 to run the study.", [(15, "count", 15, 15)]),
        ("A family of about five lived there.", [(5, "count", 4.5, 5.5)]),
        ("The class of 2019 graduated in May.", [(2019, "year", 2019, 2019)]),
        ("A total of 45 minutes was lost.", []),
        ("The estimate of 2.5 was revised.", []),
        ("A total of $300 was raised.", [(300, "USD", 300, 300)]),
        ("The field of 5G is crowded.", []),
        # round 10 (made up): crews, populations, enrollments, memberships, audiences
        ("The tanker sailed with a crew of 19.", [(19, "count", 19, 19)]),
        ("The island has a population of about 4,000.", [(4000, "count", 3600, 4400)]),
        ("The college reported an enrollment of 6,500.", [(6500, "count", 6500, 6500)]),
        ("A population of 3 percent lives there.", [(3, "%", 3, 3)]),
        # round 11 (made up): a hyphened hedge ends the number's clause or stands before a time, and
        # bounds it still ("10,000" read exact); a duration stays one
        ("The rally drew a crowd of 20,000-plus on Sunday.", [(20000, "count", 20000, None)]),
        ("The race had a field of 60-odd, most of them amateurs.", [(60, "count", 60, None)]),
        ("The club hit a membership of 900+.", [(900, "count", 900, None)]),
        ("He has run for 40-odd years.", []),
    ],
)
def test_quantities_group_noun_of_a_bare_number(text, want):
    assert _got(text) == _want(want)


# Realtext5 dev (made up): a verb of reporting in any form opens the clause whose subject is a bare
# count ("reports suggesting as many as 200 have been killed"), as "say", "think" and "estimate"
# already did; an age or a bare number not opening the clause stays out.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Some reports suggesting as many as 300 have been killed.", [(300, "count", None, 300)]),
        ("Officials fear more than 40 were trapped.", [(40, "count", 40, None)]),
        ("Local media reported nearly 70 were injured.", [(70, "count", 59.5, 70)]),
        ("Early data showing about 1,200 were infected worried doctors.", [(1200, "count", 1080, 1320)]),
        ("Reports suggest residents over 65 are covered.", []),
        ("Reports suggest that in 2019 the rules changed.", [(2019, "year", 2019, 2019)]),
    ],
)
def test_quantities_reporting_verb_opens_a_counted_clause(text, want):
    assert _got(text) == _want(want)


# Realtext5 dev (made up): "80-percent", "a 10-per-cent rise": a percent joined by a hyphen, as car
# and tech pages write it, was lost.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The battery charges to 90-percent in an hour.", [(90, "%", 90, 90)]),
        ("Shares fell after a 10-per-cent drop in sales.", [(10, "%", 10, 10)]),
        ("Roughly 30-percent of users agreed.", [(30, "%", 27, 33)]),
        ("Only 40 percent agreed.", [(40, "%", 40, 40)]),
    ],
)
def test_quantities_hyphenated_percent(text, want):
    assert _got(text) == _want(want)


# Realtext5 dev (made up): after a phrasal verb with "up" ("top up", "add up", "ramp up"), "to"
# gives the level reached, so "up to" is no upper bound: "top up to 80 percent" is exact. A
# plain "up to" and one after a verb that may take a bound ("charge up to", "fill up to 80% of the
# seats") stay bounds.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The car can top up to 80 percent in half an hour.", [(80, "%", 80, 80)]),
        ("The bills add up to $4 million a year.", [(4e6, "USD", 4e6, 4e6)]),
        ("Output was ramped up to 5,000 cars.", [(5000, "count", 5000, 5000)]),
        ("Fans can fill up to 80% of the seats.", [(80, "%", None, 80)]),
        ("The phone can charge up to 80 percent in an hour.", [(80, "%", None, 80)]),
        ("Fines of up to $5,000 apply.", [(5000, "USD", None, 5000)]),
    ],
)
def test_quantities_up_particle_before_to(text, want):
    assert _got(text) == _want(want)


# Realtext5 dev (made up): a tilde before a figure is "about", alone or after a hedge word
# ("approximately ~9x", realtext5 README); between two numbers it is a range dash as before.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The grant is approximately ~9x as cost-effective.", [(9, "x", 8.1, 9.9)]),
        ("The new chip is ~4x faster than the old one.", [(4, "x", 3.6, 4.4)]),
        ("The stock is up ~15% this year.", [(15, "%", 13.5, 16.5)]),
        ("They spent around ~$200 million on it.", [(200e6, "USD", 180e6, 220e6)]),
        ("Growth of 10~20% is expected.", [(15, "%", 10, 20)]),
        ("Posted ~12 hours ago.", []),
    ],
)
def test_quantities_tilde_is_about(text, want):
    assert _got(text) == _want(want)


# Realtext5 dev (made up): "911 calls", "a 999 call": an emergency number names the line called,
# it counts no calls; a count of calls with another number stays.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Neighbours made several 911 calls after the blast.", []),
        ("Police began receiving 911 calls at noon.", []),
        ("A 999 call was made just after midnight.", []),
        ("The 911 dispatchers were overwhelmed.", []),
        ("The hotline took 950 calls on Monday.", [(950, "count", 950, 950)]),
        ("The center logged 912 calls in a day.", [(912, "count", 912, 912)]),
        ("The city logged 9,110 calls in a week.", [(9110, "count", 9110, 9110)]),
    ],
)
def test_quantities_emergency_number_is_no_count(text, want):
    assert _got(text) == _want(want)


# Realtext5 dev (made up): a number inside a quoted term that the sentence names as a term ("the
# term "three amigos"", "nicknamed "the two musketeers"") is a name, not a count (realtext5 README:
# the nickname "three amigos"). A partial quote of speech keeps its count.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ('He said he never used the term "three amigos" in public.', []),
        ("The press nicknamed them “the two musketeers” within a week.", []),
        ("Critics mocked the phrase 'four horsemen' at once.", []),
        ('The so-called "seven sisters" dominated the market.', []),
        ('He promised "10,000 new jobs" by the end of the year.', [(10000, "count", 10000, 10000)]),
        ('Officials said "two people" had died.', [(2, "count", 2, 2)]),
        ("The term lasts four years and two months.", []),
    ],
)
def test_quantities_number_in_a_quoted_term(text, want):
    assert _got(text) == _want(want)


# Realtext5 dev (made up): a headline's "150K customers" is 150,000 (realtext5 README: K applied to
# a count). A capital K before a plural noun only from 20 up, so resolutions ("4K TVs", "8K") and
# race distances ("5K", "10K") stay out; a retirement plan ("401k", "401K") is no amount either.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Utility to cut power to 150K customers", [(150e3, "count", 150e3, 150e3)]),
        ("The app now has 300K users.", [(300e3, "count", 300e3, 300e3)]),
        ("The company shipped 20K units in May.", [(20e3, "count", 20e3, 20e3)]),
        ("He paid $5K for the car.", [(5e3, "USD", 5e3, 5e3)]),
        ("The firm sold 4K TVs.", []),
        ("He ran the 10K race.", []),
        ("Put more money in your 401K plan.", []),
        ("Put more money in your 401k plan.", []),
    ],
)
def test_quantities_capital_k_on_a_count(text, want):
    assert _got(text) == _want(want)


# Round 11 (made up, found probing news-shaped sentences): British and wire pages write a count's
# million as "m" or "M" ("Over 1m people signed"): before a plural noun it scales the count. Metres
# stay out: a distance with no noun, a singular one, and the plural athletics events.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("More than 1m people signed the petition.", [(1e6, "count", 1e6, None)]),
        ("The final drew 4.2m viewers on BBC One.", [(4.2e6, "count", 4.2e6, 4.2e6)]),
        ("Some 3m children were vaccinated this year.", [(3e6, "count", 2.7e6, 3.3e6)]),
        ("The game logged 20M downloads in a week.", [(2e7, "count", 2e7, 2e7)]),
        ("The club paid £60m for the winger.", [(6e7, "GBP", 6e7, 6e7)]),
        ("He stopped 2m short of the line.", []),
        ("She dived from the 10m platform.", []),
        ("She won the 400m hurdles in Doha.", []),
        ("The 200m heats start at noon.", []),
    ],
)
def test_quantities_million_abbreviation_on_a_count(text, want):
    assert _got(text) == _want(want)


# Realtext5 dev (made up): a bare whole number that a relative clause describes counts people or
# things ("selected from eight that submitted proposals", "the 12 who applied"). "that" only before
# a past form, so a time ("at 5 that afternoon") and "page 5 that" stay out.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The winners were picked from eleven that submitted bids.", [(11, "count", 11, 11)]),
        ("Of 40 who applied, only a few were hired.", [(40, "count", 40, 40)]),
        ("Officials praised the 300 who volunteered.", [(300, "count", 300, 300)]),
        ("We met at 5 that afternoon.", []),
        ("See page 5 that explains it.", []),
        ("It was one who knew.", []),
        ("In 2019 who knew what would happen?", [(2019, "year", 2019, 2019)]),
    ],
)
def test_quantities_bare_number_before_a_relative_clause(text, want):
    assert _got(text) == _want(want)


# Realtext5 dev (made up): "up to" bounds both amounts of a parallel phrase whose first part has an
# adverb before its preposition or a plan name with digits ("up to $19,000 pretax to a 401(k) and
# $6,000 to an IRA", GUIDE: the hedge governs both); a clause between still breaks it.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "You can put up to $19,500 pretax into a 401(k) and $6,000 into an IRA.",
            [(19500, "USD", None, 19500), (6000, "USD", None, 6000)],
        ),
        (
            "Parents may give up to $15,000 yearly to each child and $30,000 to a couple.",
            [(15000, "USD", None, 15000), (30000, "USD", None, 30000)],
        ),
        (
            "Fines reach up to $5,000 for adults, while children pay $2,000.",
            [(5000, "USD", None, 5000), (2000, "USD", 2000, 2000)],
        ),
    ],
)
def test_quantities_hedge_over_a_parallel_phrase_with_an_adverb(text, want):
    assert _got(text) == _want(want)


# Realtext5 dev (made up): "in front of 15,522" is an attendance, a count of the crowd (realtext5
# README); an address ("in front of 1600 Pennsylvania Avenue", "10 Downing Street") stays out.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The hosts won again in front of 18,204 at the arena.", [(18204, "count", 18204, 18204)]),
        ("The band played in front of 40,000 on Saturday.", [(40000, "count", 40000, 40000)]),
        ("Protesters gathered in front of 10 Downing Street.", []),
        ("He stood in front of 1600 Pennsylvania Avenue.", []),
    ],
)
def test_quantities_attendance_in_front_of(text, want):
    assert _got(text) == _want(want)


# A "Total NOUNs:" label names what the number after it counts (realtext6 README: a poll widget's
# total; realtext6 dev class, made up here). Bare labels, measures and years stay out.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Total Votes: 2,310", [(2310.0, "count", 2310.0, 2310.0)]),
        ("Total respondents: 987", [(987.0, "count", 987.0, 987.0)]),
        (
            "Total deaths: 41; total cases: 1,200",
            [(41.0, "count", 41.0, 41.0), (1200.0, "count", 1200.0, 1200.0)],
        ),
        # negatives
        ("Comments: 23", []),
        ("Total years: 12", []),
        ("Share this: 14", []),
    ],
)
def test_quantities_total_label_counts_its_noun(text, want):
    assert _got(text) == _want(want)
