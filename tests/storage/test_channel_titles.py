"""/manage <title> finds a channel by its title through an index (migration 230), also the channels recorded before it."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from storage import open_database
from storage.db import bundled_migrations
from storage import chats as chat_store

NOW = datetime(2026, 11, 25, 6, 0, tzinfo=timezone.utc)


async def test_channels_recorded_before_title_keys_are_found_by_title_and_new_ones_by_the_index(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = await open_database(path, [m for m in bundled_migrations() if m.version < 230])
    titles = {-1001: "Daily News", -1002: "Новости Дня", -1003: "Daily  News", -1004: "Weekly Views"}
    for chat_id, title in titles.items():
        await db.execute("insert into chats (id, type, title, timezone, created_at, updated_at) "
                         "values (?, 'channel', ?, 'UTC', ?, ?)", (chat_id, title, NOW.isoformat(), NOW.isoformat()))
    await db.close()
    db = await open_database(path)
    try:
        keys = dict(await db.fetchall("select id, title_key from chats order by id desc"))  # type: ignore[arg-type]
        assert keys == {-1001: "daily news", -1002: None, -1003: None, -1004: "weekly views"}
        assert [c.id for c in await chat_store.channels_titled(db, "DAILY news")] == [-1003, -1001]
        assert [c.id for c in await chat_store.channels_titled(db, "новости дня")] == [-1002]
        await chat_store.upsert_chat(db, -1002, "channel", "Новости  Дня", "UTC", NOW)  # heard from again
        assert (await db.fetchone("select title_key from chats where id = -1002"))[0] == "новости дня"  # type: ignore[index]
        assert [c.id for c in await chat_store.channels_titled(db, "Новости дня")] == [-1002]

        plan = " ".join(row[3] for row in await db.fetchall(f"explain query plan {chat_store.CHANNELS_TITLED}", {"key": "x"}))
        assert "SCAN" not in plan and "USING INDEX chats_channels_by_title_key" in plan
    finally:
        await db.close()
