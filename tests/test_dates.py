"""Event dates resolved against the article's date, as year-unit intervals."""

from __future__ import annotations

from datetime import date

import pytest

from nlp.dates import merge_dates, parse_dates, year_fraction
from nlp.quantities import parse_quantities

PUBLISHED = date(2025, 7, 28)


def _interval(text: str, lang: str = "en", published: date | None = PUBLISHED) -> list[tuple]:
    return [(q.surface, q.lower, q.upper, q.hedge) for q in parse_dates(text, lang, published)]


@pytest.mark.parametrize(
    ("text", "lang", "surface", "lo", "hi", "hedge"),
    [
        ("Shipments resume in April.", "en", "April", date(2025, 4, 1), date(2025, 4, 30), "range"),
        (
            "The curbs took effect in mid-May 2025.",
            "en",
            "mid-May 2025",
            date(2025, 5, 11),
            date(2025, 5, 20),
            "range",
        ),
        (
            "It opened on July 26, 2025 in Shanghai.",
            "en",
            "July 26, 2025",
            date(2025, 7, 26),
            date(2025, 7, 26),
            "exact",
        ),
        ("Talks end in late Sept.", "en", "late Sept", date(2025, 9, 21), date(2025, 9, 30), "range"),
        ("Talks resume in December.", "en", "December", date(2025, 12, 1), date(2025, 12, 31), "range"),
        ("7月26日に開幕した。", "ja", "7月26日", date(2025, 7, 26), date(2025, 7, 26), "exact"),
        ("2025年5月中旬に発効した。", "ja", "2025年5月中旬", date(2025, 5, 11), date(2025, 5, 20), "range"),
    ],
)
def test_dates_resolve_months_against_the_article_date(text, lang, surface, lo, hi, hedge):
    (found,) = _interval(text, lang)
    assert found == (surface, year_fraction(lo), year_fraction(hi), hedge)


@pytest.mark.parametrize(
    ("text", "lang"),
    [("China aims for self-sufficiency by 2030.", "en"), ("2030年までに自給率を50%に引き上げる。", "ja")],
)
def test_dates_deadlines_are_open_below(text, lang):
    (found,) = _interval(text, lang)
    assert found[1:] == (None, year_fraction(date(2030, 12, 31)), "at_most")


def test_dates_months_far_ahead_belong_to_last_year():
    (found,) = _interval("Sales fell in December.", published=date(2026, 1, 15))
    assert found[1:3] == (year_fraction(date(2025, 12, 1)), year_fraction(date(2025, 12, 31)))


def test_dates_need_an_anchor_and_skip_the_verb_may():
    assert _interval("Shipments resume in April.", published=None) == []
    assert _interval("Officials may decide later.") == []
    assert _interval("Officials decide on May 3.")[0][0] == "May 3"


def test_dates_replace_the_year_inside_them():
    text = "WAIC 2025 opened on July 26, 2025."
    merged = merge_dates(parse_quantities(text), parse_dates(text, "en", PUBLISHED))
    assert [q.surface for q in merged] == ["2025", "July 26, 2025"]  # the event name's year stays


@pytest.mark.parametrize(
    ("text", "lang", "surface", "year"),
    [
        # Beat class B3 (made up): a month "of the following year" counts from the year named before it.
        (
            "Drafted in late 2022, the schedule came into force on March 9 of the following year.",
            "en",
            "March 9",
            2023,
        ),
        ("The rule was proposed in 2021 and took effect in May of that year.", "en", "May", 2021),
        ("規則は2022年末に策定され、翌年3月に施行された。", "ja", "3月", 2023),
        ("该规定于2022年底起草，次年3月生效。", "zh", "3月", 2023),
        ("该规定于2022年底起草，同年12月生效。", "zh", "12月", 2022),
    ],
)
def test_dates_a_month_of_the_following_year_counts_from_the_year_named(text, lang, surface, year):
    (found,) = [q for q in parse_dates(text, lang, PUBLISHED) if q.surface == surface]
    assert int(found.lower) == year


def test_dates_a_relative_year_without_a_named_year_falls_back_to_the_article_date():
    (found,) = parse_dates("It came into force in March of the following year.", "en", PUBLISHED)
    assert int(found.lower) == 2025  # nothing to count from: the article's date decides, as before


@pytest.mark.parametrize(
    ("text", "lang", "published", "want"),
    [
        # Blind3 dev class 4 (made up): a day without its month is this month's, else last month's.
        ("上海の見本市は14日に開幕した。", "ja", date(2025, 3, 15), [("14日", date(2025, 3, 14))]),
        ("展会于28日在深圳开幕。", "zh", date(2025, 3, 2), [("28日", date(2025, 2, 28))]),
        (
            "7月24日に発表し、26日に開幕した。",
            "ja",
            PUBLISHED,
            [("7月24日", date(2025, 7, 24)), ("26日", date(2025, 7, 26))],
        ),
        ("審査には30日以内の回答が必要で、3日間続いた。", "ja", PUBLISHED, []),
        ("出荷は3日後に再開する。", "ja", PUBLISHED, []),
    ],
)
def test_dates_a_cjk_day_without_its_month_is_the_latest_such_day(text, lang, published, want):
    got = [(q.surface, q.lower) for q in parse_dates(text, lang, published)]
    assert got == [(surface, year_fraction(day)) for surface, day in want]


@pytest.mark.parametrize(
    ("text", "lang", "year"),
    [
        # Blind9 dev class (made up): a month ahead of the article that the sentence tells of as
        # past is last year's; said of the future, or with no tense to read, it stays ahead.
        ("Zenland banned exports of tin to Peru in October, and prices rose.", "en", 2024),
        ("The curbs were widened in September.", "en", 2024),
        ("Zenland will ban exports of tin to Peru in October.", "en", 2025),
        ("Zenland plans to ban exports of tin in October.", "en", 2025),
        ("Zenland said the curbs take effect in October.", "en", 2025),
        ("Zenland said exports will be banned from October.", "en", 2025),
        ("ゼンランドは10月、ペルー向けのスズ輸出を禁止した。", "ja", 2024),
        ("ゼンランドは10月にスズ輸出を禁止すると発表した。", "ja", 2025),
        ("ゼンランドは10月からスズ輸出を禁止する予定だ。", "ja", 2025),
        ("泽兰此前已于10月禁止向秘鲁出口锡。", "zh", 2024),
        ("泽兰将于10月禁止向秘鲁出口锡。", "zh", 2025),
    ],
)
def test_dates_a_month_ahead_told_as_past_is_last_years(text, lang, year):
    (q,) = parse_dates(text, lang, PUBLISHED)
    assert int(q.lower) == year
