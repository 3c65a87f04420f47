"""Purity and completeness of fact clusters, on hand-labelled pairs and on a crawled store.

Two measures, both over pairs of claims:
- purity (pair precision): of the labelled pairs that share a cluster_id, the share that
  state the same fact;
- completeness (pair recall): of the same-fact pairs, the share that share a cluster_id.

Labelled pairs: tests/fixtures/pairs/labelled.jsonl (`same_fact`) and the "different"-article
pairs of tests/fixtures/contradictions/gold.jsonl (see `gold_same_fact`). Every distinct
sentence becomes one article of its own source in ONE store, so the whole narrow beat is
linked and clustered together, as a daily run would (a pair scored alone cannot chain).

A crawled store (`--db`, e.g. the demo's): fact keys stand in for gold facts; a pair of keyed
claims is "same fact" when they share a key. It prints the number of fact clusters against
the number of facts (keys stated by two or more claims) and the clusters that mix keys.

    .venv/bin/python bench/clusters.py                  # the labelled pairs
    .venv/bin/python bench/clusters.py --db data/demo.duckdb
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
from collections import defaultdict
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PAIRS = ROOT / "tests" / "fixtures" / "pairs" / "labelled.jsonl"
GOLD = ROOT / "tests" / "fixtures" / "contradictions" / "gold.jsonl"
DEFAULT_DATE = date(2025, 7, 30)
# Gold pairs whose sentences are about different facts although the flag is about dates or
# hedges: "tightened" vs "eased" (two events), Nvidia vs AMD.
DIFFERENT_FACTS = {"en-n21", "en-n23", "ja-n08"}
# Rules whose unflagged pairs are different facts (another subject, measure, scope, period).
DIFFERENT_RULES = {"subject", "measure", "part-whole", "period", "modality"}
# Not labelled either way: USD vs CNY/JPY (one fact, two keys: no exchange rates), and a
# sentence that states both the part and the whole.
UNLABELLED = {"en-n09", "ja-n12", "en-p03"}


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def gold_same_fact(pair: dict) -> bool | None:
    """Whether a contradictions gold pair states one fact (None: not labelled here)."""
    if pair["relation"] != "different" or pair["id"] in UNLABELLED:
        return None
    if pair["flag"]:
        return True  # a contradiction is one fact with two values
    return pair["rule"] not in DIFFERENT_RULES and pair["id"] not in DIFFERENT_FACTS


def labelled() -> list[tuple[str, tuple, tuple, bool]]:
    """(set name, (text, lang, date) of a, of b, same fact) for every labelled pair."""
    out = []
    for p in _jsonl(PAIRS):
        lang_a, lang_b = p["lang_pair"].split("-")
        out.append(("pairs", (p["a"], lang_a, DEFAULT_DATE), (p["b"], lang_b, DEFAULT_DATE), p["same_fact"]))
    for p in _jsonl(GOLD):
        same = gold_same_fact(p)
        if same is not None:
            a, b = (
                (p[s]["text"], p[s]["lang"], date.fromisoformat(p[s]["date"])) for s in ("a", "b")
            )  # fmt: skip
            out.append(("gold", a, b, same))
    return out


def build_store(path: Path, sentences: list[tuple[str, str, date]]):
    """A store with one article per sentence, extracted, embedded and linked for real."""
    from nlp.claims import extract_claims_many
    from nlp.embeddings import embed, model_name
    from warehouse.claimstore import PendingVersion, save_claims
    from warehouse.db import connect
    from warehouse.linking import link_new_claims, missing_texts, store_vectors

    con = connect(path)
    extracted = extract_claims_many(sentences)
    now = datetime.now(UTC)
    ids: dict[tuple[str, str], list[str]] = {}
    for n, ((text, lang, day), claims) in enumerate(zip(sentences, extracted, strict=True)):
        article = f"art{n:03d}"
        published = datetime(day.year, day.month, day.day, tzinfo=UTC)
        con.execute(
            """INSERT INTO articles (article_id, url, canonical_url, source, title, author, published_at,
                                     lang, version, duplicate_of, first_seen)
               VALUES (?, ?, NULL, ?, ?, NULL, ?, ?, 1, NULL, ?)""",
            [article, f"https://s{n}.example/{article}", f"s{n:03d}", article, published, lang, now],
        )
        con.execute(
            "INSERT INTO article_versions (article_id, version, content_sha1, title, text, fetch_id, "
            "fetched_at, processed) VALUES (?, 1, ?, NULL, ?, 'f', ?, false)",
            [article, f"sha-{article}", text, now],
        )
        ids[(text, lang)] = save_claims(con, PendingVersion(article, 1, text, lang, None, day), claims)
    model = model_name()  # the embed stage's work: the link stage reads vectors, never embeds
    missing = missing_texts(con, model)
    store_vectors(con, [key for key, _ in missing], embed([text for _, text in missing]), model)
    link_new_claims(con)
    return con, ids


def _columns(con) -> set[str]:
    return {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'claims'"
        ).fetchall()
    }


def group_of(con, column: str) -> dict[str, str]:
    if column not in _columns(con):
        return {}
    return dict(con.execute(f"SELECT claim_id, {column} FROM claims WHERE {column} IS NOT NULL").fetchall())


def pair_scores(pairs, ids, group: dict[str, str]) -> dict[str, float]:
    """Purity and completeness of `group` (claim -> cluster) over labelled pairs."""
    together = same = both = 0
    for _, a, b, same_fact in pairs:
        ca, cb = ids.get(a[:2], []), ids.get(b[:2], [])
        joined = any(group.get(x) is not None and group.get(x) == group.get(y) for x in ca for y in cb)
        together += joined
        same += same_fact
        both += joined and same_fact
    return {
        "pairs": len(pairs),
        "purity": both / together if together else 1.0,
        "completeness": both / same if same else 1.0,
        "together": together,
    }


def labelled_report() -> dict[str, dict]:
    pairs = labelled()
    sentences = list(dict.fromkeys(s for _, a, b, _ in pairs for s in (a, b)))
    with tempfile.TemporaryDirectory() as tmp:
        con, ids = build_store(Path(tmp) / "pairs.duckdb", sentences)
        out = {}
        for column in ("cluster_id", "story_id"):
            group = group_of(con, column)
            if not group:
                continue
            for name in ("pairs", "gold", "all"):
                chosen = [p for p in pairs if name in ("all", p[0])]
                out[f"{column} {name}"] = pair_scores(chosen, ids, group)
            out[f"{column} count"] = {"groups": len(set(group.values())), "claims": len(group)}
        con.close()
    return out


def store_report(con) -> dict:
    """Fact clusters of a crawled store against its fact keys (keys stand in for facts)."""
    from core.facts import fact_key

    keys: dict[str, set[str]] = defaultdict(set)
    for cid, subject, measure, unit, reference in con.execute(
        """SELECT f.claim_id, f.subject, f.measure, f.unit, f.reference FROM figures f
           JOIN claims c ON c.claim_id = f.claim_id JOIN articles a ON a.article_id = c.article_id
           WHERE c.current AND c.linked AND a.duplicate_of IS NULL"""
    ).fetchall():
        key = fact_key(subject, measure, unit, reference)
        if key:
            keys[cid].add(key)
    holders: dict[str, set[str]] = defaultdict(set)
    for cid, ks in keys.items():
        for k in ks:
            holders[k].add(cid)
    facts = sorted(k for k, h in holders.items() if len(h) >= 2)
    cluster = group_of(con, "cluster_id")
    members: dict[str, list[str]] = defaultdict(list)
    for cid, cl in cluster.items():
        members[cl].append(cid)
    mixed = [
        cl for cl, ms in members.items() if not set.intersection(*[keys[m] for m in ms if keys[m]] or [set()])
    ]
    mixed = [cl for cl in mixed if sum(1 for m in members[cl] if keys[m]) >= 2]
    keyed = sorted(c for c, ks in keys.items() if ks)
    together = same = both = 0
    for x, y in itertools.combinations(keyed, 2):
        j = cluster.get(x) is not None and cluster.get(x) == cluster.get(y)
        s = bool(keys[x] & keys[y])
        together, same, both = together + j, same + s, both + (j and s)
    return {
        "facts": len(facts),
        "clusters": len(members),
        "stories": len(set(group_of(con, "story_id").values())),
        "clustered claims": len(cluster),
        "clusters mixing keys": len(mixed),
        "purity": both / together if together else 1.0,
        "completeness": both / same if same else 1.0,
        "facts list": facts,
        "cluster sizes": sorted((len(m) for m in members.values()), reverse=True),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="a crawled store (read-only) instead of the labelled pairs")
    args = parser.parse_args(argv)
    if args.db:
        from warehouse.db import connect

        with connect(args.db, read_only=True) as con:
            for key, value in store_report(con).items():
                print(f"{key:24} {value}")
        return 0
    for key, value in labelled_report().items():
        print(
            f"{key:22} "
            + "  ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in value.items())
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
