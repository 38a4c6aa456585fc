"""Chats the bot talks to, their delivery status and digest settings."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.db import Database
from storage.timefmt import from_db, maybe_from_db, to_db


@dataclass(frozen=True)
class Chat:
    id: int
    type: str
    title: str
    status: str  # 'active' | 'deactivated'
    deactivated_reason: str | None
    timezone: str
    digest_times: tuple[str, ...]  # local "HH:MM"
    cadence: str  # 'daily' | 'twice_daily' | 'hourly' | 'weekly:mon' …
    quiet_start: str | None
    quiet_end: str | None
    paused_until: datetime | None
    send_empty: bool
    items_per_section: int | None
    next_digest_at: datetime | None
    last_digest_at: datetime | None
    created_at: datetime
    topic_id: int | None = None  # the forum topic digests and pushes go to (None: General, or no forum)
    topic_name: str | None = None
    breaking_alerts: bool = True  # breaking pushes come here (/settings, /breaking_alerts off)
    topic_closed_told: int | None = None  # the topic the chat was told is closed, its news coming to General meanwhile


def _chat(row: aiosqlite.Row) -> Chat:
    return Chat(
        id=row["id"],
        type=row["type"],
        title=row["title"],
        status=row["status"],
        deactivated_reason=row["deactivated_reason"],
        timezone=row["timezone"],
        digest_times=tuple(t for t in row["digest_times"].split(",") if t),
        cadence=row["cadence"],
        quiet_start=row["quiet_start"],
        quiet_end=row["quiet_end"],
        paused_until=maybe_from_db(row["paused_until"]),
        send_empty=bool(row["send_empty"]),
        items_per_section=row["items_per_section"],
        next_digest_at=maybe_from_db(row["next_digest_at"]),
        last_digest_at=maybe_from_db(row["last_digest_at"]),
        created_at=from_db(row["created_at"]),
        topic_id=row["topic_id"],
        topic_name=row["topic_name"],
        breaking_alerts=bool(row["breaking_alerts"]),
        topic_closed_told=row["topic_closed_told"],
    )


def title_key(title: str) -> str:
    """A title as /manage <title> compares it: "daily news" for "Daily  News"."""
    return " ".join(title.split()).casefold()


async def upsert_chat(db: Database, chat_id: int, chat_type: str, title: str, timezone: str, now: datetime) -> Chat:
    """Record a chat the bot has heard from; an existing chat keeps its settings (title refreshed)."""
    await db.execute(
        """insert into chats (id, type, title, title_key, timezone, created_at, updated_at)
           values (?, ?, ?, ?, ?, ?, ?)
           on conflict (id) do update set title = excluded.title, title_key = excluded.title_key, type = excluded.type""",
        (chat_id, chat_type, title, title_key(title), timezone, to_db(now), to_db(now)),
    )
    chat = await get_chat(db, chat_id)
    assert chat is not None
    return chat


async def get_chat(db: Database, chat_id: int) -> Chat | None:
    row = await db.fetchone("select * from chats where id = ?", (chat_id,))
    return _chat(row) if row else None


async def private_chat_names(db: Database, user_ids: list[int]) -> dict[int, str]:
    """The names of the users among `user_ids` who have a private chat with the bot (a private chat's id is its
    user's), as Telegram last gave them."""
    marks = ",".join("?" * len(user_ids))
    rows = await db.fetchall(f"select id, title from chats where type = 'private' and id in ({marks})", tuple(user_ids))
    return {row[0]: row[1] for row in rows if row[1]}


async def deactivate_chat(db: Database, chat_id: int, reason: str, now: datetime) -> None:
    """Stop sending to a chat but keep its subscriptions and settings (a soft deactivation)."""
    await db.execute(
        "update chats set status = 'deactivated', deactivated_reason = ?, updated_at = ? where id = ?",
        (reason, to_db(now), chat_id),
    )


# The next digest time a chat's schedule gives after now (digests.compose.schedule_of and news.schedule.next_due);
# None with digests off.
NextDue = Callable[[Chat], datetime | None]


async def reactivate_chat(db: Database, chat_id: int, now: datetime, next_due_of: NextDue) -> Chat | None:
    """Resume a deactivated chat: the chat as it is now, or None when it was not deactivated.

    Nothing moved its next digest time while it was set aside (due_for_digest passes it by): one already past
    becomes `next_due_of(chat)`, its next regular time, so /start and /settings name a time to come. That digest
    brings what came meanwhile (everything since its last one, news.digest.MAX_ITEM_AGE old at most)."""
    async with db.atomic():
        chat = await get_chat(db, chat_id)
        if chat is None or chat.status == "active":
            return None
        due = chat.next_digest_at
        if due is not None and due <= now:
            due = next_due_of(chat)
        await db.execute(
            "update chats set status = 'active', deactivated_reason = null, next_digest_at = ?, updated_at = ? where id = ?",
            (to_db(due) if due else None, to_db(now), chat_id),
        )
        return await get_chat(db, chat_id)


async def moved_to(db: Database, chat_id: int) -> int | None:
    """The supergroup a group became, if it became one (its old messages and their buttons stay readable)."""
    row = await db.fetchone("select new_id from chat_moves where old_id = ?", (chat_id,))
    return row[0] if row else None


# What a group's admins set up, carried over when it becomes a supergroup.
_CARRIED = ("timezone, digest_times, cadence, quiet_start, quiet_end, paused_until, send_empty, items_per_section, "
            "next_digest_at, last_digest_at, breaking_alerts")


async def migrate_chat(db: Database, old_id: int, new_id: int, now: datetime) -> None:
    """A group became a supergroup: move the chat (and, by cascade, everything keyed on it), and remember where."""
    async with db.atomic() as conn:
        await conn.execute(
            "insert or replace into chat_moves (old_id, new_id, moved_at) values (?, ?, ?)", (old_id, new_id, to_db(now))
        )
        existing = await (await conn.execute("select 1 from chats where id = ?", (new_id,))).fetchone()
        if existing:
            # A message from the supergroup was handled first, and made it a row of defaults (its
            # updates and the old group's are handled side by side): the group's settings and
            # subscriptions, which its admins chose, carry over onto it.
            await conn.execute(
                f"""update chats set ({_CARRIED}) = (select {_CARRIED} from chats where id = ?), updated_at = ?
                    where id = ? and exists (select 1 from chats where id = ?)""",
                (old_id, to_db(now), new_id, old_id),
            )
            await conn.execute(
                "update or ignore subscriptions set chat_id = ? where chat_id = ?", (new_id, old_id)
            )
            await conn.execute("update or ignore deliveries set chat_id = ? where chat_id = ?", (new_id, old_id))
            await conn.execute("update outbox set chat_id = ? where chat_id = ?", (new_id, old_id))
            # What 🔕 Unfollow all removed in the group, kept for its ↩️ Undo (tokens are random: no clash).
            await conn.execute("update unfollowed set chat_id = ? where chat_id = ?", (new_id, old_id))
            await conn.execute("delete from chats where id = ?", (old_id,))
        else:
            await conn.execute(
                "update chats set id = ?, type = 'supergroup', updated_at = ? where id = ?",
                (new_id, to_db(now), old_id),
            )


_SETTABLE = {"timezone", "digest_times", "cadence", "quiet_start", "quiet_end", "paused_until", "send_empty",
             "items_per_section", "next_digest_at", "breaking_alerts"}


async def update_settings(db: Database, chat_id: int, now: datetime, **values: object) -> Chat:
    """Change digest settings (column names checked against a fixed list, never from input)."""
    unknown = set(values) - _SETTABLE
    if unknown:
        raise ValueError(f"not chat settings: {sorted(unknown)}")
    converted = {k: to_db(v) if isinstance(v, datetime) else (",".join(v) if isinstance(v, tuple) else v) for k, v in values.items()}
    assignments = ", ".join(f"{name} = :{name}" for name in converted)
    await db.execute(
        f"update chats set {assignments}, updated_at = :now where id = :chat_id",
        {**converted, "now": to_db(now), "chat_id": chat_id},
    )
    chat = await get_chat(db, chat_id)
    assert chat is not None
    return chat


SettingsChange = Callable[[Chat], dict[str, object]]


async def change_settings(db: Database, chat_id: int, now: datetime, change: SettingsChange) -> Chat:
    """Set what `change` makes of the chat's settings as stored, read and written in one transaction.

    Two chats can change one chat's settings at once (a group and its admin's private chat, two admins
    managing a channel): settings read before the other's change and written back after it (a toggle
    flipped, a cadence keeping its times, the next due time computed from them) would undo that change.
    """
    async with db.atomic():
        chat = await get_chat(db, chat_id)
        assert chat is not None
        return await update_settings(db, chat_id, now, **change(chat))


async def due_for_digest(db: Database, now: datetime, limit: int = 500) -> list[Chat]:
    """Active chats with a subscription whose next digest time has come."""
    rows = await db.fetchall(
        """select * from chats
           where status = 'active'
             and next_digest_at is not null
             and next_digest_at <= ?
           order by next_digest_at
           limit ?""",
        (to_db(now), limit),
    )
    return [_chat(r) for r in rows]


async def defer_digest(db: Database, chat: Chat, next_at: datetime | None, now: datetime) -> None:
    """Move the chat's due digest to `next_at` (paused, in quiet hours; None: none is due), unless its due time is no
    longer the one `chat` was read with: a reader who resumed or changed the schedule since has set a new due
    time from the new settings, which this must not write over."""
    await db.execute(
        "update chats set next_digest_at = ?, updated_at = ? where id = ? and next_digest_at is ?",
        (to_db(next_at) if next_at else None, to_db(now), chat.id, to_db(chat.next_digest_at) if chat.next_digest_at else None),
    )


def claim_digest(
    conn: sqlite3.Connection, chat_id: int, due_at: datetime | None, next_at: datetime | None, now: datetime
) -> bool:
    """Move the chat's due time from `due_at` to `next_at` (compare-and-set), on an open transaction.

    False when another tick or worker already moved it: that one sends this digest.
    """
    cursor = conn.execute(
        "update chats set last_digest_at = ?, next_digest_at = ?, updated_at = ? where id = ? and next_digest_at is ?",
        (to_db(now), to_db(next_at) if next_at else None, to_db(now), chat_id, to_db(due_at) if due_at else None),
    )
    return cursor.rowcount == 1


def set_last_digest(conn: sqlite3.Connection, chat_id: int, now: datetime) -> None:
    conn.execute("update chats set last_digest_at = ? where id = ?", (to_db(now), chat_id))


def nothing_new_told(conn: sqlite3.Connection, chat_id: int) -> bool:
    """Whether the chat was told "Nothing new" since its last digest with news, on an open transaction."""
    row = conn.execute("select nothing_new_told from chats where id = ?", (chat_id,)).fetchone()
    return bool(row and row[0])


def set_nothing_new_told(conn: sqlite3.Connection, chat_id: int, told: bool) -> None:
    """Record that the chat was told "Nothing new" (True) or got news (False), on an open transaction; a chat
    where it is so already is not written."""
    conn.execute("update chats set nothing_new_told = :told where id = :chat and nothing_new_told != :told",
                 {"told": int(told), "chat": chat_id})


async def set_topic(db: Database, chat_id: int, topic: tuple[int, str | None] | None, now: datetime) -> None:
    """Send the chat's digests and pushes to a forum topic, (id, name if known), or to General again (None)."""
    topic_id, name = topic or (None, None)
    await db.execute("""
        update chats set topic_id = ?, topic_name = ?, topic_closed_told = null, updated_at = ?
        where id = ?""", (topic_id, name, to_db(now), chat_id))


async def claim_topic_closed_note(db: Database, chat_id: int, topic_id: int) -> bool:
    """Whether the chat is to be told now that its news topic is closed: True once (it is recorded as told), False
    when it was told already or the topic is no longer the chat's."""
    async with db.atomic() as conn:
        cursor = await conn.execute(
            "update chats set topic_closed_told = :topic where id = :chat and topic_id = :topic "
            "and topic_closed_told is not :topic", {"chat": chat_id, "topic": topic_id})
        return cursor.rowcount > 0


async def topic_reached(db: Database, chat_id: int, topic_id: int) -> None:
    """A message reached the topic: it is open again, and is told about should it close once more."""
    await db.execute("update chats set topic_closed_told = null where id = ? and topic_closed_told = ?",
                     (chat_id, topic_id))


async def rename_topic(db: Database, chat_id: int, topic_id: int, name: str) -> bool:
    """The forum topic was renamed: if it is the one the chat's news goes to, the name shown for it follows."""
    async with db.atomic() as conn:
        cursor = await conn.execute(
            "update chats set topic_name = ? where id = ? and topic_id = ?", (name, chat_id, topic_id))
        return cursor.rowcount > 0


async def forget_topic(db: Database, chat_id: int, topic_id: int) -> bool:
    """The chat's topic was deleted: its messages go to General from now on (unless another was chosen)."""
    async with db.atomic() as conn:
        cursor = await conn.execute(
            "update chats set topic_id = null, topic_name = null where id = ? and topic_id = ?", (chat_id, topic_id))
        return cursor.rowcount > 0


# By the index on title_key (migration 230), and the few channels not heard from since, whose key is still unknown.
CHANNELS_TITLED = """
    select * from chats where type = 'channel' and status = 'active' and title_key = :key
    union all
    select * from chats where type = 'channel' and status = 'active' and title_key is null
    order by id"""


async def channels_titled(db: Database, title: str) -> list[Chat]:
    """The channels the bot is in that have this title, whatever the letter case: titles are not unique."""
    wanted = title_key(title)
    rows = await db.fetchall(CHANNELS_TITLED, {"key": wanted})
    return [_chat(r) for r in rows if title_key(r["title"]) == wanted]


async def remember_channel_admin(db: Database, user_id: int, channel_id: int) -> None:
    """The user made the bot the channel's admin: a bare /manage offers them the channel."""
    await db.execute("insert or ignore into managed_channels (user_id, channel_id) values (?, ?)", (user_id, channel_id))


async def channels_of(db: Database, user_id: int, limit: int) -> list[Chat]:
    """Active channels the user added the bot to or managed from their private chat, by title: whether they are
    still its admin is Telegram's to say."""
    rows = await db.fetchall(
        """select chats.*
           from managed_channels
           join chats on chats.id = managed_channels.channel_id
           where managed_channels.user_id = ?
             and chats.type = 'channel'
             and chats.status = 'active'
           order by chats.title, chats.id
           limit ?""",
        (user_id, limit))
    return [_chat(r) for r in rows]


async def set_managing(db: Database, user_id: int, channel_id: int | None) -> None:
    """Remember which channel a user manages from their private chat (None: their own chat again)."""
    if channel_id is None:
        await db.execute("delete from managing where user_id = ?", (user_id,))
        return
    async with db.atomic() as conn:
        await conn.execute(
            "insert or ignore into managed_channels (user_id, channel_id) values (?, ?)", (user_id, channel_id)
        )
        await conn.execute(
            "insert into managing (user_id, channel_id) values (?, ?) "
            "on conflict (user_id) do update set channel_id = excluded.channel_id",
            (user_id, channel_id),
        )


async def managing(db: Database, user_id: int) -> int | None:
    row = await db.fetchone("select channel_id from managing where user_id = ?", (user_id,))
    return int(row[0]) if row else None
