"""✏️ Edit: the correction replaces its draft, the old preview and every answer about it say so, and a restart
while the correction is awaited loses nothing."""
from __future__ import annotations

from clock import ManualClock
from sandbox.client import SandboxClient
from tests.conftest import ADMIN_ID, BotFactory, wait_until
from tests.handlers.test_breaking import ITEM, setup
from tests.handlers.test_breaking_drafts import button, current, labels, tap
from tests.handlers.test_subscribe import ask

CORRECTED = ITEM.replace("Friday night", "Friday evening")


async def edit_first_draft(client: SandboxClient) -> dict:
    """Push #1 drafted from ITEM, ✏️ Edit tapped: its controls, asking for the correction."""
    await client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    _, control = await client.wait_for_bot_messages(ADMIN_ID, 2)
    await tap(client, control, button(control, "Edit"))

    async def asking() -> bool:
        return "✏️ Send the corrected text" in (await current(client, control))["text"]
    await client.wait_for(asking)
    return await current(client, control)


async def send_correction(client: SandboxClient) -> tuple[dict, dict]:
    before = len(await client.bot_messages(ADMIN_ID))
    await client.send_message(ADMIN_ID, CORRECTED, user_id=ADMIN_ID)
    preview, control = (await client.wait_for_bot_messages(ADMIN_ID, before + 2))[before:]
    return preview, control


async def test_a_replaced_draft_says_so_in_its_preview_and_in_every_answer(
    start_bot: BotFactory, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    bot = await start_bot()
    await setup(bot, sandbox_client, clock)
    old = await edit_first_draft(sandbox_client)
    preview, new = await send_correction(sandbox_client)
    assert "Friday evening" in preview["text"] and "Preview of breaking push #2" in new["text"]

    async def marked() -> bool:
        return "Replaced by push #2" in (await current(sandbox_client, old))["text"]
    await sandbox_client.wait_for(marked)
    old_now = await current(sandbox_client, old)
    assert labels(old_now) == [] and "Send the corrected text" not in old_now["text"]
    assert old_now["text"] == ("⬆️ Preview of breaking push #1\nReplaced by push #2, its correction below: "
                               "#1 will not be sent.")

    # A client that missed the edit still shows #1's Confirm: the answer names the push that replaced it.
    answer = await tap(sandbox_client, old, button(old, "Confirm"), forged=True)
    assert answer == "Push #1 was replaced by push #2, its correction, and not sent: use that one's preview."
    reply = await ask(sandbox_client, "/audience 1 tech", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert reply["text"] == ("Push #1 was replaced by push #2, its correction, and not sent: send /audience 2 with the "
                             "audience to change that one's.")
    reply = await ask(sandbox_client, "/cancel_broadcast 1", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert reply["text"] == "Push #1 was replaced by push #2, its correction, and not sent: /cancel_broadcast 2 cancels that one."
    assert await tap(sandbox_client, new, button(new, "Confirm")) == "Sending to 3"


async def test_a_correction_sent_after_a_restart_still_replaces_its_draft(
    start_bot: BotFactory, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    bot = await start_bot()
    await setup(bot, sandbox_client, clock)
    old = await edit_first_draft(sandbox_client)
    await bot.stop()
    await start_bot()

    preview, new = await send_correction(sandbox_client)
    assert "Friday evening" in preview["text"] and "Preview of breaking push #2" in new["text"]

    async def marked() -> bool:
        return "Replaced by push #2" in (await current(sandbox_client, old))["text"]
    await sandbox_client.wait_for(marked)


async def test_an_item_sent_after_a_restart_is_taken_when_a_bare_breaking_asked_for_it(
    start_bot: BotFactory, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    bot = await start_bot()
    await setup(bot, sandbox_client, clock)
    assert "Send the breaking item" in (await ask(sandbox_client, "/breaking", chat_id=ADMIN_ID, user_id=ADMIN_ID))["text"]
    await bot.stop()
    restarted = await start_bot()

    clock.advance(minutes=9)
    await sandbox_client.send_message(ADMIN_ID, ITEM, user_id=ADMIN_ID)
    _, preview, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 3)
    assert preview["text"].startswith("🚨 Breaking") and "Preview of breaking push #1" in control["text"]
    assert (await restarted.db.fetchone("select count(*) from broadcasts"))[0] == 1


WAIT_RAN_OUT = "No correction came within 10 minutes: push #1 stays as it is. Tap ✏️ Edit to send one."


async def _stopped_asking(client: SandboxClient, control: dict) -> dict:
    """The controls once they no longer ask for the correction."""
    async def stopped() -> bool:
        return "Send the corrected text" not in (await current(client, control))["text"]
    await client.wait_for(stopped)
    return await current(client, control)


async def test_the_preview_stops_asking_for_the_correction_when_the_wait_runs_out(
    start_bot: BotFactory, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    bot = await start_bot()
    await setup(bot, sandbox_client, clock)
    control = await edit_first_draft(sandbox_client)
    clock.advance(minutes=9)  # still asking
    clock.advance(minutes=2)
    shown = await _stopped_asking(sandbox_client, control)
    assert shown["text"].endswith(WAIT_RAN_OUT) and "Preview of breaking push #1" in shown["text"]
    assert [label.split()[-1] for label in labels(shown)][-3:] == ["Confirm", "Edit", "Cancel"]  # still usable
    late = await ask(sandbox_client, CORRECTED, chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert late["text"].startswith("I waited 10 minutes for the correction of push #1")


async def test_a_wait_that_ran_out_while_the_bot_was_stopped_stops_asking_on_start(
    start_bot: BotFactory, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    bot = await start_bot()
    await setup(bot, sandbox_client, clock)
    control = await edit_first_draft(sandbox_client)
    await bot.stop()
    clock.advance(minutes=30)
    await start_bot()
    assert (await _stopped_asking(sandbox_client, control))["text"].endswith(WAIT_RAN_OUT)


async def test_cancel_or_another_command_takes_the_request_for_the_correction_away(
    start_bot: BotFactory, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    bot = await start_bot()
    await setup(bot, sandbox_client, clock)
    control = await edit_first_draft(sandbox_client)
    assert (await ask(sandbox_client, "/cancel", chat_id=ADMIN_ID, user_id=ADMIN_ID))["text"] == (
        "Cancelled. Push #1 stays as it was.")
    shown = await _stopped_asking(sandbox_client, control)
    assert "Preview of breaking push #1" in shown["text"] and "Edit" in " ".join(labels(shown))
    assert WAIT_RAN_OUT not in shown["text"]

    await tap(sandbox_client, control, button(control, "Edit"))
    note = await ask(sandbox_client, "/broadcasts", chat_id=ADMIN_ID, user_id=ADMIN_ID)  # moved on, and told so
    assert note["text"] == "Stopped waiting for the correction of push #1: it stays as it was. Tap ✏️ Edit to send one."
    assert WAIT_RAN_OUT not in (await _stopped_asking(sandbox_client, control))["text"]


async def test_a_correction_going_to_everyone_offers_its_own_countries_and_topic_beside(
    start_bot: BotFactory, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    bot = await start_bot()
    await setup(bot, sandbox_client, clock)
    await sandbox_client.send_message(ADMIN_ID, "/breaking <b>Bold</b> & co <script>\nShares and bonds fell on the "
                                                "news, traders said.", user_id=ADMIN_ID)
    _, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    assert "\nAudience: 💼 Business & economy\n" in control["text"], control["text"]
    await tap(sandbox_client, control, button(control, "Everyone"))

    async def redrawn() -> bool:  # the tap is answered before its message is edited
        return "\nAudience: everyone\n" in (await current(sandbox_client, control))["text"]
    await wait_until(redrawn)
    control = await current(sandbox_client, control)
    await tap(sandbox_client, control, button(control, "Edit"))
    before = len(await sandbox_client.bot_messages(ADMIN_ID))
    await sandbox_client.send_message(ADMIN_ID, "Markets tumble in Casablanca\nShares on the Casablanca stock exchange "
                                                "fell sharply on Thursday after the central bank raised rates.",
                                      user_id=ADMIN_ID)
    _, new = (await sandbox_client.wait_for_bot_messages(ADMIN_ID, before + 2))[before:]
    assert "\nAudience: everyone\n" in new["text"], new["text"]
    assert labels(new)[:2] == ["● Everyone", "🇲🇦 Morocco, 💼 Business & economy"]
    assert await tap(sandbox_client, new, button(new, "Morocco")) == ""
    assert "\nAudience: 🇲🇦 Morocco, 💼 Business & economy\n" in (await current(sandbox_client, new))["text"]


async def test_choosing_the_audience_while_a_correction_is_awaited_keeps_asking_for_it(
    start_bot: BotFactory, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    bot = await start_bot()
    await setup(bot, sandbox_client, clock)
    control = await edit_first_draft(sandbox_client)
    await tap(sandbox_client, control, button(control, "Everyone"))

    async def everyone_chosen() -> bool:
        return "Audience: everyone" in (await current(sandbox_client, control))["text"]
    await sandbox_client.wait_for(everyone_chosen)
    assert "✏️ Send the corrected text or link: it keeps this audience." in (await current(sandbox_client, control))["text"]

    preview, new = await send_correction(sandbox_client)
    assert "Friday evening" in preview["text"] and "Audience: everyone" in new["text"]


async def test_a_new_breaking_item_ends_the_wait_for_a_correction_and_its_preview_stops_asking(
    start_bot: BotFactory, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    bot = await start_bot()
    await setup(bot, sandbox_client, clock)
    control = await edit_first_draft(sandbox_client)
    assert "Send the breaking item" in (await ask(sandbox_client, "/breaking", chat_id=ADMIN_ID, user_id=ADMIN_ID))["text"]
    shown = await _stopped_asking(sandbox_client, control)
    assert "Preview of breaking push #1" in shown["text"] and "Replaced" not in shown["text"]

    _, new = await send_correction(sandbox_client)  # the item the bare /breaking asked for: a push of its own
    assert "Preview of breaking push #2" in new["text"]
    assert "Replaced" not in (await current(sandbox_client, control))["text"]


async def test_a_correction_of_a_draft_with_no_audience_yet_takes_its_own_countries_and_topic(
    start_bot: BotFactory, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    bot = await start_bot()
    await setup(bot, sandbox_client, clock)
    await sandbox_client.send_message(ADMIN_ID, "/breaking Test item please ignore\nThis is a test.", user_id=ADMIN_ID)
    _, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    assert "\nAudience: not chosen yet\n" in control["text"], control["text"]
    await tap(sandbox_client, control, button(control, "Edit"))
    _, new = await send_correction(sandbox_client)
    assert "\nAudience: 🇲🇦 Morocco, " in new["text"] and "Recipients: 3" in new["text"], new["text"]
