"""/addfeed of an address as editors paste it (no scheme), and plain answers when the feed can't be read: no such
host, a refused connection, a 404, a page that is no feed. An address that is wrong is not added; one whose site
may be down for now is, and retried. Nothing leaves 127.0.0.1: hosts are local servers or .invalid names, which
resolve nowhere."""
from __future__ import annotations

import socket

import pytest

from feeds.errors import FetchTimeoutError
from feeds.fetch import Fetcher
from feeds.poller import poll_due_feeds
from handlers.feed_problems import feed_problem
from sandbox.client import SandboxClient
from storage import feeds as feed_store
from tests.conftest import ADMIN_ID, BotFactory, RunningBot
from tests.feeds.conftest import FeedServer, Publisher
from tests.feeds.test_feed_admin import _ask

RETRY = "I'll keep trying, less often while it fails (see /feeds); if the address is wrong, /removefeed 1 removes it."


@pytest.fixture
async def admin_bot(start_bot: BotFactory, sandbox_client: SandboxClient) -> RunningBot:
    bot = await start_bot(allow_private_feed_hosts=True)
    await sandbox_client.create_user(id=ADMIN_ID, first_name="Admin")
    return bot


@pytest.fixture
async def public_bot(start_bot: BotFactory, sandbox_client: SandboxClient) -> RunningBot:
    """A bot that looks a feed's host up before adding it, as in production."""
    bot = await start_bot()
    await sandbox_client.create_user(id=ADMIN_ID, first_name="Admin")
    return bot


def _closed_port() -> int:
    with socket.socket() as unused:  # a port nothing listens on once closed
        unused.bind(("127.0.0.1", 0))
        return int(unused.getsockname()[1])


async def test_an_address_without_scheme_is_tried_with_https_and_not_added_when_the_site_has_none(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    """The admin is told to add it with http://: adding the https:// address too would leave a feed that never works."""
    address = feed_server.feed("morocco.xml").removeprefix("http://")  # the server speaks http only
    reply = await _ask(sandbox_client, f"/addfeed {address} Quake Wire")
    assert reply == (f"No http:// or https:// in the address, so I tried https://{address}. Not added: I couldn't "
                     "reach 127.0.0.1: no connection could be made. If the site has no https, add it with http:// "
                     "before the address.")
    assert await feed_store.list_feeds(admin_bot.db) == []
    reply = await _ask(sandbox_client, f"/addfeed http://{address} Quake Wire")
    assert reply.startswith("Added feed #1 Quake Wire (no country set). Its first fetch found 3 items")


async def test_an_unknown_host_without_scheme_is_said_in_plain_words_and_not_added(
    public_bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    reply = await _ask(sandbox_client, "/addfeed example.invalid/rss Wire")
    assert reply == ("No http:// or https:// in the address, so I tried https://example.invalid/rss. "
                     "Not added: I couldn't reach example.invalid: no such host. Check the address.")
    reply = await _ask(sandbox_client, "/addfeed https://example.invalid/rss")
    assert reply == "Not added: I couldn't reach example.invalid: no such host. Check the address."
    assert "No feeds yet" in await _ask(sandbox_client, "/feeds")


async def test_an_unknown_host_found_at_the_first_fetch_is_said_in_plain_words_and_not_added(
    admin_bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    """With private hosts allowed, nothing is looked up before the fetch: the first fetch finds it out."""
    reply = await _ask(sandbox_client, "/addfeed http://example.invalid/rss Wire")
    assert reply == "Not added: I couldn't reach example.invalid: no such host. Check the address."
    assert await feed_store.list_feeds(admin_bot.db) == []


@pytest.mark.parametrize("address", [
    pytest.param("ftp://127.0.0.1/rss", id="ftp"),
    pytest.param("javascript:alert(1)", id="javascript"),
    pytest.param("file:///etc/passwd", id="file"),
    pytest.param("mailto:desk@example.org", id="mailto"),
])
async def test_other_schemes_are_refused_not_tried_with_https(
    admin_bot: RunningBot, sandbox_client: SandboxClient, address: str
) -> None:
    reply = await _ask(sandbox_client, f"/addfeed {address}")
    assert reply == f"Can't add that feed: only http(s) URLs can be feeds: {address}"
    assert "No feeds yet" in await _ask(sandbox_client, "/feeds")


async def test_a_refused_connection_is_said_in_plain_words_and_the_feed_added_to_be_retried(
    admin_bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    """A site down for now is not a wrong address: the feed is added and shows failing in /feeds."""
    reply = await _ask(sandbox_client, f"/addfeed http://127.0.0.1:{_closed_port()}/rss Wire")
    assert reply == f"Added feed #1 Wire (no country set), but I couldn't reach 127.0.0.1: it refused the connection. {RETRY}"
    listing = await _ask(sandbox_client, "/feeds")
    assert "#1 Wire ⚠️ failing" in listing
    assert "last error (1×, failing for less than a minute): couldn't reach 127.0.0.1: it refused the connection" in listing


async def test_a_server_error_is_said_in_plain_words_and_the_feed_added_then_polled_once_it_works(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer, fetcher: Fetcher
) -> None:
    reply = await _ask(sandbox_client, f"/addfeed {feed_server.url}/flaky/morocco.xml Quake Wire")
    assert reply == ("Added feed #1 Quake Wire (no country set), but 127.0.0.1 answered with an error of its own "
                     f"(HTTP 500 Internal Server Error); it may work again later. {RETRY}")
    assert "#1 Quake Wire ⚠️ failing" in await _ask(sandbox_client, "/feeds")
    admin_bot.clock.advance(hours=7)  # past the longest backoff
    report = await poll_due_feeds(admin_bot.db, fetcher, admin_bot.clock.now(), admin_bot.app.bot_data.settings)
    assert report.succeeded == 1 and report.added == 3
    assert "#1 Quake Wire ✅ ok" in await _ask(sandbox_client, "/feeds")


async def test_a_404_is_said_in_plain_words_and_not_added(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    reply = await _ask(sandbox_client, f"/addfeed {feed_server.feed('gone.xml')} Gone Wire")
    assert reply == "Not added: 127.0.0.1 has no page at that address (HTTP 404 Not Found). Check the address."
    assert "No feeds yet" in await _ask(sandbox_client, "/feeds")


async def test_a_web_page_is_said_to_be_no_feed_and_not_added(
    admin_bot: RunningBot, sandbox_client: SandboxClient, publisher: Publisher
) -> None:
    reply = await _ask(sandbox_client, f"/addfeed {publisher.url}/news/world-123 Front Page")
    assert reply == ("Not added: what 127.0.0.1 has at that address is a web page, not a feed, and the page names no "
                     "feed of its site. Look on the site for its RSS link.")
    assert await feed_store.list_feeds(admin_bot.db) == []


async def test_a_document_that_is_no_feed_and_no_web_page_is_said_to_be_no_feed_and_not_added(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    reply = await _ask(sandbox_client, f"/addfeed {feed_server.url}/bomb Bomb")  # refused: it declares entities
    assert reply == ("Not added: what 127.0.0.1 has at that address is no feed I can read (a broken feed, say, or a "
                     "file of another kind). Check the address.")
    assert await feed_store.list_feeds(admin_bot.db) == []


async def test_a_file_over_the_size_cap_is_said_in_plain_words_and_not_added(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    reply = await _ask(sandbox_client, f"/addfeed {feed_server.url}/big Big")
    assert reply == ("Not added: what 127.0.0.1 has at that address is over 5 MB, too big to be a feed. "
                     "Check the address.")
    assert await feed_store.list_feeds(admin_bot.db) == []


async def test_a_host_too_slow_to_answer_is_said_in_plain_words(feed_server: FeedServer, fetcher: Fetcher) -> None:
    """The fetch of a new feed waits 20 s before it gives up: the wording is checked on the fetcher's own error."""
    url = f"{feed_server.url}/slow"
    with pytest.raises(FetchTimeoutError) as raised:
        await fetcher.fetch(url)
    assert feed_problem(url, raised.value) == "I couldn't reach 127.0.0.1: no answer within 0.5 s. The site may be down or slow."
