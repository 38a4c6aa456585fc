"""reply_markup is one of Telegram's keyboard objects; an inline button has text and exactly one action, and a
URL button a real http(s) or tg:// URL (parsed, not matched by its prefix)."""
from __future__ import annotations

from typing import Any

import httpx
import pytest
from telegram import Bot

from sandbox.server import RunningSandbox
from tests.sandbox.conftest import TOKEN, USER


async def _call(sandbox: RunningSandbox, method: str, **params: Any) -> httpx.Response:
    async with httpx.AsyncClient() as http:
        return await http.post(f"{sandbox.api_base_url}{TOKEN}/{method}", json={"chat_id": USER, **params})


def _button(**fields: Any) -> dict[str, Any]:
    return {"inline_keyboard": [[{"text": "Read", **fields}]]}


@pytest.mark.parametrize("markup", [
    pytest.param([[{"text": "a", "callback_data": "a"}]], id="not-an-object"),
    pytest.param({"buttons": [[{"text": "a", "callback_data": "a"}]]}, id="no-keyboard-kind"),
    pytest.param({"inline_keyboard": [{"text": "a", "callback_data": "a"}]}, id="rows-not-arrays"),
    pytest.param({"inline_keyboard": [["a"]]}, id="button-not-an-object"),
    pytest.param({"inline_keyboard": [[{"callback_data": "a"}]]}, id="button-without-text"),
    pytest.param({"inline_keyboard": [[{"text": 5, "callback_data": "a"}]]}, id="text-not-a-string"),
    pytest.param({"inline_keyboard": [[{"text": "", "callback_data": "a"}]]}, id="text-empty"),
    pytest.param(_button(), id="no-action"),
    pytest.param(_button(callback_data="a", url="https://example.com/"), id="two-actions"),
    pytest.param(_button(callback_data=5), id="callback-data-not-a-string"),
    pytest.param(_button(url=["https://example.com/"]), id="url-not-a-string"),
    pytest.param(_button(url="https://"), id="scheme-without-host"),
    pytest.param(_button(url="https:///news/1"), id="empty-host"),
    pytest.param(_button(url="https://exa mple.com/"), id="space-in-host"),
    pytest.param(_button(url="https://example.com/a b"), id="space-in-path"),
    pytest.param(_button(url="https://example.com:99999/"), id="port-out-of-range"),
    pytest.param(_button(url="https://example.com:http/"), id="port-not-a-number"),
    pytest.param(_button(url="https://exa$mple.com/"), id="bad-host-character"),
    pytest.param(_button(url="https://[::1/"), id="broken-ipv6-host"),
    pytest.param(_button(url="javascript:alert(1)"), id="javascript"),
    pytest.param(_button(url="ftp://example.com/file"), id="ftp"),
    pytest.param(_button(url="tg://"), id="tg-without-target"),
    pytest.param({"keyboard": "Yes"}, id="reply-keyboard-not-rows"),
    pytest.param({"keyboard": [[{"request_contact": True}]]}, id="reply-button-without-text"),
    pytest.param({"remove_keyboard": False}, id="remove-keyboard-false"),
])
async def test_a_markup_telegram_would_not_accept_is_a_bad_request(
    ptb: Bot, sandbox: RunningSandbox, markup: Any
) -> None:
    response = await _call(sandbox, "sendMessage", text="Morocco", reply_markup=markup)
    assert response.status_code == 400, response.text
    assert response.json()["description"].startswith("Bad Request: ")


@pytest.mark.parametrize("markup", [
    pytest.param(_button(callback_data="pg:c:ma:2"), id="callback"),
    pytest.param(_button(url="https://www.bbc.co.uk/news/world-africa-1?ref=rss#top"), id="https"),
    pytest.param(_button(url="http://example.com:8080/"), id="http-with-port"),
    pytest.param(_button(url="tg://resolve?domain=newsdigest_bot"), id="tg"),
    pytest.param(_button(switch_inline_query_chosen_chat={"allow_user_chats": True}), id="switch-chosen-chat"),
    pytest.param({"inline_keyboard": []}, id="no-buttons"),
    pytest.param({"keyboard": [["Morocco", {"text": "Sport"}]]}, id="reply-keyboard"),
    pytest.param({"remove_keyboard": True}, id="remove-keyboard"),
    pytest.param({"force_reply": True}, id="force-reply"),
])
async def test_a_markup_telegram_accepts_is_sent(ptb: Bot, sandbox: RunningSandbox, markup: Any) -> None:
    response = await _call(sandbox, "sendMessage", text="Morocco", reply_markup=markup)
    assert response.status_code == 200, response.text


async def test_an_edit_takes_only_an_inline_keyboard(ptb: Bot, sandbox: RunningSandbox) -> None:
    sent = (await _call(sandbox, "sendMessage", text="Morocco")).json()["result"]
    response = await _call(sandbox, "editMessageReplyMarkup", message_id=sent["message_id"],
                           reply_markup={"keyboard": [["Morocco"]]})
    assert response.status_code == 400
    assert response.json()["description"] == "Bad Request: inline keyboard expected"
