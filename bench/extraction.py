"""Article text extraction against the state of the art, on scrapinghub's article-extraction benchmark.

    .venv/bin/python bench/extraction.py [--data DIR] [--limit N]

Scores our extractor and baselines measured in the same run (trafilatura defaults, trafilatura in
precision mode, readability-lxml when installed) with the benchmark's shingle metric (bench/metric.py),
on all pages and on the tuning and held-out halves (pages split by the hash of their id: thresholds in
spiders/textvote.py were chosen on the tuning half only). Published numbers are printed for reference;
they come from other runs and other metric details, so only same-run ratios compare like with like.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.metric import Score, score, split_halves  # noqa: E402
from spiders.extract import decode_body, extract  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "article-extraction-benchmark"
# F1 as published (data README and the extractors' own reports); not comparable run for run.
PUBLISHED = {
    "rs_trafilatura": 0.970,
    "Zyte AutoExtract": 0.970,
    "trafilatura 2.0.0": 0.958,
    "newspaper4k": 0.949,
    "news-please": 0.948,
    "readability.js": 0.947,
    "readability-lxml": 0.922,
    "goose3": 0.896,
    "justext": 0.804,
}

Extractor = Callable[[str, str], str]


def _ours(html: str, url: str) -> str:
    return extract(html, url).text


def _trafilatura(**options: object) -> Extractor:
    import trafilatura

    def run(html: str, url: str) -> str:
        return trafilatura.extract(html, url=url, **options) or ""

    return run


def _readability() -> Extractor | None:
    try:
        from readability import Document
    except ImportError:
        return None
    from lxml import html as lxml_html

    from spiders.textvote import element_lines

    def run(html: str, url: str) -> str:
        summary = Document(html, url=url).summary(html_partial=True)
        return "\n".join(element_lines(lxml_html.fragment_fromstring(summary, create_parent="div")))

    return run


def extractors() -> dict[str, Extractor]:
    found: dict[str, Extractor] = {
        "ours": _ours,
        "trafilatura defaults": _trafilatura(),
        "trafilatura precision": _trafilatura(favor_precision=True, include_comments=False),
    }
    readability = _readability()
    if readability is not None:
        found["readability-lxml"] = readability
    return found


def load_pages(data: Path, limit: int | None) -> list[tuple[str, str, str, str]]:
    """(id, url, decoded html, ground-truth text) per page, in id order."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth)[:limit]:
        html, _ = decode_body(gzip.decompress((data / "html" / f"{page_id}.html.gz").read_bytes()), None)
        pages.append((page_id, truth[page_id].get("url") or "", html, truth[page_id]["articleBody"]))
    return pages


def run_extractor(
    func: Extractor, pages: list[tuple[str, str, str, str]]
) -> tuple[dict[str, str], float, float]:
    """Text per page id (empty where the extractor raised or found nothing), wall and CPU ms per page.

    CPU time is printed too because this machine is shared: other processes inflate wall time.
    """
    texts: dict[str, str] = {}
    wall = cpu = 0.0
    for page_id, url, html, _ in pages:
        start, start_cpu = time.perf_counter(), time.process_time()
        try:
            texts[page_id] = func(html, url) or ""
        except Exception:  # any failure is an empty output: P=0, R=0 (bench/metric.py)
            texts[page_id] = ""
        wall += time.perf_counter() - start
        cpu += time.process_time() - start_cpu
    return texts, 1000 * wall / len(pages), 1000 * cpu / len(pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="benchmark folder (ground-truth.json, html/*.html.gz)"
    )
    parser.add_argument("--limit", type=int, help="only the first N pages by id (a quick check)")
    args = parser.parse_args(argv)
    pages = load_pages(args.data, args.limit)
    truth = {page_id: text for page_id, _, _, text in pages}
    tuning, held_out = split_halves(truth)

    def scored(texts: dict[str, str], ids: list[str]) -> Score:
        return score((truth[i], texts[i]) for i in ids)

    print(f"{len(pages)} pages ({len(tuning)} tuning, {len(held_out)} held-out)\n")
    header = ("F1", "P", "R", "ms/page", "cpu ms", "F1 tune", "F1 held")
    print(f"{'extractor':<24}" + "".join(f"{h:>9}" for h in header))
    results: dict[str, tuple[Score, float]] = {}
    for name, func in extractors().items():
        texts, ms, cpu_ms = run_extractor(func, pages)
        whole = scored(texts, list(truth))
        tune = scored(texts, tuning) if tuning else whole
        held = scored(texts, held_out) if held_out else whole
        results[name] = (whole, ms)
        print(
            f"{name:<24}{whole.f1:>9.4f}{whole.precision:>9.4f}{whole.recall:>9.4f}{ms:>9.1f}{cpu_ms:>9.1f}"
            f"{tune.f1:>9.4f}{held.f1:>9.4f}"
        )
    ours, ours_ms = results["ours"]
    print("\nours vs baselines measured in this run (F1 ratio, time ratio):")
    for name, (other, ms) in results.items():
        if name != "ours":
            print(f"  {name:<24} F1 x{ours.f1 / other.f1:.3f}   time x{ours_ms / ms:.2f}")
    print("\npublished F1 (other runs, for reference), and ours / published:")
    for name, f1 in PUBLISHED.items():
        print(f"  {name:<24}{f1:>7.3f}   x{ours.f1 / f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
