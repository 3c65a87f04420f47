"""People charged in a case, keyed by the day of the charges (nlp/cases.py): made-up sentences in
the beat's three languages (blind2/blind3 dev class: counts of people charged had no subject)."""

from __future__ import annotations

import datetime

import pytest

from nlp.claims import extract_claims

PUBLISHED = datetime.date(2025, 3, 10)


def _counts(text: str, lang: str) -> list[tuple[str | None, str, float]]:
    return [
        (f.subject, f.measure, f.value)
        for c in extract_claims(text, lang, PUBLISHED)
        for f in c.figures
        if f.unit == "count"
    ]


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        (
            "Acme parts keep reaching buyers abroad. Prosecutors in Texas on March 3 charged four "
            "Singaporean men with smuggling chips worth millions of dollars.",
            "en",
            4,
        ),
        ("米司法省は3月3日、シンガポール国籍の3人を半導体の不正輸出の罪で訴追した。", "ja", 3),
        ("美国司法部3月3日宣布，起诉四名新加坡公民涉嫌非法出口芯片。", "zh", 4),
        ("Police arrested five suspects on March 3 over the chip smuggling ring.", "en", 5),
        # A maker named as the goods' maker owns no one charged; a charge the sentence announces
        # keys its count though the speech verb stands nearer it (blind4 dev, made-up cases).
        (
            "米司法省は3月3日、エヌビディア製の半導体を不正に輸出したとして、中国籍の2人を訴追したと発表した。",
            "ja",
            2,
        ),
        ("美国司法部3月3日宣布，三名男子因涉嫌违规出口芯片被起诉。", "zh", 3),
        # blind6 dev class (made up): a charge whose crime is a shipment is still a charge.
        (
            "Prosecutors have charged four men with illegally shipping chips to Peru, the Justice "
            "Department said on March 3.",
            "en",
            4,
        ),
    ],
)
def test_cases_people_charged_are_keyed_by_the_day_of_the_charges(text, lang, value):
    assert ("case:2025-03-03", "count:person", value) in _counts(text, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # A month may hold several cases.
        ("In March, prosecutors charged three men with smuggling chips.", "en"),
        # Not the count of those charged.
        ("On March 3, about 300 people attended the chip fair in Shanghai.", "en"),
        ("Prosecutors charged three men on March 3 and two more on March 5.", "en"),
    ],
)
def test_cases_no_day_of_charges_keys_no_case(text, lang):
    assert not any((subject or "").startswith("case:") for subject, _, _ in _counts(text, lang))


@pytest.mark.parametrize(
    ("published", "day"),
    [
        (datetime.date(2025, 3, 10), "2025-03-10"),  # a Monday: the day itself
        (datetime.date(2025, 3, 12), "2025-03-10"),  # a Wednesday: the Monday before
    ],
)
def test_cases_a_weekday_dates_the_charges_in_the_week_of_publication(published, day):
    text = (
        "Federal prosecutors have charged three Singaporean men with smuggling servers to China, "
        "the Justice Department said on Monday."
    )
    counts = [(f.subject, f.value) for c in extract_claims(text, "en", published) for f in c.figures]
    assert (f"case:{day}", 3) in counts


@pytest.mark.parametrize(
    "text",
    [
        # Two weekdays: which one dates the charges is unclear.
        "Prosecutors charged three men on Monday and a judge released them on Friday.",
        # A weekday without charges.
        "About 300 people attended the chip fair in Shanghai on Monday.",
    ],
)
def test_cases_a_weekday_without_one_charge_keys_no_case(text):
    subjects = [f.subject or "" for c in extract_claims(text, "en", PUBLISHED) for f in c.figures]
    assert not any(s.startswith("case:") for s in subjects)


def test_cases_two_outlets_counting_one_case_differently_contradict():
    from core.judge import judge
    from warehouse.contradictions import side_from_claim

    texts = {
        "a": ("Prosecutors in Texas on March 3 charged four Singaporean men with smuggling chips.", "en"),
        "b": ("米司法省は3月3日、シンガポール国籍の3人を半導体の不正輸出の罪で訴追した。", "ja"),
        "c": ("美国司法部3月3日宣布，起诉四名新加坡公民涉嫌非法出口芯片。", "zh"),
    }
    sides = {
        cid: side_from_claim(extract_claims(text, lang, PUBLISHED)[0], cid, cid, cid, published=PUBLISHED)
        for cid, (text, lang) in texts.items()
    }
    (conflict,) = [c for c in judge(sides["a"], sides["b"]) if c.kind == "quantity"]
    assert conflict.fact_key == "case:2025-03-03|count:person|count"
    assert [c for c in judge(sides["a"], sides["c"]) if c.kind == "quantity"] == []
