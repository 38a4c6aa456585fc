"""A reply Telegram refuses with 403 (the reader's account was deleted or they blocked the bot as their command was
answered, the bot was removed from the group) stops that chat's digests and pushes, as a refused digest does
(delivery.policy); its subscriptions are kept for when /start brings it back. A refusal is logged as one line, without
the traceback a bug gets."""
from __future__ import annotations

import logging

import pytest

from clock import ManualClock
from sandbox.client import SandboxClient
from storage import chats as chat_store
from storage import subscriptions as subscription_store
from tests.conftest import ADMIN_ID, RunningBot, new_group, wait_until
from tests.handlers.test_breaking import ITEM, MOROCCO_FANS, setup
from tests.handlers.test_subscribe import ask


async def _recipients(client: SandboxClient) -> str:
    """The recipients line of a breaking draft for Morocco."""
    before = len(await client.bot_messages(ADMIN_ID))
    await client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    control = (await client.wait_for_bot_messages(ADMIN_ID, before + 2))[-1]
    return next(line for line in control["text"].splitlines() if line.startswith("Recipients"))


async def _deactivated(bot: RunningBot, chat_id: int) -> str:
    async def gone() -> bool:
        chat = await chat_store.get_chat(bot.db, chat_id)
        return chat is not None and chat.status == "deactivated"
    await wait_until(gone)
    chat = await chat_store.get_chat(bot.db, chat_id)
    assert chat is not None
    return chat.deactivated_reason or ""


async def test_a_reply_refused_with_403_stops_the_readers_digests_and_pushes(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    reader = MOROCCO_FANS[0]
    # The account is deleted as its command is answered: Telegram tells the bot of that by no update, only by the 403.
    await sandbox_client.deactivate(reader)
    await sandbox_client.send_message(reader, "/morocco", user_id=reader)
    assert await _deactivated(bot, reader) == "Forbidden: user is deactivated"
    assert await subscription_store.list_for_chat(bot.db, reader)  # settings kept
    assert await _recipients(sandbox_client) == "Recipients: 2"


async def test_a_reply_in_a_group_the_bot_was_removed_from_stops_its_digests(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    group = await new_group(sandbox_client, "Desk")
    await ask(sandbox_client, "/subscribe morocco", chat_id=group["id"], user_id=MOROCCO_FANS[1])
    await sandbox_client.inject_fault(method="sendMessage", chat_id=group["id"], error=403,
                                      description="Forbidden: bot was kicked from the group chat")
    await sandbox_client.send_message(group["id"], "/latest", user_id=MOROCCO_FANS[1])
    assert await _deactivated(bot, group["id"]) == "Forbidden: bot was kicked from the group chat"
    assert await _recipients(sandbox_client) == "Recipients: 3"

    await sandbox_client.set_bot_status(group["id"], "kicked")  # the removal the 403 told of
    await sandbox_client.set_bot_status(group["id"], "member")  # added back: Telegram tells the bot (my_chat_member)
    async def back() -> bool:
        chat = await chat_store.get_chat(bot.db, group["id"])
        return chat is not None and chat.status == "active"
    await wait_until(back)


def _refusal_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.startswith("handlers.")
            and ("rights" in r.getMessage() or "Forbidden" in r.getMessage() or r.levelno >= logging.ERROR)]


async def test_a_reply_in_a_group_that_muted_the_bot_is_one_warning_line_without_traceback(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    await setup(bot, sandbox_client, clock)
    group = await new_group(sandbox_client, "Desk")
    await sandbox_client.set_bot_status(group["id"], "restricted")  # its admins took the bot's right to send
    await sandbox_client.send_message(group["id"], "/latest", user_id=MOROCCO_FANS[1])
    await wait_until(lambda: _logged(caplog, "rights"))
    [line] = _refusal_records(caplog)
    assert line.levelno == logging.WARNING and line.exc_info is None
    assert line.getMessage().endswith(f"chat_id={group['id']}: Not enough rights to send text messages to the chat")


async def test_a_reply_refused_with_403_is_one_info_line_without_traceback(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    await setup(bot, sandbox_client, clock)
    group = await new_group(sandbox_client, "Desk")
    await sandbox_client.inject_fault(method="sendMessage", chat_id=group["id"], error=403,
                                      description="Forbidden: bot was kicked from the group chat")
    await sandbox_client.send_message(group["id"], "/latest", user_id=MOROCCO_FANS[1])
    await _deactivated(bot, group["id"])
    await wait_until(lambda: _logged(caplog, "Forbidden"))
    await bot.stop()  # the error handler has run
    [line] = _refusal_records(caplog)
    assert line.levelno == logging.INFO and line.exc_info is None
    assert line.getMessage() == (f"chat deactivated chat_id={group['id']} endpoint=sendMessage "
                                 "reason=Forbidden: bot was kicked from the group chat")


async def _logged(caplog: pytest.LogCaptureFixture, word: str) -> bool:
    return any(word in r.getMessage() for r in caplog.records)


async def test_a_group_that_mutes_the_bot_is_logged_as_kept_for_when_it_may_post_again(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    await setup(bot, sandbox_client, clock)
    group = await new_group(sandbox_client, "Desk")
    await sandbox_client.set_member(group["id"], MOROCCO_FANS[1], "administrator")
    await ask(sandbox_client, "/subscribe morocco", chat_id=group["id"], user_id=MOROCCO_FANS[1])
    await sandbox_client.set_bot_status(group["id"], "restricted")
    assert await _deactivated(bot, group["id"]) == "bot restricted"
    await wait_until(lambda: _logged(caplog, "chat deactivated"))
    assert any(r.getMessage() == f"chat deactivated chat_id={group['id']} status=restricted: the bot may not post there; "
                                 "subscriptions kept until it is back" for r in caplog.records)
    assert await subscription_store.list_for_chat(bot.db, group["id"])
