"""The per-chat delivery log: which stories a chat has received, so none is sent twice."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
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


def delivered_among(conn: sqlite3.Connection, chat_id: int, story_ids: Iterable[int]) -> set[int]:
    """The stories among `story_ids` already delivered to the chat (on the database thread)."""
    ids = list(story_ids)
    if not ids:
        return set()
    marks = ",".join("?" * len(ids))
    rows = conn.execute(f"select story_id from deliveries where chat_id = ? and story_id in ({marks})", (chat_id, *ids))
    return {r[0] for r in rows}


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
