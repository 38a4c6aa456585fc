"""/editfeed: an admin renames a feed or changes its country; the feed's next stories get them, stored ones keep theirs."""
from __future__ import annotations

import pytest

from feeds.fetch import Fetcher
from feeds.poller import poll_due_feeds
from sandbox.client import SandboxClient
from storage import feeds as feed_store
from tests.conftest import ADMIN_ID, BotFactory, RunningBot
from tests.feeds.conftest import FeedServer

READER = 4242
BANK = ("Central bank holds interest rates steady",
        "The central bank kept its main interest rate unchanged on Tuesday, saying inflation was slowing but still "
        "above its target. Officials said they would watch wage growth closely before deciding on any cut. "
        "Economists had expected the decision after last month's figures.")
RAIL = ("Rail workers call off strike after late pay deal",
        "Rail workers called off a strike planned for the weekend after unions accepted a late pay offer. "
        "Union leaders said members would vote on the deal next month. Commuters had been told to expect "
        "severe disruption on most lines.")


def _rss(*items: tuple[str, str]) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>https://example.org/{n}</link><guid>item-{n}</guid>"
        f"<pubDate>Wed, 25 Nov 2026 0{n}:00:00 +0000</pubDate><description>{text}</description></item>"
        for n, (title, text) in enumerate(items, start=1))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{entries}</channel></rss>'.encode()


@pytest.fixture
async def admin_bot(start_bot: BotFactory, sandbox_client: SandboxClient) -> RunningBot:
    bot = await start_bot(allow_private_feed_hosts=True)
    await sandbox_client.create_user(id=ADMIN_ID, first_name="Admin")
    return bot


@pytest.fixture
async def two_feeds(admin_bot: RunningBot, feed_server: FeedServer) -> RunningBot:
    """Feed #1 "BBC & Co", wrongly tagging its items Colombia, and #2 "Quake Wire" with no country."""
    now = admin_bot.clock.now()
    await feed_store.add_feed(admin_bot.db, feed_server.feed("local.xml"), "BBC & Co", "CO", ADMIN_ID, now)
    await feed_store.add_feed(admin_bot.db, feed_server.feed("morocco.xml"), "Quake Wire", None, ADMIN_ID, now)
    return admin_bot


async def _ask(client: SandboxClient, text: str, user_id: int = ADMIN_ID) -> str:
    before = len(await client.bot_messages(user_id))
    await client.send_message(chat_id=user_id, user_id=user_id, text=text)
    return (await client.wait_for_bot_messages(user_id, count=before + 1))[before]["text"]


@pytest.mark.parametrize(("command", "reply", "listed"), [
    pytest.param("/editfeed 1 name=<b>BBC</b> World",
                 "Feed #1 renamed “<b>BBC</b> World” (was “BBC & Co”). "
                 "New stories from it get the change; those already stored keep their source name.",
                 "#1 <b>BBC</b> World ⏳ not polled yet [CO]", id="rename"),
    pytest.param("/editfeed 1 country=🇲🇦",
                 "Feed #1 BBC & Co now tags items that name no country 🇲🇦 Morocco (was 🇨🇴 Colombia). "
                 "New stories from it get the change; those already stored keep their countries.",
                 "#1 BBC & Co ⏳ not polled yet [MA]", id="country-by-flag"),
    pytest.param("/editfeed #1 country=Marokko",
                 "Feed #1 BBC & Co now tags items that name no country 🇲🇦 Morocco (was 🇨🇴 Colombia). "
                 "New stories from it get the change; those already stored keep their countries.",
                 "#1 BBC & Co ⏳ not polled yet [MA]", id="country-in-another-language"),
    pytest.param("/editfeed 1 country=none",
                 "Feed #1 BBC & Co no longer tags its items 🇨🇴 Colombia: no country set. "
                 "New stories from it get the change; those already stored keep their countries.",
                 "#1 BBC & Co ⏳ not polled yet\n", id="clear-country"),
    pytest.param("/editfeed 1 country=South Korea name=Yonhap",
                 "Feed #1 renamed “Yonhap” (was “BBC & Co”) and now tags items that name no country "
                 "🇰🇷 South Korea (was 🇨🇴 Colombia). "
                 "New stories from it get the change; those already stored keep their source name and countries.",
                 "#1 Yonhap ⏳ not polled yet [KR]", id="both-in-any-order"),
    pytest.param("/editfeed 2 country=MA",
                 "Feed #2 Quake Wire now tags items that name no country 🇲🇦 Morocco. "
                 "New stories from it get the change; those already stored keep their countries.",
                 "#2 Quake Wire ⏳ not polled yet [MA]", id="first-country"),
])
async def test_editfeed_says_what_changed_and_feeds_shows_it(
    two_feeds: RunningBot, sandbox_client: SandboxClient, command: str, reply: str, listed: str
) -> None:
    assert await _ask(sandbox_client, command) == reply
    assert listed in await _ask(sandbox_client, "/feeds")


@pytest.mark.parametrize(("command", "reply"), [
    pytest.param("/editfeed", "Usage: /editfeed N name=NEW NAME country=XX (either or both; N as /feeds numbers them), "
                 "e.g. /editfeed 3 name=BBC World country=morocco; country=none takes its country away.",
                 id="no-arguments"),
    pytest.param("/editfeed BBC name=World", "“BBC” is not a feed number. Usage: /editfeed N", id="no-number"),
    pytest.param("/editfeed 1", "What should change? e.g. /editfeed 1 name=BBC World or /editfeed 1 country=morocco",
                 id="nothing-asked"),
    pytest.param("/editfeed 1 BBC World", "To rename feed #1, put name= before the name: /editfeed 1 name=BBC World",
                 id="name-without-name="),
    pytest.param("/editfeed 7 name=World", "There is no feed #7 (see /feeds).", id="unknown-feed"),
    pytest.param("/editfeed 7", "There is no feed #7 (see /feeds).", id="unknown-feed-nothing-asked"),
    pytest.param("/editfeed 7 country=narnia", "There is no feed #7 (see /feeds).", id="unknown-feed-unknown-country"),
    pytest.param("/editfeed 1 url=https://example.org/rss",
                 "I can change a feed's name= and country=, not url=. To give feed #1 another address, /addfeed the "
                 "new one and /removefeed 1.", id="other-key"),
    pytest.param("/editfeed 1 country=moroco",
                 "I don't know the country “moroco”. Did you mean country=morocco (🇲🇦 Morocco)?", id="misspelt-country"),
    pytest.param("/editfeed 1 country=<i>narnia</i>",
                 "I don't know the country “<i>narnia</i>”. Give its name, code or flag, e.g. country=morocco, "
                 "country=MA or country=🇲🇦 (/countries lists them).", id="unknown-country"),
    pytest.param("/editfeed 1 name=", "name= needs the new name, e.g. /editfeed 1 name=BBC World.", id="empty-name"),
    pytest.param("/editfeed 1 country=", "country= needs a country, e.g. /editfeed 1 country=morocco", id="empty-country"),
    pytest.param("/editfeed 1 name=" + "x" * 65,
                 "That name has 65 characters; a feed's name can have at most 64.", id="name-too-long"),
    pytest.param("/editfeed 1 name=BBC & Co", "Feed #1 already has that name: nothing to change.", id="same-name"),
    pytest.param("/editfeed 1 name=BBC & Co country=colombia",
                 "Feed #1 already has that name and that country: nothing to change.", id="same-name-and-country"),
    pytest.param("/editfeed 2 country=none", "Feed #2 already has no country: nothing to change.", id="no-country-to-clear"),
])
async def test_editfeed_refuses_what_it_cannot_do_and_changes_nothing(
    two_feeds: RunningBot, sandbox_client: SandboxClient, command: str, reply: str
) -> None:
    assert reply in await _ask(sandbox_client, command)
    listing = await _ask(sandbox_client, "/feeds")
    assert "#1 BBC & Co ⏳ not polled yet [CO]" in listing and "#2 Quake Wire ⏳ not polled yet\n" in listing


async def test_editfeed_is_for_admins_only(two_feeds: RunningBot, sandbox_client: SandboxClient) -> None:
    await sandbox_client.create_user(id=READER, first_name="Reader")
    assert await _ask(sandbox_client, "/editfeed 1 name=Mine", user_id=READER) == "This command is for admins."
    assert "#1 BBC & Co " in await _ask(sandbox_client, "/feeds")


async def test_the_next_poll_tags_new_stories_with_the_new_name_and_country_and_stored_ones_keep_theirs(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer, fetcher: Fetcher
) -> None:
    settings = admin_bot.app.bot_data.settings
    feed_server.files["local.xml"] = _rss(BANK)
    await _ask(sandbox_client, f"/addfeed {feed_server.feed('local.xml')} BBC & Co country=colombia")
    assert (await poll_due_feeds(admin_bot.db, fetcher, admin_bot.clock.now(), settings)).added == 1
    assert "Feed #1 renamed “BBC World”" in await _ask(sandbox_client, "/editfeed 1 name=BBC World country=morocco")

    feed_server.files["local.xml"] = _rss(BANK, RAIL)
    admin_bot.clock.advance(hours=1)
    assert (await poll_due_feeds(admin_bot.db, fetcher, admin_bot.clock.now(), settings)).added == 1

    morocco = await _ask(sandbox_client, "/morocco")
    assert RAIL[0] in morocco and "BBC World" in morocco and BANK[0] not in morocco
    colombia = await _ask(sandbox_client, "/colombia")
    assert BANK[0] in colombia and "BBC & Co" in colombia and RAIL[0] not in colombia


async def test_admin_help_lists_editfeed(admin_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    assert "/editfeed — Rename a feed or change its country: /editfeed N name=… country=XX" in await _ask(
        sandbox_client, "/help")
