"""A button's answer may open a URL only where Telegram lets it: a game (the sandbox has none) or the bot itself,
t.me/<bot>?start=…; any other link is URL_INVALID."""
from __future__ import annotations

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest

from sandbox.client import SandboxClient
from tests.sandbox.conftest import USER


async def _tap(ptb: Bot, sandbox_client: SandboxClient) -> str:
    sent = await ptb.send_message(USER, "pick", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("go", callback_data="go")]]))
    return await sandbox_client.click(USER, sent.message_id, "go", user_id=USER)


@pytest.mark.parametrize("url", [
    pytest.param("https://example.com/", id="a-web-page"),
    pytest.param("https://t.me/other_bot?start=morocco", id="another-bot"),
    pytest.param("https://t.me/newsdigest_bot", id="no-start-parameter"),
    pytest.param("https://t.me/newsdigest_bot?start=a b", id="space-in-start"),
])
async def test_an_answer_may_not_open_any_url(ptb: Bot, sandbox_client: SandboxClient, url: str) -> None:
    query_id = await _tap(ptb, sandbox_client)
    with pytest.raises(BadRequest, match="(?i)^url_invalid$"):
        await ptb.answer_callback_query(query_id, url=url)
    assert await ptb.answer_callback_query(query_id, text="answered still")  # the refused answer was no answer


async def test_an_answer_may_open_the_bot_with_a_start_parameter(ptb: Bot, sandbox_client: SandboxClient) -> None:
    query_id = await _tap(ptb, sandbox_client)
    assert await ptb.answer_callback_query(query_id, url="https://t.me/newsdigest_bot?start=morocco")
    assert (await sandbox_client.callback_answer(query_id))["url"] == "https://t.me/newsdigest_bot?start=morocco"
