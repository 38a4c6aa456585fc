"""/addfeed knows a feed already in the list when it is typed another way: http for https, another case of host,
a trailing slash, a default port. What the admin typed is kept as the address to fetch. Nothing leaves 127.0.0.1:
hosts are the local feed server or .invalid names, which resolve nowhere."""
from __future__ import annotations

import pytest

from sandbox.client import SandboxClient
from storage import feeds as feed_store
from tests.conftest import ADMIN_ID, BotFactory, RunningBot
from tests.feeds.conftest import FeedServer
from tests.feeds.test_feed_admin import _ask

ALREADY = "That feed is already in the list as #1 Quake Wire; /feeds shows how it is doing."


@pytest.fixture
async def admin_bot(start_bot: BotFactory, sandbox_client: SandboxClient) -> RunningBot:
    bot = await start_bot(allow_private_feed_hosts=True)
    await sandbox_client.create_user(id=ADMIN_ID, first_name="Admin")
    return bot


@pytest.mark.parametrize("typed", [
    pytest.param("http://news.wire.invalid/rss", id="http-for-https"),
    pytest.param("https://NEWS.Wire.invalid/rss", id="host-case"),
    pytest.param("https://news.wire.invalid/rss/", id="trailing-slash"),
    pytest.param("HTTPS://news.wire.invalid:443/rss#top", id="scheme-case-default-port-fragment"),
])
async def test_a_feed_typed_another_way_is_named_as_already_in_the_list(
    admin_bot: RunningBot, sandbox_client: SandboxClient, typed: str
) -> None:
    await feed_store.add_feed(admin_bot.db, "https://News.Wire.invalid/rss", "Quake Wire", None, ADMIN_ID,
                              admin_bot.clock.now())
    assert await _ask(sandbox_client, f"/addfeed {typed} Other Name") == ALREADY
    assert [f.url for f in await feed_store.list_feeds(admin_bot.db)] == ["https://News.Wire.invalid/rss"]


async def test_an_address_typed_without_scheme_is_matched_too(
    admin_bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    await feed_store.add_feed(admin_bot.db, "http://news.wire.invalid/rss/", "Quake Wire", None, ADMIN_ID,
                              admin_bot.clock.now())
    assert await _ask(sandbox_client, "/addfeed News.Wire.invalid/rss") == (
        f"No http:// or https:// in the address, so I tried https://News.Wire.invalid/rss. {ALREADY}")


@pytest.mark.parametrize("typed", [
    pytest.param("https://news.wire.invalid/RSS", id="path-case"),
    pytest.param("https://news.wire.invalid/rss?section=sport", id="query"),
    pytest.param("https://news.wire.invalid:8443/rss", id="other-port"),
])
async def test_another_path_query_or_port_is_another_feed(
    admin_bot: RunningBot, sandbox_client: SandboxClient, typed: str
) -> None:
    """It is fetched as a new feed (and, its host resolving nowhere, not added)."""
    await feed_store.add_feed(admin_bot.db, "https://news.wire.invalid/rss", "Quake Wire", None, ADMIN_ID,
                              admin_bot.clock.now())
    assert await _ask(sandbox_client, f"/addfeed {typed}") == (
        "Not added: I couldn't reach news.wire.invalid: no such host. Check the address.")


async def test_the_address_typed_is_the_one_fetched_and_kept(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    typed = feed_server.feed("morocco.xml") + "#latest"  # the duplicate check leaves a fragment out; the feed keeps it
    reply = await _ask(sandbox_client, f"/addfeed {typed} Quake Wire")
    assert reply.startswith("Added feed #1 Quake Wire")
    [feed] = await feed_store.list_feeds(admin_bot.db)
    assert feed.url == typed and feed_server.hits["/f/morocco.xml"] == 1


async def test_the_feed_a_web_page_names_is_matched_when_listed_another_way(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    url = feed_server.feed("morocco.xml")
    await feed_store.add_feed(admin_bot.db, url.replace("http://", "https://") + "/", "Quake Wire", None, ADMIN_ID,
                              admin_bot.clock.now())
    assert await _ask(sandbox_client, f"/addfeed {feed_server.page('story_one_feed.html')}") == (
        f"Found the feed of that page: {url}. {ALREADY}")
    assert len(await feed_store.list_feeds(admin_bot.db)) == 1
