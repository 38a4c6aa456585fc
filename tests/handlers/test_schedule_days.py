"""Digests on working days only, or at weekends, through the real bot: /digest weekdays and weekends and their
/settings buttons."""
from __future__ import annotations

from datetime import datetime, timezone

from clock import ManualClock
from ingest.store import store_raw
from sandbox.client import SandboxClient
from tests.conftest import RunningBot
from tests.digests.test_digest_e2e import MOROCCO, digests, until_digests
from tests.handlers.test_chat_targets import buttons, cadence, tap
from tests.handlers.test_schedule import chat, press, subscriber  # noqa: F401 (a fixture)
from tests.handlers.test_subscribe import READER, ask

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


CADENCE_ROWS = [["Daily", "Weekdays", "Weekends"], ["Twice daily", "Hourly", "Weekly"], ["Off"]]


def cadence_rows(message: dict) -> list[list[str]]:
    """The labels of the /settings cadence buttons, row by row, the chosen one marked "● "."""
    return [[b["text"] for b in row] for row in message["reply_markup"]["inline_keyboard"][:3]]


async def test_weekends_is_offered_wherever_weekdays_is(subscriber: RunningBot, sandbox_client: SandboxClient) -> None:
    """/digest weekends works, so the usage line and the cadence error name it beside weekdays, and /settings has
    a button for it beside Daily and Weekdays, marked when it is the choice (it had none, and marked nothing)."""
    usage = (await ask(sandbox_client, "/digest 25:00"))["text"]
    assert "/digest weekdays 08:00 · /digest weekends · /digest weekly fri 18:00" in usage, usage
    wrong = (await ask(sandbox_client, "/digest sometimes"))["text"]
    assert "use daily, weekdays, weekends, twice, hourly or weekly <day>" in wrong, wrong
    reply = await ask(sandbox_client, "/digest weekends")
    assert "Digests: every Saturday and Sunday at 08:00" in reply["text"], reply["text"]
    settings = await ask(sandbox_client, "/settings")
    assert "Digests: every Saturday and Sunday at 08:00" in settings["text"], settings["text"]
    assert cadence_rows(settings) == [["Daily", "Weekdays", "● Weekends"], *CADENCE_ROWS[1:]], cadence_rows(settings)


async def test_weekends_button_keeps_the_readers_times_and_daily_brings_back_every_day(
    subscriber: RunningBot, sandbox_client: SandboxClient
) -> None:
    await ask(sandbox_client, "/digest 07:00 18:00")
    settings = await ask(sandbox_client, "/settings")
    assert cadence_rows(settings) == [CADENCE_ROWS[0], ["● Twice daily", "Hourly", "Weekly"], ["Off"]]
    answer, edited = await press(sandbox_client, settings, "set:cad:weekends")
    assert answer["text"] == "Saved"
    assert "Digests: every Saturday and Sunday at 07:00 and 18:00" in edited["text"], edited["text"]
    assert cadence_rows(edited) == [["Daily", "Weekdays", "● Weekends"], *CADENCE_ROWS[1:]]
    stored = await chat(subscriber)
    assert (stored.cadence, stored.digest_times) == ("weekends", ("07:00", "18:00"))
    _, edited = await press(sandbox_client, settings, "set:cad:weekdays")
    assert "Digests: every weekday at 07:00 and 18:00" in edited["text"], edited["text"]
    _, edited = await press(sandbox_client, settings, "set:cad:off")
    assert cadence_rows(edited) == [*CADENCE_ROWS[:2], ["● Off"]]
    _, edited = await press(sandbox_client, settings, "set:cad:weekends")  # off kept the times
    assert "Digests: every Saturday and Sunday at 07:00 and 18:00" in edited["text"], edited["text"]


async def test_a_managed_channels_settings_buttons_fit_telegrams_64_bytes(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    """Buttons about a channel managed from a private chat carry its id (the longest a channel id gets here)."""
    channel = await sandbox_client.create_chat("channel", "Daily Brief", id=-1009999999999999, username="dailybrief",
                                               bot_status="administrator")
    await sandbox_client.create_user(READER, "Amina")
    await sandbox_client.set_member(channel["id"], READER, "administrator")
    await ask(sandbox_client, "/manage @dailybrief")
    await ask(sandbox_client, "/subscribe tech")
    settings = await ask(sandbox_client, "/settings")
    data = [b["callback_data"] for b in buttons(settings)]
    assert all(len(d.encode()) <= 64 for d in data) and "set:cad:weekends@-1009999999999999" in data, data
    answer = await tap(sandbox_client, READER, settings, "set:cad:weekends@-1009999999999999", READER)
    assert answer["text"] == "Saved"
    assert await cadence(bot, channel["id"]) == "weekends"
