"""Train the check-worthiness model on CheckThat! 2019 train debates and write nlp/models/checkworthiness.npz.

The model is chosen by leave-one-debate-out cross-validation on the 19 train debates (mean AP
per debate), never by the test debates. The artifact holds plain arrays (no pickle): the
coefficients of both logistic regressions, the float16 MiniLM vectors of the 440 check-worthy
train sentences (the nearest-positive feature), the TF-IDF vocabulary and idf, the standardisation
of the two scores and the quantiles that turn a score into a 0..1 percentile.

    .venv/bin/python bench/train_checkworthiness.py [--cv-only] [--speaker]

MiniLM embeddings of the debates are cached in data/cache/ (about 4 minutes on 2 cores the first
time). The artifact is reproducible: same data, same code, same arrays.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlp.checkworthiness import FORMAT_VERSION, MODEL_PATH, _Model, cheap_features, nearest_positive, terms

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "checkthat2019-task1"
CACHE = ROOT / "data" / "cache"
# Chosen by leave-one-debate-out CV MAP on train (19 debates, scored by a scratch harness; the
# standard error of a MAP is about 0.034, so differences under 0.01 are noise). Measured
# 2026-11-28, z-averaged ensembles of two parts:
#   embedding+cheap (C 1) + TF-IDF (C 1), the previous model                    0.2565
#   + nearest-train-positive cosine in the embedding part, C_emb 1 / 0.5 / 0.3 / 0.2 / 0.1
#                                                        0.2599 / 0.2649 / 0.2653 / 0.2680 / 0.2642
#   C_emb 0.2, rank (train-percentile) average instead of z-scores              0.2666
#   shipped: C_emb 0.2, float16 positives, each positive's own row left out   0.2673 (this script)
#   + a third part, char 2-5-gram TF-IDF (0.2624 at weight 0.5), or an MLP on the embeddings (0.2631)
#   TF-IDF C 0.3 / 3 with C_emb 0.3: 0.2616 / 0.2652; 6 more regex features (year, %, superlative,
#   negation, said, comparative): 0.2639; NB-weighted TF-IDF alone 0.196 (vs 0.234)
# Not shippable, CV only: context (neighbour sentences' mean embedding, position, speaker-turn
# length) 0.2704, because news claims are scored without their neighbours (warehouse/linking.py);
# the nearest negatives (0.2677 with a top-10 contrast) need all 16k train vectors in the artifact.
C_EMB = 0.2
C_TFIDF = 1.0
WEIGHTS = (0.5, 0.5)
MIN_DF = 2  # terms in one sentence only are noise (and triple the vocabulary)
QUANTILES = 1001


@dataclass(frozen=True)
class Split:
    debates: np.ndarray  # debate (file stem) per sentence
    lines: np.ndarray
    speakers: np.ndarray
    texts: list[str]
    labels: np.ndarray


def load_split(split: str, data: Path = DATA, debates: tuple[str, ...] | None = None) -> Split:
    """The sentences of one split ("train" or "test"), optionally only some debates, in file order."""
    folder = data / split
    files = sorted(folder.glob("*.tsv"))
    if not files:
        raise FileNotFoundError(f"no CheckThat! 2019 debates in {folder}")
    rows = []
    for path in files:
        if debates is not None and path.stem not in debates:
            continue
        for raw in path.read_text(encoding="utf-8").splitlines():  # test files end lines with \r\n
            if not raw.strip():
                continue
            line, speaker, text, label = raw.rstrip("\r").split("\t")
            rows.append((path.stem, int(line), speaker, text, int(label)))
    return Split(
        debates=np.array([r[0] for r in rows]),
        lines=np.array([r[1] for r in rows]),
        speakers=np.array([r[2] for r in rows]),
        texts=[r[3] for r in rows],
        labels=np.array([r[4] for r in rows]),
    )


def embeddings(texts: list[str], cache_name: str | None = None) -> np.ndarray:
    """MiniLM vectors of texts, read from data/cache/<cache_name>.npz when it holds exactly these texts."""
    import nlp.embeddings
    from nlp.embeddings import embed, model_name

    # The backend (torch, or ONNX int8 where nlp.embeddings has it) changes the vectors slightly.
    backend = getattr(nlp.embeddings, "backend", lambda: "torch")()
    names = [model_name()] if backend == "torch" else [model_name(), backend]
    key = hashlib.sha1("\n".join([*names, *texts]).encode("utf-8")).hexdigest()
    path = CACHE / f"{cache_name}.npz" if cache_name else None
    if path is not None and path.exists():
        with np.load(path, allow_pickle=False) as cached:
            if str(cached["key"]) == key:
                return cached["vectors"]
    vectors = embed(texts)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(path, vectors=vectors, key=np.array(key))
    return vectors


# ---------------------------------------------------------------- metric
def average_precision(labels: np.ndarray, scores: np.ndarray) -> float:
    """CheckThat! 2019 AP: rank by score, ties in line order (a stable sort), mean precision at each hit."""
    order = np.argsort(-np.asarray(scores, dtype=np.float64), kind="stable")
    hits = np.asarray(labels)[order] == 1
    if not hits.any():
        return 0.0
    precision_at = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float(precision_at[hits].mean())


def per_debate_ap(debates: np.ndarray, labels: np.ndarray, scores: np.ndarray) -> dict[str, float]:
    """AP of each debate's ranking, debates in sorted order (sentences must be in line order)."""
    return {str(d): average_precision(labels[debates == d], scores[debates == d]) for d in np.unique(debates)}


# ---------------------------------------------------------------- fitting
def fit(
    texts: list[str],
    vectors: np.ndarray,
    labels: np.ndarray,
    c_emb: float = C_EMB,
    c_tfidf: float = C_TFIDF,
    weights: tuple[float, float] = WEIGHTS,
) -> dict[str, np.ndarray]:
    """The artifact's arrays, fitted on these sentences."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    # float16 as shipped, so training sees the feature that scoring computes.
    positives = vectors[labels == 1].astype(np.float16)
    self_index = np.full(len(labels), -1)
    self_index[labels == 1] = np.arange(len(positives))
    nearest = nearest_positive(vectors, positives, self_index)
    features = np.hstack([vectors.astype(np.float64), cheap_features(texts), nearest[:, None]])
    emb_lr = LogisticRegression(C=c_emb, max_iter=5000).fit(features, labels)
    vectorizer = TfidfVectorizer(analyzer=terms, sublinear_tf=True, min_df=MIN_DF)
    tfidf = vectorizer.fit_transform(texts)
    tfidf_lr = LogisticRegression(C=c_tfidf, solver="liblinear", random_state=0).fit(tfidf, labels)
    parts = np.vstack([emb_lr.decision_function(features), tfidf_lr.decision_function(tfidf)])
    vocab = vectorizer.get_feature_names_out()
    arrays = {
        "format_version": np.array(FORMAT_VERSION),
        "emb_coef": emb_lr.coef_[0].astype(np.float32),
        "emb_intercept": np.array(emb_lr.intercept_[0]),
        "positive_vectors": positives,
        "tfidf_vocab": np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8),
        "tfidf_idf": vectorizer.idf_.astype(np.float32),
        "tfidf_coef": tfidf_lr.coef_[0].astype(np.float32),
        "tfidf_intercept": np.array(tfidf_lr.intercept_[0]),
        "z_mean": parts.mean(axis=1),
        "z_std": parts.std(axis=1),
        "weights": np.array(weights, dtype=np.float64),
    }
    # Quantiles of the shipped model's own (float32) scores on its training sentences.
    arrays["quantiles"] = np.zeros(QUANTILES)
    model = _Model(arrays)
    # The run-time TF-IDF (plain numpy) must reproduce sklearn's, up to the float32 coefficients.
    np.testing.assert_allclose(model.tfidf_decision(texts[:500]), parts[1, :500], rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(model.embedding_decision(texts, vectors, nearest), parts[0], atol=1e-3)
    raw = model.raw(texts, vectors, nearest)
    arrays["quantiles"] = np.quantile(raw, np.linspace(0.0, 1.0, QUANTILES))
    return arrays


def speaker_prior(train_speakers: np.ndarray, train_labels: np.ndarray, speakers: np.ndarray) -> np.ndarray:
    """log P(check-worthy | speaker), smoothed towards the prior with 50 pseudo-sentences (CV only)."""
    prior, pseudo = train_labels.mean(), 50
    table = {
        s: (train_labels[train_speakers == s].sum() + pseudo * prior) / ((train_speakers == s).sum() + pseudo)
        for s in np.unique(train_speakers)
    }
    return np.log([table.get(s, prior) for s in speakers])


@dataclass(frozen=True)
class CVResult:
    per_debate: dict[str, dict[str, float]]  # variant -> debate -> AP

    def map(self, variant: str) -> float:
        return float(np.mean(list(self.per_debate[variant].values())))


def cross_validate(split: Split, vectors: np.ndarray, speaker: bool = False, **fit_kwargs) -> CVResult:
    """Leave-one-debate-out AP of the shipped ensemble, its two parts and (optionally) + speaker prior."""
    n = len(split.texts)
    scores = {name: np.zeros(n) for name in ("ensemble", "embedding+nearest", "tfidf", "ensemble+speaker")}
    for debate in np.unique(split.debates):
        held = split.debates == debate
        train_idx, held_idx = np.flatnonzero(~held), np.flatnonzero(held)
        arrays = fit(
            [split.texts[i] for i in train_idx], vectors[train_idx], split.labels[train_idx], **fit_kwargs
        )
        model = _Model(arrays)
        texts = [split.texts[i] for i in held_idx]
        scores["embedding+nearest"][held_idx] = model.embedding_decision(texts, vectors[held_idx])
        scores["tfidf"][held_idx] = model.tfidf_decision(texts)
        raw = model.raw(texts, vectors[held_idx])
        scores["ensemble"][held_idx] = raw
        if speaker:
            prior = speaker_prior(
                split.speakers[train_idx], split.labels[train_idx], split.speakers[held_idx]
            )
            train_prior = speaker_prior(
                split.speakers[train_idx], split.labels[train_idx], split.speakers[train_idx]
            )
            # Same standardisation as the other parts; a third part at their weight.
            z = (prior - train_prior.mean()) / train_prior.std()
            scores["ensemble+speaker"][held_idx] = raw + model.weights.mean() * z
    if not speaker:
        del scores["ensemble+speaker"]
    return CVResult(
        {name: per_debate_ap(split.debates, split.labels, s) for name, s in scores.items()},
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=DATA, help=f"CheckThat! 2019 task 1 folder (default {DATA})"
    )
    parser.add_argument(
        "--out", type=Path, default=MODEL_PATH, help=f"artifact to write (default {MODEL_PATH})"
    )
    parser.add_argument(
        "--cv-only", action="store_true", help="only print the cross-validation, write nothing"
    )
    parser.add_argument(
        "--speaker", action="store_true", help="also cross-validate the ensemble + speaker prior"
    )
    parser.add_argument("--c-emb", type=float, default=C_EMB, help=f"C of the embedding regression ({C_EMB})")
    parser.add_argument(
        "--c-tfidf", type=float, default=C_TFIDF, help=f"C of the TF-IDF regression ({C_TFIDF})"
    )
    parser.add_argument(
        "--w-emb", type=float, default=WEIGHTS[0], help=f"weight of the embedding part, 0..1 ({WEIGHTS[0]})"
    )
    args = parser.parse_args()
    fit_kwargs = {"c_emb": args.c_emb, "c_tfidf": args.c_tfidf, "weights": (args.w_emb, 1.0 - args.w_emb)}

    train = load_split("train", args.data)
    started = time.perf_counter()
    vectors = embeddings(train.texts, "checkthat2019-train-minilm")
    positives, debates = int(train.labels.sum()), len(set(train.debates))
    print(f"train: {len(train.texts)} sentences, {positives} check-worthy, {debates} debates")
    print(f"embeddings: {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    result = cross_validate(train, vectors, speaker=args.speaker, **fit_kwargs)
    print(f"leave-one-debate-out CV on train ({time.perf_counter() - started:.0f} s), {fit_kwargs}:")
    variants = list(result.per_debate)
    print(f"  {'debate':28s}" + "".join(f"{v:>18s}" for v in variants))
    for debate in result.per_debate["ensemble"]:
        print(f"  {debate:28s}" + "".join(f"{result.per_debate[v][debate]:18.4f}" for v in variants))
    print(f"  {'MAP':28s}" + "".join(f"{result.map(v):18.4f}" for v in variants))
    if args.cv_only:
        return 0

    arrays = fit(train.texts, vectors, train.labels, **fit_kwargs)
    arrays["cv_map"] = np.array(result.map("ensemble"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, **arrays)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB, {len(arrays['tfidf_idf'])} terms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
