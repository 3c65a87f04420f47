"""Linking, clusters and contradictions on small hand-built stores (vectors chosen by hand)."""

from __future__ import annotations

import math

import pytest
from store_helpers import add_article, add_claims, basis, claim, figure, set_vector

from warehouse.contradictions import FigureRow, describe, detect, gap, interval
from warehouse.db import connect
from warehouse.linking import EMBEDDING_LINK, link_new_claims

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
