"""Digests as queued: what each digest message shows, for the "More ▸" buttons."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from storage.db import Database
from storage.timefmt import to_db


@dataclass(frozen=True)
class DigestItem:
    """An item as a digest message showed it: its message (part), number, article, and the section
    heading above it and "and N more" line below it, where it had them (news.digest.DigestEntry)."""

    part: int
    number: int
    article_id: int
    heading: str | None = None
    more_line: str | None = None


def create_digest(conn: sqlite3.Connection, chat_id: int, now: datetime, covers_from: datetime) -> int:
    """A digest of the news since `covers_from`, on an open transaction (Database.run_sync)."""
    cursor = conn.execute(
        "insert into digests (chat_id, created_at, covers_from) values (?, ?, ?)", (chat_id, to_db(now), to_db(covers_from))
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def add_items(conn: sqlite3.Connection, digest_id: int, items: list[DigestItem]) -> None:
    """The items of one digest, on an open transaction."""
    conn.executemany(
        "insert into digest_items (digest_id, part, number, article_id, heading, more_line) values (?, ?, ?, ?, ?, ?)",
        [(digest_id, i.part, i.number, i.article_id, i.heading, i.more_line) for i in items],
    )


async def digest_chat(db: Database, digest_id: int) -> int | None:
    row = await db.fetchone("select chat_id from digests where id = ?", (digest_id,))
    return int(row[0]) if row else None


async def part_items(db: Database, digest_id: int, part: int) -> list[DigestItem]:
    """The items of one message of a digest, in order."""
    rows = await db.fetchall(
        """select part, number, article_id, heading, more_line
           from digest_items where digest_id = ? and part = ? order by number""",
        (digest_id, part),
    )
    return [DigestItem(*row) for row in rows]


@dataclass(frozen=True)
class Leftovers:
    """What a digest's section left for its "and N more" line (after item `number`), for the button that shows them."""

    digest_id: int
    number: int
    heading: str
    article_ids: tuple[int, ...]


def add_leftovers(conn: sqlite3.Connection, leftovers: list[Leftovers]) -> None:
    """On an open transaction: the one that queues the digest."""
    conn.executemany(
        "insert into digest_leftovers (digest_id, number, heading, article_ids) values (?, ?, ?, ?)",
        [(left.digest_id, left.number, left.heading, " ".join(map(str, left.article_ids))) for left in leftovers],
    )


async def leftovers(db: Database, digest_id: int, numbers: list[int]) -> dict[int, Leftovers]:
    """The leftovers of a digest's sections that close with the items `numbers`, by number."""
    if not numbers:
        return {}
    marks = ",".join("?" * len(numbers))
    rows = await db.fetchall(
        f"""select number, heading, article_ids
            from digest_leftovers
            where digest_id = ? and number in ({marks})""",
        (digest_id, *numbers),
    )
    return {number: Leftovers(digest_id, number, heading, tuple(int(i) for i in ids.split()))
            for number, heading, ids in rows}


async def claim_page(db: Database, digest_id: int, number: int, start: int, chat_id: int, now: datetime) -> bool:
    """Note that a page of a section's leftovers (from its story `start`) is being shown in a chat: False when it was
    already, so that a second tap on its button does not post it again."""
    async with db.atomic() as conn:
        cursor = await conn.execute(
            """insert or ignore into digest_pages_shown (digest_id, number, start, chat_id, shown_at)
               values (?, ?, ?, ?, ?)""",
            (digest_id, number, start, chat_id, to_db(now)),
        )
        return cursor.rowcount == 1


async def digest_chat_type(db: Database, digest_id: int) -> tuple[int, str] | None:
    """The chat a digest went to, and its type ('channel' …)."""
    row = await db.fetchone(
        "select d.chat_id, c.type from digests d join chats c on c.id = d.chat_id where d.id = ?", (digest_id,))
    return (int(row[0]), str(row[1])) if row else None
