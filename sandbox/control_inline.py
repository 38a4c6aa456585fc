"""Inline mode through the control API: a user types "@bot words" in a chat (the bot gets an inline_query), reads
the bot's answer, and picks a result, which goes into the chat as the user's message "via @bot".

The bot gets that message too where it would see it (privacy mode lets through messages sent via the bot);
no chosen_inline_result, which Telegram sends only to a bot that turned inline feedback on."""
from __future__ import annotations

import time
from typing import Any

from aiohttp import web

from sandbox.control_base import find_chat, read_body, state_of
from sandbox.html_entities import utf16_len
from sandbox.methods_inline import INLINE_QUERY_EXPIRY
from sandbox.state import API, BOT_NAME, Chat, InlineQuery, Message, State

CHAT_TYPES = ("sender", "private", "group", "supergroup", "channel")  # "sender": the user's chat with themself
QUERY_LIMIT = 256  # characters a client takes after "@bot "


async def type_query(request: web.Request) -> web.Response:
    """A user types an inline query: in a chat (`chat_id`, where a picked result then goes) or in any chat of a
    `chat_type`. `offset` is the answer's next_offset when the user scrolls on."""
    state, body = state_of(request), await read_body(request)
    user = state.user(int(body["user_id"]))
    chat_id = int(body["chat_id"]) if body.get("chat_id") is not None else None
    chat_type = body.get("chat_type")
    if chat_id is not None:
        chat = find_chat(state, chat_id)
        _check_poster(chat, user.id)
        if chat_type not in (None, chat.type):
            raise web.HTTPBadRequest(text=f"chat {chat.id} is a {chat.type}, not a {chat_type}")
        chat_type = chat.type
    elif chat_type not in CHAT_TYPES:
        raise web.HTTPBadRequest(text=f"chat_type must be one of {', '.join(CHAT_TYPES)} (or give a chat_id)")
    text, offset = str(body.get("query") or ""), str(body.get("offset") or "")
    if utf16_len(text) > QUERY_LIMIT:
        raise web.HTTPBadRequest(text=f"an inline query has at most {QUERY_LIMIT} characters")
    query_id = str(next(state.callback_ids) * 7919 + 2000003)
    state.inline_queries[query_id] = InlineQuery(query_id, user.id, text, offset, chat_type, chat_id, time.monotonic())
    await state.push_update("inline_query", {
        "id": query_id, "from": user.to_api(), "query": text, "offset": offset, "chat_type": chat_type,
    })
    return web.json_response({"inline_query_id": query_id})


def _query(request: web.Request) -> InlineQuery:
    query = state_of(request).inline_queries.get(request.match_info["query_id"])
    if query is None:
        raise web.HTTPNotFound(text=f"no inline query {request.match_info['query_id']}")
    return query


async def query_answer(request: web.Request) -> web.Response:
    """The bot's answer as a client lists it (each result with the `message` it sends), or null before one."""
    return web.json_response(_query(request).answer)


async def expire_query(request: web.Request) -> web.Response:
    """Age an inline query past Telegram's answer window, so a test need not wait for it."""
    _query(request).created = time.monotonic() - INLINE_QUERY_EXPIRY - 1.0
    return web.json_response({"ok": True})


async def choose_result(request: web.Request) -> web.Response:
    """The user picks a result: its message goes into the chat, from the user, with via_bot."""
    state, api, body = state_of(request), request.app[API], await read_body(request)
    query = _query(request)
    if query.answer is None:
        raise web.HTTPBadRequest(text=f"the bot has not answered inline query {query.id}: there is nothing to pick")
    results = {r["id"]: r for r in query.answer["results"]}
    result = results.get(str(body.get("result_id")))
    if result is None:
        raise web.HTTPBadRequest(text=f"the answer has no result {body.get('result_id')!r}; it has {list(results)}")
    chat = find_chat(state, _target(query, body))
    if chat.type != ("private" if query.chat_type == "sender" else query.chat_type):
        raise web.HTTPBadRequest(text=f"the query was typed in a {query.chat_type} chat; chat {chat.id} is a {chat.type}")
    _check_poster(chat, query.user_id)
    sent = result["message"]
    bot = {"id": state.bot_id, "is_bot": True, "first_name": BOT_NAME, "username": state.bot_username}
    message = Message(chat.next_message_id, chat.id, False, state.now(), sent["text"], sent["entities"], sent["html"],
                      sent["reply_markup"], query.user_id, link_preview_disabled=sent["link_preview_disabled"],
                      extra={"via_bot": bot})
    chat.next_message_id += 1
    chat.messages.append(message)
    payload = api.message_api(message)
    update_id = None
    if _bot_receives(state, chat):
        update_id = await state.push_update("channel_post" if chat.type == "channel" else "message", payload)
    return web.json_response({"message": payload, "update_id": update_id})


def _target(query: InlineQuery, body: dict[str, Any]) -> int:
    """The chat a picked result goes to: the one the query was typed in, or one of its chat_type."""
    chat_id = int(body["chat_id"]) if body.get("chat_id") is not None else query.chat_id
    if chat_id is None:
        raise web.HTTPBadRequest(text="the query named no chat: give the chat_id to send the result to")
    if query.chat_id is not None and chat_id != query.chat_id:
        raise web.HTTPBadRequest(text=f"the query was typed in chat {query.chat_id}: a result goes there")
    return chat_id


def _check_poster(chat: Chat, user_id: int) -> None:
    """The user may post in the chat: their own chat with the bot, a group they are in (now a member, as when
    they write there), a channel they administer."""
    if chat.type == "private":
        ok = chat.id == user_id
    elif chat.type == "channel":
        ok = chat.members.get(user_id) in ("creator", "administrator")
    else:
        ok = chat.members.setdefault(user_id, "member") not in ("left", "kicked")
    if not ok:
        raise web.HTTPBadRequest(text=f"user {user_id} cannot post in chat {chat.id}")


def _bot_receives(state: State, chat: Chat) -> bool:
    if chat.type == "private":
        user = state.users.get(chat.id)
        return user is not None and not user.blocked
    if chat.type == "channel":
        return chat.bot_status in ("administrator", "creator")
    return chat.bot_status not in ("left", "kicked")


def inline_routes(app: web.Application) -> None:
    app.router.add_post("/sandbox/api/inline_queries", type_query)
    app.router.add_get("/sandbox/api/inline_queries/{query_id}", query_answer)
    app.router.add_post("/sandbox/api/inline_queries/{query_id}/expire", expire_query)
    app.router.add_post("/sandbox/api/inline_queries/{query_id}/choose", choose_result)
