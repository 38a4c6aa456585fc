"""/stats reads as a newsroom's dashboard: chats by kind (active, and those that blocked, removed or muted the bot),
subscribers, articles today and this week, feeds ok or failing, what was sent today."""
from __future__ import annotations

from datetime import timedelta

from clock import ManualClock
from sandbox.client import SandboxClient
from storage import chats as chat_store
from storage import feeds as feed_store
from tests.conftest import ADMIN_ID, RunningBot, new_group, wait_until
from tests.handlers.test_breaking import ITEM, MOROCCO_FANS, TECH_FAN, setup, wait_for_report
from tests.handlers.test_subscribe import ask


async def _stopped(bot: RunningBot, chat_id: int) -> bool:
    chat = await chat_store.get_chat(bot.db, chat_id)
    return chat is not None and chat.status == "deactivated"


async def _push(client: SandboxClient, clock: ManualClock) -> None:
    """A breaking item for Morocco, confirmed and reported."""
    before = len(await client.bot_messages(ADMIN_ID))
    await client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    control = (await client.wait_for_bot_messages(ADMIN_ID, before + 2))[-1]
    confirm = next(b["callback_data"] for row in control["reply_markup"]["inline_keyboard"] for b in row if "Confirm" in b["text"])
    await client.wait_for_callback_answer(await client.click(ADMIN_ID, control["message_id"], confirm, user_id=ADMIN_ID))
    await wait_for_report(client, clock, control)


async def test_stats_reads_as_a_dashboard(bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock) -> None:
    await setup(bot, sandbox_client, clock)  # four readers in private chats (the admin has none): three follow Morocco, one Technology
    await sandbox_client.block(MOROCCO_FANS[2])
    await wait_until(lambda: _stopped(bot, MOROCCO_FANS[2]))
    desk = await new_group(sandbox_client, "Desk <Rabat>")
    await sandbox_client.set_member(desk["id"], TECH_FAN, "administrator")
    assert "Technology" in (await ask(sandbox_client, "/subscribe tech", chat_id=desk["id"], user_id=TECH_FAN))["text"]
    muted = await new_group(sandbox_client, "Muted")
    await sandbox_client.set_bot_status(muted["id"], "restricted")
    await wait_until(lambda: _stopped(bot, muted["id"]))
    now = clock.now()
    for n, url in enumerate(("https://a.example/rss", "https://b.example/rss", "https://c.example/rss", "https://d.example/rss")):
        feed = await feed_store.add_feed(bot.db, url, f"Wire {n}", None, ADMIN_ID, now)
        assert feed is not None
        if n == 0:
            await feed_store.record_success(bot.db, feed, now, interval=900, etag=None, last_modified=None, items_added=1,
                                            new_url=None)
        elif n == 1:
            await feed_store.record_failure(bot.db, feed, now, "HTTP 503 Service Unavailable")
        elif n == 2:
            await feed_store.set_status(bot.db, feed.id, "paused", now)
    await _push(sandbox_client, clock)

    stats = (await ask(sandbox_client, "/stats", chat_id=ADMIN_ID, user_id=ADMIN_ID))["text"]
    assert stats.splitlines()[:7] == [
        "Stats",
        "👤 Private chats: 3 active, 1 blocked me",
        "👥 Groups: 1 active, 1 removed or muted me",
        "📢 Channels: none",
        "Subscribers: 4 active chats follow news (most followed: 🇲🇦 Morocco 2, 💻 Technology 2)",  # not the one who blocked me
        "Articles: 1 today (UTC), 1 in the last 7 days, 1 kept",
        "Feeds: 1 ok, 1 failing, 1 paused, 1 not polled yet (/feeds)",
    ]
    assert stats.splitlines()[7] == "Sent today (UTC): 0 digest messages, 1 breaking push (2 messages); 0 waiting to go"


async def test_a_quiet_feed_is_counted_quiet_not_ok_as_feeds_shows_it(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    """A feed gone quiet (feeds.quiet) answers fine but brings nothing: /feeds shows it 💤, so /stats must not call it
    ok. One that fails as well is failing, as /feeds shows it."""
    await sandbox_client.create_user(ADMIN_ID, "Editor")
    now = bot.clock.now()
    for n in range(3):
        feed = await feed_store.add_feed(bot.db, f"https://{n}.example/rss", f"Wire {n}", None, ADMIN_ID, now)
        assert feed is not None
        await feed_store.record_success(bot.db, feed, now, interval=900, etag=None, last_modified=None, items_added=1,
                                        new_url=None)
        if n > 0:
            await feed_store.set_quiet(bot.db, feed.id, now - timedelta(days=3), 20.0)
        if n == 2:
            await feed_store.record_failure(bot.db, feed, now, "HTTP 503 Service Unavailable")
    listing = (await ask(sandbox_client, "/feeds", chat_id=ADMIN_ID, user_id=ADMIN_ID))["text"]
    assert listing.count("💤 quiet") == 1 and listing.count("✅ ok") == 1, listing
    stats = (await ask(sandbox_client, "/stats", chat_id=ADMIN_ID, user_id=ADMIN_ID))["text"]
    assert "Feeds: 1 ok, 1 quiet, 1 failing (/feeds)" in stats.splitlines(), stats


async def test_a_feed_redirecting_to_another_is_counted_apart_not_ok_as_feeds_shows_it(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    """A copy of another feed (its address redirects to that feed's: same_as) is polled no more: /feeds shows it
    ↪️ not polled, a quiet one too, so /stats counts it apart, in /feeds' words."""
    await sandbox_client.create_user(ADMIN_ID, "Editor")
    now = bot.clock.now()
    for n in range(3):
        feed = await feed_store.add_feed(bot.db, f"https://{n}.example/rss", f"Wire {n}", None, ADMIN_ID, now)
        assert feed is not None
        await feed_store.record_success(bot.db, feed, now, interval=900, etag=None, last_modified=None, items_added=1,
                                        new_url=None)
        if n > 0:
            await feed_store.set_same_as(bot.db, feed.id, 1)
        if n == 2:
            await feed_store.set_quiet(bot.db, feed.id, now - timedelta(days=3), 20.0)
    listing = (await ask(sandbox_client, "/feeds", chat_id=ADMIN_ID, user_id=ADMIN_ID))["text"]
    assert listing.count("↪️ not polled") == 2 and listing.count("✅ ok") == 1 and "💤" not in listing, listing
    stats = (await ask(sandbox_client, "/stats", chat_id=ADMIN_ID, user_id=ADMIN_ID))["text"]
    assert "Feeds: 1 ok, 2 redirecting to another feed's address (/feeds)" in stats.splitlines(), stats


async def test_an_admins_today_is_the_day_on_their_own_clock(bot: RunningBot, sandbox_client: SandboxClient,
                                                             clock: ManualClock) -> None:
    await setup(bot, sandbox_client, clock)
    await _push(sandbox_client, clock)  # Wed 25 Nov 06:00 UTC: 23:00 the day before in Denver
    assert "Denver" in (await ask(sandbox_client, "/timezone Denver", chat_id=ADMIN_ID, user_id=ADMIN_ID))["text"]
    clock.advance(hours=1, minutes=30)  # 00:30 in Denver: a new day there, not in UTC
    stats = (await ask(sandbox_client, "/stats", chat_id=ADMIN_ID, user_id=ADMIN_ID))["text"].splitlines()
    assert stats[5] == "Articles: 0 today (Denver time), 1 in the last 7 days, 1 kept"
    assert stats[7] == "Sent today (Denver time): 0 digest messages, 0 breaking pushes (0 messages); 0 waiting to go"


async def test_one_subscriber_is_counted_in_the_singular(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    await sandbox_client.create_user(ADMIN_ID, "Editor")
    await ask(sandbox_client, "/subscribe morocco", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    stats = (await ask(sandbox_client, "/stats", chat_id=ADMIN_ID, user_id=ADMIN_ID))["text"].splitlines()
    assert stats[4] == "Subscribers: 1 active chat follows news (most followed: 🇲🇦 Morocco 1)"


async def test_most_followed_says_how_many_more_there_are(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    """The five most followed are named; the rest are counted, not silently cut."""
    await sandbox_client.create_user(ADMIN_ID, "Editor")
    await ask(sandbox_client, "/subscribe morocco israel tech politics sport health business",
              chat_id=ADMIN_ID, user_id=ADMIN_ID)
    stats = (await ask(sandbox_client, "/stats", chat_id=ADMIN_ID, user_id=ADMIN_ID))["text"].splitlines()
    assert stats[4].startswith("Subscribers: 1 active chat follows news (most followed: ")
    assert stats[4].count(" 1, ") == 4 and stats[4].endswith(" 1 and 2 more)"), stats[4]
