"""Claims and figures of the fixture texts as JSON lines, to diff before and after a speed change.

The claims stage must give the same claims and figures whatever is done to make it faster
(issue #16). This writes, for every fixture page (tests/fixtures/{pages,site,charsets},
demo/site), every claim gold sentence, every labelled topic article and 40 synthetic
bench/run_cost.py articles, the extracted claims with their figures, one article a line:

    .venv/bin/python -m bench.claims_identity before.jsonl   # on the old code
    .venv/bin/python -m bench.claims_identity after.jsonl    # on the new code
    diff before.jsonl after.jsonl && echo identical
"""

from __future__ import annotations

import json
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PAGE_DIRS = ("tests/fixtures/pages", "tests/fixtures/site", "tests/fixtures/charsets", "demo/site")
TEXT_FILES = ("tests/fixtures/claims/gold.jsonl", "tests/fixtures/topics/labelled.jsonl")


def fixture_docs() -> list[tuple[str, tuple[str, str, date | None]]]:
    """(name, (text, lang, published)) of every fixture text, in a fixed order."""
    from bench.run_cost import article_texts, build_site
    from spiders.extract import decode_body, extract
    from spiders.lang import detect_lang

    docs = []
    for folder in PAGE_DIRS:
        for page in sorted((ROOT / folder).rglob("*.html")):
            html, _ = decode_body(page.read_bytes(), "text/html")
            try:
                text = extract(html).text
            except ValueError:
                continue
            lang = detect_lang(text)
            docs.append((str(page.relative_to(ROOT)), (text, lang, date(2025, 7, 28))))
    for name in TEXT_FILES:
        for n, line in enumerate((ROOT / name).read_text(encoding="utf-8").splitlines()):
            if line.strip():
                item = json.loads(line)
                docs.append((f"{name}:{n}", (item["text"], item["lang"], None)))
    with tempfile.TemporaryDirectory() as tmp:
        build_site(Path(tmp), 40)
        docs += [(f"synthetic:{i}", (t, "en", None)) for i, t in enumerate(article_texts(Path(tmp)))]
    return docs


def main(argv: list[str]) -> int:
    from settings import apply_process_defaults

    apply_process_defaults()
    from nlp.claims import extract_claims_many

    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    docs = fixture_docs()
    results = extract_claims_many([d for _, d in docs])
    with open(argv[0], "w", encoding="utf-8") as out:
        for (name, _), claims in zip(docs, results, strict=True):
            out.write(json.dumps({"doc": name, "claims": [c.to_dict() for c in claims]}, ensure_ascii=False))
            out.write("\n")
    print(f"{len(docs)} texts, {sum(map(len, results))} claims -> {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
