"""A button's answer reaches the reader: Telegram refuses an answer over 200 characters (UTF-16 units, an emoji
counts two), so one that names a managed channel's long title is clipped at a word, and the tap is answered; a tap
does not wait long behind its chat's replies held by flood limits, whose answers expire in seconds, and one answered
too late anyway still shows what it did."""
from __future__ import annotations

from datetime import timedelta

from clock import ManualClock
from handlers.replies import ALERT_LIMIT, fit_alert
from handlers.updates import TAP_WAIT
from sandbox.client import SandboxClient
from storage import chats as chat_store
from storage import feeds as feed_store
from tests.conftest import ADMIN_ID, RunningBot, wait_until
from tests.handlers.test_chat_targets import buttons, managed_channel, tap
from tests.handlers.test_subscribe import READER, ask, follows, message_now

# Telegram's longest channel title (128 characters), 188 UTF-16 units with its emoji.
LONG_TITLE = "📰" * 60 + "W" * 68
PAUSE = 37  # seconds on the bot's clock; no other timer of the bot (5, 30, 60, 3600 s) ends then


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


async def test_subscribe_taps_for_a_channel_with_a_long_title_are_answered(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    channel = await managed_channel(sandbox_client, LONG_TITLE, "longnews")
    stories = await ask(sandbox_client, "/morocco")
    [subscribe] = buttons(stories)
    answer = await tap(sandbox_client, READER, stories, subscribe["callback_data"], READER)
    assert answer["text"] == "🔔 " + "📰" * 47 + "… now follows 🇲🇦 Morocco."
    assert await follows(bot, channel["id"]) == {("country", "MA")}
    # The same button again (its message not redrawn yet), and the picker's alert: nothing changed, and so it says.
    again = await sandbox_client.click(READER, stories["message_id"], subscribe["callback_data"], user_id=READER, forged=True)
    assert (await sandbox_client.wait_for_callback_answer(again))["text"] == "🔔 " + "📰" * 47 + "… already follows 🇲🇦 Morocco."
    picker = await ask(sandbox_client, "/subscribe")
    await ask(sandbox_client, "/subscribe usa")
    [follow_us] = [b["callback_data"] for b in buttons(picker) if b["callback_data"].startswith("tg:f:c:US")]
    alert = await tap(sandbox_client, READER, picker, follow_us, READER)
    assert alert["text"].startswith("📰" * 47 + "… already follows 🇺🇸 United States: nothing changed.")
    assert units(alert["text"]) <= ALERT_LIMIT


async def test_a_refusal_naming_a_long_title_is_answered(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    channel = await managed_channel(sandbox_client, LONG_TITLE, "longnews")
    settings = await ask(sandbox_client, "/settings")
    await sandbox_client.set_member(channel["id"], READER, "member")
    [daily] = [b["callback_data"] for b in buttons(settings) if "Daily" in b["text"]]
    answer = await tap(sandbox_client, READER, settings, daily, READER)
    assert answer["text"].startswith("You're no longer an admin of " + "📰" * 47 + "…, so I stopped managing it")
    assert units(answer["text"]) <= ALERT_LIMIT


def test_an_answer_over_the_limit_is_cut_at_a_word_in_utf16_units() -> None:
    text = "Only this group's admins can change it. " + "📰news " * 40
    fitted = fit_alert(text)
    assert units(fitted) <= ALERT_LIMIT and fitted.endswith("news…") and text.startswith(fitted[:-1])
    assert fit_alert("🔔 Short enough.") == "🔔 Short enough."
    assert units(fit_alert("📰" * 150)) == ALERT_LIMIT - 1  # no word to cut at: cut between emoji, never inside one


async def held_chat_with_settings(sandbox_client: SandboxClient, clock: ManualClock) -> tuple[dict, str]:
    """READER's /settings, then a /help whose reply waits out a flood pause, holding the chat's turn."""
    await sandbox_client.create_user(READER, "Amina")
    settings = await ask(sandbox_client, "/settings")
    [hourly] = [b["callback_data"] for b in buttons(settings) if "Hourly" in b["text"]]
    await hold(sandbox_client, clock, READER)
    return settings, hourly


async def hold(sandbox_client: SandboxClient, clock: ManualClock, chat_id: int) -> None:
    """A /help in the chat whose reply draws a 429: it waits out the pause, holding the chat's turn."""
    await sandbox_client.inject_fault(error=429, retry_after=PAUSE, method="sendMessage", chat_id=chat_id)
    pause_ends = clock.now() + timedelta(seconds=PAUSE)
    await sandbox_client.send_message(chat_id, "/help", user_id=chat_id)
    await wait_until(lambda: _true(clock.sleepers_until(pause_ends) > 0))


async def _true(value: bool) -> bool:
    return value


async def tap_waits_its_turn(clock: ManualClock) -> None:
    """The tap waits for its chat's turn, TAP_WAIT at most: let that time pass on the bot's clock."""
    await wait_until(lambda: _true(clock.sleepers_until(clock.now() + timedelta(seconds=TAP_WAIT)) > 0))
    clock.advance(TAP_WAIT)


async def test_a_tap_is_answered_while_its_chats_reply_waits_out_a_flood_pause(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    settings, hourly = await held_chat_with_settings(sandbox_client, clock)
    query = await sandbox_client.click(READER, settings["message_id"], hourly, user_id=READER)
    await tap_waits_its_turn(clock)
    assert (await sandbox_client.wait_for_callback_answer(query))["text"] == "Saved"  # in Telegram's 15 s
    chat = await chat_store.get_chat(bot.db, READER)
    assert chat is not None and chat.cadence == "hourly"
    assert await sandbox_client.bot_messages(READER) == [settings]  # /help still waits, and the redraw with it
    clock.advance(PAUSE)
    help_reply = (await sandbox_client.wait_for_bot_messages(READER, 2))[1]
    assert "/subscribe" in help_reply["text"]
    await wait_until(lambda: _edited(sandbox_client, settings))


async def _edited(client: SandboxClient, message: dict, chat_id: int = READER) -> bool:
    return (await message_now(client, chat_id, message["message_id"]))["edit_count"] > 0


async def test_a_tap_answered_too_late_still_redraws_its_message(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    """Telegram refuses an answer after its window ("query is too old"): the change is made, and shown by the redraw."""
    settings, hourly = await held_chat_with_settings(sandbox_client, clock)
    query = await sandbox_client.click(READER, settings["message_id"], hourly, user_id=READER)
    await sandbox_client.expire_callback(query)
    await tap_waits_its_turn(clock)
    clock.advance(PAUSE)
    await wait_until(lambda: _edited(sandbox_client, settings))
    assert await sandbox_client.callback_answer(query) is None
    chat = await chat_store.get_chat(bot.db, READER)
    assert chat is not None and chat.cadence == "hourly"


async def test_a_feed_removal_answered_too_late_still_says_what_it_removed(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await sandbox_client.create_user(ADMIN_ID, "Editor")
    await feed_store.add_feed(bot.db, "https://wire.example/feed.xml", "Fresh Wire", None, ADMIN_ID, clock.now())
    question = await ask(sandbox_client, "/removefeed 1", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    [remove] = [b["callback_data"] for b in buttons(question) if b["text"].startswith("🗑")]
    await hold(sandbox_client, clock, ADMIN_ID)
    query = await sandbox_client.click(ADMIN_ID, question["message_id"], remove, user_id=ADMIN_ID)
    await sandbox_client.expire_callback(query)
    await tap_waits_its_turn(clock)
    clock.advance(PAUSE)
    await wait_until(lambda: _edited(sandbox_client, question, ADMIN_ID))
    assert (await message_now(sandbox_client, ADMIN_ID, question["message_id"]))["text"].startswith("🗑 Removed feed #1")
    assert await feed_store.list_feeds(bot.db) == []
