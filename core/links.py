"""Link decisions: do two claims state the same fact, and how sure are we (DESIGN.md, "link").

Pure: warehouse/linking.py finds the candidate pairs (nearest vectors, shared fact keys),
reads what this module needs and stores what `decide` says.

- "embedding": cosine of the claim sentences >= EMBEDDING_LINK;
- "figure": a shared fact key (subject, measure, unit) and, within one language, a
  cosine >= FIGURE_LINK (the bundled MiniLM is English-only, so across languages the
  fact key alone links "約300ペタFLOPS" to "about 300 petaflops");
- "embedding+figure": both.
Each link has a tier, "suggested" or "confirmed" (thresholds calibrated by
bench/calibrate_links.py on tests/fixtures/pairs/labelled.jsonl). Which claims may link at all
is core.eligibility.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.intervals import Stated, gap

# Thresholds of `decide`, from bench/calibrate_links.py on tests/fixtures/pairs/labelled.jsonl
# (83 pairs: 46 en-en, 37 ja-en, hard negatives included). Refit 2026-12-06 after "Huawei's
# system ... Nvidia's GB200 NVL72" keyed its ratio to the CloudMatrix (three same-fact pairs had
# disjoint keys): 0.58 / 0.58 / 0.58 -> 0.55 / 0.30 / 0.95, en-en P 0.58 -> 0.75, R 0.95 -> 0.82.
# Link thresholds: best F1; confirmed:
# highest recall at precision 1.0 on the set. MiniLM separates facts poorly on this beat (hard
# negatives such as "H20 has 96 GB" vs "H200 has 141 GB" score 0.91, "tightened" vs "loosened"
# the same rules 0.97, paraphrases 0.55-0.86), so the fact keys carry most of the weight.
# P/R per language pair: tests/test_link_tiers.py.
EMBEDDING_LINK = 0.55
FIGURE_LINK = 0.30  # with a shared fact key (same language)
DISJOINT_EMBEDDING_LINK = 0.95
# A cosine alone confirms only a near-copy: opposite statements ("halted" vs "resumed" H20
# sales, 0.89) score like paraphrases. Was 0.78 before the six hard negatives of 2026-12-05.
CONFIRMED_EMBEDDING = 0.98  # and no disjoint keys
# A shared key: "Q2 revenue $46.7bn" vs "full-year revenue $130.5bn" share one at 0.84 (the
# period is a contradiction cue, not part of the key). Was 0.75.
CONFIRMED_FIGURE = 0.85  # shared key, same language
# Japanese-English: the fact key alone links (suggested); a shared key whose figures agree
# confirms whatever the cosine (the English-only model's cross-language cosine says little:
# same-fact pairs score 0.18-0.48, different facts 0.10-0.49). Disagreeing figures stay
# "suggested": a contradiction to review. Was 0.31 before issue 13's finer measures.
CROSS_FIGURE_LINK = -1.0
CROSS_CONFIRMED = -0.2
# Partners reported per new claim (nearest by cosine, and among the members of each of its keys).
NEIGHBOURS = 20


class Keyed(Stated):
    """A figure with its fact key (core.judge.FigureRow)."""

    @property
    def key(self) -> str | None: ...


@dataclass(frozen=True)
class FigureEvidence:
    """What two claims' keyed figures say about a pair (the figure inputs of `decide`)."""

    shared_key: bool  # some figure of each shares a fact key
    figures_agree: bool  # some shared-key pair overlaps (gap 0)
    keys_disjoint: bool  # both keyed, no key shared


def figure_evidence(a: Iterable[Keyed], b: Iterable[Keyed]) -> FigureEvidence:
    """Shared keys, agreement and disjointness of two claims' keyed figures."""
    a, b = list(a), list(b)
    shared = [(fa, fb) for fa in a for fb in b if fa.key == fb.key]
    agree = any(gap(fa, fb) == 0 for fa, fb in shared)
    return FigureEvidence(bool(shared), agree, bool(a and b and not shared))


def decide(
    sim: float, same_lang: bool, shared_key: bool, figures_agree: bool, keys_disjoint: bool = False
) -> tuple[str, str] | None:
    """(method, tier) of a candidate pair, or None for no link.

    Args:
        sim: cosine of the two claim sentences (MiniLM is English-only: across languages it
            only sees shared Latin names, so it never links alone there).
        same_lang: both claims in one language.
        shared_key: the claims share a fact key (subject, measure, unit).
        figures_agree: some shared-key figure pair overlaps (core.intervals.gap == 0).
        keys_disjoint: both claims state keyed figures and share no key ("H20 has 96 GB" vs
            "H200 has 141 GB": MiniLM scores 0.91; the keys keep such a pair "suggested").
    """
    by_embedding = same_lang and sim >= (DISJOINT_EMBEDDING_LINK if keys_disjoint else EMBEDDING_LINK)
    # Across languages the English-only model cannot judge: the fact key decides.
    by_figure = shared_key and sim >= (FIGURE_LINK if same_lang else CROSS_FIGURE_LINK)
    if not (by_embedding or by_figure):
        return None
    method = "embedding+figure" if by_embedding and by_figure else "embedding" if by_embedding else "figure"
    if same_lang:
        confirmed = (sim >= CONFIRMED_EMBEDDING and not keys_disjoint) or (
            by_figure and sim >= CONFIRMED_FIGURE
        )
    else:
        confirmed = by_figure and figures_agree and sim >= CROSS_CONFIRMED
    return method, "confirmed" if confirmed else "suggested"
