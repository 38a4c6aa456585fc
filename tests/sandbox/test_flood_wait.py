"""The strict sandbox's flood wait: after a 429, its scope takes nothing until retry_after has passed.

Telegram rounds retry_after up to whole seconds and refuses a bot that comes back early; a sandbox that
let the early request through (because its one-second window had already freed up) would pass a bot that
Telegram throttles. The limiter reads an injected monotonic clock, so no test sleeps.
"""
from __future__ import annotations

from typing import Any

import pytest
from telegram import Bot
from telegram.error import RetryAfter

from sandbox.client import SandboxClient
from sandbox.limits import RateLimiter
from sandbox.state import Chat, Limits


class _Clock:
    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds


def _limiter(clock: _Clock, **limits: Any) -> RateLimiter:
    return RateLimiter(Limits(strict=True, **limits), monotonic=clock)


def test_a_bot_back_before_retry_after_is_refused_again_even_for_another_chat() -> None:
    clock = _Clock()
    limiter = _limiter(clock, global_per_second=2)
    first, second, third = (Chat(id=n, type="private") for n in (1, 2, 3))
    assert limiter.check(first) == 0
    clock.seconds += 0.8
    assert limiter.check(second) == 0
    assert limiter.check(third) == 1  # the window frees up in 0.2 s; Telegram says "retry after 1"
    clock.seconds += 0.5  # the window has room again, but the wait is not over
    assert limiter.check(third) == 1
    assert limiter.check(Chat(id=4, type="private")) == 1
    clock.seconds += 0.5
    assert limiter.check(third) == 0


def test_a_group_over_its_cap_waits_while_other_chats_are_served() -> None:
    clock = _Clock()
    limiter = _limiter(clock, group_per_minute=2)
    group, reader = Chat(id=-5, type="group"), Chat(id=7, type="private")
    assert [limiter.check(group) for _ in range(2)] == [0, 0]
    assert limiter.check(group) == 60
    assert limiter.check(reader) == 0  # a group's flood wait is the group's own
    clock.seconds += 59
    assert limiter.check(group) == 1
    clock.seconds += 1
    assert limiter.check(group) == 0


def test_lenient_mode_never_refuses() -> None:
    clock = _Clock()
    limiter = RateLimiter(Limits(strict=False, global_per_second=1), monotonic=clock)
    assert [limiter.check(Chat(id=n, type="private")) for n in range(5)] == [0] * 5


async def test_the_sandbox_enforces_telegrams_limits_unless_told_not_to(ptb: Bot, sandbox_client: SandboxClient) -> None:
    """As Telegram does, without being asked: `make run` and every harness see the 429 a bot's pacing earns."""
    group = await sandbox_client.create_chat("group", "Busy desk")
    for n in range(20):
        await ptb.send_message(group["id"], f"message {n}")
    with pytest.raises(RetryAfter):
        await ptb.send_message(group["id"], "the 21st in a minute")
    await sandbox_client.configure(strict_limits=False)  # only to measure raw capacity
    await ptb.send_message(group["id"], "goes through")


def test_an_edit_counts_towards_its_chats_limit_but_not_the_overall_rate() -> None:
    """Telegram shares a chat's limit between sending and editing; its overall rate is for messages sent."""
    clock = _Clock()
    limiter = _limiter(clock, global_per_second=1, group_per_minute=2)
    group, other = Chat(id=-5, type="group"), Chat(id=-6, type="group")
    assert limiter.check(group) == 0
    assert limiter.check(other, edit=True) == 0  # the overall second is full, but an edit is no message sent
    assert limiter.check(group, edit=True) == 0
    assert limiter.check(group, edit=True) == 60
    assert limiter.check(group) == 60


async def test_edits_in_a_group_over_its_cap_get_a_429(ptb: Bot, sandbox_client: SandboxClient) -> None:
    group = await sandbox_client.create_chat("group", "Live desk")
    await sandbox_client.configure(group_per_minute=3)
    sent = await ptb.send_message(group["id"], "0 %")
    for percent in (50, 90):
        await ptb.edit_message_text(f"{percent} %", chat_id=group["id"], message_id=sent.message_id)
    with pytest.raises(RetryAfter):
        await ptb.edit_message_text("100 %", chat_id=group["id"], message_id=sent.message_id)
    with pytest.raises(RetryAfter):
        await ptb.send_message(group["id"], "and a message")
