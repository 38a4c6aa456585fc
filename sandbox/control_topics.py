"""Forum topics through the control API: a member opens a topic in a forum supergroup, or an admin deletes one."""
from __future__ import annotations

from aiohttp import web

from sandbox.control_base import find_chat, read_body, state_of
from sandbox.html_entities import utf16_len
from sandbox.params import ApiError
from sandbox.state import API, Message
from sandbox.topics import TOPIC_NAME_LIMIT, tell_chat, topic_change

ICON_COLOR = 0x6FB9F0  # the first of the six colours Telegram gives a topic's icon


async def create_topic(request: web.Request) -> web.Response:
    """A topic appears, with the service message that opens it (forum_topic_created), which the bot receives.
    Its message_thread_id is that message's id, as in Telegram."""
    state, api, body = state_of(request), request.app[API], await read_body(request)
    chat = find_chat(state, int(request.match_info["chat_id"]))
    if not chat.is_forum:
        raise web.HTTPBadRequest(text=f"chat {chat.id} is not a forum: create a supergroup with is_forum=true")
    name = str(body.get("name") or "")
    if not 1 <= utf16_len(name) <= TOPIC_NAME_LIMIT:
        raise web.HTTPBadRequest(text=f"a topic's name has 1-{TOPIC_NAME_LIMIT} characters")
    user_id = int(body.get("user_id") or next(uid for uid, status in chat.members.items() if status == "creator"))
    state.user(user_id)
    chat.members.setdefault(user_id, "member")
    thread_id = chat.next_message_id
    chat.next_message_id += 1
    message = Message(thread_id, chat.id, False, state.now(), "", user_id=user_id, thread_id=thread_id,
                      extra={"forum_topic_created": {"name": name, "icon_color": ICON_COLOR}})
    chat.messages.append(message)
    chat.topics[thread_id] = name
    payload = api.message_api(message)
    payload.pop("text", None)
    await state.push_update("message", payload)
    return web.json_response({"message_thread_id": thread_id, "name": name})


async def delete_topic(request: web.Request) -> web.Response:
    """The topic is deleted with all its messages, as Telegram does; the bot is told nothing."""
    chat = find_chat(state_of(request), int(request.match_info["chat_id"]))
    thread_id = int(request.match_info["thread_id"])
    if chat.topics.pop(thread_id, None) is None:
        raise web.HTTPNotFound(text=f"chat {chat.id} has no topic {thread_id}")
    chat.messages = [m for m in chat.messages if m.thread_id != thread_id]
    chat.closed_topics.discard(thread_id)
    return web.json_response({"ok": True})


async def change_topic(request: web.Request) -> web.Response:
    """A member renames (body {"name": ...}), closes or reopens a topic; the bot receives the service message
    (forum_topic_edited, forum_topic_closed, forum_topic_reopened). `user_id` defaults to the chat's creator."""
    state, body = state_of(request), await read_body(request)
    chat = find_chat(state, int(request.match_info["chat_id"]))
    thread_id, change = int(request.match_info["thread_id"]), request.match_info["change"]
    try:
        extra = topic_change(chat, thread_id, change, str(body["name"]) if "name" in body else None)
    except ApiError as e:
        raise web.HTTPBadRequest(text=e.description) from e
    user_id = int(body.get("user_id") or next(uid for uid, status in chat.members.items() if status == "creator"))
    await tell_chat(state, request.app[API], chat, thread_id, extra, user_id)
    return web.json_response({"ok": True})


def topic_routes(app: web.Application) -> None:
    app.router.add_post("/sandbox/api/chats/{chat_id}/topics", create_topic)
    app.router.add_delete("/sandbox/api/chats/{chat_id}/topics/{thread_id}", delete_topic)
    app.router.add_post("/sandbox/api/chats/{chat_id}/topics/{thread_id}/{change:close|reopen|rename}", change_topic)
