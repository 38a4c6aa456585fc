"""What one poll round finds wrong or right again with the feeds comes to each admin as one notice, a section a kind,
ending with what to do next; it is split, between lines, only past Telegram's 4,096 characters."""
from __future__ import annotations

import pytest

from feeds.fetch import Fetcher
from feeds.poller import poll_due_feeds
from news.format import MESSAGE_LIMIT, telegram_length
from sandbox.client import SandboxClient
from storage import feeds as feed_store
from storage.timefmt import to_db
from tests.conftest import ADMIN_ID, BotFactory, RunningBot
from tests.feeds.conftest import FeedServer
from tests.feeds.test_feed_admin import _ask
from tests.feeds.test_feed_check import notices_sent


@pytest.fixture
async def admin_bot(start_bot: BotFactory, sandbox_client: SandboxClient) -> RunningBot:
    bot = await start_bot(allow_private_feed_hosts=True)
    await sandbox_client.create_user(id=ADMIN_ID, first_name="Admin")
    await _ask(sandbox_client, "/start")  # a chat with the bot, which may write to the admin from now on
    return bot


async def _add(bot: RunningBot, url: str, name: str, *, was_flagged: bool = False) -> None:
    """A feed added now; `was_flagged`: admins were told it was failing (it failed 3 times)."""
    feed = await feed_store.add_feed(bot.db, url, name, None, ADMIN_ID, bot.clock.now())
    assert feed is not None
    if was_flagged:
        await bot.db.execute("update feeds set flagged_at = ?, consecutive_failures = 3 where id = ?",
                             (to_db(bot.clock.now()), feed.id))


async def _round_notices(bot: RunningBot, client: SandboxClient, fetcher: Fetcher) -> list[str]:
    """The poll round a day on, and the notices the admin got from it."""
    before = len(await client.bot_messages(ADMIN_ID))
    bot.clock.advance(hours=25)
    await poll_due_feeds(bot.db, fetcher, bot.clock.now(), bot.app.bot_data.settings)
    await notices_sent(bot)
    return [m["text"] for m in await client.bot_messages(ADMIN_ID)][before:]


async def test_a_round_that_flags_one_feed_and_brings_another_back_is_one_notice_with_next_steps(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer, fetcher: Fetcher
) -> None:
    await _add(admin_bot, feed_server.feed("gone.xml"), "Gone Wire")
    await _add(admin_bot, feed_server.feed("morocco.xml"), "Quake Wire", was_flagged=True)
    [notice] = await _round_notices(admin_bot, sandbox_client, fetcher)
    assert notice.split("\n") == [
        "⚠️ Feeds failing for over a day (retried with backoff):",
        "#1 Gone Wire: HTTP 404 Not Found: no page at that address",
        "",
        "✅ Feeds working again:",
        "#2 Quake Wire, after failing for 1 d 1 h",
        "",
        "/checkfeed 1 once fixed · /removefeed 1 if gone · /feeds",
    ]


async def test_several_feeds_failing_get_the_next_steps_with_n(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer, fetcher: Fetcher
) -> None:
    await _add(admin_bot, feed_server.feed("gone.xml"), "Gone Wire")
    await _add(admin_bot, feed_server.feed("lost.xml"), "Lost Wire")
    await _add(admin_bot, feed_server.feed("morocco.xml"), "Quake Wire")  # a feed that works: no watchdog alert
    [notice] = await _round_notices(admin_bot, sandbox_client, fetcher)
    assert notice.split("\n")[1:3] == ["#1 Gone Wire: HTTP 404 Not Found: no page at that address",
                                       "#2 Lost Wire: HTTP 404 Not Found: no page at that address"]
    assert notice.endswith("\n\n/checkfeed N once fixed · /removefeed N if gone · /feeds")


async def test_a_round_too_long_for_one_message_is_split_between_lines_with_the_next_steps_last(
    admin_bot: RunningBot, sandbox_client: SandboxClient, feed_server: FeedServer, fetcher: Fetcher
) -> None:
    """20 feeds flagged and 20 back, each named at 80 characters: some 7,000 characters in all."""
    for number in range(20):
        await _add(admin_bot, feed_server.feed(f"gone{number}.xml"), f"Gone {number:02} " + "w" * 72)
    for number in range(20):
        await _add(admin_bot, f"{feed_server.feed('morocco.xml')}?copy={number}", f"Back {number:02} " + "w" * 72,
                   was_flagged=True)
    notices = await _round_notices(admin_bot, sandbox_client, fetcher)
    assert len(notices) == 2
    assert all(telegram_length(text) <= MESSAGE_LIMIT for text in notices)
    lines = [line for text in notices for line in text.split("\n")]
    assert len([line for line in lines if line.startswith("#")]) == 40
    assert notices[0].startswith("⚠️ Feeds failing for over a day") and not notices[1].startswith("\n")
    assert "/feeds" not in notices[0] and notices[1].endswith("\n/checkfeed N once fixed · /removefeed N if gone · /feeds")
