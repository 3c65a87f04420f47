"""The review UI's test site: a store with contradictions, disputes, origins and fact-check
matches (XSS and a </script> breaker in its text), its snapshot and UI store, a reviewer; and the
HTTP helpers the review tests share (a TestClient, the CSRF token of a page, signing in, rows)."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
from disputes_rows import Pos, add_copy, add_edge, add_fact, add_factcheck_match, add_origin
from fastapi.testclient import TestClient
from store_helpers import add_article, add_claims

from core.claim import Claim, Figure
from review import auth
from review.app import ReviewConfig, create_app
from warehouse.db import connect
from warehouse.reviewstore import open_review_store, review_store_path
from warehouse.snapshot import publish_snapshot

XSS = "<img src=x onerror=alert(1)>"
SCRIPT_BREAK = "</script><script>alert(2)</script>"
BASE_URL = "http://127.0.0.1:8765"
DAY = datetime(2025, 7, 20, 9, 0, tzinfo=UTC)


def _claim(article_text: str, sentence: str, *figs: tuple, lang: str = "en") -> Claim:
    """A claim at its offset in the article, with figures at their offsets in the claim."""
    start = article_text.index(sentence)
    figures = []
    for value, unit, lower, upper, surface, hedge, subject, measure in figs:
        at = sentence.index(surface)
        figures.append(
            Figure(
                value, unit, lower, upper, surface, at, at + len(surface), hedge, 0.0, None, subject, measure
            )
        )
    return Claim(sentence, start, start + len(sentence), lang, 0.8, "quantity", figures)


def build_review_store(path: Path, *, payload: str = f"{XSS} {SCRIPT_BREAK}", japanese: bool = True) -> dict:
    """A small store: 4 articles (one carrying `payload`, an XSS attempt, in its title, text and a
    claim), 8 claims in 3 clusters, 5 contradictions (4 open, 1 dismissed) and a reviewer 'alice'.

    japanese=False writes the tokyo-wire claim in English (for screenshots on a machine without
    CJK fonts).
    """
    s1 = (
        "Nvidia chips worth at least $1 billion were smuggled into China in the three months after the rules."
    )
    s1b = "Huawei will ship the CloudMatrix 384 in April, the company said."
    s1c = "The CloudMatrix 384 draws 559 kW, according to SemiAnalysis."
    t1 = f"Smuggling ring. {s1} {s1b}\n\n{s1c}"
    s2 = f"Chips worth about $400 million {payload} reached China, officials said."
    t2 = f"Harbor Times. {s2} Nothing else. {payload}"
    s3, fig3 = (
        ("約5億ドル相当のNvidia製チップが中国に密輸された。", "約5億ドル")
        if japanese
        else (
            "Nvidia chips worth about $500 million were smuggled into China, Tokyo Wire learned.",
            "about $500 million",
        )
    )
    s3b = "Huawei will ship the CloudMatrix 384 in June, an analyst said."
    t3 = f"Tokyo Wire. {s3}\n{s3b}"
    s4 = "Huawei's CloudMatrix 384 consumes about 400 kW per system."
    s4b = "Smugglers shipped Nvidia processors worth $1.2 billion this year, Wire East found."
    t4 = f"Wire East. {s4} {s4b}"
    con = connect(path)
    titles = {
        "a1": "Chip smuggling ring moved $1bn of Nvidia processors",
        "a2": f"Officials: smuggled chips worth $400m {payload}",
        "a3": "Smuggled Nvidia chips: the Tokyo view",
        "a4": "CloudMatrix 384, measured",
    }
    for n, (article_id, source, text) in enumerate(
        (
            ("a1", "pacific-ledger", t1),
            ("a2", "harbor-times", t2),
            ("a3", "tokyo-wire", t3),
            ("a4", "wire-east", t4),
        )
    ):
        add_article(
            con, article_id, source, lang="ja" if article_id == "a3" and japanese else "en", text=text
        )
        con.execute(
            "UPDATE articles SET title = ?, published_at = ? WHERE article_id = ?",
            [titles[article_id], DAY + timedelta(days=3 * n), article_id],
        )
    usd, watt = ("USD", "nvidia", "value"), ("W", "cloudmatrix-384", "power")
    c1, c1b, c1c = add_claims(
        con,
        "a1",
        [
            _claim(t1, s1, (1e9, usd[0], 1e9, None, "at least $1 billion", "at_least", *usd[1:])),
            _claim(t1, s1b),
            _claim(t1, s1c, (559e3, watt[0], None, None, "559 kW", "exact", *watt[1:])),
        ],
    )
    (c2,) = add_claims(
        con, "a2", [_claim(t2, s2, (4e8, usd[0], 3.6e8, 4.4e8, "about $400 million", "about", *usd[1:]))]
    )
    lang = "ja" if japanese else "en"
    c3, c3b = add_claims(
        con,
        "a3",
        [_claim(t3, s3, (5e8, usd[0], 4.5e8, 5.5e8, fig3, "about", *usd[1:]), lang=lang), _claim(t3, s3b)],
        lang=lang,
    )
    c4, c4b = add_claims(
        con,
        "a4",
        [
            _claim(t4, s4, (4e5, watt[0], 3.6e5, 4.4e5, "about 400 kW", "about", *watt[1:])),
            _claim(t4, s4b, (1.2e9, usd[0], None, None, "$1.2 billion", "exact", *usd[1:])),
        ],
    )
    for cluster, members in (("k1", [c1, c2, c3, c4b]), ("k2", [c1b, c3b]), ("k3", [c1c, c4])):
        con.execute("UPDATE claims SET cluster_id = ? WHERE list_contains(?, claim_id)", [cluster, members])
    rows = [
        (
            "x1",
            c1,
            c2,
            "quantity",
            "nvidia|value|USD",
            "Nvidia, value: 'at least $1 billion' [>= 1bn USD] in pacific-ledger vs 'about $400 million' "
            f"[360m-440m USD] in harbor-times{' ' + XSS if japanese else ''}",
            0.9,
            "open",
            2,
        ),
        (
            "x4",
            c1c,
            c4,
            "quantity",
            "cloudmatrix-384|power|W",
            "CloudMatrix 384, power: '559 kW' [= 559 kW] in pacific-ledger vs 'about 400 kW' [360-440 kW] "
            "in wire-east",
            0.7,
            "open",
            3,
        ),
        (
            "x2",
            c1b,
            c3b,
            "date",
            "huawei|ship|date",
            "Huawei, ship date: 'in April' in pacific-ledger vs 'in June' in tokyo-wire",
            0.5,
            "open",
            1,
        ),
        (
            "x5",
            c4b,
            c3,
            "quantity",
            "nvidia|value|USD",
            f"Nvidia, value: '$1.2 billion' [= 1.2bn USD] in wire-east vs '{fig3}' [450m-550m USD] "
            "in tokyo-wire",
            0.45,
            "open",
            3,
        ),
        (
            "x3",
            c3,
            c2,
            "quantity",
            "nvidia|value|USD",
            f"Nvidia, value: '{fig3}' [450m-550m USD] in tokyo-wire vs 'about $400 million' [360m-440m USD] "
            "in harbor-times",
            0.3,
            "dismissed",
            0,
        ),
    ]
    for cid, a, b, kind, key, reason, score, status, days in rows:
        con.execute(
            """INSERT INTO contradictions (contradiction_id, claim_a, claim_b, kind, fact_key, reason, score,
                                           status, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [cid, a, b, kind, key, reason, score, status, DAY + timedelta(days=10 + days)],
        )
    con.execute("UPDATE contradictions SET figure_a = 0, figure_b = 0")  # the figures that disagree
    disputes = _add_disputes(con, {"c1": c1, "c2": c2, "c3": c3, "c4b": c4b, "c1c": c1c, "c4": c4})
    con.close()
    publish_snapshot(path)  # what the UI reads, as the job publishes it after a run
    with open_review_store(path) as ui:
        _, password = auth.add_reviewer(ui, "alice")
    return {"password": password, "claims": {"c1": c1, "c2": c2, "c3": c3, "c4b": c4b}, **disputes}


def _add_disputes(con, c: dict) -> dict:
    """The two disputes of the store (migration 0014's rows): Nvidia's smuggled value in three
    positions ($400m | 約5億 | at least $1bn with $1.2bn), CloudMatrix power in two (400 kW | 559 kW,
    the latter from SemiAnalysis); a syndicated copy of the ledger and a fact-check of $400m."""
    at = [DAY + timedelta(days=3 * n) for n in range(4)]
    usd, usd_positions = add_fact(
        con,
        "k1",
        "nvidia|value|USD",
        [
            Pos([(c["c2"], 0)], 3.6e8, 4.4e8, 4e8, 1, "harbor-times", at[1]),
            Pos([(c["c3"], 0)], 4.5e8, 5.5e8, 5e8, 1, "tokyo-wire", at[2]),
            Pos([(c["c1"], 0), (c["c4b"], 0)], 1.2e9, 1.2e9, 1.2e9, 2, "pacific-ledger", at[0]),
        ],
        spread=0.64,
        contest=0.5,
        last_reported_at=at[3],
    )
    power, power_positions = add_fact(
        con,
        "k3",
        "cloudmatrix-384|power|W",
        [
            Pos([(c["c4"], 0)], 3.6e5, 4.4e5, 4e5, 1, "wire-east", at[3]),
            Pos([(c["c1c"], 0)], 5.59e5, 5.59e5, 5.59e5, 1, "pacific-ledger", at[0]),
        ],
        spread=0.21,
        contest=0.5,
        last_reported_at=at[3],
    )
    for key, source in (("c1", "pacific-ledger"), ("c2", "harbor-times"), ("c3", "tokyo-wire")):
        add_origin(con, c[key], "self", f"outlet:{source}", source)
    add_origin(con, c["c4b"], "self", "outlet:wire-east", "wire-east")
    add_origin(con, c["c4"], "self", "outlet:wire-east", "wire-east")
    add_origin(con, c["c1c"], "publication", "publication:semianalysis", "SemiAnalysis")
    add_copy(
        con,
        c["c1"],
        "a1-copy",
        "metro-daily",
        "https://metro-daily.example/a1-copy",
        at[0] + timedelta(hours=5),
    )
    add_edge(con, "k1", "outlet:metro-daily", "outlet:pacific-ledger", c["c1"], "copy")
    add_edge(con, "k3", "outlet:pacific-ledger", "publication:semianalysis", c["c1c"])
    add_factcheck_match(
        con, c["c2"], "fc-400m", "Chips worth $400m were smuggled into China", "https://checker.example/400m",
        "Mostly true", 0.81, at[3],
    )  # fmt: skip
    return {
        "disputes": {"usd": usd, "power": power},
        "positions": {"usd": usd_positions, "power": power_positions},
    }


def _client(db: Path, **kw) -> TestClient:
    config = ReviewConfig(db=db, base_url=BASE_URL, secret=b"k" * 32, **kw)
    return TestClient(create_app(config), base_url="http://127.0.0.1:8765", follow_redirects=False)


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _sign_in(client: TestClient, password: str, name: str = "alice") -> None:
    token = _csrf(client.get("/login").text)
    r = client.post("/login", data={"username": name, "password": password, "csrf_token": token, "next": "/"})
    assert r.status_code == 303, r.text
    assert r.headers["location"] == "/"


def _rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _ui_rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of the UI's own store."""
    with sqlite3.connect(review_store_path(db)) as con:
        return con.execute(sql, params or []).fetchall()
