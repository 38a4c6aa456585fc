"""The durable outbox: messages are queued here, in the transaction that decides to send them."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Literal

import aiosqlite

from storage.timefmt import to_db

MessageKind = Literal["digest", "breaking", "notice"]
PRIORITY = {"breaking": 10, "notice": 5, "digest": 0}


@dataclass(frozen=True)
class OutgoingMessage:
    """What the sender passes to sendMessage: HTML text and optional inline keyboard (Bot API JSON)."""

    text: str
    reply_markup: dict[str, Any] | None = None
    disable_preview: bool = True

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

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
) -> int:
    """Queue one message on an open transaction (`async with db.atomic() as conn`)."""
    cursor = await conn.execute(
        """insert into outbox (chat_id, kind, priority, payload, not_before, broadcast_id, created_at)
           values (?, ?, ?, ?, ?, ?, ?)""",
        (chat_id, kind, PRIORITY[kind], message.to_json(), to_db(not_before or now), broadcast_id, to_db(now)),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid
