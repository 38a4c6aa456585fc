"""End to end: an admin adds a local feed in chat, the poller runs, a user's /morocco shows the item."""
from __future__ import annotations

from feeds.fetch import Fetcher
from feeds.poller import poll_due_feeds
from sandbox.client import SandboxClient
from tests.conftest import ADMIN_ID, BotFactory, RunningBot
from tests.feeds.conftest import FeedServer

USER = 502


async def _ask(client: SandboxClient, user: int, text: str) -> str:
    before = len(await client.bot_messages(user))
    await client.send_message(chat_id=user, user_id=user, text=text)
    return (await client.wait_for_bot_messages(user, count=before + 1))[before]["text"]


async def test_admin_adds_feed_and_its_morocco_story_reaches_a_user(
    start_bot: BotFactory, sandbox_client: SandboxClient, feed_server: FeedServer, fetcher: Fetcher
) -> None:
    bot = await start_bot(allow_private_feed_hosts=True)
    await sandbox_client.create_user(id=ADMIN_ID, first_name="Admin")
    await sandbox_client.create_user(id=USER, first_name="Amina")
    assert "for admins" in await _ask(sandbox_client, USER, f"/addfeed {feed_server.feed('morocco.xml')}")
    reply = await _ask(sandbox_client, ADMIN_ID, f"/addfeed {feed_server.feed('morocco.xml')} Quake Wire")
    assert "Added feed #1 Quake Wire" in reply
    assert "already" in await _ask(sandbox_client, ADMIN_ID, f"/addfeed {feed_server.feed('morocco.xml')}")

    report = await poll_due_feeds(bot.db, fetcher, bot.clock.now(), bot.app.bot_data.settings)
    assert report.added == 3

    answer = await _ask(sandbox_client, USER, "/morocco")
    assert "earthquake" in answer.lower() and "Quake Wire" in answer
    status = await _ask(sandbox_client, ADMIN_ID, "/feeds")
    assert "#1 Quake Wire ✅ ok" in status and "items: 3" in status
    assert "paused" in await _ask(sandbox_client, ADMIN_ID, "/pausefeed 1")
    assert "Remove feed #1 Quake Wire?" in await _ask(sandbox_client, ADMIN_ID, "/removefeed 1")


async def test_private_hosts_are_refused_without_the_setting(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    await sandbox_client.create_user(id=ADMIN_ID, first_name="Admin")
    reply = await _ask(sandbox_client, ADMIN_ID, "/addfeed http://127.0.0.1:9/feed.xml")
    assert "Can't add that feed" in reply and "private or local" in reply
    assert "only http(s)" in await _ask(sandbox_client, ADMIN_ID, "/addfeed file:///etc/passwd")


async def test_feed_story_reaches_the_next_digest_of_a_morocco_subscriber(
    start_bot: BotFactory, sandbox_client: SandboxClient, feed_server: FeedServer, fetcher: Fetcher
) -> None:
    bot = await start_bot(allow_private_feed_hosts=True)
    await sandbox_client.create_user(id=ADMIN_ID, first_name="Admin")
    await sandbox_client.create_user(id=USER, first_name="Amina")
    await _ask(sandbox_client, USER, "/subscribe morocco")
    # The fixture's items are from September 2023, too old for a digest (news.digest.MAX_ITEM_AGE): the
    # publisher serves them dated today.
    feed_server.files["morocco-today.xml"] = feed_server.files["morocco.xml"].replace(b"09 Sep 2023", b"25 Nov 2026")
    await _ask(sandbox_client, ADMIN_ID, f"/addfeed {feed_server.feed('morocco-today.xml')} Quake Wire")
    await poll_due_feeds(bot.db, fetcher, bot.clock.now(), bot.app.bot_data.settings)
    bot.clock.advance(hours=2)  # past 08:00 UTC, the subscriber's digest time
    assert await bot.app.bot_data.services["digests"].tick() == 1

    async def digest_arrived() -> bool:
        return any("Your news digest" in m["text"] for m in await sandbox_client.bot_messages(USER))
    await sandbox_client.wait_for(digest_arrived)
    [digest] = [m for m in await sandbox_client.bot_messages(USER) if "Your news digest" in m["text"]]
    assert "earthquake" in digest["text"].lower() and "Quake Wire" in digest["text"]
