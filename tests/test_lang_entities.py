from __future__ import annotations

import pytest

from core.entities import default_gazetteer
from spiders.lang import LATIN_LANGUAGES, article_lang, detect_lang


@pytest.mark.parametrize(
    ("text", "hints", "expected"),
    [
        ("Nvidia chips worth at least $1 billion were smuggled.", (), "en"),
        ("Nvidia chips worth at least $1 billion were smuggled.", ("fr",), "fr"),
        ("ファーウェイのCloudMatrix 384はGB200 NVL72の約1.7倍の性能を持つ。", ("en",), "ja"),
        ("华为的CloudMatrix 384算力约为英伟达GB200 NVL72的1.7倍。", ("en",), "zh"),
        ("화웨이는 새로운 시스템을 공개했다.", (), "ko"),
        ("An English story quoting 華為 once stays English.", ("en",), "en"),
    ],
)
def test_lang_detect_from_script(text, hints, expected):
    assert detect_lang(text, *hints) == expected


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        (
            "Huawei's CloudMatrix 384 beats Nvidia's GB200 NVL72.",
            ["huawei", "cloudmatrix-384", "nvidia", "gb200-nvl72"],
        ),
        (
            "ファーウェイのCloudMatrix 384とエヌビディアのGB200 NVL72",
            ["huawei", "cloudmatrix-384", "nvidia", "gb200-nvl72"],
        ),
        ("华为与英伟达", ["huawei", "nvidia"]),
        ("The FT reported H20 sales; the rack is 6 ft tall.", ["financial-times", "h20"]),
        ("nvidia NVL72 racks", ["nvidia", "gb200-nvl72"]),
    ],
)
def test_entities_match_aliases_across_scripts(text, ids):
    assert [m.entity.id for m in default_gazetteer().find(text)] == ids


def test_entities_offsets_point_at_the_alias():
    text = "Shipments of the Ascend 910C rose."
    (mention,) = default_gazetteer().find(text)
    assert text[mention.start : mention.end] == "Ascend 910C"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Le groupe chinois a présenté son nouveau système dans la ville de Shanghai et il est "
            "plus rapide que celui de son concurrent américain.",
            "fr",
        ),
        (
            "Der chinesische Konzern hat das neue System in Shanghai vorgestellt, und es ist "
            "schneller als das des amerikanischen Konkurrenten.",
            "de",
        ),
        (
            "El grupo chino presentó su nuevo sistema en la ciudad de Shanghái y es más rápido que el de su "
            "competidor estadounidense.",
            "es",
        ),
        (
            "The Chinese group presented its new system in the city of Shanghai and it is faster "
            "than that of its American rival.",
            "en",
        ),
    ],
)
def test_lang_detects_latin_languages_over_a_wrong_hint(text, expected):
    assert detect_lang(text, "nl" if expected != "nl" else "en") == expected


@pytest.mark.parametrize(
    "text",
    ["$1.2bn, 40%, 3.5x", "GB200 NVL72 vs CloudMatrix 384", "", "   \n\t", "x " * 400],
)
def test_lang_too_short_or_figure_only_keeps_the_declaration(text):
    # No words to go on (figures, product names, single letters): the page's hint decides.
    assert detect_lang(text, "de-AT", "fr") == "de"
    assert detect_lang(text, None, " ", None) == "en"


def test_lang_detector_answers_only_languages_we_handle():
    swedish = (
        "Den kinesiska koncernen presenterade sitt nya system i staden Shanghai och det är "
        "snabbare än den amerikanska konkurrentens system, enligt företaget som lanserade det i går."
    )
    assert detect_lang(swedish, "nl") in {*LATIN_LANGUAGES}


def test_lang_article_hints_rank_page_then_feed_then_source():
    short = {"text": "Nvidia shipped 500 racks.", "lang": None}
    assert article_lang(short, {"lang": "fr"}, "de") == "fr"
    assert article_lang({**short, "lang": "es-MX"}, {"lang": "fr"}, "de") == "es"
    assert article_lang(short, None, "de") == "de"
    french = (
        "Le groupe chinois a présenté son nouveau système dans la ville de Shanghai et il est "
        "plus rapide que celui de son concurrent américain."
    )
    assert article_lang({"text": french, "lang": "en"}, {"lang": "en"}, "en") == "fr"
