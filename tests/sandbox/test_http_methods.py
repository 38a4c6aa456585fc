"""Bot API methods are called with GET or POST; any other HTTP method is refused, not served as a call."""
from __future__ import annotations

import httpx
import pytest
from telegram import Bot

from sandbox.client import SandboxClient
from sandbox.server import RunningSandbox
from tests.sandbox.conftest import TOKEN, USER


@pytest.mark.parametrize("http_method", ["PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"])
async def test_a_call_with_another_http_method_is_refused(
    ptb: Bot, sandbox: RunningSandbox, sandbox_client: SandboxClient, http_method: str
) -> None:
    before = await sandbox_client.messages(USER)
    async with httpx.AsyncClient() as http:
        response = await http.request(http_method, f"{sandbox.api_base_url}{TOKEN}/sendMessage",
                                      params={"chat_id": USER, "text": "Digest"})
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, POST"
    if http_method != "HEAD":
        assert response.json() == {"ok": False, "error_code": 405, "description": "Method Not Allowed"}
    assert await sandbox_client.messages(USER) == before  # nothing was sent


async def test_get_and_post_are_served(ptb: Bot, sandbox: RunningSandbox) -> None:
    async with httpx.AsyncClient() as http:
        for http_method in ("GET", "POST"):
            response = await http.request(http_method, f"{sandbox.api_base_url}{TOKEN}/getMe")
            assert response.status_code == 200 and response.json()["ok"] is True
