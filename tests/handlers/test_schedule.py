"""Schedule commands through the real bot: time zone by city or location, times, quiet hours, pause."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from clock import ManualClock
from ingest.store import store_raw
from sandbox.client import SandboxClient
from storage import chats as chat_store
from tests.conftest import RunningBot, wait_until
from tests.digests.test_digest_e2e import MOROCCO, digests, until_digests
from tests.handlers.test_subscribe import READER, ask

UTC = timezone.utc


@pytest.fixture
async def subscriber(bot: RunningBot, sandbox_client: SandboxClient) -> RunningBot:
    await sandbox_client.create_user(READER, "Amina")
    await ask(sandbox_client, "/subscribe morocco")
    return bot


async def press(client: SandboxClient, message: dict, data: str) -> tuple[dict, dict]:
    """Press a button under `message`: (the callback's answer, the message as the bot then edited it). The
    bot answers the tap before it edits the message, so its edit (or an edit that changed nothing) is waited for."""
    async def edits() -> int:  # answered: a call gets its status once the sandbox has done it
        calls = await client.calls("editMessageText")
        return len([c for c in calls if str(c["params"].get("message_id")) == str(message["message_id"]) and "status" in c])

    before = await edits()
    answer = await client.wait_for_callback_answer(await client.click(READER, message["message_id"], data, user_id=READER))

    async def edited() -> bool:
        return await edits() > before
    await wait_until(edited)
    [shown] = [m for m in await client.bot_messages(READER) if m["message_id"] == message["message_id"]]
    return answer, shown


async def chat(bot: RunningBot) -> chat_store.Chat:
    found = await chat_store.get_chat(bot.db, READER)
    assert found is not None
    return found


async def test_reader_in_rabat_sets_time_and_quiet_hours(subscriber: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await ask(sandbox_client, "/timezone Rabat")
    assert "Africa/Casablanca" in reply["text"]
    await ask(sandbox_client, "/digest 07:30")
    reply = await ask(sandbox_client, "/quiet 22:00-07:00")
    assert "22:00–07:00" in reply["text"]
    settings = await chat(subscriber)
    assert settings.timezone == "Africa/Casablanca" and settings.digest_times == ("07:30",)
    # The clock reads 06:00 UTC = 07:00 in Casablanca: the next digest is 07:30 local today.
    assert settings.next_digest_at == datetime(2026, 11, 25, 6, 30, tzinfo=UTC)
    assert "Next digest: Wed 25 Nov 07:30" in reply["text"]


async def test_shared_location_sets_the_time_zone(subscriber: RunningBot, sandbox_client: SandboxClient) -> None:
    before = len(await sandbox_client.bot_messages(READER))
    await sandbox_client.send_message(READER, user_id=READER, location={"latitude": 40.71, "longitude": -74.0})
    reply = (await sandbox_client.wait_for_bot_messages(READER, before + 1))[before]
    assert "America/New_York" in reply["text"]
    assert (await chat(subscriber)).timezone == "America/New_York"


@pytest.mark.parametrize(
    ("command", "answer"),
    [
        pytest.param("/timezone Atlantis-on-Sea", "couldn't find a time zone", id="unknown-place"),
        pytest.param("/digest 25:00", "“25:00” is not a time: hours go 0–23", id="bad-time"),
        pytest.param("/quiet late", "Usage: /quiet", id="bad-quiet"),
        pytest.param("/pause soon", "duration", id="bad-duration"),
        pytest.param("/pause 999w", "That is more than a year", id="pause-for-decades"),
        pytest.param("/quiet 07:00-07:00", "an end other than their start", id="quiet-for-no-time"),
        pytest.param("/pause 0d", "The duration must be more than zero, like /pause 3d", id="pause-for-nothing"),
        pytest.param("/digest fortnightly", "cadence", id="bad-cadence"),
        pytest.param("/digest weekly fri 08:00 19:30", "one time", id="weekly-with-two-times"),
        pytest.param("/digest twice 07:00", "two times", id="twice-with-one-time"),
        pytest.param("/digest hourly 08:00", "every hour", id="hourly-with-a-time"),
        pytest.param("/digest daily at teatime", "“teatime”", id="stray-word"),
        pytest.param("/digest " + " ".join(f"{h:02d}:{m:02d}" for h in range(24) for m in (0, 30)),
                     "48 digests a day are too many: at most 6, like /digest 07:00 11:00 15:00 19:00 — or /digest hourly",
                     id="every-half-hour"),
        pytest.param("/digest daily 06:00 09:00 12:00 15:00 18:00 21:00 23:00", "7 digests a day are too many", id="seven-daily"),
        pytest.param("/timezone UTC+5:30", "There is no fixed time zone for UTC+5:30 — whole hours from UTC−12 to UTC+14 only. "
                     "UTC+5:30 is the time in Mumbai: /timezone Mumbai sets it.", id="offset-without-a-fixed-zone"),
        pytest.param("/timezone UTC-3:30", "UTC−3:30 is the time in St. John's (part of the year: its clocks change): "
                     "/timezone St. John's sets it.", id="newfoundland-offset"),
        pytest.param("/timezone UTC+15", "Name a city near you instead, like /timezone Paris.", id="offset-nowhere"),
        pytest.param("/timezone Paris, Texas", "couldn't find a time zone", id="city-not-in-that-country"),
    ],
)
async def test_bad_input_gets_a_usage_answer(subscriber: RunningBot, sandbox_client: SandboxClient, command: str, answer: str) -> None:
    before = await chat(subscriber)
    reply = await ask(sandbox_client, command)
    assert answer in reply["text"]
    assert await chat(subscriber) == before


@pytest.mark.parametrize(("command", "shown"), [
    pytest.param("/digest 08:00, 19:30", "Digests: twice a day, at 08:00 and 19:30", id="comma-space"),
    pytest.param("/digest 07:00,12:00 and 19:00", "Digests: every day at 07:00, 12:00 and 19:00", id="comma-and"),
    pytest.param("/digest 06:00 09:00 12:00 15:00 18:00 21:00", "Digests: every day at 06:00, 09:00, 12:00, 15:00, 18:00 and 21:00",
                 id="six-a-day"),
])
async def test_times_may_be_listed_with_commas_or_and(subscriber: RunningBot, sandbox_client: SandboxClient, command: str, shown: str) -> None:
    reply = await ask(sandbox_client, command)
    assert reply["text"].startswith("✅ Saved.") and shown in reply["text"], reply["text"]


async def test_cadence_pause_and_resume(subscriber: RunningBot, sandbox_client: SandboxClient) -> None:
    await ask(sandbox_client, "/digest weekly fri")
    assert (await chat(subscriber)).cadence == "weekly:fri"
    await ask(sandbox_client, "/pause 3d")
    paused = await chat(subscriber)
    assert paused.paused_until == datetime(2026, 11, 28, 6, 0, tzinfo=UTC)
    reply = await ask(sandbox_client, "/resume")
    assert "Resumed" in reply["text"] and (await chat(subscriber)).paused_until is None
    assert (await ask(sandbox_client, "/resume"))["text"].startswith("Digests and breaking news aren't paused.")
    await ask(sandbox_client, "/pause 2 weeks")  # in words, as people write it
    assert (await chat(subscriber)).paused_until == datetime(2026, 12, 9, 6, 0, tzinfo=UTC)
    reply = await ask(sandbox_client, "/pause 1 year")  # the longest pause; its dates are next year's (weekly: Fridays), and say so
    assert "Paused until Thu 25 Nov 2027 06:00" in reply["text"] and "Next digest: Fri 26 Nov 2027 08:00" in reply["text"]
    assert "⏸ Paused:" in (await ask(sandbox_client, "/pause 365d"))["text"]


async def test_settings_buttons_change_the_cadence(subscriber: RunningBot, sandbox_client: SandboxClient) -> None:
    settings = await ask(sandbox_client, "/settings")
    answer, edited = await press(sandbox_client, settings, "set:cad:hourly")
    assert answer["text"] == "Saved"
    assert (await chat(subscriber)).cadence == "hourly"
    assert "Digests: every hour, on the hour" in edited["text"] and edited["edit_count"] == 1


async def test_weekly_digest_keeps_its_day_and_time(subscriber: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await ask(sandbox_client, "/digest weekly fri 18:00")
    # The clock reads Wed 25 Nov 06:00 UTC, and the chat's zone is UTC.
    assert "Digests: every Friday at 18:00" in reply["text"] and "Next digest: Fri 27 Nov 18:00" in reply["text"]
    reply = await ask(sandbox_client, "/digest 07:15")  # a new time for a weekly digest keeps its day
    assert "Digests: every Friday at 07:15" in reply["text"] and "Next digest: Fri 27 Nov 07:15" in reply["text"]
    settings = await chat(subscriber)
    assert (settings.cadence, settings.digest_times) == ("weekly:fri", ("07:15",))


async def test_twice_daily_shows_the_times_it_uses(
    subscriber: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await ask(sandbox_client, "/digest 07:15")
    reply = await ask(sandbox_client, "/digest twice")  # the reader's own time stays, with the evening default
    assert "Digests: twice a day, at 07:15 and 19:30" in reply["text"]
    assert "Next digest: Wed 25 Nov 07:15" in reply["text"]
    clock.set(datetime(2026, 11, 25, 7, 16, tzinfo=UTC))
    await subscriber.app.bot_data.services["digests"].tick()
    assert "Next digest: Wed 25 Nov 19:30" in (await ask(sandbox_client, "/settings"))["text"]


async def test_weekly_shows_only_the_time_it_uses(subscriber: RunningBot, sandbox_client: SandboxClient) -> None:
    await ask(sandbox_client, "/digest 08:00 19:30")
    reply = await ask(sandbox_client, "/digest weekly fri")
    assert "Digests: every Friday at 08:00" in reply["text"] and "19:30" not in reply["text"]
    assert "Next digest: Fri 27 Nov 08:00" in reply["text"]
    assert (await chat(subscriber)).digest_times == ("08:00",)


async def test_weekly_button_keeps_the_chosen_day(subscriber: RunningBot, sandbox_client: SandboxClient) -> None:
    await ask(sandbox_client, "/digest weekly fri 18:00")
    settings = await ask(sandbox_client, "/settings")
    _, edited = await press(sandbox_client, settings, "set:cad:weekly")
    assert "Digests: every Friday at 18:00" in edited["text"]
    assert (await chat(subscriber)).cadence == "weekly:fri"


async def test_daily_button_means_once_a_day(subscriber: RunningBot, sandbox_client: SandboxClient) -> None:
    await ask(sandbox_client, "/digest 07:00 19:00")
    settings = await ask(sandbox_client, "/settings")
    _, edited = await press(sandbox_client, settings, "set:cad:daily")
    assert "Digests: every day at 07:00" in edited["text"] and "19:00" not in edited["text"]


async def test_cadence_buttons_keep_the_readers_own_times(subscriber: RunningBot, sandbox_client: SandboxClient) -> None:
    await ask(sandbox_client, "/digest 07:15")
    settings = await ask(sandbox_client, "/settings")
    _, edited = await press(sandbox_client, settings, "set:cad:twice")
    assert "Digests: twice a day, at 07:15 and 19:30" in edited["text"], edited["text"]
    assert "Next digest: Wed 25 Nov 07:15" in edited["text"]
    _, edited = await press(sandbox_client, settings, "set:cad:daily")
    assert "Digests: every day at 07:15" in edited["text"], edited["text"]
    _, edited = await press(sandbox_client, settings, "set:cad:weekly")  # a new weekly digest: Mondays, at the same time
    assert "Digests: every Monday at 07:15" in edited["text"], edited["text"]
    assert ((await chat(subscriber)).cadence, (await chat(subscriber)).digest_times) == ("weekly:mon", ("07:15",))
    await ask(sandbox_client, "/digest 06:45 18:00")
    settings = await ask(sandbox_client, "/settings")
    _, edited = await press(sandbox_client, settings, "set:cad:hourly")
    _, edited = await press(sandbox_client, settings, "set:cad:twice")  # back from hourly: both times still there
    assert "Digests: twice a day, at 06:45 and 18:00" in edited["text"], edited["text"]
    _, edited = await press(sandbox_client, settings, "set:cad:daily")
    assert "Digests: every day at 06:45" in edited["text"] and "18:00" not in edited["text"], edited["text"]


async def test_paused_chat_is_told_and_gets_the_first_digest_after_the_pause(
    subscriber: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await store_raw(subscriber.db, MOROCCO, clock.now())
    reply = await ask(sandbox_client, "/pause 3d")
    assert "Paused until Sat 28 Nov 06:00" in reply["text"]
    assert "Next digest: Sat 28 Nov 08:00" in reply["text"]
    assert "Next digest: Sat 28 Nov 08:00" in (await ask(sandbox_client, "/settings"))["text"]
    digest_ticks = subscriber.app.bot_data.services["digests"]
    for day in (25, 26, 27):  # the 08:00 digests the pause skips
        clock.set(datetime(2026, 11, day, 8, 1, tzinfo=UTC))
        assert await digest_ticks.tick() == 0
    assert await digests(sandbox_client) == []
    clock.set(datetime(2026, 11, 28, 8, 1, tzinfo=UTC))
    await digest_ticks.tick()  # now, not whenever the background loop next looks (it may also be the one)
    [first] = await until_digests(sandbox_client, 1)
    assert "Morocco opens its largest solar plant" in first["text"]
    settings = await ask(sandbox_client, "/settings")
    assert "Paused" not in settings["text"] and "Next digest: Sun 29 Nov 08:00" in settings["text"]


@pytest.mark.parametrize("place", [pytest.param("Paris, France", id="comma"), pytest.param("Paris France", id="space"),
                                   pytest.param("paris,france", id="no-space")])
async def test_city_and_country_sets_the_time_zone(subscriber: RunningBot, sandbox_client: SandboxClient, place: str) -> None:
    reply = await ask(sandbox_client, f"/timezone {place}")
    assert "Time zone set to Europe/Paris" in reply["text"]
    assert (await chat(subscriber)).timezone == "Europe/Paris"


@pytest.mark.parametrize(("place", "zone"), [
    pytest.param("Москва", "Europe/Moscow", id="moscow-in-russian"), pytest.param("Токио", "Asia/Tokyo", id="tokyo-in-russian"),
    pytest.param("القاهرة", "Africa/Cairo", id="cairo-in-arabic"), pytest.param("東京", "Asia/Tokyo", id="tokyo-in-japanese"),
    pytest.param("Новосибирск", "Asia/Novosibirsk", id="novosibirsk-in-russian"),
    pytest.param("Новосибирск, Russia", "Asia/Novosibirsk", id="city-in-russian-and-country"),
])
async def test_city_named_in_another_script_sets_its_time_zone(
    subscriber: RunningBot, sandbox_client: SandboxClient, place: str, zone: str
) -> None:
    reply = await ask(sandbox_client, f"/timezone {place}")
    assert f"Time zone set to {zone}" in reply["text"]
    assert (await chat(subscriber)).timezone == zone


async def test_country_with_several_time_zones_gets_its_capitals_and_names_other_cities(
    subscriber: RunningBot, sandbox_client: SandboxClient
) -> None:
    reply = await ask(sandbox_client, "/timezone Russia")
    assert "Time zone set to Europe/Moscow (Russia) — it's 09:00 there now." in reply["text"]
    assert ("Russia has more than one time zone: this is Moscow's. Elsewhere there? Name your city, like "
            "/timezone Yekaterinburg, /timezone Novosibirsk or /timezone Samara.") in reply["text"]
    assert (await chat(subscriber)).timezone == "Europe/Moscow"
    reply = await ask(sandbox_client, "/timezone Yekaterinburg")
    assert "Time zone set to Asia/Yekaterinburg (Yekaterinburg, Russia)" in reply["text"] and "more than one" not in reply["text"]
    reply = await ask(sandbox_client, "/timezone Россия")
    assert "Time zone set to Europe/Moscow (Russia)" in reply["text"] and "Russia has more than one time zone" in reply["text"]
    reply = await ask(sandbox_client, "/timezone Новосибирск, Россия")
    assert "Time zone set to Asia/Novosibirsk (Новосибирск, Russia)" in reply["text"]
    reply = await ask(sandbox_client, "/timezone USA")
    assert "United States has more than one time zone: this is Washington's." in reply["text"]
    assert "/timezone Chicago, /timezone Los Angeles or /timezone Denver" in reply["text"]


async def test_country_with_one_time_zone_just_gets_it(subscriber: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await ask(sandbox_client, "/timezone Morocco")
    assert "Time zone set to Africa/Casablanca (Morocco)" in reply["text"] and "more than one" not in reply["text"]


@pytest.mark.parametrize(
    ("offset", "zone", "label", "next_digest"),
    [
        pytest.param("UTC+2", "Etc/GMT-2", "UTC+2", datetime(2026, 11, 26, 6, 0, tzinfo=UTC), id="utc-plus"),
        pytest.param("GMT+1", "Etc/GMT-1", "UTC+1", datetime(2026, 11, 25, 7, 0, tzinfo=UTC), id="gmt-plus"),
        pytest.param("+01:00", "Etc/GMT-1", "UTC+1", datetime(2026, 11, 25, 7, 0, tzinfo=UTC), id="iso"),
        pytest.param("UTC-5", "Etc/GMT+5", "UTC−5", datetime(2026, 11, 25, 13, 0, tzinfo=UTC), id="utc-minus"),
    ],
)
async def test_fixed_offset_is_accepted_with_a_daylight_saving_warning(
    subscriber: RunningBot, sandbox_client: SandboxClient, offset: str, zone: str, label: str, next_digest: datetime
) -> None:
    reply = await ask(sandbox_client, f"/timezone {offset}")
    assert f"Time zone set to {label} — it's " in reply["text"] and "Etc/GMT" not in reply["text"]
    assert "does not follow daylight saving time" in reply["text"] and "/timezone Paris" in reply["text"]
    settings = await chat(subscriber)
    assert settings.timezone == zone and settings.next_digest_at == next_digest  # 08:00 at that offset
    shown = (await ask(sandbox_client, "/settings"))["text"]
    assert f"Time zone: {label}\n" in shown and "Etc/GMT" not in shown  # stored as Etc/GMT, whose sign misleads


async def test_etc_gmt_name_is_accepted_with_its_real_sign(subscriber: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await ask(sandbox_client, "/timezone Etc/GMT+1")
    assert "Etc/GMT+1 means UTC−1" in reply["text"] and "daylight saving" in reply["text"]
    settings = await chat(subscriber)
    assert settings.timezone == "Etc/GMT+1"
    assert settings.next_digest_at == datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # 08:00 at UTC−1


async def test_place_time_zone_gets_no_offset_warning(subscriber: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await ask(sandbox_client, "/timezone Rabat")
    assert "daylight saving" not in reply["text"] and "(UTC" not in reply["text"]


async def test_settings_buttons_say_their_state_and_offer_what_applies(
    subscriber: RunningBot, sandbox_client: SandboxClient
) -> None:
    def labels(message: dict) -> list[str]:
        return [b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row]

    settings = await ask(sandbox_client, "/settings")
    assert "“Nothing new” message: off" in labels(settings)
    assert "⏸ Pause 1 day" in labels(settings) and "▶️ Resume" not in labels(settings)  # nothing to resume yet
    _, paused = await press(sandbox_client, settings, "set:pause")
    assert "▶️ Resume" in labels(paused) and "⏸ Pause 1 day" not in labels(paused) and "Paused until" in paused["text"]
    _, switched = await press(sandbox_client, settings, "set:empty:on")
    assert "“Nothing new” message: on" in labels(switched)
