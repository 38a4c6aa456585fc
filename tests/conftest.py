"""Shared fixtures: a real sandbox over HTTP, real SQLite files, a manual clock, and the real bot.

Every fixture that starts something stops it. Settings are cleared from the environment so a
developer's token can never reach a test, and connections to non-local hosts fail the test.
"""
from __future__ import annotations

import asyncio
import ipaddress
import math
import os
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot import build_application, start_app, stop_app
from clock import ManualClock
from handlers.context import App
from sandbox.client import SandboxClient
from sandbox.server import RunningSandbox, start_sandbox
from settings import Settings
from storage import Database, open_database

FIXTURES = Path(__file__).parent / "fixtures"
TEST_TOKEN = "123456:TEST-token_for-the-sandbox"
ADMIN_ID = 9001
START = datetime(2026, 11, 25, 6, 0, tzinfo=timezone.utc)

_SETTING_NAMES = {name.upper() for name in Settings.model_fields}


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name in _SETTING_NAMES or name.startswith("TELEGRAM_"):
            monkeypatch.delenv(name)


_real_connect = socket.socket.connect


def _local_only_connect(self: socket.socket, address: object) -> object:
    host = address[0] if isinstance(address, tuple) else None
    if isinstance(host, str):
        try:
            local = ipaddress.ip_address(host).is_loopback
        except ValueError:
            local = host == "localhost"
        if not local:
            raise AssertionError(f"test tried to reach a non-local host: {host}")
    return _real_connect(self, address)


_real_getaddrinfo = socket.getaddrinfo


def _local_only_getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
    """Addresses and "localhost" as usual; any other name has no such host, as it would on a machine without
    a DNS server, rather than a query leaving this one (.invalid names in tests, a feed's host)."""
    if isinstance(host, bytes):
        host = host.decode("idna")
    if isinstance(host, str) and host != "localhost":
        try:
            ipaddress.ip_address(host)
        except ValueError:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
    return _real_getaddrinfo(host, *args, **kwargs)


@pytest.fixture(autouse=True)
def no_external_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _local_only_connect)
    monkeypatch.setattr(socket, "getaddrinfo", _local_only_getaddrinfo)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await open_database(tmp_path / "newsdigest.db")
    yield database
    await database.close()


@pytest.fixture
async def sandbox() -> AsyncIterator[RunningSandbox]:
    running = await start_sandbox()
    # Telegram's flood limits hold, in real time as the bot paces them, but for one: the bot's pacing of a private
    # chat is off in tests (private_chat_interval=0.0 below, for speed), so the sandbox's is too.
    running.state.limits.private_per_second = math.inf
    yield running
    await running.close()


@pytest.fixture
async def sandbox_client(sandbox: RunningSandbox) -> AsyncIterator[SandboxClient]:
    async with SandboxClient(sandbox.url) as client:
        yield client


@pytest.fixture
def settings(tmp_path: Path, sandbox: RunningSandbox) -> Settings:
    return Settings(
        _env_file=None,
        telegram_bot_token=TEST_TOKEN,
        telegram_api_base_url=sandbox.url,
        database_path=tmp_path / "newsdigest.db",
        admin_user_ids=frozenset({ADMIN_ID}),
        default_timezone="UTC",
        poll_feeds=False,
        private_chat_interval=0.0,  # flood pacing is real time; the delivery tests set it themselves
    )


@dataclass
class RunningBot:
    app: App
    db: Database
    clock: ManualClock

    async def stop(self) -> None:
        await stop_app(self.app)


BotFactory = Callable[..., Awaitable[RunningBot]]


@pytest.fixture
async def start_bot(settings: Settings, db: Database, clock: ManualClock) -> AsyncIterator[BotFactory]:
    """Start the real bot against the sandbox (call again after stop() to restart it)."""
    running: list[RunningBot] = []

    async def factory(**overrides: object) -> RunningBot:
        bot_settings = settings.model_copy(update=overrides) if overrides else settings
        app = build_application(bot_settings, db, clock)
        await start_app(app, poll_timeout=1)
        bot = RunningBot(app, db, clock)
        running.append(bot)
        return bot

    yield factory
    for bot in running:
        if bot.app.running:
            await bot.stop()


@pytest.fixture
async def bot(start_bot: BotFactory) -> RunningBot:
    return await start_bot()


async def wait_until(predicate: Callable[[], Awaitable[bool]], timeout: float = 10.0) -> None:
    """Poll an async condition until it holds (never a fixed sleep)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not await predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("condition not met in time")
        await asyncio.sleep(0.02)


async def new_group(client: SandboxClient, title: str) -> dict:
    """A group with the bot in it, once the bot's welcome has arrived (so it is not taken for a reply)."""
    group = await client.create_chat("group", title)
    await client.wait_for_bot_messages(group["id"], 1)
    return group
