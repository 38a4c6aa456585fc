"""The sandbox tests' world: PTB's Bot on the sandbox, and a user who has started it."""
from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot

from sandbox.client import SandboxClient
from sandbox.server import RunningSandbox

TOKEN = "4242:sandbox-test"
USER = 11


@pytest.fixture
async def ptb(sandbox: RunningSandbox, sandbox_client: SandboxClient) -> AsyncIterator[Bot]:
    """PTB's Bot on the sandbox; USER (Ada) has written to it, so it may write to her."""
    await sandbox_client.create_user(USER, "Ada")
    await sandbox_client.send_message(USER, "hello", user_id=USER)
    async with Bot(TOKEN, base_url=sandbox.api_base_url) as bot:
        yield bot
