"""Contradictions in the store: judge every link not judged yet and keep the flags' lifecycle.

The pair decision is core.judge (`judge`, on plain sides); this module builds the sides from
the store (figures by column name, the wording cues read from each claim's sentence with
contradiction_cues.py), records the flags and closes or reopens them.

Lifecycle in the store: contradiction_id = hash(claim_a, claim_b, kind), so reruns insert
nothing; an open flag whose side a revision removed (claim no longer current) or whose article
turned out to be a copy is closed (status 'closed', closed_at, closed_reason). A closed flag
reopens when both sides are eligible (core.eligibility) again. A reviewer's verdict
(confirmed, dismissed, needs_work) is never changed by the engine.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import lru_cache

import duckdb
import pyarrow as pa

from core.cues import Cues
from core.entities import default_gazetteer
from core.ids import stable_id
from core.judge import ClaimSide, FigureRow, judge
from warehouse.bulk import run_with_table
from warehouse.figurestore import figure_rows
from warehouse.stages import eligible_row, stage
from warehouse.stagestate import batch, mark_done

log = logging.getLogger("claimwatch")


@lru_cache(maxsize=1)
def entity_names() -> dict[str, str]:
    """Entity id -> display name (the gazetteer's), for the flags' reasons."""
    return {eid: e.name for eid, e in default_gazetteer().entities.items()}


# ---------------------------------------------------------------- wording cues


def with_cues(
    claim_id: str,
    article_id: str,
    source: str,
    text: str,
    figures: tuple[FigureRow, ...],
    published: date | None = None,
    cues: Cues | None = None,
    **kwargs,
) -> ClaimSide:
    """A ClaimSide whose figures' scopes, periods and event are the claim's stored cues
    (nlp/contradiction_cues.py, computed once at extraction). Missing cues are an error, never
    read as "no cue": the caller leaves such a link pending."""
    if cues is None:
        raise ValueError(f"claim {claim_id} has no contradiction cues yet (the NLP stage computes them)")
    scopes, own = cues.scopes, cues.figure_periods
    figures = tuple(
        replace(f, scope=scopes[f.idx], periods=own[f.idx] if f.idx < len(own) else None)
        if f.idx is not None and 0 <= f.idx < len(scopes)
        else f
        for f in figures
    )
    return ClaimSide(
        claim_id,
        article_id,
        source,
        text,
        figures,
        published,
        periods=cues.periods,
        event=cues.event,
        **kwargs,
    )


def side_from_claim(claim, claim_id: str, article_id: str, source: str, **kwargs) -> ClaimSide:
    """A ClaimSide from a core.claim.Claim (the gold scorer judges extracted claims directly)."""
    figures = tuple(
        FigureRow(
            claim_id=claim_id,
            value=f.value,
            unit=f.unit,
            lower=f.lower,
            upper=f.upper,
            hedge=f.hedge,
            precision=f.precision,
            surface=f.surface,
            subject=f.subject,
            measure=f.measure,
            source=source,
            reference=f.reference,
            start=f.start,
            end=f.end,
            idx=i,
            subject_from=f.subject_from,
        )
        for i, f in enumerate(claim.figures)
    )
    return with_cues(
        claim_id,
        article_id,
        source,
        claim.text,
        figures,
        cues=None if claim.cues is None else Cues.from_dict(claim.cues),
        lang=claim.lang,
        entities=frozenset(claim.entities),
        **kwargs,
    )


# ---------------------------------------------------------------- the store

# Independence of a pair's sides (core.eligibility.independent): both eligible (invariant 4,
# read from each side's row: warehouse.stages.eligible_row) and of different articles.
# `_PAIR_SIDES` joins them. Joined with the eligible_claims view, every query over a few links
# hashed every claim twice (pending links 0.136 s at 100k stored articles against 0.029 s at 10k).
_PAIR_SIDES = "JOIN claims ca ON ca.claim_id = {a} JOIN claims cb ON cb.claim_id = {b}"
_INDEPENDENT_SQL = f"{eligible_row('ca')} AND {eligible_row('cb')} AND ca.article_id <> cb.article_id"


# Flags that close_and_reopen would change: open ones that lost a side, closed ones whose sides
# are both eligible and independent again (warehouse/pending.py: the stage has work).
FLAGS_TO_REVISIT_SQL = f"""SELECT 1 FROM contradictions x {_PAIR_SIDES.format(a="x.claim_a", b="x.claim_b")}
    WHERE (x.status = 'open' AND NOT ({_INDEPENDENT_SQL})) OR (x.status = 'closed' AND {_INDEPENDENT_SQL})"""


def close_and_reopen(con: duckdb.DuckDBPyConnection, now: datetime | None = None) -> tuple[int, int]:
    """Close open flags a revision (or a late-found syndication) removed a side of; reopen
    closed ones whose sides are both eligible and independent again. Returns (closed, reopened).
    Verdicts (confirmed, dismissed, needs_work) are the reviewers': never touched here."""
    now = now or datetime.now(UTC)
    sides = "FROM contradictions x " + _PAIR_SIDES.format(a="x.claim_a", b="x.claim_b")
    to_close = con.execute(
        f"""SELECT x.contradiction_id,
                  CASE WHEN NOT (ca.current AND cb.current) THEN 'revised' ELSE 'syndicated' END
           {sides} WHERE x.status = 'open' AND NOT ({_INDEPENDENT_SQL})"""
    ).fetchall()
    to_reopen = [
        r[0]
        for r in con.execute(
            f"SELECT x.contradiction_id {sides} WHERE x.status = 'closed' AND {_INDEPENDENT_SQL}"
        ).fetchall()
    ]
    if to_close:
        run_with_table(
            con,
            "closing",
            {
                "contradiction_id": [r[0] for r in to_close],
                "why": [r[1] for r in to_close],
                "at": pa.array([now] * len(to_close), pa.timestamp("us", tz="UTC")),
            },
            """UPDATE contradictions SET status = 'closed', closed_at = c.at, closed_reason = c.why
               FROM closing c WHERE contradictions.contradiction_id = c.contradiction_id""",
        )
    if to_reopen:
        run_with_table(
            con,
            "reopening",
            {"contradiction_id": to_reopen},
            """UPDATE contradictions SET status = 'open', closed_at = NULL, closed_reason = NULL
               FROM reopening r WHERE contradictions.contradiction_id = r.contradiction_id""",
        )
    return len(to_close), len(to_reopen)


def _sides(con: duckdb.DuckDBPyConnection, claim_ids: list[str]) -> dict[str, ClaimSide]:
    """ClaimSides of the given claims, figures in order, with their stored cues; a claim whose
    cues are not computed yet is left out. The ids
    travel as an Arrow table and are joined: list_contains over 20k ids per row would be quadratic."""
    if not claim_ids:
        return {}
    figures = figure_rows(con, claim_ids)
    con.register("contradiction_claims", pa.table({"claim_id": claim_ids}))
    try:
        claim_rows = con.execute(
            """SELECT c.claim_id, c.article_id, a.source, c.text,
                      CAST(coalesce(a.published_at, a.first_seen) AS DATE), coalesce(c.lang, a.lang, 'en'),
                      CAST(json_extract(c.entities, '$.canonical') AS VARCHAR[]), c.current, a.duplicate_of,
                      CASE WHEN c.cued THEN CAST(c.cues AS VARCHAR) END
               FROM contradiction_claims w JOIN claims c ON c.claim_id = w.claim_id
               JOIN articles a ON a.article_id = c.article_id"""
        ).fetchall()
    finally:
        con.unregister("contradiction_claims")
    out = {}
    for (
        claim_id,
        article_id,
        source,
        text,
        published,
        lang,
        entities,
        current,
        duplicate_of,
        cues,
    ) in claim_rows:
        if cues is None:  # stored before migration 0016; the NLP stage computes them next run
            continue
        out[claim_id] = with_cues(
            claim_id,
            article_id,
            source,
            text,
            tuple(figures.get(claim_id, ())),
            published,
            cues=Cues.from_json(cues),
            lang=lang,
            entities=frozenset(entities or ()),
            current=current,
            duplicate_of=duplicate_of,
        )
    return out


def detect(con: duckdb.DuckDBPyConnection) -> int:
    """Close flags that lost a side, then judge every link not judged yet (warehouse/stages.py),
    record the flags and mark the links judged, all in one transaction; returns how many new
    flags were recorded. Links are chosen by state, not by time: a link made by a run that died
    before this stage is judged by the next run."""
    now = datetime.now(UTC)
    pending = stage("contradictions")
    with batch(con, "contradictions"):
        close_and_reopen(con, now)
        links = con.execute(
            f"""SELECT l.claim_a, l.claim_b, l.similarity, {_INDEPENDENT_SQL} AS independent
               {pending.source()} {_PAIR_SIDES.format(a="l.claim_a", b="l.claim_b")}
               WHERE {pending.pending()} ORDER BY l.claim_a, l.claim_b"""
        ).fetchall()
        added, waiting = _record(con, [r[:3] for r in links if r[3]], now)
        judged = [r for r in links if (r[0], r[1]) not in waiting]
        mark_done(
            con, "contradictions", {"claim_a": [r[0] for r in judged], "claim_b": [r[1] for r in judged]}
        )
    if waiting:  # claims stored before migration 0016 whose cues the NLP stage has not computed
        log.warning("%d links wait for their claims' contradiction cues; judged next run", len(waiting))
    return added


def _record(con: duckdb.DuckDBPyConnection, rows: list[tuple], now: datetime) -> tuple[int, set[tuple]]:
    """Judge (claim_a, claim_b, similarity) links and store their flags; returns how many are new,
    and the links left unjudged because a side has no stored cues yet (they stay pending)."""
    if not rows:
        return 0, set()
    sides = _sides(con, sorted({r[0] for r in rows} | {r[1] for r in rows}))
    waiting = {(a, b) for a, b, _ in rows if a not in sides or b not in sides}
    found = []
    for claim_a, claim_b, similarity in rows:
        if (claim_a, claim_b) in waiting:
            continue
        for c in judge(sides[claim_a], sides[claim_b], entity_names()):
            found.append(
                [
                    stable_id(claim_a, claim_b, c.kind),
                    claim_a,
                    claim_b,
                    c.kind,
                    c.fact_key,
                    c.reason,
                    c.score(similarity),
                    now,
                    c.a.idx,
                    c.b.idx,
                ]
            )
    if not found:
        return 0, waiting
    names = [
        "contradiction_id",
        "claim_a",
        "claim_b",
        "kind",
        "fact_key",
        "reason",
        "score",
        "detected_at",
        "figure_a",
        "figure_b",
    ]
    before = con.execute("SELECT count(*) FROM contradictions").fetchone()[0]
    columns = {name: [row[i] for row in found] for i, name in enumerate(names)}
    columns["detected_at"] = pa.array(columns["detected_at"], pa.timestamp("us", tz="UTC"))
    columns["figure_a"] = pa.array(columns["figure_a"], pa.int32())
    columns["figure_b"] = pa.array(columns["figure_b"], pa.int32())
    run_with_table(
        con,
        "new_contradictions",
        columns,
        f"INSERT INTO contradictions ({', '.join(names)}) "
        f"SELECT {', '.join(names)} FROM new_contradictions ON CONFLICT DO NOTHING",
    )
    return con.execute("SELECT count(*) FROM contradictions").fetchone()[0] - before, waiting
