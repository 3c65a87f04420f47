"""A figure stated with its tolerance: one figure whose interval the tolerance gives.

Guidance is written "revenue of $54 billion, plus or minus 2%", "売上高は650億ドル（上下2％）",
"营收540亿美元，上下浮动2%", "gross margin of 73.5%, plus or minus 50 basis points": the 2% is no
share of anything but how far the figure before it may move (blind7 dev class: the outlook was
exact and a false 2% share stood beside it). A percent after a sum is relative ([52.92, 55.08]
billion); points after a percent are absolute ([73.0, 74.0]%). A percent after a percent is
left alone: relative or absolute, the text does not say.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # nlp.quantities imports this module
    from nlp.quantities import Quantity

# What stands between a figure and its tolerance: ", plus or minus ", " ±", "（上下", "，上下浮动".
_BETWEEN = re.compile(
    r"\s*[,，、]?\s*[（(]?\s*(?:(?i:plus\s+or\s+minus|give\s+or\s+take)|±|\+/-|上下(?:浮动|浮動)?)\s*"
)
_POINTS = re.compile(r"(?i:points?|bps?)\b|ポイント|个?基点|个百分点|百分点")


def with_tolerance(found: list[Quantity], text: str) -> list[Quantity]:
    """`found` (one sentence's figures, in order) with each tolerance folded into the figure
    before it."""
    out: list[Quantity] = []
    for q in found:
        prev = out[-1] if out else None
        if (
            prev is None
            or q.unit != "%"
            or q.hedge != "exact"
            or prev.hedge != "exact"
            or not _BETWEEN.fullmatch(text, prev.end, q.start)
        ):
            out.append(q)
            continue
        if prev.unit == "%":
            if not _POINTS.search(q.surface):
                out.append(q)
                continue
            lower, upper = prev.value - q.value, prev.value + q.value
        else:
            lower, upper = prev.value * (1 - q.value / 100), prev.value * (1 + q.value / 100)
        end = q.end + 1 if text[q.end : q.end + 1] in (")", "）") else q.end
        out[-1] = replace(
            prev, lower=lower, upper=upper, hedge="range", end=end, surface=text[prev.start : end]
        )
    return out
