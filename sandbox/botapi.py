"""The Bot API the bot uses, answering as Telegram does: dispatch, identity and updates; the methods live in
methods_messages (sending, editing, callbacks), methods_files (documents, getFile), methods_chats (chats, members,
commands), methods_topics (forum topics) and methods_inline (inline queries)."""
from __future__ import annotations

import asyncio
import time
from typing import Any

from sandbox.limits import RateLimiter
from sandbox.methods_chats import ChatMethods
from sandbox.methods_files import FileMethods
from sandbox.methods_inline import InlineMethods
from sandbox.methods_messages import MessageMethods
from sandbox.methods_topics import TopicMethods
from sandbox.params import ApiError, bad, bool_param, int_param
from sandbox.state import BOT_NAME, State


def _allowed_updates(params: dict[str, Any]) -> list[str] | None:
    allowed = params.get("allowed_updates")
    if allowed is not None and not (isinstance(allowed, list) and all(isinstance(kind, str) for kind in allowed)):
        raise bad("can't parse allowed_updates JSON object")  # an Array of String, or absent
    return allowed


def _limit(params: dict[str, Any]) -> int:
    """Telegram's docs: "Values between 1-100 are accepted. Defaults to 100." The default is for a limit not sent;
    one sent out of range is held to 1..100 as Telegram's server does (0 or less gives 1, never the default 100)."""
    limit = int_param(params, "limit", required=False)
    return 100 if limit is None else max(1, min(100, limit))


class BotApi(FileMethods, MessageMethods, ChatMethods, TopicMethods, InlineMethods):
    def __init__(self, state: State) -> None:
        self.state = state
        self.limiter = RateLimiter(state.limits)

    async def call(self, method: str, params: dict[str, Any]) -> Any:
        handler = getattr(self, f"m_{method.lower()}", None)
        if handler is None:
            raise ApiError(404, "Not Found")
        return await handler(params)

    # --- identity and updates -------------------------------------------------------------
    async def m_getme(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": self.state.bot_id, "is_bot": True, "first_name": BOT_NAME, "username": self.state.bot_username,
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": True,
            "can_connect_to_business": False, "has_main_web_app": False,
        }

    async def m_deletewebhook(self, params: dict[str, Any]) -> bool:
        self.state.webhook_url = ""
        if bool_param(params.get("drop_pending_updates")):
            self.state.updates.clear()
        return True

    async def m_getwebhookinfo(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"url": self.state.webhook_url, "has_custom_certificate": False, "pending_update_count": len(self.state.updates)}

    async def m_getupdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        state = self.state
        offset = int_param(params, "offset", required=False)
        limit = _limit(params)
        timeout = max(0, min(50, int_param(params, "timeout", required=False) or 0))  # TELEGRAM.md: up to 50 s
        allowed = _allowed_updates(params)
        # Like Telegram, a newer getUpdates terminates one still waiting (that one gets 409).
        state.poll_generation += 1
        generation = state.poll_generation
        async with state.new_update:
            state.new_update.notify_all()
        if offset is not None:
            if offset < 0:
                keep = list(state.updates)[offset:]
                state.updates.clear()
                state.updates.extend(keep)
            else:
                while state.updates and state.updates[0][0] < offset:
                    state.updates.popleft()
        deadline = time.monotonic() + timeout
        while True:
            if generation != state.poll_generation:
                raise ApiError(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
            ready = [u for _, u in state.updates if not allowed or any(k in u for k in allowed)]
            if ready or time.monotonic() >= deadline:
                return [self._bot_identified(u) for u in ready[:limit]]
            async with state.new_update:
                try:
                    await asyncio.wait_for(state.new_update.wait(), deadline - time.monotonic())
                except asyncio.TimeoutError:
                    pass

    def _bot_identified(self, update: dict[str, Any]) -> dict[str, Any]:
        """A my_chat_member, or the service message of the bot joining, queued before the bot's first call could
        not know its id (it comes from the token)."""
        change, message = update.get("my_chat_member"), update.get("message") or {}
        users = [change[side]["user"] for side in ("old_chat_member", "new_chat_member")] if change else []
        users += message.get("new_chat_members", [])
        for user in users:
            if user.get("id") is None:
                user["id"] = self.state.bot_id
        return update
