"""The daily job end to end: `claimwatch run` over the loopback fixture site (tests/fixtures/site).

One real run is shared by the session (conftest.crawled_db); EXPECTED.md beside the site
says what it holds.
"""

from __future__ import annotations

import csv
import io
import json

import duckdb
import pytest
from conftest import run_cli

pytestmark = pytest.mark.e2e

COUNTED_TABLES = (
    "fetches",
    "articles",
    "article_versions",
    "claims",
    "figures",
    "embeddings",
    "links",
    "contradictions",
)


def _export(db, table, fmt="jsonl"):
    proc = run_cli("export", table, "--db", str(db), "--format", fmt)
    assert proc.returncode == 0, proc.stderr
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(proc.stdout)))
    return [json.loads(line) for line in proc.stdout.splitlines()]


def _counts(db):
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED_TABLES}


def test_e2e_report_counts_articles_failures_and_stages(crawled_db):
    _, proc = crawled_db
    out = proc.stdout
    assert "8 new, 0 updated" in out  # 7 articles and the broken-but-readable page
    assert "2 failed" in out  # the 404 and the 500
    assert "alpha: 2" in out
    for stage in ("crawl", "load", "claims", "embed", "link", "contradictions"):
        assert f"{stage} " in out.split("seconds", 1)[1]


def test_e2e_articles_export_has_metadata_in_both_languages(crawled_db, site_base):
    db, _ = crawled_db
    articles = {a["url"].split("/", 3)[3]: a for a in _export(db, "articles")}
    assert len(articles) == 8
    a1 = articles["alpha/news/nvidia-chips-smuggled-china.html"]
    assert a1["source"] == "alpha"
    assert a1["author"] == "Ava Brooks"
    assert a1["published_at"] == "2025-07-24T10:00:00Z"
    assert a1["lang"] == "en"
    assert a1["version"] == 1
    assert a1["duplicate_of"] is None
    assert a1["canonical_url"] == a1["url"]
    g1 = articles["gamma/kiji/cloudmatrix-384.html"]  # Shift_JIS bytes on the wire
    assert g1["lang"] == "ja"
    assert g1["author"] == "山本 花子"
    assert "約300ペタFLOPS" in g1["text"]
    assert not any("private" in url for url in articles)
    assert "/private/secret.html" not in site_base[1]  # robots.txt obeyed


def test_e2e_claims_carry_normalised_figures(crawled_db):
    db, _ = crawled_db
    claims = _export(db, "claims")
    by_text = {c["text"]: c for c in claims}
    smuggled = by_text[
        "Nvidia chips worth at least $1 billion were smuggled into China in the three months after the curbs."
    ]
    usd = next(q for q in smuggled["quantities"] if q["unit"] == "USD")
    assert usd == {
        **usd,
        "value": 1e9,
        "lower": 1e9,
        "upper": None,
        "surface": "at least $1 billion",
        "subject": "nvidia",
    }
    assert smuggled["current"] is True
    assert 0 <= smuggled["checkworthiness"] <= 1
    ja = next(c for c in claims if "約300ペタFLOPS" in c["text"])
    flops = next(q for q in ja["quantities"] if q["unit"] == "FLOPS")
    assert flops["value"] == pytest.approx(3e17)
    assert (flops["lower"], flops["upper"]) == (pytest.approx(2.7e17), pytest.approx(3.3e17))
    assert ja["lang"] == "ja"
    # Every claim sentence stands in its article at its offsets.
    texts = {a["article_id"]: a["text"] for a in _export(db, "articles")}
    for c in claims:
        assert texts[c["article_id"]][c["start_char"] : c["end_char"]] == c["text"]


def test_e2e_links_across_outlets_and_languages(crawled_db):
    db, _ = crawled_db
    claims = {c["claim_id"]: c for c in _export(db, "claims")}
    links = _export(db, "links")
    assert links
    pairs = {
        frozenset((claims[link["claim_a"]]["source"], claims[link["claim_b"]]["source"])) for link in links
    }
    assert frozenset(("alpha", "beta")) in pairs
    assert frozenset(("alpha", "gamma")) in pairs  # Japanese to English through fact keys
    ratio = [c for c in claims.values() if "CloudMatrix 384 delivers" in c["text"]]
    assert len({c["cluster_id"] for c in ratio}) == 1
    assert ratio[0]["cluster_id"] is not None
    assert all(link["method"] in ("embedding", "figure", "embedding+figure") for link in links)


def test_e2e_fixture_facts_land_in_one_cluster_each(crawled_db):
    """EXPECTED.md: four facts with two or more claims (Nvidia smuggled value a1/b1/g2, the
    compute ratio a2/b2/g1, 300 petaflops a2/g1, the 384-chip count a2/g1) make four fact
    clusters; g1 states both CloudMatrix facts and joins the petaflops (otherwise a single claim)."""
    db, _ = crawled_db
    current = [c for c in _export(db, "claims") if c["current"]]
    # Nvidia's statement that it does not sell (ship) to restricted parties, made by alpha and beta
    # in other words, is a fact without a figure: one cluster of its own ("Nvidia has said" is an
    # attribution to a named source since 2026-12-06, so the two are claims).
    statements = {c["cluster_id"] for c in current if c["cluster_id"] and not c["quantities"]}
    assert len(statements) <= 1
    claims = [c for c in current if c["cluster_id"] not in statements]
    by_cluster: dict[str, set[tuple[str, str]]] = {}
    for c in claims:
        if c["cluster_id"]:
            assert c["story_id"], c  # every fact cluster lies in a story
            by_cluster.setdefault(c["cluster_id"], set()).add((c["source"], c["quantities"][0]["surface"]))
    assert sorted(by_cluster.values(), key=sorted) == sorted(
        [
            {("alpha", "at least $1 billion"), ("beta", "about $400 million"), ("gamma", "10億ドル以上")},
            {("alpha", "1.7 times"), ("beta", "almost double")},
            {("alpha", "about 300 petaflops"), ("gamma", "約300ペタFLOPS")},
            {("alpha", "384 Ascend 910C processors"), ("gamma", "384個")},
        ],
        key=sorted,
    )
    # Stories: the smuggled value, the compute comparison (ratio and petaflops, joined by g1),
    # and the chip count, which no link joins to the compute facts: claims of two different
    # fact keys link only at a cosine of 0.95 since the 2026-12-06 refit (core/links.py).
    assert len({c["story_id"] for c in claims if c["story_id"]}) == 3


def test_e2e_contradiction_between_hedged_figures(crawled_db):
    db, _ = crawled_db
    claims = {c["claim_id"]: c for c in _export(db, "claims")}
    contradictions = _export(db, "contradictions")
    assert len(contradictions) == 2
    for x in contradictions:
        assert x["kind"] == "quantity"
        assert x["status"] == "open"
        assert 0 < x["score"] <= 1
        assert "about $400 million" in x["reason"]
        assert {claims[x["claim_a"]]["source"], claims[x["claim_b"]]["source"]} in (
            {"alpha", "beta"},
            {"gamma", "beta"},
        )
    # "almost double" holds 1.7: the CloudMatrix ratio claims link but do not contradict.
    assert not any("CloudMatrix" in x["reason"] for x in contradictions)
    csv_rows = _export(db, "contradictions", "csv")
    assert [r["contradiction_id"] for r in csv_rows] == [x["contradiction_id"] for x in contradictions]


def test_e2e_rerun_adds_no_rows(crawled_db, fixture_sources):
    from warehouse.snapshot import snapshot_paths

    db, _ = crawled_db
    before = _counts(db)
    published = snapshot_paths(db)
    file_before, link_before = published.duckdb.stat(), published.current()
    proc = run_cli("run", "--sources", str(fixture_sources), "--db", str(db), "-s", "DOWNLOAD_DELAY=0")
    assert proc.returncode == 0, proc.stderr
    assert "0 new, 0 updated" in proc.stdout
    assert "not modified" in proc.stdout  # conditional requests: the feeds answered 304
    assert _counts(db) == before
    # Issue 16: no stage wrote a row, so the published snapshot is left as it was.
    assert "publish: snapshot unchanged" in proc.stdout
    file_after = published.duckdb.stat()
    assert (file_after.st_ino, file_after.st_mtime_ns) == (file_before.st_ino, file_before.st_mtime_ns)
    assert published.current() == link_before
    with duckdb.connect(str(db), read_only=True) as con:
        report = con.execute("SELECT report FROM runs ORDER BY started_at DESC LIMIT 1").fetchone()[0]
    assert json.loads(report)["snapshot"]["unchanged"] is True


def test_e2e_parquet_export_and_sql(crawled_db, tmp_path):
    import pyarrow.parquet as pq

    db, _ = crawled_db
    out = tmp_path / "claims.parquet"
    proc = run_cli("export", "claims", "--db", str(db), "--format", "parquet", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    table = pq.read_table(out)
    assert {"claim_id", "quantities", "cluster_id", "checkworthiness"} <= set(table.column_names)
    proc = run_cli(
        "sql", "--db", str(db), "SELECT source, count(*) AS n FROM articles GROUP BY source ORDER BY 1"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0].split() == ["source", "|", "n"]
    assert "alpha  | 4" in proc.stdout


def test_e2e_reprocess_replays_the_archive_without_changes(crawled_db, site_base):
    db, _ = crawled_db
    before = _counts(db)
    hits = len(site_base[1])
    proc = run_cli("reprocess", "--db", str(db))
    assert proc.returncode == 0, proc.stderr
    assert "0 new, 0 updated, 8 unchanged" in proc.stdout
    assert len(site_base[1]) == hits  # nothing fetched
    assert _counts(db) == before


def test_e2e_sources_status_and_diff(crawled_db):
    db, _ = crawled_db
    proc = run_cli("sources", "status", "--db", str(db))
    assert proc.returncode == 0, proc.stderr
    lines = {line.split()[0]: line.split()[1] for line in proc.stdout.splitlines()[1:]}
    assert lines == {"alpha": "ok", "beta": "ok", "gamma": "ok"}
    article = _export(db, "articles")[0]
    proc = run_cli("diff", article["article_id"], "--db", str(db))
    assert proc.returncode == 0, proc.stderr
    assert "only one version seen" in proc.stdout
    proc = run_cli("diff", "no-such-article", "--db", str(db))
    assert proc.returncode == 2
    assert proc.stderr.startswith("claimwatch: error: no article")


def test_e2e_the_smuggled_value_is_the_one_dispute(crawled_db):
    """Issue 17: the contradictions' fact (at least $1 billion, 10億ドル以上 v about $400 million)
    is one dispute of two positions; the compute ratio (1.7 times, almost double) agrees."""
    db, _ = crawled_db
    (dispute,) = _export(db, "disputes")
    assert (dispute["subject"], dispute["measure"], dispute["unit"], dispute["status"]) == (
        "nvidia", "value", "USD", "open",
    )  # fmt: skip
    assert [p["sources"] for p in dispute["positions"]] == [["beta"], ["alpha", "gamma"]]
    assert [p["independent_support"] for p in dispute["positions"]] == [1, 2]
    facts = {f["cluster_id"]: f for f in _export(db, "facts")}
    assert facts[dispute["cluster_id"]]["disputed"] is True
    assert sum(f["disputed"] for f in facts.values()) == 1
    claims = _export(db, "claims")
    in_dispute = {c for p in dispute["positions"] for c in p["claims"]}
    assert all(c["origin"] for c in claims if c["claim_id"] in in_dispute)
