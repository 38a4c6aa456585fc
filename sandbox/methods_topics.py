"""Bot API methods on a forum's topics: editForumTopic, closeForumTopic, reopenForumTopic, for a bot that is an
admin of the forum (the right to manage topics)."""
from __future__ import annotations

from typing import Any

from sandbox.params import bad, int_param
from sandbox.state import Chat, State
from sandbox.topics import tell_chat, topic_change


class TopicMethods:
    state: State

    async def _change_topic(self, params: dict[str, Any], change: str) -> bool:
        chat: Chat = self._known_chat(params)  # type: ignore[attr-defined]  # ChatMethods', beside it in BotApi
        thread_id = int_param(params, "message_thread_id")
        if chat.bot_status not in {"administrator", "creator"}:
            raise bad("not enough rights to manage topics in the chat")
        name = params.get("name")
        extra = topic_change(chat, thread_id, change, None if name is None else str(name))  # type: ignore[arg-type]
        await tell_chat(self.state, self, chat, thread_id, extra, None)  # type: ignore[arg-type]
        return True

    async def m_editforumtopic(self, params: dict[str, Any]) -> bool:
        return await self._change_topic(params, "rename")

    async def m_closeforumtopic(self, params: dict[str, Any]) -> bool:
        return await self._change_topic(params, "close")

    async def m_reopenforumtopic(self, params: dict[str, Any]) -> bool:
        return await self._change_topic(params, "reopen")
