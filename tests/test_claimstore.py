from __future__ import annotations

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
        con.execute("INSERT INTO article_versions VALUES ('a1', 2, 'sha2', NULL, 'b', 'f', now(), false)")
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
