"""Several tasks share one database connection (handlers, feed poller, digest runner, outbox sender):
one task's write never slips into another's open transaction, so a rollback there cannot take it along."""
from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import pytest

from storage import Database
from storage import chats as chat_store
from storage import subscriptions as subscription_store

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)
CHAT = 4242


class PollFailed(Exception):
    pass


async def test_a_subscription_survives_another_tasks_failed_transaction(db: Database) -> None:
    await chat_store.upsert_chat(db, CHAT, "private", "Reader", "UTC", NOW)
    in_transaction = asyncio.Event()

    async def failing_poll() -> None:
        async with db.atomic() as conn:
            await conn.execute("insert into admins (user_id, added_by, added_at) values (1, 1, '2026-11-25')")
            in_transaction.set()
            for _ in range(10):  # round trips on the shared connection, while the reader subscribes
                await conn.execute("select 1")
            raise PollFailed

    poll = asyncio.create_task(failing_poll())
    await in_transaction.wait()
    subscribing = asyncio.create_task(subscription_store.subscribe(db, CHAT, "country", "MA", NOW))
    with pytest.raises(PollFailed):
        await poll
    assert await subscribing is True  # the reader was told "subscribed"
    assert [(s.kind, s.value) for s in await subscription_store.list_for_chat(db, CHAT)] == [("country", "MA")]
    assert await db.fetchall("select * from admins") == []  # the failed transaction itself left nothing


async def test_a_task_can_read_and_write_inside_its_own_transaction(db: Database) -> None:
    await chat_store.upsert_chat(db, CHAT, "private", "Reader", "UTC", NOW)
    async with db.atomic():
        await db.execute("update chats set title = 'Renamed' where id = ?", (CHAT,))
        row = await db.fetchone("select title from chats where id = ?", (CHAT,))
    assert row is not None and row[0] == "Renamed"
    assert (await chat_store.get_chat(db, CHAT)).title == "Renamed"


async def test_a_task_cancelled_as_its_transaction_begins_leaves_the_database_usable(db: Database) -> None:
    """A worker cancelled at shutdown, or with a failing sibling, just as it opens a transaction: the
    BEGIN still runs on the database thread; the transaction it opens must not outlive the task."""
    await chat_store.upsert_chat(db, CHAT, "private", "Reader", "UTC", NOW)

    async def writer() -> None:
        async with db.atomic() as conn:
            await conn.execute("update chats set title = 'Never' where id = ?", (CHAT,))

    task = asyncio.create_task(writer())
    await asyncio.sleep(0)  # the task has asked for its BEGIN
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await subscription_store.subscribe(db, CHAT, "country", "MA", NOW) is True
    assert [s.value for s in await subscription_store.list_for_chat(db, CHAT)] == ["MA"]
    assert (await chat_store.get_chat(db, CHAT)).title == "Reader"
