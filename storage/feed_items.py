"""What each feed has delivered: per feed and item, a hash of the item as delivered and the article it became.

The poller skips an item its feed delivered before exactly as now, before fetching its page or processing
it. The record is the feed's own, not the article's: a publisher's section feeds carry the same items and
wire copies repeat across outlets, so many items are duplicates of an article another feed stored, and
each feed must still remember that it has seen them (migrations/080_feed_items.sql).

The same record tells when a feed's new items came (`arrivals`, for feeds.quiet): an item is new news when the
article it became, or duplicated, was stored within FRESH of the feed delivering it. One whose article is older is
an old item delivered again: edited days later, or carried by its feed longer than its record is kept
(storage.retention), so delivered "anew" by a feed that has frozen.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.db import Database
from storage.timefmt import from_db, to_db

FRESH = timedelta(days=1)
# A feed's items that were news when it delivered them (see the module docstring); binds :feed and :fresh_days.
_NEW_ITEMS = """from feed_items fi
           join articles a on a.id = fi.article_id
           where fi.feed_id = :feed
             and julianday(a.ingested_at) >= julianday(fi.seen_at) - :fresh_days"""


@dataclass(frozen=True)
class FeedItem:
    """A feed item as its feed delivered it: its key (GUID, or URL as stored when it has none) and content hash."""

    key: str
    item_hash: str


async def unchanged_feed_items(db: Database, feed_id: int, items: Sequence[FeedItem]) -> set[FeedItem]:
    """Those of `items` this feed delivered before exactly as now (a new or changed item is absent)."""
    if not items:
        return set()
    rows = await db.fetchall(
        """select item_key, item_hash
           from feed_items
           where feed_id = ?
             and item_key in (select value from json_each(?))""",
        (feed_id, json.dumps(sorted({item.key for item in items}))),  # one parameter however long the feed
    )
    delivered = {FeedItem(row["item_key"], row["item_hash"]) for row in rows}
    return {item for item in items if item in delivered}


def record_feed_item(
    conn: sqlite3.Connection, feed_id: int, item: FeedItem, article_id: int | None, now: datetime
) -> None:
    """Remember that the feed delivered `item` and that it became (or duplicated) `article_id`, or was
    rejected (None); the latest wins."""
    conn.execute(
        """insert into feed_items (feed_id, item_key, item_hash, article_id, seen_at)
           values (?, ?, ?, ?, ?)
           on conflict (feed_id, item_key) do update
           set item_hash = excluded.item_hash, article_id = excluded.article_id, seen_at = excluded.seen_at""",
        (feed_id, item.key, item.item_hash, article_id, to_db(now)),
    )


async def record_rejected_items(db: Database, feed_id: int, items: Sequence[FeedItem], now: datetime) -> None:
    """Remember that the feed delivered `items` and the pipeline rejected them, so that its next polls
    skip them until they change (migrations/090_rejected_feed_items.sql)."""
    def record_all(conn: sqlite3.Connection) -> None:
        for item in items:
            record_feed_item(conn, feed_id, item, None, now)

    if items:
        await db.run_sync(record_all)


def _bound(feed_id: int, **times: datetime) -> dict[str, object]:
    return {"feed": feed_id, "fresh_days": FRESH / timedelta(days=1), **{k: to_db(v) for k, v in times.items()}}


async def last_arrival(db: Database, feed_id: int) -> datetime | None:
    """When the feed's latest new item came (see the module docstring); None when none is on record."""
    row = await db.fetchone(
        f"""select fi.seen_at
            {_NEW_ITEMS}
            order by fi.seen_at desc
            limit 1""",
        _bound(feed_id),
    )
    return from_db(row["seen_at"]) if row else None


async def arrivals(db: Database, feed_id: int, since: datetime, until: datetime) -> list[tuple[datetime, int]]:
    """When the feed's new items came from `since` to `until` (both included), with how many came each time."""
    rows = await db.fetchall(
        f"""select fi.seen_at, count(*) as items
            {_NEW_ITEMS}
              and fi.seen_at between :since and :until
            group by fi.seen_at
            order by fi.seen_at""",
        _bound(feed_id, since=since, until=until),
    )
    return [(from_db(row["seen_at"]), row["items"]) for row in rows]


async def arrived_after(db: Database, feed_id: int, moment: datetime) -> bool:
    """Whether a new item of the feed came after `moment`."""
    row = await db.fetchone(
        f"""select 1
            {_NEW_ITEMS}
              and fi.seen_at > :moment
            limit 1""",
        _bound(feed_id, moment=moment),
    )
    return row is not None


async def first_record(db: Database, feed_id: int) -> datetime | None:
    """When the feed delivered the first item on record (its first poll's, while the record keeps it)."""
    row = await db.fetchone("select min(seen_at) as first from feed_items where feed_id = ?", (feed_id,))
    return from_db(row["first"]) if row and row["first"] else None
