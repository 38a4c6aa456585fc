"""Admins waiting to send a breaking item (migrations/220_breaking_drafts.sql, 240_breaking_wait_prompts.sql): after a
bare /breaking or ✏️ Edit, their next message in that chat is the item (in a group, their reply to the message that
asked for it), until the wait's deadline."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.db import Database
from storage.timefmt import from_db, to_db

# A message that comes after its wait ran out is told so within this time of the wait's end; later it is other talk
# (an admin's reply days later is no late item), and storage.retention forgets the wait.
LATE_ITEM_NOTED = timedelta(hours=1)


@dataclass(frozen=True)
class Wait:
    chat_id: int
    replacing: int | None  # the draft ✏️ Edit corrects; None after a bare /breaking
    until: datetime
    prompt_id: int | None = None  # the bot's message that asked for the item (the draft's controls for ✏️ Edit)
    preview_id: int | None = None  # the preview of the draft ✏️ Edit corrects

    def asked_by(self, message_id: int) -> bool:
        """Whether a reply to this message answers the wait: the bot's prompt or the corrected draft's preview."""
        return message_id in (self.prompt_id, self.preview_id)


_COLUMNS = "chat_id, replacing, until, prompt_message_id, preview_message_id"


def _wait(row: object) -> Wait:
    return Wait(row[0], row[1], from_db(row[2]), row[3], row[4])  # type: ignore[index]


async def start(db: Database, user_id: int, wait: Wait) -> None:
    """Wait for this admin's item in wait.chat_id, in place of any wait they had."""
    await db.execute(
        f"insert or replace into breaking_waits (user_id, {_COLUMNS}) values (?, ?, ?, ?, ?, ?)",
        (user_id, wait.chat_id, wait.replacing, to_db(wait.until), wait.prompt_id, wait.preview_id),
    )


async def current(db: Database, user_id: int, chat_id: int, now: datetime) -> Wait | None:
    """The user's wait for an item in this chat, unless it is over."""
    row = await db.fetchone(
        f"select {_COLUMNS} from breaking_waits where user_id = ? and chat_id = ? and until >= ?",
        (user_id, chat_id, to_db(now)),
    )
    return _wait(row) if row else None


async def others_asked_by(db: Database, chat_id: int, user_id: int, message_id: int, now: datetime) -> bool:
    """Whether someone other than `user_id` waits for an item in this chat as a reply to `message_id`, and their
    wait is not over."""
    row = await db.fetchone(
        """select 1 from breaking_waits where chat_id = ? and user_id != ? and until >= ?
             and ? in (prompt_message_id, preview_message_id) limit 1""",
        (chat_id, user_id, to_db(now), message_id),
    )
    return row is not None


async def end(db: Database, user_id: int, now: datetime) -> Wait | None:
    """End the user's wait, wherever it was; the wait it ended, unless it was over already."""
    # Most commands come from readers, who never wait: a read spares them a write.
    if await db.fetchone("select 1 from breaking_waits where user_id = ?", (user_id,)) is None:
        return None
    async with db.atomic() as conn:
        cursor = await conn.execute(f"delete from breaking_waits where user_id = ? returning {_COLUMNS}", (user_id,))
        row = await cursor.fetchone()
    if row is None or from_db(row[2]) < now:
        return None
    return _wait(row)


async def take_lapsed(db: Database, user_id: int, chat_id: int, now: datetime, reply_to: int | None) -> Wait | None:
    """The user's wait in this chat that ran out before `now`, at most LATE_ITEM_NOTED before, taken away: the
    message that came too late is told so once. `reply_to`: in a group, the message the late one replies to, which
    must be the one that asked for it; None in a private chat, where any message may be the item."""
    async with db.atomic() as conn:
        cursor = await conn.execute(
            f"""delete from breaking_waits
                where user_id = :user and chat_id = :chat and until < :now and until >= :noted_since
                  and (:reply_to is null or :reply_to in (prompt_message_id, preview_message_id))
                returning {_COLUMNS}""",
            {"user": user_id, "chat": chat_id, "now": to_db(now), "noted_since": to_db(now - LATE_ITEM_NOTED),
             "reply_to": reply_to},
        )
        row = await cursor.fetchone()
    return _wait(row) if row else None


async def of_user(db: Database, user_id: int) -> Wait | None:
    """The user's wait, over or not."""
    row = await db.fetchone(f"select {_COLUMNS} from breaking_waits where user_id = ?", (user_id,))
    return _wait(row) if row else None


async def correction_awaited(db: Database, broadcast_id: int, now: datetime) -> bool:
    """Whether someone's wait for a correction of this draft (✏️ Edit) is not over."""
    row = await db.fetchone("select 1 from breaking_waits where replacing = ? and until >= ? limit 1",
                            (broadcast_id, to_db(now)))
    return row is not None


async def corrections(db: Database) -> list[tuple[int, Wait]]:
    """(user id, wait) for every wait for a correction (✏️ Edit), over or not."""
    rows = await db.fetchall(f"select user_id, {_COLUMNS} from breaking_waits where replacing is not null", ())
    return [(r[0], _wait(tuple(r)[1:])) for r in rows]
