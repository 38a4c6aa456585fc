"""Replies the bot queued as it stopped (a long flood pause held them): when it runs again they go where the
answer was asked for, its forum topic, or to the chat if the topic is gone; and not at all once too old to help."""
from __future__ import annotations

import asyncio
import logging

import pytest

from clock import ManualClock
from sandbox.client import SandboxClient
from tests.conftest import BotFactory, RunningBot, wait_until
from tests.handlers.test_forum_topics import EDITOR, forum_with_topic

LONG_PAUSE = 3600  # seconds: a retry_after Telegram gives a bot that flooded
READER = 934


async def _stopped_holding_a_reply(bot: RunningBot, client: SandboxClient, clock: ManualClock, chat_id: int,
                                   user_id: int, thread: int | None = None) -> None:
    """/help is typed; its answer waits out a long 429 pause, and the bot is stopped meanwhile."""
    await client.inject_fault(error=429, retry_after=LONG_PAUSE, method="sendMessage", chat_id=chat_id)
    await client.send_message(chat_id, "/help", user_id=user_id, message_thread_id=thread)

    async def held() -> bool:
        refused = [c for c in await client.calls("sendMessage") if c.get("status") == 429]
        return bool(refused) and clock.sleepers >= 1

    await wait_until(held)
    await asyncio.wait_for(bot.stop(), timeout=10)


async def test_a_reply_queued_at_stop_in_a_forum_topic_arrives_in_that_topic(
    start_bot: BotFactory, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    bot = await start_bot()
    forum, topic = await forum_with_topic(sandbox_client)
    await _stopped_holding_a_reply(bot, sandbox_client, clock, forum, EDITOR, topic)

    await start_bot()
    welcome, answer = await sandbox_client.wait_for_bot_messages(forum, 2)
    assert "/subscribe" in answer["text"]
    assert answer["topic"] == "Morocco desk"


async def test_a_reply_queued_at_stop_whose_topic_was_deleted_arrives_in_the_chat(
    start_bot: BotFactory, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    bot = await start_bot()
    forum, topic = await forum_with_topic(sandbox_client)
    await _stopped_holding_a_reply(bot, sandbox_client, clock, forum, EDITOR, topic)
    await sandbox_client.delete_topic(forum, topic)  # with every message in it

    await start_bot()
    welcome, answer = await sandbox_client.wait_for_bot_messages(forum, 2)
    assert "/subscribe" in answer["text"]
    assert answer["topic"] == "General"


@pytest.mark.parametrize(("stopped_for", "arrives"), [
    pytest.param({"minutes": 50}, True, id="back-within-the-hour"),
    pytest.param({"days": 2}, False, id="back-two-days-later"),
])
async def test_a_reply_queued_at_stop_is_sent_only_while_it_is_still_an_answer(
    start_bot: BotFactory, sandbox_client: SandboxClient, clock: ManualClock, caplog: pytest.LogCaptureFixture,
    stopped_for: dict[str, float], arrives: bool,
) -> None:
    caplog.set_level(logging.INFO, logger="delivery.engine")
    bot = await start_bot()
    await sandbox_client.create_user(READER, "Reader")
    await _stopped_holding_a_reply(bot, sandbox_client, clock, READER, READER)
    clock.advance(**stopped_for)

    await start_bot()
    if arrives:
        (answer,) = await sandbox_client.wait_for_bot_messages(READER, 1)
        assert "/subscribe" in answer["text"]
        return

    async def dropped() -> bool:
        return "queued reply dropped: too old to be of use" in caplog.text

    await wait_until(dropped)
    await sandbox_client.send_message(READER, "/countries", user_id=READER)  # asked again: only this is answered
    first = (await sandbox_client.wait_for_bot_messages(READER, 1))[0]
    assert first["text"].startswith("Countries")
