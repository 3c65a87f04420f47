"""`claimwatch extract FILE_OR_URL...`: the article text and metadata of saved pages or URLs, as JSON.

Wired into cli/main.py with `add_parser(sub)`; trafilatura is imported only when the command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import IO, Any

FORMATS = ("jsonl", "json")
FIELDS = ("title", "author", "published_at", "lang", "text")
FETCH_TIMEOUT_S = 30


class InputError(Exception):
    """One input could not be read or held no article; the message is the one-line reason."""


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `extract` command to the CLI's subparsers."""
    p = sub.add_parser(
        "extract",
        help="print the article text and metadata of saved pages or URLs as JSON",
        description="Extract the main text, title, author, publication date and declared language "
        "of each input (a saved HTML file or an http(s) URL) and print one JSON object per input. "
        "An input that fails is reported on stderr and gets an object with an 'error' field; the "
        "exit code is 1 if any input failed, else 0.",
    )
    p.add_argument(
        "inputs", nargs="+", metavar="FILE_OR_URL", help="saved HTML files and/or http(s):// URLs to fetch"
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="jsonl",
        help="jsonl: one object per line (default); json: one pretty-printed array",
    )
    p.add_argument("--out", metavar="FILE", help="write the JSON to FILE instead of stdout")
    p.set_defaults(func=run)
    return p


def _is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def _fetch(url: str) -> tuple[bytes, str | None, str]:
    """(body, Content-Type header, final URL) of one GET with the crawler's User-Agent."""
    import urllib.error
    import urllib.request

    from spiders.settings import DOWNLOAD_MAXSIZE, USER_AGENT

    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_S) as response:
            body = response.read(DOWNLOAD_MAXSIZE + 1)
            content_type, final_url = response.headers.get("Content-Type"), response.geturl()
    except urllib.error.HTTPError as exc:
        raise InputError(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise InputError(f"cannot fetch: {exc.reason}") from None
    except TimeoutError:
        raise InputError(f"no answer within {FETCH_TIMEOUT_S} s") from None
    if len(body) > DOWNLOAD_MAXSIZE:
        raise InputError(f"page larger than {DOWNLOAD_MAXSIZE // (1024 * 1024)} MB")
    return body, content_type, final_url


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("no such file") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None


def extract_input(source: str) -> dict[str, Any]:
    """The JSON object for one file or URL: {path|url, title, author, published_at, lang, text}.

    Raises:
        InputError: the input could not be read, fetched or held no article text.
    """
    from spiders.extract import decode_body, extract

    if _is_url(source):
        body, content_type, url = _fetch(source)
    else:
        body, content_type, url = _read(source), None, None
    html, _ = decode_body(body, content_type)
    try:
        page = extract(html, url)
    except ValueError as exc:  # "empty page", "no main text found (...)", "unparseable HTML: ..."
        raise InputError(str(exc)) from None
    return {"url" if _is_url(source) else "path": source, **{f: getattr(page, f) for f in FIELDS}}


def _write(objects: list[dict[str, Any]], fmt: str, out: IO[str]) -> None:
    if fmt == "json":
        out.write(json.dumps(objects, ensure_ascii=False, indent=2) + "\n")
    else:
        out.writelines(json.dumps(obj, ensure_ascii=False) + "\n" for obj in objects)


def _extract_all(sources: list[str]) -> tuple[list[dict[str, Any]], int]:
    """One object per input, in order, and how many inputs failed (each warned about on stderr)."""
    objects, failed = [], 0
    for source in sources:
        try:
            objects.append(extract_input(source))
        except InputError as exc:
            failed += 1
            print(f"claimwatch: {source}: {exc}", file=sys.stderr)
            key = "url" if _is_url(source) else "path"
            objects.append({key: source, **dict.fromkeys(FIELDS), "error": str(exc)})
    return objects, failed


def run(args: argparse.Namespace) -> int:
    """Extract every input and print the objects; exit 1 if any input failed, 2 if --out is unwritable."""
    if not args.out:
        objects, failed = _extract_all(args.inputs)
        _write(objects, args.format, sys.stdout)
        return 1 if failed else 0
    try:  # opened before the work, so a typo in the path costs nothing
        out = open(args.out, "w", encoding="utf-8")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        print(f"claimwatch: error: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    with out:
        objects, failed = _extract_all(args.inputs)
        _write(objects, args.format, out)
    print(f"wrote {len(objects)} object(s) to {args.out}", file=sys.stderr)
    return 1 if failed else 0
