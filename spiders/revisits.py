"""When an article already seen is read again (pure: no Scrapy, no store).

A decaying schedule by age since first seen (CLAIMWATCH_REVISIT_SCHEDULE): at most hourly
for 2 days, daily to day 7, weekly to day 30, then never; plus at once whenever the feed
or sitemap that lists the page announces a change (a new <lastmod>, <updated>, <pubDate>
or <guid>: Entry.stamp). Revisits are conditional GETs, so an unchanged page costs a 304.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta


def parse_time(value: object) -> datetime | None:
    """An ISO 8601 string (or datetime) as an aware datetime; None when unreadable."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str) and value:
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def now(setting: object = None) -> datetime:
    """The crawl's "now": the CLAIMWATCH_NOW setting when given (tests travel in time), else the clock."""
    return parse_time(setting) or datetime.now(UTC)


def interval(age: timedelta, schedule: Sequence[Sequence[float]]) -> timedelta | None:
    """How often a page of this age is re-read; None once it is past the schedule."""
    for until_days, every_days in schedule:
        if age < timedelta(days=until_days):
            return timedelta(days=every_days)
    return None


def due(state: dict, at: datetime, schedule: Sequence[Sequence[float]]) -> bool:
    """Whether a page seen before (url_state: first_seen, checked_at) is due for a re-read."""
    first_seen, checked = parse_time(state.get("first_seen")), parse_time(state.get("checked_at"))
    if first_seen is None or checked is None:
        return True  # state from before first_seen was kept: read it once to learn it
    every = interval(at - first_seen, schedule)
    return every is not None and at - checked >= every


def announced(state: dict | None, stamp: str | None) -> bool:
    """Whether the listing's change marker differs from the one seen last time."""
    return bool(state and stamp and state.get("entry_stamp") and state["entry_stamp"] != stamp)
