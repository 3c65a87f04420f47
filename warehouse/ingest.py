"""Loading one crawl's items into fetches, articles and article versions (the one writer).

Every item becomes a fetch row (failed ones too: they are counted, never dropped); a
fetched article becomes a new article, a new version of a known one, or nothing when
its text is unchanged. Duplicates (syndicated copies) point at the earliest copy.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from nlp.lang import detect_lang
from warehouse.ids import sha1, stable_id

log = logging.getLogger(__name__)

# 0.8: shingle overlap of a wire story reprinted with its own header/footer lines; two
# different stories on the same event share under 0.2 of their 5-word shingles.
DUPLICATE_JACCARD = 0.8


@dataclass
class LoadResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    duplicates: int = 0
    fetches: int = 0
    bad_items: int = 0
    failed_by_source: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "duplicates": self.duplicates,
            "fetches": self.fetches,
            "bad_items": self.bad_items,
            "failed_by_source": dict(self.failed_by_source),
        }


def article_id_for(url: str) -> str:
    return stable_id(url.split("#")[0])


def _text_hash(text: str) -> str:
    return sha1(re.sub(r"\s+", " ", text).strip())


def _shingles(text: str, n: int = 5) -> set[int]:
    words = re.findall(r"\w+", text.casefold())
    if len(words) < n:  # CJK text has few spaces: shingle characters instead
        words = [c for c in text if not c.isspace()]
    return {hash(" ".join(words[i : i + n])) for i in range(max(len(words) - n + 1, 1))}


def _ts(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _store_fetch(con: duckdb.DuckDBPyConnection, item: dict, run_id: str) -> str:
    body = base64.b64decode(item["body_b64"]) if item.get("body_b64") else None
    body_sha1 = sha1(body) if body is not None else None
    fetch_id = stable_id(item["url"], item.get("status"), body_sha1, item.get("error"))
    con.execute(
        """INSERT INTO fetches (fetch_id, url, final_url, source, status, headers, encoding, body_sha1,
                                body, error, fetched_at, run_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
        [
            fetch_id,
            item["url"],
            item.get("final_url"),
            item["source"],
            item.get("status"),
            json.dumps(item.get("headers") or {}),
            item.get("encoding"),
            body_sha1,
            zlib.compress(body, 6) if body is not None else None,
            item.get("error"),
            _ts(item.get("fetched_at")) or datetime.now(UTC),
            run_id,
        ],
    )
    return fetch_id


def _store_article(con: duckdb.DuckDBPyConnection, item: dict, fetch_id: str, result: LoadResult) -> None:
    ext = item["extracted"]
    entry = item.get("entry") or {}
    url = item.get("final_url") or item["url"]
    article_id = article_id_for(url)
    text = ext["text"]
    digest = _text_hash(text)
    fetched_at = _ts(item.get("fetched_at")) or datetime.now(UTC)
    lang = detect_lang(text, ext.get("lang"), entry.get("lang"), item.get("lang_hint"))
    row = con.execute(
        """SELECT a.version, v.content_sha1 FROM articles a
           JOIN article_versions v ON v.article_id = a.article_id AND v.version = a.version
           WHERE a.article_id = ?""",
        [article_id],
    ).fetchone()
    if row is not None and row[1] == digest:
        result.unchanged += 1
        return
    version = 1 if row is None else row[0] + 1
    title = ext.get("title") or entry.get("title")
    published = _ts(ext.get("published_at")) or _ts(entry.get("published_at"))
    if row is None:
        con.execute(
            """INSERT INTO articles (article_id, url, canonical_url, source, title, author, published_at,
                                     lang, version, duplicate_of, first_seen)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, NULL, ?)""",
            [
                article_id,
                url,
                ext.get("canonical_url"),
                item["source"],
                title,
                ext.get("author"),
                published,
                lang,
                fetched_at,
            ],
        )
        result.new += 1
    else:
        con.execute(
            """UPDATE articles SET version = ?, title = ?, author = ?, published_at = ?, lang = ?,
                                   canonical_url = ? WHERE article_id = ?""",
            [version, title, ext.get("author"), published, lang, ext.get("canonical_url"), article_id],
        )
        result.updated += 1
    con.execute(
        """INSERT INTO article_versions (article_id, version, content_sha1, title, text, fetch_id, fetched_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)""",
        [article_id, version, digest, title, text, fetch_id, fetched_at],
    )


def mark_duplicates(con: duckdb.DuckDBPyConnection) -> int:
    """Point syndicated copies at the earliest copy: rel=canonical elsewhere, or shingles."""
    rows = con.execute(
        """SELECT a.article_id, a.url, a.canonical_url, a.duplicate_of, v.text
           FROM articles a JOIN article_versions v ON v.article_id = a.article_id AND v.version = a.version
           ORDER BY coalesce(a.published_at, a.first_seen), a.first_seen, a.article_id"""
    ).fetchall()
    by_url = {r[1]: r[0] for r in rows}
    shingles: list[tuple[str, set[int]]] = []
    marked = 0
    for article_id, url, canonical, duplicate_of, text in rows:
        original = None
        if canonical and canonical != url and by_url.get(canonical) not in (None, article_id):
            original = by_url[canonical]
        mine = _shingles(text)
        if original is None:
            # Same outlet too: one story under two URLs is one story.
            for other_id, theirs in shingles:
                if len(mine & theirs) / max(len(mine | theirs), 1) >= DUPLICATE_JACCARD:
                    original = other_id
                    break
        shingles.append((article_id, mine))
        if original is not None and original != duplicate_of:
            con.execute("UPDATE articles SET duplicate_of = ? WHERE article_id = ?", [original, article_id])
            marked += 1
    return marked


def load_crawl(con: duckdb.DuckDBPyConnection, items_path: Path, run_id: str) -> LoadResult:
    """Load a crawl's JSON-lines items; a bad line is logged and counted, the rest goes on."""
    result = LoadResult()
    with items_path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                con.execute("BEGIN TRANSACTION")
                fetch_id = _store_fetch(con, item, run_id)
                if item.get("kind") == "article":
                    if item.get("extracted") and not item.get("error"):
                        _store_article(con, item, fetch_id, result)
                    else:
                        result.failed += 1
                        result.failed_by_source[item.get("source", "?")] += 1
                        result.errors.append(f"{item.get('url')}: {item.get('error')}")
                con.execute("COMMIT")
                result.fetches += 1
            except (ValueError, KeyError, TypeError, duckdb.Error) as exc:
                with contextlib.suppress(duckdb.Error):  # no transaction yet when JSON was bad
                    con.execute("ROLLBACK")
                result.bad_items += 1
                log.warning("%s:%d: bad crawl item skipped: %s", items_path, lineno, exc)
    result.duplicates = mark_duplicates(con)
    return result
