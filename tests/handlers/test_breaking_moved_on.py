"""An admin who moves on while the bot waits for their breaking item (another command, /cancel with a draft open) is
told what became of it: the wait ends with a line saying so, and /cancel cancels the draft whose preview is open."""
from __future__ import annotations

from clock import ManualClock
from sandbox.client import SandboxClient
from tests.conftest import ADMIN_ID, RunningBot, new_group
from tests.handlers.test_breaking import ITEM, setup
from tests.handlers.test_breaking_drafts import current, labels
from tests.handlers.test_subscribe import ask

STOPPED = "Stopped waiting for your breaking item: send /breaking with it when you're ready."


async def answers(client: SandboxClient, chat_id: int, text: str, count: int) -> list[dict]:
    """The bot's first `count` new messages in the chat after the admin sends `text`."""
    before = len(await client.bot_messages(chat_id))
    await client.send_message(chat_id, text, user_id=ADMIN_ID)
    return (await client.wait_for_bot_messages(chat_id, before + count))[before:]


async def test_another_command_in_a_private_chat_ends_the_wait_and_says_so(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    await ask(sandbox_client, "/breaking", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    note, listing = await answers(sandbox_client, ADMIN_ID, "/broadcasts", 2)
    assert note["text"] == STOPPED and listing["text"].startswith("No pushes yet")
    assert (await ask(sandbox_client, "/broadcasts", chat_id=ADMIN_ID, user_id=ADMIN_ID))["text"] != STOPPED  # once


async def test_another_command_in_a_group_ends_the_wait_and_says_so_there(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    group = await new_group(sandbox_client, "Newsroom")
    name = bot.app.bot.username
    await ask(sandbox_client, f"/breaking@{name}", chat_id=group["id"], user_id=ADMIN_ID)
    note, _ = await answers(sandbox_client, group["id"], f"/help@{name}", 2)
    assert note["text"] == STOPPED


async def test_cancel_with_a_preview_open_cancels_that_draft(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    _, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    reply = await ask(sandbox_client, "/cancel", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert reply["text"] == "Cancelled breaking push #1; nothing was sent."
    assert (await bot.db.fetchone("select status from broadcasts where id = 1"))[0] == "cancelled"

    async def controls_say_so() -> bool:
        shown = await current(sandbox_client, control)
        return shown["text"] == "Breaking push #1 cancelled; nothing was sent." and labels(shown) == []
    await sandbox_client.wait_for(controls_say_so)
    assert (await ask(sandbox_client, "/cancel", chat_id=ADMIN_ID, user_id=ADMIN_ID))["text"] == "Nothing to cancel."
