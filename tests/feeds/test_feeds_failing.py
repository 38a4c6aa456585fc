"""/feeds and the flagged-feeds alert say why a feed is failing in plain words, and for how long; an error stored
before they did is put in the same words where its kind can be told. Nothing leaves 127.0.0.1: hosts are local
servers, a closed local port or .invalid names, which resolve nowhere."""
from __future__ import annotations

import pytest

from feeds.fetch import Fetcher
from feeds.poller import poll_due_feeds
from sandbox.client import SandboxClient
from sandbox.html_entities import parse_html
from storage import feeds as feed_store
from storage.outbox import OutgoingMessage
from storage.timefmt import to_db
from tests.conftest import ADMIN_ID, BotFactory, RunningBot
from tests.feeds.conftest import FeedServer, Publisher
from tests.feeds.test_addfeed_problems import _closed_port
from tests.feeds.test_feed_admin import _ask


@pytest.fixture
async def admin_bot(start_bot: BotFactory, sandbox_client: SandboxClient) -> RunningBot:
    bot = await start_bot(allow_private_feed_hosts=True)
    await sandbox_client.create_user(id=ADMIN_ID, first_name="Admin")
    return bot


def _last_error_line(listing: str) -> str:
    [line] = [line for line in listing.split("\n") if line.startswith("last error")]
    return line


async def test_a_refused_connection_is_shown_in_plain_words_with_how_long_it_has_failed(
    admin_bot: RunningBot, sandbox_client: SandboxClient, fetcher: Fetcher
) -> None:
    await _ask(sandbox_client, f"/addfeed http://127.0.0.1:{_closed_port()}/rss Wire")
    assert _last_error_line(await _ask(sandbox_client, "/feeds")) == (
        "last error (1×, failing for less than a minute): couldn't reach 127.0.0.1: it refused the connection")
    admin_bot.clock.advance(hours=5)
    await poll_due_feeds(admin_bot.db, fetcher, admin_bot.clock.now(), admin_bot.app.bot_data.settings)
    assert _last_error_line(await _ask(sandbox_client, "/feeds")) == (
        "last error (2×, failing for 5 h): couldn't reach 127.0.0.1: it refused the connection")


@pytest.mark.parametrize(("address", "shown"), [
    pytest.param("http://news.invalid/rss", "couldn't reach news.invalid: no such host", id="no-such-host"),
    pytest.param("{server}/f/gone.xml", "HTTP 404 Not Found: no page at that address", id="404"),
    pytest.param("{publisher}/news/world-123", "not a feed I can read", id="web-page"),
    pytest.param("{server}/big", "the file is over 5 MB, too big to be a feed", id="over-size"),
])
async def test_feeds_says_why_a_feed_fails_in_plain_words(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer, publisher: Publisher,
    fetcher: Fetcher, address: str, shown: str
) -> None:
    """A feed that worked when it was added and went wrong since (/addfeed adds none of these)."""
    url = address.format(server=feed_server.url, publisher=publisher.url)
    await feed_store.add_feed(admin_bot.db, url, "Wire", None, ADMIN_ID, admin_bot.clock.now())
    await poll_due_feeds(admin_bot.db, fetcher, admin_bot.clock.now(), admin_bot.app.bot_data.settings)
    admin_bot.clock.advance(days=3)
    assert _last_error_line(await _ask(sandbox_client, "/feeds")) == f"last error (1×, failing for 3 d): {shown}"


async def test_a_host_too_slow_to_answer_is_shown_as_no_answer_within(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer, fetcher: Fetcher
) -> None:
    """The bot's own fetch waits 20 s: the poll is made with the tests' fetcher, which gives up after 0.5 s."""
    await admin_bot.db.execute("insert into feeds (url, name, interval_seconds, created_at) values (?, 'Slow', 900, ?)",
                               (f"{feed_server.url}/slow", to_db(admin_bot.clock.now())))
    await poll_due_feeds(admin_bot.db, fetcher, admin_bot.clock.now(), admin_bot.app.bot_data.settings)
    assert _last_error_line(await _ask(sandbox_client, "/feeds")).endswith("): no answer within 0.5 s")


@pytest.mark.parametrize(("stored", "shown"), [
    pytest.param("ConnectError: All connection attempts failed", "couldn't reach old.example: no connection could be made",
                 id="connect-error"),
    pytest.param("ConnectError: [Errno -2] Name or service not known", "couldn't reach old.example: no such host",
                 id="connect-no-such-host"),
    pytest.param("cannot resolve old.example: Name or service not known", "couldn't reach old.example: no such host",
                 id="cannot-resolve"),
    pytest.param("timed out after 20 s", "no answer within 20 s", id="timeout"),
    pytest.param("HTTP 404 Not Found", "HTTP 404 Not Found: no page at that address", id="404"),
    pytest.param("HTTP 503 Service Unavailable",
                 "HTTP 503 Service Unavailable: an error of the site's own; it may work again later", id="503"),
    pytest.param("malformed feed with no usable items: <unknown>:1:0: syntax error", "not a feed I can read",
                 id="malformed"),
    pytest.param("response is over the 5242880 byte cap", "the file is over 5 MB, too big to be a feed",
                 id="over-size"),
    pytest.param("response is 7340032 bytes, over the 5242880 byte cap", "the file is over 5 MB, too big to be a feed",
                 id="over-size-declared"),
    pytest.param("response exceeds the 5 MB cap <b>&amp;</b>", "response exceeds the 5 MB cap <b>&amp;</b>",
                 id="other-kept-and-escaped"),
])
async def test_an_error_stored_before_plain_words_is_shown_in_them_where_its_kind_can_be_told(
    admin_bot: RunningBot, sandbox_client: SandboxClient, stored: str, shown: str
) -> None:
    await admin_bot.db.execute(
        "insert into feeds (url, name, interval_seconds, created_at, last_polled_at, last_error, consecutive_failures)"
        " values ('https://old.example/rss', 'Old', 900, ?, ?, ?, 4)",
        (to_db(admin_bot.clock.now()), to_db(admin_bot.clock.now()), stored))
    admin_bot.clock.advance(hours=30)
    assert _last_error_line(await _ask(sandbox_client, "/feeds")) == f"last error (4×, failing for 1 d 6 h): {shown}"


async def test_the_alert_for_a_feed_failing_over_a_day_says_why_in_plain_words(
    admin_bot: RunningBot, sandbox_client: SandboxClient, fetcher: Fetcher
) -> None:
    await feed_store.add_feed(admin_bot.db, "http://gone.invalid/rss", "Gone <Wire>", None, ADMIN_ID,
                              admin_bot.clock.now())
    await poll_due_feeds(admin_bot.db, fetcher, admin_bot.clock.now(), admin_bot.app.bot_data.settings)
    admin_bot.clock.advance(hours=25)
    await poll_due_feeds(admin_bot.db, fetcher, admin_bot.clock.now(), admin_bot.app.bot_data.settings)
    notices = [OutgoingMessage.from_json(row["payload"]).text
               for row in await admin_bot.db.fetchall("select payload from outbox where kind = 'notice'")]
    [alert] = [text for text in notices if text.startswith("⚠️ Feeds failing")]
    plain, _ = parse_html(alert)
    assert "#1 Gone <Wire>: couldn't reach gone.invalid: no such host" in plain
