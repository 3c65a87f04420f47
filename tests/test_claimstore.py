from __future__ import annotations

import pytest
from store_helpers import add_article, add_claims, claim, figure

from warehouse.claimstore import pending_versions
from warehouse.db import connect

V1 = "CloudMatrix 384 draws 2.3 times the power of the GB200 NVL72."
V2 = "CloudMatrix 384 draws 3.9 times the power of the GB200 NVL72."
KEPT = "The system holds 384 Ascend 910C processors."


def test_claimstore_new_version_supersedes_changed_claims_and_keeps_the_rest(tmp_path):
    with connect(tmp_path / "s.duckdb") as con:
        add_article(con, "a1", "alpha")
        assert [p.version for p in pending_versions(con)] == [1]
        old_ratio, kept = add_claims(
            con,
            "a1",
            [
                claim(V1, figure(2.3, "x", 2.3, 2.3, "2.3 times", "cloudmatrix-384", "power")),
                claim(
                    KEPT,
                    figure(384, "count", 384, 384, "384 Ascend 910C processors", "cloudmatrix-384"),
                    start=80,
                ),
            ],
        )
        assert pending_versions(con) == []
        # Version 2 corrects the ratio and keeps the other sentence.
        con.execute("UPDATE articles SET version = 2 WHERE article_id = 'a1'")
        con.execute(
            "INSERT INTO article_versions (article_id, version, content_sha1, title, text, fetch_id, "
            "fetched_at, processed) VALUES ('a1', 2, 'sha2', NULL, 'b', 'f', now(), false)"
        )
        (new_ratio,) = add_claims(
            con,
            "a1",
            [
                claim(V2, figure(3.9, "x", 3.9, 3.9, "3.9 times", "cloudmatrix-384", "power")),
                claim(
                    KEPT,
                    figure(384, "count", 384, 384, "384 Ascend 910C processors", "cloudmatrix-384"),
                    start=80,
                ),
            ],
            version=2,
        )
        rows = {
            r[0]: r[1:]
            for r in con.execute("SELECT claim_id, version, current, superseded_by FROM claims").fetchall()
        }
    assert rows[old_ratio] == (1, False, new_ratio)
    assert rows[new_ratio] == (2, True, None)
    assert rows[kept] == (1, True, None)  # the unchanged sentence keeps its claim (and its links)


def test_claimstore_a_sentence_said_twice_keeps_both_claims_when_reread(tmp_path):
    # A summary box repeating a sentence of the story: two claims. Reading the same text again
    # (`claimwatch reprocess`, or a new version that keeps both) supersedes neither; a version
    # that says it once keeps the first. Before: the second saying was superseded on every
    # reprocess (19 of 358 claims of bench/run_cost.py's web, 83 contradictions closed).
    processors = figure(384, "count", 384, 384, "384 Ascend 910C processors", "cloudmatrix-384")
    said_twice = [
        claim(KEPT, processors),
        claim(V1, figure(2.3, "x", 2.3, 2.3, "2.3 times", "cloudmatrix-384", "power"), start=70),
        claim(KEPT, processors, start=140),
    ]
    with connect(tmp_path / "s.duckdb") as con:
        add_article(con, "a1", "alpha")
        first = add_claims(con, "a1", said_twice)
        assert len(first) == 3
        assert add_claims(con, "a1", said_twice) == []  # the same text read again: nothing new
        current = {r[0] for r in con.execute("SELECT claim_id FROM claims WHERE current").fetchall()}
        assert current == set(first)
        add_claims(con, "a1", said_twice[:2])  # the repeat is gone: the first saying keeps its claim
        current = {r[0] for r in con.execute("SELECT claim_id FROM claims WHERE current").fetchall()}
    assert current == set(first[:2])


def test_claimstore_diff_reports_figure_changes_and_corrections(tmp_path):
    from cli.formatting import format_diff
    from warehouse.revisions import ArticleNotFound

    with connect(tmp_path / "s.duckdb") as con:
        add_article(con, "a1", "alpha")
        add_claims(
            con, "a1", [claim(V1, figure(2.3, "x", 2.3, 2.3, "2.3 times", "cloudmatrix-384", "power"))]
        )
        con.execute("UPDATE articles SET version = 2 WHERE article_id = 'a1'")
        con.execute(
            "INSERT INTO article_versions (article_id, version, content_sha1, title, text, fetch_id, "
            "fetched_at, processed) VALUES ('a1', 2, 'sha2', NULL, 'b', 'f', now(), false)"
        )
        con.execute("INSERT INTO corrections VALUES ('a1', 2, 'Correction: the ratio is 3.9 times.')")
        add_claims(
            con,
            "a1",
            [
                claim(V2, figure(3.9, "x", 3.9, 3.9, "3.9 times", "cloudmatrix-384", "power")),
                claim(KEPT, start=80),
            ],
            version=2,
        )
        text = format_diff(con, "a1")
        with pytest.raises(ArticleNotFound):
            format_diff(con, "nope")
    assert "changed: power ratio 2.3 times → 3.9 times" in text
    assert f"  - {V1}" in text
    assert f"  + {V2}" in text
    assert f"added:\n  + {KEPT}" in text
    assert "correction notice (v2): Correction: the ratio is 3.9 times." in text


def test_claimstore_syndicated_copy_records_appearances_not_claims(tmp_path):
    from core.claim import Claim
    from warehouse.claimstore import PendingVersion, save_appearances

    with connect(tmp_path / "s.duckdb") as con:
        add_article(con, "orig", "harbor")
        add_article(con, "copy", "eastwire", duplicate_of="orig")
        (original,) = add_claims(con, "orig", [claim(V2)])
        pending = PendingVersion("copy", 1, "", "en", "orig")
        added = save_appearances(
            con, pending, [claim(V2), Claim("Not in the original at all.", 0, 5, "en", 0.6, "other")]
        )
        assert added == 1
        assert save_appearances(con, pending, [claim(V2)]) == 0  # idempotent
        rows = con.execute("SELECT claim_id, article_id, source FROM appearances").fetchall()
        copies = con.execute("SELECT count(*) FROM claims WHERE article_id = 'copy'").fetchone()[0]
    assert rows == [(original, "copy", "eastwire")]
    assert copies == 0


def test_claimstore_one_batch_equals_one_version_at_a_time(tmp_path):
    """save_versions writes a whole batch in one transaction: the same rows as saving each
    version alone, a copy finds an original saved in the same batch, and a failing batch
    leaves nothing behind (every version still pending)."""
    from dataclasses import replace

    import duckdb

    from warehouse.claimstore import PendingVersion, save_versions

    def fill(con):
        add_article(con, "a1", "alpha")
        add_article(con, "b1", "beta")
        add_article(con, "c1", "gamma", duplicate_of="b1")
        add_claims(
            con, "a1", [claim(V1, figure(2.3, "x", 2.3, 2.3, "2.3 times", "cloudmatrix-384", "power"))]
        )
        con.execute("UPDATE articles SET version = 2 WHERE article_id = 'a1'")
        con.execute(
            "INSERT INTO article_versions (article_id, version, content_sha1, title, text, fetch_id, "
            "fetched_at, processed) VALUES ('a1', 2, 'sha2', NULL, 'b', 'f', now(), false)"
        )

    batch = [
        (
            PendingVersion("a1", 2, "", "en"),
            [
                claim(V2, figure(3.9, "x", 3.9, 3.9, "3.9 times", "cloudmatrix-384", "power")),
                claim(KEPT, start=80),
            ],
        ),
        (PendingVersion("b1", 1, "", "en"), [claim(KEPT), claim(V1, start=70)]),
        (
            PendingVersion("c1", 1, "", "en", "b1"),
            [claim(V1), claim("A sentence of the copy only, 5 units.")],
        ),
    ]
    tables = (
        "SELECT claim_id, article_id, version, text, current, superseded_by FROM claims ORDER BY 1",
        "SELECT claim_id, idx, value, unit FROM figures ORDER BY 1, 2",
        "SELECT claim_id, article_id FROM appearances ORDER BY 1, 2",
    )
    stores = []
    for together in (True, False):
        with connect(tmp_path / f"s{together}.duckdb") as con:
            fill(con)
            if together:
                saved = save_versions(con, batch)
                assert (saved.versions, saved.new, saved.appearances) == (3, 4, 1)
            else:
                for item in batch:
                    save_versions(con, [item])
            assert pending_versions(con) == []
            stores.append([con.execute(sql).fetchall() for sql in tables])
    assert stores[0] == stores[1]
    assert len(stores[0][2]) == 1  # the copy's V1 is an appearance of b1's claim
    assert [r[4] for r in stores[0][0] if r[1] == "a1" and r[2] == 1] == [False]  # V1 superseded
    with connect(tmp_path / "failed.duckdb") as con:
        fill(con)
        bad = [
            batch[1],
            # A figure without its surface text breaks the figures table's NOT NULL.
            (
                PendingVersion("a1", 2, "", "en"),
                [claim(V2, replace(figure(3.9, "x", 3.9, 3.9, "3.9", "s"), surface=None))],
            ),
        ]
        with pytest.raises(duckdb.ConstraintException):
            save_versions(con, bad)
        assert sorted(p.article_id for p in pending_versions(con)) == ["a1", "b1", "c1"]
        assert con.execute("SELECT count(*) FROM claims WHERE article_id = 'b1'").fetchone()[0] == 0
