"""Shutting the bot down when one background service cannot stop: the others and python-telegram-bot still stop.

An operator would otherwise see a process that neither exits nor delivers: polling, the digest scheduler and
the Application left running behind the one failure.
"""
from __future__ import annotations

import asyncio
import logging
import sqlite3

import pytest

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
