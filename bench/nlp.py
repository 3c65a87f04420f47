"""The claim stage against raw spaCy: docs/s of `extract_claims_many` vs `nlp.pipe` of the
same pipeline (without our component) on the same texts, English and Japanese separately.

Goal (issue #4): claim pipeline time / raw pipe time <= 1.15.

    .venv/bin/python bench/nlp.py [--repeat 8]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def demo_texts() -> dict[str, list[str]]:
    """Article texts of the bundled demo site, by detected language."""
    from spiders.extract import decode_body, extract
    from spiders.lang import detect_lang

    texts: dict[str, list[str]] = {"en": [], "ja": []}
    for page in sorted((ROOT / "demo" / "site").rglob("*.html")):
        html, _ = decode_body(page.read_bytes(), "text/html")
        try:
            text = extract(html).text
        except ValueError:
            continue
        lang = detect_lang(text)
        if lang in texts and "index" not in page.name and "private" not in str(page):
            texts[lang].append(text)
    return texts


def paragraphs(texts: list[str]) -> list[str]:
    return [p for t in texts for p in t.split("\n") if p.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=8, help="copies of the demo corpus per language")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds; the best is reported")
    args = parser.parse_args()
    from settings import apply_process_defaults

    apply_process_defaults()
    from nlp.claims import extract_claims_many
    from nlp.pipeline import build_nlp

    worst = 0.0
    for lang, texts in demo_texts().items():
        docs = texts * args.repeat
        nlp = build_nlp(lang)
        raw_pipes = [name for name in nlp.pipe_names if name != "claimwatch_figures"]
        extract_claims_many([(docs[0], lang)])  # warm up both (lazy loads, caches)
        raw_times, our_times = [], []
        for _ in range(args.rounds):  # interleaved, best of N: the 2-core box is noisy
            clock = time.perf_counter()
            with nlp.select_pipes(enable=raw_pipes):
                for _ in nlp.pipe(paragraphs(docs)):
                    pass
            raw_times.append(time.perf_counter() - clock)
            clock = time.perf_counter()
            claims = extract_claims_many([(t, lang) for t in docs])
            our_times.append(time.perf_counter() - clock)
        raw, ours = min(raw_times), min(our_times)
        ratio = ours / raw
        worst = max(worst, ratio)
        print(f"{lang}: {len(docs)} docs ({len(paragraphs(docs))} paragraphs), pipes {raw_pipes}")
        print(f"    raw nlp.pipe     {len(docs) / raw:8.1f} docs/s")
        print(f"    claim pipeline   {len(docs) / ours:8.1f} docs/s  ({sum(map(len, claims))} claims)")
        print(f"    ratio            {ratio:8.3f}  (goal <= 1.15)")
    return 0 if worst <= 1.15 else 1


if __name__ == "__main__":
    sys.exit(main())
