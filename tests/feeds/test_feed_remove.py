"""/removefeed names the feeds that would go and removes them only once 🗑 Remove is tapped; the message then gives
the /addfeed that adds each again. An old button never removes a feed that took a freed number."""
from __future__ import annotations

import pytest

from sandbox.client import SandboxClient
from storage import feeds as feed_store
from tests.conftest import ADMIN_ID, BotFactory, RunningBot
from tests.feeds.conftest import FeedServer
from tests.handlers.test_subscribe import buttons, message_now

READER = 555


@pytest.fixture
async def admin_bot(start_bot: BotFactory, sandbox_client: SandboxClient) -> RunningBot:
    bot = await start_bot(allow_private_feed_hosts=True)
    await sandbox_client.create_user(id=ADMIN_ID, first_name="Admin")
    return bot


async def _question(client: SandboxClient, text: str) -> dict:
    before = len(await client.bot_messages(ADMIN_ID))
    await client.send_message(chat_id=ADMIN_ID, user_id=ADMIN_ID, text=text)
    return (await client.wait_for_bot_messages(ADMIN_ID, count=before + 1))[before]


async def _tap(client: SandboxClient, message: dict, label: str, user_id: int = ADMIN_ID) -> dict:
    [data] = [b["callback_data"] for b in buttons(message) if b["text"].startswith(label)]
    assert len(data.encode()) <= 64
    return await client.wait_for_callback_answer(await client.click(ADMIN_ID, message["message_id"], data,
                                                                    user_id=user_id))


async def _edited(client: SandboxClient, message: dict) -> dict:
    async def changed() -> bool:
        return (await message_now(client, ADMIN_ID, message["message_id"])).get("edit_count", 0) > 0
    await client.wait_for(changed)
    return await message_now(client, ADMIN_ID, message["message_id"])


async def _add(bot: RunningBot, url: str, name: str, country: str | None = None) -> None:
    await feed_store.add_feed(bot.db, url, name, country, ADMIN_ID, bot.clock.now())


async def test_removefeed_names_the_feed_and_removes_it_only_when_remove_is_tapped(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    url = feed_server.feed("morocco.xml")
    await _add(admin_bot, url, "Fresh Wire & Co", "MA")
    question = await _question(sandbox_client, "/removefeed 1")
    assert question["text"] == (f"Remove feed #1 Fresh Wire & Co?\n{url}\n\nI'll stop polling it and forget which items "
                                "it delivered; the stories it brought stay. To stop it for a while: /pausefeed 1")
    assert [b["text"] for b in buttons(question)] == ["🗑 Remove #1", "Keep it"]
    assert len(await feed_store.list_feeds(admin_bot.db)) == 1  # nothing goes before the tap

    assert (await _tap(sandbox_client, question, "🗑"))["text"] == "🗑 Removed."
    done = await _edited(sandbox_client, question)
    assert done["text"] == (f"🗑 Removed feed #1 Fresh Wire & Co.\n\nThe stories stay. To add it again:\n"
                            f"/addfeed {url} Fresh Wire & Co country=MA")
    assert buttons(done) == []
    assert await feed_store.list_feeds(admin_bot.db) == []


async def test_keep_it_removes_nothing(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    await _add(admin_bot, feed_server.feed("morocco.xml"), "Quake Wire")
    question = await _question(sandbox_client, "/removefeed 1")
    assert (await _tap(sandbox_client, question, "Keep"))["text"] == "Nothing removed."
    assert (await _edited(sandbox_client, question))["text"] == "Nothing removed; /feeds lists them all."
    assert len(await feed_store.list_feeds(admin_bot.db)) == 1


async def test_several_feeds_are_named_and_removed_with_one_tap(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    for name in ("Quake Wire", "Desert Wire", "Coast Wire"):
        await _add(admin_bot, feed_server.feed(f"{name.split()[0].lower()}.xml"), name)
    question = await _question(sandbox_client, "/removefeed 1 2 9")
    assert question["text"].startswith("Remove these 2 feeds?\n#1 Quake Wire\n#2 Desert Wire\n\n")
    assert question["text"].endswith("\n\nThere is no feed #9 (see /feeds).")
    assert (await _tap(sandbox_client, question, "🗑 Remove 2 feeds"))["text"] == "🗑 Removed 2 feeds."
    assert (await _edited(sandbox_client, question))["text"].startswith(
        "🗑 Removed feed #1 Quake Wire.\n🗑 Removed feed #2 Desert Wire.\n\nThe stories stay. To add them again:\n")
    assert [f.name for f in await feed_store.list_feeds(admin_bot.db)] == ["Coast Wire"]


async def test_an_old_remove_button_never_removes_the_feed_that_took_its_number(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    await _add(admin_bot, feed_server.feed("morocco.xml"), "Quake Wire")
    first = await _question(sandbox_client, "/removefeed 1")
    second = await _question(sandbox_client, "/removefeed 1")
    await _tap(sandbox_client, first, "🗑")
    await _add(admin_bot, feed_server.feed("other.xml"), "New Wire")  # takes number 1 again
    answer = await _tap(sandbox_client, second, "🗑")
    assert answer["text"].startswith("The feed list changed since I asked, so I removed nothing")
    assert [f.name for f in await feed_store.list_feeds(admin_bot.db)] == ["New Wire"]


async def test_only_an_admin_can_remove(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    await _add(admin_bot, feed_server.feed("morocco.xml"), "Quake Wire")
    question = await _question(sandbox_client, "/removefeed 1")
    assert (await _tap(sandbox_client, question, "🗑", user_id=READER))["text"] == "Only admins can remove feeds."
    assert len(await feed_store.list_feeds(admin_bot.db)) == 1
