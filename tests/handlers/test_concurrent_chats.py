"""One chat's slow request does not hold the others: an admin's pasted link being fetched, or a reply
waiting out a flood pause, leaves every other chat answered at once; within one chat, replies keep the
order of the messages."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timezone

import pytest
from aiohttp import web
from telegram import Chat, Message, Update

from clock import ManualClock
from handlers.updates import PerChatUpdateProcessor
from sandbox.client import SandboxClient
from tests.conftest import ADMIN_ID, BotFactory, RunningBot
from tests.handlers.test_subscribe import ask

READER = 611
OTHER_READER = 612
PAUSE = 37  # seconds on the bot's clock; no other timer of the bot (5, 30, 60, 3600 s) ends then


class SlowPage:
    """A news page that answers only when the test lets it."""

    def __init__(self) -> None:
        self.requested, self.release = asyncio.Event(), asyncio.Event()
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        self.requested.set()
        await self.release.wait()
        return web.Response(content_type="text/html", text=(
            "<html><head><title>Morocco wins bid to co-host World Cup</title></head><body>"
            "<p>Morocco will co-host the 2030 World Cup with Spain and Portugal, FIFA said on Wednesday.</p></body></html>"))


@pytest.fixture
async def slow_page() -> AsyncIterator[SlowPage]:
    page = SlowPage()
    app = web.Application()
    app.router.add_get("/story", page.handle)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    page.url = f"http://127.0.0.1:{runner.addresses[0][1]}/story"
    yield page
    page.release.set()
    await runner.cleanup()


async def test_readers_are_answered_while_an_admins_link_is_fetched(
    start_bot: BotFactory, sandbox_client: SandboxClient, slow_page: SlowPage
) -> None:
    await start_bot(allow_private_feed_hosts=True)
    await sandbox_client.create_user(ADMIN_ID, "Editor")
    await sandbox_client.create_user(READER, "Reader")
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {slow_page.url}", user_id=ADMIN_ID)
    await slow_page.requested.wait()

    reply = await ask(sandbox_client, "/help", chat_id=READER, user_id=READER)
    assert "/subscribe" in reply["text"]
    assert await sandbox_client.bot_messages(ADMIN_ID) == []  # the page is still loading

    slow_page.release.set()
    preview, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    assert "Morocco wins bid to co-host World Cup" in preview["text"] and "Recipients" in control["text"]


async def test_replies_in_one_chat_keep_the_order_of_its_messages(
    start_bot: BotFactory, sandbox_client: SandboxClient, slow_page: SlowPage
) -> None:
    await start_bot(allow_private_feed_hosts=True)
    await sandbox_client.create_user(ADMIN_ID, "Editor")
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {slow_page.url}", user_id=ADMIN_ID)
    await slow_page.requested.wait()
    await sandbox_client.send_message(ADMIN_ID, "/help", user_id=ADMIN_ID)  # sent while the page loads

    slow_page.release.set()
    preview, control, help_reply = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 3)
    assert preview["text"].startswith("🚨 Breaking") and "Recipients" in control["text"]
    assert "/subscribe" in help_reply["text"]


async def test_a_button_tap_is_answered_while_a_flood_pause_holds_replies(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    for chat_id in (READER, OTHER_READER):
        await sandbox_client.create_user(chat_id, f"Reader {chat_id}")
    settings = await ask(sandbox_client, "/settings", chat_id=OTHER_READER, user_id=OTHER_READER)
    button = settings["reply_markup"]["inline_keyboard"][0][0]["callback_data"]

    await sandbox_client.inject_fault(error=429, retry_after=PAUSE, method="sendMessage", chat_id=READER)
    await sandbox_client.send_message(READER, "/help", user_id=READER)  # its reply draws the 429: the bot pauses
    query = await sandbox_client.click(OTHER_READER, settings["message_id"], button, user_id=OTHER_READER)
    assert await sandbox_client.wait_for_callback_answer(query) is not None  # answered during the pause
    assert await sandbox_client.bot_messages(READER) == []

    clock.advance(PAUSE)
    [reply] = await sandbox_client.wait_for_bot_messages(READER, 1)
    assert "/subscribe" in reply["text"]


async def test_a_chat_with_many_waiting_updates_does_not_hold_the_others() -> None:
    """Handlers that may run at once are few; updates queued behind their own chat do not use them up."""
    processor = PerChatUpdateProcessor(max_running=2)
    busy, quiet = Chat(id=-100, type="supergroup"), Chat(id=7, type="private")
    release = asyncio.Event()
    handled: list[int] = []

    async def handler(chat: Chat, number: int) -> None:
        if chat is busy:
            await release.wait()  # a reply waiting for the group's turn
        handled.append(number)

    def update(number: int, chat: Chat) -> Update:
        return Update(number, message=Message(number, datetime(2026, 11, 25, tzinfo=timezone.utc), chat, text="/help"))

    waiting = [asyncio.create_task(processor.process_update(update(n, busy), handler(busy, n))) for n in range(1, 6)]
    await asyncio.wait_for(processor.process_update(update(6, quiet), handler(quiet, 6)), timeout=5)
    assert handled == [6]
    release.set()
    await asyncio.gather(*waiting)
    assert handled == [6, 1, 2, 3, 4, 5]  # the busy chat's, in the order they came
