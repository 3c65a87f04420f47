"""`claimwatch factchecks import FILE` and `claimwatch match`: has this claim already been checked?

Wired into cli/main.py with `add_parser(sub)`; DuckDB, numpy and the embedding model are loaded
only when a command runs.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys

FORMATS = ("tsv", "jsonl", "jsonld")
OUTPUT_FORMATS = ("jsonl", "table")
QUERY_ID = "query"  # the query_id of --query TEXT


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add the `factchecks` and `match` commands to the CLI's subparsers."""
    p = sub.add_parser(
        "factchecks",
        help="import fact-checks (TSV, JSON lines or ClaimReview JSON-LD)",
        description="Manage the fact-checks that `claimwatch match` and the daily job compare claims with.",
    )
    fsub = p.add_subparsers(
        dest="factchecks_command",
        metavar="SUBCOMMAND",
        required=True,
        help="import: add a file of fact-checks",
    )
    imp = fsub.add_parser(
        "import",
        help="import a file of fact-checks",
        description="Import fact-checks from FILE: a TSV with a header naming id, vclaim and title "
        "(CheckThat! 2020 verified_claims.docs.tsv, quoted cells may span lines), JSON lines with "
        "id, vclaim or claim, title and optionally url and date, or schema.org ClaimReview JSON-LD "
        "(one object, a list, or an @graph: claimReviewed, url or @id, name or headline, "
        "reviewRating.alternateName). Rows are keyed by id: a rerun inserts nothing. A bad row is "
        "reported on stderr and counted; the rest is imported. Each fact-check is embedded once.",
    )
    imp.add_argument("file", metavar="FILE", help="the fact-check file")
    imp.add_argument(
        "--db", required=True, metavar="PATH", help="DuckDB store (created and migrated if missing)"
    )
    imp.add_argument("--format", choices=FORMATS, help="file format (default: from the extension or content)")
    imp.set_defaults(func=run_import)

    m = sub.add_parser(
        "match",
        help="the imported fact-checks that best match a claim (has this already been checked?)",
        description="Rank the imported fact-checks for each query: BM25 (DuckDB fts) fused with MiniLM "
        "similarity, re-ranked (see warehouse/factchecks.py). Prints per query "
        '{"query_id": ..., "results": [{"factcheck_id", "score", "claim", "title"}]}, best first; '
        "score is the re-ranker's probability (0..1) that the fact-check checked the query's claim. "
        f'With --query TEXT the query_id is "{QUERY_ID}"; a --queries file has "id<TAB>text" rows '
        "(a header row is allowed). Near-duplicate fact-checks are shown once, under the lowest id.",
    )
    m.add_argument("--db", required=True, metavar="PATH", help="DuckDB store with imported fact-checks")
    what = m.add_mutually_exclusive_group(required=True)
    what.add_argument("--query", metavar="TEXT", help=f'one claim or tweet to match (query_id "{QUERY_ID}")')
    what.add_argument("--queries", metavar="FILE.tsv", help="a TSV of id<TAB>text rows, header allowed")
    m.add_argument("-k", type=int, default=5, help="results per query (default: 5)")
    m.add_argument(
        "--format",
        choices=OUTPUT_FORMATS,
        default="jsonl",
        help="jsonl: one JSON object per query (default); table: human-readable",
    )
    m.set_defaults(func=run_match)


def run_import(args: argparse.Namespace) -> int:
    from flows.nlp_stage import embed_factchecks
    from warehouse.db import connect
    from warehouse.factchecks import import_factchecks

    with connect(args.db) as con:
        result = import_factchecks(con, args.file, args.format)
        # The embed stage's fact-check part now, so that `claimwatch match` works right away.
        result.embedded = embed_factchecks(con)
    print(result.summary(args.file))  # each bad row was logged (stderr) as it was read
    return 0


def read_queries(path: str) -> list[tuple[str, str]]:
    """(id, text) rows of a queries TSV; a first row whose id column reads like a header is skipped."""
    from warehouse.errors import ClaimwatchError

    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = [r for r in csv.reader(f, delimiter="\t") if any(c.strip() for c in r)]
    except FileNotFoundError:
        raise ClaimwatchError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ClaimwatchError(f"{path}: cannot read ({exc})") from None
    out = []
    for number, row in enumerate(rows, 1):
        if len(row) < 2:
            print(f"{path}: row {number}: expected id<TAB>text, skipped", file=sys.stderr)
            continue
        if number == 1 and row[0].strip().lower() in ("", "id", "tweet_id", "query_id"):
            continue  # the header (CheckThat!'s leaves the id column unnamed)
        out.append((row[0].strip(), row[1]))
    return out


def _table(query_id: str, text: str, matches: list) -> str:
    lines = [f"query {query_id}: {text[:100]}"]
    if not matches:
        lines.append("  (no fact-check matches)")
    for i, m in enumerate(matches, 1):
        lines.append(f"  {i}. [{m.factcheck_id}] {m.score:.3f}  {m.claim[:90]}")
        if m.title:
            lines.append(f"       {m.title[:90]}")
    return "\n".join(lines)


def run_match(args: argparse.Namespace) -> int:
    from flows.nlp_stage import embed_batch
    from nlp.embeddings import model_name
    from warehouse.db import connect
    from warehouse.errors import ClaimwatchError
    from warehouse.factchecks import count, query_text, rank

    if args.k < 1:
        raise ClaimwatchError(f"-k must be at least 1, got {args.k}")
    queries = [(QUERY_ID, args.query)] if args.query is not None else read_queries(args.queries)
    with connect(args.db, read_only=True) as con:
        stored = count(con)
        if stored == 0:
            print("no fact-checks imported: run `claimwatch factchecks import FILE` first", file=sys.stderr)
        texts = [text for _, text in queries]
        # Ad-hoc queries are not in the store (read-only here): embedded now, as the embed stage would.
        vectors = embed_batch.fn([query_text(t) for t in texts], model_name()) if texts and stored else None
        results = rank(con, texts, k=args.k, vectors=vectors)
    for (qid, text), matches in zip(queries, results, strict=True):
        if args.format == "table":
            print(_table(qid, text, matches))
        else:
            print(
                json.dumps({"query_id": qid, "results": [m.as_dict() for m in matches]}, ensure_ascii=False)
            )
    return 0
