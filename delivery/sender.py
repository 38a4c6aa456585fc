"""The engine's one Bot API call, sendMessage, over a keep-alive aiohttp session.

The bot's interactive replies go through python-telegram-bot; the outbox does not. Per message, PTB's
Bot costs about 2 ms of CPU in this path (httpx's connection pool scans every connection on each
request, and the answer is built into a full Message object), which held one worker near 450 msg/s,
under Telegram's 1,000 msg/s paid-broadcast cap. Here a request is one JSON POST and the answer is
read for the two fields the engine needs: the message id, or the error with its parameters.

Errors come back as Telegram describes them (error_code, description, parameters.retry_after,
parameters.migrate_to_chat_id); delivery.policy decides what each means. The token is part of every
URL, so no exception text that could hold a URL is passed on.
"""
from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

import aiohttp

from storage.outbox import OutgoingMessage

REQUEST_SECONDS = 20.0


@dataclass(frozen=True)
class ApiError(Exception):
    """Telegram answered ok=false."""

    error_code: int
    description: str
    retry_after: float | None = None
    migrate_to_chat_id: int | None = None

    def __str__(self) -> str:
        return self.description


@dataclass(frozen=True)
class NetworkFailure(Exception):
    """No usable answer: no connection, a timeout, a dropped connection, or a body that is not the Bot API's JSON.

    `may_have_arrived` is False only when no connection could be made (refused, no route, a DNS or TLS failure):
    the request never left, so Telegram cannot have the message. After it was sent, anything may have happened.
    """

    reason: str
    may_have_arrived: bool = True

    def __str__(self) -> str:
        return self.reason


class Sender:
    def __init__(self, api_base_url: str, token: str, *, connections: int = 16, paid_broadcast: bool = False) -> None:
        self._url = f"{api_base_url.rstrip('/')}/bot{token}/sendMessage"
        self._connections = connections
        self.paid_broadcast = paid_broadcast
        self._session: aiohttp.ClientSession | None = None

    async def open(self) -> None:
        """Open the keep-alive session; nothing to do if it is open. DeliveryEngine.start() calls this."""
        if self._session is None:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._connections),
                timeout=aiohttp.ClientTimeout(total=REQUEST_SECONDS),
                json_serialize=lambda data: json.dumps(data, ensure_ascii=False, separators=(",", ":")),
            )

    async def close(self) -> None:
        """Close the session and its connections; nothing to do if it is closed. open() may follow."""
        session, self._session = self._session, None
        if session is not None:
            await session.close()

    async def __aenter__(self) -> Sender:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def send_message(self, chat_id: int, message: OutgoingMessage) -> int:
        """Send one outbox message as HTML; Telegram's message id, or ApiError / NetworkFailure."""
        if self._session is None:
            raise RuntimeError("Sender used before open() (or `async with`)")
        payload: dict[str, Any] = {
            "chat_id": chat_id, "text": message.text, "parse_mode": "HTML",
            "link_preview_options": {"is_disabled": message.disable_preview},
        }
        if message.reply_markup:
            payload["reply_markup"] = message.reply_markup
        if message.message_thread_id is not None:
            payload["message_thread_id"] = message.message_thread_id
        if message.disable_notification:
            payload["disable_notification"] = True
        if self.paid_broadcast:
            payload["allow_paid_broadcast"] = True
        try:
            async with self._session.post(self._url, json=payload) as response:
                status = response.status
                body = await response.read()
        except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as error:  # before a byte was sent
            raise NetworkFailure(f"no connection: {type(error).__name__}", may_have_arrived=False) from None
        except asyncio.TimeoutError:
            raise NetworkFailure(f"timed out after {REQUEST_SECONDS:g} s") from None
        except aiohttp.ClientError as error:
            raise NetworkFailure(f"connection failed: {type(error).__name__}") from None
        return _message_id(status, body)


def _message_id(status: int, body: bytes) -> int:
    try:
        answer = json.loads(body)
    except ValueError:
        raise NetworkFailure(f"HTTP {status} without a Bot API answer") from None
    if not isinstance(answer, dict):
        raise NetworkFailure(f"HTTP {status} without a Bot API answer")
    if answer.get("ok") is True:
        # Accepted: even if the answer lacks a message id, resending would duplicate the message.
        result = answer.get("result")
        message_id = result.get("message_id") if isinstance(result, dict) else None
        return message_id if isinstance(message_id, int) else 0
    parameters = answer.get("parameters")
    parameters = parameters if isinstance(parameters, dict) else {}
    try:
        raise ApiError(
            error_code=int(answer.get("error_code") or status),
            description=str(answer.get("description") or f"HTTP {status}"),
            retry_after=float(parameters["retry_after"]) if "retry_after" in parameters else None,
            migrate_to_chat_id=int(parameters["migrate_to_chat_id"]) if "migrate_to_chat_id" in parameters else None,
        )
    except (TypeError, ValueError):  # a proxy's error page, not Telegram's shape
        raise NetworkFailure(f"HTTP {status} with a malformed Bot API error") from None
