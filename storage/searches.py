"""Searches kept for their "More results ▸" button, which can carry a number but not always the words (Telegram
allows 64 bytes of callback data). They go after SEARCH_RETENTION (storage.retention)."""
from __future__ import annotations

from datetime import datetime

from storage.db import Database
from storage.timefmt import to_db


async def save_search(db: Database, text: str, now: datetime) -> int:
    """Keep a search's text; returns the number its button carries."""
    async with db.atomic() as conn:
        cursor = await conn.execute("insert into searches (text, created_at) values (?, ?)", (text, to_db(now)))
        assert cursor.lastrowid is not None
        return cursor.lastrowid


async def search_text(db: Database, search_id: int) -> str | None:
    """The text of a kept search, or None once it has gone."""
    row = await db.fetchone("select text from searches where id = ?", (search_id,))
    return str(row["text"]) if row else None
