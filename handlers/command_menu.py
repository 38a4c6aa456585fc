"""Publishing the command menu (handlers.start.publish_commands) as the bot starts, and again until it is set.

The menu is cosmetic: every command works without it. So a start does not fail when Telegram refuses the menu (a
502, a timeout, flood waits beyond the few handlers.rate_limit waits out): that is logged, and the bot starts and
tries again beside it after 5 s, 10 s, 20 s … up to 10 minutes (or a 429's retry_after, if longer), on the bot's
clock, until the menu is set.
"""
from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from telegram.error import RetryAfter, TelegramError
from telegram.ext import Application

from background import cancel_and_wait
from delivery.policy import backoff_seconds
from handlers.start import publish_commands

log = logging.getLogger(__name__)


def _retry_after(error: Exception) -> float:
    if not isinstance(error, RetryAfter):
        return 0.0
    wait = error.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


async def _try_publishing(app: Application, attempt: int) -> float | None:
    """Publish the menu once: None when Telegram took it, else the seconds to wait before trying again."""
    try:
        await publish_commands(app)
    except Exception as error:  # Telegram's answer, or a bug (logged with its traceback): tried again all the same
        wait = max(backoff_seconds(attempt), _retry_after(error))
        log.warning("command menu not published, retrying attempt=%s in=%.0fs: %s", attempt, wait, error,
                    exc_info=not isinstance(error, TelegramError))
        return wait
    if attempt > 1:
        log.info("command menu published attempts=%s", attempt)
    return None


async def _keep_trying(app: Application, wait: float | None) -> None:
    attempt = 1
    while wait is not None:
        await app.bot_data.clock.sleep(wait)
        attempt += 1
        wait = await _try_publishing(app, attempt)


async def _start(app: Application) -> None:
    """The first try as the bot starts, so a bot that started has its menu; the others beside the bot."""
    if (wait := await _try_publishing(app, 1)) is not None:
        app.bot_data.services["command_menu"] = asyncio.create_task(_keep_trying(app, wait), name="command_menu")


async def _stop(app: Application) -> None:
    await cancel_and_wait(app.bot_data.services.pop("command_menu", None))


def register(app: Application) -> None:
    app.bot_data.on_start.append(_start)
    app.bot_data.on_stop.append(_stop)
