"""Claims and figures of article versions, with claim-level revision tracking.

A sentence that a newer version still says keeps its claim row (and its links); a claim
the newer version no longer makes turns `current = false` and points at the claim that
replaced it, so history stays queryable while only current claims link (invariant 4).
"""

from __future__ import annotations

import json
import re
from dataclasses import astuple, dataclass
from datetime import UTC, date, datetime

import duckdb

from core.facts import keyed_bounds
from core.ids import stable_id
from nlp.claims import Claim
from nlp.embeddings import text_key
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


def pending_versions(con: duckdb.DuckDBPyConnection) -> list[PendingVersion]:
    """Current article versions whose claims have not been extracted yet; originals first,
    so a syndicated copy finds the claims it carries."""
    claims = stage("claims")
    rows = con.execute(
        f"""SELECT v.article_id, v.version, v.text, coalesce(a.lang, 'en'), a.duplicate_of,
                  CAST(coalesce(a.published_at, a.first_seen) AS DATE)
           {claims.source()} WHERE {claims.pending()} ORDER BY a.duplicate_of IS NOT NULL, v.article_id"""
    ).fetchall()
    return [PendingVersion(*row) for row in rows]


def save_appearances(con: duckdb.DuckDBPyConnection, pending: PendingVersion, claims: list[Claim]) -> int:
    """A syndicated copy's sentences as appearances of the original's claims (provenance only)."""
    keys = [text_key(c.text) for c in claims]
    count = "SELECT count(*) FROM appearances WHERE article_id = ?"
    con.execute("BEGIN TRANSACTION")
    try:
        before = con.execute(count, [pending.article_id]).fetchone()[0]
        if keys:
            con.execute(
                """INSERT INTO appearances (claim_id, article_id, source, url, seen_at)
                   SELECT o.claim_id, copy.article_id, copy.source, copy.url, copy.first_seen
                   FROM claims o, articles copy
                   WHERE copy.article_id = ? AND o.article_id = ? AND o.current
                     AND list_contains(?, o.text_sha1)
                   ON CONFLICT DO NOTHING""",
                [pending.article_id, pending.duplicate_of, keys],
            )
        mark_done(con, "claims", {"article_id": [pending.article_id], "version": [pending.version]})
        added = con.execute(count, [pending.article_id]).fetchone()[0] - before
        wrote("claims")  # the test hook: written, not yet committed
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return added


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


def save_claims(con: duckdb.DuckDBPyConnection, pending: PendingVersion, claims: list[Claim]) -> list[str]:
    """Store the claims of one version in one transaction; returns the new claim ids."""
    now = datetime.now(UTC)
    con.execute("BEGIN TRANSACTION")
    try:
        old = con.execute(
            "SELECT claim_id, text FROM claims WHERE article_id = ? AND current", [pending.article_id]
        ).fetchall()
        old_by_text = {text: claim_id for claim_id, text in old}
        new_ids: list[str] = []
        kept: set[str] = set()
        claim_rows: dict[str, list] = {name: [] for name in _CLAIM_COLUMNS}
        figure_rows: dict[str, list] = {name: [] for name in _FIGURE_COLUMNS}
        for claim in claims:
            if claim.text in old_by_text:  # unchanged sentence: same claim, same links
                kept.add(old_by_text[claim.text])
                continue
            claim_id = stable_id(pending.article_id, pending.version, claim.start, claim.end)
            entities = json.dumps({"canonical": claim.entities, "other": claim.ner}, ensure_ascii=False)
            for name, value in zip(
                _CLAIM_COLUMNS,
                (
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
                ),
                strict=True,
            ):
                claim_rows[name].append(value)
            for idx, fig in enumerate(claim.figures):
                for name, value in zip(
                    _FIGURE_COLUMNS,
                    (
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
                    ),
                    strict=True,
                ):
                    figure_rows[name].append(value)
            new_ids.append(claim_id)
        # One set-based INSERT per table: row-by-row inserts cost ~19 ms a claim (bench/scale.py),
        # which made saving slower than extracting.
        if new_ids:
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
        new_texts = {
            stable_id(pending.article_id, pending.version, c.start, c.end): _words(c.text)
            for c in claims
            if c.text not in old_by_text
        }
        for claim_id, text in old:
            if claim_id in kept:
                continue
            # The replacement: the new claim sharing most words (a corrected figure keeps the rest).
            mine = _words(text)
            best = max(new_texts.items(), key=lambda kv: len(mine & kv[1]) / len(mine | kv[1]), default=None)
            replaced_by = best[0] if best and len(mine & best[1]) / len(mine | best[1]) >= 0.5 else None
            con.execute(
                "UPDATE claims SET current = false, superseded_by = ? WHERE claim_id = ?",
                [replaced_by, claim_id],
            )
        mark_done(con, "claims", {"article_id": [pending.article_id], "version": [pending.version]})
        wrote("claims")  # the test hook: written, not yet committed
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return new_ids


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
