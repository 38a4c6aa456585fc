"""Two chats change one chat's subscriptions or settings at once: two admins managing a channel from their private
chats, each tapping or sending as the other does. Neither change is lost, and together they do not pass a limit."""
from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import pytest

from news.countries import COUNTRIES
from sandbox.client import SandboxClient
from storage import subscriptions as subscription_store
from tests.conftest import RunningBot, wait_until
from tests.handlers.test_subscribe import ask

ADMIN_A, ADMIN_B = 401, 402


@pytest.fixture
async def channel(bot: RunningBot, sandbox_client: SandboxClient) -> int:
    """A channel both admins manage from their private chats."""
    created = await sandbox_client.create_chat("channel", "Daily Brief", username="dailybrief", bot_status="administrator")
    for admin in (ADMIN_A, ADMIN_B):
        await sandbox_client.create_user(admin, f"Admin {admin}")
        await sandbox_client.set_member(created["id"], admin, "administrator")
        await ask(sandbox_client, "/manage @dailybrief", chat_id=admin, user_id=admin)
    return int(created["id"])


async def handling(bot: RunningBot, updates: int) -> None:
    """Wait until the bot has this many updates in hand (0: it has handled all it got)."""
    async def holds() -> bool:
        return bot.app.update_processor.current_concurrent_updates == updates
    await wait_until(holds)


@contextlib.asynccontextmanager
async def together(bot: RunningBot, updates: int = 2) -> AsyncIterator[None]:
    """The updates sent inside are handled side by side, step for step, as when two admins act in the same
    instant: the bot's database is held until it has them all in hand, so each run has the race, not some."""
    await handling(bot, 0)
    async with bot.db.atomic():
        yield
        await handling(bot, updates)


async def at_once(bot: RunningBot, client: SandboxClient, first: tuple[int, str], second: tuple[int, str]) -> tuple[dict, dict]:
    """Each admin sends a message at the same moment; their answers."""
    before = [len(await client.bot_messages(chat_id)) for chat_id, _ in (first, second)]
    async with together(bot):
        for chat_id, text in (first, second):
            await client.send_message(chat_id, text, user_id=chat_id)
    return ((await client.wait_for_bot_messages(first[0], before[0] + 1))[before[0]],
            (await client.wait_for_bot_messages(second[0], before[1] + 1))[before[1]])


async def test_two_admins_adding_at_once_stop_at_the_cap(bot: RunningBot, sandbox_client: SandboxClient, channel: int) -> None:
    for country in [c for c in COUNTRIES if c.code not in ("IL", "MA")][:49]:
        await subscription_store.subscribe(bot.db, channel, "country", country.code, bot.clock.now())
    replies = await at_once(bot, sandbox_client, (ADMIN_A, "/subscribe israel"), (ADMIN_B, "/subscribe morocco"))
    assert len(await subscription_store.list_for_chat(bot.db, channel)) == 50  # not 51
    assert sorted("now follows" in r["text"] for r in replies) == [False, True]
    [refused] = [r for r in replies if "now follows" not in r["text"]]
    assert "already follows 50" in refused["text"] and "/unsubscribe" in refused["text"]


async def test_subscribing_again_without_filters_keeps_filters_set_at_the_same_moment(
    bot: RunningBot, sandbox_client: SandboxClient, channel: int
) -> None:
    await at_once(bot, sandbox_client, (ADMIN_A, "/subscribe tech +ai"), (ADMIN_B, "/subscribe tech"))
    [subscription] = await subscription_store.list_for_chat(bot.db, channel)
    assert subscription.include == ("ai",)  # either way round, "/subscribe tech" keeps the filters it finds
