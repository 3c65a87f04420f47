"""Claims and figures of article versions, with claim-level revision tracking.

A sentence that a newer version still says keeps its claim row (and its links); a claim
the newer version no longer makes turns `current = false` and points at the claim that
replaced it, so history stays queryable while only current claims link (invariant 4).
"""

from __future__ import annotations

import json
import re
from dataclasses import astuple, dataclass, field
from datetime import UTC, date, datetime

import duckdb
import pyarrow as pa

from core.claim import Claim, Figure
from core.facts import keyed_bounds
from core.ids import stable_id
from core.textkeys import text_key
from warehouse.bulk import run_with_table
from warehouse.stages import stage, wrote
from warehouse.stagestate import batch, mark_done


@dataclass(frozen=True)
class PendingVersion:
    article_id: str
    version: int
    text: str
    lang: str
    duplicate_of: str | None = None
    published: date | None = None


def pending_versions(con: duckdb.DuckDBPyConnection, limit: int | None = None) -> list[PendingVersion]:
    """Current article versions whose claims have not been extracted yet (the first `limit`);
    originals first, so a syndicated copy finds the claims it carries."""
    claims = stage("claims")
    rows = con.execute(
        f"""SELECT v.article_id, v.version, v.text, coalesce(a.lang, 'en'), a.duplicate_of,
                  CAST(coalesce(a.published_at, a.first_seen) AS DATE)
           {claims.source()} WHERE {claims.pending()} ORDER BY a.duplicate_of IS NOT NULL, v.article_id
           LIMIT ?""",
        [limit],
    ).fetchall()
    return [PendingVersion(*row) for row in rows]


def article_langs(con: duckdb.DuckDBPyConnection, pending_only: bool = True) -> list[str]:
    """The languages of the versions pending claim extraction (all current articles': False),
    for loading their pipelines before the stage (flows/warmup.py)."""
    claims = stage("claims")
    where = f"WHERE {claims.pending()}" if pending_only else ""
    rows = con.execute(
        f"SELECT DISTINCT coalesce(a.lang, 'en') {claims.source()} {where} ORDER BY 1"
    ).fetchall()
    return [lang for (lang,) in rows]


_CLAIM_COLUMNS = (
    "claim_id",
    "article_id",
    "version",
    "start_char",
    "end_char",
    "text",
    "text_sha1",
    "lang",
    "claim_type",
    "checkworthiness",
    "created_at",
    "attributed_to",
    "entities",
    "cues",
    "cued",
)
_FIGURE_COLUMNS = (
    "claim_id",
    "idx",
    "value",
    "unit",
    "lower",
    "upper",
    "hedge",
    "precision",
    "surface",
    "start_char",
    "end_char",
    "subject",
    "measure",
    "noun",
    "reference",
    "subject_from",
    # core.facts.KeyedBounds (migration 0015): queries read the key, never re-derive it.
    "fact_key",
    "key_value",
    "key_lower",
    "key_upper",
)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold())) or set(text)


@dataclass
class SavedBatch:
    """What one batch of article versions added."""

    versions: int = 0
    new: int = 0  # claim rows
    appearances: int = 0  # a syndicated copy's sentences found among its original's claims
    new_ids: dict[str, list[str]] = field(default_factory=dict)  # article_id -> its new claim ids


def save_claims(con: duckdb.DuckDBPyConnection, pending: PendingVersion, claims: list[Claim]) -> list[str]:
    """Store the claims of one version in one transaction; returns the new claim ids."""
    return save_versions(con, [(pending, claims)]).new_ids.get(pending.article_id, [])


def save_appearances(con: duckdb.DuckDBPyConnection, pending: PendingVersion, claims: list[Claim]) -> int:
    """A syndicated copy's sentences as appearances of the original's claims (provenance only)."""
    return save_versions(con, [(pending, claims)]).appearances


def save_versions(
    con: duckdb.DuckDBPyConnection, results: list[tuple[PendingVersion, list[Claim]]]
) -> SavedBatch:
    """Store the claims of many article versions in one transaction, a fixed number of
    statements whatever the batch size (per version it cost ~20 ms, as much as extracting
    the claims: bench/claims_stage.py). An original's versions get claim rows (a sentence a
    newer version still says keeps its row; the others are superseded); a syndicated copy's
    get appearances of its original's claims. Originals are written first, so a copy finds
    an original saved in the same batch.

    Args:
        con: the writer's connection.
        results: each pending version with its extracted claims (one version per article).
    Returns:
        counts, and the new claim ids per article.
    """
    saved = SavedBatch(versions=len(results))
    if not results:
        return saved
    now = datetime.now(UTC)
    originals = [(p, claims) for p, claims in results if not p.duplicate_of]
    copies = [(p, claims) for p, claims in results if p.duplicate_of]
    con.execute("BEGIN TRANSACTION")
    try:
        if originals:
            _save_originals(con, originals, now, saved)
        if copies:
            saved.appearances = _save_appearances(con, copies)
        mark_done(
            con,
            "claims",
            {"article_id": [p.article_id for p, _ in results], "version": [p.version for p, _ in results]},
        )
        for _ in results:
            wrote("claims")  # the test hook, per version: written, not yet committed
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    saved.new = sum(map(len, saved.new_ids.values()))
    return saved


def _save_appearances(
    con: duckdb.DuckDBPyConnection, copies: list[tuple[PendingVersion, list[Claim]]]
) -> int:
    """Appearances of the originals' current claims whose text a copy carries; returns how many."""
    ids = [p.article_id for p, _ in copies]
    count = "SELECT count(*) FROM appearances WHERE list_contains(?, article_id)"
    before = con.execute(count, [ids]).fetchone()[0]
    keys: dict[str, list] = {"article_id": [], "duplicate_of": [], "text_sha1": []}
    for p, claims in copies:
        for key in dict.fromkeys(text_key(c.text) for c in claims):
            keys["article_id"].append(p.article_id)
            keys["duplicate_of"].append(p.duplicate_of)
            keys["text_sha1"].append(key)
    if keys["article_id"]:
        run_with_table(
            con,
            "copy_sentences",
            keys,
            """INSERT INTO appearances (claim_id, article_id, source, url, seen_at)
               SELECT o.claim_id, copy.article_id, copy.source, copy.url, copy.first_seen
               FROM copy_sentences s
               JOIN articles copy ON copy.article_id = s.article_id
               JOIN claims o ON o.article_id = s.duplicate_of AND o.current AND o.text_sha1 = s.text_sha1
               ON CONFLICT DO NOTHING""",
        )
    return con.execute(count, [ids]).fetchone()[0] - before


def _save_originals(
    con: duckdb.DuckDBPyConnection,
    originals: list[tuple[PendingVersion, list[Claim]]],
    now: datetime,
    saved: SavedBatch,
) -> None:
    """Claim and figure rows of the originals' versions, and their no-longer-said claims superseded."""
    old_of: dict[str, list[tuple[str, str]]] = {}
    for article_id, claim_id, text in con.execute(
        """SELECT article_id, claim_id, text FROM claims WHERE current AND list_contains(?, article_id)
           ORDER BY article_id, start_char, claim_id""",
        [[p.article_id for p, _ in originals]],
    ).fetchall():
        old_of.setdefault(article_id, []).append((claim_id, text))
    claim_rows: dict[str, list] = {name: [] for name in _CLAIM_COLUMNS}
    figure_rows: dict[str, list] = {name: [] for name in _FIGURE_COLUMNS}
    superseded: dict[str, list] = {"claim_id": [], "superseded_by": []}
    for pending, claims in originals:
        old = old_of.get(pending.article_id, [])
        # A sentence an article says twice (a summary box, a pull quote) is two claims: each
        # saying of it keeps one of the old rows (a text -> one id map kept the last and
        # superseded the other on every reprocess, closing its contradictions).
        old_by_text: dict[str, list[str]] = {}
        for claim_id, text in old:  # in article order: the first saying keeps the first row
            old_by_text.setdefault(text, []).append(claim_id)
        new_ids = saved.new_ids.setdefault(pending.article_id, [])
        kept: set[str] = set()
        new_texts: dict[str, set[str]] = {}
        for claim in claims:
            if old_by_text.get(claim.text):  # unchanged sentence: same claim, same links
                kept.add(old_by_text[claim.text].pop(0))
                continue
            claim_id = stable_id(pending.article_id, pending.version, claim.start, claim.end)
            _claim_row(claim_rows, claim_id, pending, claim, now)
            for idx, fig in enumerate(claim.figures):
                _figure_row(figure_rows, claim_id, idx, fig)
            new_ids.append(claim_id)
            new_texts[claim_id] = _words(claim.text)
        for claim_id, text in old:
            if claim_id in kept:
                continue
            # The replacement: the new claim sharing most words (a corrected figure keeps the rest).
            mine = _words(text)
            best = max(new_texts.items(), key=lambda kv: len(mine & kv[1]) / len(mine | kv[1]), default=None)
            replaced_by = best[0] if best and len(mine & best[1]) / len(mine | best[1]) >= 0.5 else None
            superseded["claim_id"].append(claim_id)
            superseded["superseded_by"].append(replaced_by)
    # One set-based INSERT per table: row-by-row inserts cost ~19 ms a claim (bench/scale.py),
    # which made saving slower than extracting.
    if claim_rows["claim_id"]:
        run_with_table(
            con,
            "new_claims",
            claim_rows,
            f"""INSERT INTO claims ({", ".join(_CLAIM_COLUMNS)}, current)
                SELECT *, true FROM new_claims ON CONFLICT DO NOTHING""",
        )
    if figure_rows["claim_id"]:
        run_with_table(
            con,
            "new_figures",
            figure_rows,
            f"""INSERT INTO figures ({", ".join(_FIGURE_COLUMNS)})
                SELECT * FROM new_figures ON CONFLICT DO NOTHING""",
        )
    if superseded["claim_id"]:
        superseded["superseded_by"] = pa.array(superseded["superseded_by"], pa.string())
        run_with_table(
            con,
            "superseded_claims",
            superseded,
            """UPDATE claims SET current = false, superseded_by = s.superseded_by
               FROM superseded_claims s WHERE claims.claim_id = s.claim_id""",
        )


def _claim_row(
    rows: dict[str, list], claim_id: str, pending: PendingVersion, claim: Claim, now: datetime
) -> None:
    entities = json.dumps({"canonical": claim.entities, "other": claim.ner}, ensure_ascii=False)
    values = (
        claim_id,
        pending.article_id,
        pending.version,
        claim.start,
        claim.end,
        claim.text,
        text_key(claim.text),
        claim.lang,
        claim.claim_type,
        claim.checkworthiness,
        now,
        claim.attributed_to,
        entities,
        None if claim.cues is None else json.dumps(claim.cues, sort_keys=True),
        claim.cues is not None,  # else the cues stage computes them (warehouse/stages.py)
    )
    for name, value in zip(_CLAIM_COLUMNS, values, strict=True):
        rows[name].append(value)


def _figure_row(rows: dict[str, list], claim_id: str, idx: int, fig: Figure) -> None:
    values = (
        claim_id,
        idx,
        fig.value,
        fig.unit,
        fig.lower,
        fig.upper,
        fig.hedge,
        fig.precision,
        fig.surface,
        fig.start,
        fig.end,
        fig.subject,
        fig.measure,
        fig.noun,
        fig.reference,
        fig.subject_from,
        *astuple(
            keyed_bounds(
                fig.subject,
                fig.measure,
                fig.unit,
                fig.reference,
                fig.subject_from,
                fig.value,
                fig.lower,
                fig.upper,
            )
        ),
    )
    for name, value in zip(_FIGURE_COLUMNS, values, strict=True):
        rows[name].append(value)


def uncued_claims(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, list[tuple], date | None]]:
    """(claim_id, text, figure spans in idx order, article date) of claims without stored cues
    (stored before migration 0016): the cues stage's pending work."""
    cues = stage("cues")
    return con.execute(
        f"""SELECT c.claim_id, c.text,
                  coalesce(list([f.start_char, f.end_char] ORDER BY f.idx)
                           FILTER (WHERE f.idx IS NOT NULL), []),
                  CAST(coalesce(any_value(a.published_at), any_value(a.first_seen)) AS DATE)
           {cues.source()} JOIN articles a ON a.article_id = c.article_id
           LEFT JOIN figures f ON f.claim_id = c.claim_id
           WHERE {cues.pending()} GROUP BY c.claim_id, c.text ORDER BY c.claim_id"""
    ).fetchall()


def save_cues(con: duckdb.DuckDBPyConnection, cues: dict[str, str]) -> int:
    """Store claim_id -> cues JSON and mark those claims cued, in one batch of the cues stage."""
    if not cues:
        return 0
    with batch(con, "cues"):
        ids = list(cues)
        run_with_table(
            con,
            "claim_cues",
            {"claim_id": ids, "cues": [cues[i] for i in ids]},
            "UPDATE claims SET cues = w.cues FROM claim_cues w WHERE claims.claim_id = w.claim_id",
        )
        mark_done(con, "cues", {"claim_id": ids})
    return len(ids)
