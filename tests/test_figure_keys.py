"""Fact keys, orientation and eligibility (core/facts.py, core/eligibility.py) and their homes
in the store (migration 0015): figures.fact_key/key_* written when claims are stored and
backfilled by the migration's SQL, which must say what core.facts says; eligible_claims."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pytest
from store_helpers import add_article, add_claims, claim, figure

from core.eligibility import eligible, independent
from core.facts import FALLBACK, fact_key, keyed_bounds, oriented
from warehouse.db import apply_migrations, available_migrations, connect

# (subject, measure, unit, reference, subject_from, value, lower, upper): ratios both ways
# round, open and zero bounds, a missing measure, guesses, dates, an empty reference, scripts
# that sort differently from their romanisation.
CASES = [
    ("nvidia", "value", "USD", None, None, 1e9, 1e9, None),
    ("nvidia", "value", "USD", None, "named", 4e8, 3.6e8, 4.4e8),
    ("nvidia", "price", "USD", None, FALLBACK, 5e4, 5e4, 5e4),
    ("nvidia", None, "USD", None, "carried", 1.0, None, 1.0),
    (None, "value", "USD", None, None, 1.0, 1.0, 1.0),
    ("nvidia", "date", "year", None, None, 2025.0, 2025.0, 2025.0),
    ("gb200-nvl72", "compute", "x", "cloudmatrix-384", "named", 7.5, 7.5, 7.5),
    ("cloudmatrix-384", "compute", "x", "gb200-nvl72", None, 1.7, 1.53, 1.87),
    ("gb200-nvl72", "compute", "x", "cloudmatrix-384", None, 4.0, 4.0, None),
    ("gb200-nvl72", "compute", "x", "cloudmatrix-384", None, 0.0, 0.0, 2.0),
    ("gb200-nvl72", "ratio", "x", "gb200-nvl72", None, 2.0, 2.0, 2.0),
    ("h20", "memory", "x", "", None, 2.0, None, None),
    ("华为", "compute", "x", "ファーウェイ", "part-of", 3.0, 2.5, 3.5),
    ("Zeta", "compute", "x", "alpha", "maker-of", 3.0, 3.0, 3.0),
]


def test_figure_keys_fact_key_and_orientation_rules():
    assert fact_key("nvidia", "value", "USD") == "nvidia|value|USD"
    assert fact_key("nvidia", None, "USD") == "nvidia|None|USD"  # as the store has always keyed it
    assert fact_key("nvidia", "value", "USD", subject_from=FALLBACK) is None
    assert fact_key("nvidia", "date", "year") is None
    a = fact_key("cloudmatrix-384", "compute", "x", "gb200-nvl72")
    assert (
        a
        == fact_key("gb200-nvl72", "compute", "x", "cloudmatrix-384")
        == "cloudmatrix-384~gb200-nvl72|compute|x"
    )
    assert oriented("gb200-nvl72", "cloudmatrix-384", "x", 7.5, 7.5) == (pytest.approx(1 / 7.5),) * 2
    assert oriented("gb200-nvl72", "cloudmatrix-384", "x", 4.0, None) == (None, 0.25)
    assert oriented("gb200-nvl72", "cloudmatrix-384", "x", 0.0, 2.0) == (0.5, None)
    assert oriented("cloudmatrix-384", "gb200-nvl72", "x", 1.7, 1.7) == (1.7, 1.7)
    assert keyed_bounds(*CASES[6][:5], 7.5, 7.5, 7.5).key_value == pytest.approx(1 / 7.5)
    assert keyed_bounds(*CASES[9][:5], 0.0, 0.0, 2.0).key_value is None


def _same(x: float | None, y: float | None) -> bool:
    return (x is None and y is None) or (
        x is not None and y is not None and math.isclose(x, y, rel_tol=1e-12)
    )


def test_figure_keys_migration_backfill_says_what_core_facts_says(tmp_path):
    con = connect(tmp_path / "s.duckdb", migrate=False)
    con.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
        "applied_at TIMESTAMPTZ NOT NULL)"
    )
    for m in available_migrations():
        if m.version < 15:  # the store as it stood before figures kept their keys
            con.execute(m.sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [m.version, m.name])
    for i, (subject, measure, unit, reference, subject_from, value, lower, upper) in enumerate(CASES):
        con.execute(
            """INSERT INTO figures (claim_id, idx, value, unit, lower, upper, hedge, precision, surface,
                                    start_char, end_char, subject, measure, reference, subject_from)
               VALUES (?, 0, ?, ?, ?, ?, 'exact', 0, 's', 0, 1, ?, ?, ?, ?)""",
            [f"c{i:02d}", value, unit, lower, upper, subject, measure, reference, subject_from],
        )
    assert [m.version for m in apply_migrations(con) if m.version == 15] == [15]
    stored = con.execute(
        "SELECT fact_key, key_value, key_lower, key_upper FROM figures ORDER BY claim_id"
    ).fetchall()
    for case, (key, value, lower, upper) in zip(CASES, stored, strict=True):
        expected = keyed_bounds(*case)
        assert key == expected.fact_key, case
        assert _same(value, expected.key_value), case
        assert _same(lower, expected.key_lower), case
        assert _same(upper, expected.key_upper), case
    con.close()


def test_figure_keys_written_with_the_claims(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    add_article(con, "a1", "alpha")
    ratio = figure(7.5, "x", 7.5, 7.5, "7.5 times", "gb200-nvl72", "compute")
    ratio = type(ratio)(**{**ratio.__dict__, "reference": "cloudmatrix-384"})
    guess = type(ratio)(
        **{**figure(5e4, "USD", 5e4, 5e4, "$50,000", "nvidia").__dict__, "subject_from": FALLBACK}
    )
    add_claims(
        con, "a1", [claim("GB200 NVL72 is 7.5 times slower.", ratio), claim("It costs $50,000.", guess)]
    )
    rows = con.execute(
        "SELECT surface, fact_key, key_value, key_lower, key_upper FROM figures ORDER BY surface"
    ).fetchall()
    assert rows[0][:2] == ("$50,000", None)  # a guess keys nothing
    assert rows[1][:2] == ("7.5 times", "cloudmatrix-384~gb200-nvl72|compute|x")
    assert rows[1][2:] == (pytest.approx(1 / 7.5),) * 3
    con.close()


@dataclass(frozen=True)
class _Claim:
    article_id: str
    current: bool = True
    duplicate_of: str | None = None


def test_figure_keys_eligibility_rule_and_view_agree(tmp_path):
    assert eligible(True, None)
    assert not eligible(False, None)
    assert not eligible(True, "a0")
    assert independent(_Claim("a1"), _Claim("a2"))
    assert not independent(_Claim("a1"), _Claim("a1"))  # one article: a claim and its replacement
    assert not independent(_Claim("a1"), _Claim("a2", current=False))  # superseded
    assert not independent(_Claim("a1"), _Claim("a2", duplicate_of="a1"))  # a copy and its original
    assert not independent(_Claim("a3"), _Claim("a2", duplicate_of="a1"))  # a copy takes no part at all
    con = connect(tmp_path / "s.duckdb")
    add_article(con, "a1", "alpha")
    add_article(con, "d1", "delta", duplicate_of="a1")
    kept, dropped = add_claims(
        con,
        "a1",
        [
            claim("Chips worth $1bn.", figure(1e9, "USD", 1e9, 1e9, "$1bn", "nvidia")),
            claim("Chips worth $2bn.", figure(2e9, "USD", 2e9, 2e9, "$2bn", "nvidia")),
        ],
    )
    copy = add_claims(con, "d1", [claim("Chips worth $1bn, the wire said.")])
    con.execute("UPDATE claims SET current = false WHERE claim_id = ?", [dropped])
    rows = con.execute(
        """SELECT c.claim_id, c.current, a.duplicate_of, e.claim_id IS NOT NULL FROM claims c
           JOIN articles a USING (article_id) LEFT JOIN eligible_claims e ON e.claim_id = c.claim_id"""
    ).fetchall()
    assert {r[0] for r in rows} == {kept, dropped, *copy}
    for claim_id, current, duplicate_of, in_view in rows:
        assert in_view == eligible(current, duplicate_of), claim_id
    con.close()
