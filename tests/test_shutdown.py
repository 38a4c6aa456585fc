"""Shutting the bot down when one background service cannot stop: the others and python-telegram-bot still stop.

An operator would otherwise see a process that neither exits nor delivers: polling, the digest scheduler and
the Application left running behind the one failure.
"""
from __future__ import annotations

import asyncio
import logging
import re
import sqlite3

import pytest

from clock import ManualClock
from handlers.news import listed_countries
from sandbox.client import SandboxClient
from tests.conftest import ADMIN_ID, BotFactory, wait_until
from tests.handlers.test_breaking import ITEM, MOROCCO_FANS, breaking, setup, wait_for_report
from tests.handlers.test_subscribe import ask

LATER_SERVICES = {"digest-scheduler"}  # tasks of the stop hooks that run after the delivery engine's


def _running_tasks(names: set[str]) -> set[str]:
    return {task.get_name() for task in asyncio.all_tasks() if task.get_name() in names and not task.done()}


async def test_a_service_that_fails_to_stop_does_not_keep_the_others_running(
    start_bot: BotFactory, caplog: pytest.LogCaptureFixture
) -> None:
    bot = await start_bot()
    assert _running_tasks(LATER_SERVICES) == LATER_SERVICES
    # Shut down in the wrong order: the database goes first, so the delivery engine's loop ends on it
    # and its stop hook raises.
    await bot.db.close()
    bot.app.bot_data.services["delivery"].wake()

    async def engine_died() -> bool:
        return "delivery stopped: the database was closed" in caplog.text

    await wait_until(engine_died)
    # aiosqlite says it as "no active connection" or "Connection closed", sqlite3 as "closed database", by timing.
    with pytest.raises((ValueError, sqlite3.ProgrammingError), match="no active connection|Connection closed|closed database"):
        await bot.stop()

    assert _running_tasks(LATER_SERVICES) == set()
    assert bot.app.updater is not None and not bot.app.updater.running
    assert not bot.app.running
    # The one failure is logged under its hook's name.
    failures = [r.getMessage() for r in caplog.records if r.name == "newsdigest" and r.levelno == logging.ERROR]
    assert failures == ["shutdown step failed step=handlers.delivery._stop"]


LONG_PAUSE = 3600  # seconds: a retry_after Telegram gives a bot that flooded


async def test_a_reply_held_by_a_long_flood_pause_is_sent_after_a_restart_and_does_not_hold_the_stop(
    start_bot: BotFactory, sandbox_client: SandboxClient, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    """An operator stopping the bot during an hour's 429 pause gets it stopped at once, and the reader's
    answer, which was waiting out the pause, arrives when the bot runs again."""
    bot = await start_bot()
    reader = 931
    await sandbox_client.create_user(reader, "Reader")
    await sandbox_client.inject_fault(error=429, retry_after=LONG_PAUSE, method="sendMessage", chat_id=reader)
    await sandbox_client.send_message(reader, "/help", user_id=reader)

    async def reply_held() -> bool:
        refused = [c for c in await sandbox_client.calls("sendMessage") if c.get("status") == 429]
        return bool(refused) and clock.sleepers >= 1
    await wait_until(reply_held)

    await asyncio.wait_for(bot.stop(), timeout=10)
    assert not await sandbox_client.bot_messages(reader)
    assert "handler failed" not in caplog.text  # queued for later is not an error

    await start_bot()
    (answer,) = await sandbox_client.wait_for_bot_messages(reader, 1)
    assert "/subscribe" in answer["text"]


async def _held(client: SandboxClient, clock: ManualClock, method: str) -> bool:
    """A request of `method` drew a 429 and something waits out the pause on the bot's clock."""
    refused = [c for c in await client.calls(method) if c.get("status") == 429]
    return bool(refused) and clock.sleepers >= 1


async def test_a_button_tap_held_by_a_long_flood_pause_does_not_hold_the_stop(
    start_bot: BotFactory, sandbox_client: SandboxClient, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    """The edit a tap makes is of no use after a restart: it is dropped, and the bot stops at once."""
    bot = await start_bot()
    reader = 932
    await sandbox_client.create_user(reader, "Reader")
    await ask(sandbox_client, "/subscribe morocco", chat_id=reader, user_id=reader)
    settings = await ask(sandbox_client, "/settings", chat_id=reader, user_id=reader)
    button = settings["reply_markup"]["inline_keyboard"][-1][0]["callback_data"]
    await sandbox_client.inject_fault(error=429, retry_after=LONG_PAUSE, method="editMessageText", chat_id=reader)
    await sandbox_client.click(reader, settings["message_id"], button, user_id=reader)
    await wait_until(lambda: _held(sandbox_client, clock, "editMessageText"))

    await asyncio.wait_for(bot.stop(), timeout=10)
    assert "handler failed" not in caplog.text


async def test_an_answer_of_several_messages_held_at_stop_arrives_whole_and_in_order_after_a_restart(
    start_bot: BotFactory, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    bot = await start_bot()
    reader = 933
    await sandbox_client.create_user(reader, "Reader")
    await sandbox_client.inject_fault(error=429, retry_after=LONG_PAUSE, method="sendMessage", chat_id=reader)
    await sandbox_client.send_message(reader, "/countries", user_id=reader)
    await wait_until(lambda: _held(sandbox_client, clock, "sendMessage"))
    await asyncio.wait_for(bot.stop(), timeout=10)
    queued = (await bot.db.fetchone("select count(*) from outbox where chat_id = ? and status = 'pending'", (reader,)))[0]
    assert queued >= 2  # the list takes several messages

    await start_bot()
    texts = [m["text"] for m in await sandbox_client.wait_for_bot_messages(reader, queued)]
    assert texts[0].startswith("Countries")
    listed = [command for command in re.findall(r"/\w+", "\n".join(texts)) if command != "/news"]
    assert listed == [f"/{command}" for _, command in listed_countries()]  # every country once, in order


async def test_a_push_whose_controls_were_queued_at_stop_can_be_confirmed_and_reported_after_a_restart(
    start_bot: BotFactory, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    # A slow private pace: the controls, right behind the preview, are still waiting for their turn.
    bot = await start_bot(private_chat_interval=20.0)
    await setup(bot, sandbox_client, clock)
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    await sandbox_client.wait_for_bot_messages(ADMIN_ID, 1)
    await asyncio.wait_for(bot.stop(), timeout=10)

    await start_bot()
    preview, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    assert preview["text"].startswith("🚨 Breaking") and "Recipients: 3" in control["text"]
    confirm = next(b["callback_data"] for row in control["reply_markup"]["inline_keyboard"] for b in row if "Confirm" in b["text"])
    await sandbox_client.wait_for_callback_answer(await sandbox_client.click(ADMIN_ID, control["message_id"], confirm, user_id=ADMIN_ID))

    assert "Delivered: 3" in (await wait_for_report(sandbox_client, clock, control))["text"]
    for chat_id in MOROCCO_FANS:
        assert breaking(await sandbox_client.bot_messages(chat_id))
