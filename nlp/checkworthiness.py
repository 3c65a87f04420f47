"""Check-worthiness of sentences, 0..1: a model trained on political debates (CLEF CheckThat! 2019).

English: the mean of two standardised logistic-regression scores, one over MiniLM embeddings plus
cheap features (figures, quantity words, length, person, tense) and the cosine to the nearest
check-worthy training sentence (politicians repeat their claims: CV MAP +0.02 for that part),
one over word 1-2-gram TF-IDF.
Text only: the debates' speaker is not used, because news sentences have none. The fitted model
is `nlp/models/checkworthiness.npz` (plain arrays, no pickle), written by
`bench/train_checkworthiness.py`; nothing of the training data is needed at run time.

A score is the share of the debate training sentences that the model ranks below the sentence
(0.9 = in the top tenth): monotone in the model score, so rankings and their AP are unchanged, and
readable against a threshold. Japanese and Chinese (MiniLM and the English TF-IDF do not apply)
get a hand-set heuristic on the same scale: see `_cjk_score`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).parent / "models" / "checkworthiness.npz"
FORMAT_VERSION = 2  # 2: + positive_vectors and the nearest-positive feature
LANGS = ("en", "ja", "zh")
EMBEDDING_DIMENSIONS = 384

# ---------------------------------------------------------------- English cheap features
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_QUANTITY_WORDS = re.compile(
    r"\b(?:percent|per cent|percentage|million|billion|trillion|thousands?|hundreds?|dozens?|dollars?"
    r"|times|half|twice|double[sd]?|triple[sd]?|tripled|average|rate|number|more|less|fewer|most|least"
    r"|highest|lowest|largest|biggest|record|increased?|decreased?|rose|risen|fell|fallen|grew|grown"
    r"|cut|doubled)\b",
    re.I,
)
_PAST = re.compile(r"\b(?:was|were|had|did|been|\w+ed)\b", re.I)
_FUTURE = re.compile(r"\b(?:will|going to|gonna|would|\w+'ll)\b", re.I)
_FIRST_SINGULAR = re.compile(r"\b(?:I|me|my|mine|I'm|I've|I'll|I'd)\b")
_FIRST_PLURAL = re.compile(r"\b(?:we|our|us|ours|we're|we've|we'll)\b", re.I)
_SECOND = re.compile(r"\b(?:you|your|yours|you're|you've)\b", re.I)
_THIRD = re.compile(r"\b(?:he|she|his|her|they|their|them|it)\b", re.I)
_INNER_CAPITAL = re.compile(r"\s[A-Z][a-z]+")
_MONEY_PERCENT = re.compile(r"[$€£¥%]")

CHEAP_FEATURES = (
    "has_digit",
    "sqrt_numbers",
    "quantity_words",
    "log_length",
    "short",
    "question",
    "first_singular",
    "first_plural",
    "second_person",
    "third_person",
    "past_tense",
    "future",
    "inner_capital",
    "money_or_percent",
)


def cheap_features(texts: list[str]) -> np.ndarray:
    """(n, len(CHEAP_FEATURES)) float64: the English surface features, each roughly in 0..1."""
    rows = []
    for text in texts:
        words = len(text.split())
        rows.append(
            (
                bool(re.search(r"\d", text)),
                math.sqrt(len(_NUMBER.findall(text))),
                min(len(_QUANTITY_WORDS.findall(text)), 4) / 2,
                math.log1p(words) / 3,
                words < 5,
                text.rstrip().endswith("?"),
                bool(_FIRST_SINGULAR.search(text)),
                bool(_FIRST_PLURAL.search(text)),
                bool(_SECOND.search(text)),
                bool(_THIRD.search(text)),
                min(len(_PAST.findall(text)), 3) / 3,
                bool(_FUTURE.search(text)),
                bool(_INNER_CAPITAL.search(text)),
                bool(_MONEY_PERCENT.search(text)),
            )
        )
    return np.asarray(rows, dtype=np.float64).reshape(len(texts), len(CHEAP_FEATURES))


def nearest_positive(
    vectors: np.ndarray, positives: np.ndarray, self_index: np.ndarray | None = None
) -> np.ndarray:
    """Cosine of each (L2-normalised) vector to its nearest check-worthy training sentence.

    `self_index[i]` is the row of `positives` that is sentence i itself (-1 if none): training
    leaves each positive's own row out, so its feature is what an unseen sentence would get.
    """
    if len(positives) == 0:
        return np.zeros(len(vectors))
    sims = vectors.astype(np.float32) @ positives.astype(np.float32).T
    if self_index is not None:
        rows = np.flatnonzero(self_index >= 0)
        sims[rows, self_index[rows]] = -1.0
    return sims.max(axis=1).astype(np.float64)


# ---------------------------------------------------------------- English TF-IDF terms
_TOKEN = re.compile(r"\b\w+\b")  # single characters kept: "I", "a", "5" carry signal (CV +0.003 MAP)


def terms(text: str) -> list[str]:
    """Lower-cased word 1- and 2-grams: the TF-IDF analyzer, shared by training and scoring."""
    tokens = _TOKEN.findall(text.lower())
    return tokens + [f"{a} {b}" for a, b in pairwise(tokens)]


# ---------------------------------------------------------------- the fitted model
class _Model:
    """The arrays of nlp/models/checkworthiness.npz and the arithmetic to apply them."""

    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        version = int(arrays["format_version"])
        if version != FORMAT_VERSION:
            raise ValueError(f"check-worthiness model has format {version}, expected {FORMAT_VERSION}")
        self.emb_coef = arrays["emb_coef"].astype(np.float64)
        self.emb_intercept = float(arrays["emb_intercept"])
        # MiniLM vectors of the check-worthy training sentences, float16 (440 x 384: 0.3 MB).
        self.positives = arrays["positive_vectors"].astype(np.float32)
        vocab = arrays["tfidf_vocab"].tobytes().decode("utf-8").split("\n")
        self.vocab = {term: i for i, term in enumerate(vocab)}
        self.idf = arrays["tfidf_idf"].astype(np.float64)
        self.tfidf_coef = arrays["tfidf_coef"].astype(np.float64)
        self.tfidf_intercept = float(arrays["tfidf_intercept"])
        self.z_mean = arrays["z_mean"].astype(np.float64)
        self.z_std = arrays["z_std"].astype(np.float64)
        self.weights = arrays["weights"].astype(np.float64)
        self.quantiles = arrays["quantiles"].astype(np.float64)
        # Leave-one-debate-out MAP on the train debates, recorded by the training run.
        self.cv_map = float(arrays["cv_map"]) if "cv_map" in arrays else float("nan")
        expected = (EMBEDDING_DIMENSIONS + len(CHEAP_FEATURES) + 1,)
        if (
            self.emb_coef.shape != expected
            or len(vocab) != len(self.idf)
            or self.positives.shape[1:] != (EMBEDDING_DIMENSIONS,)
        ):
            raise ValueError("check-worthiness model does not match the features of this code: retrain it")

    def embedding_features(
        self, texts: list[str], vectors: np.ndarray, nearest: np.ndarray | None = None
    ) -> np.ndarray:
        """[MiniLM vector, cheap features, nearest-positive cosine] (`nearest` given by training)."""
        if nearest is None:
            nearest = nearest_positive(vectors, self.positives)
        return np.hstack([vectors.astype(np.float64), cheap_features(texts), nearest[:, None]])

    def embedding_decision(
        self, texts: list[str], vectors: np.ndarray, nearest: np.ndarray | None = None
    ) -> np.ndarray:
        """LogisticRegression.decision_function over `embedding_features`."""
        return self.embedding_features(texts, vectors, nearest) @ self.emb_coef + self.emb_intercept

    def tfidf_decision(self, texts: list[str]) -> np.ndarray:
        """sklearn's TfidfVectorizer(sublinear_tf=True) + LogisticRegression.decision_function."""
        out = np.empty(len(texts))
        for row, text in enumerate(texts):
            counts = Counter(i for i in map(self.vocab.get, terms(text)) if i is not None)
            if not counts:
                out[row] = self.tfidf_intercept
                continue
            index = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            weight = (1.0 + np.log(tf)) * self.idf[index]  # sublinear tf times idf, then l2-normalised
            out[row] = weight @ self.tfidf_coef[index] / np.linalg.norm(weight) + self.tfidf_intercept
        return out

    def raw(self, texts: list[str], vectors: np.ndarray, nearest: np.ndarray | None = None) -> np.ndarray:
        """The ensemble score: weighted sum of the two decision functions, each standardised on train."""
        parts = np.vstack([self.embedding_decision(texts, vectors, nearest), self.tfidf_decision(texts)])
        return self.weights @ ((parts - self.z_mean[:, None]) / self.z_std[:, None])

    def percentile(self, raw: np.ndarray) -> np.ndarray:
        """Share of training sentences scoring below `raw` (interpolated between stored quantiles)."""
        levels = np.linspace(0.0, 1.0, len(self.quantiles))
        return np.interp(raw, self.quantiles, levels)


@lru_cache(maxsize=2)
def load_model(path: Path = MODEL_PATH) -> _Model:
    """The fitted model, read once per process."""
    try:
        with np.load(path, allow_pickle=False) as data:
            return _Model({name: data[name] for name in data.files})
    except FileNotFoundError:
        raise FileNotFoundError(
            f"check-worthiness model {path} is missing: run `.venv/bin/python bench/train_checkworthiness.py`"
        ) from None


# ---------------------------------------------------------------- Japanese / Chinese heuristic
_CJK_FIGURE = re.compile(r"[0-9０-９]|[一二三四五六七八九十百千两]+(?:[万億兆亿倍割%％]|パーセント)")
_CJK_UNIT = re.compile(
    r"[%％倍割円元人件台個枚社万億兆亿]|ドル|美元|ユーロ|ワット|W\b|[GT]B|FLOPS|ペタ", re.I
)
_CJK_QUANTITY = re.compile(
    r"約|およそ|以上|以下|未満|超|増|減|上昇|下落|前年|比べ|最大|最高|最低|过|超过|增长|下降|同比|约|近|达"
)
_CJK_ATTRIBUTION = re.compile(r"によると|によれば|と述べた|と発表|と明らかにした|と報じた|据|表示|称|宣布")
_CJK_BOILERPLATE = re.compile(r"続きを読む|詳しくは|会員登録|購読|ログイン|登録|阅读全文|订阅|点击|关注|登录")


def _cjk_score(text: str) -> float:
    """Hand-set, not trained (no Japanese/Chinese data), on the English scale.

    0.5 (a plain sentence; English ones land near 0.5-0.8), +0.3 for a figure, +0.1 more with a
    unit, +0.05 with a quantity word, +0.05 attributed: a figure with its unit reaches 0.9, the
    top tenth where English sentences with figures land. Boilerplate scores 0.05; a question or a
    sentence under 10 characters at most 0.3.
    """
    if _CJK_BOILERPLATE.search(text):
        return 0.05
    score = 0.5
    if _CJK_FIGURE.search(text):
        score += 0.3
        if _CJK_UNIT.search(text):
            score += 0.1
    if _CJK_QUANTITY.search(text):
        score += 0.05
    if _CJK_ATTRIBUTION.search(text):
        score += 0.05
    if len(text) < 10 or text.endswith(("?", "？")):
        score = min(score, 0.3)
    return round(min(score, 1.0), 3)


# ---------------------------------------------------------------- public API
def score_sentences(texts: list[str], lang: str = "en", vectors: np.ndarray | None = None) -> np.ndarray:
    """Check-worthiness of each sentence, 0..1 (blank text scores 0).

    Args:
        texts: sentences, one claim candidate each.
        lang: "en" (the trained model), "ja" or "zh" (the heuristic of `_cjk_score`).
        vectors: MiniLM embeddings of `texts` (nlp.embeddings.embed), (len(texts), 384), to avoid
            embedding twice; computed here when None. Ignored for "ja" and "zh".

    Returns:
        float64 array of len(texts): for English, the share of debate sentences ranked below.
    """
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; expected one of {', '.join(LANGS)}")
    scores = np.zeros(len(texts))
    keep = [i for i, text in enumerate(texts) if text.strip()]
    if not keep:
        return scores
    kept = [texts[i].strip() for i in keep]
    if lang != "en":
        scores[keep] = [_cjk_score(text) for text in kept]
        return scores
    if vectors is None:
        from nlp.embeddings import embed

        kept_vectors = embed(kept)
    else:
        if vectors.shape != (len(texts), EMBEDDING_DIMENSIONS):
            raise ValueError(
                f"vectors has shape {vectors.shape}; expected ({len(texts)}, {EMBEDDING_DIMENSIONS})"
            )
        kept_vectors = vectors[keep]
    model = load_model()
    scores[keep] = model.percentile(model.raw(kept, kept_vectors))
    return scores


def score_mixed(texts: list[str], langs: list[str], vectors: np.ndarray | None = None) -> list[float]:
    """`score_sentences` over sentences of several languages, in their order; `vectors` (one row
    per text, e.g. the embed stage's stored ones) are passed to the English model only."""
    scores = [0.0] * len(texts)
    for lang in sorted(set(langs)):
        where = [i for i, code in enumerate(langs) if code == lang]
        group_vectors = vectors[where] if vectors is not None and lang == "en" else None
        for i, score in zip(
            where, score_sentences([texts[i] for i in where], lang, group_vectors), strict=True
        ):
            scores[i] = float(score)
    return scores
