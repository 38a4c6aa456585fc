"""Hourly digests through a Telegram outage, end to end: the reader gets one digest at a time, not a pile."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from clock import ManualClock
from ingest.store import store_raw
from news.models import RawArticle
from sandbox.client import SandboxClient
from storage import Database
from storage import chats as chat_store
from storage.timefmt import to_db
from tests.conftest import RunningBot, wait_until
from tests.digests.test_digest_e2e import digests, until_digests
from tests.handlers.test_subscribe import READER, ask

UTC = timezone.utc

# Distinct Morocco stories (no two are one story), one a headline the digests show.
STORIES = [
    ("Rescue teams reach Atlas villages cut off by landslides",
     "Rescue teams in the Atlas mountains reached remote villages cut off by landslides after the earthquake, "
     "Moroccan officials in Rabat said."),
    ("Central bank in Rabat holds its key interest rate",
     "Morocco's central bank kept its main interest rate unchanged in Rabat, citing easing food inflation."),
    ("Casablanca celebrates as the national team reaches the final",
     "Football fans celebrated in Casablanca after Morocco's national team qualified for the tournament final."),
    ("Parliament passes a water conservation law",
     "Parliament in Rabat passed a water conservation law as Moroccan reservoirs fell to record lows this summer."),
    ("Tanger Med port handles record container traffic",
     "The Tanger Med port in northern Morocco handled a record number of containers this year, its operator said."),
    ("Marrakech opens its international film festival",
     "Film stars arrived in Marrakech for the opening of Morocco's international film festival on Friday."),
]
HEADLINES = [title for title, _ in STORIES]


async def add_story(db: Database, n: int, now: datetime) -> None:
    title, text = STORIES[n]
    await store_raw(db, RawArticle(title=title, text=text, source="Wire", url=f"https://wire.example/morocco/{n}"), now)


async def tried_all_due(db: Database, now: datetime) -> None:
    """Wait until the sender has tried every message due at `now` (and put back those that failed)."""
    async def tried() -> bool:
        row = await db.fetchone(
            "select count(*) from outbox where status = 'sending' or (status = 'pending' and not_before <= ?)",
            (to_db(now),))
        return row[0] == 0
    await wait_until(tried)


async def digest_statuses(db: Database) -> list[str]:
    return [row[0] for row in await db.fetchall("select status from outbox where kind = 'digest' order by id")]


async def all_sent(db: Database) -> None:
    """Wait until no digest message is left to send (each sent, or failed for good)."""
    async def settled() -> bool:
        row = await db.fetchone(
            "select count(*) from outbox where kind = 'digest' and status in ('pending', 'sending')")
        return row[0] == 0
    await wait_until(settled)


def stories_in(messages: list[dict]) -> list[int]:
    """Which stories the messages show, once per time shown."""
    return [n for m in messages for n, headline in enumerate(HEADLINES) if headline in m["text"]]


async def test_hours_of_5xx_bring_one_digest_then_the_rest_in_the_next_not_a_pile(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await sandbox_client.create_user(READER, "Amina")
    for command in ("/subscribe morocco", "/digest hourly"):  # UTC, every hour on the hour: next at 07:00
        await ask(sandbox_client, command)
    tick = bot.app.bot_data.services["digests"].tick

    # Telegram answers every message with a 502 from 06:00 to 11:30; news comes in every hour.
    await sandbox_client.inject_fault(error=502, method="sendMessage", count=100_000)
    for hour in range(5):
        clock.set(datetime(2026, 11, 25, 6, 30, tzinfo=UTC) + timedelta(hours=hour))
        await add_story(bot.db, hour, clock.now())
        clock.set(datetime(2026, 11, 25, 7, 0, tzinfo=UTC) + timedelta(hours=hour))
        await tick()
        await tried_all_due(bot.db, clock.now())
        chat = await chat_store.get_chat(bot.db, READER)
        assert chat is not None and chat.next_digest_at == clock.now() + timedelta(hours=1)  # due again next hour
    assert await digests(sandbox_client) == []
    tries = await bot.db.fetchone("select attempts from outbox where kind = 'digest' order by id")
    assert tries[0] >= 5  # the first digest was tried and failed every hour

    await sandbox_client.clear_faults()
    clock.set(datetime(2026, 11, 25, 11, 30, tzinfo=UTC))
    await all_sent(bot.db)
    shown = await digests(sandbox_client)
    assert len(shown) == 1, f"{len(shown)} digests in a row"
    assert stories_in(shown) == [0]

    # The news held back during the outage comes in the next regular digest, whole and once.
    clock.set(datetime(2026, 11, 25, 12, 0, tzinfo=UTC))
    await tick()
    first, second = await until_digests(sandbox_client, 2)
    assert stories_in([second]) == [1, 2, 3, 4]

    # And the hour after that is an ordinary hour again.
    clock.set(datetime(2026, 11, 25, 12, 30, tzinfo=UTC))
    await add_story(bot.db, 5, clock.now())
    clock.set(datetime(2026, 11, 25, 13, 0, tzinfo=UTC))
    await tick()
    *_, third = await until_digests(sandbox_client, 3)
    assert stories_in([third]) == [5]
    await all_sent(bot.db)
    assert sorted(stories_in(await digests(sandbox_client))) == list(range(6))  # every story exactly once
    assert len(await digests(sandbox_client)) == 3


async def test_a_waiting_digest_that_fails_for_good_gives_its_news_to_the_next_with_what_came_since(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    """A digest held back by a long flood pause; the reader blocks the bot before it goes, and comes back. The
    next digest brings that digest's story and the two that came while it waited, each once."""
    await sandbox_client.create_user(READER, "Amina")
    for command in ("/subscribe morocco", "/digest hourly"):
        await ask(sandbox_client, command)
    tick = bot.app.bot_data.services["digests"].tick
    await sandbox_client.inject_fault(error=429, retry_after=9000, method="sendMessage", count=1)  # until 09:30
    clock.set(datetime(2026, 11, 25, 6, 30, tzinfo=UTC))
    await add_story(bot.db, 0, clock.now())
    clock.set(datetime(2026, 11, 25, 7, 0, tzinfo=UTC))
    assert await tick() == 1
    await tried_all_due(bot.db, clock.now())
    for hour in (1, 2):  # the news of 07:30 and 08:30 waits: no digest at 08:00 and 09:00
        clock.set(datetime(2026, 11, 25, 6, 30, tzinfo=UTC) + timedelta(hours=hour))
        await add_story(bot.db, hour, clock.now())
        clock.set(datetime(2026, 11, 25, 7, 0, tzinfo=UTC) + timedelta(hours=hour))
        assert await tick() == 0

    await sandbox_client.block(READER)
    clock.set(datetime(2026, 11, 25, 9, 30, tzinfo=UTC))
    await all_sent(bot.db)
    assert await digest_statuses(bot.db) == ["failed"]  # one digest, not three
    await sandbox_client.block(READER, blocked=False)
    await ask(sandbox_client, "/start")  # welcome back: active again

    clock.set(datetime(2026, 11, 25, 10, 0, tzinfo=UTC))
    assert await tick() == 1
    [back] = await until_digests(sandbox_client, 1)
    assert stories_in([back]) == [0, 1, 2]

    clock.set(datetime(2026, 11, 25, 10, 30, tzinfo=UTC))
    await add_story(bot.db, 3, clock.now())
    clock.set(datetime(2026, 11, 25, 11, 0, tzinfo=UTC))
    assert await tick() == 1
    back, after = await until_digests(sandbox_client, 2)
    assert stories_in([after]) == [3]


async def test_a_digest_skipped_behind_a_waiting_one_comes_within_the_hour_not_at_the_next_slot(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    """Twice daily (08:00 and 19:30): the morning digest waits through a 12-hour outage; the evening one,
    skipped behind it, comes within the hour after Telegram is back, not the next morning."""
    await sandbox_client.create_user(READER, "Amina")
    for command in ("/subscribe morocco", "/digest twice"):
        await ask(sandbox_client, command)
    tick = bot.app.bot_data.services["digests"].tick
    await sandbox_client.inject_fault(error=502, method="sendMessage", count=100_000)
    clock.set(datetime(2026, 11, 25, 7, 30, tzinfo=UTC))
    await add_story(bot.db, 0, clock.now())
    clock.set(datetime(2026, 11, 25, 8, 0, tzinfo=UTC))
    assert await tick() == 1
    clock.set(datetime(2026, 11, 25, 12, 0, tzinfo=UTC))
    await add_story(bot.db, 1, clock.now())
    clock.set(datetime(2026, 11, 25, 19, 30, tzinfo=UTC))
    assert await tick() == 0  # the morning digest still waits

    await sandbox_client.clear_faults()
    clock.set(datetime(2026, 11, 25, 20, 0, tzinfo=UTC))
    await all_sent(bot.db)
    clock.set(datetime(2026, 11, 25, 20, 30, tzinfo=UTC))
    assert await tick() == 1
    morning, evening = await until_digests(sandbox_client, 2)
    assert stories_in([morning]) == [0] and stories_in([evening]) == [1]
    chat = await chat_store.get_chat(bot.db, READER)
    assert chat is not None and chat.next_digest_at == datetime(2026, 11, 26, 8, 0, tzinfo=UTC)  # back on schedule
