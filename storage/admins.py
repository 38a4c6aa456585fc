"""Admins added in chat (/admin add ID), besides those in the ADMIN_USER_IDS setting."""
from __future__ import annotations

from datetime import datetime

from storage.db import Database
from storage.timefmt import to_db


async def add_admin(db: Database, user_id: int, added_by: int, now: datetime) -> bool:
    """True when the user was not an admin yet."""
    row = await db.fetchone("select 1 from admins where user_id = ?", (user_id,))
    if row:
        return False
    await db.execute("insert into admins (user_id, added_by, added_at) values (?, ?, ?)", (user_id, added_by, to_db(now)))
    return True
