"""A request Telegram cannot read is a 400 in Telegram's error shape, never a server error.

Python's json module accepts a lone UTF-16 surrogate ("\\ud83d", half an emoji) that no UTF-8 string can hold;
Telegram refuses such strings, so the sandbox must too rather than crash on them.
"""
from __future__ import annotations

from typing import Any

import httpx
import pytest
from telegram import Bot

from sandbox.server import RunningSandbox
from tests.sandbox.conftest import TOKEN, USER

JSON = {"content-type": "application/json"}
FORM = {"content-type": "application/x-www-form-urlencoded"}


def _raw(template: bytes) -> bytes:
    """The body with USER (who has started the bot) as its chat, so only the malformed part can be refused."""
    return template.replace(b"USER", str(USER).encode())


@pytest.mark.parametrize(
    "request_args",
    [
        pytest.param({"content": _raw(b'{"chat_id": USER, "text": "\\ud83d"}'), "headers": JSON}, id="lone-surrogate-in-text"),
        pytest.param({"content": _raw(b'{"chat_id": USER, "text": "x", "reply_markup": {"inline_keyboard": '
                                      b'[[{"text": "\\udc00", "callback_data": "a"}]]}}'), "headers": JSON},
                     id="lone-surrogate-in-a-button"),
        pytest.param({"data": {"chat_id": str(USER), "text": "x", "reply_markup":
                               '{"inline_keyboard": [[{"text": "\\ud83d", "callback_data": "a"}]]}'}},
                     id="lone-surrogate-in-a-form-fields-json"),
        pytest.param({"content": _raw(b'{"chat_id": USER, "text": "\xff"}'), "headers": JSON}, id="json-not-utf8"),
        pytest.param({"content": _raw(b'{"chat_id": USER,'), "headers": JSON}, id="json-cut-off"),
        pytest.param({"content": b'["x"]', "headers": JSON, "query": f"chat_id={USER}&text=x"}, id="json-not-an-object"),
        pytest.param({"content": b'{"chat_id": 1e400, "text": "x"}', "headers": JSON}, id="number-out-of-range"),
        pytest.param({"content": _raw(b"chat_id=USER&text=\xff"), "headers": FORM}, id="form-not-utf8"),
        pytest.param({"content": _raw(b"chat_id=USER&text=%ED%A0%BD"), "headers": FORM}, id="form-escapes-not-utf8"),
        pytest.param({"content": b"garbage", "headers": {"content-type": "multipart/form-data"}}, id="multipart-no-boundary"),
        pytest.param({"content": b"garbage", "headers": {"content-type": "multipart/form-data; boundary=zz"}},
                     id="multipart-garbage"),
        pytest.param({"query": f"chat_id={USER}&text=%ED%A0%BD"}, id="query-escapes-not-utf8"),
    ],
)
async def test_a_request_telegram_cannot_read_is_a_bad_request(
    ptb: Bot, sandbox: RunningSandbox, request_args: dict[str, Any]
) -> None:
    url = f"{sandbox.api_base_url}{TOKEN}/sendMessage?{request_args.pop('query', '')}"
    async with httpx.AsyncClient() as http:
        response = await http.post(url, **request_args)
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and body["error_code"] == 400
    assert body["description"].startswith("Bad Request: ")


async def test_half_an_emoji_is_refused_as_telegram_words_it(ptb: Bot, sandbox: RunningSandbox) -> None:
    async with httpx.AsyncClient() as http:
        half = await http.post(f"{sandbox.api_base_url}{TOKEN}/sendMessage", headers=JSON,
                               content=_raw(b'{"chat_id": USER, "text": "news \\ud83d"}'))
        whole = await http.post(f"{sandbox.api_base_url}{TOKEN}/sendMessage", headers=JSON,
                                content=_raw(b'{"chat_id": USER, "text": "news \\ud83d\\ude00"}'))
    assert half.json() == {"ok": False, "error_code": 400, "description": "Bad Request: strings must be encoded in UTF-8"}
    assert whole.status_code == 200 and whole.json()["result"]["text"] == "news \U0001F600"


@pytest.mark.parametrize(
    ("method", "body"),
    [
        pytest.param("sendChatAction", {"chat_id": USER, "action": ["typing"]}, id="action-not-a-string"),
        pytest.param("getUpdates", {"allowed_updates": 5}, id="allowed-updates-not-an-array"),
        pytest.param("getUpdates", {"allowed_updates": [["message"]]}, id="allowed-update-not-a-string"),
        pytest.param("sendMessage", {"chat_id": float(USER), "text": "x"}, id="chat-id-a-float"),
        pytest.param("getUpdates", {"limit": 1.5}, id="limit-a-float"),
        pytest.param("getUpdates", {"timeout": True}, id="timeout-a-boolean"),
        pytest.param("getUpdates", {"offset": "1_0"}, id="offset-with-an-underscore"),
        pytest.param("sendMessage", {"chat_id": f" {USER}", "text": "x"}, id="chat-id-with-a-space"),
    ],
)
async def test_a_parameter_of_the_wrong_type_is_a_bad_request(
    ptb: Bot, sandbox: RunningSandbox, method: str, body: dict[str, Any]
) -> None:
    async with httpx.AsyncClient() as http:
        response = await http.post(f"{sandbox.api_base_url}{TOKEN}/{method}", json=body)
    assert response.status_code == 400
    assert response.json()["description"].startswith("Bad Request: ")
