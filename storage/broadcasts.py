"""Breaking pushes: drafts, their audience, the queued messages and the report.

StorageError (storage.db)
└── PushRefused: start queued nothing and left the draft as it was
    ├── AudienceChanged: the audience is no longer the one the admin confirmed
    └── NoRecipients: nobody the audience names can get the push
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from storage.db import Database, StorageError
from storage.deliveries import forget_unreached
from storage.outbox import HELD_BEHIND_RETRY, PRIORITY, OutgoingMessage
from storage.push_audience import NOT_DELIVERED, QUIET_KEY, Audience, KeywordCheck, QuietCheck, Reach, quiet_now, wanting_query
from storage.timefmt import maybe_from_db, to_db

REPORTED = 10  # pushes /broadcasts lists; storage.retention keeps their outbox rows
# The pushes /broadcasts lists: confirmed ones. A draft discarded unsent (cancelled, never started) sent nothing.
LISTED = "status != 'draft' and started_at is not null"


class PushRefused(StorageError):
    """start() queued nothing: the draft is as it was, its article still held."""


class AudienceChanged(PushRefused):
    """The draft's audience changed after the admin's controls showed it (a tap, another admin's /audience)."""


class NoRecipients(PushRefused):
    """No active chat is in the draft's audience: confirming would only publish the item."""


@dataclass(frozen=True)
class Broadcast:
    id: int
    admin_user_id: int
    article_id: int | None
    audience: Audience
    text: str
    status: str
    total: int
    progress_chat_id: int | None
    progress_message_id: int | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    reported_at: datetime | None  # its report first shown while some messages still retried (mark_reported)
    replaced_by: int | None  # the push that replaced this draft, its correction (✏️ Edit)
    typed_headline_chars: int | None = None  # the length of the headline its admin typed, when it was cut
    admin_name: str | None = None  # its admin's name when they drafted it (None: not known)
    previewed: int | None = None  # the recipients its preview counted when confirmed (None: not known)


_COLUMNS = """id, admin_user_id, article_id, audience, text, status, total, progress_chat_id, progress_message_id,
    created_at, started_at, finished_at, reported_at, replaced_by, typed_headline_chars, admin_name, previewed"""


def _broadcast(r: object) -> Broadcast:
    row = r  # aiosqlite.Row
    return Broadcast(row[0], row[1], row[2], Audience.from_json(row[3]), row[4], row[5], row[6], row[7], row[8],  # type: ignore[index]
                     maybe_from_db(row[9]), maybe_from_db(row[10]), maybe_from_db(row[11]),  # type: ignore[index, arg-type]
                     maybe_from_db(row[12]), row[13], row[14], row[15], row[16])  # type: ignore[index, arg-type]


async def create_draft(db: Database, admin_id: int, article_id: int, text: str, audience: Audience, now: datetime,
                       *, typed_headline_chars: int | None = None, admin_name: str | None = None) -> int:
    """A push awaiting its admin's confirmation (its article, if new, was stored held: storage.held).
    `typed_headline_chars`: the length of the headline the admin typed, when it was too long and cut;
    `admin_name`: the admin's name, which /broadcasts shows."""
    return await db.execute(
        """insert into broadcasts (admin_user_id, article_id, audience, text, status, created_at, typed_headline_chars,
                                   admin_name)
           values (?, ?, ?, ?, 'draft', ?, ?, ?)""",
        (admin_id, article_id, audience.to_json(), text, to_db(now), typed_headline_chars, admin_name),
    )


async def discard_draft(db: Database, broadcast_id: int, now: datetime, *, replaced_by: int | None = None) -> bool:
    """Cancel a push not yet confirmed, with its article if the draft held it; False if it was no draft.
    `replaced_by`: the draft that corrects it."""
    async with db.atomic() as conn:
        cursor = await conn.execute(
            "update broadcasts set status = 'cancelled', finished_at = ?, replaced_by = ? where id = ? and status = 'draft' "
            "returning article_id",
            (to_db(now), replaced_by, broadcast_id),
        )
        row = await cursor.fetchone()
        if row is None:
            return False
        await conn.execute(  # unless another draft still shows it
            """delete from articles
               where id = ? and id in (select article_id from held_articles)
                 and not exists (select 1 from broadcasts where article_id = ? and status = 'draft')""",
            (row[0], row[0]))
        return True


async def get(db: Database, broadcast_id: int) -> Broadcast | None:
    row = await db.fetchone(f"select {_COLUMNS} from broadcasts where id = ?", (broadcast_id,))
    return _broadcast(row) if row else None


async def open_draft(db: Database, admin_id: int, chat_id: int) -> Broadcast | None:
    """The admin's latest draft whose controls are in this chat, if one is still a draft."""
    row = await db.fetchone(
        f"""select {_COLUMNS} from broadcasts
            where admin_user_id = ? and progress_chat_id = ? and status = 'draft'
            order by id desc limit 1""",
        (admin_id, chat_id))
    return _broadcast(row) if row else None


async def set_audience(db: Database, broadcast_id: int, audience: Audience) -> None:
    await db.execute("update broadcasts set audience = ? where id = ? and status = 'draft'", (audience.to_json(), broadcast_id))


async def set_everyone(db: Database, broadcast_id: int, everyone: bool) -> None:
    """Send a draft to everyone, or only to its tags' subscribers, keeping its tags as stored: another admin
    may have just changed them (/audience), and writing back the tags read before would undo that."""
    await db.execute(
        "update broadcasts set audience = json_set(audience, '$.everyone', json(?)) where id = ? and status = 'draft'",
        ("true" if everyone else "false", broadcast_id),
    )


async def set_progress_message(db: Database, broadcast_id: int, chat_id: int, message_id: int) -> None:
    await db.execute(
        "update broadcasts set progress_chat_id = ?, progress_message_id = ? where id = ?", (chat_id, message_id, broadcast_id)
    )


async def set_preview_message(db: Database, broadcast_id: int, message_id: int) -> None:
    """The draft's preview (in the chat of its controls): a reply to it may be its correction (✏️ Edit)."""
    await db.execute("update broadcasts set preview_message_id = ? where id = ?", (message_id, broadcast_id))


async def preview_message(db: Database, broadcast_id: int) -> int | None:
    row = await db.fetchone("select preview_message_id from broadcasts where id = ?", (broadcast_id,))
    return row[0] if row else None


async def start(db: Database, broadcast_id: int, message: OutgoingMessage, story: tuple[int, int], now: datetime,
                *, passes: KeywordCheck, quiet: QuietCheck, shown: str | None = None, previewed: int | None = None) -> int:
    """Queue one message per chat the audience reaches and mark the story delivered to them, in one transaction.

    Who that is, storage.push_audience says: `passes` checks the item against a subscription's keyword filters,
    and `quiet` tells the quiet hours on now, in which a chat gets the push silently (handlers.breaking_reach makes
    both; they have no defaults, so no caller skips filters or quiet hours by leaving them out). The audience is read inside that transaction, and rows are written by
    INSERT … SELECT, so 100,000 recipients never pass through Python. A recipient whose message fails or is
    cancelled loses the delivery mark again (storage.outbox.mark_failed, cancel below): their next digest
    carries the story. Raises AudienceChanged if the audience's digest is no longer `shown` (what the admin
    confirmed), and NoRecipients if it reaches nobody: either way nothing changes, and the item stays unpublished.
    `previewed`: the recipients the confirmed preview counted, kept beside the count queued for the report.
    """
    story_id, article_id = story
    async with db.atomic() as conn:
        cursor = await conn.execute(
            "update broadcasts set status = 'sending', started_at = ? where id = ? and status = 'draft'",
            (to_db(now), broadcast_id),
        )
        if cursor.rowcount == 0:
            return 0  # confirmed twice (the first one queued it), or cancelled
        # As it stands now: another admin may have changed it (/audience) a moment before the confirmation.
        row = await (await conn.execute("select audience from broadcasts where id = ?", (broadcast_id,))).fetchone()
        stored = Audience.from_json(row[0])
        if shown is not None and stored.digest != shown:
            raise AudienceChanged(f"push #{broadcast_id}: audience {stored.digest}, confirmed {shown}")
        audience, parameters = await wanting_query(db, Reach(stored, story_id, now, passes))
        await conn.execute("delete from held_articles where article_id = ?", (article_id,))  # news from now on
        cursor = await conn.execute(
            # Into the forum topic a chat chose for its news (/digest here), where it has one; silently in its
            # quiet hours.
            f"""insert into outbox (chat_id, kind, priority, payload, not_before, broadcast_id, created_at)
                select id, 'breaking', :priority,
                       case when silent then json_set(payload, '$.disable_notification', json('true')) else payload end,
                       :now, :broadcast, :now
                from (select a.id,
                             case when c.topic_id is null then :payload
                                  else json_set(:payload, '$.message_thread_id', c.topic_id) end as payload,
                             c.quiet_start is not null and {QUIET_KEY} in (select value from json_each(:quiet)) as silent
                      from ({audience}) a join chats c on c.id = a.id
                      where {NOT_DELIVERED})
                order by id""",
            {**parameters, "priority": PRIORITY["breaking"], "payload": message.to_json(), "now": to_db(now),
             "broadcast": broadcast_id, "story": story_id, "quiet": json.dumps(await quiet_now(db, quiet))},
        )
        queued = cursor.rowcount
        if queued == 0:  # rolls it all back: the draft stays a draft, its article held
            raise NoRecipients(f"push #{broadcast_id}: nobody in its audience")
        await conn.execute(
            """insert or ignore into deliveries (chat_id, story_id, article_id, delivered_at, via)
               select chat_id, ?, ?, ?, 'breaking' from outbox where broadcast_id = ?""",
            (story_id, article_id, to_db(now), broadcast_id),
        )
        await conn.execute("update broadcasts set total = ?, previewed = ? where id = ?", (queued, previewed, broadcast_id))
    return queued


@dataclass(frozen=True)
class Progress:
    sent: int
    failed: int
    remaining: int
    cancelled: int
    failures: dict[str, int]  # reason → count
    in_doubt: int = 0  # sent again after a crash cut off Telegram's answer: may have arrived twice
    # Every message left has been tried and waits to be tried again after a temporary error (_WAITING_TO_RETRY):
    # the push has reached everyone it can reach now. False once none are left.
    only_retries_left: bool = False

    @property
    def done(self) -> bool:
        return self.remaining == 0

    @property
    def blocked(self) -> int:
        """Of the failed, those whose chat blocked the bot or is gone (delivery.policy deactivates it)."""
        return sum(n for reason, n in self.failures.items() if "forbidden" in reason.lower() or "not found" in reason.lower())


# An outbox row that waits to be tried again after a temporary error (a timeout, a 5xx, no connection;
# delivery.policy), as storage.outbox leaves it: the sender counted an attempt (claim_due) and put it back
# with the error (retry_later), so it is 'pending' with attempts above 0 and a last_error, or 'sending' for
# its next try (claim_due counted that one too). So does a row held behind an earlier message to its chat
# that waits to retry after an error (last_error HELD_BEHIND_RETRY, no attempt counted: the sender keeps each
# chat's order), as it waits on that error: a push to a chat whose digest is retrying waits behind it. A row
# only ever put back after a pause (a 429, a group moved to a supergroup) and one requeued after a crash (an
# attempt counted, no error) have not met an error of their own: they count as not tried yet.
# Its one parameter is HELD_BEHIND_RETRY.
_WAITING_TO_RETRY = "last_error is not null and (last_error = ? or attempts > case status when 'sending' then 1 else 0 end)"


async def progress(db: Database, broadcast_id: int) -> Progress:
    counts = {r[0]: r[1] for r in await db.fetchall(
        "select status, count(*) from outbox where broadcast_id = ? group by status", (broadcast_id,))}
    reasons = {r[0] or "unknown": r[1] for r in await db.fetchall(
        "select last_error, count(*) from outbox where broadcast_id = ? and status = 'failed' group by last_error", (broadcast_id,))}
    in_doubt = await db.fetchone(
        "select count(*) from outbox where broadcast_id = ? and in_doubt = 1 and status = 'sent'", (broadcast_id,))
    remaining = counts.get("pending", 0) + counts.get("sending", 0)
    only_retries_left = False
    if remaining:
        # One row not yet tried is enough to know: the search stops there, where a count of the rows waiting
        # would read each of a large push's rows every few seconds while it sends.
        untried = await db.fetchone(
            f"""select exists (
                    select 1 from outbox
                    where broadcast_id = ? and status in ('pending', 'sending') and not ({_WAITING_TO_RETRY}))""",
            (broadcast_id, HELD_BEHIND_RETRY))
        only_retries_left = untried is not None and not untried[0]
    return Progress(counts.get("sent", 0), counts.get("failed", 0), remaining, counts.get("cancelled", 0), reasons,
                    in_doubt[0] if in_doubt else 0, only_retries_left)


async def pushed_to(db: Database, broadcast_id: int, chat_id: int) -> bool:
    """Whether the push's message for this chat went out or is still to go (not failed, not cancelled)."""
    row = await db.fetchone(
        """select exists (select 1 from outbox
                          where broadcast_id = ? and chat_id = ? and status in ('sent', 'pending', 'sending'))""",
        (broadcast_id, chat_id))
    return bool(row and row[0])


async def unsent_chats(db: Database, broadcast_id: int, limit: int) -> list[tuple[int, str]]:
    """The first `limit` chats (id, title: "" if unknown) whose message of the push has not gone out yet: once only
    retries are left (Progress.only_retries_left), those whose message waits to retry."""
    rows = await db.fetchall(
        """select o.chat_id, coalesce(c.title, '') from outbox o left join chats c on c.id = o.chat_id
           where o.broadcast_id = ? and o.status in ('pending', 'sending')
           order by o.chat_id
           limit ?""",
        (broadcast_id, limit))
    return [(r[0], r[1]) for r in rows]


async def mark_reported(db: Database, broadcast_id: int, now: datetime) -> None:
    """The report shows while some messages still retry: the push stays 'sending' (in_flight, cancel), and its
    watcher, resumed after a restart, updates that report rather than showing progress or reporting anew."""
    await db.execute(
        "update broadcasts set reported_at = ? where id = ? and status = 'sending' and reported_at is null",
        (to_db(now), broadcast_id),
    )


async def finish(db: Database, broadcast_id: int, status: str, now: datetime) -> None:
    await db.execute(
        "update broadcasts set status = ?, finished_at = ? where id = ? and status = 'sending'",  # drafts: discard_draft
        (status, to_db(now), broadcast_id),
    )


async def cancel(db: Database, broadcast_id: int, now: datetime) -> int:
    """Stop a push in flight: what was sent stays sent; returns how many messages were stopped."""
    async with db.atomic() as conn:
        cursor = await conn.execute(
            "update outbox set status = 'cancelled' where broadcast_id = ? and status = 'pending'", (broadcast_id,)
        )
        await conn.execute(*forget_unreached("o.broadcast_id = ? and o.status = 'cancelled'", (broadcast_id,)))
        await conn.execute(
            "update broadcasts set status = 'cancelled', finished_at = ? where id = ? and status in ('sending', 'draft')",
            (to_db(now), broadcast_id),
        )
        return cursor.rowcount


async def in_flight(db: Database) -> list[Broadcast]:
    rows = await db.fetchall(f"select {_COLUMNS} from broadcasts where status = 'sending' order by id")
    return [_broadcast(r) for r in rows]


async def recent(db: Database, limit: int = REPORTED) -> list[Broadcast]:
    """The latest confirmed pushes, newest first (drafts and drafts discarded unsent are no pushes)."""
    rows = await db.fetchall(f"select {_COLUMNS} from broadcasts where {LISTED} order by id desc limit ?", (limit,))
    return [_broadcast(r) for r in rows]


async def headline(db: Database, broadcast_id: int) -> str | None:
    """The pushed item's headline, as stored (plain text); None if the article is gone."""
    row = await db.fetchone(
        "select a.title from broadcasts b join articles a on a.id = b.article_id where b.id = ?", (broadcast_id,))
    return row[0] if row else None
