"""A group that becomes a supergroup keeps what its admins chose, and is not greeted a second time: Telegram tells
the bot it joined the supergroup (my_chat_member) right after the upgrade."""
from __future__ import annotations

from sandbox.client import SandboxClient
from storage import chats as chat_store
from tests.conftest import RunningBot
from tests.handlers.test_subscribe import ask, follows

OWNER = 4200


async def test_an_upgraded_group_keeps_its_settings_and_gets_no_second_welcome(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    await sandbox_client.create_user(OWNER, "Salma")
    group = (await sandbox_client.create_chat("group", "Desk", by_user_id=OWNER))["id"]
    await sandbox_client.wait_for_bot_messages(group, 1)  # its welcome
    await ask(sandbox_client, "/subscribe morocco", chat_id=group, user_id=OWNER)
    await ask(sandbox_client, "/quiet 22:00-07:00", chat_id=group, user_id=OWNER)

    supergroup = await sandbox_client.migrate(group)
    settings = await ask(sandbox_client, "/settings", chat_id=supergroup, user_id=OWNER)

    assert "Quiet hours: 22:00–07:00" in settings["text"]
    assert [m["text"] for m in await sandbox_client.bot_messages(supergroup)] == [settings["text"]]  # no "Hi! I post…"
    assert await follows(bot, supergroup) == {("country", "MA")}


async def test_a_button_left_in_the_old_group_points_to_the_supergroup_and_changes_nothing(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    """The old group stays readable after an upgrade, buttons and all, and a tap there comes with the old id: it must
    neither bring the group back as a chat of defaults nor leave the admin wondering why nothing happened."""
    await sandbox_client.create_user(OWNER, "Salma")
    group = (await sandbox_client.create_chat("group", "Desk", by_user_id=OWNER))["id"]
    await sandbox_client.wait_for_bot_messages(group, 1)  # its welcome
    await ask(sandbox_client, "/subscribe morocco", chat_id=group, user_id=OWNER)
    settings = await ask(sandbox_client, "/settings", chat_id=group, user_id=OWNER)
    switch = next(b["callback_data"] for row in settings["reply_markup"]["inline_keyboard"] for b in row
                  if b["text"].startswith("🚨 Breaking news"))

    supergroup = await sandbox_client.migrate(group)
    await ask(sandbox_client, "/settings", chat_id=supergroup, user_id=OWNER)  # the upgrade is handled by now
    answer = await sandbox_client.wait_for_callback_answer(
        await sandbox_client.click(group, settings["message_id"], switch, user_id=OWNER))

    assert answer["show_alert"] and "supergroup" in answer["text"] and "/settings" in answer["text"]
    assert await chat_store.get_chat(bot.db, group) is None  # not brought back as a chat of its own
    moved = await chat_store.get_chat(bot.db, supergroup)
    assert moved is not None and moved.breaking_alerts  # the switch changed nothing
