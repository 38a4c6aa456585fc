"""A feed gone quiet: its polls still succeed (HTTP 200 or 304, a valid feed), but it has brought no new item for
much longer than it usually goes without one. The publisher moved or froze the feed, or a cache serves an old copy;
no error says so, so the poller looks at when the feed's new items came (storage.feed_items.arrivals).

A feed counts as one that usually brings items when, over the LOOKBACK before its last new item (and a week at
least), it brought MIN_PER_DAY a day or more. It is quiet once nothing new has come for the longest of MIN_QUIET,
USUAL_GAPS times its mean gap between items, and LONGEST_GAP_MARGIN times the longest pause it made in that time:
a feed that rests every weekend, or every night, is not called quiet for doing so again. Its first poll's items
are left out: they are the backlog of days, not a rate.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

LOOKBACK = timedelta(days=14)
MIN_HISTORY = timedelta(days=7)
MIN_PER_DAY = 3.0
MIN_QUIET = timedelta(hours=24)
USUAL_GAPS = 10
LONGEST_GAP_MARGIN = 1.5
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Arrival:
    """New items that came with one poll of a feed."""

    at: datetime
    items: int


@dataclass(frozen=True)
class Pace:
    """How a feed that usually brings items brought them up to its last new item."""

    per_day: float
    quiet_after: timedelta  # it is quiet once nothing new has come for this long


def usual_pace(arrivals: Sequence[Arrival], first_record: datetime) -> Pace | None:
    """The feed's pace, from its arrivals over the LOOKBACK up to its last one (in time order) and the time of the
    first item it is known to have delivered (its first poll's backlog); None when it does not usually bring items,
    or too little is known to tell. It looks no further than the last one, so only a new item changes the answer
    (or, a month on, the pruning of the record it is read from)."""
    if not arrivals:
        return None
    last = arrivals[-1].at
    start = max(last - LOOKBACK, first_record)
    span = last - start
    items = sum(a.items for a in arrivals if a.at > start)
    if span < MIN_HISTORY or not items or items / (span / DAY) < MIN_PER_DAY:
        return None
    times = [a.at for a in arrivals if a.at >= start]
    longest = max((later - earlier for earlier, later in zip(times, times[1:])), default=timedelta(0))
    return Pace(items / (span / DAY), max(MIN_QUIET, USUAL_GAPS * (span / items), LONGEST_GAP_MARGIN * longest))


def quiet_for(since: datetime, per_day: float, now: datetime) -> str:
    """"quiet for 3 days — it usually brings ~20 a day" (plain text)."""
    hours = int((now - since) / timedelta(hours=1))
    spell = f"{hours} h" if hours < 48 else f"{hours // 24} days"
    return f"quiet for {spell} — it usually brings ~{round(per_day)} a day"
