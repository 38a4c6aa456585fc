"""Telegram counts a chat's edits with its messages (20 a minute in a group): the bot paces a group's edits with its
replies, so a busy group's redrawn buttons wait for the group's turn instead of drawing a 429 that pauses all sending."""
from __future__ import annotations

from sandbox.client import SandboxClient
from tests.conftest import BotFactory, new_group
from tests.handlers.test_chat_targets import buttons
from tests.handlers.test_subscribe import READER, ask

EDITOR = 4300


async def test_a_groups_edits_wait_for_its_turn_with_its_messages(start_bot: BotFactory, sandbox_client: SandboxClient) -> None:
    await sandbox_client.configure(group_per_minute=3)
    await start_bot(group_messages_per_minute=3)
    await sandbox_client.create_user(EDITOR, "Editor")
    await sandbox_client.create_user(READER, "Amina")
    group = await new_group(sandbox_client, "Desk")  # the welcome: 1 of the group's 3
    await sandbox_client.set_member(group["id"], EDITOR, "administrator")
    picker = await ask(sandbox_client, "/subscribe", chat_id=group["id"], user_id=EDITOR)  # 2
    for data in ("tg:f:c:MA", "tg:f:c:US"):  # each redraws the picker: 3, then one over the minute's
        [button] = [b["callback_data"] for b in buttons(picker) if b["callback_data"] == data]
        query = await sandbox_client.click(group["id"], picker["message_id"], button, user_id=EDITOR)
        assert (await sandbox_client.wait_for_callback_answer(query))["text"].startswith("🔔 Following")
    assert "/subscribe" in (await ask(sandbox_client, "/help"))["text"]  # the bot went on meanwhile
    refused = [c for c in await sandbox_client.calls() if c.get("status") == 429]
    assert refused == []
