"""Claim detection with the real spaCy pipelines (en_core_web_sm, ja_ginza)."""

from __future__ import annotations

from datetime import date

import pytest

from core.facts import fact_key
from nlp.claims import CHECKWORTHY_THRESHOLD, extract_claims, extract_claims_many

EN = (
    "Nvidia chips worth at least $1 billion were smuggled into China in the three months after the curbs.\n"
    "Huawei's CloudMatrix 384 delivers 1.7 times the compute of Nvidia's GB200 NVL72, analysts said.\n"
    "The mood at the fair was upbeat and the coffee was excellent.\n"
    "Read more\n"
    "The conference opened in July with a keynote on robotics."
)
JA = (
    "ファーウェイのCloudMatrix 384は384個のAscend 910Cを搭載し、演算性能は約300ペタFLOPSに達するという。"
    "会場は多くの人でにぎわった。\n"
    "エヌビディア製の半導体少なくとも10億ドル相当が中国に密輸された。"
)


def test_claims_keep_every_sentence_with_a_figure_and_drop_the_rest():
    claims = extract_claims(EN, "en")
    texts = [c.text for c in claims]
    assert len(texts) == 3
    assert texts[0].startswith("Nvidia chips worth at least $1 billion")
    assert texts[1].startswith("Huawei's CloudMatrix 384")
    assert texts[2].startswith("The conference opened in July")  # a month makes an event claim
    assert all(c.checkworthiness >= CHECKWORTHY_THRESHOLD for c in claims)
    assert claims[2].claim_type == "event"
    assert claims[1].claim_type == "comparison"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # Made up: an amount per month is a price, not the boilerplate of a subscription offer.
        ("Retired officers receive $2,300 per month in housing aid.", 2300),
        ("The program pays families $640 per month for each child.", 640),
        ("Tenants saw rents climb to €1,150 per month in the capital.", 1150),
    ],
)
def test_claims_amount_per_month_is_no_boilerplate(text, value):
    [claim] = extract_claims(text, "en")
    assert [q.value for q in claim.figures] == [value]


@pytest.mark.parametrize(
    "text",
    ["Subscribe now for $4.99 per month.", "Get unlimited digital access for $1 a month, cancel anytime."],
)
def test_claims_subscription_offer_stays_boilerplate(text):
    assert extract_claims(text, "en") == []


def test_claims_offsets_point_into_the_article():
    for claim in extract_claims(EN, "en"):
        assert EN[claim.start : claim.end] == claim.text
        for fig in claim.figures:
            assert claim.text[fig.start : fig.end] == fig.surface


def test_claims_figures_get_subject_and_measure():
    money, ratio, _ = extract_claims(EN, "en")
    usd = next(f for f in money.figures if f.unit == "USD")
    assert (usd.value, usd.lower, usd.upper) == (1e9, 1e9, None)
    assert usd.subject == "nvidia"
    (x,) = ratio.figures
    assert (x.value, x.unit, x.subject, x.measure) == (1.7, "x", "cloudmatrix-384", "compute")
    assert x.reference == "gb200-nvl72"
    assert x.fact_key == "cloudmatrix-384~gb200-nvl72|compute|x"


def test_claims_japanese_sentences_and_figures():
    claims = extract_claims(JA, "ja")
    assert [c.lang for c in claims] == ["ja", "ja"]
    first, second = claims
    assert first.text.endswith("という。")
    flops = next(f for f in first.figures if f.unit == "FLOPS")
    assert flops.value == pytest.approx(3e17)
    assert flops.lower == pytest.approx(2.7e17)
    assert flops.subject == "cloudmatrix-384"
    count = next(f for f in first.figures if f.unit == "count")
    assert count.value == 384
    usd = next(f for f in second.figures if f.unit == "USD")
    assert (usd.value, usd.lower, usd.upper, usd.subject) == (1e9, 1e9, None, "nvidia")


def test_claims_many_batches_languages_and_keeps_order():
    results = extract_claims_many([(EN, "en"), (JA, "ja"), ("", "en")])
    assert [len(r) for r in results] == [3, 2, 0]


def test_claims_unknown_language_falls_back_to_a_sentencizer():
    (claim,) = extract_claims("华为的CloudMatrix 384算力约为英伟达GB200 NVL72的1.7倍。", "zh")
    assert claim.lang == "zh"
    assert any(f.unit == "x" and f.value == pytest.approx(1.7) for f in claim.figures)


def test_claims_ratio_direction_is_kept_so_both_wordings_compare():
    from core.facts import oriented

    (faster,) = extract_claims(
        "Huawei's CloudMatrix 384 delivers 1.7 times the compute of Nvidia's GB200 NVL72.", "en"
    )
    (slower,) = extract_claims(
        "The GB200 NVL72 is 7.5 times slower than the CloudMatrix 384 in raw compute.", "en"
    )
    a, b = faster.figures[0], slower.figures[0]
    assert (b.subject, b.reference) == ("gb200-nvl72", "cloudmatrix-384")
    assert b.value == pytest.approx(1 / 7.5)
    assert a.fact_key == b.fact_key
    # In the key's orientation (cloudmatrix-384 : gb200-nvl72) the two say 1.7 and 7.5.
    assert oriented(b.subject, b.reference, "x", b.lower, b.upper) == (pytest.approx(7.5), pytest.approx(7.5))
    assert oriented(a.subject, a.reference, "x", a.lower, a.upper) == (1.7, 1.7)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # Made up (blind-corpus class E): the second ratio of a sentence measures its own clause.
        (
            "华为推出CloudMatrix 384。其显存容量为49.2TB，是GB200 NVL72的3.6倍；"
            "显存带宽为1229TB/s，约为后者的2.1倍。",
            "zh",
        ),
        ("CloudMatrix 384の記憶容量はGB200 NVL72の3.6倍、帯域幅は約2.1倍となる。", "ja"),
    ],
)
def test_claims_each_ratio_takes_the_measure_of_its_own_clause(text, lang):
    ratios = [f for c in extract_claims(text, lang) for f in c.figures if f.unit == "x"]
    assert [(f.value, f.measure) for f in ratios] == [(3.6, "memory"), (2.1, "bandwidth")]
    assert {f.subject for f in ratios} == {"cloudmatrix-384"}


JULY = date(2025, 7, 28)


def _figures_of(docs, unit):
    """The figures of `unit` in the claims of (text, lang, published) docs, in order."""
    return [f for claims in extract_claims_many(docs) for c in claims for f in c.figures if f.unit == unit]


def _date_keys(docs):
    dates = _figures_of(docs, "year")
    return [fact_key(f.subject, f.measure, f.unit, f.reference, f.subject_from) for f in dates]


def test_claims_an_event_date_keys_its_event_in_every_language():
    # Made up (round-2 class 1): one licensing event, three wordings, one fact key.
    docs = [
        ("The US Commerce Department added the licence requirement for the H20 in April.", "en", JULY),
        ("美国商务部于今年2月将H20纳入出口许可管理。", "zh", JULY),
        ("米商務省は2月、H20の輸出に許可取得を義務付けた。", "ja", JULY),
    ]
    assert _date_keys(docs) == ["h20|date:restrict|year"] * 3
    # Two dates in one sentence: each takes its own verb's event; one with none keys nothing.
    (two,) = extract_claims("The H20 rule was drafted in January 2025 and took effect in April.", "en", JULY)
    assert [f.measure for f in two.figures if f.unit == "year"] == ["date", "date:effect"]


def test_claims_the_rules_own_their_dates_whoever_else_the_sentence_names():
    # Made up (positions class F): a rule's dates key the rules, not the company the sentence
    # names or nothing at all, so outlets that date its entry into force differently meet.
    docs = [
        (
            "The rules, which cut off Acme chips, were announced in March 2024 and took effect on April 9.",
            "en",
            JULY,
        ),
        ("该条例已于2024年3月起施行。", "zh", JULY),
        ("新規制は2024年4月9日に施行された。", "ja", JULY),
        ("The chip curbs were widened in May 2024, the ministry said.", "en", JULY),
    ]
    assert _date_keys(docs) == [
        "us-export-controls|date:announce|year",
        "us-export-controls|date:effect|year",
        "us-export-controls|date:effect|year",
        "us-export-controls|date:effect|year",
        "us-export-controls|date:restrict|year",
    ]


def test_claims_a_rule_named_by_its_name_owns_its_dates_in_every_language():
    # Made up (blind6 dev class): a rule known by its name was keyed to the agency that scrapped it
    # (美国商务部) or to nothing, so its three languages never met; the export rules described
    # without a name stay the export rules'.
    docs = [
        ("Washington scrapped the AI diffusion rule on May 13, before it applied.", "en", JULY),
        ("米商務省は5月13日、「AI拡散規則」を撤回すると発表した。", "ja", JULY),
        ("美国商务部5月13日宣布撤销“AI扩散规则”。", "zh", JULY),
        ("The rules were rescinded on May 13.", "en", JULY),
    ]
    rule = "ai-diffusion-rule|date:ease|year"
    assert _date_keys(docs) == [rule] * 3 + ["us-export-controls|date:ease|year"]


def test_claims_an_agency_holds_no_company_money():
    # Made up (blind10 dev class): the agency whose rule cuts a company's revenue is not whose
    # revenue it is; the company opening the sentence, unknown to the gazetteer, keeps it (no key).
    docs = [
        (
            "Zenith Materials said in a filing this month that the Commerce Department's new rule would "
            "cut its fiscal 2026 revenue by about $600 million.",
            "en",
            JULY,
        ),
        ("米ゼニスは、米商務省の新規則により売上高が1億1000万ドル減るとの見通しを示した。", "ja", JULY),
        ("Nvidia said the H20 rule would cut its revenue by $8 billion this quarter.", "en", JULY),
        ("The Commerce Department fined Acme $300 million.", "en", JULY),
    ]
    money = [(f.subject, f.measure) for f in _figures_of(docs, "USD")]
    assert money == [(None, "loss"), (None, "loss"), ("nvidia", "loss"), ("us-commerce-department", "fine")]


def test_claims_a_rule_suspended_or_paused_is_eased_in_every_language():
    # Made up (blind8 dev class): a suspension dated the rule's restriction (its relative clause's
    # "blacklisted", 实施) or a halt of the agency's; shipments suspended stay a halt.
    docs = [
        (
            "The Commerce Department on November 10 suspended for one year a rule that extended the "
            "curbs to firms owned by blacklisted companies.",
            "en",
            JULY,
        ),
        ("美国商务部11月10日宣布暂停实施该规则一年。", "zh", JULY),
        ("米商務省は11月10日、同規則の適用を1年間停止した。", "ja", JULY),
        ("Washington paused the affiliates rule on November 10.", "en", JULY),
        ("Acme suspended H20 shipments in April under the new rules.", "en", JULY),
        ("The Commerce Department issued the rule on September 29.", "en", JULY),
        # The suspension named by its date, in a sentence of the rule; not a suspension of goods.
        ("The curbs stay in force until the November 10 suspension.", "en", JULY),
        ("The rules led to the April suspension of shipments.", "en", JULY),
    ]
    eased = "us-export-controls|date:ease|year"
    assert _date_keys(docs) == [eased] * 4 + [
        "h20|date:halt|year",
        "us-export-controls|date:restrict|year",
        eased,
        None,
    ]


def test_claims_another_governments_rules_are_dated_for_that_government():
    # Made up (blind2 dev class 3): a permit rule of a government that is not the US had no key,
    # so its three languages never met.
    docs = [
        ("Vietnam started demanding export permits for American AI accelerators on October 6.", "en", JULY),
        ("ベトナムは10月6日から、米国製AIアクセラレーターの輸出に許可制を敷いた。", "ja", JULY),
        ("越南自10月6日起对美国AI加速器出口实行许可制度。", "zh", JULY),
        ("Malaysia began requiring permits for US AI chips on July 14.", "en", JULY),
        ("Starting July 14, Malaysia requires a trade permit for exports of US AI chips.", "en", JULY),
        ("马来西亚自7月14日起要求出口美国AI芯片须申请贸易许可证。", "zh", JULY),
    ]
    vietnam, malaysia = "vietnam-rules|date:restrict|year", "malaysia-rules|date:restrict|year"
    assert _date_keys(docs) == [vietnam] * 3 + [malaysia] * 3


def test_claims_a_dated_event_of_something_else_stays_its_own_despite_the_rules():
    docs = [
        ("Nvidia shipped the first chips in March 2025 despite the rules.", "en", JULY),
        ("The US tightened export controls on the H20 in April 2025.", "en", JULY),
    ]
    assert _date_keys(docs) == ["nvidia|date:ship|year", "h20|date:restrict|year"]


def test_claims_a_licence_is_dated_for_its_product_in_every_wording():
    # Made up (blind dev classes 1-2): licences handed out, begun, or said to be coming, in any
    # spelling and language, date the product's approval, not an opening, a restart or a speaker.
    docs = [
        ("The ministry started handing out export licences for the H200 in late September.", "en", JULY),
        ("経産省は9月下旬からH200の輸出許可の交付を始めた。", "ja", JULY),
        ("The agency began processing H20 licences in early March.", "en", JULY),
        ("美国商务部3月上旬开始发放H20出口许可证。", "zh", JULY),
        (
            "Shipments of the H200 restarted after Nvidia said in early May that permits would be issued.",
            "en",
            JULY,
        ),
        (
            "The H200 had been off the market since spring. Buyers could order again after Nvidia said in"
            " early May that licences would be granted.",
            "en",
            JULY,
        ),
        ("黄仁勋5月上旬表示，美国政府将批准H200对华出口许可。", "zh", JULY),
    ]
    assert (
        _date_keys(docs)
        == ["h200|date:approve|year"] * 2 + ["h20|date:approve|year"] * 2 + ["h200|date:approve|year"] * 3
    )
    # A restart dated by its own verb stays a restart, before or after the approval it waited on.
    assert _date_keys(
        [
            ("Nvidia resumed H20 shipments in August after licences were approved.", "en", JULY),
            ("After licences were approved, Nvidia resumed H20 shipments in August.", "en", JULY),
            (
                "Nvidia said on Thursday, October 2, 2025, that Washington would approve licences so it"
                " could restart H200 deliveries.",
                "en",
                JULY,
            ),
        ]
    ) == ["h20|date:resume|year"] * 2 + ["h200|date:approve|year"]
    # A Japanese verb follows its date: the restart after the approval is the restart.
    assert _date_keys([("米政府の許可を受け、エヌビディアは8月にH20の出荷を再開した。", "ja", JULY)]) == [
        "h20|date:resume|year"
    ]
    # ... while a fair that began opened, and a company's own deal stays the company's.
    assert _date_keys([("The fair began on July 26 in Shanghai, next to WAIC.", "en", JULY)]) == [
        "waic|date:open|year"
    ]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # Made up (beat class B8): a unit price (单价, 単価) is the price "per chip" states.
        ("知情人士称，H20单价约1.2万美元。", "zh"),
        ("H20の単価は1万2000～1万5000ドルとされる。", "ja"),
        ("At list prices of $12,000 to $15,000 per chip, the H20 is cheap.", "en"),
    ],
)
def test_claims_a_unit_price_is_a_price_in_every_language(text, lang):
    (claim,) = extract_claims(text, lang)
    assert [(f.subject, f.measure, f.unit) for f in claim.figures] == [("h20", "price", "USD")]


def test_claims_japanese_sentences_end_at_their_stops_only():
    # Made up (blind2 dev class D): GiNZA's parser cut before 「CloudMatrix 384」, so the count of
    # chips lost the system they are built into.
    text = (
        "世界人工知能大会（WAIC）が上海で開幕した。中国の華為技術（ファーウェイ）は、自社開発のAI半導体"
        "「昇騰（Ascend）910C」を400個近くつないだ大型システム「CloudMatrix 384」を初めて一般公開した。"
        "社長は「性能は約2倍だ。」と述べた。"
    )
    claims = extract_claims(text, "ja")
    assert [c.text[-8:] for c in claims][:1] == ["を初めて一般公開した。"[-8:]]
    counts = [f for c in claims for f in c.figures if f.unit == "count"]
    assert [(f.subject, f.measure, f.lower, f.upper) for f in counts] == [
        ("cloudmatrix-384", "count:chip", 340.0, 400.0)
    ]
    assert claims[-1].text == "社長は「性能は約2倍だ。」と述べた。"  # a quote's 。 keeps its 」


@pytest.mark.parametrize(
    ("text", "lang", "per_container"),
    [
        # Blind3 dev class 9 (made up): a count per tray or node is no count of the whole system.
        ("The GB200 NVL72 is built from 18 trays, each with 4 Blackwell GPUs.", "en", "4 Blackwell GPUs"),
        ("The GB200 NVL72 packs 18 compute trays with 4 GPUs apiece.", "en", "4 GPUs"),
        ("The CloudMatrix 384 spreads its chips over 12 racks, each holding 32 chips.", "en", "32 chips"),
        ("GB200 NVL72由18个计算托盘组成，每个托盘配备4颗GPU。", "zh", "4颗"),
        ("The GB200 NVL72 packs 18 server trays which each house four B200 GPUs.", "en", "four B200 GPUs"),
        ("The GB200 NVL72 has 18 trays that each carry 4 GPUs.", "en", "4 GPUs"),
    ],
)
def test_claims_a_count_per_container_is_not_the_systems_count(text, lang, per_container):
    (claim,) = extract_claims(text, lang)
    counts = {f.surface: f.measure for f in claim.figures if f.unit == "count"}
    assert counts[per_container].endswith(":each")
    assert [m for s, m in counts.items() if s != per_container and m.endswith(":each")] == []
    whole = extract_claims("The GB200 NVL72 connects 72 Blackwell GPUs.", "en")[0].figures[0]
    assert whole.measure == "count:chip"
