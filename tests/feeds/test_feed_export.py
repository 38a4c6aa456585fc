"""/exportfeeds: an admin gets the feed list as an OPML 2.0 file (sendDocument to the sandbox), which another reader,
or this bot, reads back; paused feeds are in it, marked in our own namespace."""
from __future__ import annotations

import defusedxml.ElementTree as DefusedET
import pytest

from feeds.opml import NAMESPACE, OpmlFeed, read_opml
from handlers.addfeed import FEED_URL_LIMIT
from sandbox.client import SandboxClient
from storage import feeds as feed_store
from tests.conftest import ADMIN_ID, BotFactory, RunningBot
from tests.feeds.test_feed_admin import _ask

READER = 4242


@pytest.fixture
async def admin_bot(start_bot: BotFactory, sandbox_client: SandboxClient) -> RunningBot:
    bot = await start_bot()
    await sandbox_client.create_user(id=ADMIN_ID, first_name="Admin")
    return bot


async def _listed(bot: RunningBot) -> None:
    now = bot.clock.now()
    await feed_store.add_feed(bot.db, "https://feeds.bbci.co.uk/news/world/rss.xml", "BBC <World> & Co", None,
                              ADMIN_ID, now)
    await feed_store.add_feed(bot.db, "https://en.hespress.com/feed?lang=en&x=1", "Hespress", "MA", ADMIN_ID, now)
    paused = await feed_store.add_feed(bot.db, "https://quiet.example/rss", "", None, ADMIN_ID, now)
    assert paused is not None
    await feed_store.set_status(bot.db, paused.id, "paused", now)


async def _export(client: SandboxClient) -> tuple[dict, bytes]:
    await client.send_message(chat_id=ADMIN_ID, user_id=ADMIN_ID, text="/exportfeeds")
    [sent] = await client.wait_for_bot_messages(ADMIN_ID)
    return sent, await client.file_content(sent["document"]["file_id"])


async def test_the_list_comes_as_an_opml_file_named_by_the_date(
    admin_bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    await _listed(admin_bot)
    sent, data = await _export(sandbox_client)
    assert sent["document"]["file_name"] == "newsdigest-feeds-2026-11-25.opml"
    assert sent["text"] == "3 feeds, 1 paused"  # the caption
    root = DefusedET.fromstring(data)
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title") == "newsdigest feeds"
    assert root.findtext("head/dateCreated") == "Wed, 25 Nov 2026 06:00:00 +0000"
    outlines = root.findall("body/outline")
    assert [(o.get("type"), o.get("text"), o.get("title"), o.get("xmlUrl")) for o in outlines] == [
        ("rss", "BBC <World> & Co", "BBC <World> & Co", "https://feeds.bbci.co.uk/news/world/rss.xml"),
        ("rss", "Hespress", "Hespress", "https://en.hespress.com/feed?lang=en&x=1"),
        ("rss", "https://quiet.example/rss", "https://quiet.example/rss", "https://quiet.example/rss"),  # unnamed
    ]
    assert [o.get(f"{{{NAMESPACE}}}status") for o in outlines] == [None, None, "paused"]
    assert [o.get(f"{{{NAMESPACE}}}country") for o in outlines] == [None, "MA", None]
    assert b"&amp; Co" in data and b"&amp;x=1" in data  # escaped by the XML library, not by hand


async def test_another_reader_sees_every_feed_paused_ones_too(admin_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    await _listed(admin_bot)
    _, data = await _export(sandbox_client)
    assert read_opml(data).feeds == [
        OpmlFeed("https://feeds.bbci.co.uk/news/world/rss.xml", "BBC <World> & Co"),
        OpmlFeed("https://en.hespress.com/feed?lang=en&x=1", "Hespress", country="MA"),
        OpmlFeed("https://quiet.example/rss", "https://quiet.example/rss", paused=True),
    ]


async def test_an_empty_list_says_so_instead_of_an_empty_file(admin_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    assert await _ask(sandbox_client, "/exportfeeds") == (
        "No feeds to export yet. Add one with /addfeed URL, or send me the OPML file another reader exports.")
    assert await sandbox_client.calls("sendDocument") == []


async def test_a_reader_gets_no_list(admin_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    await _listed(admin_bot)
    await sandbox_client.create_user(id=READER, first_name="Reader")
    await sandbox_client.send_message(chat_id=READER, user_id=READER, text="/exportfeeds")
    [reply] = await sandbox_client.wait_for_bot_messages(READER)
    assert reply["text"] == "This command is for admins." and "document" not in reply


async def test_a_list_over_telegrams_50_mb_is_refused_once_and_the_admin_told_why(
    admin_bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    """Telegram refuses a file over 50 MB with 413 "Request Entity Too Large" (PTB makes it a NetworkError): sending it
    again cannot help, so the bot does not retry it as it would a network error, and says what happened."""
    url = "https://news.example/rss?section="
    many = [feed_store.NewFeed(f"{url}{n:05d}{'x' * (FEED_URL_LIMIT - len(url) - 5)}", f"Wire {n}")
            for n in range(25_000)]  # 2,048-character addresses: about 53 MB of OPML
    await feed_store.add_feeds(admin_bot.db, many, ADMIN_ID, admin_bot.clock.now())
    reply = await _ask(sandbox_client, "/exportfeeds")
    assert reply == ("I couldn't send the feed list: its OPML file is 50.6 MB, and Telegram refused it (a bot may send "
                     "files of up to 50 MB). Remove feeds you no longer need (/removefeed N, see /feeds) and try "
                     "/exportfeeds again.")
    refused = await sandbox_client.calls("sendDocument")
    assert [call["status"] for call in refused] == [413]
