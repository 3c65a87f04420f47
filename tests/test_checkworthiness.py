"""Check-worthiness: the shipped model, its scale, news sentences, the CLI command and a quality floor."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pytest
from conftest import FIXTURES
from shared_data import SHARED_DATA, require

from nlp.checkworthiness import MODEL_PATH, load_model, nearest_positive, score_sentences, terms

FACTUAL = [
    "Nvidia chips worth at least $1 billion were smuggled into China in the three months after the curbs.",
    "Huawei's CloudMatrix 384 delivers about 300 petaflops, nearly twice the GB200 NVL72, analysts said.",
    "Sales rose 12 percent from a year earlier to $4.2 billion.",
    "The company said it shipped 1.2 million units last quarter.",
]
BOILERPLATE = [
    "Read more",
    "The mood at the fair was upbeat.",
    "Subscribe to our newsletter",
    "Share this article",
    "All rights reserved.",
]


@pytest.fixture(scope="module")
def news_scores() -> dict[str, float]:
    texts = FACTUAL + BOILERPLATE
    return dict(zip(texts, score_sentences(texts), strict=True))


def test_checkworthiness_model_loads_from_the_artifact():
    assert MODEL_PATH.stat().st_size < 3_000_000
    with np.load(MODEL_PATH, allow_pickle=False) as data:  # plain arrays: no pickle needed
        assert {"emb_coef", "tfidf_vocab", "tfidf_idf", "tfidf_coef", "quantiles"} <= set(data.files)
        assert data["positive_vectors"].dtype == np.float16  # 440 x 384 halves: 0.3 MB
    model = load_model()
    assert model is load_model()  # cached
    assert len(model.vocab) == len(model.idf) == len(model.tfidf_coef) > 10_000
    assert model.cv_map >= 0.25


def test_checkworthiness_nearest_positive_leaves_each_training_sentence_out():
    positives = load_model().positives
    assert positives.shape == (440, 384)  # the check-worthy sentences of the 19 train debates
    sample = positives[:3]
    np.testing.assert_allclose(nearest_positive(sample, positives), 1.0, atol=2e-3)  # float16 norms
    held_out = nearest_positive(sample, positives, self_index=np.arange(3))
    assert (held_out < 0.999).all()
    assert nearest_positive(sample, positives[:0]).tolist() == [0.0, 0.0, 0.0]


def test_checkworthiness_terms_are_word_unigrams_and_bigrams():
    assert terms("I paid $5 Million.") == ["i", "paid", "5", "million", "i paid", "paid 5", "5 million"]


def test_checkworthiness_scores_are_in_unit_interval(news_scores):
    values = np.array(list(news_scores.values()))
    assert ((values >= 0) & (values <= 1)).all()
    scores = score_sentences(["", "   ", "Thank you."])
    assert scores[0] == scores[1] == 0.0
    assert 0 <= scores[2] <= 1


def test_checkworthiness_figures_outrank_boilerplate(news_scores):
    lowest_fact = min(news_scores[t] for t in FACTUAL)
    highest_boilerplate = max(news_scores[t] for t in BOILERPLATE)
    assert lowest_fact > highest_boilerplate, news_scores
    assert lowest_fact >= 0.9  # top tenth of the debate sentences


def test_checkworthiness_precomputed_vectors_give_the_same_scores():
    from nlp.embeddings import embed

    texts = [FACTUAL[0], "", BOILERPLATE[1]]
    vectors = embed([t or " " for t in texts])
    np.testing.assert_allclose(score_sentences(texts, vectors=vectors), score_sentences(texts), atol=1e-6)
    with pytest.raises(ValueError, match="shape"):
        score_sentences(texts, vectors=vectors[:2])


def test_checkworthiness_japanese_and_chinese_use_the_heuristic():
    ja = [
        "華為の新システムは約300ペタFLOPSの演算性能を持つとロイターが報じた。",
        "会場の雰囲気は明るかった。",
        "続きを読む",
        "",
    ]
    scores = score_sentences(ja, lang="ja")
    assert scores[0] >= 0.9 > scores[1] > scores[2] > scores[3] == 0.0
    zh = score_sentences(["据报道，英伟达芯片价值至少10亿美元。", "展会气氛热烈。"], lang="zh")
    assert zh[0] > zh[1]


def test_checkworthiness_unknown_language_is_a_value_error():
    with pytest.raises(ValueError, match=r"'de'.*en, ja, zh"):
        score_sentences(["Der Umsatz stieg um 12 Prozent."], lang="de")


def _parser() -> argparse.ArgumentParser:
    from cli import checkworthiness_cmd

    parser = argparse.ArgumentParser(prog="claimwatch")
    checkworthiness_cmd.add_parser(parser.add_subparsers(dest="command", required=True))
    return parser


def test_checkworthiness_cmd_has_help_on_every_argument():
    sub = _parser()._subparsers._group_actions[0].choices["checkworthiness"]
    assert sub.description
    for action in sub._actions:
        if action.dest != "help":
            assert action.help, action.dest


@pytest.mark.parametrize(
    ("lang", "lines"),
    [("en", [FACTUAL[0], "", "Read more"]), ("ja", ["売上高は前年比12%増の4兆円だった。", "", "続きを読む"])],
)
def test_checkworthiness_cmd_prints_one_json_line_per_input_line(tmp_path, capsys, lang, lines):
    path = tmp_path / "sentences.txt"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    args = _parser().parse_args(["checkworthiness", str(path), "--lang", lang, "--format", "jsonl"])
    assert args.func(args) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["line"] for r in out] == [1, 2, 3]
    assert all(set(r) == {"line", "score", "type"} for r in out)
    assert out[1] == {"line": 2, "score": 0.0, "type": "other"}
    assert out[0]["score"] > out[2]["score"]
    assert out[0]["type"] == "quantity"
    assert out[2]["type"] == "other"


def test_checkworthiness_cmd_missing_file_is_a_one_line_error(tmp_path):
    from cli.checkworthiness_cmd import run
    from warehouse.errors import ClaimwatchError

    with pytest.raises(ClaimwatchError, match="no such file"):
        run(argparse.Namespace(file=str(tmp_path / "nope.txt"), lang="en", format="jsonl"))


def test_checkworthiness_map_floor_on_two_test_debates():
    floor = json.loads((FIXTURES / "checkworthiness_floor.json").read_text(encoding="utf-8"))
    data = SHARED_DATA / "checkthat2019-task1"
    require(data / floor["split"])
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from bench.train_checkworthiness import load_split, per_debate_ap

    split = load_split(floor["split"], data, debates=tuple(floor["debates"]))
    assert sorted(set(split.debates)) == sorted(floor["debates"])
    aps = per_debate_ap(split.debates, split.labels, score_sentences(split.texts))
    assert np.mean(list(aps.values())) >= floor["map_floor"], aps


def test_checkworthiness_mixed_languages_score_in_order_and_match_each_language():
    from nlp.checkworthiness import score_mixed

    texts = ["Sales rose 5% in July.", "売上は7月に5%増えた。", "", "销量增长了5%。"]
    langs = ["en", "ja", "en", "zh"]
    mixed = score_mixed(texts, langs)
    assert mixed[2] == 0.0  # blank text
    for lang in ("en", "ja", "zh"):
        where = [i for i, code in enumerate(langs) if code == lang]
        alone = score_sentences([texts[i] for i in where], lang)
        assert [mixed[i] for i in where] == pytest.approx(alone.tolist())
