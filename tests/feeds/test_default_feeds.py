"""/defaultfeeds suggests well-known feeds with a ➕ button each and ➕ Add all: a command in a message sends only
"/addfeed" when tapped, so "send a line to add it" asked the admin to type the address. The feeds are added unread
(never fetched by the tests), for the poller."""
from __future__ import annotations

import json

import pytest

from handlers.feeds import DEFAULT_FEEDS
from sandbox.client import SandboxClient
from storage import feeds as feed_store
from tests.conftest import ADMIN_ID, BotFactory, RunningBot
from tests.feeds.test_feed_remove import _question, _tap
from tests.handlers.test_subscribe import buttons

READER = 556
SUGGESTED = json.loads(DEFAULT_FEEDS.read_text(encoding="utf-8"))


@pytest.fixture
async def admin_bot(start_bot: BotFactory, sandbox_client: SandboxClient) -> RunningBot:
    bot = await start_bot()
    await sandbox_client.create_user(id=ADMIN_ID, first_name="Admin")
    await sandbox_client.create_user(id=READER, first_name="Reader")
    return bot


async def test_each_suggested_feed_has_a_button_that_adds_it_and_says_so(
    admin_bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    message = await _question(sandbox_client, "/defaultfeeds")
    first = SUGGESTED[0]
    assert message["text"].startswith(f"Suggested feeds: tap ➕ below to add one, or all\n\n{first['name']}\n"
                                      f"/addfeed {first['url']} {first['name']}")
    assert [b["text"] for b in buttons(message)] == [f"➕ Add {d['name']}" for d in SUGGESTED] + [
        f"➕ Add all {len(SUGGESTED)}"]

    answer = await _tap(sandbox_client, message, f"➕ Add {first['name']}")
    assert answer["text"] == f"➕ Added #1 {first['name']}: I'll poll it within a minute (/feeds)."
    [feed] = await feed_store.list_feeds(admin_bot.db)
    assert (feed.url, feed.name, feed.added_by) == (first["url"], first["name"], ADMIN_ID)
    again = await _tap(sandbox_client, message, f"➕ Add {first['name']}")
    assert again["text"] == "That feed is already in the list as #1: /feeds shows how it is doing."


async def test_add_all_adds_those_not_listed_and_counts_the_rest(
    admin_bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    await feed_store.add_feed(admin_bot.db, SUGGESTED[1]["url"].replace("https://", "http://"), "Mine", None,
                              ADMIN_ID, admin_bot.clock.now())
    message = await _question(sandbox_client, "/defaultfeeds")
    answer = await _tap(sandbox_client, message, "➕ Add all")
    count = len(SUGGESTED)
    assert answer["text"] == (f"➕ Added {count - 1} feeds (#2 to #{count}): I'll poll them within a minute (/feeds). "
                              "1 was already in the list.")
    assert answer["show_alert"] is True
    assert len(await feed_store.list_feeds(admin_bot.db)) == count
    assert (await _tap(sandbox_client, message, "➕ Add all"))["text"] == (
        f"All {count} are already in the list: /feeds shows them.")


async def test_a_readers_tap_adds_nothing(admin_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    message = await _question(sandbox_client, "/defaultfeeds")
    answer = await _tap(sandbox_client, message, "➕ Add all", user_id=READER)
    assert answer["text"] == "Only admins can add feeds."
    assert await feed_store.list_feeds(admin_bot.db) == []
