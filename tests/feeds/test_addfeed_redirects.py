"""A feed reached through a redirect is one feed: /addfeed checks the address it leads to for duplicates and stores a
permanent redirect's target, as the poller would; a listed feed whose permanent redirect comes to lead to another
feed's address is marked as its copy and no longer polled, and the admins are told so once. Nothing leaves the local
feed server."""
from __future__ import annotations

import pytest

from feeds.fetch import Fetcher
from feeds.poller import poll_due_feeds
from sandbox.client import SandboxClient
from storage import feeds as feed_store
from tests.conftest import ADMIN_ID, BotFactory, RunningBot
from tests.feeds.conftest import FeedServer
from tests.feeds.test_feed_admin import _ask
from tests.feeds.test_feed_check import notices_sent

COPY_NOTICE = "↪️ Feeds that became copies of another"


@pytest.fixture
async def admin_bot(start_bot: BotFactory, sandbox_client: SandboxClient) -> RunningBot:
    bot = await start_bot(allow_private_feed_hosts=True)
    await sandbox_client.create_user(id=ADMIN_ID, first_name="Admin")
    return bot


async def _urls(bot: RunningBot) -> list[str]:
    return [f.url for f in await feed_store.list_feeds(bot.db)]


async def test_an_address_that_redirects_to_a_listed_feed_is_named_as_already_in_the_list(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    target = feed_server.feed("morocco.xml")
    assert (await _ask(sandbox_client, f"/addfeed {target} Quake Wire")).startswith("Added feed #1 Quake Wire")
    assert await _ask(sandbox_client, f"/addfeed {feed_server.url}/moved/morocco.xml") == (
        f"That address has moved to {target}. "
        "That feed is already in the list as #1 Quake Wire; /feeds shows how it is doing.")
    assert await _urls(admin_bot) == [target]


async def test_a_feed_added_through_a_permanent_redirect_is_stored_at_its_new_address(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    """So that the address it moved to, typed later, is found listed before the poller has moved it."""
    target = feed_server.feed("morocco.xml")
    reply = await _ask(sandbox_client, f"/addfeed {feed_server.url}/moved/morocco.xml Quake Wire")
    assert reply.startswith(f"That address has moved to {target}. Added feed #1 Quake Wire")
    assert await _urls(admin_bot) == [target]
    assert (await _ask(sandbox_client, f"/addfeed {target}")) == (
        "That feed is already in the list as #1 Quake Wire; /feeds shows how it is doing.")


async def test_a_feed_that_comes_to_redirect_to_another_feeds_address_is_flagged_and_polled_no_more(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer, fetcher: Fetcher
) -> None:
    """Feed #2 was added while its address served a feed of its own; now it redirects to #1's. Only #1 is polled
    until the admin removes one: removing #1 lets #2 be polled again, and it moves to the address now free."""
    target, moved = feed_server.feed("morocco.xml"), f"{feed_server.url}/moved/morocco.xml"
    await _ask(sandbox_client, f"/addfeed {target} Quake Wire")
    await feed_store.add_feed(admin_bot.db, moved, "Old Wire", None, ADMIN_ID, admin_bot.clock.now())
    settings = admin_bot.app.bot_data.settings
    report = await poll_due_feeds(admin_bot.db, fetcher, admin_bot.clock.now(), settings)
    assert report.succeeded == 2 and await _urls(admin_bot) == [target, moved]
    listing = await _ask(sandbox_client, "/feeds")
    assert "#2 Old Wire ↪️ not polled" in listing
    assert "#2 now redirects to #1's address: /removefeed 2 (#1 brings its items)" in listing.split("\n")
    for _ in range(3):
        admin_bot.clock.advance(hours=6)
        report = await poll_due_feeds(admin_bot.db, fetcher, admin_bot.clock.now(), settings)
        assert report.polled == 1
    # /f/: /addfeed's fetch, the first round's two polls (#1's and #2's through its redirect), then one a round.
    assert feed_server.hits["/moved/morocco.xml"] == 1 and feed_server.hits["/f/morocco.xml"] == 1 + 2 + 3

    await feed_store.remove_feed(admin_bot.db, 1)  # as /removefeed's 🗑 Remove does (test_feed_remove.py)
    report = await poll_due_feeds(admin_bot.db, fetcher, admin_bot.clock.now(), settings)
    assert report.succeeded == 1 and await _urls(admin_bot) == [target]
    assert "now redirects" not in await _ask(sandbox_client, "/feeds")


async def _notices(bot: RunningBot, client: SandboxClient, start: str) -> list[str]:
    """The admin's messages starting with `start`, once every notice queued has gone out."""
    await notices_sent(bot)
    return [m["text"] for m in await client.bot_messages(ADMIN_ID) if m["text"].startswith(start)]


async def test_admins_are_told_once_that_a_feed_became_a_copy_of_another(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer, fetcher: Fetcher
) -> None:
    """Not only in /feeds: the notice names the copy, the feed it copies and the /removefeed that ends it."""
    target, moved = feed_server.feed("morocco.xml"), f"{feed_server.url}/moved/morocco.xml"
    await _ask(sandbox_client, f"/addfeed {target} Quake Wire")
    await feed_store.add_feed(admin_bot.db, moved, "Old <Wire>", None, ADMIN_ID, admin_bot.clock.now())
    settings = admin_bot.app.bot_data.settings
    await poll_due_feeds(admin_bot.db, fetcher, admin_bot.clock.now(), settings)
    [notice] = await _notices(admin_bot, sandbox_client, COPY_NOTICE)
    assert notice.split("\n")[-3:] == ["#2 Old <Wire> now redirects to #1 Quake Wire's address: /removefeed 2", "",
                                        "/feeds"]
    assert "remove the other feed to keep the copy" in notice
    for _ in range(2):
        admin_bot.clock.advance(hours=6)
        await poll_due_feeds(admin_bot.db, fetcher, admin_bot.clock.now(), settings)
    assert len(await _notices(admin_bot, sandbox_client, COPY_NOTICE)) == 1
