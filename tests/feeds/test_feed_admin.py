"""What an admin sees when managing feeds in chat: /addfeed's country, /pausefeed and /resumefeed, /feeds' states."""
from __future__ import annotations

import html

import pytest

from feeds.fetch import Fetcher
from feeds.poller import poll_due_feeds
from sandbox.client import SandboxClient
from storage import feeds as feed_store
from tests.conftest import ADMIN_ID, BotFactory, RunningBot
from tests.feeds.conftest import FeedServer


@pytest.fixture
async def admin_bot(start_bot: BotFactory, sandbox_client: SandboxClient) -> RunningBot:
    bot = await start_bot(allow_private_feed_hosts=True)
    await sandbox_client.create_user(id=ADMIN_ID, first_name="Admin")
    return bot


async def _ask(client: SandboxClient, text: str) -> str:
    before = len(await client.bot_messages(ADMIN_ID))
    await client.send_message(chat_id=ADMIN_ID, user_id=ADMIN_ID, text=text)
    return (await client.wait_for_bot_messages(ADMIN_ID, count=before + 1))[before]["text"]


@pytest.mark.parametrize(("words", "shown"), [
    pytest.param("The Times of India", "The Times of India", id="country-name-ending-a-name"),
    pytest.param("<b>BBC</b> & Co", "<b>BBC</b> & Co", id="co-is-not-colombia"),
    pytest.param("Hespress ma", "Hespress ma", id="bare-iso-code"),
])
async def test_a_last_word_of_the_name_is_never_taken_for_a_country(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer, words: str, shown: str
) -> None:
    reply = await _ask(sandbox_client, f"/addfeed {feed_server.feed('morocco.xml')} {words}")
    assert f"Added feed #1 {shown} (no country set" in reply
    listing = await _ask(sandbox_client, "/feeds")
    assert f"#1 {shown} " in listing and "[" not in listing.split("\n")[1]


async def test_a_name_ending_in_a_country_gets_a_hint_how_to_set_it(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    reply = await _ask(sandbox_client, f"/addfeed {feed_server.feed('morocco.xml')} The Times of India")
    assert "(no country set; to tag its items 🇮🇳 India: /editfeed 1 country=india)" in reply


@pytest.mark.parametrize(("words", "name", "country"), [
    pytest.param("The Times of India country=india", "The Times of India", "🇮🇳 India", id="by-name"),
    pytest.param("Hespress country=MA", "Hespress", "🇲🇦 Morocco", id="by-code"),
    pytest.param("Yonhap country=South Korea", "Yonhap", "🇰🇷 South Korea", id="two-words"),
    pytest.param("country=morocco", None, "🇲🇦 Morocco", id="no-name"),
])
async def test_a_country_is_set_with_country_and_the_reply_names_it(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer,
    words: str, name: str | None, country: str
) -> None:
    url = feed_server.feed("morocco.xml")
    reply = await _ask(sandbox_client, f"/addfeed {url} {words}")
    name = name or "Morocco quake wire"  # without one, the feed's own title
    assert f"Added feed #1 {name} (items that name no country are tagged {country})" in reply
    [feed] = await feed_store.list_feeds(admin_bot.db)
    assert feed.name == name


async def test_an_unknown_country_adds_nothing(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    reply = await _ask(sandbox_client, f"/addfeed {feed_server.feed('morocco.xml')} Wire country=narnia")
    assert reply.startswith("I don't know the country “narnia”. Give its name, code or flag, e.g. country=morocco")
    misspelt = await _ask(sandbox_client, f"/addfeed {feed_server.feed('morocco.xml')} Wire country=moroco")
    assert "Did you mean country=morocco (🇲🇦 Morocco)?" in misspelt
    assert "No feeds yet" in await _ask(sandbox_client, "/feeds")


async def test_pausefeed_twice_keeps_the_feed_paused_and_resumefeed_polls_it_again(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer, fetcher: Fetcher
) -> None:
    await _ask(sandbox_client, f"/addfeed {feed_server.feed('morocco.xml')} Quake Wire")
    assert "Feed #1 paused. /resumefeed 1 resumes it." in await _ask(sandbox_client, "/pausefeed 1")
    assert "Feed #1 is already paused. /resumefeed 1 resumes it." in await _ask(sandbox_client, "/pausefeed 1")
    assert "#1 Quake Wire ⏸ paused" in await _ask(sandbox_client, "/feeds")
    settings = admin_bot.app.bot_data.settings
    assert (await poll_due_feeds(admin_bot.db, fetcher, admin_bot.clock.now(), settings)).polled == 0

    admin_bot.clock.advance(hours=1)
    assert "Feed #1 resumed" in await _ask(sandbox_client, "/resumefeed 1")
    assert "Feed #1 is not paused. /pausefeed 1 pauses it." in await _ask(sandbox_client, "/resumefeed 1")
    report = await poll_due_feeds(admin_bot.db, fetcher, admin_bot.clock.now(), settings)
    assert report.polled == 1 and report.added == 3  # due at once
    assert "There is no feed #7" in await _ask(sandbox_client, "/resumefeed 7")
    assert "Usage: /resumefeed N" in await _ask(sandbox_client, "/resumefeed")


async def test_admin_help_lists_resumefeed(admin_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    assert "/resumefeed N" in await _ask(sandbox_client, "/help")


async def test_a_feed_never_polled_is_not_shown_ok(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer, fetcher: Fetcher
) -> None:
    await feed_store.add_feed(admin_bot.db, feed_server.feed("morocco.xml"), "Quake Wire", None, ADMIN_ID,
                              admin_bot.clock.now())  # as a feed added before the first fetch, or during it
    listing = await _ask(sandbox_client, "/feeds")
    assert "#1 Quake Wire ⏳ not polled yet" in listing and "✅" not in listing
    await poll_due_feeds(admin_bot.db, fetcher, admin_bot.clock.now(), admin_bot.app.bot_data.settings)
    assert "#1 Quake Wire ✅ ok" in await _ask(sandbox_client, "/feeds")


async def test_addfeed_fetches_the_feed_at_once_and_says_what_it_found(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    reply = await _ask(sandbox_client, f"/addfeed {feed_server.feed('morocco.xml')} Quake Wire country=MA")
    assert reply == ("Added feed #1 Quake Wire (items that name no country are tagged 🇲🇦 Morocco). "
                     "Its first fetch found 3 items; I'll poll it within a minute.")


async def test_addfeed_of_a_feed_whose_site_is_down_adds_it_and_feeds_shows_it_failing(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    reply = await _ask(sandbox_client, f"/addfeed {feed_server.url}/flaky/morocco.xml Flaky Wire")
    assert "Added feed #1 Flaky Wire (no country set), but 127.0.0.1 answered with an error of its own" in reply
    assert "if the address is wrong, /removefeed 1 removes it" in reply
    listing = await _ask(sandbox_client, "/feeds")
    assert "#1 Flaky Wire ⚠️ failing" in listing and ("last error (1×, failing for less than a minute): HTTP 500 "
                                                    "Internal Server Error: an error of the site's own") in listing
    assert "last success: never" in listing


async def test_several_feed_numbers_are_each_acted_on_and_each_reported(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    for name in ("Quake Wire", "Desert Wire", "Coast Wire"):
        await feed_store.add_feed(admin_bot.db, feed_server.feed(f"{name.split()[0].lower()}.xml"), name, None, ADMIN_ID,
                                  admin_bot.clock.now())
    assert await _ask(sandbox_client, "/pausefeed 1, 2") == (
        "Feed #1 paused. /resumefeed 1 resumes it.\nFeed #2 paused. /resumefeed 2 resumes it.")
    assert await _ask(sandbox_client, "/resumefeed 2 3") == (
        "Feed #2 resumed: I'll poll it within a minute.\nFeed #3 is not paused. /pausefeed 3 pauses it.")
    assert (await _ask(sandbox_client, "/removefeed 1 2 9")).endswith("There is no feed #9 (see /feeds).")


async def test_a_word_among_feed_numbers_changes_nothing(admin_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    await feed_store.add_feed(admin_bot.db, "https://example.org/feed.xml", "Wire", None, ADMIN_ID, admin_bot.clock.now())
    reply = await _ask(sandbox_client, "/removefeed 1 two")
    assert reply == "“two” is not a feed number, so I changed nothing. Usage: /removefeed N, or several: /removefeed 1 2 (see /feeds)"
    assert len(await feed_store.list_feeds(admin_bot.db)) == 1


async def test_a_feed_added_again_is_named_with_its_number_and_not_fetched_again(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    url = feed_server.feed("morocco.xml")
    await _ask(sandbox_client, f"/addfeed {url} Quake <Wire>")
    assert await _ask(sandbox_client, f"/addfeed {url} Other Name") == (
        "That feed is already in the list as #1 Quake <Wire>; /feeds shows how it is doing.")
    assert feed_server.hits["/f/morocco.xml"] == 1
    assert [f.name for f in await feed_store.list_feeds(admin_bot.db)] == ["Quake <Wire>"]


async def test_the_feed_a_web_page_names_when_it_is_in_the_list_already_is_named_with_its_number(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    url = feed_server.feed("morocco.xml")
    await _ask(sandbox_client, f"/addfeed {url} Quake Wire")
    assert await _ask(sandbox_client, f"/addfeed {feed_server.page('story_one_feed.html')}") == (
        f"Found the feed of that page: {url}. That feed is already in the list as #1 Quake Wire; "
        "/feeds shows how it is doing.")
    assert len(await feed_store.list_feeds(admin_bot.db)) == 1


def _titled(feed_server: FeedServer, title: str) -> str:
    """The Morocco fixture feed served under another title; its address."""
    body = feed_server.files["morocco.xml"].replace(b"<title>Morocco quake wire</title>",
                                                    f"<title>{html.escape(title)}</title>".encode())
    feed_server.files["fresh.xml"] = body
    return feed_server.feed("fresh.xml")


async def test_a_feed_added_without_a_name_is_listed_by_its_own_title_with_its_url_once(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    url = _titled(feed_server, "Fresh Wire & Co <Live>")
    reply = await _ask(sandbox_client, f"/addfeed {url}")
    assert reply.startswith("Added feed #1 Fresh Wire & Co <Live> (no country set). Its first fetch found 3 items")
    listing = await _ask(sandbox_client, "/feeds")
    assert "#1 Fresh Wire & Co <Live> ⏳ not polled yet" in listing and listing.count(url) == 1


async def test_a_feed_added_without_a_name_while_failing_shows_its_url_once_then_its_title_once_read(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer, fetcher: Fetcher
) -> None:
    _titled(feed_server, "Fresh Wire & Co")
    url = f"{feed_server.url}/flaky/fresh.xml"  # 500 at the first fetch, the feed after
    assert (await _ask(sandbox_client, f"/addfeed {url}")).startswith(f"Added feed #1 {url} (no country set), but")
    listing = await _ask(sandbox_client, "/feeds")
    assert f"#1 {url} ⚠️ failing" in listing and listing.count(url) == 1
    admin_bot.clock.advance(hours=7)  # past the longest backoff
    await poll_due_feeds(admin_bot.db, fetcher, admin_bot.clock.now(), admin_bot.app.bot_data.settings)
    listing = await _ask(sandbox_client, "/feeds")
    assert "#1 Fresh Wire & Co ✅ ok" in listing and listing.count(url) == 1
    sources = {row["source"] for row in await admin_bot.db.fetchall("select source from articles")}
    assert sources == {"Fresh Wire & Co"}  # its stories under the same name


async def test_a_name_given_is_kept_whatever_the_feed_calls_itself(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer, fetcher: Fetcher
) -> None:
    await _ask(sandbox_client, f"/addfeed {_titled(feed_server, 'Fresh Wire & Co')} Quake Desk")
    admin_bot.clock.advance(hours=1)
    await poll_due_feeds(admin_bot.db, fetcher, admin_bot.clock.now(), admin_bot.app.bot_data.settings)
    assert [f.name for f in await feed_store.list_feeds(admin_bot.db)] == ["Quake Desk"]


ONE_ITEM_FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Single Wire</title><link>https://wire.example/</link><description>One</description>
<item><title>Morocco opens a new rail line to Marrakesh</title><link>https://wire.example/rail</link>
<description>The line cuts the trip from Rabat to three hours, the transport ministry said.</description>
<pubDate>Wed, 25 Nov 2026 05:00:00 GMT</pubDate></item></channel></rss>"""


async def test_addfeed_of_a_feed_of_one_item_says_item_and_feeds_says_a_late_poll_is_due_now(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    feed_server.files["one.xml"] = ONE_ITEM_FEED
    reply = await _ask(sandbox_client, f"/addfeed {feed_server.feed('one.xml')}")
    assert "Its first fetch found 1 item; I'll poll it within a minute." in reply
    admin_bot.clock.advance(hours=6)  # its next poll time passes; no poller runs in these tests to take it
    listing = await _ask(sandbox_client, "/feeds")
    assert "next poll: due now" in listing and " ago" not in listing.split("next poll:")[1].split("\n")[0]


async def test_feeds_shows_a_long_wait_in_hours_and_minutes_as_ages_are_shown(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer, fetcher: Fetcher
) -> None:
    feed_server.files["slow.xml"] = feed_server.files["morocco.xml"].replace(b"<ttl>30</ttl>", b"<ttl>360</ttl>")
    await feed_store.add_feed(admin_bot.db, feed_server.feed("slow.xml"), "Slow Wire", None, ADMIN_ID,
                              admin_bot.clock.now())
    await poll_due_feeds(admin_bot.db, fetcher, admin_bot.clock.now(), admin_bot.app.bot_data.settings)  # every 6 h
    admin_bot.clock.advance(minutes=43)
    assert "last success: 43 min ago · items: 3 · next poll: in 5 h 17 min" in await _ask(sandbox_client, "/feeds")
    admin_bot.clock.advance(minutes=17)
    assert "last success: 1 h ago · items: 3 · next poll: in 5 h" in await _ask(sandbox_client, "/feeds")


async def test_a_feed_added_with_the_name_of_another_is_added_with_a_warning_how_to_tell_them_apart(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    await _ask(sandbox_client, f"/addfeed {feed_server.feed('morocco.xml')} Fresh Wire & Co")
    first = await _ask(sandbox_client, f"/addfeed {_titled(feed_server, 'Fresh Wire & Co')}")  # named by its title
    assert first.endswith("I'll poll it within a minute.\n\n⚠️ #1 has the same name. To tell them apart in /feeds and "
                          "under their stories, give this one another: /editfeed 2 name=…")
    second = await _ask(sandbox_client, f"/addfeed {feed_server.url}/flaky/photojournalism__npr.xml fresh  wire & co")  # failing
    assert second.endswith("removes it.\n\n⚠️ #1 and #2 have the same name. To tell them apart in /feeds and under "
                           "their stories, give this one another: /editfeed 3 name=…")
    other = await _ask(sandbox_client, f"/addfeed {feed_server.feed('photojournalism__bbc.xml')} Fresh Wire")
    assert "same name" not in other
