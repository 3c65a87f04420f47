"""Topics (issue #8): the topics file, scoring, the labelled set's floors, the store, exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.topics import evaluate, load_labelled, score_items, topic_accuracy
from core.errors import SourcesError
from nlp.topics import (
    DEFAULT_TOPICS,
    THRESHOLD,
    TopicsError,
    fold,
    load_topics,
    parse_topics,
    resolve_topics_file,
)
from spiders.sources import check_topics, parse_sources

# Floors on tests/fixtures/topics/labelled.jsonl at THRESHOLD (bench/topics.py prints the
# sweep). Measured: 1.000 / 1.000 in both languages. Floors only move up.
FLOORS = {"en": (0.95, 0.94), "ja": (0.95, 0.94)}


@pytest.fixture(scope="module")
def topics():
    return load_topics()


def _topic(name="t-one", **extra) -> dict:
    return {
        "name": name,
        "description": "US export controls on AI chips",
        "keywords": ["export control*"],
        **extra,
    }


def test_topics_bundled_file_has_every_language(topics):
    assert DEFAULT_TOPICS.is_file()
    assert {"waic-2025", "export-controls", "cloudmatrix-vs-nvl72"} <= set(topics.names)
    raw = json.loads(json.dumps(__import__("yaml").safe_load(DEFAULT_TOPICS.read_text(encoding="utf-8"))))
    for entry in raw["topics"]:
        assert set(entry["keywords"]) >= {"en", "ja", "zh"}, entry["name"]
        assert entry["entities"], entry["name"]
    assert topics.threshold == THRESHOLD


def test_topics_keywords_fold_width_and_case(topics):
    export = next(t for t in topics.topics if t.name == "export-controls")
    assert export.keyword_hits(fold("ＥＸＰＯＲＴ　ＣＯＮＴＲＯＬＳ were tightened")) == ["export control*"]
    assert "smuggl*" in export.keyword_hits(fold("Chips were Smuggled via Singapore"))
    assert "revenue-sharing" in export.keyword_hits(fold("a revenue sharing deal"))
    # Latin keywords keep word boundaries: "BIS" is not in "subiscuit" nor "BISON".
    assert "BIS" not in export.keyword_hits(fold("a subiscuit, a bison"))
    # Japanese and Chinese have no spaces: substrings match inside a sentence.
    assert "密輸" in export.keyword_hits(fold("半導体が密輸されたと報じた"))
    assert "出口管制" in export.keyword_hits(fold("美国加强对华出口管制措施"))
    # Half-width katakana and full-width Latin fold to the keyword's form.
    cm = next(t for t in topics.topics if t.name == "cloudmatrix-vs-nvl72")
    assert "スーパーノード" in cm.keyword_hits(fold("ｽｰﾊﾟｰﾉｰﾄﾞを公開"))
    assert "CloudMatrix" in cm.keyword_hits(fold("ファーウェイのＣｌｏｕｄＭａｔｒｉｘが"))


def test_topics_keyword_anchor_rules_out_only_what_the_regex_would(topics):
    # The literal anchor is a shortcut before each keyword's regex: on every labelled text,
    # and on spacing/hyphen variants, the hits are those of the regexes alone.
    texts = [f"{item.get('title', '')}\n{item.get('text', '')}" for item in load_labelled()]
    texts += ["a revenuesharing deal", "revenue - sharing", "World  Artificial\nIntelligence Conference"]
    for text in map(fold, texts):
        for topic in topics.topics:
            pairs = zip(topic.keywords, topic.patterns, strict=True)
            regex_only = [kw for kw, rx in pairs if rx.search(text)]
            assert topic.keyword_hits(text) == regex_only, (topic.name, text[:80])


def test_topics_japanese_scores_without_embeddings(topics):
    on, off = topics.score(
        [
            ("米商務省はエヌビディアのH20の対中輸出許可を出した。密輸の取り締まりも強化する。", "ja"),
            ("大谷翔平選手が今季40号本塁打を放った。チームは5対3で勝った。", "ja"),
        ],
        embed=False,
    )
    assert topics.best(on) == "export-controls"
    assert topics.best(off) is None
    # A source limited to other topics does not take this article.
    assert topics.best(on, allowed=["cloudmatrix-vs-nvl72"]) is None


def test_topics_labelled_set_precision_recall(topics):
    items = load_labelled()
    assert sum(it["lang"] in ("en", "ja") for it in items) >= 60
    for lang in ("en", "ja"):
        labels = [bool(it["topics"]) for it in items if it["lang"] == lang]
        assert sum(labels) >= 15, lang
        assert len(labels) - sum(labels) >= 15, lang
    scores = score_items(items, topics)
    print(f"\ntopics on tests/fixtures/topics/labelled.jsonl at threshold {topics.threshold}:")
    for lang in ("en", "ja", "zh"):
        s = evaluate(items, scores, topics.threshold, lang)
        print(
            f"  {lang}: precision {s.precision:.3f} recall {s.recall:.3f} (tp {s.tp}, fp {s.fp}, fn {s.fn})"
        )
        if lang in FLOORS:
            assert s.precision >= FLOORS[lang][0], (lang, s)
            assert s.recall >= FLOORS[lang][1], (lang, s)
    accuracy = topic_accuracy(items, scores)
    print(f"  best topic is a labelled one: {accuracy:.3f}")
    assert accuracy >= 0.9


def test_topics_file_errors_are_one_line():
    parse_topics({"topics": [_topic()]})  # the minimal valid file
    bad = [
        ({"topics": []}, "non-empty 'topics:'"),
        ({"topics": [_topic("Bad Name")]}, "slug"),
        ({"topics": [_topic(), _topic()]}, "duplicate"),
        ({"topics": [_topic(entities=["no-such-entity"])]}, "unknown entity 'no-such-entity'"),
        ({"topics": [_topic(entities={"h20": -1})]}, "positive weight"),
        ({"topics": [{**_topic(), "description": ""}]}, "description"),
        ({"topics": [{**_topic(), "keywords": []}]}, "keywords or entities"),
        ({"topics": [_topic()], "threshold": 2}, "threshold"),
    ]
    for data, message in bad:
        with pytest.raises(TopicsError, match=message) as info:
            parse_topics(data, "t.yaml")
        assert "\n" not in str(info.value)
    with pytest.raises(TopicsError, match="topics file not found"):
        load_topics("/nonexistent/topics.yaml")


def test_topics_source_limits_are_checked(topics):
    entry = {"name": "wire", "feeds": ["https://x.example/rss"], "topics": ["export-controls"]}
    sources = parse_sources({"sources": [entry]})
    assert sources[0].topics == ("export-controls",)
    check_topics(sources, topics.names, "beat.yaml")
    typo = parse_sources({"sources": [{**entry, "topics": ["export-control"]}]})
    with pytest.raises(
        SourcesError, match=r"source 'wire': unknown topic 'export-control'; topics in beat.yaml"
    ):
        check_topics(typo, topics.names, "beat.yaml")
    with pytest.raises(SourcesError, match="'topics' must be a list"):
        parse_sources({"sources": [{**entry, "topics": [{"x": 1}]}]})


def test_topics_file_resolution(tmp_path: Path):
    custom = tmp_path / "mine.yaml"
    custom.write_text("topics: []\n", encoding="utf-8")
    plain = tmp_path / "plain.yaml"
    plain.write_text("sources: []\n", encoding="utf-8")
    keyed = tmp_path / "keyed.yaml"
    keyed.write_text("topics: mine.yaml\nsources: []\n", encoding="utf-8")
    in_repo = tmp_path / "repo.yaml"
    in_repo.write_text("topics: topics/beat.yaml\nsources: []\n", encoding="utf-8")
    assert resolve_topics_file(custom, keyed) == custom  # --topics wins
    assert resolve_topics_file(None, keyed) == tmp_path / "mine.yaml"  # beside the sources file
    assert resolve_topics_file(None, in_repo).resolve() == DEFAULT_TOPICS.resolve()  # else the checkout
    assert resolve_topics_file(None, plain) == DEFAULT_TOPICS
    assert resolve_topics_file() == DEFAULT_TOPICS


@pytest.fixture
def store(tmp_path):
    from store_helpers import add_article

    from warehouse.db import connect

    con = connect(tmp_path / "topics.duckdb")
    add_article(
        con,
        "a1",
        "wire",
        text="The Commerce Department issued export licences for Nvidia's H20. Smuggling cases rose.",
    )
    add_article(con, "a2", "wire", text="Arsenal beat Chelsea 2-1 at the Emirates in the Premier League.")
    add_article(con, "a3", "nihon", lang="ja", text="東京株式市場で日経平均株価は最高値を更新した。")
    add_article(
        con, "a4", "chips-only", text="Washington tightened export controls on H20 licences after smuggling."
    )
    yield con
    con.close()


def _claims(con):
    from store_helpers import add_claims, claim

    add_claims(con, "a1", [claim("The Commerce Department issued 3 export licences for the H20.")])
    add_claims(con, "a2", [claim("Arsenal won 2-1 in front of 60,000 fans.")])
    add_claims(con, "a3", [claim("日経平均は4万円を超えた。", lang="ja")], lang="ja")
    add_claims(con, "a4", [claim("Smuggled H20 chips worth $1 billion reached China.")])


def test_topicstore_stores_off_beat_articles_but_gates_their_claims(store, topics, monkeypatch):
    from nlp import embeddings
    from nlp.embeddings import model_name
    from warehouse.topicstore import score_topics, topic_totals

    def no_model(*args, **kwargs):
        raise AssertionError("the topic stage loads no model (issue 16)")

    monkeypatch.setattr(embeddings, "embed", no_model)
    monkeypatch.setattr(embeddings, "load_model", no_model)
    _claims(store)
    limits = {"wire": [], "nihon": [], "chips-only": ["cloudmatrix-vs-nvl72"]}
    counts = score_topics(store, topics, limits).as_dict()
    assert counts["articles"] == 4
    assert (counts["on_beat"], counts["off_beat"]) == (1, 3)
    assert (counts["claims_on_beat"], counts["claims_off_beat"]) == (1, 3)
    assert counts["by_topic"] == {"export-controls": 1}
    beat = dict(store.execute("SELECT article_id, topic FROM article_beat ORDER BY 1").fetchall())
    assert beat == {"a1": "export-controls", "a2": None, "a3": None, "a4": None}
    # Every topic's score is kept for every version (provenance; a new threshold can be tried).
    assert store.execute("SELECT count(*) FROM article_topics").fetchone()[0] == 4 * len(topics.names)
    # a4 is about export controls, but its source is limited to another topic.
    assert store.execute(
        "SELECT allowed, on_topic FROM article_topics WHERE article_id = 'a4' AND topic = 'export-controls'"
    ).fetchone() == (False, False)
    claims = {
        a: (on, t)
        for a, on, t in store.execute("SELECT article_id, on_beat, topic FROM claims ORDER BY 1").fetchall()
    }
    assert claims == {
        "a1": (True, "export-controls"),
        "a2": (False, None),
        "a3": (False, None),
        "a4": (False, None),
    }
    assert store.execute("SELECT topic FROM claim_topics").fetchall() == [("export-controls",)]
    # Nothing was embedded: the topic stage reads the vectors the embed stage stored (none here,
    # so every text was scored on its keywords and entities).
    assert store.execute("SELECT count(*) FROM embeddings WHERE model = ?", [model_name()]).fetchone() == (0,)
    assert topic_totals(store) == {"export-controls": 1}
    # A rerun scores nothing again and adds no rows (invariant 2).
    again = score_topics(store, topics, limits).as_dict()
    assert (again["articles"], again["claims_on_beat"], again["claims_off_beat"]) == (0, 0, 0)
    assert store.execute("SELECT count(*) FROM claim_topics").fetchone()[0] == 1
    assert store.execute("SELECT source FROM source_topic_limits").fetchall() == [("chips-only",)]


def test_topicstore_export_by_topic(store, topics):
    import io

    from warehouse.export import _write_text, rows
    from warehouse.topicstore import score_topics

    _claims(store)
    score_topics(store, topics, {})  # no limits: a4 is on the beat too
    every = list(rows(store, "claims"))
    assert {r["topic"] for r in every} == {"export-controls", None}
    chosen = list(rows(store, "claims", topic="export-controls"))
    assert [r["article_id"] for r in chosen] == ["a4", "a1"]  # ordered by source, then URL
    assert chosen == [r for r in every if r["topic"] == "export-controls"]  # same order, same fields
    articles = {r["article_id"]: r["topic"] for r in rows(store, "articles")}
    assert articles == {"a1": "export-controls", "a2": None, "a3": None, "a4": "export-controls"}
    assert [r["article_id"] for r in rows(store, "articles", topic="export-controls")] == ["a4", "a1"]
    assert list(rows(store, "claims", topic="waic-2025")) == []
    with pytest.raises(ValueError, match="unknown topic 'nope'; topics in the store: "):
        list(rows(store, "claims", topic="nope"))
    out = io.StringIO()
    assert _write_text(store, "contradictions", "csv", out, topic="waic-2025") == 0
    assert "topic" in out.getvalue().splitlines()[0].split(",")


def test_topics_report_lines():
    from flows.report import _topic_lines

    assert _topic_lines(None) == []
    lines = _topic_lines(
        {
            "articles": 5,
            "on_beat": 3,
            "off_beat": 2,
            "claims_on_beat": 9,
            "claims_off_beat": 4,
            "failed": 0,
            "by_topic": {"export-controls": 6, "waic-2025": 3},
        }
    )
    assert "3 on the beat, 2 off-beat (stored, claims not linked)" in lines[0]
    assert "export-controls 6, waic-2025 3" in lines[1]


def test_topics_daily_run_scores_every_fixture_article(crawled_db):
    """The fixture site is all on the beat: every article version and claim is scored on it."""
    from warehouse.db import connect

    db, proc = crawled_db
    assert "  topics " in proc.stdout, proc.stdout
    with connect(db, read_only=True) as con:
        versions = con.execute("SELECT count(*) FROM article_versions").fetchone()[0]
        assert con.execute("SELECT count(*) FROM article_beat").fetchone()[0] == versions
        unscored = con.execute("SELECT count(*) FROM claims WHERE on_beat IS NOT true OR topic IS NULL")
        assert unscored.fetchone()[0] == 0


def test_topics_off_beat_claims_are_not_linked_or_flagged(tmp_path):
    """Two outlets state one figure; once one article is off-beat, no link and no contradiction."""
    from store_helpers import add_article, add_claims, basis, claim, figure, set_vector

    from warehouse.contradictions import detect
    from warehouse.db import connect
    from warehouse.linking import link_new_claims

    con = connect(tmp_path / "gate.duckdb")
    text_a = "Nvidia chips worth at least $1 billion were smuggled into China."
    text_b = "Nvidia chips worth about $400 million were smuggled into China."
    for article, text, fig in (
        ("a1", text_a, figure(1e9, "USD", 1e9, None, "at least $1 billion", "nvidia", hedge="at_least")),
        ("b1", text_b, figure(4e8, "USD", 3.6e8, 4.4e8, "about $400 million", "nvidia", hedge="about")),
    ):
        add_article(con, article, article[0] + "-wire")
        add_claims(con, article, [claim(text, fig)])
        set_vector(con, text, basis(0, 1, 0.1))
    con.execute("UPDATE claims SET on_beat = (article_id = 'a1')")  # b1: a markets story, say
    link_new_claims(con)
    assert con.execute("SELECT count(*) FROM links").fetchone()[0] == 0
    assert detect(con) == 0
    # The same pair, both on the beat (a new version of b1 scored on it): linked and flagged.
    con.execute("UPDATE claims SET on_beat = true, linked = false")
    link_new_claims(con)
    assert con.execute("SELECT count(*) FROM links").fetchone()[0] == 1
    assert detect(con) == 1
    con.close()


def test_topics_cli_rejects_unknown_topic_before_crawling(tmp_path):
    from conftest import run_cli

    sources = tmp_path / "sources.yaml"
    sources.write_text(
        "sources:\n  - name: wire\n    feeds: ['http://127.0.0.1:9/rss.xml']\n    topics: [export-control]\n",
        encoding="utf-8",
    )
    proc = run_cli("run", "--sources", str(sources), "--db", str(tmp_path / "s.duckdb"))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.strip().splitlines() == [
        f"claimwatch: error: source 'wire': unknown topic 'export-control'; topics in {DEFAULT_TOPICS}: "
        "waic-2025, export-controls, cloudmatrix-vs-nvl72, china-ai-chips"
    ]
    proc = run_cli(
        "run", "--sources", str(sources), "--db", str(tmp_path / "s.duckdb"), "--topics", "/no/t.yaml"
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == "claimwatch: error: topics file not found: /no/t.yaml"
    assert not (tmp_path / "s.duckdb").exists()  # nothing was created or crawled


def test_topicstore_revision_moves_kept_claims_onto_the_beat(tmp_path, topics):
    """A revision that turns a sports brief into an export-controls story: the sentence both
    versions say keeps its claim row, and now counts as on the beat."""
    from store_helpers import NOW, add_article, add_claims, claim

    from warehouse.db import connect
    from warehouse.topicstore import score_topics

    con = connect(tmp_path / "rev.duckdb")
    kept = "The club sold 60,000 tickets for the match."
    add_article(con, "r1", "wire", text=f"Arsenal beat Chelsea 2-1 in the Premier League. {kept}")
    add_claims(con, "r1", [claim(kept)])
    assert score_topics(con, topics, {}).off_beat == 1
    text2 = f"Washington tightened export controls on H20 licences after smuggling cases. {kept}"
    con.execute("UPDATE articles SET version = 2 WHERE article_id = 'r1'")
    con.execute(
        "INSERT INTO article_versions (article_id, version, content_sha1, title, text, fetch_id, "
        "fetched_at, processed) VALUES ('r1', 2, 'sha-r1-2', NULL, ?, 'f', ?, false)",
        [text2, NOW],
    )
    add_claims(
        con, "r1", [claim(kept), claim("Smuggled H20 chips worth $1 billion reached China.", start=80)], 2
    )
    counts = score_topics(con, topics, {})
    assert (counts.on_beat, counts.claims_on_beat) == (1, 2)
    rows = con.execute("SELECT version, on_beat, topic FROM claims WHERE current ORDER BY version").fetchall()
    assert rows == [(1, True, "export-controls"), (2, True, "export-controls")]
    con.close()


def test_topics_illegal_export_cases_are_on_the_beat(topics):
    # blind5 dev: a Japanese report of charges over illegally exported chips (不正に輸出) scored
    # off-beat, so none of its claims was linked and two outlets' counts of the accused were never
    # compared. Made-up articles; a fraud case without export wording stays off the beat.
    scored = topics.score(
        [
            (
                "米司法省は、エヌビディア製のAI半導体を中国に不正に輸出したとして男2人を訴追した。"
                "不正輸出された半導体は数千万ドル相当に上る。",
                "ja",
            ),
            ("美国司法部起诉两名男子，指控其违规出口英伟达芯片。涉案芯片经第三国非法出口至中国。", "zh"),
            ("警視庁は詐欺の疑いで男2人を逮捕した。被害額は約300万円とみられる。", "ja"),
            ("两名男子因涉嫌诈骗被起诉，涉案金额约300万元。", "zh"),
        ],
        embed=False,
    )
    assert [topics.best(s) for s in scored] == ["export-controls", "export-controls", None, None]
