"""The /subscribe picker's buttons do what they show, however old the keyboard: a "✅ Morocco" left behind by
an /unsubscribe never follows Morocco again, and keyboards sent before the buttons said follow or unfollow are
read by what the tapped button showed."""
from __future__ import annotations

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.subscribe import PICKER_TEXT
from sandbox.client import SandboxClient
from storage import subscriptions as subscription_store
from tests.conftest import RunningBot
from tests.handlers.test_subscribe import READER, ask, buttons, follows, message_now


@pytest.fixture
async def reader(bot: RunningBot, sandbox_client: SandboxClient) -> RunningBot:
    await sandbox_client.create_user(READER, "Amina")
    return bot


async def tap(client: SandboxClient, message: dict, data: str) -> dict:
    return await client.wait_for_callback_answer(await client.click(READER, message["message_id"], data, user_id=READER))


async def shown(client: SandboxClient, message: dict, name: str) -> dict:
    """The picker button for a name as the message shows it now."""
    [button] = [b for b in buttons(await message_now(client, READER, message["message_id"])) if name in b["text"]]
    return button


async def shown_once(client: SandboxClient, message: dict, name: str, text: str) -> dict:
    """The button once it shows `text` (a tap is answered before its keyboard is redrawn)."""
    async def redrawn() -> bool:
        return (await shown(client, message, name))["text"] == text
    await client.wait_for(redrawn)
    return await shown(client, message, name)


async def test_a_stale_followed_button_does_not_follow_again(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    picker = await ask(sandbox_client, "/subscribe")
    await tap(sandbox_client, picker, (await shown(sandbox_client, picker, "Morocco"))["callback_data"])
    stale = await shown_once(sandbox_client, picker, "Morocco", "✅ 🇲🇦 Morocco")
    await ask(sandbox_client, "/unsubscribe morocco")
    answer = await tap(sandbox_client, picker, stale["callback_data"])
    assert answer["text"] == "This chat wasn't following 🇲🇦 Morocco: nothing changed. The buttons show what it follows now."
    assert await follows(reader, READER) == set()
    # Redrawn, the button now follows, as it shows.
    answer = await tap(sandbox_client, picker, (await shown_once(sandbox_client, picker, "Morocco", "🇲🇦 Morocco"))["callback_data"])
    assert answer["text"] == "🔔 Following 🇲🇦 Morocco."
    assert await follows(reader, READER) == {("country", "MA")}


async def test_a_stale_follow_button_does_not_unfollow(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    picker = await ask(sandbox_client, "/subscribe")
    stale = await shown(sandbox_client, picker, "Technology")
    await ask(sandbox_client, "/subscribe tech +chips")
    answer = await tap(sandbox_client, picker, stale["callback_data"])
    assert answer["text"] == "This chat already follows 💻 Technology: nothing changed. The buttons show what it follows now."
    [subscription] = await subscription_store.list_for_chat(reader.db, READER)
    assert subscription.include == ("chips",)  # the filters stay too
    assert (await shown_once(sandbox_client, picker, "Technology", "✅ 💻 Technology"))["callback_data"] == "tg:u:t:technology"


@pytest.mark.parametrize("mark, before, after", [
    pytest.param("✅ ", {("country", "MA")}, set(), id="a-ticked-button-unfollows"),
    pytest.param("", set(), {("country", "MA")}, id="a-plain-button-follows"),
])
async def test_a_keyboard_sent_before_the_buttons_said_their_action_does_what_it_showed(
    reader: RunningBot, sandbox_client: SandboxClient, mark: str, before: set, after: set
) -> None:
    await ask(sandbox_client, "/subscribe morocco" if before else "/subscriptions")
    old = await reader.app.bot.send_message(READER, PICKER_TEXT, reply_markup=InlineKeyboardMarkup(
        [[InlineKeyboardButton(mark + "🇲🇦 Morocco", callback_data="tg:c:MA")],
         [InlineKeyboardButton("Done", callback_data="tg:done")]]))
    message = {"message_id": old.message_id}
    await sandbox_client.wait_for_callback_answer(await sandbox_client.click(READER, old.message_id, "tg:c:MA", user_id=READER))
    assert await follows(reader, READER) == after
    # The keyboard is redrawn in the new form, showing the state.
    button = await shown_once(sandbox_client, message, "Morocco", ("✅ " if after else "") + "🇲🇦 Morocco")
    assert button["callback_data"] == ("tg:u:c:MA" if after else "tg:f:c:MA")
    # A tap on the old data after the redraw (sent before it arrived) is found in no keyboard: it changes nothing.
    late = await sandbox_client.click(READER, old.message_id, "tg:c:MA", user_id=READER, forged=True)
    assert (await sandbox_client.wait_for_callback_answer(late))["text"] == "That keyboard was out of date: here it is as things are now."
    assert await follows(reader, READER) == after


async def test_an_old_remove_button_never_removes_what_took_its_subscription_id(
    reader: RunningBot, sandbox_client: SandboxClient
) -> None:
    await ask(sandbox_client, "/subscribe morocco")
    listing = await ask(sandbox_client, "/subscriptions")
    [remove_morocco] = buttons(listing)
    assert remove_morocco["text"] == "✖ 🇲🇦 Morocco"
    await ask(sandbox_client, "/unsubscribe morocco")
    await ask(sandbox_client, "/subscribe israel")  # SQLite hands Morocco's freed id to Israel
    answer = await tap(sandbox_client, listing, remove_morocco["callback_data"])
    assert answer["text"] == "Already removed."
    assert await follows(reader, READER) == {("country", "IL")}
    redrawn = await message_now(sandbox_client, READER, listing["message_id"])
    assert [b["text"] for b in buttons(redrawn)] == ["✖ 🇮🇱 Israel"]


async def test_a_list_sent_when_remove_buttons_carried_ids_removes_what_its_button_showed(
    reader: RunningBot, sandbox_client: SandboxClient
) -> None:
    await ask(sandbox_client, "/subscribe morocco")
    [morocco] = await subscription_store.list_for_chat(reader.db, READER)
    old = await reader.app.bot.send_message(READER, "This chat follows", reply_markup=InlineKeyboardMarkup(
        [[InlineKeyboardButton("✖ 🇲🇦 Morocco", callback_data=f"un:{morocco.id}")]]))
    await ask(sandbox_client, "/unsubscribe morocco")
    await ask(sandbox_client, "/subscribe israel")  # the same id, now Israel's
    answer = await sandbox_client.wait_for_callback_answer(
        await sandbox_client.click(READER, old.message_id, f"un:{morocco.id}", user_id=READER))
    assert answer["text"] == "Already removed."
    assert await follows(reader, READER) == {("country", "IL")}
    # Tapped while it still shows what it follows, the old button removes that.
    await ask(sandbox_client, "/subscribe morocco")
    [israel_id] = [s.id for s in await subscription_store.list_for_chat(reader.db, READER) if s.value == "IL"]
    older = await reader.app.bot.send_message(READER, "This chat follows", reply_markup=InlineKeyboardMarkup(
        [[InlineKeyboardButton("✖ 🇲🇦 Morocco", callback_data=f"un:{israel_id + 1}")],
         [InlineKeyboardButton("✖ 🇮🇱 Israel", callback_data=f"un:{israel_id}")]]))
    answer = await sandbox_client.wait_for_callback_answer(
        await sandbox_client.click(READER, older.message_id, f"un:{israel_id}", user_id=READER))
    assert answer["text"] == "Removed 🇮🇱 Israel"
    assert await follows(reader, READER) == {("country", "MA")}
