"""A send that replies names a message in its chat; Telegram refuses one it cannot find unless told to go anyway."""
from __future__ import annotations

from typing import Any

import httpx
import pytest
from telegram import Bot, ReplyParameters
from telegram.error import BadRequest

from sandbox.client import SandboxClient
from sandbox.server import RunningSandbox
from tests.sandbox.conftest import TOKEN, USER


async def _send(sandbox: RunningSandbox, **params: Any) -> httpx.Response:
    async with httpx.AsyncClient() as http:
        return await http.post(f"{sandbox.api_base_url}{TOKEN}/sendMessage", json={"chat_id": USER, "text": "Re", **params})


async def test_a_reply_to_a_missing_message_is_refused(ptb: Bot, sandbox_client: SandboxClient) -> None:
    group = await sandbox_client.create_chat("group", "Desk", by_user_id=USER)
    for text in ("/morocco", "/help", "/latest"):
        elsewhere = await sandbox_client.send_message(group["id"], text, user_id=USER)
    assert elsewhere["message_id"] > len(await sandbox_client.messages(USER))  # the group's, not in USER's chat
    for message_id in (9999, elsewhere["message_id"]):
        with pytest.raises(BadRequest, match="(?i)^message to be replied not found$"):
            await ptb.send_message(USER, "Re", reply_parameters=ReplyParameters(message_id))


async def test_a_reply_to_a_message_of_the_chat_goes_through(ptb: Bot, sandbox_client: SandboxClient) -> None:
    said = await sandbox_client.send_message(USER, "/morocco", user_id=USER)
    sent = await ptb.send_message(USER, "Morocco", reply_parameters=ReplyParameters(said["message_id"]))
    assert sent.text == "Morocco"


@pytest.mark.parametrize(("params", "status"), [
    pytest.param({"reply_to_message_id": 9999}, 400, id="legacy-reply-to-missing"),
    pytest.param({"reply_to_message_id": 9999, "allow_sending_without_reply": True}, 200, id="legacy-allowed-without-reply"),
    pytest.param({"reply_parameters": {"message_id": 9999}}, 400, id="reply-parameters-to-missing"),
    pytest.param({"reply_parameters": {"message_id": 9999, "allow_sending_without_reply": True}}, 200,
                 id="reply-parameters-allowed-without-reply"),
])
async def test_allow_sending_without_reply_lets_a_missing_reply_go(
    ptb: Bot, sandbox: RunningSandbox, params: dict[str, Any], status: int
) -> None:
    response = await _send(sandbox, **params)
    assert response.status_code == status
    if status == 400:
        assert response.json()["description"] == "Bad Request: message to be replied not found"
