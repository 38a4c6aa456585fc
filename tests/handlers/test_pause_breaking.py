"""/pause has one meaning, said everywhere: no digests and no breaking news; ⏸ Pause 1 day in /settings stays with
digests off, where it still silences breaking pushes. Through the real bot."""
from __future__ import annotations

from clock import ManualClock
from sandbox.client import SandboxClient
from tests.conftest import ADMIN_ID, RunningBot
from tests.handlers.test_breaking import ITEM, MOROCCO_FANS, breaking, setup, wait_for_report
from tests.handlers.test_breaking_drafts import button, labels, tap
from tests.handlers.test_subscribe import READER, ask


async def test_pause_says_it_holds_back_digests_and_breaking_news(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    reader = MOROCCO_FANS[0]
    usage = await ask(sandbox_client, "/pause", chat_id=reader, user_id=reader)
    assert usage["text"] == ("Digests and breaking news aren't paused.\nUsage: /pause 3d (or 12h, 1w): no digests and "
                             "no breaking news for that long; /resume ends the pause."), usage["text"]
    paused = await ask(sandbox_client, "/pause 3d", chat_id=reader, user_id=reader)
    assert paused["text"].startswith("⏸ Paused: no digests and no breaking news until the pause ends; /resume ends it "
                                     "sooner.\n\n"), paused["text"]
    assert "Paused until Sat 28 Nov 06:00: no digests, no breaking news" in paused["text"]
    resumed = await ask(sandbox_client, "/resume", chat_id=reader, user_id=reader)
    assert resumed["text"].startswith("▶️ Resumed: digests and breaking news come again."), resumed["text"]
    question = await ask(sandbox_client, "/stop", chat_id=reader, user_id=reader)
    assert ("Only want a break? /pause 3d stops digests and breaking news for three days and keeps what it follows."
            in question["text"]), question["text"]
    assert {"command": "pause", "description": "Pause digests and breaking news: /pause 3d"} in await sandbox_client.commands()


async def test_with_digests_off_the_pause_button_still_silences_breaking_news(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    reader = MOROCCO_FANS[0]
    await ask(sandbox_client, "/digest off", chat_id=reader, user_id=reader)
    settings = await ask(sandbox_client, "/settings", chat_id=reader, user_id=reader)
    assert "⏸ Pause 1 day" in labels(settings), labels(settings)
    answer = await sandbox_client.wait_for_callback_answer(await sandbox_client.click(
        reader, settings["message_id"], button(settings, "⏸ Pause 1 day"), user_id=reader))
    assert answer["text"] == "⏸ Paused for a day: no digests, no breaking news."
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    _, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    assert await tap(sandbox_client, control, button(control, "Confirm")) == "Sending to 2"
    await wait_for_report(sandbox_client, clock, control)
    assert breaking(await sandbox_client.bot_messages(reader)) == []
    # With breaking news off too there is nothing to pause, and no button for it.
    await ask(sandbox_client, "/resume", chat_id=reader, user_id=reader)
    await ask(sandbox_client, "/breaking_alerts off", chat_id=reader, user_id=reader)
    settings = await ask(sandbox_client, "/settings", chat_id=reader, user_id=reader)
    assert "⏸ Pause 1 day" not in labels(settings) and "▶️ Resume" not in labels(settings)


async def test_settings_while_paused_say_breaking_news_is_paused_not_on(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    """/settings showed "🚨 Breaking news: on" right above "Paused until …: no digests, no breaking news"."""
    await sandbox_client.create_user(READER, "Amina")
    await ask(sandbox_client, "/subscribe morocco")
    await ask(sandbox_client, "/pause 3d")
    settings = (await ask(sandbox_client, "/settings"))["text"].splitlines()
    assert "🚨 Breaking news: paused (on again when the pause ends)" in settings, settings
    assert "🚨 Breaking news: on" not in settings
    await ask(sandbox_client, "/resume")
    assert "🚨 Breaking news: on" in (await ask(sandbox_client, "/settings"))["text"].splitlines()
