"""/addfeed of a web page's address finds the feed the page names in its head (autodiscovery), adds that one
and says so; a page naming none is not added. The pages (tests/fixtures/pages) and their feeds are served on
127.0.0.1."""
from __future__ import annotations

import pytest

from feeds.discovery import FeedLink, feed_links
from sandbox.client import SandboxClient
from storage import feeds as feed_store
from tests.conftest import ADMIN_ID, BotFactory, RunningBot
from tests.feeds.conftest import PAGES, FeedServer
from tests.feeds.test_feed_admin import _ask


@pytest.fixture
async def admin_bot(start_bot: BotFactory, sandbox_client: SandboxClient) -> RunningBot:
    bot = await start_bot(allow_private_feed_hosts=True)
    await sandbox_client.create_user(id=ADMIN_ID, first_name="Admin")
    return bot


async def test_a_story_page_naming_its_feed_adds_that_feed_and_says_so(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    reply = await _ask(sandbox_client, f"/addfeed {feed_server.page('story_one_feed.html')} Quake Desk country=MA")
    assert reply == (f"Found the feed of that page: {feed_server.feed('morocco.xml')}. Added feed #1 Quake Desk (items "
                     "that name no country are tagged 🇲🇦 Morocco). Its first fetch found 3 items; I'll poll it within a minute.")
    [feed] = await feed_store.list_feeds(admin_bot.db)
    assert (feed.url, feed.name, feed.country) == (feed_server.feed("morocco.xml"), "Quake Desk", "MA")


async def test_a_page_naming_several_feeds_takes_the_first_and_lists_the_others_as_addfeed_commands(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    reply = await _ask(sandbox_client, f"/addfeed {feed_server.page('front_page_feeds.html')} Quake Desk")
    assert reply == (
        f"Found the feed of that page: {feed_server.feed('morocco.xml')} (the first of the 3 it names). Added feed #1 "
        "Quake Desk (no country set). Its first fetch found 3 items; I'll poll it within a minute.\n\n"
        "The page names other feeds too; to add one:\n"
        f"/addfeed {feed_server.feed('photojournalism__npr.xml')} (Quake Desk » Comments Feed)\n"
        f"/addfeed {feed_server.feed('rss-parser__heise.atom')} (Quake Desk » Atom)")
    messages = await sandbox_client.bot_messages(ADMIN_ID)
    commands = [e for e in messages[-1]["entities"] if e["type"] == "code"]
    assert len(commands) == 2  # each a tap to copy
    assert [f.url for f in await feed_store.list_feeds(admin_bot.db)] == [feed_server.feed("morocco.xml")]


async def test_a_web_page_naming_no_feed_is_not_added(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    reply = await _ask(sandbox_client, f"/addfeed {feed_server.page('story_no_feed.html')} Quake Desk")
    assert reply == ("Not added: what 127.0.0.1 has at that address is a web page, not a feed, and the page names no "
                     "feed of its site. Look on the site for its RSS link.")
    assert "No feeds yet" in await _ask(sandbox_client, "/feeds")
    assert feed_server.hits.get("/rss") is None  # a link in the page's body is no feed it names


@pytest.mark.parametrize(("page", "why"), [
    pytest.param("story_gone_feed.html", "127.0.0.1 has no page at that address (HTTP 404 Not Found). Check the address.",
                 id="404"),
    pytest.param("story_huge_feed.html", "what 127.0.0.1 has at that address is over 5 MB, too big to be a feed. "
                 "Check the address.", id="over-the-size-cap"),
])
async def test_a_feed_a_page_names_that_cannot_be_read_is_not_added(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer, page: str, why: str
) -> None:
    """The feed a page names is fetched as any other: the size cap and the rules for hosts hold for it too."""
    reply = await _ask(sandbox_client, f"/addfeed {feed_server.page(page)} Quake Desk")
    named = feed_server.feed("gone.xml") if page == "story_gone_feed.html" else f"{feed_server.url}/big"
    assert reply == f"Not added: that address is a web page, and the feed it names ({named}) can't be read: {why}"
    assert await feed_store.list_feeds(admin_bot.db) == []


def test_feed_links_resolve_against_the_pages_base_and_skip_what_is_no_feed() -> None:
    page = (PAGES / "front_page_feeds.html").read_bytes().replace(
        b"<head>", b'<head><base href="https://cdn.example.org/desk/">'
        b'<link rel="alternate feed" type="application/atom+xml; charset=utf-8" href="atom.xml">'
        b'<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">'
        b'<link rel="alternate" type="application/rss+xml" href="https://desk.example.org/">')
    assert feed_links(page, "https://desk.example.org/") == [
        FeedLink("https://cdn.example.org/desk/atom.xml", ""),
        FeedLink("https://cdn.example.org/f/morocco.xml", "Quake Desk » Feed"),
        FeedLink("https://cdn.example.org/f/photojournalism__npr.xml", "Quake Desk » Comments Feed"),
        FeedLink("https://cdn.example.org/f/rss-parser__heise.atom", "Quake Desk » Atom"),
    ]
