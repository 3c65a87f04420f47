"""Article revisions at the claim level: correction notices and `claimwatch diff`."""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from core.errors import ClaimwatchError

# A paragraph that announces a change: "Correction: ...", "Clarification (July 29): ...",
# "Editor's note: ...", "Update: ..."; 訂正/おわび (ja), 更正/更正声明 (zh).
_CORRECTION = re.compile(
    r"^\s*(?:\*\s*)?(?:correction|clarification|editor[’']s note|update[d]?)\b[^:\n]{0,40}[:：]"
    r"|^\s*[【\[（(]?(?:訂正|おわびと訂正|更正)[】\]）)]?",
    re.IGNORECASE,
)
_UNIT_WORDS = {
    "x": "ratio",
    "%": "share",
    "USD": "USD",
    "W": "W",
    "FLOPS": "FLOPS",
    "B": "bytes",
    "B/s": "B/s",
}


class ArticleNotFound(ClaimwatchError):
    """No article with that id (or URL) in the store."""


def find_corrections(text: str) -> list[str]:
    """Correction notices in an article text, one per paragraph."""
    return [line.strip() for line in text.split("\n") if _CORRECTION.match(line)]


@dataclass(frozen=True)
class ClaimChange:
    kind: str  # changed | removed | added
    old: str | None
    new: str | None
    figures: list[str]  # "power ratio 2.3 times -> 3.9 times"


def _figures(con: duckdb.DuckDBPyConnection, claim_id: str) -> list[tuple]:
    return con.execute(
        "SELECT measure, unit, value, surface FROM figures WHERE claim_id = ? ORDER BY idx", [claim_id]
    ).fetchall()


def _figure_changes(old: list[tuple], new: list[tuple]) -> list[str]:
    changes = []
    for measure, unit, value, surface in old:
        twin = next((f for f in new if f[0] == measure and f[1] == unit), None)
        if twin is not None and twin[2] != value:
            label = f"{measure} {_UNIT_WORDS.get(unit, unit)}" if measure != "ratio" else "ratio"
            changes.append(f"{label} {surface} → {twin[3]}")
    return changes


def article_changes(con: duckdb.DuckDBPyConnection, article_id: str) -> tuple[dict, list[ClaimChange], list]:
    """The article, its claim changes across versions, and its correction notices."""
    row = con.execute(
        "SELECT article_id, url, source, title, version FROM articles WHERE article_id = ? OR url = ?",
        [article_id, article_id],
    ).fetchone()
    if row is None:
        raise ArticleNotFound(f"no article {article_id!r} (give an article_id or a URL)")
    article = dict(zip(("article_id", "url", "source", "title", "version"), row, strict=True))
    claims = con.execute(
        """SELECT claim_id, version, text, current, superseded_by FROM claims
           WHERE article_id = ? ORDER BY version, start_char""",
        [article["article_id"]],
    ).fetchall()
    by_id = {c[0]: c for c in claims}
    replaced = {c[4] for c in claims if c[4]}
    changes = []
    for claim_id, version, text, current, superseded_by in claims:
        if current:
            if version > 1 and claim_id not in replaced:
                changes.append(ClaimChange("added", None, text, []))
            continue
        if superseded_by and superseded_by in by_id:
            new = by_id[superseded_by]
            changes.append(
                ClaimChange(
                    "changed", text, new[2], _figure_changes(_figures(con, claim_id), _figures(con, new[0]))
                )
            )
        else:
            changes.append(ClaimChange("removed", text, None, []))
    notices = con.execute(
        "SELECT version, text FROM corrections WHERE article_id = ? ORDER BY version", [article["article_id"]]
    ).fetchall()
    return article, changes, notices
