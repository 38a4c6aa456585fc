"""A schedule command that cannot do what was typed says what would, through the real bot: a span of hours for
/digest, quiet hours that start where they end, a pause with no end. Nothing changes meanwhile."""
from __future__ import annotations

import pytest

from sandbox.client import SandboxClient
from tests.conftest import RunningBot
from tests.handlers.test_schedule import chat, subscriber  # noqa: F401 (a fixture)
from tests.handlers.test_subscribe import ask


@pytest.mark.parametrize(("command", "answer"), [
    pytest.param("/digest hourly 9-17", "“9-17” is a span of hours, and a digest comes at a time, not over a span. "
                 "For hourly digests only from 09:00 to 17:00, send /digest hourly, then /quiet 17:00-09:00 "
                 "(quiet hours hold them back until 09:00).", id="hourly"),
    pytest.param("/digest hourly from 9am to 5pm", "“from 9am to 5pm” is a span of hours, and a digest comes at a "
                 "time, not over a span. For hourly digests only from 09:00 to 17:00, send /digest hourly, then "
                 "/quiet 17:00-09:00", id="hourly-in-words"),
    pytest.param("/digest 9-17", "“9-17” is a span of hours, and a digest comes at a time, not over a span: "
                 "/digest 09:00 17:00 sends one at each; for one every hour from 09:00 to 17:00, send /digest hourly, "
                 "then /quiet 17:00-09:00.", id="daily"),
    pytest.param("/digest between 8 and 20", "“between 8 and 20” is a span of hours", id="between"),
])
async def test_a_span_of_hours_for_digests_points_to_quiet_hours(
    subscriber: RunningBot, sandbox_client: SandboxClient, command: str, answer: str
) -> None:
    before = await chat(subscriber)
    reply = await ask(sandbox_client, command)
    assert reply["text"].startswith(answer), reply["text"]
    assert "Usage:" not in reply["text"] and "is not a time" not in reply["text"]
    assert await chat(subscriber) == before


async def test_two_times_with_and_are_still_two_digests(subscriber: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await ask(sandbox_client, "/digest 8am and 6pm")
    assert reply["text"].startswith("✅ Saved.") and "twice a day, at 08:00 and 18:00" in reply["text"], reply["text"]


async def test_quiet_hours_that_end_where_they_start_say_so_and_how_to_have_none(
    subscriber: RunningBot, sandbox_client: SandboxClient
) -> None:
    before = await chat(subscriber)
    reply = await ask(sandbox_client, "/quiet 23:00-23:00")
    assert reply["text"] == ("Quiet hours from 23:00 to 23:00 would be none, or the whole day: they need an end other "
                             "than their start, like /quiet 23:00-07:00. To have no quiet hours, send /quiet off; for "
                             "a day without digests or breaking news, /pause 1d."), reply["text"]
    assert await chat(subscriber) == before


@pytest.mark.parametrize("typed", ["forever", "indefinitely", "for good"])
async def test_a_pause_without_end_points_to_digest_off_and_stop(
    subscriber: RunningBot, sandbox_client: SandboxClient, typed: str
) -> None:
    before = await chat(subscriber)
    reply = await ask(sandbox_client, f"/pause {typed}")
    assert reply["text"] == ("A pause ends by itself, after a year at most. To stop scheduled digests, send /digest off "
                             "(what you follow stays, and /digest now brings one when you want it); breaking news, "
                             "/breaking_alerts off; both and everything you follow, /stop. For a break: /pause 3d, "
                             "/pause 2 weeks or /pause 1 year."), reply["text"]
    assert await chat(subscriber) == before


async def test_a_duration_not_understood_shows_pauses_that_are(subscriber: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await ask(sandbox_client, "/pause soon")
    assert reply["text"] == ("“soon” is not a duration — say how long, like /pause 3d, /pause 12h or /pause 2 weeks "
                             "(a year at most)."), reply["text"]


@pytest.mark.parametrize(("command", "answer"), [
    pytest.param("/pause 0d", "The duration must be more than zero, like /pause 3d or /pause 12h.", id="zero"),
    pytest.param("/pause 999w", "That is more than a year — pause for a year at most (/pause 1 year); to stop scheduled "
                 "digests until you turn them on again, /digest off, or to unfollow everything, /stop.", id="decades"),
])
async def test_a_pause_too_short_or_too_long_shows_one_that_works(
    subscriber: RunningBot, sandbox_client: SandboxClient, command: str, answer: str
) -> None:
    before = await chat(subscriber)
    assert (await ask(sandbox_client, command))["text"] == answer
    assert await chat(subscriber) == before
