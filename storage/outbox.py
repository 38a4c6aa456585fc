"""The durable outbox: messages are queued here, in the transaction that decides to send them."""
from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

import aiosqlite

from storage.db import Database
from storage.deliveries import forget_digest_part, forget_unreached
from storage.timefmt import from_db, to_db

MessageKind = Literal["digest", "breaking", "notice"]
PRIORITY = {"breaking": 10, "notice": 5, "digest": 0}
# last_error of a message held behind an earlier one to its chat that waits to retry after an error (the
# sender keeps each chat's order): it has not been tried, but waits on that error as much as the one ahead.
HELD_BEHIND_RETRY = "held: an earlier message to this chat waits to retry"
# How long a reply queued as the bot stopped (queue_reply) is still worth sending. It answers something a
# person just asked: back within minutes it is the answer they wait for, but the answer to a /help of two days
# ago only puzzles them, who have asked again or given up. Older, it is dropped (claim_due, drop_expired).
REPLY_SHELF_LIFE = timedelta(hours=1)
EXPIRED = "expired: a reply queued at stop, too old to be of use"
_INSERT = """insert into outbox (chat_id, kind, priority, payload, not_before, broadcast_id, created_at, expires_at)
             values (?, ?, ?, ?, ?, ?, ?, ?)"""


@dataclass(frozen=True)
class OutgoingMessage:
    """What the sender passes to sendMessage: HTML text, optional inline keyboard (Bot API JSON), the forum
    topic of the message it answers, if any, and whether it comes silently (a push in the chat's quiet hours)."""

    text: str
    reply_markup: dict[str, Any] | None = None
    disable_preview: bool = True
    message_thread_id: int | None = None
    disable_notification: bool = False

    def to_json(self) -> str:
        data = asdict(self)
        if self.message_thread_id is None:  # most messages: their payload stays as it was before topics
            del data["message_thread_id"]
        if not self.disable_notification:  # and before silent pushes
            del data["disable_notification"]
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, payload: str) -> OutgoingMessage:
        return cls(**json.loads(payload))


async def enqueue(
    conn: aiosqlite.Connection,
    *,
    chat_id: int,
    kind: MessageKind,
    message: OutgoingMessage,
    now: datetime,
    not_before: datetime | None = None,
    broadcast_id: int | None = None,
    expires_at: datetime | None = None,
) -> int:
    """Queue one message on an open transaction (`async with db.atomic() as conn`); one still unsent at
    `expires_at` is dropped."""
    cursor = await conn.execute(
        _INSERT,
        (chat_id, kind, PRIORITY[kind], message.to_json(), to_db(not_before or now), broadcast_id, to_db(now),
         to_db(expires_at) if expires_at else None),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def queue_reply(db: Database, *, chat_id: int, message: OutgoingMessage, now: datetime, timezone: str) -> int:
    """Queue a reply the bot could not send before it stopped (handlers.rate_limit).

    A command such as /help records no chat, and a queued message needs one: a chat not recorded yet is
    recorded with the type its id tells, as Telegram numbers chats (users above 0, supergroups and channels
    from -100…, other groups below 0); the next update from the chat sets the type it really has.
    """
    chat_type = "private" if chat_id > 0 else "supergroup" if str(chat_id).startswith("-100") else "group"
    async with db.atomic() as conn:
        await conn.execute(
            """insert into chats (id, type, timezone, created_at, updated_at) values (?, ?, ?, ?, ?)
               on conflict (id) do nothing""",
            (chat_id, chat_type, timezone, to_db(now), to_db(now)),
        )
        return await enqueue(conn, chat_id=chat_id, kind="notice", message=message, now=now,
                             expires_at=now + REPLY_SHELF_LIFE)


def enqueue_in(
    conn: sqlite3.Connection, *, chat_id: int, kind: MessageKind, message: OutgoingMessage, now: datetime,
    digest_part: tuple[int, int] | None = None,
) -> int:
    """`enqueue` on the database thread's open transaction (Database.run_sync); `digest_part` is the
    (digest id, part) the message shows, whose stories go back to the chat if it fails for good."""
    digest_id, part = digest_part or (None, None)
    cursor = conn.execute(
        """insert into outbox (chat_id, kind, priority, payload, not_before, created_at, digest_id, digest_part)
           values (?, ?, ?, ?, ?, ?, ?, ?)""",
        (chat_id, kind, PRIORITY[kind], message.to_json(), to_db(now), to_db(now), digest_id, part),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


@dataclass(frozen=True)
class QueuedMessage:
    id: int
    chat_id: int
    kind: str
    message: OutgoingMessage
    attempts: int
    broadcast_id: int | None
    queued_at: datetime


async def recover_interrupted(db: Database) -> int:
    """Rows left 'sending' by a crash go back to 'pending'; those whose request had started are flagged
    in doubt (delivery/engine.py on the window)."""
    async with db.atomic() as conn:
        cursor = await conn.execute(
            """update outbox set status = 'pending', in_doubt = max(in_doubt, request_started), request_started = 0
               where status = 'sending'"""
        )
        return cursor.rowcount


async def claim_due(db: Database, now: datetime, limit: int) -> list[QueuedMessage]:
    """Take the next due messages (breaking first, then by due time) and mark them 'sending'; none that has
    expired (drop_expired drops those)."""
    async with db.atomic() as conn:
        cursor = await conn.execute(
            """update outbox
               set status = 'sending', attempts = attempts + 1
               where id in (
                   select id from outbox
                   -- "in (…)" as outbox_due says it, so that the planner takes that index: it cannot tell that
                   -- status = 'pending' implies it, and scanned every row with a sort per round without it.
                   where status in ('pending', 'sending') and status = 'pending' and not_before <= :now
                     and (expires_at is null or expires_at > :now)
                   order by priority desc, not_before, id
                   limit :limit)
               returning id, chat_id, kind, payload, attempts, broadcast_id, created_at""",
            {"now": to_db(now), "limit": limit},
        )
        rows = await cursor.fetchall()
    return sorted(map(_queued, rows), key=lambda m: m.id)


async def drop_expired(db: Database, now: datetime) -> list[QueuedMessage]:
    """Cancel the queued messages that have expired unsent (replies queued at stop, REPLY_SHELF_LIFE), with
    EXPIRED as their last error; the messages dropped. Found through their own small index (migration 180)."""
    async with db.atomic() as conn:
        cursor = await conn.execute(
            """update outbox
               set status = 'cancelled', last_error = ?
               where expires_at is not null and expires_at <= ? and status = 'pending'
               returning id, chat_id, kind, payload, attempts, broadcast_id, created_at""",
            (EXPIRED, to_db(now)),
        )
        rows = await cursor.fetchall()
    return [_queued(row) for row in rows]


def _queued(row: Any) -> QueuedMessage:
    """A row of `returning id, chat_id, kind, payload, attempts, broadcast_id, created_at`."""
    return QueuedMessage(row[0], row[1], row[2], OutgoingMessage.from_json(row[3]), row[4], row[5], from_db(row[6]))


async def mark_request_started(db: Database, message_id: int) -> None:
    """Committed before the HTTP request: after a crash, only such rows can have reached the chat."""

    def update(conn: sqlite3.Connection) -> None:
        conn.execute("update outbox set request_started = 1 where id = ?", (message_id,))

    await db.run_sync(update)


async def mark_sent(db: Database, message_id: int, telegram_message_id: int, now: datetime) -> None:
    """Record Telegram's OK in one hop to the database thread: a crash before this commit resends the
    message (delivery/engine.py), so the time from the answer to the commit is kept as short as it can be."""

    def update(conn: sqlite3.Connection) -> None:
        conn.execute(
            """update outbox set status = 'sent', telegram_message_id = ?, sent_at = ?, last_error = null,
                                 request_started = 0
               where id = ?""",
            (telegram_message_id, to_db(now), message_id),
        )

    await db.run_sync(update)


async def retry_later(
    db: Database, message_id: int, not_before: datetime, error: str | None, *, count_attempt: bool = True,
    may_have_arrived: bool = False, held: bool = False, payload: OutgoingMessage | None = None,
) -> None:
    """Back to the queue (as `payload`, when given: a message that must go otherwise, out of its forum topic).

    With `count_attempt`, the try met `error`, its own (a timeout, a 5xx): the attempt counts and the error is
    recorded. Without it, the row was put back through no fault of its own (a 429 pause, a group moved to a
    supergroup, an earlier message to its chat that must be retried first): no attempt counts, `error` is not
    recorded and the row keeps the last_error it had (its own last try's, if any), so that a row that never
    met an error does not pass for one retrying after an error, after a crash either (storage.broadcasts,
    _WAITING_TO_RETRY).
    `held`: it was held behind an earlier message to its chat that waits to retry after an error, and is marked
    HELD_BEHIND_RETRY, as it waits on that error too.

    `may_have_arrived`: the request got no clear answer (a timeout, a 5xx), so Telegram may have
    delivered it; the row is then flagged in doubt like one cut off by a crash. One hop, under the
    database's own lock, never inside another coroutine's transaction.
    """
    recorded = error if count_attempt else HELD_BEHIND_RETRY if held else None

    def update(conn: sqlite3.Connection) -> None:
        if payload is not None:
            conn.execute("update outbox set payload = ? where id = ?", (payload.to_json(), message_id))
        # A row of a push cancelled while it was on its way is cancelled now rather than queued again.
        conn.execute(
            """update outbox set not_before = ?, last_error = coalesce(?, last_error), attempts = attempts - ?,
                                  in_doubt = max(in_doubt, request_started * ?), request_started = 0,
                                  status = case when broadcast_id in (select id from broadcasts where status = 'cancelled')
                                                then 'cancelled' else 'pending' end
               where id = ?""",
            (to_db(not_before), recorded, 0 if count_attempt else 1, int(may_have_arrived), message_id),
        )
        conn.execute(*forget_unreached("o.id = ? and o.status = 'cancelled' and o.in_doubt = 0", (message_id,)))

    await db.run_sync(update)


async def mark_failed(db: Database, message_id: int, reason: str, *, give_back: bool = True) -> None:
    """Failed for good. A push's story is then no longer counted as delivered to that chat, unless the push
    message is in doubt; with `give_back`, a digest message's stories are not either, in doubt or not, and the
    chat's last digest time goes back to where that digest's news began, so that its next digest brings them.
    A message Telegram refuses as it is (bad HTML, say) gives nothing back: it would fail again in the next digest.
    """
    async with db.atomic() as conn:
        await conn.execute(
            "update outbox set status = 'failed', last_error = ?, request_started = 0 where id = ?", (reason, message_id)
        )
        # A push in doubt may well have arrived: its story stays marked as delivered.
        await conn.execute(*forget_unreached("o.id = ? and o.broadcast_id is not null and o.in_doubt = 0", (message_id,)))
        if give_back:
            # A digest in doubt is given back all the same: it failed for good, most often after a day of
            # timeouts and 5xx that delivered nothing, and a reader would rather see a story twice (should one
            # of those tries have arrived) than never.
            await conn.execute(*forget_digest_part("o.id = ?", (message_id,)))
            await conn.execute(_REWIND_DIGEST, {"id": message_id})


# The chat's last digest time back to where the failed digest message's news began (times in one ISO
# format compare as text).
_REWIND_DIGEST = """
    update chats set last_digest_at = (
        select d.covers_from from outbox o join digests d on d.id = o.digest_id where o.id = :id)
    where id = (select chat_id from outbox where id = :id)
      and (select d.covers_from from outbox o join digests d on d.id = o.digest_id where o.id = :id) < last_digest_at"""


async def chats_with_digest_waiting(db: Database, chat_ids: list[int]) -> set[int]:
    """The chats among `chat_ids` with a digest message not sent yet and not failed for good (any of its
    parts). Only digest messages count: a breaking push or a reply in the queue does not hold back a digest.
    Read at every digest tick from the index of such rows (migration 170), whose condition the query repeats
    word for word so that SQLite uses it: not from every queued row."""
    if not chat_ids:
        return set()
    marks = ",".join("?" * len(chat_ids))
    rows = await db.fetchall(
        f"""select distinct chat_id
            from outbox
            where kind = 'digest'
              and status in ('pending', 'sending')
              and chat_id in ({marks})""",
        chat_ids,
    )
    return {int(row[0]) for row in rows}


async def sent_to_threads(db: Database, ids: tuple[int, ...]) -> list[int | None] | None:
    """The forum topics (None: General, or a chat without topics) the messages `ids` went to, as sent (the
    sender moves one whose topic takes none to General); None while any of them still waits to go. A message
    that failed or was cancelled went nowhere and is left out."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = await db.fetchall(
        f"""select status, payload
            from outbox
            where id in ({marks})""",
        ids,
    )
    if any(row[0] in ("pending", "sending") for row in rows):
        return None
    return [OutgoingMessage.from_json(row[1]).message_thread_id for row in rows if row[0] == "sent"]


async def queue_length(db: Database) -> int:
    row = await db.fetchone("select count(*) from outbox where status in ('pending', 'sending')")
    return int(row[0]) if row else 0


async def next_due_at(db: Database) -> datetime | None:
    # Through outbox_due, as claim_due: "status = 'pending'" alone read every row the outbox keeps for a week
    # (21 ms with 200,000 sent, 0.3 ms this way).
    row = await db.fetchone(
        "select min(not_before) from outbox where status in ('pending', 'sending') and status = 'pending'")
    return from_db(row[0]) if row and row[0] else None
