"""Fact-checks (issue #5): import in three formats, hybrid matching, the daily job's matches."""

from __future__ import annotations

import csv
import itertools
import json
from pathlib import Path

import pytest
from shared_data import require

from cli.main import main
from flows.nlp_stage import embed_factchecks
from nlp.embeddings import embed, model_name
from tests.store_helpers import add_article, add_claims, claim
from warehouse.db import connect, copy_store
from warehouse.factchecks import detect_format, import_factchecks, match_new_claims, query_text
from warehouse.factchecks import rank as rank_stored
from warehouse.fts import bm25_top, load_fts
from warehouse.linking import missing_texts as missing_claim_texts
from warehouse.linking import store_vectors

FIXTURES = Path(__file__).parent / "fixtures" / "factchecks"
CHECKTHAT = Path(__file__).resolve().parents[2] / "shared" / "data" / "checkthat2020-task2"


def imported(con, path):
    """Import, then the embed stage's fact-check part (as `claimwatch factchecks import` does)."""
    result = import_factchecks(con, path)
    result.embedded = embed_factchecks(con)
    return result


def rank(con, texts, **kw):
    """Ad-hoc queries: embedded by the caller (the store holds no vector for them)."""
    return rank_stored(con, texts, vectors=embed([query_text(t) for t in texts]), **kw)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A store with the three fixture files imported (the first import of each is checked here)."""
    db = tmp_path_factory.mktemp("factchecks") / "store.duckdb"
    results = {}
    with connect(db) as con:
        for name in ("factchecks.tsv", "factchecks.jsonl", "claimreview.jsonld"):
            results[name] = imported(con, FIXTURES / name)
    return db, results


def test_tsv_import_reads_quoted_multiline_claims_and_counts_the_bad_row(store):
    db, results = store
    r = results["factchecks.tsv"]
    assert (r.read, r.new, r.bad, r.embedded) == (8, 7, 1, 7)
    assert "line 10" in r.errors[0]
    assert "2 fields" in r.errors[0]
    with connect(db, read_only=True) as con:
        claim_5 = con.execute("SELECT claim FROM factchecks WHERE factcheck_id = '5'").fetchone()[0]
        canon = dict(con.execute("SELECT factcheck_id, canonical_id FROM factchecks").fetchall())
    assert (
        claim_5 == "The city council voted to ban all cars from the old town by 2030, starting with weekends."
    )
    assert canon["2"] == canon["3"] == "2"  # near-duplicates (quotes only) answer under the lowest id


def test_jsonl_and_claimreview_imports_map_their_fields(store):
    db, results = store
    jsonl, jsonld = results["factchecks.jsonl"], results["claimreview.jsonld"]
    assert (jsonl.read, jsonl.new, jsonl.bad) == (5, 3, 2)  # no claim; broken JSON
    assert (jsonld.read, jsonld.new, jsonld.bad) == (3, 2, 1)  # a ClaimReview without claimReviewed
    with connect(db, read_only=True) as con:
        rows = {
            r[0]: r[1:]
            for r in con.execute(
                "SELECT factcheck_id, claim, title, url, rating, published FROM factchecks"
            ).fetchall()
        }
    assert rows["j1"] == (
        "Eating carrots gives pilots night vision.",
        "Do Carrots Improve Night Vision?",
        "https://checks.example/carrots",
        None,
        "2024-03-01",
    )
    assert rows["https://checks.example/goldfish"][0] == "Goldfish have a three-second memory."
    review = rows["https://checks.example/reviews/vaccine-microchips"]
    assert review[1:4] == (
        "No, vaccines do not contain tracking microchips",
        "https://checks.example/reviews/vaccine-microchips",
        "False",
    )
    headline = rows["https://checks.example/reviews/unemployment#review"]
    assert headline[1] == "Unemployment at a 54-year low"
    assert headline[3] == "True"


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("f.tsv", "\tvclaim\ttitle\n", "tsv"),
        ("f", "\tvclaim\ttitle\n", "tsv"),
        ("f.json", '{"id": 1, "claim": "x"}\n{"id": 2, "claim": "y"}\n', "jsonl"),
        ("f.json", '{"@context": "https://schema.org", "@type": "ClaimReview"}', "jsonld"),
        ("f", '{\n  "@graph": []\n}', "jsonld"),
        ("f.jsonld", "[]", "jsonld"),
    ],
)
def test_format_is_detected_from_extension_and_content(name, text, expected):
    assert detect_format(Path(name), text) == expected


def test_rerun_inserts_nothing_and_embeds_nothing(store):
    db, _ = store
    with connect(db) as con:
        before = con.execute("SELECT count(*) FROM factchecks").fetchone()[0]
        again = [imported(con, FIXTURES / n) for n in ("factchecks.tsv", "claimreview.jsonld")]
        after = con.execute("SELECT count(*) FROM factchecks").fetchone()[0]
    assert before == after == 12
    assert [(r.new, r.embedded) for r in again] == [(0, 0), (0, 0)]
    assert again[0].existing == 7


def test_batched_bm25_agrees_with_the_fts_macro(store):
    db, _ = store
    query = "council bans cars in the old town, birds and wind turbines"
    with connect(db, read_only=True) as con:
        load_fts(con)
        macro = con.execute(
            """SELECT factcheck_id, s FROM (SELECT factcheck_id,
                   fts_main_factchecks.match_bm25(factcheck_id, ?) AS s FROM factchecks)
               WHERE s IS NOT NULL ORDER BY s DESC, factcheck_id""",
            [query],
        ).fetchall()
        ours = bm25_top(con, "factchecks", [query], n=100)[0]
    assert len(ours) >= 2
    assert [i for i, _ in ours] == [i for i, _ in macro]
    assert [round(s, 6) for _, s in ours] == [round(s, 6) for _, s in macro]


def test_match_ranks_the_paraphrased_fact_check_first(store):
    db, _ = store
    with connect(db, read_only=True) as con:
        results = rank(
            con,
            [
                "BREAKING: wind farms are slaughtering more birds than house cats ever did! https://t.co/x1",
                "My aunt says a lemon + baking soda drink cured her cancer",
                "Was the unemployment rate 3.4% last January?",
            ],
            k=3,
        )
    assert [r[0].factcheck_id for r in results] == [
        "4",
        "2",
        "https://checks.example/reviews/unemployment#review",
    ]
    assert all(len(r) == 3 for r in results)
    ids = [m.factcheck_id for m in results[1]]
    assert "3" not in ids  # its near-duplicate "2" stands for both
    assert all(a.score >= b.score for r in results for a, b in itertools.pairwise(r))


def test_match_cli_prints_jsonl_and_table(store, tmp_path, capsys):
    db, _ = store
    queries = tmp_path / "queries.tsv"
    queries.write_text("id\ttext\nq1\tthe eiffel tower was sold as scrap\nq2\tcarrots and night vision\n")
    assert main(["match", "--db", str(db), "--queries", str(queries), "-k", "2"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["query_id"] for line in lines] == ["q1", "q2"]
    assert lines[0]["results"][0]["factcheck_id"] == "1"
    assert lines[1]["results"][0]["factcheck_id"] == "j1"
    assert all(
        set(r) == {"factcheck_id", "score", "claim", "title"} for line in lines for r in line["results"]
    )
    assert all(len(line["results"]) == 2 for line in lines)

    assert main(["match", "--db", str(db), "--query", "goldfish memory", "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("query query: goldfish memory")
    assert "[https://checks.example/goldfish]" in out


def test_import_cli_prints_a_summary_and_logs_bad_rows(tmp_path, capsys, caplog):
    db = tmp_path / "cli.duckdb"
    assert main(["factchecks", "import", str(FIXTURES / "claimreview.jsonld"), "--db", str(db)]) == 0
    assert "3 read, 2 new, 0 already stored, 1 bad, 2 embedded" in capsys.readouterr().out
    assert "ClaimReview 3: no claim text" in caplog.text


def test_daily_matching_stores_ranked_matches_once_and_waits_for_the_embed_stage(store, tmp_path):
    db = tmp_path / "daily.duckdb"
    with connect(db) as con:
        add_article(con, "a1", "outlet")
        ids = add_claims(
            con,
            "a1",
            [
                # Matched by its link-free text, which the import's embed step embeds (the claim
                # text itself is the claims' embed stage's).
                claim("Wind turbines kill more birds every year than cats, the group said. https://t.co/x1"),
                claim("The museum opened a new wing with 40 paintings on Tuesday.", start=100),
            ],
        )
        empty = {"factchecks": 0, "compared": 0, "matches": 0, "claims_matched": 0, "no_vector": 0}
        assert match_new_claims(con) == empty
        imported(con, FIXTURES / "factchecks.tsv")
        first = match_new_claims(con)  # the museum claim has no vector yet: left for the next run
        rows = con.execute("SELECT claim_id, factcheck_id, rank, score FROM factcheck_matches").fetchall()
        missing = missing_claim_texts(con, model_name())  # the embed stage, as flows/nlp_stage runs it
        store_vectors(con, [k for k, _ in missing], embed([t for _, t in missing]), model_name())
        second = match_new_claims(con)
        again = match_new_claims(con)
        count = con.execute("SELECT count(*) FROM factcheck_matches").fetchone()[0]
    assert (first["compared"], first["no_vector"], first["claims_matched"]) == (1, 1, 1)
    assert rows[0][:3] == (ids[0], "4", 1)
    assert rows[0][3] >= 0.5
    assert all(r[0] == ids[0] for r in rows)
    assert (second["compared"], second["no_vector"], second["matches"]) == (1, 0, 0)  # no fact-check
    assert (again["compared"], again["no_vector"]) == (0, 0)
    assert count == len(rows)


def test_the_daily_run_reports_fact_check_matching_and_stores_matches_after_an_import(crawled_db, tmp_path):
    live, _ = crawled_db
    with connect(live, read_only=True) as con:
        report = json.loads(
            con.execute("SELECT report FROM runs ORDER BY started_at DESC LIMIT 1").fetchone()[0]
        )
        claims = con.execute("SELECT count(*) FROM claims WHERE current").fetchone()[0]
    assert report["factchecks"] == {
        "factchecks": 0,
        "compared": 0,
        "matches": 0,
        "claims_matched": 0,
        "no_vector": 0,
    }
    db = tmp_path / "copy.duckdb"
    copy_store(live, db)  # the session's store stays as the run left it
    with connect(db) as con:
        imported(con, FIXTURES / "factchecks.tsv")
        result = match_new_claims(con, min_score=0.0, min_cosine=-1.0)  # every claim keeps its top 5
        stored = con.execute("SELECT count(*), max(rank), min(score) FROM factcheck_matches").fetchone()
    assert claims > 0
    assert result["compared"] == claims
    assert result["matches"] == stored[0] == 5 * claims
    assert stored[1] == 5
    assert stored[2] >= 0.0


def test_quality_on_a_checkthat_dev_slice(tmp_path):
    """40 dev tweets against their fact-checks among 400 others: MAP@5 pinned two tweets below 0.938."""
    require(CHECKTHAT)
    with open(CHECKTHAT / "verified_claims.docs.tsv", newline="", encoding="utf-8") as f:
        claims = list(csv.reader(f, delimiter="\t"))[1:]
    with open(CHECKTHAT / "dev" / "tweets.queries.tsv", newline="", encoding="utf-8") as f:
        tweets = list(csv.reader(f, delimiter="\t"))[1:41]
    qrels: dict[str, set[str]] = {}
    for line in (CHECKTHAT / "dev" / "tweet-vclaim-pairs.qrels").read_text().splitlines():
        tweet, _, vclaim, _ = line.split()
        qrels.setdefault(tweet, set()).add(vclaim)
    wanted = {v for t, _ in tweets for v in qrels.get(t, ())}
    keep = [r for r in claims if r[0] in wanted] + [r for r in claims if r[0] not in wanted][:400]
    path = tmp_path / "slice.tsv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, delimiter="\t").writerows([["", "vclaim", "title"], *keep])
    with connect(tmp_path / "slice.duckdb") as con:
        assert imported(con, path).new == len(keep)
        results = rank(con, [text for _, text in tweets], k=5)
    aps = []
    for (tweet, _), found in zip(tweets, results, strict=True):
        ids = [m.factcheck_id for m in found]
        hits = [i for i, fid in enumerate(ids) if fid in qrels[tweet]]
        aps.append(sum((n + 1) / (i + 1) for n, i in enumerate(hits)) / len(qrels[tweet]))
    print(f"MAP@5 on the slice: {sum(aps) / len(aps):.3f}")
    assert sum(aps) / len(aps) >= 0.88  # measured 0.938; one tweet moves it by 0.025
