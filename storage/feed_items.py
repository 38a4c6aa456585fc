"""What each feed has delivered: per feed and item, a hash of the item as delivered and the article it became.

The poller skips an item its feed delivered before exactly as now, before fetching its page or processing
it. The record is the feed's own, not the article's: a publisher's section feeds carry the same items and
wire copies repeat across outlets, so many items are duplicates of an article another feed stored, and
each feed must still remember that it has seen them (migrations/080_feed_items.sql).
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from storage.db import Database
from storage.timefmt import to_db


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
