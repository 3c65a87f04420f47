"""Loading one crawl's items into fetches, articles and article versions (the one writer).

Every item becomes a fetch row (failed ones too: they are counted, never dropped); a
fetched article becomes a new article, a new version of a known one, or nothing when
its text is unchanged. Duplicates (syndicated copies) point at the copy first seen.
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
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pyarrow as pa

from core.disjoint import DisjointSet
from core.ids import sha1, stable_id
from core.lang import declared_lang
from warehouse import syndication
from warehouse.revisions import find_corrections
from warehouse.stages import wrote
from warehouse.stagestate import batch

log = logging.getLogger(__name__)

# Copies first seen within a day of each other were seen together (the job runs daily; a
# crashed run's rerun sees the rest minutes later); a page date more than a day before the
# first copy was seen is not believed (a back-dated near-copy must not become the original).
SEEN_TOGETHER = timedelta(days=1)


@dataclass
class LoadResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    duplicates: int = 0
    fetches: int = 0
    bad_items: int = 0
    not_modified: int = 0
    skipped: int = 0
    failed_by_source: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    # source -> feeds_ok, feeds_failed, articles_ok, articles_failed, not_modified, skipped
    per_source: dict[str, Counter[str]] = field(default_factory=dict)

    def count(self, source: str, what: str) -> None:
        self.per_source.setdefault(source, Counter())[what] += 1

    def as_dict(self) -> dict:
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "duplicates": self.duplicates,
            "fetches": self.fetches,
            "bad_items": self.bad_items,
            "not_modified": self.not_modified,
            "skipped": self.skipped,
            "failed_by_source": dict(self.failed_by_source),
        }


def article_id_for(url: str) -> str:
    return stable_id(url.split("#")[0])


def _text_hash(text: str) -> str:
    return sha1(re.sub(r"\s+", " ", text).strip())


def _ts(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


_STATE_COLUMNS = (
    "etag",
    "last_modified",
    "body_sha1",
    "gone",
    "source",
    "kind",
    "first_seen",
    "checked_at",
    "entry_stamp",
)


def crawl_state(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    """Per URL what the crawl needs to know: validators, body hash, gone, and for revisits
    source, kind, first seen, last checked and the listing's change marker (ISO strings)."""
    rows = con.execute(f"SELECT url, {', '.join(_STATE_COLUMNS)} FROM url_state").fetchall()
    return {
        row[0]: {
            k: v.isoformat() if isinstance(v, datetime) else v
            for k, v in zip(_STATE_COLUMNS, row[1:], strict=True)
        }
        for row in rows
    }


def _header(item: dict, name: str) -> str | None:
    for key, value in (item.get("headers") or {}).items():
        if key.lower() == name:
            return value
    return None


def _update_state(con: duckdb.DuckDBPyConnection, item: dict) -> None:
    status = item.get("status")
    if status is None or item.get("skipped"):
        return  # no answer from the server: nothing learnt about the URL
    stamp = (item.get("entry") or {}).get("stamp")
    if status == 304 or item.get("not_modified"):
        con.execute(
            """UPDATE url_state SET last_status = ?, checked_at = ?, entry_stamp = coalesce(?, entry_stamp)
               WHERE url = ?""",
            [status, _ts(item.get("fetched_at")), stamp, item["url"]],
        )
        return
    ok = status == 200 and not item.get("error")
    # first_seen is kept from the first answer (revisits decay from it); a page reached
    # again without a listing (a revisit) keeps the listing's last change marker.
    con.execute(
        """INSERT INTO url_state (url, source, kind, etag, last_modified, body_sha1, last_status, gone,
                                  checked_at, first_seen, entry_stamp)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
               body_sha1 = excluded.body_sha1, last_status = excluded.last_status, gone = excluded.gone,
               checked_at = excluded.checked_at,
               first_seen = coalesce(url_state.first_seen, excluded.first_seen),
               entry_stamp = coalesce(excluded.entry_stamp, url_state.entry_stamp)""",
        [
            item["url"],
            item["source"],
            item.get("kind", "article"),
            _header(item, "etag") if ok else None,
            _header(item, "last-modified") if ok else None,
            # Only a page we could use may be skipped as unchanged: a broken one is retried.
            item.get("body_sha1") if ok else None,
            status,
            status in (404, 410),
            _ts(item.get("fetched_at")) or datetime.now(UTC),
            _ts(item.get("fetched_at")) or datetime.now(UTC),
            stamp,
        ],
    )


def _store_fetch(con: duckdb.DuckDBPyConnection, item: dict, run_id: str) -> str:
    body = base64.b64decode(item["body_b64"]) if item.get("body_b64") else None
    body_sha1 = sha1(body) if body is not None else item.get("body_sha1")
    fetch_id = stable_id(item["url"], item.get("status"), body_sha1, item.get("error"))
    con.execute(
        """INSERT INTO fetches (fetch_id, url, final_url, source, status, headers, encoding, body_sha1,
                                body, error, fetched_at, run_id, redirects)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
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
            json.dumps(item["redirects"]) if item.get("redirects") else None,
        ],
    )
    return fetch_id


def store_article(con: duckdb.DuckDBPyConnection, item: dict, fetch_id: str, result: LoadResult) -> None:
    """Store an extracted page as a new article, a new version of a known one, or nothing
    when its text is unchanged (counted in `result`)."""
    ext = item["extracted"]
    entry = item.get("entry") or {}
    url = item.get("final_url") or item["url"]
    article_id = article_id_for(url)
    text = ext["text"]
    digest = _text_hash(text)
    fetched_at = _ts(item.get("fetched_at")) or datetime.now(UTC)
    lang = item.get("lang") or declared_lang(ext.get("lang"), entry.get("lang"), item.get("lang_hint"))
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
    for notice in find_corrections(text):
        con.execute(
            "INSERT INTO corrections VALUES (?, ?, ?) ON CONFLICT DO NOTHING", [article_id, version, notice]
        )


@dataclass(frozen=True)
class _Copy:
    article_id: str
    url: str
    canonical: str | None
    duplicate_of: str | None
    published: datetime | None
    first_seen: datetime


def _portless(url: str) -> tuple[str, str]:
    """(host, path?query) of a URL: the same page on another port sorts the same."""
    parts = urlsplit(url)
    return (parts.hostname or "", f"{parts.path}?{parts.query}")


def _first_seen_order(copies: list[_Copy], credited: frozenset[str] = frozenset()) -> list[_Copy]:
    """Copies of one story, the original first: the copy the crawler saw first. Copies first
    seen within SEEN_TOGETHER of the first one (one crawl, or a crawl and its rerun after a
    crash) were seen together: among them one crediting another outlet (`credited`:
    syndication.credits_another) is a copy, then a credible page date decides, then the id.
    A page date is credible when it is no more than SEEN_TOGETHER before the first copy's
    first-seen time (nor after its own): a back-dated near-copy does not become the original.
    When none is credible (a backfill, a replay of old pages: every copy is older than the
    crawl), the page dates still order them; the last tie-break is the URL without its port, so
    the same pages served on another port keep the same original (blind2: the wire story or its
    reprint by the hash of a URL holding a random loopback port, 3 ports in 5 the reprint)."""
    t0 = min(c.first_seen for c in copies)

    def key(c: _Copy) -> tuple:
        together = c.first_seen <= t0 + SEEN_TOGETHER
        credible = (
            together
            and c.published is not None
            and t0 - SEEN_TOGETHER <= c.published <= c.first_seen + SEEN_TOGETHER
        )
        dated = together and c.published is not None
        return (
            not together,
            c.first_seen if not together else t0,
            c.article_id in credited,
            not credible,
            not dated,
            c.published if dated else t0,
            _portless(c.url),
            c.article_id,
        )

    return sorted(copies, key=key)


def _group_rows(con: duckdb.DuckDBPyConnection, ids: set[str]) -> list[tuple]:
    """(article_id, url, canonical_url, duplicate_of, published_at, first_seen) of the articles."""
    con.register("group_ids", pa.table({"article_id": sorted(ids)}))
    try:
        return con.execute(
            """SELECT article_id, url, canonical_url, duplicate_of, published_at, first_seen FROM articles
               WHERE article_id IN (SELECT article_id FROM group_ids) ORDER BY article_id"""
        ).fetchall()
    finally:
        con.unregister("group_ids")


def _related(con: duckdb.DuckDBPyConnection, ids: set[str]) -> set[str]:
    """Articles tied to `ids` by what is already stored: the original each points to, the copies
    pointing to them, and what a rel=canonical names (either way)."""
    con.register("related_ids", pa.table({"article_id": sorted(ids)}))
    try:
        rows = con.execute(
            """WITH g AS (SELECT * FROM articles WHERE article_id IN (SELECT article_id FROM related_ids))
               SELECT duplicate_of FROM g WHERE duplicate_of IS NOT NULL
               UNION SELECT a.article_id FROM articles a JOIN g ON a.duplicate_of = g.article_id
               UNION SELECT a.article_id FROM articles a JOIN g ON a.url = g.canonical_url
               UNION SELECT a.article_id FROM articles a JOIN g ON a.canonical_url = g.url"""
        ).fetchall()
    finally:
        con.unregister("related_ids")
    return {r[0] for r in rows}


def mark_duplicates(con: duckdb.DuckDBPyConnection) -> int:
    """Point syndicated copies at their original, in one transaction: a copy whose rel=canonical
    names another stored article is a copy of it; near-identical texts (syndication.is_copy) are
    copies of the one first seen (`_first_seen_order`). An original already chosen stays the
    original. Only current versions not hashed yet are compared, with the articles sharing an LSH
    bucket (warehouse/syndication.py); their signatures are stored in the same transaction."""
    fresh = syndication.unhashed(con)
    if not fresh:
        return 0  # nothing new: no shingle, no transaction
    fresh_ids = [r[0] for r in fresh]
    sigs = syndication.signatures([r[2] for r in fresh])
    bucket_lists = [syndication.buckets(s) for s in sigs]
    near = syndication.candidates(con, fresh_ids, bucket_lists)

    # The articles that can form a group with a fresh one, with the groups they already belong to.
    ids = set(fresh_ids) | {o for others in near.values() for o in others}
    for _ in range(2):  # fresh -> its partners' originals -> their other copies
        ids |= _related(con, ids)
    rows = _group_rows(con, ids)
    copies = {r[0]: _Copy(*r) for r in rows}
    by_url = {r[1]: r[0] for r in rows}
    sets = DisjointSet(r[0] for r in rows)
    named: dict[str, str] = {}  # copy -> the article its rel=canonical names
    for article_id, url, canonical, duplicate_of, *_ in rows:
        if canonical and canonical != url and by_url.get(canonical) not in (None, article_id):
            named[article_id] = by_url[canonical]
            sets.union(article_id, named[article_id])
        if duplicate_of in sets:  # a group found by an earlier load stays one group
            sets.union(article_id, duplicate_of)
    texts = dict(_texts(con, {o for others in near.values() for o in others} - set(fresh_ids)))
    texts.update((r[0], r[2]) for r in fresh)
    shingled = {article_id: syndication.shingles(text) for article_id, text in texts.items()}
    credited = frozenset(a for a, text in texts.items() if syndication.credits_another(text))
    for article_id in fresh_ids:  # same outlet too: one story under two URLs is one story
        for other in near.get(article_id, ()):
            if other in shingled and syndication.is_copy(shingled[article_id], shingled[other]):
                sets.union(article_id, other)
    groups = {root: [copies[a] for a in members] for root, members in sets.groups().items()}
    marks: list[tuple[str, str]] = []
    for group in groups.values():
        if len(group) < 2:
            continue
        ids = {c.article_id for c in group}
        ordered = _first_seen_order(group, credited)
        chosen = {c.duplicate_of for c in group if c.duplicate_of in ids}
        established = [c for c in ordered if c.article_id in chosen and c.duplicate_of is None]
        targets = set(named.values()) & ids
        original = (
            established[0]
            if established
            else next((c for c in ordered if c.article_id in targets), ordered[0])
        ).article_id
        marks += [(c.article_id, original) for c in group if original not in (c.article_id, c.duplicate_of)]
    with batch(con, "duplicates"):
        syndication.store_signatures(con, [(r[0], r[1]) for r in fresh], sigs, bucket_lists)
        for article_id, original in sorted(marks):
            con.execute("UPDATE articles SET duplicate_of = ? WHERE article_id = ?", [original, article_id])
            # Claims it made before the original was known become history; its current
            # version is redone as appearances of the original's claims.
            con.execute("UPDATE claims SET current = false WHERE article_id = ? AND current", [article_id])
            con.execute(
                """UPDATE article_versions SET processed = false
                   WHERE article_id = ? AND version = (SELECT version FROM articles WHERE article_id = ?)""",
                [article_id, article_id],
            )
    return len(marks)


def _texts(con: duckdb.DuckDBPyConnection, ids: set[str]) -> list[tuple[str, str]]:
    """(article_id, text of its current version) of the given articles."""
    if not ids:
        return []
    con.register("text_ids", pa.table({"article_id": sorted(ids)}))
    try:
        return con.execute(
            """SELECT a.article_id, v.text FROM articles a
               JOIN article_versions v ON v.article_id = a.article_id AND v.version = a.version
               WHERE a.article_id IN (SELECT article_id FROM text_ids)"""
        ).fetchall()
    finally:
        con.unregister("text_ids")


def _load_item(con: duckdb.DuckDBPyConnection, item: dict, run_id: str, result: LoadResult) -> None:
    source, kind = item.get("source", "?"), item.get("kind")
    _update_state(con, item)
    if item.get("not_modified"):
        result.count(source, "not_modified")
        result.not_modified += 1
        if kind == "article":
            result.unchanged += 1
        else:
            result.count(source, "feeds_ok")
        return
    if item.get("skipped"):
        result.skipped += 1
        result.count(source, "skipped")
        return
    fetch_id = _store_fetch(con, item, run_id)
    if kind != "article":
        result.count(source, "feeds_failed" if item.get("error") else "feeds_ok")
    elif item.get("extracted") and not item.get("error"):
        store_article(con, item, fetch_id, result)
        result.count(source, "articles_ok")
    else:
        result.failed += 1
        result.failed_by_source[source] += 1
        result.count(source, "articles_failed")
        result.errors.append(f"{item.get('url')}: {item.get('error')}")


def record_source_runs(
    con: duckdb.DuckDBPyConnection, run_id: str, sources: list[str], result: LoadResult
) -> None:
    """One row per source and run: the history that source health is computed from."""
    now = datetime.now(UTC)
    rows = []
    for name in sources:
        c = result.per_source.get(name, Counter())
        rows.append(
            [
                run_id,
                name,
                c["feeds_ok"],
                c["feeds_failed"],
                c["articles_ok"],
                c["articles_failed"],
                c["not_modified"],
                c["skipped"],
                now,
            ]
        )
    con.executemany("INSERT INTO source_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", rows)


def load_crawl(con: duckdb.DuckDBPyConnection, items_path: Path, run_id: str) -> LoadResult:
    """Load a crawl's JSON-lines items; a bad line is logged and counted, the rest goes on."""
    result = LoadResult()
    # Pages first, then feeds and sitemaps: a feed's validators (ETag, body hash) say "seen,
    # skip next time", and an unchanged feed only re-lists its last 3 days of entries. Loaded
    # before its pages, a kill mid-load lost the pages not loaded yet for good (issue #14).
    for pass_ in ("article", "listing"):
        _load_lines(con, items_path, run_id, result, pass_)
    result.duplicates = mark_duplicates(con)
    return result


def _load_lines(
    con: duckdb.DuckDBPyConnection, items_path: Path, run_id: str, result: LoadResult, pass_: str
) -> None:
    """Load the file's article items (pass "article") or all the others (pass "listing")."""
    with items_path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                kind = item.get("kind")
            except (ValueError, AttributeError) as exc:
                if pass_ == "article":  # counted once, in the first pass
                    result.bad_items += 1
                    log.warning("%s:%d: bad crawl item skipped: %s", items_path, lineno, exc)
                continue
            if (kind == "article") != (pass_ == "article"):
                continue
            try:
                con.execute("BEGIN TRANSACTION")
                _load_item(con, item, run_id, result)
                wrote("load")  # the test hook: written, not yet committed
                con.execute("COMMIT")
                result.fetches += 1
            except (ValueError, KeyError, TypeError, duckdb.Error) as exc:
                with contextlib.suppress(duckdb.Error):
                    con.execute("ROLLBACK")
                result.bad_items += 1
                log.warning("%s:%d: bad crawl item skipped: %s", items_path, lineno, exc)
