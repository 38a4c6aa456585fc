"""getUpdates reads `limit` as Telegram does: absent is 100, anything else is held to 1..100."""
from __future__ import annotations

import httpx
import pytest
from telegram import Bot

from sandbox.client import SandboxClient
from sandbox.server import RunningSandbox
from tests.sandbox.conftest import TOKEN, USER


async def _updates(sandbox: RunningSandbox, **params: int) -> list[dict]:
    async with httpx.AsyncClient() as http:
        response = await http.post(f"{sandbox.api_base_url}{TOKEN}/getUpdates", json=params)
    assert response.status_code == 200
    return response.json()["result"]


@pytest.mark.parametrize(("limit", "returned"), [
    pytest.param(0, 1, id="zero-is-one"),
    pytest.param(-5, 1, id="negative-is-one"),
    pytest.param(2, 2, id="in-range"),
])
async def test_limit_out_of_range_is_held_to_one_to_a_hundred(
    ptb: Bot, sandbox: RunningSandbox, sandbox_client: SandboxClient, limit: int, returned: int
) -> None:
    for text in ("one", "two", "three"):
        await sandbox_client.send_message(USER, text, user_id=USER)
    assert len(await _updates(sandbox, limit=limit, timeout=0)) == returned


async def test_limit_over_a_hundred_gives_a_hundred(ptb: Bot, sandbox: RunningSandbox, sandbox_client: SandboxClient) -> None:
    for n in range(101):
        await sandbox_client.send_message(USER, f"message {n}", user_id=USER)
    assert len(await _updates(sandbox, limit=1000, timeout=0)) == 100
    assert len(await _updates(sandbox, timeout=0)) == 100  # no limit: Telegram's default, 100
