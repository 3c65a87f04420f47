"""Syndication by stored MinHash signatures (warehouse/syndication.py): a load hashes only what is
new, finds copies of stored articles through their LSH buckets, and decides by the exact rule."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from warehouse import syndication
from warehouse.db import connect
from warehouse.ingest import mark_duplicates

SEEN = datetime(2025, 7, 30, 6, tzinfo=UTC)


def _story(seed: int, words: int = 120) -> str:
    rng = random.Random(seed)
    return " ".join(f"w{rng.randrange(10_000)}" for _ in range(words))


def _add(con, article_id: str, text: str, hours: float = 0, version: int = 1) -> None:
    url = f"https://{article_id}.example/story"
    if version == 1:
        con.execute(
            """INSERT INTO articles (article_id, url, canonical_url, source, title, lang, version, first_seen)
               VALUES (?, ?, ?, ?, 't', 'en', 1, ?)""",
            [article_id, url, url, article_id, SEEN + timedelta(hours=hours)],
        )
    else:
        con.execute("UPDATE articles SET version = ? WHERE article_id = ?", [version, article_id])
    con.execute(
        "INSERT INTO article_versions (article_id, version, content_sha1, text, fetch_id, fetched_at, "
        "processed) VALUES (?, ?, ?, ?, 'f', ?, true)",
        [article_id, version, f"sha-{article_id}-{version}", text, SEEN + timedelta(hours=hours)],
    )


def _originals(con) -> dict[str, str | None]:
    return dict(con.execute("SELECT article_id, duplicate_of FROM articles ORDER BY 1").fetchall())


def test_syndication_a_later_load_finds_a_copy_of_a_stored_article_by_its_buckets(tmp_path, monkeypatch):
    con = connect(tmp_path / "s.duckdb")
    for n in range(30):
        _add(con, f"old{n:02d}", _story(n))
    assert mark_duplicates(con) == 0
    assert con.execute("SELECT count(*) FROM article_minhash").fetchone() == (30,)
    # A reprint of old07 with its own header and footer (Jaccard ~0.9), a day later.
    header = "reprinted with permission from the wire service"
    _add(con, "copy", f"{header} {_story(7)} all rights reserved", hours=26)
    shingled: list[int] = []
    real = syndication.shingles
    monkeypatch.setattr(syndication, "shingles", lambda text: shingled.append(1) or real(text))
    assert mark_duplicates(con) == 1
    assert _originals(con)["copy"] == "old07"
    assert len(shingled) == 3  # the new one (hashed, then compared) and its one candidate: not the 30
    assert mark_duplicates(con) == 0  # nothing new: nothing compared
    assert len(shingled) == 3


def test_syndication_an_edited_article_is_hashed_again_and_loses_its_old_buckets(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    _add(con, "a", _story(1))
    mark_duplicates(con)
    old = con.execute("SELECT list(bucket ORDER BY band) FROM article_lsh WHERE article_id = 'a'").fetchone()
    _add(con, "a", _story(2), version=2)  # rewritten: now another story's text
    assert syndication.unhashed(con)[0][:2] == ("a", 2)
    mark_duplicates(con)
    assert con.execute("SELECT version FROM article_minhash WHERE article_id = 'a'").fetchone() == (2,)
    new = con.execute("SELECT list(bucket ORDER BY band) FROM article_lsh WHERE article_id = 'a'").fetchone()
    assert new != old
    assert con.execute("SELECT count(*) FROM article_lsh WHERE article_id = 'a'").fetchone()[0] == len(new[0])
    # A copy of the first text is no longer a copy of anything stored.
    _add(con, "b", _story(1), hours=1)
    assert mark_duplicates(con) == 0


def test_syndication_buckets_never_miss_a_copy_at_the_rule_threshold():
    # 200 pairs just over DUPLICATE_JACCARD (0.8): every one shares a bucket.
    rng = random.Random(5)
    texts_a, texts_b = [], []
    for n in range(200):
        words = _story(1000 + n, 200).split()
        changed = list(words)
        for i in rng.sample(range(len(words)), 4):  # 4 words changed: Jaccard ~0.82-0.9
            changed[i] = f"x{rng.randrange(10**6)}"
        texts_a.append(" ".join(words))
        texts_b.append(" ".join(changed))
    assert all(
        syndication.is_copy(syndication.shingles(a), syndication.shingles(b))
        for a, b in zip(texts_a, texts_b, strict=True)
    )
    sigs_a, sigs_b = syndication.signatures(texts_a), syndication.signatures(texts_b)
    for sa, sb in zip(sigs_a, sigs_b, strict=True):
        assert set(enumerate(syndication.buckets(sa))) & set(enumerate(syndication.buckets(sb)))


def test_syndication_a_replay_of_old_pages_keeps_the_original_on_any_port():
    # A crawl a year after publication (a backfill, the blind corpora on loopback): no page date
    # is credible, so the page dates order the copies; never the hash of a URL with its port.
    from warehouse.ingest import _Copy, _first_seen_order

    seen = SEEN + timedelta(days=400)
    for port in (34705, 40001, 45555, 51234, 38000):
        wire = _Copy(f"w{port}", f"http://127.0.0.1:{port}/wire/h20.html", None, None, SEEN, seen)
        reprint = _Copy(
            f"r{port}",
            f"http://127.0.0.1:{port}/reprint/h20.html",
            None,
            None,
            SEEN + timedelta(hours=3),
            seen,
        )
        assert [c.url.split("/")[3] for c in _first_seen_order([reprint, wire])] == ["wire", "reprint"]
        undated = [_Copy(c.article_id, c.url, None, None, None, seen) for c in (reprint, wire)]
        assert [c.url.split("/")[3] for c in _first_seen_order(undated)] == ["reprint", "wire"]  # by path


def test_syndication_a_page_crediting_another_outlet_is_the_copy_whatever_its_date(tmp_path):
    # Blind9 class (made up): a reprint whose page date reads hours before its original's (time
    # zones) stays the copy when its text credits the other outlet; without the credit line the
    # page dates decide.
    from warehouse.ingest import _Copy, _first_seen_order

    story = _story(3)
    for credit, want in (("This article was originally published by Zenith Wire.", "wire"), ("", "reprint")):
        con = connect(tmp_path / f"c{bool(credit)}.duckdb")
        _add(con, "wire", story)
        _add(con, "reprint", f"{story} {credit}".strip())
        con.execute(
            "UPDATE articles SET published_at = ? WHERE article_id = 'wire'", [SEEN - timedelta(hours=2)]
        )
        con.execute(
            "UPDATE articles SET published_at = ? WHERE article_id = 'reprint'", [SEEN - timedelta(hours=7)]
        )
        assert mark_duplicates(con) == 1
        originals = _originals(con)
        assert originals[want] is None
        assert originals[{"wire": "reprint", "reprint": "wire"}[want]] == want
    wire = _Copy("w", "http://127.0.0.1:1/wire/a.html", None, None, SEEN, SEEN)
    reprint = _Copy("r", "http://127.0.0.1:1/reprint/a.html", None, None, SEEN - timedelta(hours=5), SEEN)
    assert [c.article_id for c in _first_seen_order([wire, reprint], frozenset({"r"}))] == ["w", "r"]
    assert [c.article_id for c in _first_seen_order([wire, reprint])] == ["r", "w"]


def test_syndication_credit_lines_in_three_languages_and_their_near_misses():
    assert syndication.credits_another("This article was originally published by Beacon Wire.")
    assert syndication.credits_another("The story first appeared in The Zenith Times.")
    assert syndication.credits_another("Reprinted with permission from the Zenith Wire.")
    assert syndication.credits_another("本文转载自泽尼斯新闻。")
    assert syndication.credits_another("この記事はゼニス通信より転載しました。")
    assert not syndication.credits_another("The virus first appeared in a market in late 2019.")
    assert not syndication.credits_another("The figures were first published in a 2019 report.")
    assert not syndication.credits_another("Zenith reprinted its catalogue in May.")
