"""Feed sources and their polling state: schedule, conditional-GET validators, failures, backoff."""
from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

import aiosqlite

from storage.db import Database
from storage.timefmt import maybe_from_db, to_db

MIN_INTERVAL = 5 * 60
MAX_INTERVAL = 6 * 3600
DEFAULT_INTERVAL = 15 * 60
FLAG_AFTER = timedelta(hours=24)


@dataclass(frozen=True)
class Feed:
    id: int
    url: str
    name: str
    country: str | None
    status: str  # 'active' | 'paused'
    etag: str | None
    last_modified: str | None
    interval_seconds: int
    next_poll_at: datetime | None
    last_polled_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    consecutive_failures: int
    flagged_at: datetime | None
    items_total: int
    added_by: int | None
    created_at: datetime
    quiet_since: datetime | None  # while it is quiet (feeds.quiet): when its last new item came
    usual_per_day: float | None  # while it is quiet: the new items a day it brought before
    same_as: int | None = None  # the feed whose address this one's permanent redirect leads to: not polled
    quiet_checked_for: datetime | None = None  # its last new item when the quiet check last read its history
    quiet_due_at: datetime | None = None  # then: when it is quiet if nothing new comes (None: never)


def _feed(row: aiosqlite.Row) -> Feed:
    return Feed(
        id=row["id"], url=row["url"], name=row["name"], country=row["country"], status=row["status"],
        etag=row["etag"], last_modified=row["last_modified"], interval_seconds=row["interval_seconds"],
        next_poll_at=maybe_from_db(row["next_poll_at"]), last_polled_at=maybe_from_db(row["last_polled_at"]),
        last_success_at=maybe_from_db(row["last_success_at"]), last_error=row["last_error"],
        last_error_at=maybe_from_db(row["last_error_at"]), consecutive_failures=row["consecutive_failures"],
        flagged_at=maybe_from_db(row["flagged_at"]), items_total=row["items_total"], added_by=row["added_by"],
        created_at=maybe_from_db(row["created_at"]),  # type: ignore[arg-type]
        quiet_since=maybe_from_db(row["quiet_since"]), usual_per_day=row["usual_per_day"], same_as=row["same_as"],
        quiet_checked_for=maybe_from_db(row["quiet_checked_for"]), quiet_due_at=maybe_from_db(row["quiet_due_at"]),
    )


def clamp_interval(seconds: float) -> int:
    return int(min(MAX_INTERVAL, max(MIN_INTERVAL, seconds)))


def backoff_seconds(interval: int, failures: int, rng: random.Random | None = None) -> int:
    """Exponential backoff from the feed's interval, ±20 % jitter, capped at MAX_INTERVAL."""
    base = min(MAX_INTERVAL, interval * 2 ** max(0, failures - 1))
    jitter = (rng or random).uniform(0.8, 1.2)
    return int(min(MAX_INTERVAL, base * jitter))


async def add_feed(db: Database, url: str, name: str, country: str | None, added_by: int | None,
                   now: datetime) -> Feed | None:
    """Add a feed, due at once; None if that URL is already a feed."""
    try:
        feed_id = await db.execute(
            """insert into feeds (url, name, country, added_by, interval_seconds, next_poll_at, created_at)
               values (?, ?, ?, ?, ?, ?, ?)""",
            (url, name, country, added_by, DEFAULT_INTERVAL, to_db(now), to_db(now)),
        )
    except sqlite3.IntegrityError:
        return None
    return await get_feed(db, feed_id)


@dataclass(frozen=True)
class NewFeed:
    """A feed to add from a list (an OPML import): no fetch first, the poller reads it."""

    url: str
    name: str
    country: str | None = None
    paused: bool = False


async def add_feeds(db: Database, feeds: list[NewFeed], added_by: int | None, now: datetime) -> list[int | None]:
    """Add many feeds in one transaction, each due at once (a paused one when resumed); for each, its new id, or
    None when that URL is already a feed."""
    ids: list[int | None] = []
    async with db.atomic() as conn:
        for feed in feeds:
            cursor = await conn.execute(
                """insert into feeds (url, name, country, status, added_by, interval_seconds, next_poll_at, created_at)
                   values (?, ?, ?, ?, ?, ?, ?, ?)
                   on conflict (url) do nothing""",
                (feed.url, feed.name, feed.country, "paused" if feed.paused else "active", added_by, DEFAULT_INTERVAL,
                 to_db(now), to_db(now)),
            )
            ids.append(cursor.lastrowid if cursor.rowcount else None)
    return ids


async def name_unnamed(db: Database, feed_id: int, name: str) -> None:
    """Give a feed added without a name one (its own title, once read); a name it has stays."""
    await db.execute(
        """update feeds
           set name = ?
           where id = ?
             and name = ''""",
        (name, feed_id),
    )


async def get_feed(db: Database, feed_id: int) -> Feed | None:
    row = await db.fetchone("select * from feeds where id = ?", (feed_id,))
    return _feed(row) if row else None


async def list_feeds(db: Database) -> list[Feed]:
    return [_feed(r) for r in await db.fetchall("select * from feeds order by id")]


async def remove_feed(db: Database, feed_id: int) -> bool:
    """Delete a feed; its stored articles stay (their feed_id becomes null), what it delivered goes (feed_items).
    A copy of it (same_as) is polled again: its redirect's target is free now."""
    async with db.atomic() as conn:
        cursor = await conn.execute("delete from feeds where id = ?", (feed_id,))
        await conn.execute("update feeds set same_as = null where same_as = ?", (feed_id,))
        return cursor.rowcount > 0


async def set_status(db: Database, feed_id: int, status: str, now: datetime) -> bool:
    """Pause or resume; a resumed feed is due at once. False when there is no such feed or it already
    has that status (nothing changed)."""
    async with db.atomic() as conn:
        cursor = await conn.execute(
            """update feeds
               set status = ?, next_poll_at = ?
               where id = ?
                 and status <> ?""",
            (status, to_db(now), feed_id, status),
        )
        return cursor.rowcount > 0


async def edit_feed(db: Database, feed_id: int, name: str, country: str | None) -> bool:
    """Set a feed's name and country (its later items get them); False when there is no such feed."""
    async with db.atomic() as conn:
        cursor = await conn.execute(
            """update feeds
               set name = ?, country = ?
               where id = ?""",
            (name, country, feed_id),
        )
        return cursor.rowcount > 0


async def due_feeds(db: Database, now: datetime) -> list[Feed]:
    rows = await db.fetchall(
        """select * from feeds
           where status = 'active'
             and same_as is null
             and (next_poll_at is null or next_poll_at <= ?)
           order by next_poll_at, id""",
        (to_db(now),),
    )
    return [_feed(r) for r in rows]


async def record_success(db: Database, feed: Feed, now: datetime, *, interval: int, etag: str | None,
                         last_modified: str | None, items_added: int, new_url: str | None = None) -> None:
    """A good poll (200 or 304): validators kept, failures reset, next poll one interval away."""
    async with db.atomic() as conn:
        await conn.execute(
            """update feeds
               set etag = ?, last_modified = ?, interval_seconds = ?, next_poll_at = ?, last_polled_at = ?,
                   last_success_at = ?, consecutive_failures = 0, flagged_at = null,
                   items_total = items_total + ?
               where id = ?""",
            (etag, last_modified, interval, to_db(now + timedelta(seconds=interval)), to_db(now), to_db(now),
             items_added, feed.id),
        )
        if new_url and new_url != feed.url:
            taken = await (await conn.execute("select 1 from feeds where url = ?", (new_url,))).fetchone()
            if not taken:
                await conn.execute("update feeds set url = ? where id = ?", (new_url, feed.id))


async def record_failure(db: Database, feed: Feed, now: datetime, error: str,
                         rng: random.Random | None = None) -> bool:
    """A failed poll: reason kept, next poll backed off. True when this failure newly flags the feed."""
    failures = feed.consecutive_failures + 1
    delay = backoff_seconds(feed.interval_seconds, failures, rng)
    failing_since = feed.last_success_at or feed.created_at
    flag = feed.flagged_at is None and now - failing_since > FLAG_AFTER
    await db.execute(
        """update feeds
           set last_error = ?, last_error_at = ?, last_polled_at = ?, consecutive_failures = ?,
               next_poll_at = ?, flagged_at = coalesce(flagged_at, ?)
           where id = ?""",
        (error[:500], to_db(now), to_db(now), failures, to_db(now + timedelta(seconds=delay)),
         to_db(now) if flag else None, feed.id),
    )
    return flag


async def set_same_as(db: Database, feed_id: int, other_id: int) -> None:
    """Mark the feed a copy of `other_id`, whose address its permanent redirect leads to: no longer polled."""
    await db.execute(
        """update feeds
           set same_as = ?
           where id = ?""",
        (other_id, feed_id),
    )


async def set_quiet(db: Database, feed_id: int, since: datetime | None, per_day: float | None) -> None:
    """Mark the feed quiet since its last new item, bringing `per_day` before (feeds.quiet); None, None: no longer."""
    await db.execute(
        """update feeds
           set quiet_since = ?, usual_per_day = ?
           where id = ?""",
        (to_db(since) if since else None, per_day, feed_id),
    )


async def set_quiet_check(db: Database, feed_id: int, last_arrival: datetime, due: datetime | None) -> None:
    """Keep what the quiet check found from the history up to the feed's last new item: quiet at `due` if nothing
    new comes, or never (None)."""
    await db.execute(
        """update feeds
           set quiet_checked_for = ?, quiet_due_at = ?
           where id = ?""",
        (to_db(last_arrival), to_db(due) if due else None, feed_id),
    )


async def last_feed_success(db: Database) -> tuple[int, datetime | None, datetime | None]:
    """(active feeds, latest success of any feed, earliest creation) — what the watchdog needs."""
    row = await db.fetchone(
        "select count(*) as n, max(last_success_at) as ok, min(created_at) as first from feeds where status = 'active'"
    )
    assert row is not None
    return row["n"], maybe_from_db(row["ok"]), maybe_from_db(row["first"])


async def alert_sent(db: Database, kind: str) -> bool:
    return await db.fetchone("select 1 from feed_alerts where kind = ?", (kind,)) is not None


async def mark_alert(conn: aiosqlite.Connection, kind: str, now: datetime) -> None:
    """Record an alert on an open transaction (the one that queues the notices)."""
    await conn.execute(
        "insert into feed_alerts (kind, alerted_at) values (?, ?) on conflict (kind) do nothing", (kind, to_db(now))
    )


async def clear_alert(db: Database, kind: str) -> None:
    await db.execute("delete from feed_alerts where kind = ?", (kind,))
