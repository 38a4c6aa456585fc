"""In a forum supergroup the bot answers a command in the topic it was typed in, as people there expect."""
from __future__ import annotations

from sandbox.client import SandboxClient
from tests.conftest import RunningBot

EDITOR = 4100


async def forum_with_topic(client: SandboxClient, name: str = "Morocco desk") -> tuple[int, int]:
    """A forum the bot was added to, once its welcome has arrived, with one topic an editor opened: (chat, topic)."""
    await client.create_user(EDITOR, "Editor")
    forum = await client.create_chat("supergroup", "Newsroom", by_user_id=EDITOR, is_forum=True)
    await client.wait_for_bot_messages(forum["id"], 1)
    return forum["id"], await client.create_topic(forum["id"], name, user_id=EDITOR)


async def test_a_command_in_a_topic_is_answered_in_that_topic(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    forum, topic = await forum_with_topic(sandbox_client)
    await sandbox_client.send_message(forum, "/help", user_id=EDITOR, message_thread_id=topic)
    welcome, answer = await sandbox_client.wait_for_bot_messages(forum, 2)
    assert "/subscribe" in answer["text"]
    assert answer["topic"] == "Morocco desk"

    await sandbox_client.send_message(forum, "/countries", user_id=EDITOR)  # in General
    later = (await sandbox_client.wait_for_bot_messages(forum, 3))[2:]
    assert later[0]["text"].startswith("Countries")
    assert {m["topic"] for m in later} == {"General"}
    assert welcome["topic"] == "General"
