"""A forum topic renamed, closed or reopened, by a member (control API) or by the bot (Bot API): the change, and the
service message in the topic that tells the chat (forum_topic_edited, forum_topic_closed, forum_topic_reopened).

A member's service message reaches the bot as an update; the bot's own does not, as Telegram never sends a bot
its own messages."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sandbox.html_entities import utf16_len
from sandbox.params import bad
from sandbox.state import Chat, Message, State

if TYPE_CHECKING:
    from sandbox.botapi import BotApi

TOPIC_NAME_LIMIT = 128  # Telegram's limit for a topic's name (createForumTopic, editForumTopic)


def topic_change(chat: Chat, thread_id: int, change: str, name: str | None = None) -> dict[str, Any]:
    """Apply `change` ("close", "reopen" or "rename" to `name`) to the topic; the service message's field.
    Raises sandbox.params.ApiError with Telegram's description when it cannot be done."""
    if not chat.is_forum:
        raise bad("the chat is not a forum")
    if thread_id not in chat.topics:
        raise bad("message thread not found")
    if change == "rename":
        if name is None or not 1 <= utf16_len(name) <= TOPIC_NAME_LIMIT:
            raise bad("TOPIC_TITLE_EMPTY" if not name else "TOPIC_TITLE_TOO_LONG")
        if name == chat.topics[thread_id]:
            raise bad("TOPIC_NOT_MODIFIED")
        chat.topics[thread_id] = name
        return {"forum_topic_edited": {"name": name}}
    closing = change == "close"
    if (thread_id in chat.closed_topics) == closing:
        raise bad("TOPIC_NOT_MODIFIED")
    if closing:
        chat.closed_topics.add(thread_id)
        return {"forum_topic_closed": {}}
    chat.closed_topics.discard(thread_id)
    return {"forum_topic_reopened": {}}


async def tell_chat(state: State, api: BotApi, chat: Chat, thread_id: int, extra: dict[str, Any],
                    user_id: int | None) -> Message:
    """The service message of a change, in its topic, from `user_id` (None: the bot, and no update is sent)."""
    from_bot = user_id is None
    message = Message(chat.next_message_id, chat.id, from_bot, state.now(), "",
                      user_id=state.bot_id if from_bot else user_id, thread_id=thread_id, extra=extra)
    chat.next_message_id += 1
    chat.messages.append(message)
    if not from_bot:
        payload = api.message_api(message)
        payload.pop("text", None)
        await state.push_update("message", payload)
    return message

