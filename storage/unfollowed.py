"""What 🔕 Unfollow all removed, kept UNDO_PERIOD so its ↩️ Undo can follow it all again, keyword filters and all.

Unfollow all also turns the chat's breaking news off: a push to everyone would still reach a chat that asked to
stop. The set records whether it did, and Undo turns it on again only then.

A removed set is known by a random token, which its Undo button carries (a row id would be handed out again once
its row went: an old button could then bring back another set). The rows go after UNDO_PERIOD (storage.retention).

For the same reason the confirmation's button carries, beside the newest id it showed, a key of the exact set it
showed (shown_key): a subscription made after the question that took a freed id (subscriptions.id has no
AUTOINCREMENT) makes the set differ, and then nothing is removed; the question is asked again.
"""
from __future__ import annotations

import base64
import hashlib
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from storage import subscriptions as subscription_store
from storage.db import Database
from storage.subscriptions import Subscription
from storage.timefmt import from_db, to_db

UNDO_PERIOD = timedelta(days=7)


@dataclass(frozen=True)
class Unfollowed:
    token: str  # what the Undo button carries
    removed: list[Subscription]  # as they were
    alerts_turned_off: bool  # breaking news was on and is now off


@dataclass(frozen=True)
class Restored:
    outcome: Literal["restored", "undone before", "too late"]  # too late: past UNDO_PERIOD, or no such set
    restored: list[Subscription] = field(default_factory=list)  # followed again, with their filters
    kept: list[Subscription] = field(default_factory=list)  # followed again meanwhile: left as the chat has them now
    no_room: list[Subscription] = field(default_factory=list)  # as removed (id 0: no row holds them); the chat was full
    alerts_turned_on: bool = False  # breaking news is on again: Unfollow all had turned it off


def shown_key(subs: Sequence[Subscription]) -> str:
    """8 characters naming exactly these subscriptions, each by its id and what it follows (none of them ":" or
    "@", which button data splits on)."""
    text = ";".join(f"{s.id}:{s.kind}:{s.value}" for s in sorted(subs, key=lambda s: s.id))
    return base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()[:6]).decode()


async def unfollow_all(
    db: Database, chat_id: int, up_to_id: int, shown: str, now: datetime
) -> Unfollowed | Literal["gone", "changed"]:
    """Remove every subscription of the chat a confirmation showed (those up to `up_to_id`, if their shown_key is
    `shown`: not one added since), turn its breaking news off, and keep both for an Undo; "gone" when none of them is
    left, "changed" when the set differs from the one shown (one went, or a new one took a freed id): none removed."""
    token = secrets.token_urlsafe(6)  # 8 characters, none of them ":" or "@", which button data splits on
    async with db.atomic():
        removed = [s for s in await subscription_store.list_for_chat(db, chat_id) if s.id <= up_to_id]
        if not removed:
            return "gone"
        if shown_key(removed) != shown:
            return "changed"
        alerts = await db.fetchone("select breaking_alerts from chats where id = ?", (chat_id,))
        turned_off = bool(alerts and alerts[0])
        await db.execute(
            """insert into unfollowed (chat_id, token, kind, value, include_keywords, exclude_keywords, followed_at,
                                       subscription_id, removed_at, alerts_turned_off)
               select chat_id, ?, kind, value, include_keywords, exclude_keywords, created_at, id, ?, ?
               from subscriptions
               where chat_id = ? and id <= ?""",
            (token, to_db(now), int(turned_off), chat_id, up_to_id),
        )
        await db.execute("delete from subscriptions where chat_id = ? and id <= ?", (chat_id, up_to_id))
        if turned_off:
            await db.execute("update chats set breaking_alerts = 0, updated_at = ? where id = ?", (to_db(now), chat_id))
    return Unfollowed(token, removed, turned_off)


async def unfollow_one(db: Database, chat_id: int, kind: str, value: str, now: datetime) -> str | None:
    """Remove one subscription (a /subscriptions ✖ button), keeping it, keyword filters and all, for an Undo as
    unfollow_all keeps a set; the token its Undo carries, or None when the chat does not follow it."""
    token = secrets.token_urlsafe(6)
    async with db.atomic():
        await db.execute(
            """insert into unfollowed (chat_id, token, kind, value, include_keywords, exclude_keywords, followed_at,
                                       subscription_id, removed_at, alerts_turned_off)
               select chat_id, ?, kind, value, include_keywords, exclude_keywords, created_at, id, ?, 0
               from subscriptions
               where chat_id = ? and kind = ? and value = ?""",
            (token, to_db(now), chat_id, kind, value),
        )
        if not await subscription_store.unsubscribe(db, chat_id, kind, value):
            return None  # nothing was inserted either
    return token


async def restore(db: Database, chat_id: int, token: str, now: datetime, *, limit: int) -> Restored:
    """Follow again what the set `token` removed, each with its filters and in its place in the list, unless the chat
    follows it again already (then it stays as it is) or follows `limit` things: those the list gives first come
    back while there is room; breaking news comes again if Unfollow all turned it off. Counted and written in one
    transaction, as subscriptions.follow does."""
    async with db.atomic():
        rows = await db.fetchall(
            """select kind, value, include_keywords, exclude_keywords, followed_at, removed_at, restored_at,
                      alerts_turned_off
               from unfollowed
               where chat_id = ? and token = ?
               order by kind, followed_at, subscription_id""",
            (chat_id, token),
        )
        if not rows or from_db(rows[0]["removed_at"]) <= now - UNDO_PERIOD:
            return Restored("too late")
        if rows[0]["restored_at"] is not None:
            return Restored("undone before")
        current = {(s.kind, s.value): s for s in await subscription_store.list_for_chat(db, chat_id)}
        room = limit - len(current)
        restored, kept, no_room = [], [], []
        for row in rows:
            removed = Subscription(0, chat_id, row["kind"], row["value"], tuple(json.loads(row["include_keywords"])),
                                   tuple(json.loads(row["exclude_keywords"])))
            if (removed.kind, removed.value) in current:
                kept.append(current[(removed.kind, removed.value)])
            elif room <= 0:
                no_room.append(removed)
            else:
                new_id = await db.execute(
                    """insert into subscriptions (chat_id, kind, value, include_keywords, exclude_keywords, created_at)
                       values (?, ?, ?, ?, ?, ?)""",
                    (chat_id, removed.kind, removed.value, row["include_keywords"], row["exclude_keywords"],
                     row["followed_at"]),
                )
                restored.append(Subscription(new_id, chat_id, removed.kind, removed.value, removed.include, removed.exclude))
                room -= 1
        await db.execute("update unfollowed set restored_at = ? where chat_id = ? and token = ?", (to_db(now), chat_id, token))
        alerts_turned_on = bool(rows[0]["alerts_turned_off"])
        if alerts_turned_on:
            await db.execute("update chats set breaking_alerts = 1, updated_at = ? where id = ?", (to_db(now), chat_id))
    return Restored("restored", restored, kept, no_room, alerts_turned_on)
