"""The admin who adds the bot to a channel, or removes it, hears of it in their private chat with the bot; the channel's
readers see no post about it."""
from __future__ import annotations

import logging

import pytest

from sandbox.client import SandboxClient
from storage import chats as chat_store
from tests.conftest import RunningBot, wait_until
from tests.handlers.test_subscribe import READER, ask


async def _started(client: SandboxClient) -> None:
    await client.create_user(READER, "Amina")
    await ask(client, "/start")


async def test_the_admin_who_adds_the_bot_to_a_channel_is_told_how_to_choose_its_news(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    await _started(sandbox_client)
    before = len(await sandbox_client.bot_messages(READER))
    channel = await sandbox_client.create_chat("channel", "Daily News", username="dailynews", by_user_id=READER)
    told = (await sandbox_client.wait_for_bot_messages(READER, before + 1))[before]
    assert told["text"] == "I'm now in Daily News. Choose its news from here: /manage @dailynews (or /manage Daily News)."
    [[manage]] = told["reply_markup"]["inline_keyboard"]  # which a bare /manage offers too
    assert (manage["text"], manage["callback_data"]) == ("📣 Daily News", f"mng:{channel['id']}")
    assert await sandbox_client.bot_messages(channel["id"]) == []  # its readers see nothing of it

    private = await sandbox_client.create_chat("channel", "Sport <Live> & more", by_user_id=READER)  # no @username
    told = (await sandbox_client.wait_for_bot_messages(READER, before + 2))[before + 1]
    assert told["text"] == "I'm now in Sport <Live> & more. Choose its news from here: /manage Sport <Live> & more."
    assert await sandbox_client.bot_messages(private["id"]) == []


async def test_removing_the_bot_from_a_channel_says_its_subscriptions_are_kept_and_adding_it_back_says_they_are_back(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    await _started(sandbox_client)
    channel = await sandbox_client.create_chat("channel", "Daily News", username="dailynews", by_user_id=READER)
    await sandbox_client.wait_for_bot_messages(READER, 2)
    await ask(sandbox_client, "/subscribe morocco", chat_id=channel["id"])
    before = len(await sandbox_client.bot_messages(READER))

    await sandbox_client.set_bot_status(channel["id"], "kicked", by_user_id=READER)
    removed = (await sandbox_client.wait_for_bot_messages(READER, before + 1))[before]
    assert removed["text"] == ("I'm no longer in Daily News, so its digests stop. Its subscriptions are kept: make me an "
                               "admin there again and they start again.")
    await sandbox_client.set_bot_status(channel["id"], "left", by_user_id=READER)  # still out: nothing more to say

    await sandbox_client.set_bot_status(channel["id"], "administrator", by_user_id=READER)
    back = (await sandbox_client.wait_for_bot_messages(READER, before + 2))[before + 1]
    assert back["text"] == ("I'm back in Daily News, with the subscriptions it had: its digests start again. Change them "
                            "from here: /manage @dailynews (or /manage Daily News).")
    stored = await chat_store.get_chat(bot.db, channel["id"])
    assert stored is not None and stored.status == "active"
    [subscribed] = await sandbox_client.bot_messages(channel["id"])  # its only post: the answer to its /subscribe
    assert subscribed["text"].startswith("🔔 This channel now follows 🇲🇦 Morocco.")


async def test_an_admin_the_bot_cannot_write_to_is_not_told_and_nothing_is_deactivated_but_their_deleted_accounts_chat(
    bot: RunningBot, sandbox_client: SandboxClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    stranger = READER + 1  # never started the bot: Telegram would refuse a message to them
    await sandbox_client.create_user(stranger, "Karim")
    first = await sandbox_client.create_chat("channel", "Daily News", by_user_id=stranger)
    await wait_until(lambda: _logged(caplog, f"user not told of a channel change user_id={stranger}"))

    await _started(sandbox_client)
    await sandbox_client.deactivate(READER)  # the account deleted: Telegram tells the bot by no update, only by a 403
    second = await sandbox_client.create_chat("channel", "Weekly Views", by_user_id=READER)

    async def reader_deactivated() -> bool:
        chat = await chat_store.get_chat(bot.db, READER)
        return chat is not None and chat.status == "deactivated"
    await wait_until(reader_deactivated)
    await wait_until(lambda: _logged(caplog, f"user not told of a channel change user_id={READER}: Forbidden"))
    for channel in (first, second):
        stored = await chat_store.get_chat(bot.db, channel["id"])
        assert stored is not None and stored.status == "active"
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


async def _logged(caplog: pytest.LogCaptureFixture, text: str) -> bool:
    return text in caplog.text
