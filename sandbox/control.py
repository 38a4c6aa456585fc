"""The control API under /sandbox/api: what a person does in the chat page, and what tests arrange."""
from __future__ import annotations

import re
import time
from typing import Any

from aiohttp import web

from sandbox.methods_chats import chat_member
from sandbox.methods_messages import CALLBACK_EXPIRY
from sandbox.state import API, STATE, CallbackQuery, Chat, Fault, Message, State

OWNER_ID = 5000  # who creates (and adds the bot to) a group or channel unless a test names someone
COMMAND = re.compile(r"(?:^|(?<=\s))/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?")


def _state(request: web.Request) -> State:
    return request.app[STATE]


async def _body(request: web.Request) -> dict[str, Any]:
    if not request.can_read_body:
        return {}
    data = await request.json()
    if not isinstance(data, dict):
        raise web.HTTPBadRequest(text="expected a JSON object")
    return data


def _chat(state: State, chat_id: int) -> Chat:
    chat = state.chats.get(chat_id)
    if chat is None:
        raise web.HTTPNotFound(text=f"no chat {chat_id}")
    return chat


async def create_user(request: web.Request) -> web.Response:
    state, body = _state(request), await _body(request)
    user_id = int(body.get("id") or 100000 + len(state.users))
    user = state.user(user_id, body.get("first_name"))
    user.username = body.get("username") or user.username
    state.chats.setdefault(user_id, Chat(user_id, "private", user.first_name, user.username))
    return web.json_response(user.to_api())


async def create_chat(request: web.Request) -> web.Response:
    """A chat appears; for a group, supergroup or channel the bot is in, it gets my_chat_member (left -> its status)."""
    state, body = _state(request), await _body(request)
    kind = body.get("type", "private")
    if kind not in {"private", "group", "supergroup", "channel"}:
        raise web.HTTPBadRequest(text="type must be private, group, supergroup or channel")
    if kind == "private":
        chat_id = int(body["id"])
        state.user(chat_id, body.get("title"))
    else:
        chat_id = int(body.get("id") or (-next(state.next_group_id) if kind == "group" else -1000000000000 - next(state.next_group_id)))
    bot_status = body.get("bot_status") or ("administrator" if kind == "channel" else "member")
    allowed = {"administrator", "left", "kicked"} if kind == "channel" else {"member", "administrator", "left", "kicked"}
    if kind != "private" and bot_status not in allowed:
        raise web.HTTPBadRequest(text=f"bot_status for a {kind} must be one of {sorted(allowed)}")
    if chat_id in state.chats:
        return web.json_response(state.chats[chat_id].to_api())
    chat = state.chats[chat_id] = Chat(chat_id, kind, body.get("title", ""), body.get("username"))
    if kind != "private":
        chat.bot_status = bot_status
        creator = int(body.get("by_user_id") or OWNER_ID)
        state.user(creator, "Chat Owner" if creator == OWNER_ID else None)
        chat.members.setdefault(creator, "creator")
        if bot_status not in {"left", "kicked"}:
            await state.push_update("my_chat_member", _member_update(state, chat, creator, "left", bot_status))
    return web.json_response(chat.to_api())


async def bulk_chats(request: web.Request) -> web.Response:
    """Many chats at once (benchmarks); `started` private chats may be written to at once."""
    state, body = _state(request), await _body(request)
    kind, started, store = body.get("type", "private"), body.get("started", True), body.get("store_messages", True)
    for chat_id in body["ids"]:
        chat = Chat(int(chat_id), kind, store_messages=store)
        if kind == "private":
            state.user(int(chat_id))
            if started:
                chat.members[int(chat_id)] = "started"
        if kind == "channel":
            chat.bot_status = "administrator"
        state.chats[int(chat_id)] = chat
    return web.json_response({"created": len(body["ids"])})


async def set_member(request: web.Request) -> web.Response:
    state, body = _state(request), await _body(request)
    chat = _chat(state, int(request.match_info["chat_id"]))
    user_id, status = int(body["user_id"]), body["status"]
    if user_id == state.bot_id or body.get("is_bot"):
        old = chat.bot_status
        chat.bot_status = status
        await state.push_update("my_chat_member", _member_update(state, chat, int(body.get("by_user_id") or 0), old, status))
    else:
        state.user(user_id)
        chat.members[user_id] = status
    return web.json_response({"ok": True})


def _member_update(state: State, chat: Chat, by_user: int, old: str, new: str) -> dict[str, Any]:
    bot = {"id": state.bot_id, "is_bot": True, "first_name": "NewsDigest", "username": state.bot_username}
    creator = next((uid for uid, status in chat.members.items() if status == "creator"), OWNER_ID)
    actor = state.user(by_user or (chat.id if chat.type == "private" else creator)).to_api()
    return {
        "chat": chat.to_api(), "from": actor, "date": state.now(),
        "old_chat_member": chat_member(old, bot), "new_chat_member": chat_member(new, bot),
    }


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _command_entities(text: str) -> list[dict[str, Any]]:
    """Every /command in the text, as Telegram marks them (offsets in UTF-16 units)."""
    return [{"type": "bot_command", "offset": _utf16(text[: m.start()]), "length": _utf16(m.group(0))}
            for m in COMMAND.finditer(text)]


def _bot_sees(state: State, chat: Chat, message: Message, reply_to: Message | None) -> bool:
    """Privacy mode (Telegram's default): in groups the bot gets commands, replies to it and service messages."""
    if chat.type not in ("group", "supergroup") or not message.text:
        return True
    if reply_to is not None and reply_to.from_bot:
        return True
    return any(e["offset"] == 0 for e in message.entities)


async def send_message(request: web.Request) -> web.Response:
    """A user writes in a chat (or a channel admin posts): queues the update the bot will receive."""
    state, api, body = _state(request), request.app[API], await _body(request)
    chat = _chat(state, int(body["chat_id"]))
    user_id = int(body.get("user_id") or chat.id)
    user = state.user(user_id)
    if chat.type == "private":
        chat.members[user_id] = "started"
    elif chat.type != "channel":
        chat.members.setdefault(user_id, "member")
    text = body.get("text")
    message = Message(chat.next_message_id, chat.id, False, state.now(), text or "", _command_entities(text or ""), user_id=user_id)
    chat.next_message_id += 1
    if body.get("location"):
        message.extra["location"] = body["location"]
    if body.get("reply_to_message_id"):
        message.extra["reply_to_message_id"] = int(body["reply_to_message_id"])
    chat.messages.append(message)
    payload = api.message_api(message)
    if not text:
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


def _offered(message: Message) -> set[str]:
    """The callback_data of every button in the message's current inline keyboard."""
    keyboard = (message.reply_markup or {}).get("inline_keyboard") or []
    return {str(b["callback_data"]) for row in keyboard for b in row if isinstance(b, dict) and "callback_data" in b}


async def click(request: web.Request) -> web.Response:
    state, api, body = _state(request), request.app[API], await _body(request)
    chat = _chat(state, int(body["chat_id"]))
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
    query = _state(request).callbacks.get(request.match_info["query_id"])
    return web.json_response(query.answer if query else None)


async def expire_callback(request: web.Request) -> web.Response:
    """Age a callback query past Telegram's answer window, so a test need not sleep 15 s."""
    query = _state(request).callbacks.get(request.match_info["query_id"])
    if query is None:
        raise web.HTTPNotFound(text=f"no callback query {request.match_info['query_id']}")
    query.created = time.monotonic() - CALLBACK_EXPIRY - 1.0
    return web.json_response({"ok": True})


async def chat_messages(request: web.Request) -> web.Response:
    chat = _chat(_state(request), int(request.match_info["chat_id"]))
    return web.json_response([m.to_control() for m in chat.messages])


async def list_chats(request: web.Request) -> web.Response:
    state = _state(request)
    return web.json_response([{**c.to_api(), "bot_status": c.bot_status} for c in state.chats.values() if c.store_messages])


async def block_user(request: web.Request) -> web.Response:
    state, body = _state(request), await _body(request)
    user = state.user(int(request.match_info["user_id"]))
    blocked = bool(body.get("blocked", True))
    if user.blocked != blocked:
        user.blocked = blocked
        chat = state.chats.setdefault(user.id, Chat(user.id, "private", user.first_name))
        old, new = ("member", "kicked") if blocked else ("kicked", "member")
        await state.push_update("my_chat_member", _member_update(state, chat, user.id, old, new))
    return web.json_response({"ok": True})


async def deactivate_user(request: web.Request) -> web.Response:
    _state(request).user(int(request.match_info["user_id"])).deactivated = True
    return web.json_response({"ok": True})


async def migrate_chat(request: web.Request) -> web.Response:
    """A group becomes a supergroup with a new id, as Telegram does when a group grows."""
    state, api = _state(request), request.app[API]
    old = _chat(state, int(request.match_info["chat_id"]))
    new_id = -1000000000000 - next(state.next_group_id)
    new = Chat(new_id, "supergroup", old.title, members=dict(old.members), bot_status=old.bot_status)
    state.chats[new_id] = new
    old.migrated_to = new_id
    for chat, extra in ((old, {"migrate_to_chat_id": new_id}), (new, {"migrate_from_chat_id": old.id})):
        message = Message(chat.next_message_id, chat.id, False, state.now(), "", user_id=next(iter(old.members), None), extra=extra)
        chat.next_message_id += 1
        chat.messages.append(message)
        payload = api.message_api(message)
        payload.pop("text", None)
        await state.push_update("message", payload)
    return web.json_response({"new_chat_id": new_id})


async def add_fault(request: web.Request) -> web.Response:
    body = await _body(request)
    fault = Fault(
        error=body["error"], count=int(body.get("count", 1)), method=body.get("method"),
        chat_id=int(body["chat_id"]) if body.get("chat_id") is not None else None,
        retry_after=int(body.get("retry_after", 1)), description=body.get("description"),
        delay=float(body.get("delay", 2.0)), deliver=bool(body.get("deliver", False)),
        migrate_to_chat_id=body.get("migrate_to_chat_id"),
    )
    _state(request).faults.append(fault)
    return web.json_response({"ok": True})


async def clear_faults(request: web.Request) -> web.Response:
    _state(request).faults.clear()
    return web.json_response({"ok": True})


async def calls(request: web.Request) -> web.Response:
    method = request.query.get("method")
    found = [c for c in _state(request).calls if not method or c["method"].lower() == method.lower()]
    return web.json_response(found)


async def commands(request: web.Request) -> web.Response:
    state = _state(request)
    default = next((v for k, v in state.commands.items() if '"default"' in k), [])
    return web.json_response(default)


async def stats(request: web.Request) -> web.Response:
    state = _state(request)
    per_method: dict[str, int] = {}
    for call in state.calls:
        per_method[call["method"]] = per_method.get(call["method"], 0) + 1
    return web.json_response({**state.stats, "per_method": per_method})


async def config(request: web.Request) -> web.Response:
    state, body = _state(request), await _body(request)
    limits = state.limits
    limits.strict = bool(body.get("strict_limits", limits.strict))
    for key in ("global_per_second", "paid_per_second", "private_per_second", "group_per_minute", "private_burst"):
        if key in body:
            setattr(limits, key, type(getattr(limits, key))(body[key]))
    if body.get("record_calls") is False:
        state.calls = _NoLog()
    return web.json_response({"strict_limits": limits.strict})


class _NoLog(list):  # type: ignore[type-arg]
    """A call log that keeps nothing (benchmarks push 100,000 calls)."""

    def append(self, item: Any) -> None:
        return None


async def bot_info(request: web.Request) -> web.Response:
    state = _state(request)
    return web.json_response({"id": state.bot_id, "username": state.bot_username})


def control_routes(app: web.Application) -> None:
    r = app.router
    r.add_post("/sandbox/api/users", create_user)
    r.add_post("/sandbox/api/users/{user_id}/block", block_user)
    r.add_post("/sandbox/api/users/{user_id}/deactivate", deactivate_user)
    r.add_get("/sandbox/api/chats", list_chats)
    r.add_post("/sandbox/api/chats", create_chat)
    r.add_post("/sandbox/api/chats/bulk", bulk_chats)
    r.add_post("/sandbox/api/chats/{chat_id}/members", set_member)
    r.add_post("/sandbox/api/chats/{chat_id}/migrate", migrate_chat)
    r.add_get("/sandbox/api/chats/{chat_id}/messages", chat_messages)
    r.add_post("/sandbox/api/messages", send_message)
    r.add_post("/sandbox/api/callbacks", click)
    r.add_get("/sandbox/api/callbacks/{query_id}", callback_answer)
    r.add_post("/sandbox/api/callbacks/{query_id}/expire", expire_callback)
    r.add_post("/sandbox/api/faults", add_fault)
    r.add_delete("/sandbox/api/faults", clear_faults)
    r.add_get("/sandbox/api/calls", calls)
    r.add_get("/sandbox/api/commands", commands)
    r.add_get("/sandbox/api/stats", stats)
    r.add_post("/sandbox/api/config", config)
    r.add_get("/sandbox/api/bot", bot_info)
