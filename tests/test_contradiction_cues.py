"""Contradiction cues (nlp/contradiction_cues.py): computed once per claim when it is extracted,
stored with it (claims.cues, migration 0016), read by the contradiction stage; claims stored
before 0016 are backfilled by the NLP stage, and a missing cue is never read as "no cue"."""

from __future__ import annotations

from datetime import date

import pytest
from store_helpers import NOW, add_article, add_claims, basis, claim, figure, set_vector

from nlp.contradiction_cues import Cues, claim_cues, event
from warehouse.claimstore import save_cues, uncued_claims
from warehouse.db import connect
from warehouse.stagestate import pending_count

JULY_28 = date(2025, 7, 28)


def _span(text: str, surface: str) -> tuple[int, int]:
    start = text.index(surface)
    return start, start + len(surface)


def test_contradiction_cues_scope_reads_part_and_whole_cues():
    cases = {
        "One distributor sold chips worth $400 million.": "part",
        "Chips worth $400 million were sold by a single dealer.": "part",
        "Chips worth $1 billion were smuggled in total.": "whole",
        "Chips worth $1 billion were smuggled.": "unspecified",
        # "of which" qualifies what follows it, not the total before it
        "Chips worth $1 billion were smuggled, of which $400 million went through Malaysia.": "unspecified",
        # Blind3 dev class 2 (made up): a cue in another clause, or a percentage's denominator.
        "Acme booked an $800 million charge, after it resold some of the stockpiled parts.": "unspecified",
        "After it resold some of the stockpiled parts, Acme booked an $800 million charge.": "unspecified",
        # blind5 dev class (made up): nor in a clause joined on with "and".
        "Acme booked $800 million in Peru, and its licences cover only part of that business.": "unspecified",
        "Acme booked $1 billion in all, and one dealer sold some of it.": "whole",
        "Europe brought Acme $9 billion last year, or 28% of the total, filings show.": "unspecified",
        "Some of the chips, worth $400 million, went through Malaysia.": "part",
        "Of the total, $400 million went through one dealer.": "part",
        "In total, $1 billion of chips were smuggled.": "whole",
        # Blind2 dev round 3 (made up): "a single" or 单个 before a product is per unit, the
        # reference of a comparison; "of that scale" is no "of that [sum]".
        "Each MI300X costs about $20,000, roughly twice what a single H100 fetched.": "unspecified",
        "单个MI300X售价约2万美元。": "unspecified",
        "The cost of that scale is about $400 million, analysts say.": "unspecified",
        "Of that, $400 million went through Malaysia.": "part",
        "单个经销商售出价值4亿美元的芯片。": "part",
    }
    for text, expected in cases.items():
        surfaces = ("$1 billion", "$800 million", "28%", "$400 million", "$20,000", "2万美元", "4亿美元")
        surface = next(s for s in surfaces if s in text)
        assert claim_cues(text, [_span(text, surface)], JULY_28).scopes == (expected,), text


def test_contradiction_cues_periods_resolve_relative_years_and_quarters():
    def periods(text: str) -> dict:
        return claim_cues(text, [], JULY_28).periods

    quarter_2025 = {"quarter": {2}, "year": {2025}, "span": {3}}
    assert periods("Revenue fell in the second quarter of this year.") == quarter_2025
    assert periods("第1四半期の売上高は来年に公表する。") == {"quarter": {1}, "year": {2026}, "span": {3}}
    assert periods("Chips worth $1 billion were smuggled.") == {}
    # Beat class B4 (made up): the length of the period covered, so a year never meets its quarter.
    assert periods("Fines came to $120 million over the whole of 2023.") == {"year": {2023}, "span": {12}}
    assert periods("In the first quarter of 2024 alone, fines topped $200 million.") == {
        "quarter": {1},
        "year": {2024},
        "span": {3},
    }
    # A span said in months (beat class B4/B7): a year and "the two months after" are two facts.
    assert periods("About $900 million of chips were diverted in the two months after the rules.")[
        "span"
    ] == {2}
    assert periods("Across 2023, about $250 million of chips were diverted.") == {
        "year": {2023},
        "span": {12},
    }
    assert periods("規制強化後の4カ月間で、少なくとも7億ドルが流入した。")["span"] == {4}
    assert periods("规则收紧后的两个月内，约2亿美元的芯片流入。")["span"] == {2}
    assert periods("一季度违规出境的芯片总值约2亿美元。") == {"quarter": {1}, "span": {3}}
    # Two trading days are two periods: a weekday is a period kind of its own.
    assert periods("Acme stock closed 2% higher on Tuesday.") == {"weekday": {2}}
    assert periods("アクメの株価は金曜日に5%下落した。") == {"weekday": {5}}
    assert periods("阿克米股价周一下跌1.5%。") == {"weekday": {1}}
    assert periods("Sales reached $10 billion in 2024.") == {"year": {2024}, "span": {12}}
    assert periods("上半期の売上高は通年の半分だった。")["span"] == {6}
    # Blind3 dev class 10 (made up): a quarter named relative to the article's date (Q3 2025).
    assert periods("Acme expects to forgo $700 million in the current quarter.") == {
        "quarter": {3},
        "year": {2025},
        "span": {3},
    }
    assert periods("It lost $300 million last quarter.")["quarter"] == {2}
    assert periods("Sales will recover next quarter.")["quarter"] == {4}
    assert periods("アクメは前四半期に3億ドルを失った。")["quarter"] == {2}
    assert periods("阿克米上一季度损失3亿美元。")["quarter"] == {2}  # not the first quarter
    assert periods("阿克米本季度预计损失7亿美元。")["quarter"] == {3}
    # blind6 dev class (made up): a relative year that dates a month is the date's.
    assert periods("今年4月，阿克米计提了20亿美元费用。") == {}
    assert periods("今年、アクメは20億ドルを失った。")["year"] == {2025}


def test_contradiction_cues_a_chinese_half_year_is_a_half():
    def periods(text: str) -> dict:
        return claim_cues(text, [], JULY_28).periods

    # Blind7 dev class (made up): 上半年 is a half, not the whole year 今年 names.
    assert periods("今年上半年，该公司营收28.81亿元。") == {"year": {2025}, "half": {1}, "span": {6}}
    assert periods("下半年营收预计增长。") == {"half": {2}, "span": {6}}
    assert periods("今年营收28.81亿元。") == {"year": {2025}, "span": {12}}


def test_contradiction_cues_a_later_clause_keeps_its_periods_to_itself():
    """Blind5 dev class (made-up cases): a period a clause joined on names is that clause's."""
    text = "Acme took a $5.5 billion charge after the ban, and China generated 17% of its revenue last year."
    cues = claim_cues(text, [_span(text, "$5.5 billion"), _span(text, "17%")], JULY_28)
    assert cues.periods["year"] == {2024}
    assert cues.figure_periods == ({}, None)  # the charge names no period; the 17% has the sentence's
    # The same in a clause after a semicolon or "but"; a period before the figure stays its own.
    text = "In 2023 Acme lost $2 billion; it expects a profit next year."
    assert claim_cues(text, [_span(text, "$2 billion")], JULY_28).figure_periods[0]["year"] == {2023}
    # A period set off at the sentence's end is every clause's.
    text = "Revenue rose to $5 billion, and profit to $1 billion, in the second quarter."
    assert claim_cues(text, [_span(text, "$5 billion")], JULY_28).figure_periods == ()
    # No later clause: the sentence's periods.
    text = "Acme took a $4.5 billion charge in its first fiscal quarter, analysts said."
    assert claim_cues(text, [_span(text, "$4.5 billion")], JULY_28).figure_periods == ()


def test_contradiction_cues_a_later_clauses_period_vetoes_no_disagreement():
    from core.judge import judge
    from nlp.claims import extract_claims
    from warehouse.contradictions import side_from_claim

    texts = {
        "a": "Nvidia took a $5.5 billion charge after the ban, and China made 17% of its revenue last year.",
        "b": "Nvidia took a $4.5 billion charge on its inventory in its first fiscal quarter.",
        "c": "Nvidia took a $4.5 billion charge on its inventory in 2024.",
    }
    sides = {
        cid: side_from_claim(extract_claims(text, "en", JULY_28)[0], cid, cid, cid, published=JULY_28)
        for cid, text in texts.items()
    }
    (conflict,) = [c for c in judge(sides["a"], sides["b"]) if c.kind == "quantity"]
    assert conflict.fact_key.endswith("|charge|USD")
    # Two periods of one kind named by the figures' own clauses still veto.
    later = "Nvidia took a $4.5 billion charge in its first fiscal quarter, and its sales fell 10% last year."
    side = side_from_claim(extract_claims(later, "en", JULY_28)[0], "d", "d", "d", published=JULY_28)
    assert [c for c in judge(side, sides["c"]) if c.kind == "quantity"] == []


def test_contradiction_cues_event_and_json_round_trip():
    text = "The US tightened export rules in April, and eased them in Q2 next year."
    cues = claim_cues(text, [_span(text, "April"), (None, None)], JULY_28)
    assert cues.event == "restrict"  # the first class in list order
    assert cues.scopes == ("unspecified", "unspecified")
    assert Cues.from_json(cues.to_json()) == cues
    assert Cues.from_dict(cues.to_dict()) == cues


def test_contradiction_cues_a_missing_cue_is_an_error_not_no_cue():
    from warehouse.contradictions import with_cues

    with pytest.raises(ValueError, match="no contradiction cues"):
        with_cues("c", "a", "src", "Revenue fell in the second quarter.", (), JULY_28, cues=None)


SMUGGLED_A = "Nvidia chips worth at least $1 billion were smuggled into China."
SMUGGLED_B = "Nvidia processors worth about $400 million were smuggled into China."


def _store(tmp_path, cues: bool):
    con = connect(tmp_path / "s.duckdb")
    add_article(con, "a1", "alpha")
    add_article(con, "b1", "beta")
    fig_a = figure(1e9, "USD", 1e9, None, "at least $1 billion", "nvidia", hedge="at_least")
    fig_b = figure(4e8, "USD", 3.6e8, 4.4e8, "about $400 million", "nvidia", hedge="about")
    (a,) = add_claims(con, "a1", [claim(SMUGGLED_A, fig_a, cues=cues)])
    (b,) = add_claims(con, "b1", [claim(SMUGGLED_B, fig_b, cues=cues)])
    set_vector(con, SMUGGLED_A, basis(0))
    set_vector(con, SMUGGLED_B, basis(0, 1, 0.2))
    return con, a, b


def test_contradiction_cues_stored_with_new_claims(tmp_path):
    con, a, _ = _store(tmp_path, cues=True)
    stored, cued = con.execute(
        "SELECT CAST(cues AS VARCHAR), cued FROM claims WHERE claim_id = ?", [a]
    ).fetchone()
    assert cued
    assert Cues.from_json(stored) == claim_cues(SMUGGLED_A, [(0, len("at least $1 billion"))], NOW.date())
    assert uncued_claims(con) == []
    assert pending_count(con, "cues") == 0
    con.close()


def test_contradiction_cues_backfilled_before_any_link_is_judged(tmp_path):
    from warehouse.contradictions import detect
    from warehouse.linking import link_new_claims

    con, a, b = _store(tmp_path, cues=False)  # as stored before migration 0016
    assert pending_count(con, "cues") == 2
    link_new_claims(con)
    assert pending_count(con, "contradictions") == 1
    # Without cues the link is not judged (neither flagged nor marked done): it waits.
    assert detect(con) == 0
    assert pending_count(con, "contradictions") == 1
    # The NLP stage's backfill: the same cues extraction would have stored.
    pending = uncued_claims(con)
    assert [row[0] for row in pending] == sorted([a, b])
    assert pending[0][3] == NOW.date()
    cues = {
        cid: claim_cues(text, [tuple(s) for s in spans], day).to_json() for cid, text, spans, day in pending
    }
    assert save_cues(con, cues) == 2
    assert pending_count(con, "cues") == 0
    assert detect(con) == 1  # "at least $1 billion" vs "about $400 million"
    assert pending_count(con, "contradictions") == 0
    con.close()


@pytest.mark.parametrize(
    "text",
    [
        "Officials only imposed the licence requirement for the H20 in March.",
        "The US Commerce Department added the permit rule for the H20 in April.",
        "美国商务部在4月对H20实施了出口许可证要求。",
        # Beat class B3, round 2 (made up): more wordings of one licensing event.
        "Washington first required a licence for H20 exports in April.",
        "Regulators made the H20 subject to an export permit in May.",
        "今年5月，美方又将H20纳入出口许可管理。",
        "米当局は5月、H20の輸出にも許可取得を義務付けた。",
        # blind5 dev class (made up): being told a licence is needed is the requirement, not a grant.
        "Officials told the company in May that the K5 would need a licence to ship to Brazil.",
        "今年5月，美方通知该公司，K5对巴西出口需申请许可证。",
        "米政府は5月、K5の輸出に許可が必要になると通知した。",
    ],
)
def test_contradiction_cues_a_requirement_put_in_place_is_one_event_class(text):
    # Beat class B3 (made up): a licensing date had no verb class, so no date was compared.
    assert event(text) == "restrict"
    assert event("The licence requirement for the H20 was lifted in July.") == "ease"  # another event
    assert event("Regulators granted the licences the K5 needed in August.") == "approve"


@pytest.mark.parametrize(
    "text",
    [
        "In May, prosecutors charged two men with exporting K5 chips without licences.",
        "Prosecutors charged three people in May with selling the K5 to China without an export licence.",
        "米司法省は5月、許可なくK5を輸出した疑いで2人を訴追した。",
        "美国司法部5月起诉两人，指控其未经批准出口K5芯片。",
    ],
)
def test_contradiction_cues_a_licence_lacked_is_no_approval(text):
    # Blind10 dev class (made up): the charges were dated as an approval by "without licences".
    assert event(text) == "arrest"
    assert event("Regulators granted the licences the K5 needed in May.") == "approve"  # the near miss
    assert event("米商務省は5月、K5の輸出を許可した。") == "approve"


@pytest.mark.parametrize(
    "text",
    [
        # Made up (beat classes D and I): one restriction put in place, worded five ways.
        "Washington first banned exports of top-end accelerators in October 2022.",
        "Export rules issued in October 2022 first cut off the fastest parts.",
        "美国于2022年10月出台针对先进芯片的出口管制规则。",
        "该国于2022年10月颁布相关限制。",
        "米国は2022年10月に先端半導体の輸出規制を導入した。",
        # blind5 dev class (made up): a product restricted, and the month that names the curbs.
        "Acme took a charge after the K5 was restricted in April.",
        "Washington restricted exports of the K5 in April.",
        "In the second quarter, the March export curbs cost Acme $2 billion of sales.",
        "3月の輸出規制により、アクメは20億ドルの売り上げを失った。",
        "受3月出口管制影响，阿克米损失20亿美元销售额。",
    ],
)
def test_contradiction_cues_a_restriction_is_one_event_however_it_is_worded(text):
    assert event(text) == "restrict"


@pytest.mark.parametrize(
    "text",
    [
        # The month is not the curbs' name: no event from it.
        "Acme's sales rose in March despite export curbs.",
        "The company may export controls-free parts in March.",
        "3月の売上高は規制にもかかわらず増えた。",
        "Sales of the restricted K5 fell in May.",
    ],
)
def test_contradiction_cues_a_month_beside_curbs_it_does_not_name_is_no_event(text):
    assert event(text) is None


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # blind6 dev classes (made up): a regulator's probe is its own event, in every language;
        # a rule rescinded is lifted.
        ("The regulator opened an antitrust probe into Acme in May 2024.", "probe"),
        ("当局は2024年5月、アクメに対する独占禁止法違反の調査に着手した。", "probe"),
        ("监管机构于2024年5月对阿克米立案调查。", "probe"),
        ("The permit rule was rescinded on May 13, days before it was due to take effect.", "ease"),
        ("米政府は5月13日、その規則を撤回した。", "ease"),
        # A research firm and a survey open no probe; antitrust law is no ban.
        ("調査会社によると、アクメの出荷は5月に増えた。", "ship"),
        ("调查显示，阿克米5月出货增加。", None),
        ("独占禁止法の改正案は5月に公表された。", None),
    ],
)
def test_contradiction_cues_probes_and_rescinded_rules(text, want):
    assert event(text) == want


def test_contradiction_cues_another_governments_rules_are_not_the_us_rules():
    from nlp.contradiction_cues import rule_named

    assert rule_named("The curbs were widened in May 2024.") == "carried"
    assert rule_named("Analysts said export controls would bite by March.") == "named"
    assert rule_named("China restricted gallium exports under new rules in July 2023.") is None
    assert rule_named("欧盟于2021年5月首次发布针对光刻设备的出口许可规定。") is None


def test_contradiction_cues_bandwidth_is_no_ban():
    assert event("Its memory bandwidth reaches 1.6 TB/s, the vendor says.") is None
    assert event("Washington banned H20 sales to China in April.") == "restrict"
    assert event("The ban on H20 sales stayed in place until July.") == "restrict"


def test_contradiction_cues_each_date_has_the_event_of_its_own_verb():
    from nlp.contradiction_cues import event_at

    text = "The rules were announced in October 2023 and took effect on November 17 of that year."
    assert event_at(text, *_span(text, "October 2023")) == "announce"
    assert event_at(text, *_span(text, "November 17")) == "effect"
    ja = "規則は3月に承認され、5月に施行された。"
    assert event_at(ja, *_span(ja, "3月")) == "approve"
    assert event_at(ja, *_span(ja, "5月")) == "effect"
    assert event_at("Shares were flat in March.", 21, 26) is None
    # Blind2 dev round 4 (made up): a weekday's apposition comma does not cut a date from its verb.
    fair = "The Orion Expo opened in Lyon on Friday, September 5, and runs until September 8."
    assert event_at(fair, *_span(fair, "September 5")) == "open"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # Made up (blind class D): licences handed out, and shipments resumed, in three languages.
        ("The Commerce Department started granting H20 export licences in early August.", "approve"),
        ("米商務省は8月上旬からH20向け輸出許可の交付を開始した。", "approve"),
        ("美国商务部8月初开始向英伟达发放H20出口许可证。", "approve"),
        ("Nvidia resumed H20 shipments in May.", "resume"),
        ("エヌビディアは5月にH20の出荷を再開した。", "resume"),
        ("英伟达5月恢复向中国交付H20。", "resume"),
        ("エヌビディアは5月にH20を出荷した。", "ship"),
        # Blind2/blind3 dev round 3 (made up): a charge in Chinese and Japanese, a summons.
        ("美国检方3月5日起诉两名男子。", "arrest"),
        ("米司法省は3月5日、2人を訴追した。", "arrest"),
        ("Regulators summoned Nvidia on July 31.", "summon"),
        ("国家网信办7月31日约谈英伟达。", "summon"),
        ("当局は7月31日にエヌビディアを呼び出した。", "summon"),
    ],
)
def test_contradiction_cues_one_event_in_every_language(text, want):
    assert event(text) == want


@pytest.mark.parametrize(
    ("text", "government"),
    [
        ("India tightened its rules in May.", "india-rules"),
        ("马来西亚于7月14日出台新规。", "malaysia-rules"),
        # Blind3 dev pass 2 (made up): a nationality is no government.
        ("Two Indian nationals were charged on Aug. 4.", None),
        ("美国检方8月4日宣布，两名印度公民被起诉。", None),
        ("インド国籍の3人が起訴された。", None),
    ],
)
def test_contradiction_cues_a_nationality_names_no_government(text, government):
    from nlp.contradiction_cues import government_of

    assert government_of(text) == government
