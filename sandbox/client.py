"""A typed client for the sandbox's control API, with condition waits for tests (no fixed sleeps)."""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx


def _checked(response: httpx.Response) -> httpx.Response:
    """Raise on an error status, keeping the sandbox's explanation in the message."""
    if response.is_error:
        raise httpx.HTTPStatusError(f"{response.status_code} from {response.request.method} {response.url}: {response.text}",
                                    request=response.request, response=response)
    return response


class SandboxClient:
    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self._http = httpx.AsyncClient(base_url=f"{self.url}/sandbox/api", timeout=30.0)

    async def __aenter__(self) -> SandboxClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._http.aclose()

    async def _post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return _checked(await self._http.post(path, json=body or {})).json()

    async def _get(self, path: str, **params: Any) -> Any:
        return _checked(await self._http.get(path, params={k: v for k, v in params.items() if v is not None})).json()

    # --- arranging the world ------------------------------------------------------------------------------
    async def create_user(self, id: int, first_name: str = "User", username: str | None = None) -> dict[str, Any]:
        return await self._post("/users", {"id": id, "first_name": first_name, "username": username})

    async def create_chat(self, type: str, title: str = "", id: int | None = None, username: str | None = None,
                          bot_status: str | None = None, by_user_id: int | None = None, is_forum: bool = False) -> dict[str, Any]:
        """A group, supergroup or channel is created with the bot in it (it receives my_chat_member), by `by_user_id`;
        a supergroup with `is_forum` has topics (create_topic)."""
        body: dict[str, Any] = {"type": type, "title": title, "id": id, "username": username, "is_forum": is_forum}
        if bot_status:
            body["bot_status"] = bot_status
        if by_user_id is not None:
            body["by_user_id"] = by_user_id
        return await self._post("/chats", body)

    async def bulk_chats(self, ids: list[int], type: str = "private", *, started: bool = True, store_messages: bool = True) -> None:
        await self._post("/chats/bulk", {"ids": ids, "type": type, "started": started, "store_messages": store_messages})

    async def set_member(self, chat_id: int, user_id: int, status: str) -> None:
        await self._post(f"/chats/{chat_id}/members", {"user_id": user_id, "status": status})

    async def set_bot_status(self, chat_id: int, status: str, by_user_id: int | None = None) -> None:
        """The bot added to / promoted in / restricted in / removed from a group or channel (emits my_chat_member)."""
        await self._post(f"/chats/{chat_id}/members", {"user_id": 0, "is_bot": True, "status": status, "by_user_id": by_user_id})

    async def block(self, user_id: int, blocked: bool = True) -> None:
        await self._post(f"/users/{user_id}/block", {"blocked": blocked})

    async def deactivate(self, user_id: int) -> None:
        await self._post(f"/users/{user_id}/deactivate")

    async def create_topic(self, chat_id: int, name: str, user_id: int | None = None) -> int:
        """A member opens a topic in a forum (the bot receives its forum_topic_created); its message_thread_id."""
        body = {"name": name, "user_id": user_id}
        return int((await self._post(f"/chats/{chat_id}/topics", {k: v for k, v in body.items() if v is not None}))["message_thread_id"])

    async def delete_topic(self, chat_id: int, thread_id: int) -> None:
        """The topic goes, with every message in it."""
        _checked(await self._http.delete(f"/chats/{chat_id}/topics/{thread_id}"))

    async def change_topic(self, chat_id: int, thread_id: int, change: str, name: str | None = None,
                           user_id: int | None = None) -> None:
        """A member "close"s, "reopen"s or "rename"s (to `name`) a topic; the bot receives the service message."""
        body = {"name": name, "user_id": user_id}
        await self._post(f"/chats/{chat_id}/topics/{thread_id}/{change}", {k: v for k, v in body.items() if v is not None})

    async def migrate(self, chat_id: int) -> int:
        return int((await self._post(f"/chats/{chat_id}/migrate"))["new_chat_id"])

    async def inject_fault(self, *, error: int | str, count: int = 1, method: str | None = None, chat_id: int | None = None,
                           retry_after: int | None = None, description: str | None = None, delay: float | None = None,
                           deliver: bool | None = None, migrate_to_chat_id: int | None = None) -> None:
        body = {"error": error, "count": count, "method": method, "chat_id": chat_id, "retry_after": retry_after,
                "description": description, "delay": delay, "deliver": deliver, "migrate_to_chat_id": migrate_to_chat_id}
        await self._post("/faults", {k: v for k, v in body.items() if v is not None})

    async def clear_faults(self) -> None:
        (await self._http.delete("/faults")).raise_for_status()

    async def configure(self, **limits: Any) -> None:
        await self._post("/config", limits)

    # --- acting as a user -------------------------------------------------------------------------------
    async def send_message(self, chat_id: int, text: str | None = None, user_id: int | None = None,
                           reply_to_message_id: int | None = None, location: dict[str, float] | None = None,
                           message_thread_id: int | None = None) -> dict[str, Any]:
        """A user writes in a chat; with `message_thread_id`, in that forum topic (else a forum's General topic)."""
        body = {"chat_id": chat_id, "user_id": user_id, "text": text, "reply_to_message_id": reply_to_message_id,
                "location": location, "message_thread_id": message_thread_id}
        return (await self._post("/messages", {k: v for k, v in body.items() if v is not None}))["message"]

    async def send_document(self, chat_id: int, content: bytes, file_name: str, *, user_id: int | None = None,
                            mime_type: str | None = None, caption: str | None = None,
                            reply_to_message_id: int | None = None) -> dict[str, Any]:
        """A user sends a file into a chat, as their app uploads it (`mime_type` is what the app declares); the
        message, with its `document` (file_id, file_unique_id, file_name, mime_type, file_size)."""
        fields = {"chat_id": chat_id, "user_id": user_id, "mime_type": mime_type, "caption": caption,
                  "reply_to_message_id": reply_to_message_id}
        response = await self._http.post("/documents", data={k: str(v) for k, v in fields.items() if v is not None},
                                         files={"document": (file_name, content, "application/octet-stream")})
        return _checked(response).json()["message"]

    async def file_content(self, file_id: str) -> bytes:
        """The bytes of a file sent in a chat (the bot's sendDocument, say), as the person receiving it opens it."""
        return _checked(await self._http.get(f"/files/{file_id}")).content

    async def click(self, chat_id: int, message_id: int, data: str, user_id: int | None = None, forged: bool = False) -> str:
        """Press an inline button; `forged=True` sends data the message never offered (a tampered client)."""
        body = {"chat_id": chat_id, "message_id": message_id, "data": data, "user_id": user_id, "forged": forged or None}
        return str((await self._post("/callbacks", {k: v for k, v in body.items() if v is not None}))["callback_query_id"])

    async def expire_callback(self, query_id: str) -> None:
        """Age a callback query past Telegram's ~15 s window: answering it then fails as it would there."""
        await self._post(f"/callbacks/{query_id}/expire")

    # --- inline mode ------------------------------------------------------------------------------------
    async def inline_query(self, user_id: int, query: str = "", *, chat_id: int | None = None, chat_type: str | None = None,
                           offset: str = "") -> str:
        """A user types "@bot `query`" in a chat (or in any chat of a `chat_type`); the query's id. `offset`: the
        answer's next_offset, as a client sends it when the user scrolls on."""
        body = {"user_id": user_id, "query": query, "chat_id": chat_id, "chat_type": chat_type, "offset": offset}
        return str((await self._post("/inline_queries", {k: v for k, v in body.items() if v is not None}))["inline_query_id"])

    async def inline_answer(self, query_id: str) -> dict[str, Any] | None:
        """The bot's answer (results, each with the `message` it sends; next_offset, button …), None before it."""
        return await self._get(f"/inline_queries/{query_id}")

    async def wait_for_inline_answer(self, query_id: str, timeout: float = 10.0) -> dict[str, Any]:
        answer: dict[str, Any] | None = None

        async def answered() -> bool:
            nonlocal answer
            answer = await self.inline_answer(query_id)
            return answer is not None

        await self.wait_for(answered, timeout)
        assert answer is not None
        return answer

    async def expire_inline_query(self, query_id: str) -> None:
        """Age an inline query past Telegram's answer window: answering it then fails as it would there."""
        await self._post(f"/inline_queries/{query_id}/expire")

    async def choose_inline_result(self, query_id: str, result_id: str, chat_id: int | None = None) -> dict[str, Any]:
        """The user picks a result: its message goes into the query's chat (or `chat_id`) via the bot; the message."""
        body = {"result_id": result_id, "chat_id": chat_id}
        return (await self._post(f"/inline_queries/{query_id}/choose", {k: v for k, v in body.items() if v is not None}))["message"]

    # --- observing ---------------------------------------------------------------------------------
    async def messages(self, chat_id: int) -> list[dict[str, Any]]:
        return await self._get(f"/chats/{chat_id}/messages")

    async def chats(self) -> list[dict[str, Any]]:
        """The chats the chat page lists (each with the bot's status in it)."""
        return await self._get("/chats")

    async def bot_messages(self, chat_id: int) -> list[dict[str, Any]]:
        return [m for m in await self.messages(chat_id) if m["from_bot"]]

    async def callback_answer(self, query_id: str) -> dict[str, Any] | None:
        return await self._get(f"/callbacks/{query_id}")

    async def calls(self, method: str | None = None) -> list[dict[str, Any]]:
        return await self._get("/calls", method=method)

    async def commands(self) -> list[dict[str, str]]:
        return await self._get("/commands")

    async def stats(self) -> dict[str, Any]:
        return await self._get("/stats")

    async def wait_for(self, predicate: Callable[[], Awaitable[bool]], timeout: float = 10.0) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while not await predicate():
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError("sandbox condition not met in time")
            await asyncio.sleep(0.02)

    async def wait_for_bot_messages(self, chat_id: int, count: int = 1, timeout: float = 10.0) -> list[dict[str, Any]]:
        """Bot messages in the chat once there are at least `count` of them."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            found = await self.bot_messages(chat_id)
            if len(found) >= count:
                return found
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(f"wanted {count} bot messages in chat {chat_id}, saw {len(found)}: {[m['text'][:80] for m in found]}")
            await asyncio.sleep(0.02)

    async def wait_for_callback_answer(self, query_id: str, timeout: float = 10.0) -> dict[str, Any]:
        answer: dict[str, Any] | None = None

        async def answered() -> bool:
            nonlocal answer
            answer = await self.callback_answer(query_id)
            return answer is not None

        await self.wait_for(answered, timeout)
        assert answer is not None
        return answer
