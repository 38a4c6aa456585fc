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


async def test_a_closed_topic_refuses_the_bot_with_telegrams_error_until_reopened(
    ptb: Bot, sandbox: RunningSandbox, sandbox_client: SandboxClient
) -> None:
    forum, topic = await _forum(sandbox_client)
    await sandbox_client.change_topic(forum, topic, "close", user_id=USER)
    async with httpx.AsyncClient() as http:
        response = await http.post(f"{sandbox.api_base_url}{TOKEN}/sendMessage",
                                   json={"chat_id": forum, "text": "Hi", "message_thread_id": topic})
    assert response.json() == {"ok": False, "error_code": 400, "description": "Bad Request: TOPIC_CLOSED"}
    await ptb.send_message(forum, "General is open")
    await sandbox_client.change_topic(forum, topic, "reopen", user_id=USER)
    await ptb.send_message(forum, "Morocco news", message_thread_id=topic)

    services = [m.message for m in await ptb.get_updates(timeout=0) if m.message and m.message.message_thread_id == topic]
    assert [(bool(m.forum_topic_created), bool(m.forum_topic_closed), bool(m.forum_topic_reopened)) for m in services] == [
        (True, False, False), (False, True, False), (False, False, True)]
    shown = [m.get("service") or m["text"] for m in await sandbox_client.messages(forum)]
    assert shown[-4:] == ["Ada closed the topic", "General is open", "Ada reopened the topic", "Morocco news"]


async def test_a_bot_that_manages_topics_may_close_rename_and_write_in_them(ptb: Bot, sandbox_client: SandboxClient) -> None:
    forum, topic = await _forum(sandbox_client)
    with pytest.raises(BadRequest, match="(?i)not enough rights to manage topics"):
        await ptb.close_forum_topic(forum, topic)
    await sandbox_client.set_bot_status(forum, "administrator", by_user_id=USER)
    assert await ptb.close_forum_topic(forum, topic)
    with pytest.raises(BadRequest, match="(?i)^topic_not_modified$"):
        await ptb.close_forum_topic(forum, topic)
    await ptb.send_message(forum, "Admins may write in a closed topic", message_thread_id=topic)
    assert await ptb.edit_forum_topic(forum, topic, name="Maghreb desk")
    await sandbox_client.send_message(forum, "/help", user_id=USER, message_thread_id=topic)

    shown = {m["text"]: m for m in await sandbox_client.messages(forum)}
    assert shown["/help"]["topic"] == "Maghreb desk"
    lines = [m["service"] for m in await sandbox_client.messages(forum) if m.get("service")]
    assert lines[-2:] == ["NewsDigest closed the topic", "NewsDigest renamed the topic to “Maghreb desk”"]


async def test_a_member_renaming_a_topic_tells_the_bot_its_new_name(ptb: Bot, sandbox_client: SandboxClient) -> None:
    forum, topic = await _forum(sandbox_client)
    await sandbox_client.change_topic(forum, topic, "rename", name="Maghreb desk", user_id=USER)
    [renamed] = [u.message for u in await ptb.get_updates(timeout=0) if u.message and u.message.forum_topic_edited]
    assert (renamed.message_thread_id, renamed.forum_topic_edited.name) == (topic, "Maghreb desk")
    with pytest.raises(httpx.HTTPStatusError, match="TOPIC_NOT_MODIFIED"):
        await sandbox_client.change_topic(forum, topic, "rename", name="Maghreb desk", user_id=USER)
