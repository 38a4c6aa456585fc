"""A channel's admins post commands in the channel itself: the bot answers there and changes that channel."""
from __future__ import annotations

from ingest.store import store_raw
from news.models import RawArticle
from sandbox.client import SandboxClient
from storage import subscriptions as subscription_store
from tests.conftest import RunningBot
from tests.handlers.test_subscribe import ask


async def test_commands_posted_in_a_channel_are_the_channels_own(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    channel = await sandbox_client.create_chat("channel", "Daily Brief", username="dailybrief", bot_status="administrator")
    await store_raw(bot.db, RawArticle(
        title="Morocco opens its largest solar plant near Ouarzazate", source="Wire",
        text="Morocco inaugurated a new phase of the Noor solar complex near Ouarzazate on Tuesday, officials in Rabat "
             "said. The Moroccan energy ministry said the plant would power a million homes."), bot.clock.now())
    headlines = await ask(sandbox_client, "/morocco", chat_id=channel["id"])
    assert "solar plant" in headlines["text"]
    reply = await ask(sandbox_client, "/subscribe tech", chat_id=channel["id"])
    assert reply["text"].startswith("🔔 This channel now follows 💻 Technology.")  # not "This chat"
    followed = await subscription_store.list_for_chat(bot.db, channel["id"])
    assert [(s.kind, s.value) for s in followed] == [("topic", "technology")]


async def test_commands_for_private_chats_posted_in_a_channel_get_an_answer(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    """A channel's post has no sender: /cancel crashed on it and /manage said nothing."""
    channel = await sandbox_client.create_chat("channel", "Daily Brief", username="dailybrief", bot_status="administrator")
    assert (await ask(sandbox_client, "/cancel", chat_id=channel["id"]))["text"] == "Nothing to cancel."
    manage = await ask(sandbox_client, "/manage @dailybrief", chat_id=channel["id"])
    assert manage["text"] == "Send /manage in a private chat with me."
