"""Quality gate: article text F1 on a fixed sample of the article-extraction benchmark.

The floor lives in fixtures/extraction_floor.json and only moves up. The full benchmark, with
baselines, is `bench/extraction.py`.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES
from shared_data import require

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # bench/ is not an installed package

from bench.metric import page_scores, score
from spiders.extract import decode_body, extract

BENCHMARK = Path(__file__).parents[2] / "shared" / "data" / "article-extraction-benchmark"
FLOOR = json.loads((FIXTURES / "extraction_floor.json").read_text(encoding="utf-8"))


def _text(page_id: str, url: str) -> str:
    body = gzip.decompress((BENCHMARK / "html" / f"{page_id}.html.gz").read_bytes())
    html, _ = decode_body(body, None)
    try:
        return extract(html, url).text
    except ValueError:
        return ""  # scored as an empty extraction, as in bench/extraction.py


def test_extraction_quality_f1_at_least_floor():
    require(BENCHMARK)
    truth = json.loads((BENCHMARK / "ground-truth.json").read_text(encoding="utf-8"))
    pages = FLOOR["pages"]
    assert len(pages) >= 40
    result = score((truth[i]["articleBody"], _text(i, truth[i]["url"])) for i in pages)
    assert result.f1 >= FLOOR["f1"], (
        f"F1 {result.f1:.4f} (P {result.precision:.4f}, R {result.recall:.4f}) on {len(pages)} benchmark "
        f"pages fell below the floor {FLOOR['f1']}; run bench/extraction.py to see where"
    )


def test_extraction_quality_metric_counts_shingles():
    truth = "one two three four five"  # shingles: (one..four), (two..five)
    assert page_scores(truth, truth) == (1.0, 1.0)
    assert page_scores(truth, "One two three four") == (1.0, 0.5)  # lower-cased tokens
    assert page_scores(truth, "one two three four five six seven") == pytest.approx((0.5, 1.0))


def test_extraction_quality_metric_scores_empty_output_as_zero():
    assert page_scores("some article text here", "") == (0.0, 0.0)
    assert page_scores("", "") == (1.0, 1.0)
    assert page_scores("", "a menu") == (0.0, 1.0)
    assert score([("a b c d e", ""), ("a b c d e", "a b c d e")]).f1 == pytest.approx(0.5)
