"""Forum supergroups: messages in a topic come as Telegram sends them, a send may name a topic of the chat, and
one it does not have is refused with Telegram's error."""
from __future__ import annotations

import httpx
import pytest
from telegram import Bot
from telegram.error import BadRequest

from sandbox.client import SandboxClient
from sandbox.server import RunningSandbox
from tests.sandbox.conftest import TOKEN, USER

THREAD_NOT_FOUND = "Bad Request: message thread not found"


async def _forum(client: SandboxClient) -> tuple[int, int]:
    """A forum supergroup USER created, with one topic she opened: (chat id, its message_thread_id)."""
    forum = await client.create_chat("supergroup", "Newsroom", by_user_id=USER, is_forum=True)
    return forum["id"], await client.create_topic(forum["id"], "Morocco desk", user_id=USER)


async def test_messages_in_a_topic_carry_it_as_telegram_sends_them(ptb: Bot, sandbox_client: SandboxClient) -> None:
    forum, topic = await _forum(sandbox_client)
    await sandbox_client.send_message(forum, "/morocco", user_id=USER, message_thread_id=topic)
    await sandbox_client.send_message(forum, "/help", user_id=USER)

    messages = [u.message for u in await ptb.get_updates(timeout=0) if u.message and u.message.chat.id == forum]
    joined, created, in_topic, in_general = messages
    assert [u.id for u in joined.new_chat_members] == [ptb.id]
    assert created.chat.is_forum
    assert created.forum_topic_created.name == "Morocco desk"
    assert (created.message_thread_id, created.is_topic_message) == (topic, True)
    assert (in_topic.text, in_topic.message_thread_id, in_topic.is_topic_message) == ("/morocco", topic, True)
    # A topic is the reply thread of the message that opened it.
    assert in_topic.reply_to_message.message_id == topic
    assert (in_general.text, in_general.message_thread_id, in_general.is_topic_message) == ("/help", None, None)
    assert in_general.reply_to_message is None


async def test_a_send_naming_a_topic_goes_into_it(ptb: Bot, sandbox_client: SandboxClient) -> None:
    forum, topic = await _forum(sandbox_client)
    sent = await ptb.send_message(forum, "Morocco news", message_thread_id=topic)
    general = await ptb.send_message(forum, "Everyone's news")

    assert (sent.message_thread_id, sent.is_topic_message) == (topic, True)
    assert general.message_thread_id is None
    shown = {m["text"]: m for m in await sandbox_client.messages(forum)}
    assert shown["Morocco news"]["topic"] == "Morocco desk"
    assert shown["Everyone's news"]["topic"] == "General"


@pytest.mark.parametrize("thread", [
    pytest.param(999, id="never-there"),
    pytest.param(1, id="general-is-named-by-no-id"),
])
async def test_a_send_to_a_topic_the_forum_does_not_have_is_refused(
    ptb: Bot, sandbox: RunningSandbox, sandbox_client: SandboxClient, thread: int
) -> None:
    forum, _ = await _forum(sandbox_client)
    async with httpx.AsyncClient() as http:
        response = await http.post(f"{sandbox.api_base_url}{TOKEN}/sendMessage",
                                   json={"chat_id": forum, "text": "Hi", "message_thread_id": thread})
    assert response.status_code == 400
    assert response.json() == {"ok": False, "error_code": 400, "description": THREAD_NOT_FOUND}
    with pytest.raises(BadRequest, match="(?i)^message thread not found$"):
        await ptb.send_chat_action(forum, "typing", message_thread_id=thread)
    assert not [m for m in await sandbox_client.messages(forum) if m["from_bot"]]


async def test_a_deleted_topic_takes_its_messages_and_sends_to_it_are_refused(ptb: Bot, sandbox_client: SandboxClient) -> None:
    forum, topic = await _forum(sandbox_client)
    await ptb.send_message(forum, "Morocco news", message_thread_id=topic)
    await sandbox_client.delete_topic(forum, topic)

    assert [m.get("service") for m in await sandbox_client.messages(forum)] == ["Ada added NewsDigest"]
    with pytest.raises(BadRequest, match="(?i)^message thread not found$"):
        await ptb.send_message(forum, "More Morocco news", message_thread_id=topic)


async def test_a_chat_that_is_no_forum_has_no_topics(ptb: Bot, sandbox_client: SandboxClient) -> None:
    group = await sandbox_client.create_chat("supergroup", "Desk", by_user_id=USER)
    said = await sandbox_client.send_message(group["id"], "/help", user_id=USER)
    assert "is_forum" not in said["chat"]
    with pytest.raises(BadRequest, match="(?i)^message thread not found$"):
        await ptb.send_message(group["id"], "Hi", message_thread_id=said["message_id"])
    with pytest.raises(httpx.HTTPStatusError, match="not a forum"):
        await sandbox_client.create_topic(group["id"], "Morocco desk", user_id=USER)
    with pytest.raises(httpx.HTTPStatusError, match="only a supergroup"):
        await sandbox_client.create_chat("group", "Club", is_forum=True)
