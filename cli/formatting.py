"""Text for the terminal: what the CLI prints for the store's reads.

The store returns rows and dataclasses (warehouse/); this module turns them into the lines
`claimwatch contradictions`, `claimwatch sources status` and `claimwatch diff` print, so the
store holds no presentation. The run report is rendered by its own formatter (warehouse/runs.py).
"""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING

from core.intervals import interval

if TYPE_CHECKING:
    import duckdb

    from core.judge import FigureRow
    from warehouse.health import SourceHealth


def list_contradictions(con: duckdb.DuckDBPyConnection, status: str = "open", limit: int = 50) -> str:
    """Contradictions as text a fact-checker can read in a terminal."""
    from warehouse.review import fetch_contradictions

    rows = fetch_contradictions(con, status, limit)
    if not rows:
        return f"no {status if status != 'all' else ''} contradictions".replace("  ", " ")
    out = []
    for n, r in enumerate(rows, 1):
        out.append(f"{n}. [{r['kind']}, score {r['score']:.2f}, {r['status']}] {r['reason']}")
        for side in ("a", "b"):
            quote = textwrap.shorten(r[f"text_{side}"], width=160, placeholder=" …")
            out.append(f'   {r[f"source_{side}"]}: "{quote}"')
            out.append(f"      {r[f'url_{side}']}")
    return "\n".join(out)


def format_health(rows: list[SourceHealth]) -> str:
    """Source health as a table for a terminal (`claimwatch sources status`)."""
    if not rows:
        return "no runs recorded yet"
    width = max(len(r.source) for r in rows)
    lines = [f"{'source'.ljust(width)}  status     failing runs  last run: articles ok/failed  runs"]
    for r in rows:
        lines.append(
            f"{r.source.ljust(width)}  {r.status.ljust(9)}  {str(r.failing_streak).rjust(12)}  "
            f"{str(r.last_articles_ok).rjust(18)}/{r.last_articles_failed:<8}  {r.runs}"
            + (f"\n{' ' * width}  {r.notes}" if r.notes else "")
        )
    return "\n".join(lines)


def format_diff(con: duckdb.DuckDBPyConnection, article_id: str) -> str:
    """What changed between an article's versions, claim by claim, for a terminal
    (warehouse.revisions.article_changes; ArticleNotFound for an unknown id or URL)."""
    from warehouse.revisions import article_changes

    article, changes, notices = article_changes(con, article_id)
    lines = [
        f"{article['article_id']}  {article['source']}  {article['url']}",
        f"{article['title'] or ''}  (versions 1 → {article['version']})",
    ]
    if article["version"] == 1:
        lines.append("only one version seen: nothing changed")
    for change in changes:
        if change.kind == "changed":
            lines.append("changed: " + ("; ".join(change.figures) if change.figures else "wording"))
            lines.append(f"  - {change.old}")
            lines.append(f"  + {change.new}")
        elif change.kind == "removed":
            lines.append(f"removed:\n  - {change.old}")
        else:
            lines.append(f"added:\n  + {change.new}")
    for version, text in notices:
        lines.append(f"correction notice (v{version}): {text}")
    return "\n".join(lines)


def describe(fig: FigureRow) -> str:
    """'at least $1 billion' [>= 1bn USD] — the surface and the interval it stands for."""
    lo, hi = interval(fig)
    unit = fig.unit
    if fig.hedge == "exact":
        bounds = f"= {_human(fig.value, unit)}"
    elif math.isinf(hi):
        bounds = f">= {_human(lo, unit)}"
    elif math.isinf(lo):
        bounds = f"<= {_human(hi, unit)}"
    else:
        bounds = f"{_human(lo, unit)}-{_human(hi, unit)}"
    return f"'{fig.surface}' [{bounds}{unit if unit in ('W', 'FLOPS', 'B', 'B/s') else ' ' + unit}]"


def _human(value: float, unit: str) -> str:
    for size, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= size and unit in ("USD", "JPY", "CNY", "EUR", "GBP", "count"):
            return f"{value / size:.4g}{suffix}"
    for size, prefix in ((1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size and unit in ("W", "FLOPS", "B", "B/s"):
            return f"{value / size:.4g} {prefix}"
    return f"{value:.4g}"
