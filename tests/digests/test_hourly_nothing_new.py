"""Hourly digests with the “Nothing new” message on, through the real bot: an hour with no news says so once, then
nothing until a digest brings news (it said "Nothing new" every hour, all night, unless quiet hours were set)."""
from __future__ import annotations

from datetime import datetime, timezone

from clock import ManualClock
from ingest.store import store_raw
from sandbox.client import SandboxClient
from tests.conftest import RunningBot
from tests.digests.test_digest_e2e import MOROCCO, MOROCCO_LATER, digests, until_digests
from tests.handlers.test_schedule import press
from tests.handlers.test_subscribe import READER, ask

UTC = timezone.utc


async def _hour(bot: RunningBot, clock: ManualClock, hour: int) -> None:
    """The digest tick just after `hour`:00 UTC on the first day (the reader's clock is UTC)."""
    clock.set(datetime(2026, 11, 25, hour, 0, 30, tzinfo=UTC))
    await bot.app.bot_data.services["digests"].tick()


async def test_hourly_digests_say_nothing_new_once_until_news_comes(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await sandbox_client.create_user(READER, "Amina")
    await ask(sandbox_client, "/subscribe morocco")
    await ask(sandbox_client, "/digest hourly")
    settings = await ask(sandbox_client, "/settings")
    assert ("“Nothing new” message: off — when there is no news, no digest comes" in settings["text"]), settings["text"]
    _, switched = await press(sandbox_client, settings, "set:empty:on")
    assert ("“Nothing new” message: on — when there is no news the digest says so (hourly digests once, then not "
            "again until news comes)") in switched["text"], switched["text"]

    await _hour(bot, clock, 7)
    [nothing] = await until_digests(sandbox_client, 1)
    assert nothing["text"].endswith("Nothing new since yesterday 07:00."), nothing["text"]  # a first digest: a day
    for hour in (8, 9):
        await _hour(bot, clock, hour)
    await store_raw(bot.db, MOROCCO, clock.now())
    await _hour(bot, clock, 10)
    # Every message a chat is sent goes out in the order queued: a "Nothing new" at 08:00 or 09:00 would come first.
    _, news = await until_digests(sandbox_client, 2)
    assert "Morocco opens its largest solar plant" in news["text"], news["text"]

    await _hour(bot, clock, 11)
    *_, again = await until_digests(sandbox_client, 3)
    assert again["text"].endswith("Nothing new since 10:00."), again["text"]  # the same day: no date
    for hour in (12, 13):
        await _hour(bot, clock, hour)
    await store_raw(bot.db, MOROCCO_LATER, clock.now())
    await _hour(bot, clock, 14)
    *_, later = await until_digests(sandbox_client, 4)
    assert "drip irrigation" in later["text"], later["text"]
    assert len(await digests(sandbox_client)) == 4
