"""What each stage still has to do: the one rule (DESIGN.md invariant 7, STYLE.md 12).

Every stage after the load works on rows of one table and keeps its progress as a boolean
column of those rows, set in the SAME transaction as the stage's results. A stage selects
its work as "not done and eligible"; nothing is selected by time, so whatever a killed run
left undone is simply still pending for the next run (there is no "since this run began").

    stage           work rows                     done column                 (migration)
    claims          article_versions (current)    processed                   0001
    cues            claims                        cued (+ cues)               0016
    embed           claims                        embedded (+ checkworthiness) 0010
    topics          article_versions              topics_scored               0010
    claim-topics    claims of scored versions     topics_scored               0010
    link            claims current, on the beat,  linked                      0001
                    not in a duplicate article
    contradictions  links                         judged                      0010
    factchecks      claims current, on the beat   factchecked                 0010
    disputes        clustered claims, now and as  done: cluster and digest    0014
                    the stage last saw them       equal dispute_inputs' row

The dispute stage's work rows are a relation, not a table: each clustered claim as it is now,
beside the row the stage wrote for it (dispute_inputs) when it last built the claim's fact.
A claim is done while both agree; the stage marks it done by rewriting that row in the
transaction of its results (warehouse/disputes.py), so a claim that moved, left its cluster
or changed (a new syndicated appearance, an outlet added to the sources file) is pending, and
with it the facts of its old and new clusters.

The load stage needs no column: each crawl item is its own transaction with its natural key,
and a killed run's crawl items are fetched again by the next run (url_state is written with
the item). This module is pure (no storage import): it names the stages, says what pending
means as SQL text, and holds the test-only kill hook. warehouse/stagestate.py runs the SQL.
"""

from __future__ import annotations

import os
import signal
import sys
from collections import Counter
from dataclasses import dataclass

import settings


@dataclass(frozen=True)
class Stage:
    """A stage's work: rows of `table` (alias `alias`, joined by `joins`) whose `done` column
    is false and that satisfy `eligible`; `keys` name a row."""

    name: str
    table: str
    alias: str
    keys: tuple[str, ...]
    done: str
    joins: str = ""
    eligible: str = "true"

    def pending(self) -> str:
        """SQL condition (over `alias` and `joins`) of a row this stage still has to do."""
        return f"NOT {self.alias}.{self.done} AND ({self.eligible})"

    def source(self) -> str:
        """`FROM table alias JOIN ...` to select pending rows from."""
        return f"FROM {self.table} {self.alias} {self.joins}".rstrip()

    def mark_done_sql(self, view: str) -> str:
        """UPDATE that marks done the rows whose keys are listed in the view `view`."""
        match = " AND ".join(f"{self.table}.{k} = w.{k}" for k in self.keys)
        return f"UPDATE {self.table} SET {self.done} = true FROM {view} w WHERE {match}"


_CURRENT_VERSION = "JOIN articles a ON a.article_id = v.article_id"
_ARTICLE = "JOIN articles a ON a.article_id = c.article_id"
# Invariant 4 and issue #8: superseded claims, syndicated copies and off-beat claims take no part
# (on_beat NULL = not scored yet, treated as on the beat, as the topics stage may have failed).
# Invariant 4 is the eligible_claims view (core.eligibility; migration 0015).
_LINKABLE = "c.claim_id IN (SELECT claim_id FROM eligible_claims) AND coalesce(c.on_beat, true)"


def eligible_row(c: str) -> str:
    """Invariant 4 read from claim alias `c`'s own row: current, and its article no copy. The
    eligible_claims view's rule (migration 0015) without its join of every claim with its
    article: a check of a few claims, or a scan of claims' own columns, costs no hash of the
    whole store (at 100k stored articles the join cost 0.06-0.14 s a query). Every claim has its
    article (none is ever deleted), so the view's inner join drops none; tests/test_clusters.py
    and tests/test_linking_contradictions.py hold the two forms to one answer."""
    copies = "SELECT article_id FROM articles WHERE duplicate_of IS NOT NULL"
    return f"({c}.current AND {c}.article_id NOT IN ({copies}))"


# What a clustered claim's fact rows depend on besides its figures (fixed per claim_id): its
# outlet, reported time, attribution and language, its syndicated appearances (copy edges) and
# the outlets attributions are resolved against. Epoch microseconds: no time zone setting enters.
_DISPUTE_DIGEST = """md5(concat_ws(chr(31), a.source, CAST(epoch_us(a.published_at) AS VARCHAR),
        CAST(epoch_us(a.first_seen) AS VARCHAR), coalesce(c.attributed_to, ''), coalesce(c.lang, ''),
        coalesce((SELECT string_agg(ap.article_id || ' ' || ap.source, ',' ORDER BY ap.article_id)
                  FROM appearances ap WHERE ap.claim_id = c.claim_id), ''),
        coalesce((SELECT string_agg(o.name || ' ' || array_to_string(o.domains, ',') || ' '
                                    || array_to_string(o.aliases, ','), ';' ORDER BY o.name)
                  FROM dispute_outlets o), '')))"""
# Clustered claims now (cluster_id is set only for claims that take part: clusters.py).
DISPUTE_INPUTS = f"""SELECT c.claim_id, c.cluster_id, {_DISPUTE_DIGEST} AS digest
    FROM claims c JOIN articles a ON a.article_id = c.article_id
    WHERE c.cluster_id IS NOT NULL AND c.current AND a.duplicate_of IS NULL"""
_DISPUTE_WORK = f"""SELECT coalesce(n.claim_id, o.claim_id) AS claim_id, n.cluster_id, n.digest,
           o.cluster_id AS last_cluster_id,
           (n.cluster_id IS NOT DISTINCT FROM o.cluster_id AND n.digest IS NOT DISTINCT FROM o.digest) AS done
    FROM ({DISPUTE_INPUTS}) n FULL OUTER JOIN dispute_inputs o ON o.claim_id = n.claim_id"""

STAGES: dict[str, Stage] = {
    s.name: s
    for s in (
        Stage("claims", "article_versions", "v", ("article_id", "version"), "processed",
              _CURRENT_VERSION, "a.version = v.version"),
        # Claims get their cues when extracted; this backfills those stored before 0016.
        Stage("cues", "claims", "c", ("claim_id",), "cued"),
        Stage("embed", "claims", "c", ("claim_id",), "embedded"),
        Stage("topics", "article_versions", "v", ("article_id", "version"), "topics_scored",
              _CURRENT_VERSION),
        # A claim is scored once its article version is: it follows the version's verdict.
        Stage("claim-topics", "claims", "c", ("claim_id",), "topics_scored"),
        Stage("link", "claims", "c", ("claim_id",), "linked", _ARTICLE, _LINKABLE),
        # Every link is judged once, independent or not: a side that is not independent now
        # (superseded, syndicated) never becomes so again with the same input.
        Stage("contradictions", "links", "l", ("claim_a", "claim_b"), "judged"),
        Stage("factchecks", "claims", "c", ("claim_id",), "factchecked", "",
              "c.current AND coalesce(c.on_beat, true)"),
        Stage("disputes", f"({_DISPUTE_WORK})", "w", ("claim_id",), "done"),
    )
}  # fmt: skip


def stage(name: str) -> Stage:
    """The stage called `name`."""
    try:
        return STAGES[name]
    except KeyError:
        raise ValueError(f"unknown stage {name!r}; stages: {', '.join(STAGES)}") from None


# ---------------------------------------------------------------- test-only kill hook

# CLAIMWATCH_TEST_KILL_AT=<point> makes the job kill -9 itself (its whole process group when it
# leads one, as `setsid claimwatch run` does; else only itself) at that point, so a test can
# stop a run at a stage boundary or inside a stage deterministically (tests/test_resume.py).
#   <stage>      when the stage starts (flows/daily.py: crawl, load, claims, embed, topics,
#                link, disputes, contradictions, factchecks, publish)
#   <stage>:<n>  at the stage's n-th write, after it was written and before it commits (crawl:
#                after the n-th source's crawl; load: per item; claims: per article version;
#                embed: per vector batch; duplicates, topics, link, contradictions, disputes:
#                their one transaction; factchecks: per batch)
# Unset (always, outside tests) it costs one dict lookup per call.
KILL_AT_ENV = "CLAIMWATCH_TEST_KILL_AT"
_writes: Counter[str] = Counter()


def _die(point: str) -> None:
    print(f"[claimwatch] {KILL_AT_ENV}: killed at {point}", file=sys.stderr, flush=True)
    if os.getpgid(0) == os.getpid():  # a group leader: take the children (Scrapy, Prefect) along
        os.killpg(os.getpid(), signal.SIGKILL)
    os.kill(os.getpid(), signal.SIGKILL)


def reached(stage_name: str) -> None:
    """A stage starts: die here when the test hook names it."""
    if settings.current().test_kill_at == stage_name:
        _die(stage_name)


def wrote(stage_name: str) -> None:
    """A stage made one more write, not yet committed: die here when the hook names it."""
    point = settings.current().test_kill_at
    if point is None or not point.startswith(f"{stage_name}:"):
        return
    _writes[stage_name] += 1
    if point == f"{stage_name}:{_writes[stage_name]}":
        _die(point)
