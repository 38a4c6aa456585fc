"""Digests on working days only, through the real bot: /digest weekdays and its /settings button."""
from __future__ import annotations

from datetime import datetime, timezone

from clock import ManualClock
from ingest.store import store_raw
from sandbox.client import SandboxClient
from tests.conftest import RunningBot
from tests.digests.test_digest_e2e import MOROCCO, digests, until_digests
from tests.handlers.test_schedule import chat, press, subscriber  # noqa: F401 (a fixture)
from tests.handlers.test_subscribe import ask

UTC = timezone.utc


async def test_weekday_digests_skip_the_weekend_on_the_readers_clock(
    subscriber: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await ask(sandbox_client, "/timezone Tokyo")
    reply = await ask(sandbox_client, "/digest weekdays 8:00")
    # The clock reads Wed 25 Nov 06:00 UTC, 15:00 in Tokyo.
    assert reply["text"].startswith("✅ Saved."), reply["text"]
    assert "Digests: every weekday at 08:00" in reply["text"] and "Next digest: Thu 26 Nov 08:00" in reply["text"]
    assert (await chat(subscriber)).cadence == "weekdays"
    await store_raw(subscriber.db, MOROCCO, clock.now())
    ticks = subscriber.app.bot_data.services["digests"]
    clock.set(datetime(2026, 11, 26, 23, 1, tzinfo=UTC))  # Fri 27 Nov 08:01 in Tokyo, Thursday in UTC
    await ticks.tick()
    [friday] = await until_digests(sandbox_client, 1)
    assert "Morocco opens its largest solar plant" in friday["text"]
    assert "Next digest: Mon 30 Nov 08:00" in (await ask(sandbox_client, "/settings"))["text"]
    for saturday_and_sunday in (datetime(2026, 11, 27, 23, 1, tzinfo=UTC), datetime(2026, 11, 28, 23, 1, tzinfo=UTC)):
        clock.set(saturday_and_sunday)
        assert await ticks.tick() == 0
    assert len(await digests(sandbox_client)) == 1


async def test_weekdays_button_keeps_the_readers_times(subscriber: RunningBot, sandbox_client: SandboxClient) -> None:
    await ask(sandbox_client, "/digest 07:00 18:00")
    settings = await ask(sandbox_client, "/settings")
    answer, edited = await press(sandbox_client, settings, "set:cad:weekdays")
    assert answer["text"] == "Saved"
    assert "Digests: every weekday at 07:00 and 18:00" in edited["text"], edited["text"]
    assert "● Weekdays" in [b["text"] for row in edited["reply_markup"]["inline_keyboard"] for b in row]
    stored = await chat(subscriber)
    assert (stored.cadence, stored.digest_times) == ("weekdays", ("07:00", "18:00"))
    reply = await ask(sandbox_client, "/digest 09:00")  # a new time keeps the working days
    assert "Digests: every weekday at 09:00" in reply["text"], reply["text"]


async def test_weekends_is_offered_wherever_weekdays_is(subscriber: RunningBot, sandbox_client: SandboxClient) -> None:
    """/digest weekends works, so the usage line and the cadence error name it beside weekdays; /settings has no
    button for it: none is marked and the Digests line says the days."""
    usage = (await ask(sandbox_client, "/digest 25:00"))["text"]
    assert "/digest weekdays 08:00 · /digest weekends · /digest weekly fri 18:00" in usage, usage
    wrong = (await ask(sandbox_client, "/digest sometimes"))["text"]
    assert "use daily, weekdays, weekends, twice, hourly or weekly <day>" in wrong, wrong
    reply = await ask(sandbox_client, "/digest weekends")
    assert "Digests: every Saturday and Sunday at 08:00" in reply["text"], reply["text"]
    settings = await ask(sandbox_client, "/settings")
    assert "Digests: every Saturday and Sunday at 08:00" in settings["text"], settings["text"]
    cadences = [b["text"] for row in settings["reply_markup"]["inline_keyboard"][:2] for b in row]
    assert cadences == ["Daily", "Weekdays", "Twice daily", "Hourly", "Weekly", "Off"], cadences
