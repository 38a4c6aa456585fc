"""The /settings switches (🚨 Breaking news, “Nothing new” message) do what their label showed, through the real bot:
a tap on an old /settings message sets the state it asked for rather than flipping what is stored by then, and the
buttons drawn before they carried that state ("set:breaking") are read by their label."""
from __future__ import annotations

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from sandbox.client import SandboxClient
from storage import chats as chat_store
from tests.conftest import RunningBot
from tests.handlers.test_schedule import press, subscriber  # noqa: F401 (a fixture)
from tests.handlers.test_subscribe import READER, ask


def labels(message: dict) -> list[str]:
    return [b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row]


def data_of(message: dict, label: str) -> str:
    return next(b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row if b["text"] == label)


async def stored(bot: RunningBot) -> chat_store.Chat:
    found = await chat_store.get_chat(bot.db, READER)
    assert found is not None
    return found


@pytest.mark.parametrize(("on_label", "off_label", "column"), [
    pytest.param("🚨 Breaking news: on", "🚨 Breaking news: off", "breaking_alerts", id="breaking"),
    pytest.param("“Nothing new” message: on", "“Nothing new” message: off", "send_empty", id="nothing-new"),
])
async def test_a_tap_on_an_old_settings_message_does_what_its_label_showed(
    subscriber: RunningBot, sandbox_client: SandboxClient, on_label: str, off_label: str, column: str
) -> None:
    start = getattr(await stored(subscriber), column)
    shown, other = (on_label, off_label) if start else (off_label, on_label)
    old = await ask(sandbox_client, "/settings")
    new = await ask(sandbox_client, "/settings")
    answer, edited = await press(sandbox_client, new, data_of(new, shown))
    assert answer["text"] == "Saved" and other in labels(edited)
    assert getattr(await stored(subscriber), column) is not start
    # The old message still shows the first state; its tap asks for the same change, which is made already.
    answer, edited = await press(sandbox_client, old, data_of(old, shown))
    assert answer["text"] == f"Already {other.rsplit(' ', 1)[1]}."
    assert getattr(await stored(subscriber), column) is not start and other in labels(edited)


async def test_a_button_from_before_the_state_was_in_its_data_is_read_by_its_label(
    subscriber: RunningBot, sandbox_client: SandboxClient
) -> None:
    await ask(sandbox_client, "/breaking_alerts off")
    # A /settings message drawn by the bot before its switches carried the state they ask for.
    old_markup = InlineKeyboardMarkup([[InlineKeyboardButton("🚨 Breaking news: on", callback_data="set:breaking")]])
    drawn = await subscriber.app.bot.send_message(READER, "Digest settings", reply_markup=old_markup)
    [old] = [m for m in await sandbox_client.bot_messages(READER) if m["message_id"] == drawn.message_id]
    answer, edited = await press(sandbox_client, old, "set:breaking")  # "on" shown: the tap asked for off
    assert answer["text"] == "Already off." and not (await stored(subscriber)).breaking_alerts
    assert "🚨 Breaking news: off" in labels(edited)
    old_markup = InlineKeyboardMarkup([[InlineKeyboardButton("🚨 Breaking news: off", callback_data="set:breaking")]])
    drawn = await subscriber.app.bot.send_message(READER, "Digest settings", reply_markup=old_markup)
    [old] = [m for m in await sandbox_client.bot_messages(READER) if m["message_id"] == drawn.message_id]
    answer, _ = await press(sandbox_client, old, "set:breaking")
    assert answer["text"] == "Saved" and (await stored(subscriber)).breaking_alerts
    # Without its label to read, the tap changes nothing and shows the settings as they are.
    plain = await subscriber.app.bot.send_message(READER, "Digest settings", reply_markup=InlineKeyboardMarkup(
        [[InlineKeyboardButton("Settings", callback_data="set:empty")]]))
    [old] = [m for m in await sandbox_client.bot_messages(READER) if m["message_id"] == plain.message_id]
    answer, edited = await press(sandbox_client, old, "set:empty")
    assert answer["text"] == "This button was out of date: here are the settings as they are now."
    assert not (await stored(subscriber)).send_empty and "“Nothing new” message: off" in labels(edited)
