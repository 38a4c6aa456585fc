"""What a person does in a chat, through the control API: write a message, send a file, press an inline button."""
from __future__ import annotations

import re
import time
from typing import Any

from aiohttp import web

from sandbox.control_base import find_chat, read_body, state_of
from sandbox.files import CAPTION_LIMIT
from sandbox.methods_messages import CALLBACK_EXPIRY
from sandbox.state import API, CallbackQuery, Chat, Message, State

COMMAND = re.compile(r"(?:^|(?<=\s))/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?")


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _command_entities(text: str) -> list[dict[str, Any]]:
    """Every /command in the text, as Telegram marks them (offsets in UTF-16 units)."""
    return [{"type": "bot_command", "offset": _utf16(text[: m.start()]), "length": _utf16(m.group(0))}
            for m in COMMAND.finditer(text)]


def _bot_sees(state: State, chat: Chat, message: Message, reply_to: Message | None) -> bool:
    """Privacy mode (Telegram's default): in groups the bot gets commands (a file's caption may be one), replies to
    it and service messages."""
    if chat.type not in ("group", "supergroup") or not (message.text or message.document):
        return True
    if reply_to is not None and reply_to.from_bot:
        return True
    return any(e["offset"] == 0 for e in message.entities)


async def send_message(request: web.Request) -> web.Response:
    """A user writes in a chat (or a channel admin posts): queues the update the bot will receive."""
    state, body = state_of(request), await read_body(request)
    return await _post(request, find_chat(state, int(body["chat_id"])), body)


async def send_document(request: web.Request) -> web.Response:
    """A user sends a file (multipart/form-data: the file in `document`, its name the part's filename, `mime_type`
    as their app declares it, and chat_id, user_id, caption, reply_to_message_id, message_thread_id): queues the
    message with its Document, which the bot may getFile and download."""
    state = state_of(request)
    form = await request.post()
    upload = form.get("document")
    if not isinstance(upload, web.FileField):
        raise web.HTTPBadRequest(text="send the file as the multipart part `document`")
    body: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str) and v != ""}
    chat = find_chat(state, int(body["chat_id"]))
    caption = body.pop("caption", None)
    if caption is not None and _utf16(caption) > CAPTION_LIMIT:
        raise web.HTTPBadRequest(text=f"a caption has at most {CAPTION_LIMIT} characters")
    content = upload.file.read()
    if not content:
        raise web.HTTPBadRequest(text="a Telegram app sends no empty file")
    stored = state.files.add(content, upload.filename or "", body.pop("mime_type", None))
    return await _post(request, chat, {**body, "text": caption}, document=stored.document_api())


async def file_content(request: web.Request) -> web.Response:
    """A file's bytes by its file_id, as a person who received it would open it."""
    stored = state_of(request).files.get(request.match_info["file_id"])
    if stored is None:
        raise web.HTTPNotFound(text=f"no file {request.match_info['file_id']}")
    return web.Response(body=stored.content, content_type=stored.mime_type)


async def _post(request: web.Request, chat: Chat, body: dict[str, Any], *,
                document: dict[str, Any] | None = None) -> web.Response:
    state, api = state_of(request), request.app[API]
    user_id = int(body.get("user_id") or chat.id)
    user = state.user(user_id)
    if chat.type == "private":
        chat.members[user_id] = "started"
    elif chat.type != "channel":
        chat.members.setdefault(user_id, "member")
    text = body.get("text")
    message = Message(chat.next_message_id, chat.id, False, state.now(), text or "", _command_entities(text or ""), user_id=user_id,
                      thread_id=_topic(chat, body), document=document)
    chat.next_message_id += 1
    if body.get("location"):
        message.extra["location"] = body["location"]
    if body.get("reply_to_message_id"):
        message.extra["reply_to_message_id"] = int(body["reply_to_message_id"])
    chat.messages.append(message)
    payload = api.message_api(message)
    if not text and document is None:
        payload.pop("text", None)
    target = None
    if "reply_to_message_id" in message.extra:
        target = next((m for m in chat.messages if m.message_id == message.extra["reply_to_message_id"]), None)
        if target is not None:
            payload["reply_to_message"] = api.message_api(target)
    if not _bot_sees(state, chat, message, target):
        return web.json_response({"message": payload, "update_id": None})
    update_id = await state.push_update("channel_post" if chat.type == "channel" else "message", payload)
    return web.json_response({"message": payload, "update_id": update_id})


def _topic(chat: Chat, body: dict[str, Any]) -> int | None:
    """The forum topic a message is written in (message_thread_id), which must be one of the chat's."""
    thread_id = body.get("message_thread_id")
    if thread_id is None:
        return None
    if int(thread_id) not in chat.topics:
        raise web.HTTPBadRequest(text=f"chat {chat.id} has no topic {thread_id}")
    return int(thread_id)


def _offered(message: Message) -> set[str]:
    """The callback_data of every button in the message's current inline keyboard."""
    keyboard = (message.reply_markup or {}).get("inline_keyboard") or []
    return {str(b["callback_data"]) for row in keyboard for b in row if isinstance(b, dict) and "callback_data" in b}


async def click(request: web.Request) -> web.Response:
    state, api, body = state_of(request), request.app[API], await read_body(request)
    chat = find_chat(state, int(body["chat_id"]))
    message = next((m for m in chat.messages if m.message_id == int(body["message_id"])), None)
    if message is None:
        raise web.HTTPNotFound(text="no such message")
    data = str(body["data"])
    if body.get("forged") is not True and data not in _offered(message):
        raise web.HTTPBadRequest(text=f"message {message.message_id} in chat {chat.id} has no button with callback_data {data!r}; "
                                      "a real client can only press buttons it was shown (send forged=true to simulate a tampered client)")
    query_id = str(next(state.callback_ids) * 7919 + 1000003)
    state.callbacks[query_id] = CallbackQuery(query_id, time.monotonic())
    user_id = int(body.get("user_id") or chat.id)
    await state.push_update("callback_query", {
        "id": query_id, "from": state.user(user_id).to_api(), "message": api.message_api(message),
        "chat_instance": str(abs(chat.id)), "data": data,
    })
    return web.json_response({"callback_query_id": query_id})


async def callback_answer(request: web.Request) -> web.Response:
    query = state_of(request).callbacks.get(request.match_info["query_id"])
    return web.json_response(query.answer if query else None)


async def expire_callback(request: web.Request) -> web.Response:
    """Age a callback query past Telegram's answer window, so a test need not sleep 15 s."""
    query = state_of(request).callbacks.get(request.match_info["query_id"])
    if query is None:
        raise web.HTTPNotFound(text=f"no callback query {request.match_info['query_id']}")
    query.created = time.monotonic() - CALLBACK_EXPIRY - 1.0
    return web.json_response({"ok": True})
