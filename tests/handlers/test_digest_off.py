"""/digest off through the real bot: no scheduled digests, what the chat follows kept for /digest now."""
from __future__ import annotations

from datetime import datetime, timezone

from clock import ManualClock
from ingest.store import store_raw
from sandbox.client import SandboxClient
from storage import chats as chat_store
from tests.conftest import RunningBot
from tests.digests.test_digest_e2e import MOROCCO, digests, until_digests
from tests.handlers.test_schedule import chat, press, subscriber  # noqa: F401 (a fixture)
from tests.handlers.test_subscribe import ask

UTC = timezone.utc
OFF_SHOWN = "Digests: off (you get them with /digest now)"


def labels(message: dict) -> list[str]:
    return [b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row]


async def test_digest_off_sends_digests_only_when_asked(
    subscriber: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await store_raw(subscriber.db, MOROCCO, clock.now())
    reply = await ask(sandbox_client, "/digest off")
    assert reply["text"].startswith("🔕 No more scheduled digests for this chat: /digest now brings one whenever you "
                                    "want it, and what it follows stays. To have them on a schedule again, send "
                                    "/digest 08:00 or /digest daily."), reply["text"]
    assert OFF_SHOWN in reply["text"] and "Next digest" not in reply["text"] and "Paused" not in reply["text"]
    stored = await chat(subscriber)
    assert (stored.cadence, stored.next_digest_at, stored.paused_until) == ("off", None, None)
    # No tick reads the chat: it has no due time.
    assert await chat_store.due_for_digest(subscriber.db, datetime(2027, 12, 31, tzinfo=UTC)) == []
    clock.set(datetime(2026, 11, 25, 8, 1, tzinfo=UTC))
    assert await subscriber.app.bot_data.services["digests"].tick() == 0
    assert await digests(sandbox_client) == []
    reply = await ask(sandbox_client, "/subscribe tech")  # following more schedules nothing
    assert "Digests for this chat: off (you get them with /digest now)." in reply["text"], reply["text"]
    assert (await chat(subscriber)).next_digest_at is None
    settings = await ask(sandbox_client, "/settings")
    assert OFF_SHOWN in settings["text"] and "Next digest" not in settings["text"]
    assert "● Off" in labels(settings) and "⏸ Pause 1 day" in labels(settings)  # it still holds back breaking news
    assert "scheduled digests are off" in (await ask(sandbox_client, "/start"))["text"]
    await ask(sandbox_client, "/digest now")
    [asked] = await until_digests(sandbox_client, 1)
    assert "Morocco opens its largest solar plant" in asked["text"]
    assert (await chat(subscriber)).next_digest_at is None
    reply = await ask(sandbox_client, "/digest daily")  # back on, at the time it had
    assert "Digests: every day at 08:00" in reply["text"] and "Next digest: Thu 26 Nov 08:00" in reply["text"]


async def test_off_button_turns_scheduled_digests_off_and_a_cadence_on_again(
    subscriber: RunningBot, sandbox_client: SandboxClient
) -> None:
    await ask(sandbox_client, "/digest 07:00 18:00")
    settings = await ask(sandbox_client, "/settings")
    _, edited = await press(sandbox_client, settings, "set:cad:off")
    assert OFF_SHOWN in edited["text"] and "● Off" in labels(edited), edited["text"]
    assert (await chat(subscriber)).next_digest_at is None
    _, edited = await press(sandbox_client, settings, "set:cad:twice")  # the times it had are kept
    assert "Digests: twice a day, at 07:00 and 18:00" in edited["text"] and "Next digest: Wed 25 Nov 07:00" in edited["text"]


async def test_off_takes_no_time(subscriber: RunningBot, sandbox_client: SandboxClient) -> None:
    before = await chat(subscriber)
    reply = await ask(sandbox_client, "/digest off 08:00")
    assert reply["text"].startswith("With digests off none comes at a time — send just /digest off"), reply["text"]
    assert await chat(subscriber) == before


async def test_with_digests_off_breaking_alerts_say_what_still_comes(
    subscriber: RunningBot, sandbox_client: SandboxClient
) -> None:
    await ask(sandbox_client, "/digest off")
    reply = await ask(sandbox_client, "/breaking_alerts off")
    assert reply["text"] == ("🚨 Breaking news: off for this chat: no breaking news comes here, and digests are off "
                             "too: nothing comes unasked; /digest now brings one. /breaking_alerts on to change it."), reply["text"]
    reply = await ask(sandbox_client, "/subscribe tech")
    assert ("Digests for this chat: off (you get them with /digest now). Breaking news is off too, so nothing comes "
            "unasked.") in reply["text"], reply["text"]
    reply = await ask(sandbox_client, "/breaking_alerts on")
    assert "breaking news comes here as it happens; digests are off: /digest now brings one." in reply["text"], reply["text"]
    reply = await ask(sandbox_client, "/subscribe sports")
    assert "unasked" not in reply["text"], reply["text"]
