"""Tests for nlp.quantities: figures, units, hedge intervals and offsets in en/ja/zh."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.quantities import Quantity, parse_quantities

USD, JPY, CNY, EUR, GBP = "USD", "JPY", "CNY", "EUR", "GBP"
INF = None  # an open end of an interval

# text, lang, value, unit, lower, upper, surface, hedge; each text holds exactly one figure.
CASES = [
    # money, English
    ("at least $1 billion", "en", 1e9, USD, 1e9, INF, "at least $1 billion", "at_least"),
    ("about $400 million", "en", 4e8, USD, 3.6e8, 4.4e8, "about $400 million", "about"),
    (
        "between $489,000 and $4 million",
        "en",
        2244500,
        USD,
        489000,
        4e6,
        "between $489,000 and $4 million",
        "range",
    ),
    ("$1.5bn", "en", 1.5e9, USD, 1.5e9, 1.5e9, "$1.5bn", "exact"),
    ("$400m", "en", 4e8, USD, 4e8, 4e8, "$400m", "exact"),
    ("$2tn", "en", 2e12, USD, 2e12, 2e12, "$2tn", "exact"),
    ("US$1.5 billion", "en", 1.5e9, USD, 1.5e9, 1.5e9, "US$1.5 billion", "exact"),
    ("nearly 400 million dollars", "en", 4e8, USD, 3.4e8, 4e8, "nearly 400 million dollars", "nearly"),
    ("€2bn", "en", 2e9, EUR, 2e9, 2e9, "€2bn", "exact"),
    ("£300m", "en", 3e8, GBP, 3e8, 3e8, "£300m", "exact"),
    ("¥1 trillion", "en", 1e12, JPY, 1e12, 1e12, "¥1 trillion", "exact"),
    ("1.5 billion US dollars", "en", 1.5e9, USD, 1.5e9, 1.5e9, "1.5 billion US dollars", "exact"),
    ("500 million yuan", "en", 5e8, CNY, 5e8, 5e8, "500 million yuan", "exact"),
    ("$1-2 billion", "en", 1.5e9, USD, 1e9, 2e9, "$1-2 billion", "range"),
    ("It will cost up to $5 million.", "en", 5e6, USD, INF, 5e6, "up to $5 million", "at_most"),
    ("more than $10 billion", "en", 1e10, USD, 1e10, INF, "more than $10 billion", "at_least"),
    ("just under $2 billion", "en", 2e9, USD, 1.7e9, 2e9, "just under $2 billion", "nearly"),
    ("upwards of $500 million", "en", 5e8, USD, 5e8, INF, "upwards of $500 million", "at_least"),
    ("less than €50m", "en", 5e7, EUR, INF, 5e7, "less than €50m", "at_most"),
    ("close to £1bn", "en", 1e9, GBP, 0.85e9, 1e9, "close to £1bn", "nearly"),
    # ratios
    ("1.7 times", "en", 1.7, "x", 1.7, 1.7, "1.7 times", "exact"),
    ("1.7x", "en", 1.7, "x", 1.7, 1.7, "1.7x", "exact"),
    ("1.7-fold", "en", 1.7, "x", 1.7, 1.7, "1.7-fold", "exact"),
    ("almost double", "en", 2.0, "x", 1.7, 2.0, "almost double", "nearly"),
    ("twice", "en", 2.0, "x", 2.0, 2.0, "twice", "exact"),
    ("a threefold rise", "en", 3.0, "x", 3.0, 3.0, "threefold", "exact"),
    ("sales could triple", "en", 3.0, "x", 3.0, 3.0, "triple", "exact"),
    ("a third of the cost", "en", 1 / 3, "x", 1 / 3, 1 / 3, "a third", "exact"),
    ("at half the power", "en", 0.5, "x", 0.5, 0.5, "half", "exact"),
    ("more than four times", "en", 4.0, "x", 4.0, INF, "more than four times", "at_least"),
    ("four times as much", "en", 4.0, "x", 4.0, 4.0, "four times as much", "exact"),
    ("7.5 times slower", "en", 7.5, "x", 7.5, 7.5, "7.5 times slower", "exact"),
    ("about 1.7 times", "en", 1.7, "x", 1.53, 1.87, "about 1.7 times", "about"),
    ("3 to 4 times faster", "en", 3.5, "x", 3.0, 4.0, "3 to 4 times faster", "range"),
    # physical units
    ("559 kW", "en", 559e3, "W", 559e3, 559e3, "559 kW", "exact"),
    ("559 kilowatts", "en", 559e3, "W", 559e3, 559e3, "559 kilowatts", "exact"),
    ("2 MW", "en", 2e6, "W", 2e6, 2e6, "2 MW", "exact"),
    ("300 petaflops", "en", 3e17, "FLOPS", 3e17, 3e17, "300 petaflops", "exact"),
    ("300 PFLOPS", "en", 3e17, "FLOPS", 3e17, 3e17, "300 PFLOPS", "exact"),
    ("1.2 TFLOPS", "en", 1.2e12, "FLOPS", 1.2e12, 1.2e12, "1.2 TFLOPS", "exact"),
    ("300 PFLOPs", "en", 3e17, "FLOPS", 3e17, 3e17, "300 PFLOPs", "exact"),
    ("192 GB", "en", 1.92e11, "B", 1.92e11, 1.92e11, "192 GB", "exact"),
    ("24 GiB", "en", 24 * 2**30, "B", 24 * 2**30, 24 * 2**30, "24 GiB", "exact"),
    ("1.2 TB/s", "en", 1.2e12, "B/s", 1.2e12, 1.2e12, "1.2 TB/s", "exact"),
    ("3.2 gigabytes per second", "en", 3.2e9, "B/s", 3.2e9, 3.2e9, "3.2 gigabytes per second", "exact"),
    ("512 bytes", "en", 512, "B", 512, 512, "512 bytes", "exact"),
    # percent
    ("15%", "en", 15, "%", 15, 15, "15%", "exact"),
    ("15 percent", "en", 15, "%", 15, 15, "15 percent", "exact"),
    ("15 per cent", "en", 15, "%", 15, 15, "15 per cent", "exact"),
    ("3 percentage points", "en", 3, "%", 3, 3, "3 percentage points", "exact"),
    ("5-10%", "en", 7.5, "%", 5, 10, "5-10%", "range"),
    ("from 5% to 10%", "en", 7.5, "%", 5, 10, "from 5% to 10%", "range"),
    # counts
    ("384 processors", "en", 384, "count", 384, 384, "384 processors", "exact"),
    ("16 racks", "en", 16, "count", 16, 16, "16 racks", "exact"),
    ("6,912 optical transceivers", "en", 6912, "count", 6912, 6912, "6,912 optical transceivers", "exact"),
    ("800 exhibitors", "en", 800, "count", 800, 800, "800 exhibitors", "exact"),
    ("over 30,000 visitors", "en", 30000, "count", 30000, INF, "over 30,000 visitors", "at_least"),
    ("384 Ascend 910C chips", "en", 384, "count", 384, 384, "384 Ascend 910C chips", "exact"),
    (
        "between 300 and 400 exhibitors",
        "en",
        350,
        "count",
        300,
        400,
        "between 300 and 400 exhibitors",
        "range",
    ),
    ("a dozen racks", "en", 12, "count", 12, 12, "a dozen racks", "exact"),
    ("400+ exhibitors", "en", 400, "count", 400, INF, "400+ exhibitors", "at_least"),
    ("some 400 companies", "en", 400, "count", 360, 440, "some 400 companies", "about"),
    # years
    ("in 2025", "en", 2025, "year", 2025, 2025, "2025", "exact"),
    ("by 2030", "en", 2030, "year", 2030, 2030, "2030", "exact"),
    ("since 2022", "en", 2022, "year", 2022, 2022, "2022", "exact"),
    ("on July 26, 2025", "en", 2025, "year", 2025, 2025, "2025", "exact"),
    ("at WAIC 2025", "en", 2025, "year", 2025, 2025, "2025", "exact"),  # a bare 19xx/20xx is a year
    ("2025年", "ja", 2025, "year", 2025, 2025, "2025年", "exact"),
    # Japanese
    ("約300ペタFLOPS", "ja", 3e17, "FLOPS", 2.7e17, 3.3e17, "約300ペタFLOPS", "about"),
    ("384個のAscend 910C", "ja", 384, "count", 384, 384, "384個", "exact"),
    ("10億ドル以上", "ja", 1e9, USD, 1e9, INF, "10億ドル以上", "at_least"),
    ("約4億ドル以上", "ja", 4e8, USD, 4e8, INF, "約4億ドル以上", "at_least"),  # a bound beats "about"
    ("2倍近く", "ja", 2.0, "x", 1.7, 2.0, "2倍近く", "nearly"),
    ("100万ドル未満", "ja", 1e6, USD, INF, 1e6, "100万ドル未満", "at_most"),
    ("4億ドル程度", "ja", 4e8, USD, 3.6e8, 4.4e8, "4億ドル程度", "about"),
    ("1000社超", "ja", 1000, "count", 1000, INF, "1000社超", "at_least"),
    ("16ラック", "ja", 16, "count", 16, 16, "16ラック", "exact"),
    ("3万人", "ja", 30000, "count", 30000, 30000, "3万人", "exact"),
    ("3000点", "ja", 3000, "count", 3000, 3000, "3000点", "exact"),
    ("1兆円", "ja", 1e12, JPY, 1e12, 1e12, "1兆円", "exact"),
    ("1兆2000億円", "ja", 1.2e12, JPY, 1.2e12, 1.2e12, "1兆2000億円", "exact"),
    ("１．７倍", "ja", 1.7, "x", 1.7, 1.7, "１．７倍", "exact"),
    ("三倍", "ja", 3.0, "x", 3.0, 3.0, "三倍", "exact"),
    ("十億ドル", "ja", 1e9, USD, 1e9, 1e9, "十億ドル", "exact"),
    ("売上高が倍増した", "ja", 2.0, "x", 2.0, 2.0, "倍増", "exact"),
    ("10～20億ドル", "ja", 1.5e9, USD, 1e9, 2e9, "10～20億ドル", "range"),
    ("10億ドルから20億ドル", "ja", 1.5e9, USD, 1e9, 2e9, "10億ドルから20億ドル", "range"),
    ("559キロワット", "ja", 559e3, "W", 559e3, 559e3, "559キロワット", "exact"),
    ("192ギガバイト", "ja", 1.92e11, "B", 1.92e11, 1.92e11, "192ギガバイト", "exact"),
    ("2テラフロップス", "ja", 2e12, "FLOPS", 2e12, 2e12, "2テラフロップス", "exact"),
    ("15パーセント", "ja", 15, "%", 15, 15, "15パーセント", "exact"),
    ("15％以上", "ja", 15, "%", 15, INF, "15％以上", "at_least"),
    ("およそ5000台", "ja", 5000, "count", 4500, 5500, "およそ5000台", "about"),
    # Chinese
    ("5亿美元", "zh", 5e8, USD, 5e8, 5e8, "5亿美元", "exact"),
    ("超过5亿美元", "zh", 5e8, USD, 5e8, INF, "超过5亿美元", "at_least"),
    ("约5亿美元左右", "zh", 5e8, USD, 4.5e8, 5.5e8, "约5亿美元左右", "about"),
    ("近5亿美元", "zh", 5e8, USD, 4.25e8, 5e8, "近5亿美元", "nearly"),
    ("将近5亿美元", "zh", 5e8, USD, 4.25e8, 5e8, "将近5亿美元", "nearly"),
    ("不到5亿美元", "zh", 5e8, USD, INF, 5e8, "不到5亿美元", "at_most"),
    ("逾1000家企业", "zh", 1000, "count", 1000, INF, "逾1000家", "at_least"),
    ("5亿多美元", "zh", 5e8, USD, 5e8, INF, "5亿多美元", "at_least"),
    ("10至20亿美元", "zh", 1.5e9, USD, 1e9, 2e9, "10至20亿美元", "range"),
    ("是英伟达的1.7倍", "zh", 1.7, "x", 1.7, 1.7, "1.7倍", "exact"),
    ("两倍", "zh", 2.0, "x", 2.0, 2.0, "两倍", "exact"),
    ("营收翻番", "zh", 2.0, "x", 2.0, 2.0, "翻番", "exact"),
    ("百分之十五", "zh", 15, "%", 15, 15, "百分之十五", "exact"),
    ("384颗昇腾910C芯片", "zh", 384, "count", 384, 384, "384颗", "exact"),
    ("人民币5亿元", "zh", 5e8, CNY, 5e8, 5e8, "人民币5亿元", "exact"),
    ("¥5亿", "zh", 5e8, CNY, 5e8, 5e8, "¥5亿", "exact"),  # ¥ is yuan in Chinese text
    ("1万亿美元", "zh", 1e12, USD, 1e12, 1e12, "1万亿美元", "exact"),
    ("2025年", "zh", 2025, "year", 2025, 2025, "2025年", "exact"),
]


def _approx(x: float | None) -> object:
    return None if x is None else pytest.approx(x, rel=1e-9)


@pytest.mark.parametrize(("text", "lang", "value", "unit", "lower", "upper", "surface", "hedge"), CASES)
def test_quantities_table(text, lang, value, unit, lower, upper, surface, hedge):
    found = parse_quantities(text, lang)
    assert len(found) == 1, found
    q = found[0]
    assert (q.value, q.unit, q.lower, q.upper, q.surface, q.hedge) == (
        _approx(value), unit, _approx(lower), _approx(upper), surface, hedge
    )  # fmt: skip
    assert text[q.start : q.end] == q.surface


@pytest.mark.parametrize(
    ("text", "lang", "noun"),
    [
        ("384 processors", "en", "processors"),
        ("6,912 optical transceivers", "en", "optical transceivers"),
        ("384 Ascend 910C chips", "en", "Ascend 910C chips"),
        ("3,000 people", "en", "people"),
        ("384個のAscend 910Cを搭載", "ja", "Ascend 910C"),
        ("3万人の来場者が訪れた", "ja", "来場者"),
        ("800社が出展", "ja", "社"),
        ("16ラック", "ja", "ラック"),
        ("384颗昇腾910C芯片", "zh", "昇腾910C芯片"),
        ("1000多家企业的展品", "zh", "企业"),
        ("$1.5bn", "en", None),
        ("1.7倍", "ja", None),
    ],
)
def test_quantities_counted_noun(text, lang, noun):
    (q,) = parse_quantities(text, lang)
    assert q.noun == noun


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("$1.5bn", 0.05e9),
        ("$400 million", 0.5e6),
        ("1.7 times", 0.05),
        ("384 processors", 0.5),
        ("3万人", 5000),
        ("559 kW", 500),
        ("12.25%", 0.005),
        ("double", 0.0),
    ],
)
def test_quantities_precision(text, precision):
    (q,) = parse_quantities(text)
    assert q.precision == pytest.approx(precision)


@pytest.mark.parametrize(
    "text",
    [
        "CloudMatrix 384",
        "Nvidia GB200 NVL72",
        "the H20 and H100 and B200",
        "the Ascend 910C",
        "the Atlas 900 cluster",
        "Tesla Model 3 owners",
        "on July 26",
        "in the 1990s",
        "the number 384 appears here",
        "the first half of the year",
        "統一された基準",
        "0分の1",  # no division by zero
    ],
)
def test_quantities_skip_model_numbers_and_bare_numbers(text):
    assert parse_quantities(text) == []


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("CloudMatrix 384 delivers 1.7 times", "en", [(1.7, "x")]),
        ("In 2025 Huawei shipped 384 chips", "en", [(2025, "year"), (384, "count")]),
        ("WAIC 2025 attracted 800 exhibitors", "en", [(2025, "year"), (800, "count")]),
        (
            "Huawei's CloudMatrix 384, built from 384 Ascend 910C processors across 16 racks, delivers "
            "300 PFLOPS, about 1.7 times the 180 PFLOPS of Nvidia's GB200 NVL72.",
            "en",
            [(384, "count"), (16, "count"), (3e17, "FLOPS"), (1.7, "x"), (1.8e17, "FLOPS")],
        ),
        (
            "ファーウェイは2025年7月26日、384個のAscend 910Cを16ラックに搭載したCloudMatrix 384を公開し、"
            "演算性能は約300ペタFLOPSでGB200 NVL72の1.7倍だという。",
            "ja",
            [(2025, "year"), (384, "count"), (16, "count"), (3e17, "FLOPS"), (1.7, "x")],
        ),
        (
            "华为CloudMatrix 384超节点算力达300 PFLOPS，是英伟达GB200 NVL72的1.7倍。",
            "zh",
            [(3e17, "FLOPS"), (1.7, "x")],
        ),
    ],
)
def test_quantities_sentences(text, lang, expected):
    found = parse_quantities(text, lang)
    assert [(q.value, q.unit) for q in found] == [(pytest.approx(v), u) for v, u in expected]
    for q in found:
        assert text[q.start : q.end] == q.surface
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start  # in order, non-overlapping


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Revenue rose from $1bn to $2bn.", "en"), ("売上高は10億ドルから20億ドルに増えた。", "ja")],
)
def test_quantities_change_is_not_a_range(text, lang):
    found = parse_quantities(text, lang)
    assert [(q.value, q.hedge) for q in found] == [(1e9, "exact"), (2e9, "exact")]


@pytest.mark.parametrize(("text", "lang"), [(c[0], c[1]) for c in CASES])
def test_quantities_offsets_match_surface_with_prefix(text, lang):
    padded = "Reportedly, " + text + " in total."
    for q in parse_quantities(padded, lang):
        assert padded[q.start : q.end] == q.surface


def test_quantities_unknown_lang_is_rejected():
    with pytest.raises(ValueError, match="lang must be one of en, ja, zh"):
        parse_quantities("15%", lang="fr")


def test_quantities_result_is_frozen():
    (q,) = parse_quantities("15%")
    assert isinstance(q, Quantity)
    with pytest.raises(AttributeError):
        q.value = 16  # type: ignore[misc]


# Round trip: render a random figure in English or Japanese and read back the same interval.
_EN_HEDGES = [
    ("", "exact"), ("about ", "about"), ("roughly ", "about"), ("nearly ", "nearly"), ("almost ", "nearly"),
    ("at least ", "at_least"), ("more than ", "at_least"), ("up to ", "at_most"), ("less than ", "at_most"),
]  # fmt: skip
_EN_SCALES = [(" thousand", 1e3), (" million", 1e6), (" billion", 1e9), (" trillion", 1e12)]
_EN_ABBREVIATIONS = [("bn", 1e9), ("m", 1e6), ("tn", 1e12), ("k", 1e3)]  # only after a currency sign
_EN_PREFIXES = [("$", USD), ("US$", USD), ("€", EUR), ("£", GBP)]
_EN_SUFFIXES = [(" dollars", USD), (" yen", JPY), (" euros", EUR), (" yuan", CNY)]
_JA_PRE = [("", "exact"), ("約", "about"), ("およそ", "about")]
_JA_POST = [("", "exact"), ("以上", "at_least"), ("超", "at_least"), ("未満", "at_most"), ("以下", "at_most"),
            ("近く", "nearly"), ("程度", "about"), ("前後", "about")]  # fmt: skip
_JA_SCALES = [("万", 1e4), ("億", 1e8), ("兆", 1e12)]
_JA_CURRENCIES = [("ドル", USD), ("円", JPY), ("ユーロ", EUR), ("美元", USD), ("元", CNY)]
_FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def _expected_interval(hedge: str, v: float) -> tuple[float | None, float | None]:
    return {
        "exact": (v, v),
        "about": (0.9 * v, 1.1 * v),
        "nearly": (0.85 * v, v),
        "at_least": (v, None),
        "at_most": (None, v),
    }[hedge]


def _render(rng: random.Random) -> tuple[str, str, float, str, str]:
    """One random figure: (text, lang, value, unit, hedge)."""
    decimals = rng.choice([0, 0, 1, 2])
    number = f"{rng.randint(1, 999) + rng.random():.{decimals}f}"
    if rng.random() < 0.5:
        pre, hedge = rng.choice(_EN_HEDGES)
        if rng.random() < 0.5:  # "$1.5bn", "about €400 million"
            (sign, unit), (word, scale) = rng.choice(_EN_PREFIXES), rng.choice(_EN_SCALES + _EN_ABBREVIATIONS)
            text = f"{pre}{sign}{number}{word}"
        else:  # "nearly 400 million dollars"
            (suffix, unit), (word, scale) = rng.choice(_EN_SUFFIXES), rng.choice(_EN_SCALES)
            text = f"{pre}{number}{word}{suffix}"
        return text, "en", float(number) * scale, unit, hedge
    (pre, pre_hedge), (post, post_hedge) = rng.choice(_JA_PRE), ("", "exact")
    if pre_hedge == "exact":
        post, post_hedge = rng.choice(_JA_POST)
    word, scale = rng.choice(_JA_SCALES)
    currency, unit = rng.choice(_JA_CURRENCIES)
    shown = number.translate(_FULL_WIDTH) if rng.random() < 0.3 else number
    hedge = pre_hedge if pre_hedge != "exact" else post_hedge
    return f"{pre}{shown}{word}{currency}{post}", "ja", float(number) * scale, unit, hedge


@settings(max_examples=400, derandomize=True, deadline=None)
@given(rng=st.randoms(use_true_random=False))
def test_quantities_round_trip_random_renderings(rng):
    """Property: render a random value with any scale, currency, hedge and language, parse it,
    and get the same interval back (hypothesis drives every choice `_render` makes)."""
    text, lang, value, unit, hedge = _render(rng)
    sentence = f"It said {text} in the report" if lang == "en" else f"同社は{text}と発表した"
    found = parse_quantities(sentence, lang)
    assert len(found) == 1, (text, found)
    q = found[0]
    lower, upper = _expected_interval(hedge, value)
    assert (q.surface, q.unit, q.hedge) == (text, unit, hedge)
    assert q.value == pytest.approx(value, rel=1e-9), text
    assert q.lower == _approx(lower), text
    assert q.upper == _approx(upper), text
