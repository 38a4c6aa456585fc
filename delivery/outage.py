"""Riding out failed rounds of the engine's loop, such as a database another process keeps locked past the
busy timeout, a full disk or an I/O error.

The loop waits on the injected clock before the next round, 1 s after the first failure and twice as long
after each further one, up to a minute, so a failure that keeps recurring neither spins nor floods the log:
each distinct error is logged once per outage, the retries only at DEBUG, and the first round that works
again logs that delivery resumed.
"""
from __future__ import annotations

import logging
import sqlite3
from datetime import datetime

from clock import Clock

log = logging.getLogger(__name__)

FIRST_BACKOFF_SECONDS = 1.0
MAX_BACKOFF_SECONDS = 60.0

# What aiosqlite and sqlite3 raise once the connection is closed (aiosqlite's range is pinned).
_CLOSED = ("no active connection", "Connection closed", "Cannot operate on a closed database.")


def database_closed(error: Exception) -> bool:
    """The database was closed underneath the engine: no wait will make it usable again."""
    return isinstance(error, (ValueError, sqlite3.ProgrammingError)) and str(error) in _CLOSED


class Outage:
    """The consecutive failed rounds of the engine's loop, since the last round that worked."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.failures = 0
        self._started_at: datetime | None = None
        self._logged: set[tuple[type, str]] = set()

    @property
    def active(self) -> bool:
        return self.failures > 0

    def failed(self, error: Exception) -> float:
        """Record a failed round; the seconds to wait on the clock before the next one."""
        if not self.active:
            self._started_at = self.clock.now()
        self.failures += 1
        wait = min(MAX_BACKOFF_SECONDS, FIRST_BACKOFF_SECONDS * 2 ** (self.failures - 1))
        key = (type(error), str(error))
        if key not in self._logged:
            self._logged.add(key)
            if isinstance(error, sqlite3.OperationalError):  # locked, busy, disk full, I/O: the database, not us
                log.warning("database unavailable, delivery paused until it works again: %s", error)
            else:
                log.error("delivery round failed, retrying with backoff", exc_info=error)
        log.debug("delivery round failed failures=%s retry_in=%g error=%s", self.failures, wait, error)
        return wait

    def ended(self) -> None:
        """A round worked again after an outage: log it once and start afresh."""
        assert self._started_at is not None
        seconds = (self.clock.now() - self._started_at).total_seconds()
        log.warning("delivery resumed failed_rounds=%s seconds=%g", self.failures, seconds)
        self.failures, self._started_at = 0, None
        self._logged.clear()
