"""Admins added in chat (/admin add ID), besides those in the ADMIN_USER_IDS setting."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.db import Database
from storage.timefmt import from_db, to_db


@dataclass(frozen=True)
class AddedAdmin:
    user_id: int
    added_by: int | None
    added_at: datetime


async def admin_ids(db: Database) -> set[int]:
    return {r["user_id"] for r in await db.fetchall("select user_id from admins")}


async def added_admins(db: Database) -> list[AddedAdmin]:
    """The admins added in chat, earliest first."""
    rows = await db.fetchall("select user_id, added_by, added_at from admins order by added_at, user_id")
    return [AddedAdmin(r["user_id"], r["added_by"], from_db(r["added_at"])) for r in rows]


async def add_admin(db: Database, user_id: int, added_by: int, now: datetime) -> bool:
    """True when the user was not an admin yet. One statement, so two admins adding the same user at once
    both get an answer: one "now an admin", the other "already"."""
    async with db.atomic() as conn:
        cursor = await conn.execute(
            "insert into admins (user_id, added_by, added_at) values (?, ?, ?) on conflict (user_id) do nothing",
            (user_id, added_by, to_db(now)),
        )
        return cursor.rowcount > 0


async def remove_admin(db: Database, user_id: int) -> bool:
    """True when the user was an admin added in chat."""
    async with db.atomic() as conn:
        cursor = await conn.execute("delete from admins where user_id = ?", (user_id,))
        return cursor.rowcount > 0
