"""What each chat follows: countries and topics, with optional keyword filters."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from storage.db import Database
from storage.timefmt import to_db


@dataclass(frozen=True)
class Subscription:
    id: int
    chat_id: int
    kind: str  # 'country' | 'topic'
    value: str  # ISO code or topic key
    include: tuple[str, ...]
    exclude: tuple[str, ...]


def _subscription(row: object) -> Subscription:
    r = row  # aiosqlite.Row
    return Subscription(r[0], r[1], r[2], r[3], tuple(json.loads(r[4])), tuple(json.loads(r[5])))  # type: ignore[index]


_COLUMNS = "id, chat_id, kind, value, include_keywords, exclude_keywords"


_UPSERT = """insert into subscriptions (chat_id, kind, value, include_keywords, exclude_keywords, created_at)
    values (?, ?, ?, ?, ?, ?)
    on conflict (chat_id, kind, value) do update
    set include_keywords = excluded.include_keywords, exclude_keywords = excluded.exclude_keywords"""


def _upsert_params(
    chat_id: int, kind: str, value: str, now: datetime, include: tuple[str, ...], exclude: tuple[str, ...]
) -> tuple[object, ...]:
    return chat_id, kind, value, json.dumps(list(include)), json.dumps(list(exclude)), to_db(now)


async def subscribe(
    db: Database, chat_id: int, kind: str, value: str, now: datetime,
    include: tuple[str, ...] = (), exclude: tuple[str, ...] = (),
) -> bool:
    """Add a subscription, or replace its keyword filters, whatever the chat follows already; True when it is new.

    What a user asks for goes through `follow`, which keeps to a limit.
    """
    existing = await db.fetchone(
        "select id from subscriptions where chat_id = ? and kind = ? and value = ?", (chat_id, kind, value)
    )
    await db.execute(_UPSERT, _upsert_params(chat_id, kind, value, now, include, exclude))
    return existing is None


Filters = tuple[tuple[str, ...], tuple[str, ...]]  # (include, exclude) keywords


@dataclass(frozen=True)
class Followed:
    outcome: Literal["new", "changed", "kept", "full"]
    before: Subscription | None  # the subscription as it was, when the chat followed it already


async def follow(
    db: Database, chat_id: int, kind: str, value: str, now: datetime, *, limit: int, filters: Filters | None = None
) -> Followed:
    """Follow `kind`/`value` with `filters` (None: those it has, none for a new one), unless the chat already
    follows `limit` things: then 'full'. Following it with the same filters again is 'kept', and changes nothing.

    The count, the check and the write are one transaction: two chats adding to one target at once (its
    group and an admin's private chat, say) would otherwise both see room for one more, and pass the limit.
    """
    async with db.atomic():
        row = await db.fetchone(
            f"select {_COLUMNS} from subscriptions where chat_id = ? and kind = ? and value = ?", (chat_id, kind, value)
        )
        before = _subscription(row) if row else None
        if before is not None and (filters is None or _same(before, filters)):
            return Followed("kept", before)
        if before is None and await _count(db, chat_id) >= limit:
            return Followed("full", None)
        include, exclude = filters or ((), ())
        await db.execute(_UPSERT, _upsert_params(chat_id, kind, value, now, include, exclude))
        return Followed("new" if before is None else "changed", before)


def _same(subscription: Subscription, filters: Filters) -> bool:
    include, exclude = filters
    return (set(subscription.include), set(subscription.exclude)) == (set(include), set(exclude))


async def _count(db: Database, chat_id: int) -> int:
    row = await db.fetchone("select count(*) from subscriptions where chat_id = ?", (chat_id,))
    return int(row[0]) if row else 0


async def unsubscribe(db: Database, chat_id: int, kind: str, value: str) -> bool:
    row = await db.fetchone(
        "select id from subscriptions where chat_id = ? and kind = ? and value = ?", (chat_id, kind, value)
    )
    if row is None:
        return False
    await db.execute("delete from subscriptions where id = ?", (row[0],))
    return True


async def list_for_chat(db: Database, chat_id: int) -> list[Subscription]:
    rows = await db.fetchall(
        f"select {_COLUMNS} from subscriptions where chat_id = ? order by kind, created_at, id", (chat_id,)
    )
    return [_subscription(r) for r in rows]


async def list_for_chats(db: Database, chat_ids: list[int]) -> dict[int, list[Subscription]]:
    found: dict[int, list[Subscription]] = {chat_id: [] for chat_id in chat_ids}
    if not chat_ids:
        return found
    marks = ",".join("?" * len(chat_ids))
    for row in await db.fetchall(
        f"select {_COLUMNS} from subscriptions where chat_id in ({marks}) order by kind, created_at, id", chat_ids
    ):
        subscription = _subscription(row)
        found[subscription.chat_id].append(subscription)
    return found

