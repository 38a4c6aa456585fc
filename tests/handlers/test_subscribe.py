"""Subscribing in chats through the real bot: commands, buttons, filters, group admins, channels."""
from __future__ import annotations

import pytest

from sandbox.client import SandboxClient
from storage import chats as chat_store
from storage import subscriptions as subscription_store
from tests.conftest import RunningBot

READER = 301


async def ask(client: SandboxClient, text: str, chat_id: int = READER, user_id: int = READER) -> dict:
    before = len(await client.bot_messages(chat_id))
    await client.send_message(chat_id, text, user_id=user_id)
    return (await client.wait_for_bot_messages(chat_id, count=before + 1))[before]


@pytest.fixture
async def reader(bot: RunningBot, sandbox_client: SandboxClient) -> RunningBot:
    await sandbox_client.create_user(READER, "Amina")
    return bot


async def follows(bot: RunningBot, chat_id: int) -> set[tuple[str, str]]:
    return {(s.kind, s.value) for s in await subscription_store.list_for_chat(bot.db, chat_id)}


async def test_subscribe_by_command_with_keyword_filters(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await ask(sandbox_client, "/subscribe morocco -football +election")
    assert "now follows" in reply["text"] and "Morocco" in reply["text"] and "without football" in reply["text"]
    [subscription] = await subscription_store.list_for_chat(reader.db, READER)
    assert (subscription.kind, subscription.value, subscription.include, subscription.exclude) == ("country", "MA", ("election",), ("football",))
    reply = await ask(sandbox_client, "/subscribe tech")
    assert await follows(reader, READER) == {("country", "MA"), ("topic", "technology")}
    chat = await chat_store.get_chat(reader.db, READER)
    assert chat is not None and chat.next_digest_at is not None  # scheduled from the first subscription


async def test_unknown_name_gets_suggestions(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await ask(sandbox_client, "/subscribe moroco")
    assert "Did you mean Morocco" in reply["text"]
    assert await follows(reader, READER) == set()


async def test_subscribe_button_under_a_country_reply(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await ask(sandbox_client, "/morocco")
    query = await sandbox_client.click(READER, reply["message_id"], "sub:country:MA", user_id=READER)
    answer = await sandbox_client.wait_for_callback_answer(query)
    assert "Subscribed to" in answer["text"]
    assert await follows(reader, READER) == {("country", "MA")}


async def test_picker_toggles_and_done(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    picker = await ask(sandbox_client, "/subscribe")
    data = [b["callback_data"] for row in picker["reply_markup"]["inline_keyboard"] for b in row]
    assert "tg:c:MA" in data and "tg:done" in data and all(len(d.encode()) <= 64 for d in data)
    await sandbox_client.wait_for_callback_answer(await sandbox_client.click(READER, picker["message_id"], "tg:c:MA", user_id=READER))
    assert await follows(reader, READER) == {("country", "MA")}
    [message] = [m for m in await sandbox_client.bot_messages(READER) if m["message_id"] == picker["message_id"]]
    assert any(b["text"].startswith("✅") and "Morocco" in b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row)
    await sandbox_client.wait_for_callback_answer(await sandbox_client.click(READER, picker["message_id"], "tg:c:MA", user_id=READER))
    assert await follows(reader, READER) == set()


async def test_forged_or_stale_buttons_get_a_clear_answer(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    picker = await ask(sandbox_client, "/subscribe")
    for data in ("tg:c:XX", "sub:country:ZZ", "un:999999", "tg:nonsense"):
        answer = await sandbox_client.wait_for_callback_answer(await sandbox_client.click(READER, picker["message_id"], data, user_id=READER, forged=True))
        assert answer["text"], data
    assert await follows(reader, READER) == set()


async def test_subscriptions_list_with_remove_buttons(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    await ask(sandbox_client, "/subscribe morocco")
    await ask(sandbox_client, "/subscribe politics")
    listing = await ask(sandbox_client, "/mysubs")
    assert "Morocco" in listing["text"] and "Politics" in listing["text"]
    remove = [b["callback_data"] for row in listing["reply_markup"]["inline_keyboard"] for b in row if "Morocco" in b["text"]][0]
    await sandbox_client.wait_for_callback_answer(await sandbox_client.click(READER, listing["message_id"], remove, user_id=READER))
    assert await follows(reader, READER) == {("topic", "politics")}
    reply = await ask(sandbox_client, "/unsubscribe politics")
    assert "no longer follows" in reply["text"]
    assert await follows(reader, READER) == set()


async def test_only_group_admins_change_a_groups_subscriptions(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    group = await sandbox_client.create_chat("group", "Newsroom")
    await sandbox_client.set_member(group["id"], READER, "member")
    await sandbox_client.set_member(group["id"], 302, "administrator")
    refused = await ask(sandbox_client, "/subscribe morocco", chat_id=group["id"], user_id=READER)
    assert "Only this group's admins" in refused["text"]
    assert await follows(reader, group["id"]) == set()
    await ask(sandbox_client, "/subscribe morocco", chat_id=group["id"], user_id=302)
    assert await follows(reader, group["id"]) == {("country", "MA")}


async def test_channel_managed_from_a_private_chat(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    channel = await sandbox_client.create_chat("channel", "Daily Brief", username="dailybrief", bot_status="administrator")
    await sandbox_client.set_member(channel["id"], READER, "creator")
    reply = await ask(sandbox_client, "/manage @dailybrief")
    assert "Managing" in reply["text"]
    await ask(sandbox_client, "/subscribe israel")
    assert await follows(reader, channel["id"]) == {("country", "IL")}
    assert await follows(reader, READER) == set()
    await ask(sandbox_client, "/manage off")
    await ask(sandbox_client, "/subscribe tech")
    assert await follows(reader, READER) == {("topic", "technology")}


async def test_non_admin_cannot_manage_a_channel(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    await sandbox_client.create_chat("channel", "Other", username="otherchan", bot_status="administrator")
    reply = await ask(sandbox_client, "/manage @otherchan")
    assert "Only admins" in reply["text"]
