"""A bot a group's admins restricted stays a member but may not send: Telegram's 400, not a delivered message."""
from __future__ import annotations

import pytest
from telegram import Bot
from telegram.error import BadRequest

from sandbox.client import SandboxClient
from tests.sandbox.conftest import USER


async def test_a_restricted_bot_cannot_send_text_to_the_group(ptb: Bot, sandbox_client: SandboxClient) -> None:
    group = await sandbox_client.create_chat("supergroup", "Desk", by_user_id=USER)
    await sandbox_client.set_bot_status(group["id"], "restricted", by_user_id=USER)
    with pytest.raises(BadRequest, match="(?i)^not enough rights to send text messages to the chat$"):
        await ptb.send_message(group["id"], "Digest")
    assert [m.get("service") for m in await sandbox_client.messages(group["id"])] == ["Ada added NewsDigest"]

    await sandbox_client.set_bot_status(group["id"], "member", by_user_id=USER)
    await ptb.send_message(group["id"], "Digest")


async def test_a_restricted_bot_is_shown_as_a_restricted_member(ptb: Bot, sandbox_client: SandboxClient) -> None:
    group = await sandbox_client.create_chat("group", "Desk", by_user_id=USER)
    await sandbox_client.set_bot_status(group["id"], "restricted", by_user_id=USER)
    member = await ptb.get_chat_member(group["id"], ptb.id)
    assert (member.status, member.is_member, member.can_send_messages) == ("restricted", True, False)
    change = (await ptb.get_updates(timeout=0))[-1].my_chat_member
    assert (change.old_chat_member.status, change.new_chat_member.status) == ("member", "restricted")
