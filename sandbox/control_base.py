"""Shared by the control API's handlers: the sandbox state, a JSON body, a chat that must exist."""
from __future__ import annotations

from typing import Any

from aiohttp import web

from sandbox.state import STATE, Chat, State


def state_of(request: web.Request) -> State:
    return request.app[STATE]


async def read_body(request: web.Request) -> dict[str, Any]:
    if not request.can_read_body:
        return {}
    data = await request.json()
    if not isinstance(data, dict):
        raise web.HTTPBadRequest(text="expected a JSON object")
    return data


def find_chat(state: State, chat_id: int) -> Chat:
    chat = state.chats.get(chat_id)
    if chat is None:
        raise web.HTTPNotFound(text=f"no chat {chat_id}")
    return chat
