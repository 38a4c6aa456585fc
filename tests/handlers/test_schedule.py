"""Schedule commands through the real bot: time zone by city or location, times, quiet hours, pause."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from sandbox.client import SandboxClient
from storage import chats as chat_store
from tests.conftest import RunningBot
from tests.handlers.test_subscribe import READER, ask

UTC = timezone.utc


@pytest.fixture
async def subscriber(bot: RunningBot, sandbox_client: SandboxClient) -> RunningBot:
    await sandbox_client.create_user(READER, "Amina")
    await ask(sandbox_client, "/subscribe morocco")
    return bot


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
        pytest.param("/digest 25:00", "HH:MM", id="bad-time"),
        pytest.param("/quiet late", "Usage: /quiet", id="bad-quiet"),
        pytest.param("/pause soon", "duration", id="bad-duration"),
        pytest.param("/digest fortnightly", "cadence", id="bad-cadence"),
    ],
)
async def test_bad_input_gets_a_usage_answer(subscriber: RunningBot, sandbox_client: SandboxClient, command: str, answer: str) -> None:
    before = await chat(subscriber)
    reply = await ask(sandbox_client, command)
    assert answer in reply["text"]
    assert await chat(subscriber) == before


async def test_cadence_pause_and_resume(subscriber: RunningBot, sandbox_client: SandboxClient) -> None:
    await ask(sandbox_client, "/digest weekly fri")
    assert (await chat(subscriber)).cadence == "weekly:fri"
    await ask(sandbox_client, "/pause 3d")
    paused = await chat(subscriber)
    assert paused.paused_until == datetime(2026, 11, 28, 6, 0, tzinfo=UTC)
    reply = await ask(sandbox_client, "/resume")
    assert "Resumed" in reply["text"] and (await chat(subscriber)).paused_until is None


async def test_settings_buttons_change_the_cadence(subscriber: RunningBot, sandbox_client: SandboxClient) -> None:
    settings = await ask(sandbox_client, "/settings")
    query = await sandbox_client.click(READER, settings["message_id"], "set:cad:hourly", user_id=READER)
    assert (await sandbox_client.wait_for_callback_answer(query))["text"] == "Saved"
    assert (await chat(subscriber)).cadence == "hourly"
    [edited] = [m for m in await sandbox_client.bot_messages(READER) if m["message_id"] == settings["message_id"]]
    assert "Cadence: hourly" in edited["text"] and edited["edit_count"] == 1
