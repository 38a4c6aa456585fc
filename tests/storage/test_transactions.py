"""Several tasks share one database connection (handlers, feed poller, digest runner, outbox sender):
one task's write never slips into another's open transaction, so a rollback there cannot take it along."""
from __future__ import annotations

import asyncio
import sqlite3
from datetime import datetime, timezone

import pytest

from ingest.store import store_raw
from news.models import RawArticle
from storage import Database
from storage import broadcasts as broadcast_store
from storage import chats as chat_store
from storage import subscriptions as subscription_store
from storage import push_audience
from storage.outbox import OutgoingMessage
from tests.storage.push_checks import confirm_checks

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
    await db.fetchone("select 1")  # after the BEGIN, on the database thread
    other_process = sqlite3.connect(db.path, timeout=0)  # the delivery worker, or `bot.py ingest`
    try:
        other_process.execute("begin immediate")  # the file is not left write-locked
        other_process.rollback()
    finally:
        other_process.close()
    assert await subscription_store.subscribe(db, CHAT, "country", "MA", NOW) is True
    assert [s.value for s in await subscription_store.list_for_chat(db, CHAT)] == ["MA"]
    assert (await chat_store.get_chat(db, CHAT)).title == "Reader"


async def test_a_push_goes_to_the_audience_it_records_when_an_audience_change_comes_as_it_is_confirmed(
    db: Database,
) -> None:
    """One admin confirms a push while another, in another chat, changes its audience: the push goes to
    one audience, and the one its record (and report) shows."""
    for chat_id, tag in ((CHAT, ("country", "MA")), (CHAT + 1, ("topic", "tech"))):
        await chat_store.upsert_chat(db, chat_id, "private", "Reader", "UTC", NOW)
        await subscription_store.subscribe(db, chat_id, *tag, NOW)
    _, saved = await store_raw(db, RawArticle(title="Strong earthquake shakes Morocco's Atlas region", source="Wire",
                                              text="A strong earthquake struck the High Atlas in Morocco on Friday."),
                               NOW, held=True)
    draft = await broadcast_store.create_draft(db, 1, saved.article_id, "🚨", broadcast_store.Audience(False, (("country", "MA"),)), NOW)
    checks = await confirm_checks(db, saved.article_id, broadcast_store.Audience(False, (("country", "MA"),)), NOW)

    async with db.atomic():  # the outbox sender is writing: both admins' requests wait their turn
        confirming = asyncio.create_task(
            broadcast_store.start(db, draft, OutgoingMessage("🚨"), (saved.story_id, saved.article_id), NOW, **checks))
        await asyncio.sleep(0)
        changing = asyncio.create_task(
            broadcast_store.set_audience(db, draft, broadcast_store.Audience(False, (("topic", "tech"),))))
        await asyncio.sleep(0)
    await asyncio.gather(confirming, changing)

    pushed = [row[0] for row in await db.fetchall("select chat_id from outbox where broadcast_id = ?", (draft,))]
    recorded = (await broadcast_store.get(db, draft)).audience
    assert pushed == await _recipient_ids(db, push_audience.Reach(recorded, 0, NOW, lambda include, exclude: True))


async def _recipient_ids(db: Database, reach: push_audience.Reach) -> list[int]:
    """The chats a push would reach: those the audience names that want it and lack its story."""
    query, parameters = await push_audience.wanting_query(db, reach)
    rows = await db.fetchall(f"select a.id from ({query}) a where {push_audience.NOT_DELIVERED} order by 1",
                             {**parameters, "story": reach.story_id})
    return [r[0] for r in rows]


async def test_a_push_cannot_start_without_the_keyword_and_quiet_hours_checks(db: Database) -> None:
    """Left out, they once defaulted to "every filter passes, never quiet": a caller that forgot them pushed past
    readers' keyword filters and woke them in their quiet hours."""
    await chat_store.upsert_chat(db, CHAT, "private", "Reader", "UTC", NOW)
    _, saved = await store_raw(db, RawArticle(title="Strong earthquake shakes Morocco's Atlas region", source="Wire",
                                              text="A strong earthquake struck the High Atlas in Morocco on Friday."),
                               NOW, held=True)
    everyone = broadcast_store.Audience(True, ())
    draft = await broadcast_store.create_draft(db, 1, saved.article_id, "🚨", everyone, NOW)
    with pytest.raises(TypeError, match="passes"):
        await broadcast_store.start(db, draft, OutgoingMessage("🚨"), (saved.story_id, saved.article_id), NOW)  # type: ignore[call-arg]
    assert (await broadcast_store.get(db, draft)).status == "draft"
    checks = await confirm_checks(db, saved.article_id, everyone, NOW)
    assert await broadcast_store.start(db, draft, OutgoingMessage("🚨"), (saved.story_id, saved.article_id), NOW, **checks) == 1
