"""python-telegram-bot's rate limiter for the bot's own requests (replies, edits, answers), drawing on
the same delivery.limits.FloodLimits as the outbox sender, so that the two together keep Telegram's
limits; and like PTB's AIORateLimiter, a request answered with a 429 is tried again after retry_after.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from delivery.limits import FloodLimits

log = logging.getLogger(__name__)


def _counts(endpoint: str) -> bool:
    """Whether Telegram counts the request as a message sent: sendMessage and its kin, not edits or answers."""
    return endpoint.startswith("send") and endpoint != "sendChatAction" or endpoint in ("copyMessage", "forwardMessage")


class SharedRateLimiter(BaseRateLimiter[None]):
    def __init__(self, limits: FloodLimits, *, max_retries: int = 3) -> None:
        self.limits, self.max_retries = limits, max_retries

    async def initialize(self) -> None:
        """Nothing to set up: the limits belong to the bot, not to this limiter."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> Any:
        chat_id = data.get("chat_id")
        counted = _counts(endpoint) and isinstance(chat_id, int)
        retries = 0
        while True:
            if counted:
                if chat_id < 0:
                    await self.limits.group_turn(chat_id)
                await self.limits.global_permit()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                retries += 1
                if retries > self.max_retries:
                    raise
                wait = error.retry_after
                seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
                log.info("429 on %s: trying again in %.0f s", endpoint, seconds)
                await asyncio.sleep(seconds + 0.1)
