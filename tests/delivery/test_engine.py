"""The outbox sender against the sandbox: once each, 429 pauses everyone, 403 deactivates, groups migrate."""
from __future__ import annotations

from datetime import timedelta

import pytest

from clock import ManualClock
from delivery.engine import DeliveryEngine
from delivery.policy import TOKEN_RECHECK_SECONDS
from delivery.sender import Sender
from sandbox.client import SandboxClient
from sandbox.server import RunningSandbox
from digests.compose import compose_for_chat, schedule_of
from ingest.store import store_raw
from news.schedule import next_due
from storage import Database
from storage import chats as chat_store
from storage import subscriptions as subscription_store
from storage import outbox
from storage.outbox import OutgoingMessage, enqueue
from tests.conftest import TEST_TOKEN, RunningBot, wait_until
from tests.digests.test_digest_e2e import MOROCCO

READERS = [401, 402, 403, 404, 405]


@pytest.fixture
async def engine(db: Database, clock: ManualClock, sandbox: RunningSandbox) -> DeliveryEngine:
    async with Sender(sandbox.url, TEST_TOKEN) as sender:
        yield DeliveryEngine(db, sender, clock, global_rate=1000, private_interval=0, concurrency=4)


async def readers(db: Database, client: SandboxClient, clock: ManualClock, ids: list[int] = READERS) -> None:
    for chat_id in ids:
        await client.create_user(chat_id, f"Reader {chat_id}")
        await client.send_message(chat_id, "/start", user_id=chat_id)
        await chat_store.upsert_chat(db, chat_id, "private", "Reader", "UTC", clock.now())
        await subscription_store.subscribe(db, chat_id, "country", "MA", clock.now())


async def queue(db: Database, clock: ManualClock, ids: list[int], text: str = "Breaking: <b>news</b>") -> None:
    async with db.atomic() as conn:
        for chat_id in ids:
            await enqueue(conn, chat_id=chat_id, kind="breaking", message=OutgoingMessage(text), now=clock.now())


async def statuses(db: Database) -> list[str]:
    return [r[0] for r in await db.fetchall("select status from outbox order by id")]


async def test_every_message_arrives_once(db: Database, clock: ManualClock, engine: DeliveryEngine, sandbox_client: SandboxClient) -> None:
    await readers(db, sandbox_client, clock)
    await queue(db, clock, READERS)
    assert await engine.send_due() == 5
    assert await engine.send_due() == 0
    for chat_id in READERS:
        [message] = await sandbox_client.bot_messages(chat_id)
        assert message["text"] == "Breaking: news"
    assert await statuses(db) == ["sent"] * 5


async def test_429_pauses_all_sending_until_retry_after_has_passed(
    db: Database, clock: ManualClock, engine: DeliveryEngine, sandbox_client: SandboxClient
) -> None:
    await readers(db, sandbox_client, clock)
    await queue(db, clock, READERS)
    await sandbox_client.inject_fault(error=429, retry_after=2, method="sendMessage", chat_id=READERS[2])
    engine.concurrency = 1  # one chat at a time, so "nothing sent during the pause" is exact
    await engine.start()
    try:
        engine.wake()
        await wait_until(lambda: _got_429(sandbox_client))
        await wait_until(lambda: _sleepers(clock, 1))  # the sender is paused on the clock
        assert await _delivered(sandbox_client) == 2
        clock.advance(1)
        assert clock.sleepers >= 1, "the pause ended before retry_after had passed"
        assert await _delivered(sandbox_client) == 2, "sent before retry_after had passed"
        clock.advance(1)
        await wait_until(lambda: _all_delivered(sandbox_client))
    finally:
        await engine.stop()
    assert [len(await sandbox_client.bot_messages(c)) for c in READERS] == [1] * 5
    assert await statuses(db) == ["sent"] * 5


async def _sleepers(clock: ManualClock, at_least: int) -> bool:
    return clock.sleepers >= at_least


async def _delivered(client: SandboxClient) -> int:
    total = 0
    for chat_id in READERS:
        total += len(await client.bot_messages(chat_id))
    return total


async def _got_429(client: SandboxClient) -> bool:
    return any(c["status"] == 429 for c in await client.calls("sendMessage"))


async def _all_delivered(client: SandboxClient) -> bool:
    return await _delivered(client) == len(READERS)


async def test_blocked_reader_is_deactivated_not_deleted_and_start_reactivates(
    bot: RunningBot, clock: ManualClock, sandbox_client: SandboxClient
) -> None:
    db = bot.db
    await readers(db, sandbox_client, clock, READERS[:2])
    await sandbox_client.block(READERS[0])
    await queue(db, clock, READERS[:2])
    bot.app.bot_data.services["delivery"].wake()

    async def settled() -> bool:
        return "pending" not in await statuses(db) and "sending" not in await statuses(db)
    await wait_until(settled)
    chat = await chat_store.get_chat(db, READERS[0])
    assert chat is not None and chat.status == "deactivated" and "blocked" in (chat.deactivated_reason or "")
    assert await subscription_store.list_for_chat(db, READERS[0])  # settings kept
    assert [m["text"] for m in await sandbox_client.bot_messages(READERS[1])].count("Breaking: news") == 1
    await sandbox_client.block(READERS[0], blocked=False)
    await sandbox_client.send_message(READERS[0], "/start", user_id=READERS[0])
    await sandbox_client.wait_for_bot_messages(READERS[0], 2)  # the welcome back
    chat = await chat_store.get_chat(db, READERS[0])
    assert chat is not None and chat.status == "active"


async def test_a_group_closed_to_the_bot_stays_active_and_gets_its_stories_once_it_opens(
    db: Database, clock: ManualClock, engine: DeliveryEngine, sandbox_client: SandboxClient
) -> None:
    """Its admins took the right to post (Telegram tells the bot of no change to a group's permissions, so
    nothing would bring a deactivated chat back): the digest fails, its news waits for one that gets through."""
    group = await sandbox_client.create_chat("supergroup", "Desk")
    await chat_store.upsert_chat(db, group["id"], "supergroup", "Desk", "UTC", clock.now())
    await subscription_store.subscribe(db, group["id"], "country", "MA", clock.now())
    await store_raw(db, MOROCCO, clock.now())
    clock.advance(minutes=30)
    await sandbox_client.set_bot_status(group["id"], "restricted")
    assert await _digest(db, clock, group["id"]) == 1
    await engine.send_due()
    assert await statuses(db) == ["failed"]
    chat = await chat_store.get_chat(db, group["id"])
    assert chat is not None and chat.status == "active"

    await sandbox_client.set_bot_status(group["id"], "member")
    clock.advance(days=1)
    assert await _digest(db, clock, group["id"]) == 1
    await engine.send_due()
    [digest] = await sandbox_client.bot_messages(group["id"])
    assert "Morocco opens its largest solar plant" in digest["text"]


async def test_a_digest_telegram_refuses_as_it_is_does_not_come_back(
    db: Database, clock: ManualClock, engine: DeliveryEngine, sandbox_client: SandboxClient
) -> None:
    """A message refused for what it is (bad HTML, too long) would be refused again: its stories stay given."""
    reader = READERS[1]
    await readers(db, sandbox_client, clock, [reader])
    await store_raw(db, MOROCCO, clock.now())
    assert await _digest(db, clock, reader) == 1
    await sandbox_client.inject_fault(error=400, description="Bad Request: can't parse entities", method="sendMessage")
    await engine.send_due()
    clock.advance(days=1)
    assert await _digest(db, clock, reader) == 0


async def _digest(db: Database, clock: ManualClock, chat_id: int) -> int:
    """Compose chat `chat_id`'s digest now, as "/digest now" does; the stories it queued."""
    chat = await chat_store.get_chat(db, chat_id)
    assert chat is not None
    return (await compose_for_chat(db, chat, clock.now(), per_section=5, move_schedule=False)).stories


async def test_a_digest_that_never_reached_a_reader_gives_its_stories_to_the_next_one(
    db: Database, clock: ManualClock, engine: DeliveryEngine, sandbox_client: SandboxClient
) -> None:
    """The reader blocks the bot as their digest goes out; back a day later, they get the news they missed."""
    reader = READERS[0]
    await readers(db, sandbox_client, clock, [reader])
    await store_raw(db, MOROCCO, clock.now())
    clock.advance(minutes=30)  # the news came in before the digest
    assert await _digest(db, clock, reader) == 1
    await sandbox_client.block(reader)
    await engine.send_due()
    assert await statuses(db) == ["failed"]

    await sandbox_client.block(reader, blocked=False)
    clock.advance(days=1)
    assert await chat_store.reactivate_chat(db, reader, clock.now(), lambda back: next_due(schedule_of(back), clock.now()))
    assert await _digest(db, clock, reader) == 1
    await engine.send_due()
    [digest] = await sandbox_client.bot_messages(reader)
    assert "Morocco opens its largest solar plant" in digest["text"]


async def test_upgraded_group_gets_the_message_at_its_new_id(
    db: Database, clock: ManualClock, engine: DeliveryEngine, sandbox_client: SandboxClient
) -> None:
    group = await sandbox_client.create_chat("group", "Desk")
    await chat_store.upsert_chat(db, group["id"], "group", "Desk", "UTC", clock.now())
    await subscription_store.subscribe(db, group["id"], "topic", "politics", clock.now())
    new_id = await sandbox_client.migrate(group["id"])
    await queue(db, clock, [group["id"]])
    await engine.send_due()
    await engine.send_due()
    assert [m["text"] for m in await sandbox_client.bot_messages(new_id)] == ["Breaking: news"]
    assert await chat_store.get_chat(db, group["id"]) is None
    assert [s.value for s in await subscription_store.list_for_chat(db, new_id)] == ["politics"]


async def test_server_errors_are_retried_with_backoff_then_succeed(
    db: Database, clock: ManualClock, engine: DeliveryEngine, sandbox_client: SandboxClient
) -> None:
    await readers(db, sandbox_client, clock, READERS[:1])
    await sandbox_client.inject_fault(error=502, method="sendMessage", count=2)
    await queue(db, clock, READERS[:1])
    assert await engine.send_due() == 0
    clock.advance(5)
    assert await engine.send_due() == 0
    clock.advance(9)
    assert await engine.send_due() == 0  # backoff doubles: not due yet
    clock.advance(1)
    assert await engine.send_due() == 1
    assert len(await sandbox_client.bot_messages(READERS[0])) == 1


async def _send_until_settled(db: Database, clock: ManualClock, engine: DeliveryEngine) -> None:
    """Run the sender's rounds, moving the clock to each retry, until nothing is left to send."""
    while await engine.send_due() == 0 and (due := await outbox.next_due_at(db)) is not None:
        clock.set(due)


async def test_a_digest_caught_in_an_hour_long_outage_arrives_when_it_ends(
    db: Database, clock: ManualClock, engine: DeliveryEngine, sandbox_client: SandboxClient
) -> None:
    await readers(db, sandbox_client, clock, READERS[:1])
    await sandbox_client.inject_fault(error=502, method="sendMessage", count=12)  # 5 s, 10 s ... 10 min: an hour
    await queue(db, clock, READERS[:1])
    started = clock.now()
    await _send_until_settled(db, clock, engine)
    assert [m["text"] for m in await sandbox_client.bot_messages(READERS[0])] == ["Breaking: news"]
    assert clock.now() - started > timedelta(hours=1)
    assert await statuses(db) == ["sent"]


async def test_a_message_queued_while_the_bot_was_down_for_days_still_gets_its_retries(
    db: Database, clock: ManualClock, engine: DeliveryEngine, sandbox_client: SandboxClient
) -> None:
    await readers(db, sandbox_client, clock, READERS[:1])
    await queue(db, clock, READERS[:1])
    clock.advance(days=2)
    await sandbox_client.inject_fault(error=502, method="sendMessage", count=2)
    await _send_until_settled(db, clock, engine)
    assert [m["text"] for m in await sandbox_client.bot_messages(READERS[0])] == ["Breaking: news"]


async def test_a_message_still_failing_after_a_day_is_given_up(
    db: Database, clock: ManualClock, engine: DeliveryEngine, sandbox_client: SandboxClient
) -> None:
    await readers(db, sandbox_client, clock, READERS[:1])
    await sandbox_client.inject_fault(error=502, method="sendMessage", count=1000)
    await queue(db, clock, READERS[:1])
    started = clock.now()
    await _send_until_settled(db, clock, engine)
    assert await statuses(db) == ["failed"]
    assert timedelta(hours=24) <= clock.now() - started < timedelta(hours=25)
    assert await sandbox_client.bot_messages(READERS[0]) == []


async def test_a_message_telegram_rejects_is_failed_with_its_reason(
    db: Database, clock: ManualClock, engine: DeliveryEngine, sandbox_client: SandboxClient
) -> None:
    await readers(db, sandbox_client, clock, READERS[:1])
    await queue(db, clock, READERS[:1], text="<p>not telegram html</p>")
    await engine.send_due()
    row = await db.fetchone("select status, last_error from outbox")
    assert row[0] == "failed" and "parse entities" in row[1].lower()


async def test_a_message_delivered_despite_a_gateway_error_is_flagged_in_doubt(
    db: Database, clock: ManualClock, engine: DeliveryEngine, sandbox_client: SandboxClient
) -> None:
    await readers(db, sandbox_client, clock, READERS[:1])
    # Telegram delivers, but the answer is lost behind a 502: the engine cannot tell it from "not sent".
    await sandbox_client.inject_fault(error="timeout", deliver=True, delay=0, method="sendMessage", count=1)
    await queue(db, clock, READERS[:1])
    assert await engine.send_due() == 0
    clock.advance(5)
    assert await engine.send_due() == 1
    assert len(await sandbox_client.bot_messages(READERS[0])) == 2
    assert tuple(await db.fetchone("select status, in_doubt from outbox")) == ("sent", 1)



async def test_a_rejected_bot_token_pauses_all_sending_and_loses_nothing(
    db: Database, clock: ManualClock, engine: DeliveryEngine, sandbox_client: SandboxClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A token revoked in @BotFather fails every request alike: the queue must wait, not fail message by message.
    await readers(db, sandbox_client, clock)
    await queue(db, clock, READERS)
    await sandbox_client.inject_fault(error=401, description="Unauthorized", method="sendMessage", count=1)
    engine.concurrency = 1
    await engine.start()
    try:
        engine.wake()
        await wait_until(lambda: _sleepers(clock, 1))  # paused on the clock after the 401
        assert await _delivered(sandbox_client) == 0
        clock.advance(TOKEN_RECHECK_SECONDS - 1)
        assert await _delivered(sandbox_client) == 0, "sent while the token was being rechecked"
        assert "failed" not in await statuses(db)
        clock.advance(1)
        await wait_until(lambda: _all_delivered(sandbox_client))
    finally:
        await engine.stop()
    assert await statuses(db) == ["sent"] * 5
    attempts = [r[0] for r in await db.fetchall("select attempts from outbox order by id")]
    assert max(attempts) <= 1, "the token problem used up the messages' own retries"
    assert "TELEGRAM_BOT_TOKEN" in caplog.text and TEST_TOKEN not in caplog.text
