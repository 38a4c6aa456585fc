"""A group whose admins mute the bot (restrict it from sending) gets no digest meanwhile and loses no news."""
from __future__ import annotations

from clock import ManualClock
from ingest.store import store_raw
from sandbox.client import SandboxClient
from storage import chats as chat_store
from tests.conftest import RunningBot, new_group, wait_until
from tests.digests.test_digest_e2e import MOROCCO
from tests.handlers.test_subscribe import ask

EDITOR = 311


async def _status(bot: RunningBot, chat_id: int, wanted: str) -> None:
    async def reached() -> bool:
        chat = await chat_store.get_chat(bot.db, chat_id)
        return chat is not None and chat.status == wanted
    await wait_until(reached)


async def _sends_to(client: SandboxClient, chat_id: int) -> list[dict]:
    return [c for c in await client.calls("sendMessage") if c["chat_id"] == chat_id]


async def test_a_muted_group_gets_the_news_it_missed_once_it_unmutes_the_bot(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await sandbox_client.create_user(EDITOR, "Editor")
    group = await new_group(sandbox_client, "Newsroom")
    await sandbox_client.set_member(group["id"], EDITOR, "administrator")
    await ask(sandbox_client, "/subscribe morocco", chat_id=group["id"], user_id=EDITOR)
    await store_raw(bot.db, MOROCCO, clock.now())
    await sandbox_client.set_bot_status(group["id"], "restricted", by_user_id=EDITOR)
    await _status(bot, group["id"], "deactivated")
    seen = len(await sandbox_client.bot_messages(group["id"]))
    tried = len(await _sends_to(sandbox_client, group["id"]))

    # The group's digest time passes while the bot is muted: nothing is tried, and nothing is used up.
    clock.advance(days=1)
    assert await bot.app.bot_data.services["digests"].tick() == 0
    assert len(await _sends_to(sandbox_client, group["id"])) == tried

    await sandbox_client.set_bot_status(group["id"], "member", by_user_id=EDITOR)
    await _status(bot, group["id"], "active")
    reply = await ask(sandbox_client, "/digest now", chat_id=group["id"], user_id=EDITOR)
    assert "Morocco opens its largest solar plant" in reply["text"]
    # Unmuted, the bot does not greet the group again as if it had just been added.
    assert not any("Hi! I post headlines" in m["text"] for m in (await sandbox_client.bot_messages(group["id"]))[seen:])
