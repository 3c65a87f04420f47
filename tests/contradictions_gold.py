"""The contradiction quality gate: the engine's pair decision scored on hand-written pairs.

Each gold pair is two sentences (English, Japanese or one of each) with a source, a date and
the relation of their articles:
- "different": two independent articles;
- "same_article_superseded": one article, B is the claim a later version replaced (current = false);
- "syndicated": B's article is a syndicated copy of A's (duplicate_of).
Both sentences run through the real extraction (`nlp.claims.extract_claims_many`, batched per
language, each resolved against its own date), then `core.judge.judge`, the very
function `detect()` uses on linked claims. A pair is predicted flagged when any claim pair of
the two sentences yields a conflict; it counts as a true positive only with the expected kind.

precision = true positives / predicted flags; recall = true positives / expected flags.
Run `.venv/bin/python tests/contradictions_gold.py` for the report and every miss.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "fixtures" / "contradictions" / "gold.jsonl"
BASELINE = ROOT / "tests" / "fixtures" / "contradictions" / "baseline.json"
METRICS = ("precision", "recall")
RELATIONS = ("different", "same_article_superseded", "syndicated")
KINDS = ("quantity", "date")


@dataclass
class Outcome:
    id: str
    rule: str
    expected: str | None  # the kind expected, None = must not be flagged
    got: list[str]  # kinds flagged
    reasons: list[str]

    @property
    def correct(self) -> bool:
        return (self.expected in self.got) if self.expected else not self.got


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def counts(self, outcomes: list[Outcome] | None = None) -> tuple[int, int, int]:
        """(true positives, predicted flags, expected flags)."""
        rows = self.outcomes if outcomes is None else outcomes
        tp = sum(1 for o in rows if o.expected and o.expected in o.got)
        return tp, sum(1 for o in rows if o.got), sum(1 for o in rows if o.expected)

    def metrics(self, outcomes: list[Outcome] | None = None) -> dict[str, float]:
        tp, predicted, expected = self.counts(outcomes)
        return {
            "precision": tp / predicted if predicted else 1.0,
            "recall": tp / expected if expected else 1.0,
        }


def load_gold(path: Path = GOLD) -> list[dict]:
    """The gold pairs, one JSON object per line."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_baseline(path: Path = BASELINE) -> dict:
    """The floors: {"precision": ..., "recall": ..., "note": ...}."""
    return json.loads(path.read_text(encoding="utf-8"))


def _sides(pair: dict, claims_a: list, claims_b: list) -> tuple[list, list]:
    """ClaimSides for both sentences, with the pair's relation as article provenance."""
    from warehouse.contradictions import side_from_claim

    a, b = pair["a"], pair["b"]
    article_a = f"{pair['id']}-a"
    article_b = article_a if pair["relation"] == "same_article_superseded" else f"{pair['id']}-b"
    extra_b = {
        "current": pair["relation"] != "same_article_superseded",
        "duplicate_of": article_a if pair["relation"] == "syndicated" else None,
    }
    sides_a = [
        side_from_claim(
            c, f"{article_a}:{i}", article_a, a["source"], published=date.fromisoformat(a["date"])
        )
        for i, c in enumerate(claims_a)
    ]
    sides_b = [
        side_from_claim(
            c, f"{article_b}:b{i}", article_b, b["source"], published=date.fromisoformat(b["date"]), **extra_b
        )
        for i, c in enumerate(claims_b)
    ]
    return sides_a, sides_b


def score(gold: list[dict] | None = None) -> Report:
    """Extract both sentences of every pair, judge every claim pair, and score the flags."""
    from core.judge import judge
    from nlp.claims import extract_claims_many
    from warehouse.contradictions import entity_names

    gold = load_gold() if gold is None else gold
    docs = [
        (p[side]["text"], p[side]["lang"], date.fromisoformat(p[side]["date"])) for p in gold for side in "ab"
    ]
    extracted = extract_claims_many(docs)
    report = Report()
    for n, pair in enumerate(gold):
        sides_a, sides_b = _sides(pair, extracted[2 * n], extracted[2 * n + 1])
        conflicts = [c for sa in sides_a for sb in sides_b for c in judge(sa, sb, entity_names())]
        report.outcomes.append(
            Outcome(
                pair["id"],
                pair["rule"],
                pair["kind"] if pair["flag"] else None,
                sorted({c.kind for c in conflicts}),
                [c.reason for c in conflicts],
            )
        )
    return report


def _lang_group(pair_id: str) -> str:
    return pair_id.split("-")[0]


def format_report(report: Report, gold: list[dict] | None = None) -> str:
    """Precision and recall overall, per language group and per rule, then every miss."""
    lines = [
        f"{'group':<22}{'pairs':>6}{'tp':>5}{'flagged':>9}{'expected':>10}{'precision':>11}{'recall':>8}"
    ]
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for o in report.outcomes:
        groups[f"lang {_lang_group(o.id)}"].append(o)
        groups[f"rule {o.rule}"].append(o)
    for name, rows in [("overall", report.outcomes), *sorted(groups.items())]:
        tp, flagged, expected = report.counts(rows)
        m = report.metrics(rows)
        lines.append(
            f"{name:<22}{len(rows):>6}{tp:>5}{flagged:>9}{expected:>10}{m['precision']:>11.3f}{m['recall']:>8.3f}"
        )
    floors = load_baseline()
    lines.append("floors  " + " ".join(f"{m}={floors[m]}" for m in METRICS))
    texts = {p["id"]: p for p in (gold or load_gold())}
    misses = [o for o in report.outcomes if not o.correct]
    lines += ["", f"== misses ({len(misses)})"]
    for o in misses:
        pair = texts.get(o.id, {})
        lines.append(f"{o.id} [{o.rule}]: expected {o.expected or 'no flag'} | got {o.got or 'no flag'}")
        for side in "ab":
            if side in pair:
                lines.append(f"    {side}: {pair[side]['text']}")
        for r in o.reasons:
            lines.append(f"    reason: {r}")
    return "\n".join(lines)


def main() -> None:
    gold = load_gold()
    report = score(gold)
    print(format_report(report, gold))
    flagged = [o for o in report.outcomes if o.got and o.correct]
    if "-v" in sys.argv:
        print("\n== flags as a fact-checker reads them")
        for o in flagged:
            for r in o.reasons:
                print(f"{o.id}: {r}")


if __name__ == "__main__":
    if str(ROOT) not in sys.path:  # run as a script: make nlp/ and warehouse/ importable
        sys.path.insert(0, str(ROOT))
    main()
