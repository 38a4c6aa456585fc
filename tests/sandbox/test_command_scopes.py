"""setMyCommands (and get/delete) take a BotCommandScope Telegram knows and an ISO 639-1 language code, or none."""
from __future__ import annotations

from typing import Any

import httpx
import pytest
from telegram import Bot, BotCommandScopeAllPrivateChats, BotCommandScopeChatMember

from sandbox.client import SandboxClient
from sandbox.server import RunningSandbox
from tests.sandbox.conftest import TOKEN, USER

COMMANDS = [{"command": "morocco", "description": "News about Morocco"}]


async def _set_commands(sandbox: RunningSandbox, **params: Any) -> httpx.Response:
    async with httpx.AsyncClient() as http:
        return await http.post(f"{sandbox.api_base_url}{TOKEN}/setMyCommands", json={"commands": COMMANDS, **params})


@pytest.mark.parametrize("params", [
    pytest.param({"scope": {"type": "everyone"}}, id="unknown-scope-type"),
    pytest.param({"scope": {}}, id="scope-without-type"),
    pytest.param({"scope": [{"type": "default"}]}, id="scope-not-an-object"),
    pytest.param({"scope": {"type": "chat"}}, id="chat-scope-without-chat"),
    pytest.param({"scope": {"type": "chat", "chat_id": 987654}}, id="chat-scope-unknown-chat"),
    pytest.param({"scope": {"type": "chat_member", "chat_id": USER}}, id="member-scope-without-user"),
    pytest.param({"language_code": "eng"}, id="three-letters"),
    pytest.param({"language_code": "en-US"}, id="with-region"),
    pytest.param({"language_code": "EN"}, id="upper-case"),
    pytest.param({"language_code": "e1"}, id="digit"),
])
async def test_a_scope_or_language_telegram_does_not_know_is_refused(
    ptb: Bot, sandbox: RunningSandbox, params: dict[str, Any]
) -> None:
    response = await _set_commands(sandbox, **params)
    assert response.status_code == 400, response.text
    assert response.json()["description"].startswith("Bad Request: ")


async def test_commands_are_kept_per_valid_scope_and_language(ptb: Bot, sandbox_client: SandboxClient) -> None:
    group = await sandbox_client.create_chat("group", "Desk", by_user_id=USER)
    member = BotCommandScopeChatMember(group["id"], USER)
    assert await ptb.set_my_commands([("morocco", "Morocco")], scope=BotCommandScopeAllPrivateChats(), language_code="fr")
    assert await ptb.set_my_commands([("sport", "Sport")], scope=member)
    assert [c.command for c in await ptb.get_my_commands(scope=BotCommandScopeAllPrivateChats(), language_code="fr")] == ["morocco"]
    assert [c.command for c in await ptb.get_my_commands(scope=member)] == ["sport"]
    assert await ptb.get_my_commands() == ()


@pytest.mark.parametrize("commands, reason", [
    pytest.param([{"command": 42, "description": "The answer"}], 'Field "command" must be of type String', id="number-as-name"),
    pytest.param([{"command": "news", "description": ["Latest"]}], 'Field "description" must be of type String',
                 id="list-as-description"),
    pytest.param(["morocco"], "object expected", id="name-alone"),
    pytest.param([{"command": "news", "description": "Latest"}, {"command": "news", "description": "Again"}],
                 "BOT_COMMAND_INVALID", id="same-name-twice"),
])
async def test_a_command_list_telegram_cannot_read_is_refused(
    ptb: Bot, sandbox: RunningSandbox, commands: list[Any], reason: str
) -> None:
    async with httpx.AsyncClient() as http:
        response = await http.post(f"{sandbox.api_base_url}{TOKEN}/setMyCommands", json={"commands": commands})
    assert response.status_code == 400, response.text
    assert response.json()["description"].startswith("Bad Request: ") and reason in response.json()["description"]
    assert await ptb.get_my_commands() == ()
