"""🔕 Unfollow all (/stop) also stops breaking news, which a push to everyone would still bring, and says so; its
↩️ Undo brings it back only if Unfollow all turned it off. Through the real bot."""
from __future__ import annotations

from clock import ManualClock
from sandbox.client import SandboxClient
from storage import chats as chat_store
from tests.conftest import ADMIN_ID, RunningBot
from tests.handlers.test_breaking import ITEM, MOROCCO_FANS, TECH_FAN, breaking, setup, wait_for_report
from tests.handlers.test_breaking_drafts import button, tap
from tests.handlers.test_subscribe import READER, ask
from tests.handlers.test_subscribe_stop import edited
from tests.handlers.test_subscribe_stop import tap as tap_reader
from tests.handlers.test_unfollow_undo import redrawn, unfollow_all


async def _push_to_everyone(client: SandboxClient, clock: ManualClock) -> str:
    """/breaking ITEM to everyone, confirmed, its report come; the Confirm tap's answer."""
    await client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    await client.wait_for_bot_messages(ADMIN_ID, 2)
    control = await ask(client, "/audience 1 everyone", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    answer = await tap(client, control, button(control, "Confirm"))
    await wait_for_report(client, clock, control)
    return answer


async def _alerts(bot: RunningBot, chat_id: int) -> bool:
    chat = await chat_store.get_chat(bot.db, chat_id)
    assert chat is not None
    return chat.breaking_alerts


async def test_unfollow_all_stops_pushes_to_everyone_and_undo_brings_them_back(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    stopper = MOROCCO_FANS[0]
    question = await ask(sandbox_client, "/stop", chat_id=stopper, user_id=stopper)
    assert "Its digests stop until it follows something again, and breaking news until /breaking_alerts on." \
        in question["text"], question["text"]
    stopped = await unfollow_all(sandbox_client, stopper, stopper)
    assert stopped["text"].startswith(
        "🔕 This chat no longer follows anything, and no breaking news comes here either; /breaking_alerts on brings "
        "it back. It followed:\n• 🇲🇦 Morocco"), stopped["text"]
    assert not await _alerts(bot, stopper)
    assert await _push_to_everyone(sandbox_client, clock) == "Sending to 3"
    assert breaking(await sandbox_client.bot_messages(stopper)) == []
    for chat_id in [*MOROCCO_FANS[1:], TECH_FAN]:
        assert breaking(await sandbox_client.bot_messages(chat_id))

    await tap_reader(sandbox_client, stopper, stopped, "↩️", user_id=stopper)
    undone = await redrawn(sandbox_client, stopper, stopped)
    assert undone["text"].endswith("Change with /digest and /timezone.\n🚨 Breaking news comes here again."), undone["text"]
    assert await _alerts(bot, stopper)
    assert "🚨 Breaking news: on" in (await ask(sandbox_client, "/settings", chat_id=stopper, user_id=stopper))["text"]


async def test_undo_leaves_breaking_news_off_for_a_chat_that_had_turned_it_off(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    reader = MOROCCO_FANS[0]
    await ask(sandbox_client, "/breaking_alerts off", chat_id=reader, user_id=reader)
    question = await ask(sandbox_client, "/stop", chat_id=reader, user_id=reader)
    await tap_reader(sandbox_client, reader, question, "🔕", user_id=reader)
    stopped = await edited(sandbox_client, reader, question)
    assert "no breaking news comes here either" in stopped["text"]
    await tap_reader(sandbox_client, reader, stopped, "↩️", user_id=reader)
    undone = await redrawn(sandbox_client, reader, stopped)
    assert undone["text"].startswith("↩️ This chat follows them again:") and "Breaking news" not in undone["text"]
    assert not await _alerts(bot, reader)


STILL_OFF = "🚨 Breaking news is still off here — /breaking_alerts on"


async def test_following_again_after_unfollow_all_says_breaking_news_is_still_off(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    """/subscribe after 🔕 Unfollow all said when digests come, not that the breaking news it turned off stays off."""
    await sandbox_client.create_user(READER, "Amina")
    await ask(sandbox_client, "/subscribe morocco")
    await unfollow_all(sandbox_client)
    again = await ask(sandbox_client, "/subscribe israel")
    assert again["text"].endswith(f"Change with /digest and /timezone.\n{STILL_OFF}."), again["text"]
    news = await ask(sandbox_client, "/libya")  # its 🔔 Subscribe says so too
    before = len(await sandbox_client.bot_messages(READER))
    await sandbox_client.click(READER, news["message_id"], "sub:country:LY", user_id=READER)
    said = (await sandbox_client.wait_for_bot_messages(READER, before + 1))[before]
    assert said["text"].endswith(f"{STILL_OFF}."), said["text"]
    await ask(sandbox_client, "/breaking_alerts on")
    assert STILL_OFF not in (await ask(sandbox_client, "/subscribe tech"))["text"]
