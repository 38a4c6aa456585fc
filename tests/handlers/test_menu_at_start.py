"""The command menu is cosmetic: a Telegram error as the bot publishes it at start (a 502, a flood wait) does not
stop the bot starting; the menu is published again in the background, with a growing wait, until it is set."""
from __future__ import annotations

import asyncio
from datetime import timedelta

from clock import ManualClock
from sandbox.client import SandboxClient
from tests.conftest import BotFactory, wait_until
from tests.handlers.test_subscribe import READER, ask


async def _published(client: SandboxClient) -> bool:
    return any(c["command"] == "help" for c in await client.commands())


async def test_the_bot_starts_when_telegram_fails_the_menu_and_sets_it_later(
    start_bot: BotFactory, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await sandbox_client.inject_fault(error=502, method="setMyCommands")
    await start_bot()
    await sandbox_client.create_user(READER, "Amina")
    assert "/subscribe" in (await ask(sandbox_client, "/help"))["text"]
    assert not await _published(sandbox_client)
    retry = clock.now() + timedelta(seconds=5)  # the first retry's wait

    async def retry_waits() -> bool:
        return clock.sleepers_until(retry) > 0
    await wait_until(retry_waits)
    clock.advance(5)
    await wait_until(lambda: _published(sandbox_client))


async def test_the_bot_starts_through_flood_waits_on_the_menu(
    start_bot: BotFactory, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    """Five 429s: more than a request other than a message waits out (handlers.rate_limit), so the start's try fails."""
    await sandbox_client.inject_fault(error=429, retry_after=1, count=5, method="setMyCommands")
    starting = asyncio.create_task(start_bot())

    async def published_after_a_second() -> bool:
        clock.advance(1)
        return await _published(sandbox_client)
    await wait_until(published_after_a_second)
    await starting
    await sandbox_client.create_user(READER, "Amina")
    assert "/subscribe" in (await ask(sandbox_client, "/help"))["text"]

