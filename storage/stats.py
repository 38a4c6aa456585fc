"""Numbers for /stats."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.db import Database
from storage.timefmt import maybe_from_db, to_db


@dataclass(frozen=True)
class Stats:
    chats: dict[tuple[str, str], int]  # (type, status) → count
    subscriptions: list[tuple[str, str, int]]  # kind, value, chats
    articles: int
    digests_today: int
    pushes_today: int
    queue: int
    last_feed_poll: datetime | None


async def collect(db: Database, day_start: datetime) -> Stats:
    chats = {(r[0], r[1]): r[2] for r in await db.fetchall("select type, status, count(*) from chats group by type, status")}
    subs = [(r[0], r[1], r[2]) for r in await db.fetchall(
        "select kind, value, count(*) from subscriptions group by kind, value order by count(*) desc limit 15")]
    articles = (await db.fetchone("select count(*) from articles"))[0]
    sent = {r[0]: r[1] for r in await db.fetchall(
        "select kind, count(*) from outbox where status = 'sent' and sent_at >= ? group by kind", (to_db(day_start),))}
    queue = (await db.fetchone("select count(*) from outbox where status in ('pending', 'sending')"))[0]
    last_poll = (await db.fetchone("select max(last_polled_at) from feeds"))[0]
    return Stats(chats, subs, articles, sent.get("digest", 0), sent.get("breaking", 0), queue, maybe_from_db(last_poll))
