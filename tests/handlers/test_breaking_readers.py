"""A breaking push heeds what each reader chose: /pause, quiet hours (silently, in the chat's own time zone), keyword
filters, and the 🚨 Breaking news switch of /settings (or /breaking_alerts off)."""
from __future__ import annotations

from clock import ManualClock
from sandbox.client import SandboxClient
from tests.conftest import ADMIN_ID, RunningBot
from tests.handlers.test_breaking import ITEM, MOROCCO_FANS, TECH_FAN, breaking, setup, wait_for_report
from tests.handlers.test_breaking_drafts import button, tap
from tests.handlers.test_subscribe import ask


async def _draft(client: SandboxClient) -> dict:
    """/breaking ITEM; its controls."""
    await client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    _, control = await client.wait_for_bot_messages(ADMIN_ID, 2)
    return control


async def _push(client: SandboxClient, clock: ManualClock, control: dict) -> str:
    """Confirm the draft and wait for its report; the Confirm tap's answer."""
    answer = await tap(client, control, button(control, "Confirm"))
    await wait_for_report(client, clock, control)
    return answer


async def _pushed_to(client: SandboxClient, chat_ids: list[int]) -> list[int]:
    """Those of the chats that got the push (not a reply saying "🚨 Breaking news: off")."""
    return [chat_id for chat_id in chat_ids
            if any(m["text"].startswith("🚨 Breaking\n\n") for m in await client.bot_messages(chat_id))]


async def test_a_paused_chat_gets_no_push_and_is_not_counted(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    paused = MOROCCO_FANS[0]
    await ask(sandbox_client, "/pause 3d", chat_id=paused, user_id=paused)
    control = await _draft(sandbox_client)
    assert "Recipients: <b>2</b>" in control["html"], control["html"]
    assert await _push(sandbox_client, clock, control) == "Sending to 2"
    assert breaking(await sandbox_client.bot_messages(paused)) == []
    for chat_id in MOROCCO_FANS[1:]:
        assert breaking(await sandbox_client.bot_messages(chat_id))


async def test_a_chat_in_its_quiet_hours_gets_the_push_silently(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)  # 06:00 UTC: night in London, afternoon in Tokyo
    london, tokyo, unquiet = MOROCCO_FANS
    for chat_id, place in ((london, "London"), (tokyo, "Tokyo")):
        await ask(sandbox_client, f"/timezone {place}", chat_id=chat_id, user_id=chat_id)
        await ask(sandbox_client, "/quiet 22:00-07:00", chat_id=chat_id, user_id=chat_id)
    control = await _draft(sandbox_client)
    assert "Recipients: <b>3</b>" in control["html"]  # quiet hours hush a push, they do not hold it back
    assert await _push(sandbox_client, clock, control) == "Sending to 3"
    silent = {}
    for chat_id in MOROCCO_FANS:
        [pushed] = breaking(await sandbox_client.bot_messages(chat_id))
        silent[chat_id] = pushed["disable_notification"]
    assert silent == {london: True, tokyo: False, unquiet: False}


async def test_keyword_filters_decide_who_gets_a_push(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    no_quakes, elections_only, quakes_only = MOROCCO_FANS
    both = 605  # no quakes from Morocco, but every disaster
    await sandbox_client.create_user(both, "Reader 605")
    for chat_id, command in ((no_quakes, "/subscribe morocco -earthquake"), (elections_only, "/subscribe morocco +election"),
                             (quakes_only, "/subscribe morocco +earthquake"), (both, "/subscribe morocco -earthquake"),
                             (both, "/subscribe disasters")):
        await ask(sandbox_client, command, chat_id=chat_id, user_id=chat_id)
    control = await _draft(sandbox_client)
    assert "Disasters" in control["text"].split("\nRecipients")[0], control["text"]
    assert "Recipients: <b>2</b>" in control["html"], control["html"]
    assert await _push(sandbox_client, clock, control) == "Sending to 2"
    assert await _pushed_to(sandbox_client, [*MOROCCO_FANS, both, TECH_FAN]) == [quakes_only, both]


async def test_breaking_news_turned_off_in_settings_or_by_command_stops_pushes(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    by_button, by_command, keeps_them = MOROCCO_FANS
    settings = await ask(sandbox_client, "/settings", chat_id=by_button, user_id=by_button)
    assert "🚨 Breaking news: on" in settings["text"]
    await sandbox_client.wait_for_callback_answer(await sandbox_client.click(
        by_button, settings["message_id"], button(settings, "🚨 Breaking news: on"), user_id=by_button))
    [edited] = [m for m in await sandbox_client.bot_messages(by_button) if m["message_id"] == settings["message_id"]]
    assert "🚨 Breaking news: off" in edited["text"] and "🚨 Breaking news: off" in [
        b["text"] for row in edited["reply_markup"]["inline_keyboard"] for b in row]
    reply = await ask(sandbox_client, "/breaking_alerts off", chat_id=by_command, user_id=by_command)
    assert reply["text"] == ("🚨 Breaking news: off for this chat: no breaking news comes here; digests still do. "
                             "/breaking_alerts on to change it."), reply["text"]
    control = await _draft(sandbox_client)
    assert "Recipients: <b>1</b>" in control["html"], control["html"]
    assert await _push(sandbox_client, clock, control) == "Sending to 1"
    assert await _pushed_to(sandbox_client, MOROCCO_FANS) == [keeps_them]
    again = await ask(sandbox_client, "/breaking_alerts on", chat_id=by_command, user_id=by_command)
    assert again["text"].startswith("🚨 Breaking news: on for this chat: breaking news comes here as it happens")
    assert "🚨 Breaking news: on" in (await ask(sandbox_client, "/settings", chat_id=by_command, user_id=by_command))["text"]


async def test_the_preview_says_who_is_left_out_by_their_choices(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    paused, off, choosy = MOROCCO_FANS[0], MOROCCO_FANS[1], 605
    await ask(sandbox_client, "/pause 1d", chat_id=paused, user_id=paused)
    await ask(sandbox_client, "/breaking_alerts off", chat_id=off, user_id=off)
    await sandbox_client.create_user(choosy, "Reader 605")
    await ask(sandbox_client, "/subscribe morocco -earthquake", chat_id=choosy, user_id=choosy)
    control = await _draft(sandbox_client)
    assert "Recipients: <b>1</b>\nNot sent to: 2 paused or with breaking news off, 1 filtered out by keywords\n" in \
        control["html"], control["html"]
    everyone = await ask(sandbox_client, "/audience 1 everyone", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "Recipients: <b>3</b>\nNot sent to: 2 paused or with breaking news off\n" in everyone["html"], everyone["html"]
