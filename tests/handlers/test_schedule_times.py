"""Times as people type them, through the real bot: 12-hour (8pm, 7:30 pm), a bare hour (8), quiet hours
as 10pm-7am or 22-7; what is not understood is said precisely, and nothing changes."""
from __future__ import annotations

import pytest

from sandbox.client import SandboxClient
from tests.conftest import RunningBot
from tests.handlers.test_schedule import chat, subscriber  # noqa: F401 (a fixture)
from tests.handlers.test_subscribe import ask


@pytest.mark.parametrize(("command", "times", "shown"), [
    pytest.param("/digest 8pm", ("20:00",), "Digests: every day at 20:00", id="8pm"),
    pytest.param("/digest 7:30 pm", ("19:30",), "Digests: every day at 19:30", id="spaced-pm"),
    pytest.param("/digest 7.30pm", ("19:30",), "Digests: every day at 19:30", id="dotted-pm"),
    pytest.param("/digest 8", ("08:00",), "Digests: every day at 08:00", id="bare-hour"),
    pytest.param("/digest 8 am and 6 pm", ("08:00", "18:00"), "Digests: twice a day, at 08:00 and 18:00", id="two"),
    pytest.param("/digest 12am", ("00:00",), "Digests: every day at 00:00", id="midnight"),
    pytest.param("/digest 12pm", ("12:00",), "Digests: every day at 12:00", id="12pm"),
    pytest.param("/digest noon", ("12:00",), "Digests: every day at 12:00", id="noon"),
    pytest.param("/digest midnight and 8am", ("00:00", "08:00"), "Digests: twice a day, at 00:00 and 08:00", id="named"),
])
async def test_twelve_hour_and_bare_hour_digest_times_are_saved_as_24_hour(
    subscriber: RunningBot, sandbox_client: SandboxClient, command: str, times: tuple[str, ...], shown: str
) -> None:
    reply = await ask(sandbox_client, command)
    assert reply["text"].startswith("✅ Saved.") and shown in reply["text"], reply["text"]
    assert (await chat(subscriber)).digest_times == times


@pytest.mark.parametrize("command", ["/quiet 10pm-7am", "/quiet 22-7", "/quiet 10 pm - 7 am", "/quiet 22:00 to 07:00"])
async def test_quiet_hours_in_12_hour_or_bare_hours(subscriber: RunningBot, sandbox_client: SandboxClient, command: str) -> None:
    reply = await ask(sandbox_client, command)
    assert reply["text"].startswith("🌙 Saved: quiet from 22:00 to 07:00.") and "Quiet hours: 22:00–07:00" in reply["text"]
    settings = await chat(subscriber)
    assert (settings.quiet_start, settings.quiet_end) == ("22:00", "07:00")


async def test_quiet_hours_from_midnight(subscriber: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await ask(sandbox_client, "/quiet midnight-7am")
    assert reply["text"].startswith("🌙 Saved: quiet from 00:00 to 07:00."), reply["text"]
    assert "Quiet hours: 00:00–07:00" in reply["text"]


async def test_quiet_hours_off_says_so(subscriber: RunningBot, sandbox_client: SandboxClient) -> None:
    await ask(sandbox_client, "/quiet 22:00-07:00")
    reply = await ask(sandbox_client, "/quiet off")
    assert reply["text"].startswith("🌙 Quiet hours off.") and "Quiet hours: none" in reply["text"]
    assert (await chat(subscriber)).quiet_start is None


@pytest.mark.parametrize(("command", "answer"), [
    pytest.param("/digest 25:00", "“25:00” is not a time: hours go 0–23.\nUsage: /digest 08:00 19:30 (or 8am 7:30pm) · ",
                 id="hour-25"),
    pytest.param("/digest 13pm", "“13pm” is not a time: with am or pm, hours go 1–12.", id="13pm"),
    pytest.param("/digest 8:75", "“8:75” is not a time: minutes go 00–59.", id="minutes"),
    pytest.param("/digest pm", "“pm” needs a time before it, like 7:30 pm.", id="pm-alone"),
    pytest.param("/quiet 22:00", "“22:00” is only a start: quiet hours need an end too, like 22:00-07:00.\n"
                                 "Usage: /quiet 22:00-07:00 (or 10pm-7am, or /quiet off)", id="quiet-no-end"),
    pytest.param("/quiet 10pm-25", "“25” is not a time: hours go 0–23.\nUsage: /quiet", id="quiet-bad-end"),
    pytest.param("/quiet late", "“late” is not a time — use 24-hour HH:MM like 19:30, or 7:30pm.\nUsage: /quiet",
                 id="quiet-word"),
])
async def test_a_time_not_understood_is_said_precisely(
    subscriber: RunningBot, sandbox_client: SandboxClient, command: str, answer: str
) -> None:
    before = await chat(subscriber)
    reply = await ask(sandbox_client, command)
    assert reply["text"].startswith(answer), reply["text"]
    assert await chat(subscriber) == before
