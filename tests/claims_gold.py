"""The claims quality gate: scores nlp.claims against the golden sentences (trafilatura-style).

Each gold sentence is run as one article through `extract_claims_many`, batched per language.
Metrics (per language and overall):
- detection recall: gold claims with at least one predicted claim; precision: those among all
  sentences with a predicted claim.
- figure accuracy: gold figures of detected claims that a predicted figure gets right: value and
  unit within 1% relative, lower/upper both None or within 1%.
- figure precision: predicted figures of detected gold claims that match a gold figure (a product
  number read as a figure, "CloudMatrix 384", lowers it).
- subject accuracy: over gold figures that were found (value and unit match, whatever the
  interval), predicted subject == gold subject (null == None).

Run `.venv/bin/python tests/claims_gold.py` for the report and every miss.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "fixtures" / "claims" / "gold.jsonl"
BASELINE = ROOT / "tests" / "fixtures" / "claims" / "baseline.json"
METRICS = (
    "detection_recall",
    "detection_precision",
    "figure_accuracy",
    "figure_precision",
    "subject_accuracy",
)
REL_TOL = 0.01


@dataclass
class Counts:
    gold_claims: int = 0
    detected: int = 0  # gold claims with a predicted claim
    predicted: int = 0  # sentences with a predicted claim
    gold_figures: int = 0  # of detected gold claims
    figures_right: int = 0
    found: int = 0  # value and unit matched
    subjects_right: int = 0
    predicted_figures: int = 0  # of detected gold claims

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def metrics(self) -> dict[str, float]:
        def ratio(num: int, den: int) -> float:
            return num / den if den else 1.0

        return {
            "detection_recall": ratio(self.detected, self.gold_claims),
            "detection_precision": ratio(self.detected, self.predicted),
            "figure_accuracy": ratio(self.figures_right, self.gold_figures),
            "figure_precision": ratio(self.found, self.predicted_figures),
            "subject_accuracy": ratio(self.subjects_right, self.found),
        }


@dataclass
class Miss:
    id: str
    # detection-missed | detection-false-positive | figure-missing | interval | extra-figure | subject
    kind: str
    expected: str
    got: str
    text: str


@dataclass
class Report:
    counts: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    misses: list[Miss] = field(default_factory=list)

    @property
    def overall(self) -> Counts:
        total = Counts()
        for c in self.counts.values():
            total.add(c)
        return total


def load_gold(path: Path = GOLD) -> list[dict]:
    """The gold sentences, one JSON object per line."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= REL_TOL * max(abs(a), abs(b))


def _fmt(fig) -> str:
    """One gold dict or predicted Figure as "value unit [lower, upper] @subject"."""
    get = fig.get if isinstance(fig, dict) else lambda k: getattr(fig, k)
    surface = "" if isinstance(fig, dict) else f" {fig.surface!r}"
    return f"{get('value'):g} {get('unit')} [{get('lower')}, {get('upper')}] @{get('subject')}{surface}"


def _score_figures(gold: dict, predicted: list, counts: Counts, misses: list[Miss]) -> None:
    """Match gold figures to predicted ones in order, one to one; count and record misses."""
    unused = list(predicted)
    counts.gold_figures += len(gold["figures"])
    counts.predicted_figures += len(predicted)
    for g in gold["figures"]:
        same = [p for p in unused if p.unit == g["unit"] and _close(p.value, g["value"])]
        exact = [p for p in same if _close(p.lower, g["lower"]) and _close(p.upper, g["upper"])]
        if not same:
            got = "; ".join(_fmt(p) for p in unused) or "no figure"
            misses.append(Miss(gold["id"], "figure-missing", _fmt(g), got, gold["text"]))
            continue
        p = (exact or same)[0]
        unused.remove(p)
        counts.found += 1
        if exact:
            counts.figures_right += 1
        else:
            misses.append(Miss(gold["id"], "interval", _fmt(g), _fmt(p), gold["text"]))
        if p.subject == g["subject"]:
            counts.subjects_right += 1
        else:
            misses.append(Miss(gold["id"], "subject", _fmt(g), _fmt(p), gold["text"]))
    for p in unused:
        misses.append(Miss(gold["id"], "extra-figure", "no such figure", _fmt(p), gold["text"]))


def score(gold: list[dict] | None = None) -> Report:
    """Run the claim pipeline over the gold sentences (one article each) and score it."""
    from nlp.claims import extract_claims_many

    gold = load_gold() if gold is None else gold
    results = extract_claims_many([(g["text"], g["lang"]) for g in gold])
    report = Report()
    for g, claims in zip(gold, results, strict=True):
        counts = report.counts[g["lang"]]
        counts.gold_claims += g["claim"]
        counts.predicted += bool(claims)
        if g["claim"] and not claims:
            report.misses.append(Miss(g["id"], "detection-missed", "claim", "no claim", g["text"]))
        elif claims and not g["claim"]:
            got = ", ".join(f"{c.claim_type} {c.checkworthiness}" for c in claims)
            report.misses.append(Miss(g["id"], "detection-false-positive", "not a claim", got, g["text"]))
        elif claims:
            counts.detected += 1
            _score_figures(g, [f for c in claims for f in c.figures], counts, report.misses)
    return report


def load_baseline(path: Path = BASELINE) -> dict:
    """The floors: {metric: floor, ..., "note": ...}."""
    return json.loads(path.read_text(encoding="utf-8"))


def format_report(report: Report) -> str:
    """The per-language table followed by every miss, grouped by kind."""
    head = f"{'lang':<8}{'claims':>7}{'figs':>6}" + "".join(f"{m:>21}" for m in METRICS)
    lines = [head, "-" * len(head)]
    rows = [*sorted(report.counts.items()), ("overall", report.overall)]
    for lang, c in rows:
        values = "".join(f"{v:>21.3f}" for v in c.metrics().values())
        lines.append(f"{lang:<8}{c.gold_claims:>7}{c.gold_figures:>6}{values}")
    floors = load_baseline()
    lines.append("floors  " + " ".join(f"{m}={floors[m]}" for m in METRICS if m in floors))
    by_kind: dict[str, list[Miss]] = defaultdict(list)
    for miss in report.misses:
        by_kind[miss.kind].append(miss)
    for kind, misses in sorted(by_kind.items()):
        lines += ["", f"== {kind} ({len(misses)})"]
        for m in misses:
            lines.append(f"{m.id}: expected {m.expected} | got {m.got}\n    {m.text}")
    return "\n".join(lines)


def main() -> None:
    print(format_report(score()))


if __name__ == "__main__":
    if str(ROOT) not in sys.path:  # run as a script: make nlp/ importable
        sys.path.insert(0, str(ROOT))
    main()
