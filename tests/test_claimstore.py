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
    from nlp.claims import Claim
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
