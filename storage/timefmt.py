"""Timestamps are stored as fixed-width ISO-8601 UTC text, so text order is time order."""
from __future__ import annotations

from datetime import datetime, timezone


def to_db(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: storage needs timezone-aware times")
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def from_db(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(timezone.utc)


def maybe_from_db(text: str | None) -> datetime | None:
    return from_db(text) if text else None
