"""Who the bot may write to privately: only a user who wrote to it first, as Telegram rules."""
from __future__ import annotations

import pytest
from telegram import Bot
from telegram.error import BadRequest, Forbidden

from sandbox.client import SandboxClient
from tests.sandbox.conftest import USER

MEMBER = 4201


async def test_a_group_member_who_never_wrote_to_the_bot_cannot_be_messaged_first(
    ptb: Bot, sandbox_client: SandboxClient
) -> None:
    """The bot has seen the member (a command in a group), but they have no private chat with it: 403, not 400."""
    group = await sandbox_client.create_chat("group", "Desk", by_user_id=USER)
    await sandbox_client.send_message(group["id"], "/morocco", user_id=MEMBER)
    with pytest.raises(Forbidden, match="(?i)bot can't initiate conversation with a user"):
        await ptb.send_message(MEMBER, "Your digest")
    with pytest.raises(Forbidden, match="(?i)bot can't initiate conversation with a user"):
        await ptb.send_chat_action(MEMBER, "typing")


async def test_a_user_the_bot_never_met_is_still_chat_not_found(ptb: Bot) -> None:
    with pytest.raises(BadRequest, match="(?i)chat not found"):
        await ptb.send_message(987654, "hi")
