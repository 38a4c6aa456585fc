"""What an admin reads about pushes: the report of a cancelled one, /cancel_broadcast's answer, /broadcasts' list,
and /audience for a push that is no draft."""
from __future__ import annotations

from clock import ManualClock
from sandbox.client import SandboxClient
from tests.conftest import ADMIN_ID, RunningBot, wait_until
from tests.handlers.test_breaking import ITEM, MOROCCO_FANS, setup, wait_for_report
from tests.handlers.test_breaking_drafts import button, current, draft_then_tech, tap
from tests.handlers.test_subscribe import ask

ESCAPED_ITEM = ("Morocco doubles R&D <budget> for quake-proof homes\n"
                "Morocco's government said on Monday in Rabat it would double research spending on earthquake-proof "
                "housing in the Atlas region.")


async def test_a_push_cancelled_midway_is_reported_as_cancelled(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    _, control = await draft_then_tech(bot, sandbox_client, clock)
    engine = bot.app.bot_data.services["delivery"]
    await engine.stop()  # hold delivery, so the push is still in flight when cancelled
    assert await tap(sandbox_client, control, button(control, "Confirm")) == "Sending to 1"
    reply = await ask(sandbox_client, "/cancel_broadcast 1", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "Push #1 cancelled; 1 unsent message stopped" in reply["text"]

    final = await wait_for_report(sandbox_client, clock, control)
    assert final["text"].startswith("⏹ Push #1 cancelled after")
    assert "finished" not in final["text"] and "✅" not in final["text"]
    assert "Delivered: 0" in final["text"] and "Cancelled before sending: 1" in final["text"]


async def test_broadcasts_lists_pushes_by_headline_without_discarded_drafts(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    _, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    await tap(sandbox_client, control, button(control, "Cancel"))  # draft #1, never sent
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {ESCAPED_ITEM}", user_id=ADMIN_ID)
    _, _, _, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 4)
    assert await tap(sandbox_client, control, button(control, "Confirm")) == "Sending to 3"
    await wait_for_report(sandbox_client, clock, control)

    listing = await ask(sandbox_client, "/broadcasts", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "#2 done: 3/3 delivered" in listing["text"]
    assert "Morocco doubles R&D <budget> for quake-proof homes" in listing["text"]  # escaped, so shown as typed
    assert "to 🇲🇦 Morocco, 💼 Business & economy · Wed 25 Nov 06:00 (just now)" in listing["text"]  # to whom, when
    assert "#1" not in listing["text"]


async def test_the_report_and_broadcasts_count_failures_alike(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    await sandbox_client.inject_fault(error=400, description="Bad Request: chat not found", method="sendMessage",
                                      chat_id=MOROCCO_FANS[1])
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    _, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    await tap(sandbox_client, control, button(control, "Confirm"))
    final = await wait_for_report(sandbox_client, clock, control)
    assert "Delivered: 2" in final["text"] and "Failed: 1 (1 blocked or deactivated)" in final["text"]
    assert "Bad Request: chat not found: 1" in final["text"]
    listing = await ask(sandbox_client, "/broadcasts", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "#1 done: 2/3 delivered, 1 failed (1 blocked or deactivated)" in listing["text"]


async def test_a_recount_lower_than_the_preview_says_why_in_the_answer_and_the_report(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    _, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    assert "Recipients: <b>3</b>" in control["html"]
    leaving = MOROCCO_FANS[0]  # between the preview and the tap on Confirm
    await ask(sandbox_client, "/unsubscribe morocco", chat_id=leaving, user_id=leaving)

    why = "3 in the preview; 1 since blocked the bot, changed their settings or got the story"
    assert await tap(sandbox_client, control, button(control, "Confirm")) == f"Sending to 2 ({why})"
    final = await wait_for_report(sandbox_client, clock, control)
    assert f"Recipients: 2 ({why})\nDelivered: 2" in final["text"]


async def test_an_admin_who_gets_the_push_finds_the_report_below_their_copy(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    await ask(sandbox_client, "/subscribe morocco", chat_id=ADMIN_ID, user_id=ADMIN_ID)  # a reader too
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    *_, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 3)
    assert await tap(sandbox_client, control, button(control, "Confirm")) == "Sending to 4"

    async def reported() -> bool:
        if "finished" not in (await sandbox_client.bot_messages(ADMIN_ID))[-1]["text"]:
            clock.advance(3)  # let the progress watcher look again
            return False
        return True
    await wait_until(reported)
    *_, copy, report = await sandbox_client.bot_messages(ADMIN_ID)
    assert copy["text"].startswith("🚨 Breaking") and "Delivered: 4" in report["text"]  # the report, in sight
    pointer = "📤 Push #1: its report is below, under the push."

    async def pointed() -> bool:  # the controls' edit may come after the report, past a flood wait
        if (await current(sandbox_client, control))["text"] != pointer:
            clock.advance(3)
            return False
        return True
    await wait_until(pointed)


async def test_audience_for_a_push_that_is_no_draft_says_so(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    reply = await ask(sandbox_client, "/audience 2 tech", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert reply["text"].startswith("There is no draft #2")
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    _, _, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 3)
    await tap(sandbox_client, control, button(control, "Confirm"))
    reply = await ask(sandbox_client, "/audience 1 tech", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert reply["text"].startswith("Push #1 is already sent")
    assert "Usage" in (await ask(sandbox_client, "/audience 1", chat_id=ADMIN_ID, user_id=ADMIN_ID))["text"]
