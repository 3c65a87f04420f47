"""Linking, clusters and contradictions on small hand-built stores (vectors chosen by hand)."""

from __future__ import annotations

import datetime
import json
import math

import numpy as np
import pytest
from store_helpers import add_article, add_claims, basis, claim, figure, set_vector

from cli.formatting import describe
from core.intervals import gap, interval
from core.judge import FigureRow
from core.links import EMBEDDING_LINK
from warehouse.contradictions import detect
from warehouse.db import connect
from warehouse.linking import link_new_claims
from warehouse.stagestate import pending_count

SMUGGLED_A = "Nvidia chips worth at least $1 billion were smuggled into China."
SMUGGLED_B = "Nvidia processors worth about $400 million were smuggled into China."
SMUGGLED_DUP = "Nvidia chips worth at least $1 billion were smuggled into China, the wire said."
RATIO_A = "CloudMatrix 384 delivers 1.7 times the compute of the GB200 NVL72."
RATIO_B = "CloudMatrix 384 offers almost double the compute of the GB200 NVL72."
RATIO_JA = "CloudMatrix 384の演算性能はGB200 NVL72の約1.7倍。"
OTHER = "The fair drew 30,000 visitors over three days."


def _fig_row(value, lower, upper, hedge="exact", precision=0.0):
    return FigureRow("c", value, "USD", lower, upper, hedge, precision, "s", "nvidia", "value", "src")


def test_contradictions_intervals_follow_hedges():
    assert interval(_fig_row(1e9, 1e9, None, "at_least")) == (1e9, math.inf)
    assert interval(_fig_row(1.5e9, 1.5e9, 1.5e9, "exact", 0.05e9)) == (1.45e9, 1.55e9)
    about = _fig_row(4e8, 3.6e8, 4.4e8, "about")
    at_least = _fig_row(1e9, 1e9, None, "at_least")
    assert gap(about, at_least) == pytest.approx((1e9 - 4.4e8) / 1e9)
    # almost double [1.7, 2.0] holds 1.7: no conflict
    assert gap(_fig_row(2, 1.7, 2.0, "nearly"), _fig_row(1.7, 1.7, 1.7, "exact", 0.05)) == 0.0
    assert describe(at_least) == "'s' [>= 1bn USD]"


@pytest.fixture
def store(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    add_article(con, "a1", "alpha")
    add_article(con, "b1", "beta")
    add_article(con, "c1", "gamma", lang="ja")
    add_article(con, "d1", "delta", duplicate_of="a1")
    # save_claims takes the whole claim set of a version: one call per article.
    smug_a, ratio_a = add_claims(
        con,
        "a1",
        [
            claim(
                SMUGGLED_A, figure(1e9, "USD", 1e9, None, "at least $1 billion", "nvidia", hedge="at_least")
            ),
            claim(
                RATIO_A,
                figure(1.7, "x", 1.7, 1.7, "1.7 times", "cloudmatrix-384", "compute", precision=0.05),
                start=100,
            ),
        ],
    )
    smug_b, ratio_b, other = add_claims(
        con,
        "b1",
        [
            claim(
                SMUGGLED_B, figure(4e8, "USD", 3.6e8, 4.4e8, "about $400 million", "nvidia", hedge="about")
            ),
            claim(
                RATIO_B,
                figure(2, "x", 1.7, 2.0, "almost double", "cloudmatrix-384", "compute", hedge="nearly"),
                start=100,
            ),
            claim(
                OTHER,
                figure(30000, "count", 30000, 30000, "30,000 visitors", None, "count:visitor"),
                start=200,
            ),
        ],
    )
    (ratio_ja,) = add_claims(
        con,
        "c1",
        [
            claim(
                RATIO_JA,
                figure(1.7, "x", 1.53, 1.87, "約1.7倍", "cloudmatrix-384", "compute", hedge="about"),
                lang="ja",
            ),
        ],
        lang="ja",
    )
    (dup,) = add_claims(
        con,
        "d1",
        [
            claim(SMUGGLED_DUP, figure(4e8, "USD", 4e8, 4e8, "$400 million", "nvidia", precision=0.5e6)),
        ],
    )
    ids = {
        "smug_a": smug_a,
        "ratio_a": ratio_a,
        "smug_b": smug_b,
        "ratio_b": ratio_b,
        "ratio_ja": ratio_ja,
        "dup": dup,
        "other": other,
    }
    set_vector(con, SMUGGLED_A, basis(0))
    set_vector(con, SMUGGLED_B, basis(0, 1, 0.3))  # cos 0.955 with A
    set_vector(con, SMUGGLED_DUP, basis(0))
    set_vector(con, RATIO_A, basis(2))
    set_vector(con, RATIO_B, basis(2, 3, 0.5))  # cos 0.878
    set_vector(con, RATIO_JA, basis(4))  # another language: the embedding does not help
    set_vector(con, OTHER, basis(5))
    yield con, ids
    con.close()


def _links(con):
    return {
        (a, b): (s, m)
        for a, b, s, m in con.execute("SELECT claim_a, claim_b, similarity, method FROM links").fetchall()
    }


def test_linking_by_embedding_and_fact_key_across_languages(store):
    con, ids = store
    result = link_new_claims(con)
    links = _links(con)
    pair = tuple(sorted((ids["smug_a"], ids["smug_b"])))
    assert links[pair][1] == "embedding+figure"
    assert links[pair][0] == pytest.approx(math.cos(0.3), rel=1e-4)
    assert links[pair][0] >= EMBEDDING_LINK
    ja_pair = tuple(sorted((ids["ratio_a"], ids["ratio_ja"])))
    assert links[ja_pair][1] == "figure"  # cosine 0, different language, same fact key
    assert not any(ids["dup"] in p for p in links)  # a syndicated copy makes no links
    assert not any(ids["other"] in p for p in links)
    assert result.compared == 6  # every current claim of a non-duplicate article
    clusters = dict(con.execute("SELECT claim_id, cluster_id FROM claims").fetchall())
    assert clusters[ids["smug_a"]] == clusters[ids["smug_b"]] == min(ids["smug_a"], ids["smug_b"])
    assert clusters[ids["ratio_a"]] == clusters[ids["ratio_b"]] == clusters[ids["ratio_ja"]]
    assert clusters[ids["other"]] is None


def test_linking_rerun_compares_nothing_and_adds_nothing(store):
    con, _ = store
    link_new_claims(con)
    before = con.execute("SELECT count(*) FROM links").fetchone()[0]
    again = link_new_claims(con)
    assert again.compared == 0
    assert con.execute("SELECT count(*) FROM links").fetchone()[0] == before


def test_contradictions_flag_disjoint_intervals_only(store):
    con, ids = store
    link_new_claims(con)
    assert detect(con) == 1
    (row,) = con.execute(
        "SELECT claim_a, claim_b, kind, reason, score, status FROM contradictions"
    ).fetchall()
    assert {row[0], row[1]} == {ids["smug_a"], ids["smug_b"]}
    assert row[2] == "quantity"
    for part in ("at least $1 billion", "about $400 million", "alpha", "beta"):
        assert part in row[3]
    assert 0 < row[4] <= 1
    assert row[5] == "open"
    assert detect(con) == 0  # idempotent


def test_contradictions_ignore_superseded_claims(store):
    con, ids = store
    con.execute("UPDATE claims SET current = false WHERE claim_id = ?", [ids["smug_b"]])
    link_new_claims(con)
    assert detect(con) == 0


def test_contradictions_compare_ratios_stated_in_opposite_directions():
    def ratio(subject, reference, value, lower, upper, hedge="exact"):
        return FigureRow(
            "c", value, "x", lower, upper, hedge, 0.05, "s", subject, "compute", "src", reference
        )

    forward = ratio("cloudmatrix-384", "gb200-nvl72", 1.7, 1.7, 1.7)  # "A is 1.7 times B"
    backward = ratio("gb200-nvl72", "cloudmatrix-384", 1 / 7.5, 1 / 7.5, 1 / 7.5)  # "B is 7.5x slower than A"
    agreeing = ratio(
        "gb200-nvl72", "cloudmatrix-384", 1 / 1.7, 1 / 2.0, 1 / 1.7, "nearly"
    )  # "B is about half"
    assert forward.key == backward.key == agreeing.key
    assert gap(forward, backward) > 0.2  # [1.65, 1.75] vs about [5.5, 12]: far apart
    assert gap(forward, agreeing) == 0.0


def test_linking_clusters_keep_their_id_when_claims_join(store):
    con, ids = store
    link_new_claims(con)
    cluster = dict(con.execute("SELECT claim_id, cluster_id FROM claims").fetchall())[ids["smug_a"]]
    # A later claim with a smaller id joins the smuggling cluster: the cluster keeps its name.
    add_article(con, "e1", "epsilon")
    (late,) = add_claims(
        con,
        "e1",
        [claim(SMUGGLED_B + " ", figure(4e8, "USD", 3.6e8, 4.4e8, "about $400m", "nvidia", hedge="about"))],
    )
    con.execute("UPDATE claims SET claim_id = '0000000000000000' WHERE claim_id = ?", [late])
    set_vector(con, SMUGGLED_B + " ", basis(0, 1, 0.31))
    link_new_claims(con)
    clusters = dict(con.execute("SELECT claim_id, cluster_id FROM claims").fetchall())
    assert clusters["0000000000000000"] == clusters[ids["smug_a"]] == cluster


def _flags(con):
    return con.execute(
        "SELECT contradiction_id, claim_a, claim_b, kind, status, closed_at, closed_reason, reason "
        "FROM contradictions ORDER BY contradiction_id"
    ).fetchall()


def _revise(con, article_id, claims, version=2):
    """A new version of an article whose claims are `claims` (unchanged texts keep their ids)."""
    con.execute("UPDATE articles SET version = ? WHERE article_id = ?", [version, article_id])
    con.execute(
        "INSERT INTO article_versions (article_id, version, content_sha1, title, text, fetch_id, "
        "fetched_at, processed) VALUES (?, ?, ?, NULL, 'body', 'f', now(), false)",
        [article_id, version, f"sha-{article_id}-{version}"],
    )
    return add_claims(con, article_id, claims, version=version)


def test_contradictions_rerun_adds_nothing_and_a_revision_closes_the_flag(store):
    con, ids = store
    link_new_claims(con)
    assert detect(con) == 1
    assert detect(con) == 0  # natural key: no duplicate
    (flag,) = _flags(con)
    assert flag[4:6] == ("open", None)
    # beta corrects its smuggling figure: the old claim is superseded, the flag loses a side.
    _revise(
        con,
        "b1",
        [
            claim(SMUGGLED_B.replace("about $400 million", "about $1.1 billion")),
            claim(RATIO_B, start=100),
            claim(OTHER, start=200),
        ],
    )
    current = con.execute("SELECT current FROM claims WHERE claim_id = ?", [ids["smug_b"]]).fetchone()
    assert current == (False,)
    assert detect(con) == 0
    (closed,) = _flags(con)
    assert closed[0] == flag[0]
    assert (closed[4], closed[6]) == ("closed", "revised")
    assert closed[5] is not None
    assert detect(con) == 0
    assert _flags(con) == [closed]  # closing is idempotent too


def test_contradictions_reopen_only_closed_flags_and_never_touch_verdicts(store):
    con, ids = store
    link_new_claims(con)
    detect(con)
    con.execute("UPDATE claims SET current = false WHERE claim_id = ?", [ids["smug_b"]])
    detect(con)
    assert _flags(con)[0][4] == "closed"
    # The side is current again (e.g. a revision rolled back and reprocessed): the flag reopens.
    con.execute("UPDATE claims SET current = true WHERE claim_id = ?", [ids["smug_b"]])
    detect(con)
    assert _flags(con)[0][4:7] == ("open", None, None)
    # A reviewer's verdict stands whatever happens to the claims afterwards.
    con.execute("UPDATE contradictions SET status = 'confirmed'")
    con.execute("UPDATE claims SET current = false WHERE claim_id = ?", [ids["smug_b"]])
    detect(con)
    assert _flags(con)[0][4:6] == ("confirmed", None)


def test_contradictions_close_when_an_article_turns_out_to_be_a_copy(store):
    con, _ = store
    link_new_claims(con)
    detect(con)
    con.execute("UPDATE articles SET duplicate_of = 'a1' WHERE article_id = 'b1'")
    detect(con)
    assert (_flags(con)[0][4], _flags(con)[0][6]) == ("closed", "syndicated")


def test_contradictions_reason_has_both_values_sources_and_dates(store):
    con, _ = store
    link_new_claims(con)
    detect(con)
    reason = _flags(con)[0][7]
    texts = {
        'alpha (2025-07-30): "at least $1 billion"',
        'beta (2025-07-30): "about $400 million"',
    }
    assert all(t in reason for t in texts), reason
    assert reason.endswith("— Nvidia, value, USD"), reason
    row = con.execute("SELECT fact_key, figure_a, figure_b FROM contradictions").fetchone()
    assert row == ("nvidia|value|USD", 0, 0)


def _date(surface, first, last, subject=None):
    from datetime import date as day

    from nlp.dates import year_fraction

    lo, hi = year_fraction(day.fromisoformat(first)), year_fraction(day.fromisoformat(last))
    hedge = "range" if lo != hi else "exact"
    return figure((lo + hi) / 2, "year", lo, hi, surface, subject, "date", hedge=hedge)


def test_contradictions_dates_of_one_event_flag_with_kind_date(tmp_path):
    con = connect(tmp_path / "d.duckdb")
    texts = {
        "a": "The export controls were tightened in April, officials said.",
        "b": "The export controls were tightened in May, officials said.",
        "c": "The export controls were eased in June, officials said.",
    }
    for art, source in (("a", "alpha"), ("b", "beta"), ("c", "gamma")):
        add_article(con, art, source)
    month = {"a": ("April", "2025-04-01", "2025-04-30"), "b": ("May", "2025-05-01", "2025-05-31")}
    month["c"] = ("June", "2025-06-01", "2025-06-30")
    ids = {}
    for art, text in texts.items():
        (ids[art],) = add_claims(con, art, [claim(text, _date(*month[art], "us-commerce-department"))])
        set_vector(con, text, basis(0, 1, {"a": 0.0, "b": 0.1, "c": 0.2}[art]))
    link_new_claims(con)
    assert detect(con) == 1  # April vs May; "eased in June" is another event
    (flag,) = _flags(con)
    assert flag[3] == "date"
    assert {flag[1], flag[2]} == {ids["a"], ids["b"]}
    for part in ('"April"', '"May"', "US Commerce Department, restrict, date"):
        assert part in flag[7]
    con.close()


def test_contradictions_date_gaps_in_days_with_a_time_zone_slack():
    from core.judge import date_gap

    def row(surface, first, last, measure="date"):
        fig = _date(surface, first, last)
        return FigureRow(
            "c", fig.value, "year", fig.lower, fig.upper, fig.hedge, 0.0, surface, None, measure, "s"
        )

    april, may = row("April", "2025-04-01", "2025-04-30"), row("May", "2025-05-01", "2025-05-31")
    assert date_gap(april, may) == 1  # adjacent months never overlap
    assert (
        date_gap(row("July 26", "2025-07-26", "2025-07-26"), row("July 27", "2025-07-27", "2025-07-27")) == 0
    )
    assert (
        date_gap(row("July 26", "2025-07-26", "2025-07-26"), row("July 29", "2025-07-29", "2025-07-29")) == 3
    )
    assert date_gap(april, row("April 15", "2025-04-15", "2025-04-15")) == 0
    # A fair opens, a rule takes effect, on one local date: no slack (blind2/blind3 dev round 3).
    opens = [
        row(day, f"2025-07-{day[-2:]}", f"2025-07-{day[-2:]}", "date:open") for day in ("July 26", "July 27")
    ]
    assert date_gap(*opens) == 1
    announced = [
        row(day, f"2025-07-{day[-2:]}", f"2025-07-{day[-2:]}", "date:announce")
        for day in ("July 26", "July 27")
    ]
    assert date_gap(*announced) == 0
    year = FigureRow("c", 2025, "year", 2025, 2025, "exact", 0.5, "2025", None, "date", "s")
    assert date_gap(year, may) == 0  # a bare year is all of it


def test_linking_ann_matches_exact_and_persists_its_index(store, tmp_path):
    from warehouse.ann import index_path
    from warehouse.linking import model_name

    con, _ = store
    link_new_claims(con, method="ann")
    ann_links = _links(con)
    path = index_path(tmp_path / "s.duckdb", model_name())
    assert path.exists()
    assert path.with_suffix(".json").exists()
    con.execute("DELETE FROM links")
    con.execute("UPDATE claims SET linked = false, cluster_id = NULL")
    link_new_claims(con, method="exact")
    assert _links(con) == ann_links  # sims are exact cosines (rounded to 6 digits) either way
    tiers = dict(con.execute("SELECT method, min(tier) FROM links GROUP BY method").fetchall())
    assert set(tiers.values()) <= {"suggested", "confirmed"}


def test_linking_ann_index_grows_and_rebuilds_when_stale(store, tmp_path, monkeypatch):
    from warehouse import ann
    from warehouse.linking import model_name

    con, ids = store
    link_new_claims(con, method="ann")
    opened = []
    real_open = ann.StoreIndex.open.__func__

    def spy(cls, *args, **kwargs):
        index = real_open(cls, *args, **kwargs)
        opened.append((index.rebuilt, len(index)))
        return index

    monkeypatch.setattr(ann.StoreIndex, "open", classmethod(spy))
    add_article(con, "e1", "epsilon")
    late_figure = figure(4e8, "USD", 3.6e8, 4.4e8, "about $400m", "nvidia", hedge="about")
    (late,) = add_claims(con, "e1", [claim(SMUGGLED_B + " ", late_figure)])
    set_vector(con, SMUGGLED_B + " ", basis(0, 1, 0.31))
    link_new_claims(con, method="ann")
    assert opened[-1] == (False, 6)  # loaded from disk, not rebuilt: 6 linked claims before
    assert tuple(sorted((late, ids["smug_a"]))) in _links(con)
    # Another writer relinked claims: the fingerprint no longer matches, the index is rebuilt.
    con.execute("UPDATE claims SET linked = false WHERE claim_id = ?", [ids["other"]])
    link_new_claims(con, method="ann")
    assert opened[-1][0] is True
    assert ann.index_path(tmp_path / "s.duckdb", model_name()).exists()


def test_linking_incremental_clusters_equal_full_refresh(store):
    from warehouse.clusters import refresh_clusters

    con, _ = store
    link_new_claims(con)
    incremental = dict(con.execute("SELECT claim_id, cluster_id FROM claims").fetchall())
    con.execute("UPDATE claims SET cluster_id = NULL")
    refresh_clusters(con)
    assert dict(con.execute("SELECT claim_id, cluster_id FROM claims").fetchall()) == incremental


def test_linking_ann_records_its_calibration_or_links_exactly(store, tmp_path, monkeypatch):
    from warehouse import ann
    from warehouse.linking import model_name

    con, ids = store
    first = link_new_claims(con, method="ann")
    meta = json.loads(ann.index_path(tmp_path / "s.duckdb", model_name()).with_suffix(".json").read_text())
    assert meta["calibration"]["ef_search"] >= ann.EXPANSION_SEARCH
    assert first.ann_recall == meta["calibration"]["recall"]
    exact_links = _links(con)
    # A goal no ef_search can reach: the index is rebuilt, measured, and linking goes exact.
    monkeypatch.setattr(ann, "RECALL_GOAL", 1.01)
    ann.index_path(tmp_path / "s.duckdb", model_name()).with_suffix(".json").unlink()
    add_article(con, "e1", "epsilon")
    late_figure = figure(4e8, "USD", 3.6e8, 4.4e8, "about $400m", "nvidia", hedge="about")
    (late,) = add_claims(con, "e1", [claim(SMUGGLED_B + " ", late_figure)])
    set_vector(con, SMUGGLED_B + " ", basis(0, 1, 0.31))
    second = link_new_claims(con, method="ann")
    assert second.ann_recall is None  # no index was used
    assert tuple(sorted((late, ids["smug_a"]))) in _links(con)
    assert exact_links.items() <= _links(con).items()
    # The missed calibration is saved with the index: the next run loads it (no rebuild, no
    # second measurement) and searches its vectors by brute force, reading no embeddings scan.
    meta = json.loads(ann.index_path(tmp_path / "s.duckdb", model_name()).with_suffix(".json").read_text())
    assert meta["calibration"]["ef_search"] is None
    reopened = ann.StoreIndex.open(
        con, model_name(), 384, ann.index_path(tmp_path / "s.duckdb", model_name())
    )
    assert not reopened.rebuilt
    assert not reopened.calibration.met


def test_linking_ann_index_records_its_graph_and_rebuilds_when_it_changes(store, tmp_path, monkeypatch):
    from warehouse import ann
    from warehouse.linking import model_name

    con, _ = store
    result = link_new_claims(con, method="ann")
    path = ann.index_path(tmp_path / "s.duckdb", model_name())
    meta = json.loads(path.with_suffix(".json").read_text())
    graph = {"connectivity": ann.CONNECTIVITY, "expansion_add": ann.EXPANSION_ADD, "dtype": "f16"}
    assert meta["graph"] == graph
    assert meta["calibration"]["recall"] >= ann.RECALL_GOAL
    assert result.ann_recall == meta["calibration"]["recall"]
    assert not ann.StoreIndex.open(con, model_name(), 384, path).rebuilt
    # An index built with other parameters promises another recall: built again and measured.
    monkeypatch.setattr(ann, "CONNECTIVITY", ann.CONNECTIVITY + 4)
    assert ann.StoreIndex.open(con, model_name(), 384, path).rebuilt


def test_contradictions_judge_links_a_killed_run_left_unjudged(store):
    # Issue #14: a run linked, then died before its contradiction stage; the next run's own
    # links are newer. The old link is still pending (not judged) and is judged now.
    con, _ = store
    link_new_claims(con)
    con.execute("UPDATE links SET created_at = created_at - INTERVAL 3 DAY")
    assert pending_count(con, "contradictions") == con.execute("SELECT count(*) FROM links").fetchone()[0]
    assert detect(con) == 1
    assert pending_count(con, "contradictions") == 0
    assert detect(con) == 0


def test_linking_is_all_or_nothing_with_linked_and_clusters(store, monkeypatch):
    con, _ = store
    pending = pending_count(con, "link")
    assert pending == 6  # every current claim of a non-duplicate article

    def crash(*_):
        raise RuntimeError("killed between the links and the clusters")

    monkeypatch.setattr("warehouse.linking.update_clusters", crash)
    with pytest.raises(RuntimeError):
        link_new_claims(con)
    assert con.execute("SELECT count(*) FROM links").fetchone()[0] == 0
    assert pending_count(con, "link") == pending
    monkeypatch.undo()
    assert link_new_claims(con).compared == pending
    assert pending_count(con, "link") == 0
    assert con.execute("SELECT count(*) FROM claims WHERE cluster_id IS NOT NULL").fetchone()[0] > 0


def test_contradictions_are_all_or_nothing_with_judged(store, monkeypatch):
    con, _ = store
    link_new_claims(con)
    monkeypatch.setattr("warehouse.contradictions.mark_done", lambda *_: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        detect(con)
    assert con.execute("SELECT count(*) FROM contradictions").fetchone()[0] == 0
    monkeypatch.undo()
    assert detect(con) == 1


def _sides_of(texts, published):
    """Judge-ready sides of (id, sentence, lang) claims published on one day, by id."""
    from nlp.claims import extract_claims
    from warehouse.contradictions import side_from_claim

    return {
        cid: side_from_claim(extract_claims(text, lang, published)[0], cid, cid, cid, published=published)
        for cid, text, lang in texts
    }


def test_contradictions_a_rule_dated_twice_flags_but_two_rule_actions_do_not():
    # Made up (positions class F): one entry into force dated a month apart by two outlets is a
    # conflict; the same rule's next amendment, 17 months later, is another action.
    from core.judge import judge

    published = datetime.date(2025, 7, 28)
    texts = [
        ("a", "The rules were announced in October 2023 and took effect on November 17 of that year.", "en"),
        ("b", "该规则在2023年10月即已生效。", "zh"),
        ("c", "新規制は2025年4月に施行された。", "ja"),
    ]
    sides = _sides_of(texts, published)
    (conflict,) = judge(sides["a"], sides["b"])
    assert (conflict.kind, conflict.fact_key) == ("date", "us-export-controls|date:effect|day")
    assert judge(sides["a"], sides["c"]) == []
    assert judge(sides["b"], sides["c"]) == []


def test_contradictions_a_bare_date_is_no_keyed_things_event():
    # Made up (blind8 dev class): a date in a sentence naming nothing is no keyed product's event,
    # whatever its verb class; two keyed dates of one restriction still conflict.
    from core.judge import judge

    published = datetime.date(2025, 11, 20)
    texts = [
        ("licence", "Sales of the H20 to China have required an export licence since April.", "en"),
        ("bare", "相关限制措施于10月9日起实施。", "zh"),
        ("issued", "该规则于9月29日发布，将管制扩大至被列入实体清单企业持股50%以上的子公司。", "zh"),
        ("widened", "The curbs were widened on October 2.", "en"),
    ]
    sides = _sides_of(texts, published)
    assert [f.key for f in sides["bare"].figures] == [None]
    assert not sides["bare"].entities
    assert judge(sides["licence"], sides["bare"]) == []
    (conflict,) = judge(sides["issued"], sides["widened"])
    assert conflict.fact_key == "us-export-controls|date:restrict|day"


def test_contradictions_a_date_both_claims_state_accounts_for_the_others():
    # Made up (blind2 dev round 5): a claim that also dates the approval in March agrees with "in
    # March", whatever else it dates (its April 8 issuing); a February approval does not.
    from core.judge import judge

    published = datetime.date(2025, 8, 20)
    texts = [
        ("a", "The government approved export licences for the H20 in March.", "en"),
        (
            "b",
            "The Commerce Department began issuing licences for the H20 on April 8, weeks after it "
            "approved them on March 14.",
            "en",
        ),
        ("c", "米政府は2月、H20の対中輸出を許可した。", "ja"),
    ]
    sides = _sides_of(texts, published)
    assert [f.key for f in sides["b"].figures if f.unit == "year"] == ["h20|date:approve|year"] * 2
    (conflict,) = judge(sides["a"], sides["c"])
    assert (conflict.kind, conflict.fact_key) == ("date", "h20|date:approve|day")
    assert judge(sides["a"], sides["b"]) == []


def test_contradictions_two_approximations_get_no_rounding_slack():
    # Made up: "about 400" and "about 490" are 0.2% apart once hedged; the judge flags them as
    # positions split them, while an exact 441 beside "about 400" stays within the 1%.
    from core.judge import ClaimSide, judge

    def side(cid, value, lower, upper, hedge, surface):
        row = FigureRow(cid, value, "USD", lower, upper, hedge, 5e6, surface, "nvidia", "value", cid)
        return ClaimSide(cid, f"article-{cid}", cid, f"Chips worth {surface} were smuggled.", (row,))

    about_400 = side("a", 4e8, 3.6e8, 4.4e8, "about", "about $400 million")
    about_490 = side("b", 4.9e8, 4.41e8, 5.39e8, "about", "about $490 million")
    exact_441 = side("c", 4.41e8, 4.41e8, 4.41e8, "exact", "$441 million")
    (conflict,) = judge(about_400, about_490)
    assert conflict.fact_key == "nvidia|value|USD"
    assert judge(about_400, exact_441) == []


def test_linking_claims_of_one_fact_cluster_sharing_a_key_are_judged_unlinked(tmp_path):
    # Two English outlets state one value two ways in words MiniLM finds unrelated (cosine 0);
    # a Japanese claim of the same key links both, so the three are one fact cluster. The
    # English pair disagrees: judged through a "cluster" link, which clustering never reads.
    con = connect(tmp_path / "c.duckdb")
    for art, source in (("a", "alpha"), ("b", "beta"), ("c", "gamma")):
        add_article(con, art, source)
    (a,) = add_claims(
        con, "a", [claim(SMUGGLED_A, figure(1e9, "USD", 1e9, None, "at least $1 billion", "nvidia"))]
    )
    (b,) = add_claims(
        con, "b", [claim(SMUGGLED_B, figure(4e8, "USD", 3.6e8, 4.4e8, "about $400 million", "nvidia"))]
    )
    ja = "密輸されたエヌビディア製チップは10億ドル以上に上る。"
    (c,) = add_claims(
        con, "c", [claim(ja, figure(1e9, "USD", 1e9, None, "10億ドル以上", "nvidia"), lang="ja")], lang="ja"
    )
    set_vector(con, SMUGGLED_A, basis(0))
    set_vector(con, SMUGGLED_B, basis(1))  # cosine 0 with A: no link of their own
    set_vector(con, ja, basis(2))
    link_new_claims(con)
    links = _links(con)
    assert links[tuple(sorted((a, b)))][1] == "cluster"
    assert {links[tuple(sorted((a, c)))][1], links[tuple(sorted((b, c)))][1]} == {"figure"}
    clusters = dict(con.execute("SELECT claim_id, cluster_id FROM claims").fetchall())
    assert clusters[a] == clusters[b] == clusters[c]
    detect(con)
    flagged = {
        tuple(sorted(r[:2])) for r in con.execute("SELECT claim_a, claim_b FROM contradictions").fetchall()
    }
    assert tuple(sorted((a, b))) in flagged
    # Clustering from scratch without the cluster link gives the same clusters.
    from warehouse.clusters import refresh_clusters

    refresh_clusters(con)
    assert dict(con.execute("SELECT claim_id, cluster_id FROM claims").fetchall()) == clusters
    con.close()


def test_linking_ann_keeps_exact_vectors_beside_the_index_and_rebuilds_a_torn_copy(store, tmp_path):
    from warehouse import ann
    from warehouse.linking import _vectors_for, model_name

    con, _ = store
    link_new_claims(con, method="ann")
    add_article(con, "e1", "epsilon")
    late_figure = figure(4e8, "USD", 3.6e8, 4.4e8, "about $400m", "nvidia", hedge="about")
    (late,) = add_claims(con, "e1", [claim(SMUGGLED_B + " ", late_figure)])
    set_vector(con, SMUGGLED_B + " ", basis(0, 1, 0.31))
    link_new_claims(con, method="ann")  # the late claim's row is appended to the copy
    path = ann.index_path(tmp_path / "s.duckdb", model_name())
    index = ann.StoreIndex.open(con, model_name(), 384, path)
    assert not index.rebuilt
    linked = [r[0] for r in con.execute("SELECT claim_id FROM claims WHERE linked").fetchall()]
    assert late in linked
    stored = _vectors_for(con, linked, model_name())
    copied = index.vectors([*linked, "ffffffffffffffff"])  # a claim it does not hold is left out
    assert set(copied) == set(stored)
    assert all(np.array_equal(copied[c], stored[c]) for c in linked)  # the same float32 bits
    with path.with_suffix(".f32").open("r+b") as torn:  # a crash mid-append
        torn.truncate(384 * 4 * 2 + 100)
    assert ann.StoreIndex.open(con, model_name(), 384, path).rebuilt


def test_linking_ann_searches_new_claims_exactly_until_the_graph_takes_them(store, tmp_path, monkeypatch):
    from warehouse import ann
    from warehouse.linking import model_name

    con, ids = store
    link_new_claims(con, method="ann")
    path = ann.index_path(tmp_path / "s.duckdb", model_name())
    graph_file = path.stat().st_ino, path.stat().st_mtime_ns
    add_article(con, "e1", "epsilon")
    late_figure = figure(4e8, "USD", 3.6e8, 4.4e8, "about $400m", "nvidia", hedge="about")
    (late,) = add_claims(con, "e1", [claim(SMUGGLED_B + " ", late_figure)])
    set_vector(con, SMUGGLED_B + " ", basis(0, 1, 0.31))
    link_new_claims(con, method="ann")
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == graph_file  # the graph was not written
    meta = json.loads(path.with_suffix(".json").read_text())
    # The first run found no linked claim: an empty graph, its 6 claims and the late one are the delta.
    assert (meta["graph_count"], meta["count"]) == (0, 7)
    index = ann.StoreIndex.open(con, model_name(), 384, path)
    assert not index.rebuilt
    vector = index.vectors([late])[late]
    assert late in index.search(vector[None, :], 3)[0]  # found in the delta, exactly
    assert tuple(sorted((late, ids["smug_a"]))) in _links(con)
    monkeypatch.setattr(ann, "DELTA_MAX", 0)  # the delta is past its size: the graph takes it
    index.save()
    meta = json.loads(path.with_suffix(".json").read_text())
    assert (meta["graph_count"], meta["count"]) == (7, 7)
    reopened = ann.StoreIndex.open(con, model_name(), 384, path)
    assert not reopened.rebuilt
    assert reopened.graph_count == 7
    assert late in reopened.search(vector[None, :], 3)[0]  # now through the graph


def test_contradictions_independence_read_from_rows_is_the_eligible_views(tmp_path):
    # _INDEPENDENT_SQL reads invariant 4 from each side's row (warehouse.stages.eligible_row), not
    # through the eligible_claims view; pair by pair it must say what the view says: two current
    # claims of two articles, one article, a superseded side, a side in a copy.
    from warehouse.contradictions import _INDEPENDENT_SQL, _PAIR_SIDES

    con = connect(tmp_path / "c.duckdb")
    for art, source, copy_of in (("a", "alpha", None), ("b", "beta", None), ("c", "gamma", "a")):
        add_article(con, art, source, duplicate_of=copy_of)
    ids = {}
    for art, texts in (("a", ["A one.", "A two."]), ("b", ["B one.", "B two."]), ("c", ["C one."])):
        made = [claim(t, start=10 * n) for n, t in enumerate(texts)]
        for text, cid in zip(texts, add_claims(con, art, made), strict=True):
            ids[text] = cid
    con.execute("UPDATE claims SET current = false WHERE claim_id = ?", [ids["B two."]])
    pairs = [("A one.", "B one."), ("A one.", "A two."), ("A one.", "B two."), ("B one.", "C one.")]
    for a, b in pairs:
        first, second = sorted((ids[a], ids[b]))
        con.execute(
            "INSERT INTO links (claim_a, claim_b, similarity, method, created_at) "
            "VALUES (?, ?, 0.9, 'embedding', now())",
            [first, second],
        )
    by_row = con.execute(
        f"SELECT l.claim_a, l.claim_b, {_INDEPENDENT_SQL} FROM links l "
        + _PAIR_SIDES.format(a="l.claim_a", b="l.claim_b")
        + " ORDER BY 1, 2"
    ).fetchall()
    by_view = con.execute(
        """SELECT l.claim_a, l.claim_b,
                  ea.claim_id IS NOT NULL AND eb.claim_id IS NOT NULL AND ea.article_id <> eb.article_id
           FROM links l LEFT JOIN eligible_claims ea ON ea.claim_id = l.claim_a
           LEFT JOIN eligible_claims eb ON eb.claim_id = l.claim_b ORDER BY 1, 2"""
    ).fetchall()
    assert by_row == by_view
    assert sorted(r[2] for r in by_row) == [False, False, False, True]
