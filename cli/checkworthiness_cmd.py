"""`claimwatch checkworthiness FILE`: a check-worthiness score and a claim type per sentence, as JSON lines.

Wired into cli/main.py with `add_parser(sub)`; numpy, the model and the embedding model are
loaded only when the command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

FORMATS = ("jsonl",)
LANGS = ("en", "ja", "zh")  # nlp.checkworthiness.LANGS, repeated so `--help` imports nothing


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `checkworthiness` command to the CLI's subparsers."""
    p = sub.add_parser(
        "checkworthiness",
        help="score each sentence of a file for check-worthiness (0..1) and name its claim type",
        description="Read one sentence per line and print, per line, a JSON object "
        '{"line": N, "score": S, "type": T}: N counts from 1, S is the check-worthiness in 0..1 '
        "(the share of CheckThat! 2019 debate sentences the model ranks below it; Japanese and "
        "Chinese use a documented heuristic on the same scale) and T one of quantity, comparison, "
        "attribution, event, prediction, other. Empty lines score 0.0 with type other.",
    )
    p.add_argument("file", metavar="FILE", help="UTF-8 text file, one sentence per line ('-' reads stdin)")
    p.add_argument(
        "--lang",
        choices=LANGS,
        default="en",
        help="language of the sentences (default: en; ja and zh use a heuristic)",
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="jsonl",
        help="jsonl: one JSON object per line (default)",
    )
    p.set_defaults(func=run)
    return p


def _read_lines(source: str) -> list[str]:
    from warehouse.errors import ClaimwatchError

    if source == "-":
        return sys.stdin.read().splitlines()
    try:
        return Path(source).read_text(encoding="utf-8-sig").splitlines()  # a BOM is not text
    except FileNotFoundError:
        raise ClaimwatchError(f"{source}: no such file") from None
    except UnicodeDecodeError as exc:
        raise ClaimwatchError(f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise ClaimwatchError(f"{source}: {exc.strerror or exc}") from None


def claim_type(sentence: str, lang: str) -> str:
    """The claim type of nlp/claims.py for one sentence."""
    from nlp.claims import _ATTRIBUTION, _claim_type
    from nlp.quantities import parse_quantities

    return _claim_type(sentence, parse_quantities(sentence, lang), bool(_ATTRIBUTION.search(sentence)))


def run(args: argparse.Namespace) -> int:
    """Print one JSON object per input line; returns the exit code."""
    from nlp.checkworthiness import score_sentences

    lines = [line.strip() for line in _read_lines(args.file)]
    scores = score_sentences(lines, args.lang)
    for number, (sentence, score) in enumerate(zip(lines, scores, strict=True), start=1):
        record = {
            "line": number,
            "score": round(float(score), 4),
            "type": claim_type(sentence, args.lang) if sentence else "other",
        }
        print(json.dumps(record, ensure_ascii=False))
    return 0
