"""Calibrate the link tiers of core/links.py on the labelled pairs.

tests/fixtures/pairs/labelled.jsonl holds {a, b, lang_pair, same_fact} pairs written for the
beat (CloudMatrix 384 vs GB200 NVL72, H20 licences, chip smuggling, WAIC 2025, export
controls), English-English and Japanese-English, with hard negatives (same entities, another
measured quantity). "Same fact" means the same quantity of the same subject, whatever value
each states: "$1bn smuggled" and "$400m smuggled" are one fact in two figures, which is the
link the contradiction detector needs.

Each pair becomes the features `linking.decide` sees, computed with the real pipeline:
figures and fact keys from nlp.claims.extract_claims, the MiniLM cosine, and whether a shared
key's figures overlap (core.intervals.gap == 0). The grid search then picks:
- the link thresholds (suggested tier and up): best F1 per language group;
- the confirmed thresholds: highest recall at precision 1.0 on the set (a confirmed link is
  shown to analysts as fact; a wrong one costs more than a missing one).

    .venv/bin/python bench/calibrate_links.py
"""

from __future__ import annotations

import itertools
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PAIRS = ROOT / "tests" / "fixtures" / "pairs" / "labelled.jsonl"


@dataclass(frozen=True)
class PairFeatures:
    lang_pair: str
    same_fact: bool
    sim: float
    same_lang: bool
    shared_key: bool
    figures_agree: bool
    keys_disjoint: bool  # both state keyed figures, none shared: different facts, usually


def load_pairs(path: Path = PAIRS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _figures(text: str, lang: str) -> list:
    from core.judge import FigureRow
    from nlp.claims import extract_claims

    rows = []
    for claim in extract_claims(text, lang):
        for f in claim.figures:
            row = FigureRow(
                "c", f.value, f.unit, f.lower, f.upper, f.hedge, f.precision, f.surface, f.subject,
                f.measure, "", f.reference,
            )  # fmt: skip
            if row.key:
                rows.append(row)
    return rows


def features(pairs: list[dict]) -> list[PairFeatures]:
    """The decision inputs of every pair, with the real extraction and embedding model."""
    from core.intervals import gap
    from nlp.embeddings import embed

    texts = sorted({p[side] for p in pairs for side in ("a", "b")})
    vectors = dict(zip(texts, embed(texts), strict=True))
    out = []
    for p in pairs:
        lang_a, lang_b = p["lang_pair"].split("-")
        fa, fb = _figures(p["a"], lang_a), _figures(p["b"], lang_b)
        shared = [(x, y) for x in fa for y in fb if x.key == y.key]
        out.append(
            PairFeatures(
                p["lang_pair"],
                bool(p["same_fact"]),
                float(vectors[p["a"]] @ vectors[p["b"]]),
                lang_a == lang_b,
                bool(shared),
                any(gap(x, y) == 0 for x, y in shared),
                bool(fa and fb and not shared),
            )
        )
    return out


def scores(feats: list[PairFeatures], decide) -> dict[tuple[str, str], tuple[float, float, int]]:
    """(precision, recall, support) per (lang_pair, tier), where tier "suggested" counts every
    link (suggested or confirmed) and "confirmed" only confirmed ones."""
    out = {}
    for lang_pair in sorted({f.lang_pair for f in feats}):
        group = [f for f in feats if f.lang_pair == lang_pair]
        for tier in ("suggested", "confirmed"):
            predicted = []
            for f in group:
                d = decide(f.sim, f.same_lang, f.shared_key, f.figures_agree, f.keys_disjoint)
                predicted.append(d is not None and (tier == "suggested" or d[1] == "confirmed"))
            truth = [f.same_fact for f in group]
            tp = sum(p and t for p, t in zip(predicted, truth, strict=True))
            precision = tp / max(sum(predicted), 1)
            recall = tp / max(sum(truth), 1)
            out[(lang_pair, tier)] = (precision, recall, len(group))
    return out


def _f1(pred: list[bool], truth: list[bool]) -> tuple[float, float, float]:
    tp = sum(p and t for p, t in zip(pred, truth, strict=True))
    precision, recall = tp / max(sum(pred), 1), tp / max(sum(truth), 1)
    return 2 * precision * recall / max(precision + recall, 1e-9), precision, recall


def calibrate(feats: list[PairFeatures]) -> dict[str, float]:
    """Thresholds by grid search (see the module docstring); ties go to the middle of the
    best interval, so a threshold is not set right at one pair's score."""
    grid = [round(x, 2) for x in np.arange(-0.2, 1.0, 0.01)]

    def middle(values: list[float]) -> float:
        return round(float(np.median(values)), 2)

    same = [f for f in feats if f.same_lang]
    cross = [f for f in feats if not f.same_lang]
    truth = [f.same_fact for f in same]
    coarse = [round(x, 2) for x in np.arange(0.3, 1.0, 0.02)]
    best, choices = -1.0, []
    for emb, fig, dis in itertools.product(coarse, coarse, coarse):
        if fig > emb or dis < emb:
            continue
        pred = [f.sim >= (dis if f.keys_disjoint else emb) or (f.shared_key and f.sim >= fig) for f in same]
        f1 = _f1(pred, truth)[0]
        if f1 > best + 1e-9:
            best, choices = f1, [(emb, fig, dis)]
        elif abs(f1 - best) <= 1e-9:
            choices.append((emb, fig, dis))
    figure_link = min(c[1] for c in choices)  # the widest figure band among the best
    choices = [c for c in choices if c[1] == figure_link]
    embedding_link = middle([c[0] for c in choices])
    disjoint_link = middle(
        [c[2] for c in choices if c[0] == min(choices, key=lambda c: abs(c[0] - embedding_link))[0]]
    )

    def confirmed_recall(pred: list[bool], group: list[PairFeatures]) -> float:
        tp = sum(p and f.same_fact for p, f in zip(pred, group, strict=True))
        if tp < sum(pred):  # precision below 1
            return -1.0
        return tp / max(sum(f.same_fact for f in group), 1)

    best, choices = -1.0, []
    for emb, fig in itertools.product(grid, grid):
        pred = [
            (f.sim >= emb and not f.keys_disjoint) or (f.shared_key and f.sim >= max(fig, figure_link))
            for f in same
        ]
        r = confirmed_recall(pred, same)
        if r > best + 1e-9:
            best, choices = r, [(emb, fig)]
        elif abs(r - best) <= 1e-9:
            choices.append((emb, fig))
    confirmed_embedding = middle([c[0] for c in choices if c[1] == max(c[1] for c in choices)])
    confirmed_figure = min(c[1] for c in choices if c[0] >= confirmed_embedding - 1e-9) if choices else 1.0

    # Across languages the fact key alone makes a (suggested) link, by design (issue #5): the
    # English-only cosine is printed below but not trusted to veto a shared key.
    cross_link = -1.0
    truth = [f.same_fact for f in cross]
    f1_best = max(grid, key=lambda t: (_f1([f.shared_key and f.sim >= t for f in cross], truth)[0], -t))
    print(f"(ja-en: a cosine floor of {f1_best:.2f} would maximise F1 on the set; not used)")
    best, choices = -1.0, []
    for t in grid:
        pred = [f.shared_key and f.figures_agree and f.sim >= max(t, cross_link) for f in cross]
        r = confirmed_recall(pred, cross)
        if r > best + 1e-9:
            best, choices = r, [t]
        elif abs(r - best) <= 1e-9:
            choices.append(t)
    cross_confirmed = min(choices)
    return {
        "EMBEDDING_LINK": embedding_link,
        "FIGURE_LINK": figure_link,
        "DISJOINT_EMBEDDING_LINK": disjoint_link,
        "CONFIRMED_EMBEDDING": confirmed_embedding,
        "CONFIRMED_FIGURE": confirmed_figure,
        "CROSS_FIGURE_LINK": cross_link,
        "CROSS_CONFIRMED": cross_confirmed,
    }


def main() -> int:
    from core import links as linking

    pairs = load_pairs()
    feats = features(pairs)
    print(f"{len(pairs)} labelled pairs from {PAIRS.relative_to(ROOT)}")
    print("lang   same  sim     key  agree disjoint")
    for p, f in zip(pairs, feats, strict=True):
        print(
            f"{f.lang_pair} {f.same_fact!s:5} {f.sim:6.3f}  {f.shared_key!s:5} {f.figures_agree!s:5}"
            f" {f.keys_disjoint!s:5}"
            f"  {p['a'][:50]} | {p['b'][:50]}"
        )
    thresholds = calibrate(feats)
    print("\ncalibrated thresholds (module constants now):")
    for name, value in thresholds.items():
        print(f"  {name:20} {value:6.2f}   ({getattr(linking, name):.2f})")
    print("\nprecision / recall with the module's constants:")
    for (lang_pair, tier), (p, r, n) in scores(feats, linking.decide).items():
        print(f"  {lang_pair} {tier:10} P={p:.2f} R={r:.2f} (n={n})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
