"""What to do with each Telegram answer: one action per error kind.

retry_after and migrate_to_chat_id are read before the status code (PTB raises RetryAfter and
ChatMigrated for them), as Telegram means them to override it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

Action = Literal["pause", "deactivate", "migrate", "retry", "fail"]

# Permanent 400s that mean the chat is gone, not that the message is wrong.
_CHAT_GONE = ("chat not found", "group chat was deactivated", "peer_id_invalid", "user not found")


@dataclass(frozen=True)
class Decision:
    action: Action
    reason: str
    retry_after: float = 0.0
    new_chat_id: int | None = None


def decide(error: TelegramError) -> Decision:
    if isinstance(error, RetryAfter):
        seconds = error.retry_after.total_seconds() if isinstance(error.retry_after, timedelta) else float(error.retry_after)
        return Decision("pause", f"flood control: retry after {seconds:g} s", retry_after=seconds)
    if isinstance(error, ChatMigrated):
        return Decision("migrate", "group upgraded to a supergroup", new_chat_id=error.new_chat_id)
    if isinstance(error, Forbidden):
        return Decision("deactivate", error.message)
    if isinstance(error, BadRequest):
        lowered = error.message.lower()
        if any(marker in lowered for marker in _CHAT_GONE):
            return Decision("deactivate", error.message)
        return Decision("fail", error.message)  # the message itself is wrong: retrying cannot help
    if isinstance(error, (TimedOut, NetworkError)):
        return Decision("retry", error.message or type(error).__name__)
    return Decision("retry", error.message or type(error).__name__)


def backoff_seconds(attempts: int) -> float:
    """5 s, 10 s, 20 s … capped at 10 minutes."""
    return min(600.0, 5.0 * 2 ** max(0, attempts - 1))
