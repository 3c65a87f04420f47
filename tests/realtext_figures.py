"""Figures on real text: sentences taken from the CheckThat! debate transcripts and fact-checked
claims (../shared/data), annotated from DESIGN.md's hedge table by someone who had not read
nlp/quantities.py (tests/fixtures/realtext/gold.jsonl), run through the claims stage.

Scored units are the contract's figures: money (USD or an ISO code), %, x, count, W, FLOPS, B,
B/s. Dates (`year`) are out of scope of this set, and a number given a unit of its own
(a duration, say) is left out, as the issue allows; any other predicted figure that the gold
does not hold is a false figure.
- recall: gold figures with a predicted figure of the same unit and value (1%).
- interval: of those, lower and upper right too (both open, or within 1%).
- precision: predicted figures that match a gold figure.
- traps clean: trap sentences (model numbers, ages, durations, table rows ...) with no figure.

The set is split in two by id (`split()`): failure classes may be drawn from the misses of
the dev half (odd ids) and turned into new, made-up fixture cases; the held-out half (even
ids) is never read, so its score says what the rules do on text nobody tuned them to.

`.venv/bin/python tests/realtext_figures.py [--split dev|heldout]` prints the scores;
`--misses` the misses (never tune a rule while reading them).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "fixtures" / "realtext" / "gold.jsonl"
BASELINE = ROOT / "tests" / "fixtures" / "realtext" / "baseline.json"
REL_TOL = 0.01
METRICS = ("recall", "interval", "precision", "traps_clean")
_CONTRACT = {"USD", "%", "x", "count", "W", "FLOPS", "B", "B/s"}


def scored_unit(unit: str) -> bool:
    """A figure of the contract (dates and units of their own are not scored here)."""
    return unit in _CONTRACT or bool(re.fullmatch(r"[A-Z]{3}", unit))


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= REL_TOL * max(abs(a), abs(b), 1e-12)


def _is_range(fig: dict) -> bool:
    return fig.get("hedge") == "range" and fig.get("lower") is not None and fig.get("upper") is not None


def load_gold(path: Path = GOLD, part: str = "all") -> list[dict]:
    gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [g for g in gold if part == "all" or split(g["id"]) == part]


def split(gold_id: str) -> str:
    """ "dev" for odd ids (rt001, rt003 ...), "heldout" for even ones."""
    return "dev" if int(re.sub(r"\D", "", gold_id)) % 2 else "heldout"


def predict(sentences: list[str]) -> list[list[dict]]:
    """The scored figures the claims stage finds in each sentence (read as one English text)."""
    from nlp.claims import extract_claims_many

    out = []
    for claims in extract_claims_many([(s, "en") for s in sentences]):
        figs = [f for c in claims for f in c.figures if scored_unit(f.unit)]
        out.append(
            [
                {"value": f.value, "unit": f.unit, "lower": f.lower, "upper": f.upper, "surface": f.surface}
                for f in figs
            ]
        )
    return out


def score(gold: list[dict], predicted: list[list[dict]]) -> tuple[dict, list[dict]]:
    found = interval_right = gold_n = pred_n = pred_right = 0
    traps = traps_clean = 0
    misses = []
    for g, pred in zip(gold, predicted, strict=True):
        if g.get("trap"):
            traps += 1
            traps_clean += not pred
        free = list(pred)
        pred_n += len(pred)
        sentence_misses = []
        for fig in g["figures"]:
            gold_n += 1
            hit = next(
                (p for p in free if p["unit"] == fig["unit"] and _close(p["value"], fig["value"])), None
            )
            if hit is None and _is_range(fig):  # DESIGN gives a range no value: its bounds decide
                hit = next(
                    (
                        p
                        for p in free
                        if p["unit"] == fig["unit"]
                        and _close(p["lower"], fig["lower"])
                        and _close(p["upper"], fig["upper"])
                    ),
                    None,
                )
            if hit is None:
                sentence_misses.append({"missed": fig})
                continue
            free.remove(hit)
            found += 1
            pred_right += 1
            if _close(hit["lower"], fig["lower"]) and _close(hit["upper"], fig["upper"]):
                interval_right += 1
            else:
                sentence_misses.append({"interval": fig, "got": hit})
        sentence_misses += [{"false": p} for p in free]
        if sentence_misses:
            misses.append({"id": g["id"], "text": g["text"], "misses": sentence_misses})

    def ratio(num: int, den: int) -> float:
        return round(num / den, 4) if den else 1.0

    metrics = {
        "recall": ratio(found, gold_n),
        "interval": ratio(interval_right, found),
        "precision": ratio(pred_right, pred_n),
        "traps_clean": ratio(traps_clean, traps),
        "sentences": len(gold),
        "gold_figures": gold_n,
        "traps": traps,
    }
    return metrics, misses


def evaluate(path: Path = GOLD, part: str = "all") -> tuple[dict, list[dict]]:
    gold = load_gold(path, part)
    return score(gold, predict([g["text"] for g in gold]))


def load_baseline(path: Path = BASELINE) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--split", choices=("all", "dev", "heldout"), default="all")
    parser.add_argument("--misses", action="store_true", help="also list the misses")
    args = parser.parse_args()
    metrics, misses = evaluate(args.gold, args.split)
    print(json.dumps(metrics, indent=2))
    if args.misses:
        for miss in misses:
            print(json.dumps(miss, ensure_ascii=False))


if __name__ == "__main__":
    import sys

    # Run as a script: this checkout's code, not whatever an editable install points at (a
    # worktree's scores were another checkout's).
    sys.path.insert(0, str(ROOT))
    from settings import apply_process_defaults

    apply_process_defaults()
    main()
