"""Numbers for /stats."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial

from storage.db import Database
from storage.timed_ids import first_id_at_or_after
from storage.timefmt import maybe_from_db, to_db

# How /stats groups Telegram's chat types: a supergroup is a group to an admin.
CHAT_KINDS = {"private": "private", "group": "group", "supergroup": "group", "channel": "channel"}


@dataclass
class ChatCounts:
    active: int = 0
    stopped: int = 0  # deactivated: blocked, removed or muted the bot (their settings are kept)


@dataclass(frozen=True)
class FeedCounts:
    ok: int
    quiet: int  # polls fine but brings nothing new (feeds.quiet): /feeds shows it 💤, not ✅
    failing: int
    paused: int
    waiting: int  # not polled yet
    copies: int  # redirects to another feed's address (same_as): polled no more, /feeds shows it ↪️


@dataclass(frozen=True)
class Stats:
    chats: dict[str, ChatCounts]  # 'private' | 'group' | 'channel'
    subscribers: int  # active chats that follow at least one country or topic
    subscriptions: list[tuple[str, str, int]]  # kind, value, active chats: the most followed first
    followed: int  # countries and topics active chats follow, of which `subscriptions` holds the first few
    articles: int
    articles_today: int
    articles_week: int
    feeds: FeedCounts
    digests_today: int  # digest messages sent
    pushes_today: int  # breaking pushes started
    push_messages_today: int
    queue: int
    last_feed_poll: datetime | None


async def _count(db: Database, sql: str, params: tuple[object, ...] = ()) -> int:
    return int((await db.fetchone(sql, params))[0] or 0)


async def _articles_since(db: Database, moment: datetime) -> int:
    """Articles ingested at or after `moment`: an id range (storage.timed_ids), counted on the primary key
    rather than by reading every article's ingested_at."""
    first = await db.run_sync(partial(first_id_at_or_after, table="articles", column="ingested_at", moment=moment))
    return await _count(db, "select count(*) from articles where id >= ?", (first,))


async def _chats(db: Database) -> dict[str, ChatCounts]:
    chats = {kind: ChatCounts() for kind in ("private", "group", "channel")}
    for chat_type, status, n in await db.fetchall("select type, status, count(*) from chats group by type, status"):
        counts = chats[CHAT_KINDS.get(chat_type, "group")]
        if status == "active":
            counts.active += n
        else:
            counts.stopped += n
    return chats


async def _feeds(db: Database) -> FeedCounts:
    row = await db.fetchone(
        """select sum(polled and last_polled_at is not null and consecutive_failures = 0 and not quiet),
                  sum(polled and consecutive_failures = 0 and quiet),
                  sum(polled and consecutive_failures > 0),
                  sum(status = 'paused'),
                  sum(polled and last_polled_at is null and consecutive_failures = 0),
                  sum(status = 'active' and same_as is not null)
           from (select *, quiet_since is not null and usual_per_day is not null as quiet,
                        status = 'active' and same_as is null as polled
                 from feeds)""")
    return FeedCounts(*(int(n or 0) for n in row))


async def collect(db: Database, day_start: datetime, week_start: datetime) -> Stats:
    subscribers = await _count(db, """select count(distinct s.chat_id)
                                      from subscriptions s join chats c on c.id = s.chat_id
                                      where c.status = 'active'""")
    subs = [(r[0], r[1], r[2]) for r in await db.fetchall(
        """select s.kind, s.value, count(*)
           from subscriptions s join chats c on c.id = s.chat_id
           where c.status = 'active'
           group by s.kind, s.value
           order by count(*) desc, s.value
           limit 5""")]
    followed = await _count(db, """select count(*)
                                   from (select distinct s.kind, s.value
                                         from subscriptions s join chats c on c.id = s.chat_id
                                         where c.status = 'active')""")
    sent = {r[0]: r[1] for r in await db.fetchall(
        "select kind, count(*) from outbox where status = 'sent' and sent_at >= ? group by kind", (to_db(day_start),))}
    last_poll = (await db.fetchone("select max(last_polled_at) from feeds"))[0]
    return Stats(
        chats=await _chats(db),
        subscribers=subscribers,
        subscriptions=subs,
        followed=followed,
        articles=await _count(db, "select count(*) from articles"),
        articles_today=await _articles_since(db, day_start),
        articles_week=await _articles_since(db, week_start),
        feeds=await _feeds(db),
        digests_today=sent.get("digest", 0),
        pushes_today=await _count(db, "select count(*) from broadcasts where started_at >= ?", (to_db(day_start),)),
        push_messages_today=sent.get("breaking", 0),
        queue=await _count(db, "select count(*) from outbox where status in ('pending', 'sending')"),
        last_feed_poll=maybe_from_db(last_poll),
    )
