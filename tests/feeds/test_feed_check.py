"""An admin polls a feed now with /checkfeed N (or /resumefeed N on a failing feed) and is told how it went: once
its publisher has fixed it, they need not wait hours for its backed-off next poll."""
from __future__ import annotations

from datetime import timedelta

import pytest

from delivery.engine import IDLE_CHECK_SECONDS
from feeds.fetch import Fetcher
from feeds.poller import poll_due_feeds
from sandbox.client import SandboxClient
from storage import feeds as feed_store
from tests.conftest import ADMIN_ID, BotFactory, RunningBot, wait_until
from tests.feeds.conftest import FeedServer
from tests.feeds.test_feed_admin import _ask


@pytest.fixture
async def admin_bot(start_bot: BotFactory, sandbox_client: SandboxClient) -> RunningBot:
    bot = await start_bot(allow_private_feed_hosts=True)
    await sandbox_client.create_user(id=ADMIN_ID, first_name="Admin")
    return bot


async def notices_sent(bot: RunningBot) -> None:
    """Wait until every notice queued has gone out (the outbox sender looks for new rows every IDLE_CHECK_SECONDS
    on the bot's clock)."""
    async def sent() -> bool:
        row = await bot.db.fetchone("select count(*) from outbox where status in ('pending', 'sending')")
        if row is not None and row[0] == 0:
            return True
        bot.clock.advance(seconds=IDLE_CHECK_SECONDS)
        return False

    await wait_until(sent)


async def _failing_for_days(bot: RunningBot, feed_server: FeedServer, fetcher: Fetcher) -> None:
    """Feed #1 "Fresh Wire" at an address with no page yet (404), polled as its backoff says for two days; the
    clock then stands half an hour before its next poll, and the alerts (it fails, no feed works) have gone out."""
    await feed_store.add_feed(bot.db, feed_server.feed("fresh.xml"), "Fresh Wire", None, ADMIN_ID, bot.clock.now())
    start = bot.clock.now()
    while True:
        await poll_due_feeds(bot.db, fetcher, bot.clock.now(), bot.app.bot_data.settings)
        feed = await feed_store.get_feed(bot.db, 1)
        assert feed is not None and feed.next_poll_at is not None
        if bot.clock.now() - start > feed_store.FLAG_AFTER * 2:
            bot.clock.set(feed.next_poll_at - timedelta(minutes=30))
            break
        bot.clock.set(feed.next_poll_at)
    await notices_sent(bot)


@pytest.mark.parametrize("command", ["/resumefeed 1", "/checkfeed 1"])
async def test_a_fixed_feed_checked_now_is_polled_at_once_and_the_reply_says_it_works_again(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer, fetcher: Fetcher, command: str
) -> None:
    await _failing_for_days(admin_bot, feed_server, fetcher)
    assert "#1 Fresh Wire ⚠️ failing" in await _ask(sandbox_client, "/feeds")
    feed_server.files["fresh.xml"] = feed_server.files["morocco.xml"]  # the publisher fixed it

    reply = await _ask(sandbox_client, command)
    assert reply.startswith("Checked #1 Fresh Wire: ✅ it works again: 3 new items. Next poll in ")
    listing = await _ask(sandbox_client, "/feeds")
    assert "#1 Fresh Wire ✅ ok" in listing and "items: 3" in listing
    assert (await _ask(sandbox_client, "/checkfeed 1")).startswith("Checked #1 Fresh Wire: ✅ it works: no new items.")


async def test_a_feed_still_failing_when_checked_says_why_and_when_it_is_tried_again(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer, fetcher: Fetcher
) -> None:
    await _failing_for_days(admin_bot, feed_server, fetcher)
    failures = (await feed_store.get_feed(admin_bot.db, 1)).consecutive_failures  # type: ignore[union-attr]
    reply = await _ask(sandbox_client, "/checkfeed 1")
    assert reply.startswith(f"Checked #1 Fresh Wire: ⚠️ still failing ({failures + 1}×): HTTP 404 Not Found: no page at "
                            "that address. I'll try again in ")
    assert reply.endswith("; /removefeed 1 removes it.")


async def test_checkfeed_of_a_paused_or_unknown_feed_says_so_and_polls_nothing(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer
) -> None:
    await feed_store.add_feed(admin_bot.db, feed_server.feed("morocco.xml"), "Quake Wire", None, ADMIN_ID,
                              admin_bot.clock.now())
    await _ask(sandbox_client, "/pausefeed 1")
    assert await _ask(sandbox_client, "/checkfeed 1 7") == (
        "Feed #1 is paused: /resumefeed 1 polls it again.\nThere is no feed #7 (see /feeds).")
    assert "/f/morocco.xml" not in feed_server.hits
    assert "Usage: /checkfeed N" in await _ask(sandbox_client, "/checkfeed")


async def test_admins_told_a_feed_was_failing_are_told_once_when_it_works_again(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer, fetcher: Fetcher
) -> None:
    await _ask(sandbox_client, "/start")  # a chat with the bot, which may write to the admin from now on
    await _failing_for_days(admin_bot, feed_server, fetcher)
    feed_server.files["fresh.xml"] = feed_server.files["morocco.xml"]  # the publisher fixed it
    admin_bot.clock.advance(minutes=30)  # its next poll
    settings = admin_bot.app.bot_data.settings
    assert (await poll_due_feeds(admin_bot.db, fetcher, admin_bot.clock.now(), settings)).added == 3
    admin_bot.clock.advance(hours=1)
    assert (await poll_due_feeds(admin_bot.db, fetcher, admin_bot.clock.now(), settings)).succeeded == 1
    await notices_sent(admin_bot)
    [recovered] = [m["text"] for m in await sandbox_client.bot_messages(ADMIN_ID) if m["text"].startswith("✅")]
    assert recovered.startswith("✅ Feeds working again:\n#1 Fresh Wire, after failing for 2 d ")


async def test_a_feed_checked_back_to_health_is_told_to_the_other_admins_not_to_the_one_who_checked(
    start_bot: BotFactory, sandbox_client: SandboxClient, feed_server: FeedServer, fetcher: Fetcher
) -> None:
    other = ADMIN_ID + 1
    bot = await start_bot(allow_private_feed_hosts=True, admin_user_ids=frozenset({ADMIN_ID, other}))
    for user in (ADMIN_ID, other):
        await sandbox_client.create_user(id=user, first_name=f"Admin {user}")
        await sandbox_client.send_message(chat_id=user, user_id=user, text="/start")
        await sandbox_client.wait_for_bot_messages(user, count=1)
    await _failing_for_days(bot, feed_server, fetcher)
    feed_server.files["fresh.xml"] = feed_server.files["morocco.xml"]
    assert (await _ask(sandbox_client, "/checkfeed 1")).startswith("Checked #1 Fresh Wire: ✅ it works again")
    await notices_sent(bot)
    told = {user: [m["text"].split("\n")[0] for m in await sandbox_client.bot_messages(user)][-2:]
            for user in (ADMIN_ID, other)}
    assert told[other] == ["⚠️ Feeds failing for over a day (retried with backoff):", "✅ Feeds working again:"]
    assert told[ADMIN_ID][0] == "⚠️ Feeds failing for over a day (retried with backoff):"
    assert told[ADMIN_ID][1].startswith("Checked #1 Fresh Wire: ✅ it works again: 3 new items.")
