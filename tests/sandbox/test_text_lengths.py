"""Telegram counts text in UTF-16 code units: an emoji outside the BMP ("📰") is two, so it fills a limit twice as
fast as Python's len() says."""
from __future__ import annotations

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest

from sandbox.client import SandboxClient
from tests.sandbox.conftest import USER

NEWS = "\U0001F4F0"  # 📰: one code point, two UTF-16 units


async def test_message_text_counts_an_emoji_as_two(ptb: Bot) -> None:
    await ptb.send_message(USER, NEWS * 2048)  # 4096 units
    with pytest.raises(BadRequest, match="(?i)message is too long"):
        await ptb.send_message(USER, NEWS * 2048 + "x")  # 2049 code points, 4097 units


async def test_callback_answer_text_counts_an_emoji_as_two(ptb: Bot, sandbox_client: SandboxClient) -> None:
    sent = await ptb.send_message(USER, "pick", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("go", callback_data="go")]]))
    first = await sandbox_client.click(USER, sent.message_id, "go", user_id=USER)
    with pytest.raises(BadRequest, match="(?i)MESSAGE_TOO_LONG"):
        await ptb.answer_callback_query(first, text=NEWS * 101)  # 101 code points, 202 units
    assert await ptb.answer_callback_query(first, text=NEWS * 100)  # 200 units
    assert (await sandbox_client.callback_answer(first))["text"] == NEWS * 100


async def test_command_description_counts_an_emoji_as_two(ptb: Bot) -> None:
    assert await ptb.set_my_commands([("morocco", NEWS * 128)])  # 256 units
    with pytest.raises(BadRequest, match="(?i)BOT_COMMAND_DESCRIPTION_INVALID"):
        await ptb.set_my_commands([("morocco", NEWS * 129)])  # 129 code points, 258 units
