"""What the outbox sender does with a 400 that is not about the message: a deleted forum topic sends it to General,
and a chat that takes nothing from the bot for now, or a refusal the bot does not know, gives its stories back for
the next digest that gets through. Only a message refused for what it is (tests/delivery/test_engine.py) does not."""
from __future__ import annotations

import pytest

from clock import ManualClock
from delivery.engine import DeliveryEngine
from ingest.store import store_raw
from sandbox.client import SandboxClient
from storage import Database
from storage import chats as chat_store
from storage.outbox import OutgoingMessage, enqueue
from tests.delivery.test_engine import _digest, engine, readers, statuses  # noqa: F401 (a fixture)
from tests.digests.test_digest_e2e import MOROCCO

READER = 431


@pytest.mark.parametrize("description", [
    pytest.param("Bad Request: CHAT_ADMIN_REQUIRED", id="admin-required"),
    pytest.param("Bad Request: CHAT_RESTRICTED", id="restricted"),
    pytest.param("Bad Request: SOMETHING_TELEGRAM_ADDED_LATER", id="unknown"),
])
async def test_a_digest_refused_for_the_chat_gives_its_stories_to_the_next_one(
    db: Database, clock: ManualClock, engine: DeliveryEngine, sandbox_client: SandboxClient, description: str
) -> None:
    await readers(db, sandbox_client, clock, [READER])
    await store_raw(db, MOROCCO, clock.now())
    clock.advance(minutes=30)
    assert await _digest(db, clock, READER) == 1
    await sandbox_client.inject_fault(error=400, description=description, method="sendMessage")
    await engine.send_due()
    assert await statuses(db) == ["failed"]
    chat = await chat_store.get_chat(db, READER)
    assert chat is not None and chat.status == "active"
    clock.advance(days=1)
    assert await _digest(db, clock, READER) == 1
    await engine.send_due()
    [digest] = await sandbox_client.bot_messages(READER)
    assert "Morocco opens its largest solar plant" in digest["text"]


async def test_a_message_for_a_deleted_topic_goes_to_general(
    db: Database, clock: ManualClock, engine: DeliveryEngine, sandbox_client: SandboxClient
) -> None:
    """Telegram may say TOPIC_DELETED rather than "message thread not found": the same, the topic is gone."""
    forum = await sandbox_client.create_chat("supergroup", "Newsroom", is_forum=True)
    topic = await sandbox_client.create_topic(forum["id"], "Morocco desk")
    await chat_store.upsert_chat(db, forum["id"], "supergroup", "Newsroom", "UTC", clock.now())
    async with db.atomic() as conn:
        await enqueue(conn, chat_id=forum["id"], kind="breaking", now=clock.now(),
                      message=OutgoingMessage("Breaking: <b>news</b>", message_thread_id=topic))
    await sandbox_client.inject_fault(error=400, description="Bad Request: TOPIC_DELETED", method="sendMessage")
    await engine.send_due()
    assert await statuses(db) == ["pending"]  # put back at once, without its topic
    await engine.send_due()
    assert await statuses(db) == ["sent"]
    [pushed] = [m for m in await sandbox_client.bot_messages(forum["id"]) if "news" in m["text"]]
    assert pushed["topic"] == "General"
