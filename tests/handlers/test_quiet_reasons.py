"""Quiet hours say what they do to a digest, through the real bot: the /quiet reply names the digest times they
move, and the next digest says it comes after them."""
from __future__ import annotations

from datetime import datetime, timezone

from clock import ManualClock
from sandbox.client import SandboxClient
from tests.conftest import RunningBot
from tests.handlers.test_schedule import subscriber  # noqa: F401 (a fixture)
from tests.handlers.test_subscribe import ask

UTC = timezone.utc


async def test_quiet_hours_say_they_move_the_digest(
    subscriber: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await ask(sandbox_client, "/digest 07:00")
    reply = await ask(sandbox_client, "/quiet 6-8")
    # The clock reads Wed 25 Nov 06:00 UTC, and the chat's zone is UTC.
    assert reply["text"].startswith("🌙 Saved: quiet from 06:00 to 08:00 — your 07:00 digest will come at 08:00, "
                                    "when they end."), reply["text"]
    assert "Next digest: Wed 25 Nov 08:00 (after your quiet hours, 06:00–08:00)" in reply["text"]
    settings = await ask(sandbox_client, "/settings")
    assert "Digests: every day at 07:00" in settings["text"]
    assert "Next digest: Wed 25 Nov 08:00 (after your quiet hours, 06:00–08:00)" in settings["text"]
    clock.set(datetime(2026, 11, 25, 8, 1, tzinfo=UTC))
    await subscriber.app.bot_data.services["digests"].tick()  # tomorrow's is moved too
    assert "Next digest: Thu 26 Nov 08:00 (after your quiet hours, 06:00–08:00)" in (await ask(sandbox_client, "/settings"))["text"]


async def test_quiet_hours_that_move_no_digest_say_nothing_of_it(subscriber: RunningBot, sandbox_client: SandboxClient) -> None:
    await ask(sandbox_client, "/digest 07:00 07:30 19:00")
    reply = await ask(sandbox_client, "/quiet 06:00-08:00")
    assert reply["text"].startswith("🌙 Saved: quiet from 06:00 to 08:00 — your 07:00 and 07:30 digests will come at "
                                    "08:00, when they end."), reply["text"]
    reply = await ask(sandbox_client, "/quiet 22-7")
    assert reply["text"].startswith("🌙 Saved: quiet from 22:00 to 07:00.\n"), reply["text"]
    assert "Next digest: Wed 25 Nov 07:00\n" in reply["text"] + "\n" and "after your quiet hours" not in reply["text"]


async def test_quiet_hours_say_they_pause_hourly_digests(
    subscriber: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await ask(sandbox_client, "/digest hourly")
    reply = await ask(sandbox_client, "/quiet 22-7")  # Wed 25 Nov 06:00 UTC: inside them
    # Not "quiet from 22:00 to 07:00 — hourly digests pause from 22:00 to 07:00": the hours once.
    assert reply["text"].startswith("🌙 Saved: quiet from 22:00 to 07:00 — hourly digests pause in them and resume "
                                    "at 07:00."), reply["text"]
    held = "Next digest: Wed 25 Nov 07:00 (hourly digests pause from 22:00 to 07:00, your quiet hours)"
    assert held in reply["text"], reply["text"]
    assert held in (await ask(sandbox_client, "/settings"))["text"]
    clock.set(datetime(2026, 11, 25, 12, 30, tzinfo=UTC))  # in the day, the next hour is said plainly
    reply = await ask(sandbox_client, "/quiet 22:00-07:00")
    assert "Next digest: Wed 25 Nov 13:00\n" in reply["text"] + "\n" and "pause in them" in reply["text"].split("\n")[0]
    clock.set(datetime(2026, 11, 25, 21, 30, tzinfo=UTC))
    reply = await ask(sandbox_client, "/quiet 22:00-07:00")
    assert "Next digest: Thu 26 Nov 07:00 (hourly digests pause from 22:00 to 07:00, your quiet hours)" in reply["text"]
    reply = await ask(sandbox_client, "/quiet 06:10-06:50")  # no hour strikes inside them: nothing held
    assert reply["text"].startswith("🌙 Saved: quiet from 06:10 to 06:50.\n"), reply["text"]


async def test_the_subscribe_reply_says_when_quiet_hours_move_the_digest(
    subscriber: RunningBot, sandbox_client: SandboxClient
) -> None:
    """/subscribe said "every day at 08:00" while /settings and /quiet said the digest comes at 09:00."""
    await ask(sandbox_client, "/quiet 7-9")
    reply = await ask(sandbox_client, "/subscribe nigeria")
    assert ("Digests for this chat: every day at 08:00 UTC — your 08:00 digest will come at 09:00, when your quiet "
            "hours (07:00–09:00) end.") in reply["text"], reply["text"]
    assert "Next digest: Wed 25 Nov 09:00 (after your quiet hours, 07:00–09:00)" in (await ask(sandbox_client, "/settings"))["text"]
    await ask(sandbox_client, "/digest hourly")
    await ask(sandbox_client, "/quiet 22:00-07:00")
    reply = await ask(sandbox_client, "/subscribe libya")
    assert ("Digests for this chat: every hour, on the hour — hourly digests pause from 22:00 to 07:00, your "
            "quiet hours.") in reply["text"], reply["text"]
