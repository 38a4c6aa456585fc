"""Digests as queued: which articles each digest message shows, for the "More ▸" buttons."""
from __future__ import annotations

import sqlite3
from datetime import datetime

from storage.db import Database
from storage.timefmt import to_db


def create_digest(conn: sqlite3.Connection, chat_id: int, now: datetime) -> int:
    """On an open transaction (Database.run_sync)."""
    cursor = conn.execute("insert into digests (chat_id, created_at) values (?, ?)", (chat_id, to_db(now)))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def add_items(conn: sqlite3.Connection, digest_id: int, items: list[tuple[int, int, int]]) -> None:
    """(part, number, article_id) rows of one digest, on an open transaction."""
    conn.executemany(
        "insert into digest_items (digest_id, part, number, article_id) values (?, ?, ?, ?)",
        [(digest_id, part, number, article_id) for part, number, article_id in items],
    )


async def digest_chat(db: Database, digest_id: int) -> int | None:
    row = await db.fetchone("select chat_id from digests where id = ?", (digest_id,))
    return int(row[0]) if row else None


async def part_article_ids(db: Database, digest_id: int, part: int) -> list[tuple[int, int]]:
    """(number, article_id) of one message of a digest, in order."""
    rows = await db.fetchall(
        "select number, article_id from digest_items where digest_id = ? and part = ? order by number",
        (digest_id, part),
    )
    return [(r[0], r[1]) for r in rows]
