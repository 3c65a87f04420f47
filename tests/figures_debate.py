"""Figures on sentences written in the style of debate transcripts and fact-checks.

tests/fixtures/figures/debate.jsonl holds sentences written for this check (money, percents,
counts, ranges, change statements, hedges, and trap lines: durations, distances, index points,
phone numbers, promo codes, ticker and stat rows, bill and route numbers). Each sentence goes
through the figure parser as the claim stage sees it: a line that is no sentence (a table row, a
promo line) yields no figures. Calendar years are left out on both sides: the date stage owns them.

Metrics:
- recall: gold figures with a predicted figure of the same value and unit (1% relative);
- interval: gold figures whose match also has the same lower and upper (None == open end);
- precision: predicted figures of non-trap sentences that match a gold figure;
- traps_clean: trap sentences with no predicted figure.

Run `.venv/bin/python tests/figures_debate.py` for the report and every miss.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "figures" / "debate.jsonl"
FLOORS = ROOT / "tests" / "fixtures" / "figures" / "floors.json"
METRICS = ("recall", "interval", "precision", "traps_clean")
REL_TOL = 0.01


def load(path: Path = FIXTURE) -> list[dict]:
    """The fixture sentences, one JSON object per line."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= REL_TOL * max(abs(a), abs(b))


def predict(text: str, lang: str) -> list:
    """The figures the claim stage would keep for one sentence, years left out."""
    from nlp.nonsentences import non_sentence
    from nlp.quantities import parse_quantities

    if non_sentence(text, lang) is not None:
        return []
    return [q for q in parse_quantities(text, lang) if q.unit != "year"]


def score(cases: list[dict] | None = None) -> tuple[dict[str, float], list[str]]:
    """The four metrics over the fixture, and one line per miss."""
    cases = load() if cases is None else cases
    gold_n = found = right = predicted = matched = traps = clean = 0
    misses: list[str] = []
    for case in cases:
        got = predict(case["text"], case["lang"])
        if case["trap"]:
            traps += 1
            clean += not got
            if got:
                misses.append(f"{case['id']} trap: got {[q.surface for q in got]} | {case['text']}")
            continue
        unused = list(got)
        predicted += len(got)
        for g in case["figures"]:
            gold_n += 1
            same = [q for q in unused if q.unit == g["unit"] and _close(q.value, g["value"])]
            exact = [q for q in same if _close(q.lower, g["lower"]) and _close(q.upper, g["upper"])]
            if not same:
                shown = [(q.surface, q.value, q.unit) for q in unused]
                missing = f"{g['value']:g} {g['unit']}"
                misses.append(f"{case['id']} missing {missing}: got {shown} | {case['text']}")
                continue
            q = (exact or same)[0]
            unused.remove(q)
            found += 1
            matched += 1
            if exact:
                right += 1
            else:
                misses.append(
                    f"{case['id']} interval {g['value']:g} {g['unit']} [{g['lower']}, {g['upper']}]: "
                    f"got [{q.lower}, {q.upper}] {q.surface!r} | {case['text']}"
                )
        for q in unused:
            misses.append(f"{case['id']} extra {q.surface!r} {q.value:g} {q.unit} | {case['text']}")
    metrics = {
        "recall": found / gold_n if gold_n else 1.0,
        "interval": right / gold_n if gold_n else 1.0,
        "precision": matched / predicted if predicted else 1.0,
        "traps_clean": clean / traps if traps else 1.0,
    }
    return metrics, misses


def main() -> None:
    metrics, misses = score()
    cases = load()
    print(f"{len(cases)} sentences, {sum(c['trap'] for c in cases)} traps")
    print("  ".join(f"{m}={metrics[m]:.3f}" for m in METRICS))
    print("floors " + json.dumps({k: v for k, v in json.loads(FLOORS.read_text()).items() if k in METRICS}))
    print("\n".join(misses))


if __name__ == "__main__":
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    main()
