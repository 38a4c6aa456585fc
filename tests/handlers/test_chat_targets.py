"""Which chat a settings command or button changes, and who may change it: channel readers, demoted
admins, buttons under a message made for another chat, /digest now for a managed channel."""
from __future__ import annotations

from ingest.store import store_raw
from news.models import RawArticle
from sandbox.client import SandboxClient
from storage import chats as chat_store
from tests.conftest import RunningBot, wait_until
from tests.handlers.test_subscribe import READER, ask, follows

ADMIN = 302


def buttons(message: dict) -> list[dict]:
    return [b for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]


def data_of(message: dict, text: str) -> str:
    [found] = [b["callback_data"] for b in buttons(message) if text in b["text"]]
    return found


async def tap(client: SandboxClient, chat_id: int, message: dict, data: str, user_id: int) -> dict:
    """Press a button and return the bot's answer to the tap."""
    return await client.wait_for_callback_answer(await client.click(chat_id, message["message_id"], data, user_id=user_id))


async def cadence(bot: RunningBot, chat_id: int) -> str | None:
    chat = await chat_store.get_chat(bot.db, chat_id)
    return chat.cadence if chat else None


async def managed_channel(client: SandboxClient, title: str, username: str) -> dict:
    """A channel with READER as one of its admins, managed from READER's private chat."""
    channel = await client.create_chat("channel", title, username=username, bot_status="administrator")
    await client.create_user(READER, "Amina")
    await client.set_member(channel["id"], READER, "administrator")
    await ask(client, f"/manage @{username}")
    return channel


async def test_a_channel_reader_cannot_use_the_channels_buttons(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    channel = await sandbox_client.create_chat("channel", "Daily Brief", username="dailybrief", bot_status="administrator")
    await sandbox_client.create_user(READER, "Amina")
    await sandbox_client.create_user(ADMIN, "Omar")
    await sandbox_client.set_member(channel["id"], READER, "member")
    await sandbox_client.set_member(channel["id"], ADMIN, "administrator")
    await ask(sandbox_client, "/subscribe tech", chat_id=channel["id"])
    listing = await ask(sandbox_client, "/subscriptions", chat_id=channel["id"])
    picker = await ask(sandbox_client, "/subscribe", chat_id=channel["id"])
    settings = await ask(sandbox_client, "/settings", chat_id=channel["id"])
    for message, data in ((listing, data_of(listing, "Technology")), (picker, "tg:f:c:US"), (settings, "set:cad:hourly")):
        answer = await tap(sandbox_client, channel["id"], message, data, READER)
        assert "Only the channel's admins" in answer["text"], data
    assert await follows(bot, channel["id"]) == {("topic", "technology")}
    assert await cadence(bot, channel["id"]) == "daily"
    # The channel's admin taps the same buttons and they work.
    await tap(sandbox_client, channel["id"], settings, "set:cad:hourly", ADMIN)
    assert await cadence(bot, channel["id"]) == "hourly"
    answer = await tap(sandbox_client, channel["id"], listing, data_of(listing, "Technology"), ADMIN)
    assert "Removed" in answer["text"]
    assert await follows(bot, channel["id"]) == set()


async def test_an_admin_who_is_demoted_stops_managing_the_channel(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    channel = await managed_channel(sandbox_client, "Daily Brief", "dailybrief")
    await ask(sandbox_client, "/subscribe tech")
    await sandbox_client.set_member(channel["id"], READER, "member")
    reply = await ask(sandbox_client, "/subscribe sport")
    assert "no longer an admin of Daily Brief" in reply["text"] and "stopped managing" in reply["text"]
    assert await follows(bot, channel["id"]) == {("topic", "technology")}
    assert await follows(bot, READER) == set()  # nor is their own chat changed in its place
    assert await chat_store.managing(bot.db, READER) is None
    await ask(sandbox_client, "/subscribe sport")
    assert await follows(bot, READER) == {("topic", "sport")}


async def test_a_channel_the_bot_was_taken_out_of_stops_being_managed_and_the_reply_says_so(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    """The admin is still an admin: it is the bot that left. They were told they no longer were."""
    channel = await managed_channel(sandbox_client, "Daily Brief", "dailybrief")
    await ask(sandbox_client, "/subscribe tech")
    await sandbox_client.create_user(ADMIN, "Omar")
    await sandbox_client.set_bot_status(channel["id"], "left", by_user_id=ADMIN)

    async def gone() -> bool:
        chat = await chat_store.get_chat(bot.db, channel["id"])
        return chat is not None and chat.status != "active"
    await wait_until(gone)
    reply = await ask(sandbox_client, "/subscribe sport")
    assert reply["text"].startswith("I'm no longer in Daily Brief, so I stopped managing it and changed nothing.")
    assert "no longer an admin" not in reply["text"]
    assert await follows(bot, channel["id"]) == {("topic", "technology")}  # kept, should it be added back
    assert await chat_store.managing(bot.db, READER) is None


async def test_buttons_change_the_chat_their_message_was_about(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    # Settings shown for the channel, then back to the private chat: "Hourly" still changes the channel.
    channel = await managed_channel(sandbox_client, "Maghreb Wire", "maghrebwire")
    settings = await ask(sandbox_client, "/settings")
    assert settings["text"].startswith("📣 You're managing Maghreb Wire from here — /manage off to change this chat "
                                       "again.\n\nDigest settings for Maghreb Wire")
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons(settings))
    await ask(sandbox_client, "/manage off")
    answer = await tap(sandbox_client, READER, settings, data_of(settings, "Hourly"), READER)
    assert answer["text"] == "Saved"
    assert await cadence(bot, channel["id"]) == "hourly"
    assert await cadence(bot, READER) in (None, "daily")
    # The reverse: a picker opened for the private chat, then /manage: its taps still change the private chat.
    picker = await ask(sandbox_client, "/subscribe")
    await ask(sandbox_client, "/manage @maghrebwire")
    await tap(sandbox_client, READER, picker, "tg:f:c:US", READER)
    assert await follows(bot, READER) == {("country", "US")}
    assert await follows(bot, channel["id"]) == set()
    # Once demoted, the channel's old buttons change nothing.
    await sandbox_client.set_member(channel["id"], READER, "member")
    answer = await tap(sandbox_client, READER, settings, data_of(settings, "Daily"), READER)
    assert answer["text"] == "You're no longer an admin of Maghreb Wire, so I stopped managing it and changed nothing."
    assert await cadence(bot, channel["id"]) == "hourly"
    # Chat ids come from users' clients: one of a channel they do not admin, or no id at all, changes nothing.
    other = await sandbox_client.create_chat("channel", "Not Yours", username="notyours", bot_status="administrator")
    await chat_store.upsert_chat(bot.db, other["id"], "channel", "Not Yours", "UTC", bot.clock.now())
    for data in (f"set:cad:twice@{other['id']}", "set:cad:twice@-12x", f"set:cad:twice@{READER + 1}", "set:cad:twice@"):
        query = await sandbox_client.click(READER, settings["message_id"], data, user_id=READER, forged=True)
        assert (await sandbox_client.wait_for_callback_answer(query))["text"] != "Saved", data
    assert await cadence(bot, other["id"]) == "daily"
    assert await cadence(bot, channel["id"]) == "hourly"


async def test_digest_now_for_a_managed_channel_answers_the_admin_privately(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    channel = await managed_channel(sandbox_client, "Maghreb Wire", "maghrebwire")
    await ask(sandbox_client, "/subscribe morocco")
    posted = len(await sandbox_client.bot_messages(channel["id"]))
    reply = await ask(sandbox_client, "/digest now")
    assert "Nothing new for Maghreb Wire" in reply["text"]
    await store_raw(bot.db, RawArticle(
        title="Morocco opens its largest solar plant near Ouarzazate", source="Wire",
        text="Morocco inaugurated a new phase of the Noor solar complex near Ouarzazate on Tuesday, officials in Rabat "
             "said. The Moroccan energy ministry said the plant would power a million homes."), bot.clock.now())
    reply = await ask(sandbox_client, "/digest now")
    assert "Sent a digest to Maghreb Wire" in reply["text"]
    [digest] = (await sandbox_client.wait_for_bot_messages(channel["id"], posted + 1))[posted:]
    assert "solar plant" in digest["text"]  # and no "Nothing new since" before it


async def test_a_chat_that_follows_nothing_is_told_how_to_get_digests(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    await sandbox_client.create_user(READER, "Amina")
    reply = await ask(sandbox_client, "/digest now")
    assert reply["text"].startswith("This chat follows nothing yet") and "/subscribe" in reply["text"]
    assert "Your news digest" not in reply["text"]
    settings = await ask(sandbox_client, "/settings")
    assert "Next digest" not in settings["text"]
    assert "No digest until this chat follows something" in settings["text"]
    await ask(sandbox_client, "/subscribe morocco")
    settings = await ask(sandbox_client, "/settings")
    assert "Next digest: Wed 25 Nov 08:00" in settings["text"]


async def test_subscribe_under_news_read_privately_names_the_chat_it_changed(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    """Managing a channel, an admin asks /morocco: its 🔔 Subscribe follows it for the channel, as /subscribe and
    /subscriptions in that chat act on the channel, and the answer names the channel."""
    channel = await managed_channel(sandbox_client, "Maghreb Wire", "maghrebwire")
    reply = await ask(sandbox_client, "/morocco")
    answer = await tap(sandbox_client, READER, reply, data_of(reply, "Subscribe"), READER)
    assert answer["text"] == "🔔 Maghreb Wire now follows 🇲🇦 Morocco."
    assert await follows(bot, channel["id"]) == {("country", "MA")}
    assert await follows(bot, READER) == set()
