"""Admins waiting to send a breaking item (migrations/220_breaking_drafts.sql): after a bare /breaking or ✏️ Edit,
their next message in that chat is the item, until the wait's deadline."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.db import Database
from storage.timefmt import from_db, to_db


@dataclass(frozen=True)
class Wait:
    chat_id: int
    replacing: int | None  # the draft ✏️ Edit corrects; None after a bare /breaking
    until: datetime


async def start(db: Database, user_id: int, wait: Wait) -> None:
    """Wait for this admin's item in wait.chat_id, in place of any wait they had."""
    await db.execute(
        "insert or replace into breaking_waits (user_id, chat_id, replacing, until) values (?, ?, ?, ?)",
        (user_id, wait.chat_id, wait.replacing, to_db(wait.until)),
    )


async def current(db: Database, user_id: int, chat_id: int, now: datetime) -> Wait | None:
    """The user's wait for an item in this chat, unless it is over."""
    row = await db.fetchone(
        "select chat_id, replacing, until from breaking_waits where user_id = ? and chat_id = ? and until >= ?",
        (user_id, chat_id, to_db(now)),
    )
    return Wait(row[0], row[1], from_db(row[2])) if row else None


async def others_in_chat(db: Database, chat_id: int, user_id: int, now: datetime) -> bool:
    """Whether someone other than `user_id` waits for an item in this chat, and their wait is not over."""
    row = await db.fetchone(
        "select 1 from breaking_waits where chat_id = ? and user_id != ? and until >= ? limit 1",
        (chat_id, user_id, to_db(now)),
    )
    return row is not None


async def end(db: Database, user_id: int, now: datetime) -> Wait | None:
    """End the user's wait, wherever it was; the wait it ended, unless it was over already."""
    # Most commands come from readers, who never wait: a read spares them a write.
    if await db.fetchone("select 1 from breaking_waits where user_id = ?", (user_id,)) is None:
        return None
    async with db.atomic() as conn:
        cursor = await conn.execute(
            "delete from breaking_waits where user_id = ? returning chat_id, replacing, until", (user_id,))
        row = await cursor.fetchone()
    if row is None or from_db(row[2]) < now:
        return None
    return Wait(row[0], row[1], from_db(row[2]))


async def take_lapsed(db: Database, user_id: int, chat_id: int, now: datetime) -> Wait | None:
    """The user's wait in this chat that ran out before `now`, taken away: the message that came too late is
    told so once."""
    async with db.atomic() as conn:
        cursor = await conn.execute(
            """delete from breaking_waits where user_id = ? and chat_id = ? and until < ?
               returning chat_id, replacing, until""",
            (user_id, chat_id, to_db(now)),
        )
        row = await cursor.fetchone()
    return Wait(row[0], row[1], from_db(row[2])) if row else None


async def of_user(db: Database, user_id: int) -> Wait | None:
    """The user's wait, over or not."""
    row = await db.fetchone("select chat_id, replacing, until from breaking_waits where user_id = ?", (user_id,))
    return Wait(row[0], row[1], from_db(row[2])) if row else None


async def corrections(db: Database) -> list[tuple[int, Wait]]:
    """(user id, wait) for every wait for a correction (✏️ Edit), over or not."""
    rows = await db.fetchall(
        "select user_id, chat_id, replacing, until from breaking_waits where replacing is not null", ())
    return [(r[0], Wait(r[1], r[2], from_db(r[3]))) for r in rows]
