"""Reading fact-check files: CheckThat!-style TSV, JSON lines, schema.org ClaimReview JSON-LD.

Each reader yields a FactCheck per good row and a ValueError (a one-line reason naming the row)
per bad one, so the importer can count and log them and go on; a file that cannot be read at
all raises ImportFormatError.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from core.errors import ClaimwatchError

FORMATS = ("tsv", "jsonl", "jsonld")


class ImportFormatError(ClaimwatchError):
    """The file as a whole cannot be read in the format asked for (one line)."""


@dataclass(frozen=True)
class FactCheck:
    factcheck_id: str
    claim: str
    title: str = ""
    url: str | None = None
    rating: str | None = None
    published: str | None = None


# ---------------------------------------------------------------- reading the three formats
def detect_format(path: Path, text: str) -> str:
    """tsv / jsonl / jsonld from the extension, else from the content (a .json file may hold JSON lines)."""
    suffix = path.suffix.lower()
    if suffix in (".tsv", ".txt"):
        return "tsv"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".jsonld":
        return "jsonld"
    head = text.lstrip()[:1]
    if head == "[":
        return "jsonld"
    if head == "{":  # one object spread over lines, or a JSON-LD one, is JSON-LD; else one per line
        try:
            first = json.loads(text.lstrip().splitlines()[0])
        except ValueError:
            return "jsonld"
        return (
            "jsonld"
            if isinstance(first, dict) and ({"@context", "@type", "@graph"} & first.keys())
            else "jsonl"
        )
    return "jsonld" if suffix == ".json" else "tsv"


def _clean(value: object) -> str:
    return re.sub(r"\s+", " ", str(value)).strip() if value is not None else ""


def _row(line: str, values: dict) -> FactCheck:
    """A FactCheck from a dict with id/vclaim|claim/title/url/date; ValueError names what is wrong."""
    fid = _clean(values.get("id")) or _clean(values.get("url"))
    claim = _clean(values.get("vclaim")) or _clean(values.get("claim"))
    if not fid:
        raise ValueError(f"{line}: no id")
    if not claim:
        raise ValueError(f"{line}: no claim text (vclaim or claim)")
    return FactCheck(
        fid,
        claim,
        _clean(values.get("title")),
        _clean(values.get("url")) or None,
        _clean(values.get("rating")) or None,
        _clean(values.get("date")) or None,
    )


def read_tsv(text: str) -> Iterator[FactCheck | ValueError]:
    """Quoted TSV (claims may span lines inside quotes); the header names the columns."""
    reader = csv.reader(io.StringIO(text), delimiter="\t")
    header = next(reader, None)
    if header is None:
        return
    names = [h.strip().lower() for h in header]
    if names and names[0] == "":
        names[0] = "id"  # CheckThat!'s header leaves the id column unnamed
    if "vclaim" not in names and "claim" not in names:
        raise ImportFormatError(f"TSV header {header!r} has no vclaim or claim column")
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        line = f"line {reader.line_num}"
        if len(row) != len(names):
            yield ValueError(f"{line}: {len(row)} fields, the header has {len(names)}")
            continue
        try:
            yield _row(line, dict(zip(names, row, strict=True)))
        except ValueError as exc:
            yield exc


def read_jsonl(text: str) -> Iterator[FactCheck | ValueError]:
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            values = json.loads(raw)
        except ValueError as exc:
            yield ValueError(f"line {number}: not JSON ({exc.msg})")
            continue
        if not isinstance(values, dict):
            yield ValueError(f"line {number}: not a JSON object")
            continue
        try:
            yield _row(f"line {number}", values)
        except ValueError as exc:
            yield exc


def _first(value: object) -> object:
    return value[0] if isinstance(value, list) and value else value


def _claim_reviews(node: object) -> Iterator[dict]:
    """Every ClaimReview object in a JSON-LD document (one object, a list, an @graph, nested)."""
    if isinstance(node, list):
        for item in node:
            yield from _claim_reviews(item)
    elif isinstance(node, dict):
        kind = node.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if "ClaimReview" in kinds:
            yield node
        else:  # an @graph, or a page whose mainEntity / hasPart holds the reviews
            for value in node.values():
                if isinstance(value, dict | list):
                    yield from _claim_reviews(value)


def read_jsonld(text: str) -> Iterator[FactCheck | ValueError]:
    """schema.org ClaimReview: claimReviewed -> claim, url/@id -> id, name/headline -> title,
    reviewRating.alternateName -> rating, datePublished -> published."""
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise ImportFormatError(f"not JSON: {exc}") from None
    for number, review in enumerate(_claim_reviews(document), 1):
        rating = _first(review.get("reviewRating"))
        values = {
            "id": review.get("url") or review.get("@id"),
            "url": review.get("url"),
            "claim": review.get("claimReviewed"),
            "title": review.get("name") or review.get("headline"),
            "rating": rating.get("alternateName") if isinstance(rating, dict) else None,
            "date": review.get("datePublished"),
        }
        try:
            yield _row(f"ClaimReview {number}", values)
        except ValueError as exc:
            yield exc


def read_file(path: str | Path, fmt: str | None = None) -> Iterator[FactCheck | ValueError]:
    """Parsed rows of a fact-check file: a FactCheck, or a ValueError for a bad row."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportFormatError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise ImportFormatError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise ImportFormatError(f"{path}: {exc.strerror or exc}") from None
    fmt = fmt or detect_format(path, text)
    readers = {"tsv": read_tsv, "jsonl": read_jsonl, "jsonld": read_jsonld}
    if fmt not in readers:
        raise ImportFormatError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    return readers[fmt](text)
