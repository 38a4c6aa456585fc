"""The control API under /sandbox/api: what tests arrange (users, chats, members, faults) and what they observe.

What a person does in a chat (write, press a button) is in control_user, inline mode in control_inline."""
from __future__ import annotations

from typing import Any

from aiohttp import web

from sandbox.control_base import find_chat, read_body, state_of
from sandbox.control_inline import inline_routes
from sandbox.control_topics import topic_routes
from sandbox.control_user import (callback_answer, click, expire_callback, file_content, send_document,
                                   send_message)
from sandbox.membership import OWNER_ID, bot_status_changed, creator_of
from sandbox.service_lines import service_line
from sandbox.state import API, BOT_NAME, Chat, Fault, Message, State


async def create_user(request: web.Request) -> web.Response:
    state, body = state_of(request), await read_body(request)
    user_id = int(body.get("id") or 100000 + len(state.users))
    user = state.user(user_id, body.get("first_name"))
    user.username = body.get("username") or user.username
    state.chats.setdefault(user_id, Chat(user_id, "private", user.first_name, user.username))
    return web.json_response(user.to_api())


async def create_chat(request: web.Request) -> web.Response:
    """A chat appears; for a group, supergroup or channel the bot is in, it gets my_chat_member (left -> its status)."""
    state, body = state_of(request), await read_body(request)
    kind = body.get("type", "private")
    if kind not in {"private", "group", "supergroup", "channel"}:
        raise web.HTTPBadRequest(text="type must be private, group, supergroup or channel")
    if body.get("is_forum") and kind != "supergroup":
        raise web.HTTPBadRequest(text="only a supergroup can be a forum")
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
    chat = state.chats[chat_id] = Chat(chat_id, kind, body.get("title", ""), body.get("username"),
                                       is_forum=bool(body.get("is_forum")))
    if chat.is_forum:
        chat.next_message_id = 2  # 1 is the chat's creation, which opens the General topic: no topic gets its id
    if kind != "private":
        chat.bot_status = bot_status
        creator = int(body.get("by_user_id") or OWNER_ID)
        state.user(creator, "Chat Owner" if creator == OWNER_ID else None)
        chat.members.setdefault(creator, "creator")
        if bot_status not in {"left", "kicked"}:
            await bot_status_changed(state, request.app[API], chat, creator, "left", bot_status)
    return web.json_response(chat.to_api())


async def bulk_chats(request: web.Request) -> web.Response:
    """Many chats at once (benchmarks); `started` private chats may be written to at once. Each group or channel
    is one the owner added the bot to, so the bot gets my_chat_member for it, as for one created alone."""
    state, body = state_of(request), await read_body(request)
    kind, started, store = body.get("type", "private"), body.get("started", True), body.get("store_messages", True)
    if kind not in {"private", "group", "supergroup", "channel"}:
        raise web.HTTPBadRequest(text="type must be private, group, supergroup or channel")
    if kind != "private":
        state.user(OWNER_ID, "Chat Owner")
    for chat_id in body["ids"]:
        chat = Chat(int(chat_id), kind, store_messages=store)
        state.chats[int(chat_id)] = chat
        if kind == "private":
            state.user(int(chat_id))
            if started:
                chat.members[int(chat_id)] = "started"
            continue
        chat.bot_status = "administrator" if kind == "channel" else "member"
        chat.members[OWNER_ID] = "creator"
        await bot_status_changed(state, request.app[API], chat, OWNER_ID, "left", chat.bot_status)
    return web.json_response({"created": len(body["ids"])})


async def set_member(request: web.Request) -> web.Response:
    state, body = state_of(request), await read_body(request)
    chat = find_chat(state, int(request.match_info["chat_id"]))
    user_id, status = int(body["user_id"]), body["status"]
    if user_id == state.bot_id or body.get("is_bot"):
        old = chat.bot_status
        chat.bot_status = status
        await bot_status_changed(state, request.app[API], chat, int(body.get("by_user_id") or 0), old, status)
    else:
        state.user(user_id)
        chat.members[user_id] = status
    return web.json_response({"ok": True})


async def chat_messages(request: web.Request) -> web.Response:
    """The chat's messages; each user's with `from_name`, as the chat page heads them in groups, in a forum each
    with the `topic` it is in ("General" for those in no topic), and a service message with the `service` line the
    page shows for it ("Karim added NewsDigest")."""
    state = state_of(request)
    chat = find_chat(state, int(request.match_info["chat_id"]))
    return web.json_response([_shown(state, chat, m) for m in chat.messages])


def _shown(state: State, chat: Chat, message: Message) -> dict[str, Any]:
    data = {**message.to_control(), "from_name": _sender_name(state, message), **_topic(chat, message)}
    line = service_line(data, data["from_name"])
    return {**data, "service": line} if line else data


def _topic(chat: Chat, message: Message) -> dict[str, str]:
    if not chat.is_forum:
        return {}
    return {"topic": chat.topics[message.thread_id] if message.thread_id is not None else "General"}


def _sender_name(state: State, message: Message) -> str:
    if message.from_bot:
        return BOT_NAME
    user = state.users.get(message.user_id) if message.user_id is not None else None
    return user.first_name if user is not None else ""


async def list_chats(request: web.Request) -> web.Response:
    state = state_of(request)
    # A group upgraded to a supergroup is gone from the list, as from Telegram's: the supergroup goes on in its place.
    return web.json_response([{**c.to_api(), "bot_status": c.bot_status} for c in state.chats.values()
                              if c.store_messages and c.migrated_to is None])


async def block_user(request: web.Request) -> web.Response:
    state, body = state_of(request), await read_body(request)
    user = state.user(int(request.match_info["user_id"]))
    blocked = bool(body.get("blocked", True))
    if user.blocked != blocked:
        user.blocked = blocked
        chat = state.chats.setdefault(user.id, Chat(user.id, "private", user.first_name))
        old, new = ("member", "kicked") if blocked else ("kicked", "member")
        await bot_status_changed(state, request.app[API], chat, user.id, old, new)
    return web.json_response({"ok": True})


async def deactivate_user(request: web.Request) -> web.Response:
    state_of(request).user(int(request.match_info["user_id"])).deactivated = True
    return web.json_response({"ok": True})


async def migrate_chat(request: web.Request) -> web.Response:
    """A group becomes a supergroup with a new id, as Telegram does when a group grows: the group says it moved
    (migrate_to_chat_id), the supergroup where from (migrate_from_chat_id), and the bot, still in it, is told it
    joined the supergroup (my_chat_member, left -> its status), as Telegram tells it; nothing says it left the group."""
    state, api = state_of(request), request.app[API]
    old = find_chat(state, int(request.match_info["chat_id"]))
    if old.type != "group" or old.migrated_to is not None:
        raise web.HTTPBadRequest(text=f"chat {old.id} is not a group that can be upgraded")
    new_id = -1000000000000 - next(state.next_group_id)
    new = Chat(new_id, "supergroup", old.title, members=dict(old.members), bot_status=old.bot_status)
    state.chats[new_id] = new
    old.migrated_to = new_id
    upgrader = creator_of(old)
    for chat, extra in ((old, {"migrate_to_chat_id": new_id}), (new, {"migrate_from_chat_id": old.id})):
        message = Message(chat.next_message_id, chat.id, False, state.now(), "", user_id=upgrader, extra=extra)
        chat.next_message_id += 1
        chat.messages.append(message)
        payload = api.message_api(message)
        payload.pop("text", None)
        await state.push_update("message", payload)
    if new.bot_status not in {"left", "kicked"}:
        await bot_status_changed(state, api, new, upgrader, "left", new.bot_status, service_line=False)
    return web.json_response({"new_chat_id": new_id})


async def add_fault(request: web.Request) -> web.Response:
    body = await read_body(request)
    fault = Fault(
        error=body["error"], count=int(body.get("count", 1)), method=body.get("method"),
        chat_id=int(body["chat_id"]) if body.get("chat_id") is not None else None,
        retry_after=int(body.get("retry_after", 1)), description=body.get("description"),
        delay=float(body.get("delay", 2.0)), deliver=bool(body.get("deliver", False)),
        migrate_to_chat_id=body.get("migrate_to_chat_id"),
    )
    state_of(request).faults.append(fault)
    return web.json_response({"ok": True})


async def clear_faults(request: web.Request) -> web.Response:
    state_of(request).faults.clear()
    return web.json_response({"ok": True})


async def calls(request: web.Request) -> web.Response:
    method = request.query.get("method")
    found = [c for c in state_of(request).calls if not method or c["method"].lower() == method.lower()]
    return web.json_response(found)


async def commands(request: web.Request) -> web.Response:
    state = state_of(request)
    default = next((v for k, v in state.commands.items() if '"default"' in k), [])
    return web.json_response(default)


async def stats(request: web.Request) -> web.Response:
    state = state_of(request)
    per_method: dict[str, int] = {}
    for call in state.calls:
        per_method[call["method"]] = per_method.get(call["method"], 0) + 1
    return web.json_response({**state.stats, "per_method": per_method})


async def config(request: web.Request) -> web.Response:
    state, body = state_of(request), await read_body(request)
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
    state = state_of(request)
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
    r.add_post("/sandbox/api/documents", send_document)
    r.add_get("/sandbox/api/files/{file_id}", file_content)
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
    topic_routes(app)
    inline_routes(app)
