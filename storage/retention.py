"""Retention: old rows of the delivery log, the outbox and the feeds' item records are deleted once
nothing can need them.

The delivery log (one row per chat and story) exists so a digest never repeats a story. A story is a
digest candidate for a chat only through an article ingested at or after the chat's last digest (the
first digest: the chat's start, or the day before), with no age limit: a chat back from a long pause
or a deactivation gets everything since its last digest (digests/compose.py `load_sections`,
storage.articles.latest_tagged's `since`). A story also stays open: a new article joins it when its
published time is within ingest.store.STORY_WINDOW (3 days) of one of the story's articles, and it is
then a candidate again for everyone. Breaking pushes never read the log (a push goes to its whole
audience), so digests are the only readers. A row (chat, story) therefore goes only when

- every article of the story was ingested more than DELIVERY_RETENTION ago (a new article with today's
  date can no longer join it, and none of its articles can be a candidate again), and
- the chat's last digest (or, never having had one, its start) is within DELIVERY_RETENTION, so its
  digests look back less far than the story's newest article. Chats that look further back (paused,
  deactivated, or never scheduled) keep their whole log; they receive no digests, so it hardly grows.

DELIVERY_RETENTION is 30 days: the longest regular gap between digests is a week, and a story ends 3
days after its last article, so 30 days leaves a margin of weeks. An article that comes in dated long
ago (a new feed's archive) may still join a story that old, but it is no digest candidate: digests
leave out anything published more than news.digest.MAX_ITEM_AGE (8 days) before they are made.

Outbox rows matter while they are pending or being sent (the sender and its crash recovery work from
them) and, once final, for the reports: /broadcasts shows the latest REPORTED_PUSHES pushes with
counts taken from their rows, and /stats counts today's sent messages. A final row (sent, failed or
cancelled) goes when it is older than OUTBOX_RETENTION, and a push's rows only once the push is done
or cancelled, finished more than OUTBOX_RETENTION ago and no longer among the latest REPORTED_PUSHES.

A feed's item record (storage.feed_items) lets its next polls skip an item they have seen. It is
written when the item is new or changed, so one older than FEED_ITEM_RETENTION (30 days) is almost
always of an item that has left its feed; for the rare item a feed carries that long, the next poll
processes it once more, finds the article it became already stored (a duplicate, nothing sent) and
records it again.

A story's headline words (storage.articles, news.events) let other outlets' reports of the same news
join it for hours (news.events.EVENT_WINDOW, 12 hours); they go after HEADLINE_RETENTION (2 days),
which leaves room for a report that arrives late with its own earlier time.

A search is kept for the "More results ▸" button under its stories (storage.searches) for SEARCH_RETENTION
(a week); a tap after that asks for the search again.

A breaking draft nobody confirmed or cancelled within DRAFT_RETENTION (a day) is news no longer: it is
cancelled, and its held article (storage.held) deleted with it, as are held articles no draft holds (one
whose draft was never written, the bot having stopped in between).

An admin's wait for a breaking item or correction (storage.breaking_waits) ends when it is answered or its
admin moves on; one that ran out is kept LATE_ITEM_NOTED (an hour) after its end, to tell a reply that comes
too late so, and then goes. A wait for the correction of a draft still open stays until the draft goes (a day
at most): when the bot starts, the draft's controls, which asked for the correction, are told it ran out.

What 🔕 Unfollow all removed (storage.unfollowed) is kept for its ↩️ Undo, which works for UNDO_PERIOD (a week),
and goes after that.

Every prune deletes at most CHUNK rows per transaction, so a large first prune never holds the write
lock for long. Row ids stand for time: articles and outbox rows get increasing ids as they are
written, with the ingest or queue time of that moment, so "ingested before T" is "id below the first
id at or after T", found by a binary search on the primary key instead of an index on the time.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from storage.breaking_waits import LATE_ITEM_NOTED
from storage.broadcasts import LISTED
from storage.broadcasts import REPORTED as REPORTED_PUSHES
from storage.db import Database
from storage.timed_ids import first_id_at_or_after
from storage.timefmt import to_db
from storage.unfollowed import UNDO_PERIOD

DELIVERY_RETENTION = timedelta(days=30)
OUTBOX_RETENTION = timedelta(days=7)
FEED_ITEM_RETENTION = timedelta(days=30)
DRAFT_RETENTION = timedelta(days=1)
HEADLINE_RETENTION = timedelta(days=2)
SEARCH_RETENTION = timedelta(days=7)
CHUNK = 2000


@dataclass(frozen=True)
class Pruned:
    deliveries: int
    outbox: int
    feed_items: int
    drafts: int
    headlines: int
    searches: int
    waits: int
    unfollowed: int


async def prune(db: Database, now: datetime) -> Pruned:
    """Every prune, as the periodic housekeeping runs them."""
    return Pruned(await prune_deliveries(db, now), await prune_outbox(db, now), await prune_feed_items(db, now),
                  await prune_drafts(db, now), await prune_story_headlines(db, now), await prune_searches(db, now),
                  await prune_breaking_waits(db, now), await prune_unfollowed(db, now))


async def prune_drafts(db: Database, now: datetime) -> int:
    """Cancel drafts older than DRAFT_RETENTION and delete the held articles no draft holds any more
    (see the module docstring); returns how many drafts went."""
    cutoff = to_db(now - DRAFT_RETENTION)
    async with db.atomic() as conn:
        cursor = await conn.execute(
            "update broadcasts set status = 'cancelled', finished_at = ? where status = 'draft' and created_at < ?",
            (to_db(now), cutoff),
        )
        await conn.execute(
            """delete from articles
               where id in (select article_id from held_articles)
                 and id not in (select article_id from broadcasts where status = 'draft' and article_id is not null)
                 and ingested_at < ?""",
            (cutoff,),
        )
        return cursor.rowcount


async def prune_deliveries(db: Database, now: datetime, *, chunk: int = CHUNK) -> int:
    """Delete delivery-log rows whose story can no longer be a digest candidate for their chat (see the
    module docstring); returns how many went."""
    cutoff = now - DELIVERY_RETENTION
    bound = await db.run_sync(partial(first_id_at_or_after, table="articles", column="ingested_at", moment=cutoff))
    total, from_chat = 0, None
    while True:
        deleted = await db.run_sync(partial(_delete_deliveries, bound=bound, horizon=cutoff, from_chat=from_chat,
                                            chunk=chunk))
        total += len(deleted)
        if len(deleted) < chunk:
            return total
        from_chat = max(deleted)  # that chat may have more; the ones before it have none left


def _delete_deliveries(
    conn: sqlite3.Connection, *, bound: int, horizon: datetime, from_chat: int | None, chunk: int,
) -> list[int]:
    # Every article of the story has an id below `bound` (was ingested before the horizon): the story's
    # own id is its first article's, and no article of it at or above the bound exists.
    rows = conn.execute(
        """delete from deliveries
           where (chat_id, story_id) in (
               select d.chat_id, d.story_id
               from chats c
               join deliveries d on d.chat_id = c.id and d.story_id < :bound
               where c.id >= :from_chat
                 and coalesce(c.last_digest_at, c.created_at) >= :horizon
                 and not exists (select 1 from articles a where a.story_id = d.story_id and a.id >= :bound)
               order by c.id, d.story_id
               limit :chunk)
           returning chat_id""",
        {"bound": bound, "horizon": to_db(horizon), "chunk": chunk,
         "from_chat": -(1 << 63) if from_chat is None else from_chat},
    ).fetchall()
    return [row[0] for row in rows]


async def prune_outbox(db: Database, now: datetime, *, chunk: int = CHUNK) -> int:
    """Delete final outbox rows no report needs any more (see the module docstring); never a pending or
    sending row. Returns how many went.

    It walks the ids below the cutoff's first id in ranges of `chunk`, so each transaction looks at no
    more than `chunk` rows, also when many old rows must stay (a recent push's, a message still queued).
    """
    cutoff = now - OUTBOX_RETENTION
    bound = await db.run_sync(partial(first_id_at_or_after, table="outbox", column="created_at", moment=cutoff))
    row = await db.fetchone("select coalesce(min(id), 0) from outbox")
    total, start = 0, int(row[0]) if row else 0
    while start < bound:
        end = min(start + chunk, bound)
        total += await db.run_sync(partial(_delete_outbox, start=start, end=end, cutoff=cutoff))
        start = end
    return total


def _delete_outbox(conn: sqlite3.Connection, *, start: int, end: int, cutoff: datetime) -> int:
    # not_before is the last time a row was due, so a failed row counts from its last attempt.
    cursor = conn.execute(
        f"""delete from outbox
           where id in (
               select o.id
               from outbox o
               left join broadcasts b on b.id = o.broadcast_id
               where o.id >= :start and o.id < :end
                 and o.status in ('sent', 'failed', 'cancelled')
                 and coalesce(o.sent_at, o.not_before) < :cutoff
                 and (o.broadcast_id is null
                      or (b.status in ('done', 'cancelled')
                          and b.finished_at < :cutoff
                          and b.id not in (select id from broadcasts where {LISTED}
                                           order by id desc limit :reported))))""",
        {"start": start, "end": end, "cutoff": to_db(cutoff), "reported": REPORTED_PUSHES},
    )
    return cursor.rowcount


async def prune_feed_items(db: Database, now: datetime, *, chunk: int = CHUNK) -> int:
    """Delete feed item records written more than FEED_ITEM_RETENTION ago; returns how many went."""
    return await _delete_in_chunks(db, partial(_delete_feed_items, cutoff=to_db(now - FEED_ITEM_RETENTION)), chunk)


def _delete_feed_items(conn: sqlite3.Connection, *, cutoff: str, chunk: int) -> int:
    cursor = conn.execute(
        """delete from feed_items
           where (feed_id, item_key) in (select feed_id, item_key from feed_items where seen_at < ? limit ?)""",
        (cutoff, chunk),
    )
    return cursor.rowcount


async def prune_story_headlines(db: Database, now: datetime, *, chunk: int = CHUNK) -> int:
    """Delete the headline words of stories published more than HEADLINE_RETENTION ago; returns how many went."""
    return await _delete_in_chunks(db, partial(_delete_story_headlines, cutoff=to_db(now - HEADLINE_RETENTION)), chunk)


def _delete_story_headlines(conn: sqlite3.Connection, *, cutoff: str, chunk: int) -> int:
    cursor = conn.execute(
        """delete from story_headlines
           where (term, published_at, article_id) in
                 (select term, published_at, article_id from story_headlines where published_at < ? limit ?)""",
        (cutoff, chunk),
    )
    return cursor.rowcount


async def prune_searches(db: Database, now: datetime, *, chunk: int = CHUNK) -> int:
    """Delete searches kept more than SEARCH_RETENTION ago; returns how many went."""
    return await _delete_in_chunks(db, partial(_delete_searches, cutoff=to_db(now - SEARCH_RETENTION)), chunk)


def _delete_searches(conn: sqlite3.Connection, *, cutoff: str, chunk: int) -> int:
    cursor = conn.execute(
        "delete from searches where id in (select id from searches where created_at < ? order by id limit ?)",
        (cutoff, chunk),
    )
    return cursor.rowcount


async def prune_unfollowed(db: Database, now: datetime, *, chunk: int = CHUNK) -> int:
    """Delete what Unfollow all removed more than UNDO_PERIOD ago, too late for its Undo; returns how many rows went."""
    return await _delete_in_chunks(db, partial(_delete_unfollowed, cutoff=to_db(now - UNDO_PERIOD)), chunk)


def _delete_unfollowed(conn: sqlite3.Connection, *, cutoff: str, chunk: int) -> int:
    cursor = conn.execute(
        "delete from unfollowed where rowid in (select rowid from unfollowed where removed_at < ? limit ?)",
        (cutoff, chunk),
    )
    return cursor.rowcount


async def prune_breaking_waits(db: Database, now: datetime) -> int:
    """Delete waits for a breaking item that ran out more than LATE_ITEM_NOTED ago (see the module docstring);
    returns how many went. Admins are few: there is never more than one chunk."""
    async with db.atomic() as conn:
        cursor = await conn.execute(
            """delete from breaking_waits
               where until < ?
                 and (replacing is null or replacing not in (select id from broadcasts where status = 'draft'))""",
            (to_db(now - LATE_ITEM_NOTED),),
        )
        return cursor.rowcount


async def _delete_in_chunks(db: Database, delete: Callable[..., int], chunk: int) -> int:
    """Run `delete(conn, chunk=chunk)` in transactions of its own until it deletes fewer than `chunk`
    rows; returns how many went in all."""
    total = 0
    while True:
        deleted = await db.run_sync(partial(delete, chunk=chunk))
        total += deleted
        if deleted < chunk:
            return total
