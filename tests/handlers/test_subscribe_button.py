"""🔔 Subscribe under a country's or topic's stories says what /subscribe says (when digests come, /digest and
/timezone) and offers 🔕 Unfollow; while an admin manages a channel it follows for the channel, as /subscribe
there would, and says so."""
from __future__ import annotations

from sandbox.client import SandboxClient
from news.topics import TOPICS
from storage import chats as chat_store
from tests.conftest import RunningBot
from tests.handlers.test_subscribe import READER, ask, buttons, follows, message_now, reader  # noqa: F401 (a fixture)

SCHEDULE = "every day at 08:00 UTC. Change with /digest and /timezone."


async def tap(client: SandboxClient, message: dict, data: str) -> dict:
    return await client.wait_for_callback_answer(await client.click(READER, message["message_id"], data, user_id=READER))


async def next_bot_message(client: SandboxClient, before: int) -> dict:
    return (await client.wait_for_bot_messages(READER, before + 1))[before]


async def test_subscribe_under_stories_says_when_digests_come_and_offers_unfollow(
    reader: RunningBot, sandbox_client: SandboxClient
) -> None:
    stories = await ask(sandbox_client, "/morocco")
    before = len(await sandbox_client.bot_messages(READER))
    answer = await tap(sandbox_client, stories, "sub:country:MA")
    assert answer["text"] == "🔔 This chat now follows 🇲🇦 Morocco."
    said = await next_bot_message(sandbox_client, before)
    assert said["text"] == f"🔔 This chat now follows 🇲🇦 Morocco.\nDigests for this chat: {SCHEDULE}"
    [unfollow] = buttons(said)
    assert (unfollow["text"], unfollow["callback_data"]) == ("🔕 Unfollow 🇲🇦 Morocco", "sub:u:c:MA")
    assert await follows(reader, READER) == {("country", "MA")}
    assert (await tap(sandbox_client, said, "sub:u:c:MA"))["text"] == "🔕 Unfollowed 🇲🇦 Morocco."
    assert await follows(reader, READER) == set()

    async def edited() -> bool:
        return (await message_now(sandbox_client, READER, said["message_id"]))["text"].startswith("🔕")
    await sandbox_client.wait_for(edited)
    undone = await message_now(sandbox_client, READER, said["message_id"])
    assert undone["text"] == "🔕 This chat no longer follows 🇲🇦 Morocco. /subscribe Morocco follows it again."
    assert not buttons(undone)
    # A second tap (the edit not seen yet) changes nothing more.
    late = await sandbox_client.click(READER, said["message_id"], "sub:u:c:MA", user_id=READER, forged=True)
    assert (await sandbox_client.wait_for_callback_answer(late))["text"] == "Already unfollowed."


async def test_a_tap_on_something_followed_already_only_says_so(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    stories = await ask(sandbox_client, "/tech")
    await ask(sandbox_client, "/subscribe tech")
    before = len(await sandbox_client.bot_messages(READER))
    assert (await tap(sandbox_client, stories, "sub:topic:technology"))["text"] == "🔔 This chat already follows 💻 Technology."
    help_reply = await ask(sandbox_client, "/help")  # a chat's updates are handled in order: nothing came between
    assert (await sandbox_client.bot_messages(READER))[before]["message_id"] == help_reply["message_id"]


async def test_while_managing_a_channel_subscribe_follows_for_the_channel_and_says_so(
    reader: RunningBot, sandbox_client: SandboxClient
) -> None:
    channel = await sandbox_client.create_chat("channel", "Daily Brief", username="dailybrief", bot_status="administrator")
    await sandbox_client.set_member(channel["id"], READER, "creator")
    await ask(sandbox_client, "/manage @dailybrief")
    stories = await ask(sandbox_client, "/libya")
    [subscribe] = buttons(stories)
    assert (subscribe["text"], subscribe["callback_data"]) == ("🔔 Subscribe Daily Brief", f"sub:country:LY@{channel['id']}")
    before = len(await sandbox_client.bot_messages(READER))
    assert (await tap(sandbox_client, stories, subscribe["callback_data"]))["text"] == "🔔 Daily Brief now follows 🇱🇾 Libya."
    assert await follows(reader, channel["id"]) == {("country", "LY")} and await follows(reader, READER) == set()
    said = await next_bot_message(sandbox_client, before)
    assert said["text"] == f"🔔 Daily Brief now follows 🇱🇾 Libya.\nDigests for Daily Brief: {SCHEDULE}"
    # /subscriptions, in the same chat, shows the same chat's list; the channel's stories offer no Subscribe now.
    assert "🇱🇾 Libya" in (await ask(sandbox_client, "/subscriptions"))["text"]
    assert not buttons(await ask(sandbox_client, "/libya"))
    [unfollow] = buttons(said)
    assert unfollow["callback_data"] == f"sub:u:c:LY@{channel['id']}"
    await tap(sandbox_client, said, unfollow["callback_data"])
    assert await follows(reader, channel["id"]) == set()
    stored = await chat_store.get_chat(reader.db, channel["id"])
    assert stored is not None and stored.next_digest_at is not None  # scheduled from its first subscription


def test_every_button_fits_telegrams_64_bytes_with_the_longest_chat_id() -> None:
    longest = "@-1009999999999999"
    for topic in TOPICS:
        for data in (f"sub:topic:{topic.key}{longest}", f"sub:u:t:{topic.key}{longest}"):
            assert len(data.encode()) <= 64, data
