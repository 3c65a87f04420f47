"""Fact clusters and stories: the pure rule on made-up cases, then the store (vectors by hand)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from store_helpers import add_article, add_claims, basis, claim, figure, set_vector

from core.clusters import fact_clusters, name_groups, primary_keys, stories
from warehouse.clusters import STALE_SQL, refresh_clusters, update_clusters
from warehouse.db import connect
from warehouse.linking import link_new_claims

VALUE, MEMORY, POWER = "nvidia|value|USD", "h20|memory|B", "cloudmatrix-384|power|W"


def _sets(clusters):
    return {frozenset(c) for c in clusters}


def test_cluster_rule_never_joins_different_fact_keys_however_similar():
    langs = dict.fromkeys("abcd", "en")
    keys = {"a": {VALUE}, "b": {VALUE}, "c": {MEMORY}, "d": {MEMORY}}
    links = [("a", "c", 0.95), ("b", "d", 0.91), ("a", "d", 0.9), ("b", "c", 0.9)]
    assert _sets(fact_clusters(langs, keys, links)) == {frozenset("ab"), frozenset("cd")}


def test_cluster_rule_a_shared_fact_key_joins_without_a_link():
    langs = {"en1": "en", "ja1": "ja", "en2": "en"}
    keys = {"en1": {POWER}, "ja1": {POWER}, "en2": {POWER}}
    assert _sets(fact_clusters(langs, keys, [])) == {frozenset(langs)}


def test_cluster_rule_keyless_claims_do_not_chain():
    # A~B and C~D are strong, B~C only just links: union-find made one cluster of all four.
    langs = dict.fromkeys("ABCD", "en")
    links = [("A", "B", 0.9), ("B", "C", 0.6), ("C", "D", 0.9)]
    assert _sets(fact_clusters(langs, {}, links)) == {frozenset("AB"), frozenset("CD")}
    assert _sets(stories(langs, [], links)) == {frozenset("ABCD")}  # one story


def test_cluster_rule_chain_between_two_facts_stays_two_clusters():
    # CloudMatrix power ~ a keyless paraphrase ~ another keyless one ~ H20 memory
    langs = dict.fromkeys("ABCD", "en")
    keys = {"A": {POWER}, "D": {MEMORY}}
    links = [("A", "B", 0.8), ("B", "C", 0.8), ("C", "D", 0.8)]
    clusters = fact_clusters(langs, keys, links)
    assert not any({"A", "D"} <= c for c in clusters)
    assert _sets(clusters) == {frozenset("AB"), frozenset("CD")}


def test_cluster_rule_keyless_claim_joins_only_what_it_mostly_links_to():
    langs = dict.fromkeys(["k1", "k2", "k3", "u", "v"], "en")
    keys = {"k1": {VALUE}, "k2": {VALUE}, "k3": {VALUE}}
    # u links to all three members, v to one of them: v stays out
    links = [("u", "k1", 0.7), ("u", "k2", 0.7), ("u", "k3", 0.65), ("v", "k1", 0.95)]
    assert _sets(fact_clusters(langs, keys, links)) == {frozenset(["k1", "k2", "k3", "u"])}


def test_cluster_rule_members_of_another_language_are_not_held_against_a_paraphrase():
    # MiniLM cannot compare English with Japanese: the ja member counts neither way.
    langs = {"en1": "en", "en2": "en", "ja1": "ja", "u": "en"}
    keys = {"en1": {VALUE}, "en2": {VALUE}, "ja1": {VALUE}}
    links = [("u", "en1", 0.7), ("u", "en2", 0.7)]
    assert _sets(fact_clusters(langs, keys, links)) == {frozenset(langs)}


def test_cluster_rule_keyless_claim_joins_only_a_cluster_of_its_own_measure():
    # On one beat every sentence is 0.7-similar to the others: a subjectless "$1 billion were
    # smuggled" and an event dated "in April" link to both memory claims, yet paraphrase neither.
    langs = dict.fromkeys(["k1", "k2", "usd", "date", "plain", "mem"], "en")
    keys = {"k1": {MEMORY}, "k2": {MEMORY}}
    measures = {"usd": {"value|USD"}, "date": {"date|year"}, "mem": {"memory|B", "date|year"}}
    links = [(c, k, 0.8) for c in ("usd", "date", "plain", "mem") for k in ("k1", "k2")]
    links.append(("plain", "mem", 0.8))
    clusters = _sets(fact_clusters(langs, keys, links, measures=measures))
    assert clusters == {frozenset(["k1", "k2", "plain", "mem"])}  # no figure, or the same measure
    # Two keyless claims of different measures do not form a cluster of their own either.
    assert (
        fact_clusters(
            dict.fromkeys("ab", "en"),
            {},
            [("a", "b", 0.9)],
            measures=measures | {"a": {"value|USD"}, "b": {"date|year"}},
        )
        == []
    )


def test_cluster_rule_claim_with_two_facts_joins_the_common_one_unless_needed():
    ratio, flops, months = "cm~gb|compute|x", "cm|compute|FLOPS", "nvidia|count:month|count"
    # The fixture site: a2x and b2 state the ratio, a2y the petaflops, g1 both.
    keys = {"a2x": {ratio}, "b2": {ratio}, "a2y": {flops}, "g1": {ratio, flops}}
    assert primary_keys(keys)["g1"] == flops  # else the petaflops fact has one claim
    clusters = fact_clusters(dict.fromkeys(keys, "en"), keys, [])
    assert _sets(clusters) == {frozenset(["a2x", "b2"]), frozenset(["a2y", "g1"])}
    # "$1bn smuggled in the three months after the curbs": the value, not the duration.
    keys = {"s1": {VALUE, months}, "s2": {VALUE, months}, "s3": {VALUE}, "s4": {VALUE}}
    assert set(primary_keys(keys).values()) == {VALUE}
    # Two claims that both need the one claim: it stays where most claims are.
    keys = {"x": {ratio, flops}, "y": {ratio}, "z": {ratio}}
    assert primary_keys(keys) == dict.fromkeys("xyz", ratio)


def test_cluster_names_survive_joins_merges_and_splits():
    t0 = datetime(2025, 7, 1, tzinfo=UTC)
    born = {c: t0 + timedelta(days=n) for n, c in enumerate("pqrstuvw")}
    # a claim joins: the cluster keeps its name, although the newcomer's id is smaller
    assert name_groups([frozenset("pqa")], {"p": "q", "q": "q"}, born | {"a": t0}) == dict.fromkeys(
        "pqa", "q"
    )
    # two clusters merge: the older name wins, though the newer one has more carriers
    current = {"p": "p", "q": "p", "r": "r", "s": "r", "t": "r"}
    assert set(name_groups([frozenset("pqrst")], current, born).values()) == {"p"}
    # a cluster splits: the larger part keeps the name; the other takes a fresh one, never
    # a name in use outside (`taken`) nor one that named a cluster before
    current = dict.fromkeys("pqrst", "p") | {"u": "u", "v": "u"}
    named = name_groups([frozenset("pqr"), frozenset("st"), frozenset("uv")], current, born, {"s"})
    assert named["p"] == "p"
    assert named["s"] == named["t"] == "t"
    assert named["u"] == "u"


def test_cluster_rule_stories_are_link_components_holding_whole_clusters():
    langs = dict.fromkeys("abcde", "en")
    clusters = [frozenset("ab")]  # same key, never linked
    links = [("b", "c", 0.6), ("d", "e", 0.7)]
    assert _sets(stories(langs, clusters, links)) == {frozenset("abc"), frozenset("de")}


# The store: four English articles. A and D state different facts with figures; B and C are
# keyless paraphrases in between; every neighbour pair links, A and D do not.
CHAIN = {
    "A": (
        "Nvidia chips worth $1 billion were smuggled.",
        figure(1e9, "USD", 1e9, 1e9, "$1 billion", "nvidia"),
    ),
    "B": ("Smuggled chips flowed into China all year.", None),
    "C": ("The smuggled chips included many H20 parts.", None),
    "D": ("The H20 carries 96 GB of memory.", figure(96e9, "B", 96e9, 96e9, "96 GB", "h20", "memory")),
}


@pytest.fixture
def chain_store(tmp_path):
    con = connect(tmp_path / "c.duckdb")
    ids = {}
    for n, (name, (text, fig)) in enumerate(CHAIN.items()):
        add_article(con, f"art{name}", f"source{name.lower()}")
        (ids[name],) = add_claims(con, f"art{name}", [claim(text, *([fig] if fig else []))])
        set_vector(con, text, basis(0, 1, 0.6 * n))  # neighbours 0.83 apart, A-D cos(1.8) < 0
    yield con, ids
    con.close()


def _ids(con):
    return {
        c: (k, s) for c, k, s in con.execute("SELECT claim_id, cluster_id, story_id FROM claims").fetchall()
    }


def test_clusters_in_the_store_do_not_chain_but_stories_do(chain_store):
    con, ids = chain_store
    link_new_claims(con)
    assert con.execute("SELECT count(*) FROM links").fetchone()[0] == 3  # A-B, B-C, C-D
    got = _ids(con)
    assert got[ids["A"]][0] != got[ids["D"]][0]
    assert len({got[ids[n]][1] for n in "ABCD"}) == 1  # one story
    assert got[ids["B"]][0] is not None  # the paraphrases are clustered, with one side or each other


def test_clusters_incremental_equal_refresh_and_old_clusters_are_redone(chain_store):
    con, _ = chain_store
    link_new_claims(con)
    incremental = _ids(con)
    # A store clustered before story_id (migration 0012): one story-wide cluster id, no story.
    con.execute("UPDATE claims SET cluster_id = (SELECT min(claim_id) FROM claims), story_id = NULL")
    update_clusters(con, [])
    assert _ids(con) == incremental
    con.execute("UPDATE claims SET cluster_id = NULL, story_id = NULL")
    refresh_clusters(con)
    assert _ids(con) == incremental


def test_clusters_superseded_and_syndicated_claims_leave(chain_store):
    con, ids = chain_store
    link_new_claims(con)
    con.execute("UPDATE claims SET current = false WHERE claim_id = ?", [ids["B"]])
    con.execute("UPDATE articles SET duplicate_of = 'artA' WHERE article_id = 'artC'")
    update_clusters(con, [])
    got = _ids(con)
    assert got[ids["B"]] == got[ids["C"]] == (None, None)


def test_clusters_the_stale_check_is_the_eligible_view_negated(chain_store):
    # STALE_SQL reads eligibility from the claim's own row (no join with the view over every
    # claim): it must find what the join with eligible_claims finds, case by case.
    con, ids = chain_store
    link_new_claims(con)
    by_view = """SELECT c.claim_id FROM claims c LEFT JOIN eligible_claims e ON e.claim_id = c.claim_id
                 WHERE (c.cluster_id IS NOT NULL OR c.story_id IS NOT NULL)
                   AND (e.claim_id IS NULL OR c.story_id IS NULL)"""
    by_row = STALE_SQL.replace("SELECT 1", "SELECT c.claim_id", 1)

    def stale(sql):
        return sorted(r[0] for r in con.execute(sql).fetchall())

    assert stale(by_row) == stale(by_view) == []
    con.execute("UPDATE claims SET current = false WHERE claim_id = ?", [ids["B"]])  # superseded
    assert stale(by_row) == stale(by_view) == [ids["B"]]
    con.execute("UPDATE articles SET duplicate_of = 'artA' WHERE article_id = 'artC'")  # a copy
    con.execute("UPDATE claims SET story_id = NULL WHERE claim_id = ?", [ids["D"]])  # before 0012
    assert stale(by_row) == stale(by_view) == sorted([ids["B"], ids["C"], ids["D"]])


def test_clusters_a_fallback_subject_keys_no_cluster(tmp_path):
    # Blind3 dev class 7 (made up): "Orbis Logistics … exported more than $40 million worth of
    # servers" got the story's company by fallback and joined its value cluster, unlinked.
    import dataclasses

    con = connect(tmp_path / "f.duckdb")
    named = figure(1e9, "USD", 1e9, 1e9, "$1 billion", "nvidia")
    texts = {
        "A": ("Nvidia chips worth $1 billion were smuggled.", named),
        "B": ("Smugglers moved $1 billion of Nvidia chips.", named),
        "F": (
            "Orbis Logistics exported more than $40 million worth of servers.",
            dataclasses.replace(
                figure(4e7, "USD", 4e7, None, "more than $40 million", "nvidia"), subject_from="fallback"
            ),
        ),
    }
    ids = {}
    for n, (name, (text, fig)) in enumerate(texts.items()):
        add_article(con, f"art{name}", f"source{name.lower()}")
        (ids[name],) = add_claims(con, f"art{name}", [claim(text, fig)])
        set_vector(con, text, basis(0 if name != "F" else 5, 1, 0.1 * n))  # F links to neither
    link_new_claims(con)
    got = _ids(con)
    assert got[ids["A"]][0] == got[ids["B"]][0] is not None
    assert got[ids["F"]][0] != got[ids["A"]][0]
    con.close()


REVENUE = "acme|revenue|USD"
Q2, Q3 = (
    {"quarter": frozenset({2}), "span": frozenset({3})},
    {"quarter": frozenset({3}), "span": frozenset({3})},
)


def test_cluster_rule_two_periods_of_one_key_are_two_facts():
    # Blind7 dev class (made up): the second quarter's revenue, the third's and a claim that
    # names no quarter but links to the third-quarter ones.
    langs = dict.fromkeys(["q2a", "q2b", "q3a", "q3b", "free"], "en")
    keys = {c: {REVENUE} for c in langs}
    periods = {"q2a": {REVENUE: Q2}, "q2b": {REVENUE: Q2}, "q3a": {REVENUE: Q3}, "q3b": {REVENUE: Q3}}
    links = [("free", "q3a", 0.8), ("free", "q3b", 0.7), ("free", "q2a", 0.75), ("q2a", "q3a", 0.9)]
    got = _sets(fact_clusters(langs, keys, links, periods=periods))
    assert got == {frozenset(["q2a", "q2b"]), frozenset(["q3a", "q3b", "free"])}
    # Without periods (or with periods that meet: a quarter and its year) it is one fact.
    assert _sets(fact_clusters(langs, keys, links)) == {frozenset(langs)}
    year = {"year": frozenset({2025})}
    meet = {"q2a": {REVENUE: Q2}, "q3a": {REVENUE: {**Q2, **year}}, "q3b": {REVENUE: year}}
    assert _sets(fact_clusters(langs, keys, links, periods=meet)) == {frozenset(langs)}


def test_cluster_rule_a_claim_naming_no_period_goes_where_it_links_else_to_the_largest():
    langs = dict.fromkeys(["q2a", "q3a", "q3b", "free"], "en")
    keys = {c: {REVENUE} for c in langs}
    periods = {"q2a": {REVENUE: Q2}, "q3a": {REVENUE: Q3}, "q3b": {REVENUE: Q3}}
    assert _sets(fact_clusters(langs, keys, [], periods=periods)) == {frozenset(["q3a", "q3b", "free"])}
    linked = [("free", "q2a", 0.7)]
    got = _sets(fact_clusters(langs, keys, linked, periods=periods))
    assert got == {frozenset(["q2a", "free"]), frozenset(["q3a", "q3b"])}


def test_clusters_in_the_store_split_a_key_by_the_periods_its_claims_name(tmp_path):
    con = connect(tmp_path / "p.duckdb")
    fig = figure(4e10, "USD", 4e10, 4e10, "$40 billion", "nvidia", measure="revenue")
    texts = {
        "A": "Nvidia's revenue was $40 billion in the second quarter.",
        "B": "In the second quarter Nvidia's revenue came to $40 billion.",
        "C": "Nvidia's third-quarter revenue was $40 billion.",
        "D": "Nvidia's revenue for the third quarter reached $40 billion.",
    }
    ids = {}
    for n, (name, text) in enumerate(texts.items()):
        add_article(con, f"art{name}", f"source{name.lower()}")
        (ids[name],) = add_claims(con, f"art{name}", [claim(text, fig)])
        set_vector(con, text, basis(0, 1, 0.05 * n))  # all four link
    link_new_claims(con)
    got = _ids(con)
    assert got[ids["A"]][0] == got[ids["B"]][0] is not None
    assert got[ids["C"]][0] == got[ids["D"]][0] is not None
    assert got[ids["A"]][0] != got[ids["C"]][0]
    assert got[ids["A"]][1] == got[ids["C"]][1]  # one story
    con.close()


def test_cluster_rule_a_claim_of_two_keys_joins_the_period_group_it_shares():
    # Blind8 dev class (made up): "Acme plans 60,000 X1 chips in 2026, and up to 1.6 million
    # chips of all kinds": its Acme count names 2026 where Acme's other counts name 2025, so
    # that period group would hold it alone; it joins the X1 count it shares with another claim.
    acme, x1 = "acme|count:chip|count", "x1|count:chip|count"
    y2025 = {"year": frozenset({2025}), "span": frozenset({12})}
    y2026 = {"year": frozenset({2026}), "span": frozenset({12})}
    langs = dict.fromkeys(["two", "x1", "x1b", "acme1", "acme2"], "en")
    keys = {"two": {acme, x1}, "x1": {x1}, "x1b": {x1}, "acme1": {acme}, "acme2": {acme}}
    periods = {
        "two": {acme: y2026, x1: y2026},
        "x1": {x1: y2026},
        "x1b": {x1: y2026},
        "acme1": {acme: y2025},
        "acme2": {acme: y2025},
    }
    got = _sets(fact_clusters(langs, keys, [], periods=periods))
    assert got == {frozenset(["two", "x1", "x1b"]), frozenset(["acme1", "acme2"])}


# Two facts, each stated by several outlets (some in other words, no key), in two batches.
TWO_RUNS = [
    {
        "A": ("Nvidia sold chips worth $1 billion.", "nvidia", 1e9, 0, 0.00),
        "B": ("Nvidia's chip sales reached $1 billion.", "nvidia", 1e9, 0, 0.15),
        "C": ("The H20 carries 96 GB of memory.", "h20", 96e9, 3, 0.00),
        "D": ("Chip sales to China kept growing.", None, None, 0, 0.35),
    },
    {
        "E": ("Nvidia's sales of chips came to $1.2 billion.", "nvidia", 1.2e9, 0, 0.10),
        "F": ("The H20 has 96 GB of HBM.", "h20", 96e9, 3, 0.10),
        "G": ("An H20 holds 141 GB of memory, said a vendor.", "h20", 141e9, 10, 0.20),  # links to none
    },
]


def _add_batch(con, batch):
    for name, (text, subject, value, axis, mix) in batch.items():
        add_article(con, f"art{name}", f"source{name.lower()}")
        unit, measure = ("USD", "value") if subject == "nvidia" else ("B", "memory")
        figures = [figure(value, unit, value, value, "x", subject, measure)] if subject else []
        add_claims(con, f"art{name}", [claim(text, *figures)])
        set_vector(con, text, basis(axis, axis + 1, mix))


def test_clusters_linked_in_two_runs_equal_one_run_and_cluster_links_read_no_scan(tmp_path, monkeypatch):
    # The link stage's clusters and cluster links come from the region it re-clustered
    # (update_clusters' `placed`), not from a scan of claims.cluster_id: the same members as that
    # scan, and the same ids and links as one run over every claim.
    from warehouse import linking

    seen = []
    real = linking.cluster_links

    def checked(con, new_ids, model, now, vectors, index=None, placed=None):
        assert placed is not None
        theirs = {placed[c] for c in new_ids if placed.get(c) is not None}
        from_placed = {(c, k, c in new_ids) for c, k in placed.items() if k in theirs}
        assert from_placed == set(linking._cluster_members(con, new_ids))
        seen.append(len(from_placed))
        return real(con, new_ids, model, now, vectors, index, placed)

    monkeypatch.setattr(linking, "cluster_links", checked)
    con = connect(tmp_path / "two.duckdb")
    for batch in TWO_RUNS:
        _add_batch(con, batch)
        link_new_claims(con)
    assert len(seen) == 2
    assert seen[-1] >= 4  # both facts' clusters, old members with the new ones
    one = connect(tmp_path / "one.duckdb")
    for batch in TWO_RUNS:
        _add_batch(one, batch)
    link_new_claims(one)
    assert _ids(con) == _ids(one)
    cluster_links = "SELECT claim_a, claim_b FROM links WHERE method = 'cluster' ORDER BY ALL"
    assert con.execute(cluster_links).fetchall() == one.execute(cluster_links).fetchall()
    assert con.execute(cluster_links).fetchall()  # the test has cluster links to compare
    con.close()
    one.close()


class _Counting:
    """A connection that counts the statements reading the eligible_claims view."""

    def __init__(self, con):
        self._con, self.views = con, 0

    def __getattr__(self, name):
        return getattr(self._con, name)

    def execute(self, sql, *args):
        self.views += "eligible_claims" in sql
        self._con.execute(sql, *args)
        return self


def test_clusters_the_link_stage_reads_the_eligible_view_twice_and_leaves_no_copy(tmp_path):
    # Each read of eligible_claims joins every claim with its article (0.08-0.20 s at 100k
    # stored articles): the stage's pending claims read it, then one copy serves its partners,
    # sides, stale check, key holders and region; the copy is gone after the stage.
    con = connect(tmp_path / "v.duckdb")
    for batch in TWO_RUNS:
        _add_batch(con, batch)
        counting = _Counting(con)
        assert link_new_claims(counting).links
        assert counting.views == 2
    assert not con.execute("SELECT * FROM duckdb_tables() WHERE table_name = 'link_eligible'").fetchall()
    before = _ids(con)
    refresh_clusters(con)
    assert _ids(con) == before
    con.close()
