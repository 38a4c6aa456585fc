"""The per-chat delivery log: which stories a chat has received, so none is sent twice."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence, Set as AbstractSet
from datetime import datetime
from typing import Literal

from storage.timefmt import to_db


def record_deliveries(
    conn: sqlite3.Connection,
    chat_id: int,
    stories: Iterable[tuple[int, int]],
    via: Literal["digest", "breaking"],
    now: datetime,
) -> None:
    """Mark (story_id, article_id) pairs as delivered to a chat, on an open transaction (Database.run_sync)."""
    conn.executemany(
        """insert or ignore into deliveries (chat_id, story_id, article_id, delivered_at, via)
           values (?, ?, ?, ?, ?)""",
        [(chat_id, story_id, article_id, to_db(now), via) for story_id, article_id in stories],
    )


def delivered_to_chats(conn: sqlite3.Connection, wanted: Mapping[int, AbstractSet[int]]) -> dict[int, set[int]]:
    """For each chat of `wanted` (chat_id -> story ids), the stories among its ids it already received.

    One query for a whole batch of chats, on the database thread: each chat's part of the log is read
    only between the smallest and the largest story id asked about (story ids grow with time, so that
    skips the older history), and the exact match is made here.
    """
    found: dict[int, set[int]] = {chat_id: set() for chat_id in wanted}
    asked = {chat_id: story_ids for chat_id, story_ids in wanted.items() if story_ids}
    if not asked:
        return found
    lowest = min(min(story_ids) for story_ids in asked.values())
    highest = max(max(story_ids) for story_ids in asked.values())
    marks = ",".join("?" * len(asked))
    rows = conn.execute(
        f"select chat_id, story_id from deliveries where chat_id in ({marks}) and story_id between ? and ?",
        (*asked, lowest, highest),
    )
    for chat_id, story_id in rows:
        if story_id in asked[chat_id]:
            found[chat_id].add(story_id)
    return found


def forget_unreached(outbox_where: str, parameters: Sequence[object]) -> tuple[str, Sequence[object]]:
    """The statement (SQL, parameters) that drops the delivery marks a push set (storage.broadcasts.start)
    for its outbox rows matching `outbox_where` (on alias `o`): a chat it did not reach gets the story
    in its next digest. Only this push's own marks go (delivered_at = its start): a mark an earlier push
    of the same story set stays. Run it on an open transaction, async or on the database thread."""
    return (
        f"""delete from deliveries
            where via = 'breaking' and (chat_id, story_id, delivered_at) in (
                select o.chat_id, a.story_id, b.started_at
                from outbox o
                join broadcasts b on b.id = o.broadcast_id
                join articles a on a.id = b.article_id
                where {outbox_where})""",
        parameters,
    )


def forget_digest_part(outbox_where: str, parameters: Sequence[object]) -> tuple[str, Sequence[object]]:
    """The statement (SQL, parameters) that drops the delivery marks a digest set for the stories of the
    digest messages among the outbox rows matching `outbox_where` (on alias `o`): the chat gets them in its
    next digest. Run it on an open transaction."""
    return (
        f"""delete from deliveries
            where via = 'digest' and (chat_id, article_id) in (
                select o.chat_id, i.article_id
                from outbox o
                join digest_items i on i.digest_id = o.digest_id and i.part = o.digest_part
                where {outbox_where})""",
        parameters,
    )
