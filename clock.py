"""Time as a dependency: the bot asks a Clock for "now" and for sleeping.

Production uses SystemClock. Tests inject ManualClock and move time forward explicitly, so
schedules, retry_after pauses and backoff are tested without real waiting.
"""
from __future__ import annotations

import asyncio
import heapq
import itertools
from datetime import datetime, timedelta, timezone
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""

    async def sleep(self, seconds: float) -> None:
        """Wait until `seconds` have passed on this clock."""


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))


class ManualClock:
    """A clock that moves only when told to; sleepers wake when it passes their deadline."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware start")
        self._now = start.astimezone(timezone.utc)
        self._sleepers: list[tuple[datetime, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def now(self) -> datetime:
        return self._now

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self._now + timedelta(seconds=seconds), next(self._order), future))
        await future

    @property
    def sleepers(self) -> int:
        """How many coroutines are waiting on this clock (lets tests wait for a pause to begin)."""
        return sum(1 for _, _, f in self._sleepers if not f.done())

    def sleepers_until(self, when: datetime) -> int:
        """How many coroutines are waiting for exactly `when` (lets tests tell one pause's waiters apart)."""
        return sum(1 for deadline, _, f in self._sleepers if deadline == when and not f.done())

    def advance(self, seconds: float = 0, **delta: float) -> datetime:
        self.set(self._now + timedelta(seconds=seconds, **delta))
        return self._now

    def set(self, when: datetime) -> None:
        self._now = when.astimezone(timezone.utc)
        while self._sleepers and self._sleepers[0][0] <= self._now:
            _, _, future = heapq.heappop(self._sleepers)
            if not future.done():
                future.set_result(None)
