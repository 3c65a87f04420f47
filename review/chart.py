"""A server-rendered SVG timeline: one fact's reported values by source and date.

Each figure is a dot at (article date, value) in its source's colour; a hedge or range is
a vertical bar over its interval, and an open-ended one ("at least $1bn") runs to the edge
of the plot with an arrow. The two claims under review are ringed and labelled A and B.
Every piece of text comes from scraped pages, so all of it goes through markupsafe.escape;
the SVG uses presentation attributes only (no style attributes, no script), which the
page's Content-Security-Policy allows.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

from markupsafe import Markup, escape

WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = (
    78,
    44,
    18,
    78,
)  # plot margins: y labels left, dates (half a label) right, legend below
# Okabe-Ito: eight colours told apart with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
_SCALES = {
    "money": ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k")),
    "si": ((1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")),
}


def human(value: float, unit: str) -> str:
    """A short axis label: 1.2bn USD, 300 kW, 1.7 x."""
    if unit in ("W", "FLOPS", "B", "B/s"):
        for size, prefix in _SCALES["si"]:
            if abs(value) >= size:
                return f"{value / size:.3g} {prefix}{unit}"
    elif unit not in ("x", "%", "year"):
        for size, suffix in _SCALES["money"]:
            if abs(value) >= size:
                return f"{value / size:.3g}{suffix} {unit}"
    return f"{value:.3g} {unit}"


def _day(when: datetime | date | None) -> date | None:
    if when is None:
        return None
    return when.date() if isinstance(when, datetime) else when


def _ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """About `count` round tick values between lo and hi."""
    span = hi - lo
    step = 10 ** math.floor(math.log10(span / count)) if span > 0 else 1.0
    for mult in (1, 2, 2.5, 5, 10):
        if span / (step * mult) <= count:
            step *= mult
            break
    first = math.ceil(lo / step) * step
    return [first + i * step for i in range(int((hi - first) / step + 1e-9) + 1)]


def timeline_svg(
    points: list[dict],
    unit: str,
    highlight: dict[str, str] | None = None,
    series: dict[str, str] | None = None,
) -> Markup:
    """The SVG of a fact's figures over time.

    Args:
        points: dicts with value, lower, upper (None = unbounded), source, date, surface,
            claim_id (warehouse.review.timeline).
        unit: the fact key's unit, for the axis labels.
        highlight: claim_id -> label ("A", "B") of the claims under review.
        series: claim_id -> the group a point is coloured and listed by (a dispute's positions,
            "P1 400m USD"); by source when None.
    """
    highlight = highlight or {}
    points = [p for p in points if _day(p["date"]) is not None and math.isfinite(p["value"])]
    if not points:
        return Markup('<p class="muted">No dated figures with this fact key.</p>')
    days = [_day(p["date"]) for p in points]
    first, last = min(days), max(days)
    # A margin of ~6% (at least a day) each side keeps the first and last dots off the frame.
    margin = timedelta(days=max(1, round((last - first).days * 0.06)))
    first, last = first - margin, last + margin
    finite = [v for p in points for v in (p["value"], p["lower"], p["upper"]) if v is not None]
    lo, hi = min(finite), max(finite)
    pad = (hi - lo) * 0.12 or abs(hi) * 0.2 or 1.0
    lo, hi = lo - pad, hi + pad
    if min(finite) >= 0 > lo:
        lo = 0.0  # positive quantities: no negative axis
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return LEFT + (day - first).days / max((last - first).days, 1) * plot_w

    def y(value: float) -> float:
        return TOP + (hi - value) / (hi - lo) * plot_h

    def group(p: dict) -> str:
        return p["source"] if series is None else series.get(p["claim_id"], "other")

    sources = sorted({group(p) for p in points})
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(sources)}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-label="{escape(f"Reported values over time ({unit})")}" class="timeline">',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fafafa" stroke="#ccc"/>',
    ]
    for tick in _ticks(lo, hi):
        ty = y(tick)
        out.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#e4e4e4"/>')
        out.append(
            f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end" font-size="11" fill="#444">'
            f"{escape(human(tick, unit))}</text>"
        )
    span = max((last - first).days, 1)
    step = max(1, math.ceil(span / 6))
    day = first
    while day <= last:
        tx = x(day)
        out.append(
            f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{TOP + plot_h}" y2="{TOP + plot_h + 4}" stroke="#888"/>'
        )
        out.append(
            f'<text x="{tx:.1f}" y="{TOP + plot_h + 17}" text-anchor="middle" font-size="11" fill="#444">'
            f"{day.isoformat()}</text>"
        )
        day += timedelta(days=step)
    seen: dict[tuple, int] = {}
    for p, pday in sorted(zip(points, days, strict=True), key=lambda t: (t[1], t[0]["source"])):
        slot = seen.get((pday, p["source"]), 0)
        seen[(pday, p["source"])] = slot + 1
        px = x(pday) + slot * 7  # several figures of one source on one day sit side by side
        c = colour[group(p)]
        label = highlight.get(p["claim_id"])
        tip = f"{p['source']}, {pday.isoformat()}: {p['surface']}" + (f" (claim {label})" if label else "")
        out.append(f"<g><title>{escape(tip)}</title>")
        top = TOP if p["upper"] is None else y(min(p["upper"], hi))
        bottom = TOP + plot_h if p["lower"] is None else y(max(p["lower"], lo))
        if bottom - top > 1:
            out.append(
                f'<line x1="{px:.1f}" x2="{px:.1f}" y1="{top:.1f}" y2="{bottom:.1f}" stroke="{c}" '
                f'stroke-width="3" stroke-opacity="0.55"/>'
            )
            if p["upper"] is None:
                out.append(
                    f'<path d="M{px - 5:.1f},{top + 7:.1f} L{px:.1f},{top:.1f} '
                    f'L{px + 5:.1f},{top + 7:.1f}" fill="{c}"/>'
                )
            if p["lower"] is None:
                out.append(
                    f'<path d="M{px - 5:.1f},{bottom - 7:.1f} L{px:.1f},{bottom:.1f} '
                    f'L{px + 5:.1f},{bottom - 7:.1f}" fill="{c}"/>'
                )
        py = y(p["value"])
        if label:
            out.append(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="8" fill="#fff" stroke="#111" stroke-width="2"/>'
            )
            out.append(
                f'<text x="{px + 11:.1f}" y="{py - 8:.1f}" font-size="12" font-weight="bold" fill="#111">'
                f"{escape(label)}</text>"
            )
        out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="5" fill="{c}"/></g>')
    lx = LEFT
    for s in sources:
        out.append(f'<rect x="{lx}" y="{HEIGHT - 26}" width="12" height="12" fill="{colour[s]}"/>')
        out.append(f'<text x="{lx + 17}" y="{HEIGHT - 16}" font-size="12" fill="#222">{escape(s)}</text>')
        lx += 30 + 8 * len(s)  # ~8 px a character at font-size 12
    out.append("</svg>")
    return Markup("\n".join(out))
