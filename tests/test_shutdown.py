"""Shutting the bot down when one background service cannot stop: the others and python-telegram-bot still stop.

An operator would otherwise see a process that neither exits nor delivers: polling, the digest scheduler and
the Application left running behind the one failure.
"""
from __future__ import annotations

import asyncio
import logging
import sqlite3

import pytest

from clock import ManualClock
from sandbox.client import SandboxClient
from tests.conftest import BotFactory, wait_until

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
    with pytest.raises((ValueError, sqlite3.ProgrammingError), match="no active connection|closed database"):
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
