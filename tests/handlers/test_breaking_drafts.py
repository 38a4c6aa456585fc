"""A breaking draft becomes news only as the admin meant it: no stray message drafted, no push to nobody, and only
the latest preview acts, pushing to the audience it shows."""
from __future__ import annotations

from clock import ManualClock
from sandbox.client import SandboxClient
from tests.conftest import ADMIN_ID, RunningBot
from tests.handlers.test_breaking import ITEM, MOROCCO_FANS, TECH_FAN, breaking, setup, wait_for_report
from tests.handlers.test_subscribe import ask

PERU_ITEM = ("Floods cut off villages in Peru's Andes\n"
             "Heavy rains flooded rivers in the Peruvian Andes on Monday, cutting roads to dozens of villages near Cusco, "
             "Peru's civil defence institute said in Lima.")


def button(message: dict, label: str) -> str:
    """The callback data of the message's button whose text holds `label`."""
    return next(b["callback_data"] for row in (message.get("reply_markup") or {}).get("inline_keyboard", [])
                for b in row if label in b["text"])


def labels(message: dict) -> list[str]:
    return [b["text"] for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]


async def tap(client: SandboxClient, message: dict, data: str, forged: bool = False) -> str:
    """Tap a button of the admin's message; the answer's text."""
    query = await client.click(ADMIN_ID, message["message_id"], data, user_id=ADMIN_ID, forged=forged)
    return str((await client.wait_for_callback_answer(query))["text"])


async def current(client: SandboxClient, message: dict) -> dict:
    [found] = [m for m in await client.bot_messages(ADMIN_ID) if m["message_id"] == message["message_id"]]
    return found


async def draft_then_tech(bot: RunningBot, client: SandboxClient, clock: ManualClock) -> tuple[dict, dict]:
    """Push #1 drafted from ITEM for its own audience (Morocco), then moved to Technology by /audience: the first
    control message and the one /audience posts."""
    await setup(bot, client, clock)
    await client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    _, first = await client.wait_for_bot_messages(ADMIN_ID, 2)
    return first, await ask(client, "/audience 1 tech", chat_id=ADMIN_ID, user_id=ADMIN_ID)


async def test_a_stray_message_after_a_push_given_with_its_text_is_no_new_draft(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    assert "Send the breaking item" in (await ask(sandbox_client, "/breaking", chat_id=ADMIN_ID, user_id=ADMIN_ID))["text"]
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)  # changed their mind: the text at once
    _, _, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 3)
    assert await tap(sandbox_client, control, button(control, "Confirm")) == "Sending to 3"
    await wait_for_report(sandbox_client, clock, control)

    await sandbox_client.send_message(ADMIN_ID, "hello", user_id=ADMIN_ID)
    await sandbox_client.send_message(ADMIN_ID, "/broadcasts", user_id=ADMIN_ID)  # a chat's updates are handled in order

    async def listed() -> bool:
        return any(m["text"].startswith("Recent pushes") for m in await sandbox_client.bot_messages(ADMIN_ID))
    await sandbox_client.wait_for(listed)
    texts = [m["text"] for m in await sandbox_client.bot_messages(ADMIN_ID)]
    assert not any("hello" in text or "push #2" in text for text in texts)
    assert "#2" not in texts[-1]
    assert "hello" not in (await ask(sandbox_client, "/latest", chat_id=TECH_FAN, user_id=TECH_FAN))["text"]


NOTE = "Private note to self here\nRemember to check the feeds list tomorrow morning."


async def no_draft_from(client: SandboxClient, bot: RunningBot, text: str) -> dict:
    """Send `text` in the admin's private chat; what the bot answers, which must be no breaking preview."""
    reply = await ask(client, text, chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "Preview of breaking push" not in reply["text"] and "🚨" not in reply["text"]
    assert (await bot.db.fetchone("select count(*) from broadcasts"))[0] == 0
    return reply


async def test_a_bare_breaking_in_a_group_waits_there_not_in_the_private_chat(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    group = await sandbox_client.create_chat("group", "Newsroom", bot_status="member", by_user_id=ADMIN_ID)
    await sandbox_client.wait_for_bot_messages(group["id"], 1)
    reply = await ask(sandbox_client, f"/breaking@{bot.app.bot.username}", chat_id=group["id"], user_id=ADMIN_ID)
    assert reply["text"].startswith("Reply to this message with the breaking item")  # test_breaking_groups
    await no_draft_from(sandbox_client, bot, NOTE)  # became push #1 before


async def test_the_wait_for_an_item_ends_at_another_command_or_after_ten_minutes(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    await ask(sandbox_client, "/breaking", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    await ask(sandbox_client, "/broadcasts", chat_id=ADMIN_ID, user_id=ADMIN_ID)  # moved on, and told so
    await sandbox_client.wait_for_bot_messages(ADMIN_ID, 3)  # the prompt, "Stopped waiting …", the list
    assert (await no_draft_from(sandbox_client, bot, NOTE))["text"].startswith("That looks like an article")
    await ask(sandbox_client, "/breaking", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    clock.advance(minutes=11)
    late = await no_draft_from(sandbox_client, bot, NOTE)  # told why it was not taken, once
    assert late["text"] == ("I waited 10 minutes for the breaking item after /breaking, so I did not take this as one. "
                            "Send /breaking with the headline and text to draft it.")
    assert (await no_draft_from(sandbox_client, bot, NOTE))["text"].startswith("That looks like an article")
    await ask(sandbox_client, "/breaking", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    clock.advance(minutes=9)  # still within the wait: the item is taken
    await sandbox_client.send_message(ADMIN_ID, ITEM, user_id=ADMIN_ID)

    async def drafted() -> bool:
        return (await bot.db.fetchone("select count(*) from broadcasts"))[0] == 1
    await sandbox_client.wait_for(drafted)


async def test_edit_keeps_the_chosen_audience_and_a_refused_correction_keeps_the_draft(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    _, control = await draft_then_tech(bot, sandbox_client, clock)
    assert "Technology" in control["text"]
    await tap(sandbox_client, control, button(control, "Edit"))

    async def asking() -> bool:  # the controls are edited once the tap is answered
        return "Send the corrected text" in (await current(sandbox_client, control))["text"]
    await sandbox_client.wait_for(asking)
    refused = await ask(sandbox_client, "oops", chat_id=ADMIN_ID, user_id=ADMIN_ID)  # a slip
    assert refused["text"].endswith("Push #1 stays as it was.")
    assert (await bot.db.fetchone("select status from broadcasts where id = 1"))[0] == "draft"

    await tap(sandbox_client, control, button(control, "Edit"))
    corrected = ITEM.replace("Friday night", "Friday evening")
    before = len(await sandbox_client.bot_messages(ADMIN_ID))
    await sandbox_client.send_message(ADMIN_ID, corrected, user_id=ADMIN_ID)
    preview, new_control = (await sandbox_client.wait_for_bot_messages(ADMIN_ID, before + 2))[before:]
    assert "Friday evening" in preview["text"]
    assert "Audience: 💻 Technology" in new_control["text"] and "Recipients: <b>1</b>" in new_control["html"]
    assert (await bot.db.fetchone("select status from broadcasts where id = 1"))[0] == "cancelled"


async def test_a_correction_after_the_wait_ran_out_is_told_so_and_the_draft_stays(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    _, control = await draft_then_tech(bot, sandbox_client, clock)
    await tap(sandbox_client, control, button(control, "Edit"))
    clock.advance(minutes=11)
    late = await ask(sandbox_client, ITEM.replace("Friday night", "Friday evening"), chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert late["text"] == ("I waited 10 minutes for the correction of push #1, so I did not take this as one: push #1 "
                            "stays as it was. Tap ✏️ Edit again, or send /breaking with the item.")
    assert (await bot.db.fetchone("select status, count(*) from broadcasts"))[:] == ("draft", 1)


async def test_an_item_without_headline_and_text_is_refused(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    await ask(sandbox_client, "/breaking", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    reply = await ask(sandbox_client, "hello", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert reply["text"].startswith("A breaking item needs a headline: a one-line flash of 3 words or more")
    reply = await ask(sandbox_client, "/breaking Morocco earthquake", chat_id=ADMIN_ID, user_id=ADMIN_ID)  # no flash either
    assert reply["text"].startswith("A breaking item needs a headline")
    assert (await bot.db.fetchone("select count(*) from broadcasts"))[0] == 0
    assert "hello" not in (await ask(sandbox_client, "/latest", chat_id=TECH_FAN, user_id=TECH_FAN))["text"]


async def test_a_push_nobody_follows_cannot_be_confirmed_and_stays_unpublished(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {PERU_ITEM}", user_id=ADMIN_ID)
    _, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    assert "Recipients: 0" in control["text"]
    assert "Nobody follows this audience: choose another with /audience 1" in control["text"]
    assert not any("Confirm" in label for label in labels(control))

    # A client holding a Confirm for it (tampered, or an older bot's controls) gets a refusal, and nothing is published.
    answer = await tap(sandbox_client, control, "bk:1:go", forged=True)
    assert answer.startswith("Nobody follows this audience: nothing was sent")
    reader = MOROCCO_FANS[0]
    assert "Floods cut off villages" not in (await ask(sandbox_client, "/latest", chat_id=reader, user_id=reader))["text"]
    listing = await ask(sandbox_client, "/broadcasts", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "No pushes yet" in listing["text"]

    control = await ask(sandbox_client, "/audience 1 everyone", chat_id=ADMIN_ID, user_id=ADMIN_ID)  # the way out it names
    assert await tap(sandbox_client, control, button(control, "Confirm")) == "Sending to 4"


async def test_only_the_latest_preview_acts_and_pushes_the_audience_it_shows(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    old, new = await draft_then_tech(bot, sandbox_client, clock)
    assert "Technology" in new["text"] and "Recipients: 1" in new["text"]
    async def old_buttons_gone() -> bool:  # taken away just after the new preview is posted
        return labels(await current(sandbox_client, old)) == []
    await sandbox_client.wait_for(old_buttons_gone)

    # A client that still shows them (it missed the edit) taps "Everyone" there: refused, nothing changes.
    answer = await tap(sandbox_client, old, button(old, "Everyone"), forged=True)
    assert answer == "This preview is out of date — use the latest one."
    assert await tap(sandbox_client, new, button(new, "Confirm")) == "Sending to 1"
    await wait_for_report(sandbox_client, clock, new)
    assert len(breaking(await sandbox_client.bot_messages(TECH_FAN))) == 1
    for chat_id in MOROCCO_FANS:
        assert breaking(await sandbox_client.bot_messages(chat_id)) == []


async def test_an_old_preview_whose_buttons_could_not_be_removed_is_still_refused(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    _, old = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    await sandbox_client.inject_fault(error=400, method="editMessageText", count=1,
                                      description="Bad Request: message to edit not found")
    new = await ask(sandbox_client, "/audience 1 tech", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "Recipients: 1" in new["text"]
    assert await tap(sandbox_client, old, button(old, "Confirm")) == "This preview is out of date — use the latest one."
    assert "No pushes yet" in (await ask(sandbox_client, "/broadcasts", chat_id=ADMIN_ID, user_id=ADMIN_ID))["text"]
    assert "Technology" in (await current(sandbox_client, new))["text"]


async def test_confirm_from_a_preview_whose_audience_changed_since_is_refused_and_refreshed(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    _, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    shown_confirm = button(control, "Confirm")  # while it shows Morocco, 3 recipients
    await tap(sandbox_client, control, button(control, "Everyone"))
    # The admin's Confirm, tapped before their client showed the edit: it was for Morocco.
    answer = await tap(sandbox_client, control, shown_confirm, forged=True)
    assert answer.startswith("The audience changed since this preview: nothing was sent")
    assert breaking(await sandbox_client.bot_messages(TECH_FAN)) == []
    refreshed = await current(sandbox_client, control)
    assert "Audience: everyone" in refreshed["text"] and "Recipients: 4" in refreshed["text"]
    assert await tap(sandbox_client, refreshed, button(refreshed, "Confirm")) == "Sending to 4"
