"""Retention in the running bot: over five weeks of daily digests the hourly prune empties the delivery
log of stories that are over, yet the reader never gets a story twice, not even one still running."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from clock import ManualClock
from ingest.store import store_raw
from sandbox.client import SandboxClient
from storage import Database
from storage import outbox
from storage.retention import DELIVERY_RETENTION
from tests.conftest import RunningBot, wait_until
from tests.digests.test_digest_e2e import MOROCCO, MOROCCO_LATER, TECH, digests, setup_reader
from tests.handlers.test_subscribe import READER

UTC = timezone.utc
FIRST_DIGEST = datetime(2026, 11, 25, 6, 31, tzinfo=UTC)  # 07:31 in Rabat, just after the 07:30 digest
DAYS = 36


async def logged_stories(db: Database) -> set[int]:
    return {r[0] for r in await db.fetchall("select story_id from deliveries where chat_id = ?", (READER,))}


async def test_a_reader_gets_each_story_once_across_the_retention_boundary(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup_reader(sandbox_client)
    _, running = await store_raw(bot.db, MOROCCO, clock.now())  # a story that will run for weeks
    _, over = await store_raw(bot.db, TECH, clock.now())  # a story with no follow-up
    scheduler = bot.app.bot_data.services["digests"]

    fresh = None
    for day in range(DAYS):
        if day and day % 2 == 0:  # another outlet's version every other day keeps the story open
            update = replace(MOROCCO, title=f"{MOROCCO.title}: an update", url=f"{MOROCCO.url}-{day}",
                             text=f"{MOROCCO.text} Update {day}.")
            _, saved = await store_raw(bot.db, update, clock.now())
            assert saved.story_id == running.story_id
        if day == DAYS - 2:
            _, fresh = await store_raw(bot.db, MOROCCO_LATER, clock.now())
        clock.set(FIRST_DIGEST + timedelta(days=day))  # wakes the digest tick and the hourly prune
        await scheduler.tick()

    async def over_story_pruned() -> bool:
        return over.story_id not in await logged_stories(bot.db)

    await wait_until(over_story_pruned)  # the housekeeping task did it, on the app's clock
    assert clock.now() - FIRST_DIGEST > DELIVERY_RETENTION

    async def all_sent() -> bool:
        return await outbox.queue_length(bot.db) == 0

    await wait_until(all_sent)
    texts = [m["text"] for m in await digests(sandbox_client)]
    assert len(texts) == 2
    assert sum("solar plant" in t for t in texts) == 1, "the running story came again"
    assert sum("Chipmaker" in t for t in texts) == 1
    assert fresh is not None and "drip irrigation" in texts[1]
    assert running.story_id in await logged_stories(bot.db), "a story still running stays in the log"
