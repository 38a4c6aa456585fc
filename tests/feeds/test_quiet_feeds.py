"""A feed whose polls still succeed but that brings no new item for much longer than usual (moved, frozen, a stale
cache) shows 💤 quiet in /feeds, and admins are told once per quiet spell; a new item ends the spell. The feeds are
served by a local site that ignores conditional GET (every poll gets the whole feed, as from a stale cache)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from feeds.fetch import Fetcher
from feeds.poller import PollReport, poll_due_feeds
from feeds.quiet import Arrival, usual_pace
from sandbox.client import SandboxClient
from storage import feeds as feed_store
from storage.feed_items import first_record
from tests.conftest import ADMIN_ID, BotFactory, RunningBot
from tests.feeds.conftest import Publisher
from tests.feeds.test_feed_admin import _ask
from tests.feeds.test_feed_check import notices_sent

QUIET_ALERT = "💤 Feeds gone quiet"


@pytest.fixture
async def admin_bot(start_bot: BotFactory, sandbox_client: SandboxClient) -> RunningBot:
    bot = await start_bot(allow_private_feed_hosts=True)
    await sandbox_client.create_user(id=ADMIN_ID, first_name="Admin")
    return bot


def _rss(site: Publisher, numbers: list[int]) -> bytes:
    """A feed of convoy reports, each its own story, the newest first."""
    items = "".join(
        f"""<item><title>Relief convoy {n} reaches the mountain villages</title>
<link>{site.url}/news/convoy-{n}</link><guid isPermaLink="false">convoy-{n}</guid>
<description>Convoy number {n} brought tents, water and medicine to {n * 3 + 7} families in the Atlas mountains,
officials said. Aid workers on route {n} expect {n + 2} more trucks before the weekend.</description></item>"""
        for n in reversed(numbers))
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Quake Wire</title>
<link>{site.url}/</link><description>Relief news</description>{items}</channel></rss>""".encode()


async def _poll(bot: RunningBot, fetcher: Fetcher) -> PollReport:
    report = await poll_due_feeds(bot.db, fetcher, bot.clock.now(), bot.app.bot_data.settings)
    assert report.failed == 0
    return report


async def _quiet_alerts(bot: RunningBot, client: SandboxClient) -> list[str]:
    """The quiet-feed alerts the admin has received, once every notice queued has gone out."""
    await notices_sent(bot)
    return [m["text"] for m in await client.bot_messages(ADMIN_ID) if m["text"].startswith(QUIET_ALERT)]


class Wire:
    """The feed on the publisher's site, keeping its latest 20 items."""

    def __init__(self, site: Publisher) -> None:
        self.site, self.numbers = site, list(range(5))  # the backlog its first poll finds
        self.publish(0)

    def publish(self, count: int) -> None:
        start = self.numbers[-1] + 1
        self.numbers = (self.numbers + list(range(start, start + count)))[-20:]
        self.site.feed = _rss(self.site, self.numbers)


async def _added_and_polled_for_a_week(bot: RunningBot, client: SandboxClient, site: Publisher, fetcher: Fetcher,
                                       *, per_poll: int) -> Wire:
    """The feed added, then polled every 6 hours for 8 days, each poll finding `per_poll` new items."""
    wire = Wire(site)
    assert (await _ask(client, f"/addfeed {site.url}/feed.xml Quake Wire")).startswith("Added feed #1 Quake Wire")
    await _poll(bot, fetcher)
    for _ in range(8 * 4):
        bot.clock.advance(hours=6)
        wire.publish(per_poll)
        await _poll(bot, fetcher)
    return wire


async def _poll_for(bot: RunningBot, fetcher: Fetcher, *, hours: int, every: int = 6) -> None:
    for _ in range(hours // every):
        bot.clock.advance(hours=every)
        await _poll(bot, fetcher)


def _feed_lines(listing: str) -> list[str]:
    return listing.split("\n")[1:]


async def test_a_feed_that_stops_bringing_items_is_shown_quiet_and_admins_are_told_once(
    admin_bot: RunningBot, sandbox_client: SandboxClient, publisher: Publisher, fetcher: Fetcher
) -> None:
    """8 a day, one every 3 hours: quiet after 30 hours (10 of its gaps), and still quiet once its items' record
    is pruned and the frozen feed's items are processed again."""
    await _added_and_polled_for_a_week(admin_bot, sandbox_client, publisher, fetcher, per_poll=2)
    await _poll_for(admin_bot, fetcher, hours=24)
    assert "#1 Quake Wire ✅ ok" in await _ask(sandbox_client, "/feeds")
    assert await _quiet_alerts(admin_bot, sandbox_client) == []
    await _poll_for(admin_bot, fetcher, hours=6)
    listing = await _ask(sandbox_client, "/feeds")
    assert "#1 Quake Wire 💤 quiet" in listing
    assert "quiet for 30 h — it usually brings ~8 a day" in _feed_lines(listing)
    [alert] = await _quiet_alerts(admin_bot, sandbox_client)
    assert "#1 Quake Wire: quiet for 30 h — it usually brings ~8 a day" in alert.split("\n")
    await _poll_for(admin_bot, fetcher, hours=42)
    assert "quiet for 3 days — it usually brings ~8 a day" in _feed_lines(await _ask(sandbox_client, "/feeds"))
    await _poll_for(admin_bot, fetcher, hours=29 * 24, every=24)
    # Housekeeping pruned the record of its items after 30 days; the frozen feed still carries them, so they were
    # processed again and recorded anew: old items, no news.
    feed = await feed_store.get_feed(admin_bot.db, 1)
    assert await first_record(admin_bot.db, 1) > feed.quiet_since
    listing = await _ask(sandbox_client, "/feeds")
    assert "#1 Quake Wire 💤 quiet" in listing and "quiet for 32 days — it usually brings ~8 a day" in listing
    assert len(await _quiet_alerts(admin_bot, sandbox_client)) == 1


async def test_a_new_item_ends_the_quiet_spell_and_the_next_spell_is_told_again(
    admin_bot: RunningBot, sandbox_client: SandboxClient, publisher: Publisher, fetcher: Fetcher
) -> None:
    wire = await _added_and_polled_for_a_week(admin_bot, sandbox_client, publisher, fetcher, per_poll=2)
    await _poll_for(admin_bot, fetcher, hours=48)
    assert len(await _quiet_alerts(admin_bot, sandbox_client)) == 1
    wire.publish(1)
    await _poll_for(admin_bot, fetcher, hours=6)
    listing = await _ask(sandbox_client, "/feeds")
    assert "#1 Quake Wire ✅ ok" in listing and "quiet for" not in listing
    # Having once gone two days without an item, it is given half as long again before it counts as quiet.
    await _poll_for(admin_bot, fetcher, hours=72)
    assert "#1 Quake Wire ✅ ok" in await _ask(sandbox_client, "/feeds")
    await _poll_for(admin_bot, fetcher, hours=12)
    assert "#1 Quake Wire 💤 quiet" in await _ask(sandbox_client, "/feeds")
    assert len(await _quiet_alerts(admin_bot, sandbox_client)) == 2


async def test_a_feed_that_brings_one_item_a_day_is_never_called_quiet(
    admin_bot: RunningBot, sandbox_client: SandboxClient, publisher: Publisher, fetcher: Fetcher
) -> None:
    wire = Wire(publisher)
    await _ask(sandbox_client, f"/addfeed {publisher.url}/feed.xml Quake Wire")
    for _ in range(10):
        await _poll_for(admin_bot, fetcher, hours=24)
        wire.publish(1)
    await _poll_for(admin_bot, fetcher, hours=10 * 24)
    assert "#1 Quake Wire ✅ ok" in await _ask(sandbox_client, "/feeds")
    assert await _quiet_alerts(admin_bot, sandbox_client) == []


async def test_a_feed_too_small_to_go_quiet_has_its_history_read_once_per_new_item(
    admin_bot: RunningBot, sandbox_client: SandboxClient, publisher: Publisher, fetcher: Fetcher
) -> None:
    """A feed of one item a day never qualifies (feeds.quiet): once a day without a new item has passed, the
    history that tells so (its arrivals over two weeks and its first record) is read once, not at every good poll
    until the feed brings something new."""
    history_reads: list[str] = []

    def on_statement(sql: str) -> None:
        if "group by fi.seen_at" in sql or "min(seen_at)" in sql:
            history_reads.append(sql)

    wire = Wire(publisher)
    await _ask(sandbox_client, f"/addfeed {publisher.url}/feed.xml Quake Wire")
    await admin_bot.db.conn.set_trace_callback(on_statement)
    for _ in range(10):
        await _poll_for(admin_bot, fetcher, hours=24)
        wire.publish(1)
    await _poll_for(admin_bot, fetcher, hours=24)  # the last item comes with the first of these polls
    assert history_reads == []  # a new item within the day: nothing read but when the latest came
    await _poll_for(admin_bot, fetcher, hours=10 * 24)  # 40 good polls, nothing new
    assert len(history_reads) == 2  # arrivals and first record, once
    wire.publish(1)
    await _poll_for(admin_bot, fetcher, hours=3 * 24)
    assert len(history_reads) == 4  # a new item: read once more, a day after it
    assert "#1 Quake Wire ✅ ok" in await _ask(sandbox_client, "/feeds")


MONDAY = datetime(2026, 3, 2, tzinfo=timezone.utc)


def _weekdays(weeks: int, per_day: int) -> list[Arrival]:
    """A desk that publishes on weekdays from 08:00 to 18:00, and rests at weekends."""
    return [Arrival(MONDAY + timedelta(weeks=w, days=d, hours=8 + h), 1)
            for w in range(weeks) for d in range(5) for h in range(0, 10, 10 // per_day)]


def test_a_feed_resting_at_the_weekend_is_not_quiet_over_a_weekend_but_is_after_four_days() -> None:
    arrivals = _weekdays(2, per_day=10)
    last = arrivals[-1].at  # the second Friday, 17:00
    pace = usual_pace(arrivals, MONDAY)
    assert pace is not None and round(pace.per_day) == 9  # 99 items in 11.6 days
    assert timedelta(days=3, hours=2) < pace.quiet_after <= timedelta(days=4)  # not on Monday 19:00, by Tuesday


@pytest.mark.parametrize(("arrivals", "why"), [
    pytest.param([Arrival(MONDAY + timedelta(hours=3 * n), 1) for n in range(6 * 8)], "six days known",
                 id="too-little-known"),
    pytest.param([Arrival(MONDAY + timedelta(hours=12 * n), 1) for n in range(30)], "two a day", id="too-few-items"),
])
def test_too_little_history_or_too_few_items_never_make_a_feed_quiet(arrivals: list[Arrival], why: str) -> None:
    assert usual_pace(arrivals, MONDAY) is None, why
