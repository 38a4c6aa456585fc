"""python-telegram-bot's rate limiter for the bot's own requests (replies, edits, answers), drawing on
the same delivery.limits.FloodLimits as the outbox sender, so that the two together keep Telegram's
limits. A 429 pauses the whole bot, as Telegram asks: the request that drew it is tried again when
retry_after has passed, and until then no reply or edit goes out, nor any queued message (the outbox
sender waits out the same pause, and this limiter waits out the sender's). A network error or a 5xx is
passing too: a message or edit that meets one is tried again a few times, with a growing wait. Not a file Telegram
refuses as too large (413, which PTB makes a NetworkError): it would be refused again, so the sender meets
FileTooLarge at once.

A request Telegram refuses with 403 (the bot blocked, removed from the group, the account deleted) tells
`forbidden`, which deactivates the chat as the outbox sender does for a digest (delivery.policy): a chat that
refused a reply gets no digest or push either, until /start brings it back. The handler still meets the error,
as ChatRefused: logged here already, the error handler (handlers.fallback) adds no traceback.

A message for a forum topic closed to the bot (Telegram's "TOPIC_CLOSED": an admin typed a command there, and the
bot may not manage topics) goes to the chat's General topic instead, with a line saying why, as a reply to a
group that became a supergroup goes there.

A request still waiting for its turn when the bot stops (a long retry_after, a group's minute) would hold
the stop for as long (`stop_waiting`). A message goes to the outbox instead, which sends it (in its forum
topic, if it had one) when the bot runs again, unless that is more than storage.outbox.REPLY_SHELF_LIFE later;
the handler that sent it meets ReplyQueued. An edit or a callback answer, of no use after a restart, is
dropped (HeldAtStop).
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram import TelegramObject
from telegram.constants import MessageLimit, ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter

from delivery.limits import FloodLimits
from storage.outbox import OutgoingMessage

log = logging.getLogger(__name__)


# A message or edit that meets a network error or a 5xx (PTB's NetworkError, short of a BadRequest) is tried
# again after 1, 2, 4 s. A timeout may hide a message that arrived: the reader may then see a reply twice,
# which is better than none.
NETWORK_RETRIES = 3
NETWORK_BACKOFF = 1.0


def _counts(endpoint: str) -> bool:
    """Whether Telegram counts the request as a message sent: sendMessage and its kin, not edits or answers."""
    return endpoint.startswith("send") and endpoint != "sendChatAction" or endpoint in ("copyMessage", "forwardMessage")


def _paced_in_chat(endpoint: str) -> bool:
    """Whether the request takes a turn of its chat's own limit: a message, or an edit, which Telegram counts with
    the chat's messages (a group's 20 a minute are sent and edited ones), though not in the overall rate."""
    return _counts(endpoint) or endpoint.startswith("edit")


def _held_by_pause(endpoint: str) -> bool:
    """Whether a 429 pause holds the request back: whatever sends or changes messages. Callback answers
    go on (a tap's answer expires in seconds), and so do getUpdates and the like. A handler held by the
    pause holds the later updates of its own chat only (handlers.updates); a pause taken for a rejected
    token (delivery.policy) holds replies as well, which could not go out with that token anyway."""
    return _counts(endpoint) or endpoint.startswith(("edit", "delete"))


# Queues a message in the outbox: called with chat_id, message and now (storage.outbox.queue_reply, bound
# to the bot's database).
QueueReply = Callable[..., Awaitable[object]]
# Called with chat_id, Telegram's description and now when Telegram refuses a request to that chat with 403
# (storage.chats.deactivate_chat, bound to the bot's database).
ChatForbidden = Callable[[int, str, Any], Awaitable[object]]


class HeldAtStop(TelegramError):
    """The bot stopped while the request waited for its turn: it was not sent. A TelegramError, as a request
    that failed: code that goes on after a failed edit or send goes on after this too."""


class ChatRefused(Forbidden):
    """Telegram refused a request to a chat with 403 and the chat was deactivated (and logged) for it: an expected
    answer, not a bug. A Forbidden still, as Telegram's was."""


class FileTooLarge(TelegramError):
    """Telegram refused a file as over its upload limit (413 "Request Entity Too Large"; 50 MB for sendDocument).
    PTB makes that a NetworkError, but the same file would be refused again: it is final, not tried again."""


def _too_large(error: NetworkError) -> bool:
    """Telegram's 413, whether its answer was JSON ("Request Entity Too Large") or a bare HTTP page (PTB then says
    "Request Entity Too Large (413)")."""
    return "request entity too large" in error.message.lower()


class ReplyQueued(HeldAtStop):
    """The bot stopped while a message waited for its turn: it is in the outbox, to be sent when the bot
    runs again."""


def _as_outgoing(endpoint: str, data: dict[str, Any]) -> OutgoingMessage | None:
    """The outbox's form of a sendMessage request in HTML (all the bot's replies), else None; a reply in a forum
    topic stays in it."""
    if endpoint != "sendMessage" or data.get("parse_mode") != ParseMode.HTML or "entities" in data:
        return None
    markup, preview = data.get("reply_markup"), data.get("link_preview_options")
    if isinstance(markup, TelegramObject):
        markup = markup.to_dict()
    if isinstance(preview, TelegramObject):
        preview = preview.to_dict()
    return OutgoingMessage(data["text"], markup, disable_preview=bool(preview and preview.get("is_disabled")),
                           message_thread_id=data.get("message_thread_id"))


CLOSED_TOPIC_NOTE = "🔒 That topic is closed, so I'm answering here in General."


def _topic_closed(error: BadRequest, data: dict[str, Any]) -> bool:
    return "topic_closed" in error.message.lower() and data.get("message_thread_id") is not None


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _to_general(data: dict[str, Any]) -> None:
    """Send a message meant for a closed forum topic to the chat's General topic, with the note first when its
    text leaves room (a text with entities keeps its offsets: no note)."""
    data.pop("message_thread_id", None)
    data.pop("reply_parameters", None)  # a message in the closed topic, which General cannot quote
    text, mode = data.get("text"), data.get("parse_mode")
    if not isinstance(text, str) or "entities" in data or mode not in (ParseMode.HTML, None):
        return
    note = f"<i>{CLOSED_TOPIC_NOTE}</i>" if mode == ParseMode.HTML else CLOSED_TOPIC_NOTE
    if _utf16_len(note) + 2 + _utf16_len(text) <= MessageLimit.MAX_TEXT_LENGTH:
        data["text"] = f"{note}\n\n{text}"


class SharedRateLimiter(BaseRateLimiter[None]):
    def __init__(self, limits: FloodLimits, queue: QueueReply, *, forbidden: ChatForbidden | None = None,
                 max_retries: int = 3) -> None:
        """`queue`: queues the messages still waiting when the bot stops. `forbidden`: told of a chat that refused
        a request with 403. `max_retries`: 429s a request other than a message (an edit, a callback answer) may
        meet before it fails."""
        self.limits, self.queue, self.forbidden, self.max_retries = limits, queue, forbidden, max_retries
        self._stopping = asyncio.Event()
        self._queued_chats: set[int] = set()  # chats with a message queued at stop: their next ones follow it

    def stop_waiting(self) -> None:
        """The bot is stopping: requests waiting for their turn, now or later, end (messages queued)."""
        self._stopping.set()

    async def _wait(self, wait: Coroutine[Any, Any, None], endpoint: str, chat_id: Any, queueable: OutgoingMessage | None) -> None:
        """Wait for `wait`, unless the bot stops first: then queue the message, or drop the request. A message
        for a chat that has one queued is queued behind it at once, rather than sent ahead of it."""
        if queueable is not None and chat_id in self._queued_chats:
            wait.close()
        elif await self._unless_stopping(wait):
            return
        if queueable is not None:
            self._queued_chats.add(chat_id)
            await self.queue(chat_id=chat_id, message=queueable, now=self.limits.clock.now())
            log.info("bot stopping: message queued to send when it runs again chat=%s endpoint=%s", chat_id, endpoint)
            raise ReplyQueued(f"queued for chat {chat_id}")
        log.info("bot stopping: request dropped chat=%s endpoint=%s", chat_id, endpoint)
        raise HeldAtStop(f"{endpoint} not sent: the bot is stopping")

    async def _unless_stopping(self, wait: Awaitable[None]) -> bool:
        """Wait for `wait` unless the bot stops first (False then); a wait that ends at once still counts."""
        waiting = asyncio.ensure_future(wait)
        stopping = asyncio.ensure_future(self._stopping.wait())
        try:
            await asyncio.wait((waiting, stopping), return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
            if not waiting.done():
                waiting.cancel()
        if waiting.done() and not waiting.cancelled():
            waiting.result()
            return True
        return False

    async def _turn(self, chat_id: int | None, held: bool, backoff: float, overall: bool) -> None:
        if backoff:
            await self.limits.clock.sleep(backoff)
        await self.limits.turn(chat_id, held=held, overall=overall)

    async def initialize(self) -> None:
        """Nothing to set up: the limits belong to the bot, not to this limiter."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> Any:
        chat_id = data.get("chat_id")
        counted = _counts(endpoint) and isinstance(chat_id, int)
        paced = _paced_in_chat(endpoint) and isinstance(chat_id, int)
        held = _held_by_pause(endpoint)
        retries = failures = 0
        moved = False
        queueable = _as_outgoing(endpoint, data) if counted else None
        backoff = 0.0  # after a network error, seconds to wait before the next turn
        while True:
            await self._wait(self._turn(chat_id if paced else None, held, backoff, counted), endpoint, chat_id, queueable)
            backoff = 0.0
            try:
                return await callback(*args, **kwargs)
            except Forbidden as error:
                if self.forbidden is not None and isinstance(chat_id, int):
                    await self.forbidden(chat_id, error.message, self.limits.clock.now())
                    log.info("chat deactivated chat_id=%s endpoint=%s reason=%s", chat_id, endpoint, error.message)
                    raise ChatRefused(error.message) from error
                raise
            except ChatMigrated as error:
                if not counted or moved:  # not a message, or it moved once already
                    raise
                # The group became a supergroup as its command was answered: the reply goes there (the
                # upgrade's own update moves the chat's settings, handlers.chat_status).
                log.info("chat migrated, sending there old=%s new=%s", chat_id, error.new_chat_id)
                data["chat_id"] = chat_id = error.new_chat_id
                moved = True
            except BadRequest as error:
                if not counted or not _topic_closed(error, data):
                    raise
                log.info("forum topic closed, sending to General chat=%s thread=%s", chat_id, data["message_thread_id"])
                _to_general(data)
                queueable = _as_outgoing(endpoint, data)
            except NetworkError as error:
                if _too_large(error):
                    log.info("file refused as too large endpoint=%s chat=%s: %s", endpoint, chat_id, error)
                    raise FileTooLarge(error.message) from error
                if not held or failures >= NETWORK_RETRIES:
                    raise
                failures += 1
                wait = NETWORK_BACKOFF * 2 ** (failures - 1)
                log.warning("request failed, retrying endpoint=%s attempt=%s in=%ss: %s", endpoint, failures, wait, error)
                backoff = wait
            except RetryAfter as error:
                wait = error.retry_after
                seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
                if self.limits.pause_left() <= 0:  # one line per pause, as the outbox sender logs it
                    log.warning("flood control: pausing all sending seconds=%.0f after %s", seconds, endpoint)
                seconds = self.limits.pause_for(seconds)
                if counted:  # a message is tried again after every pause, never dropped, as Telegram asks
                    continue
                retries += 1  # an edit, a callback answer: tried a few times, not for ever (it holds its chat)
                if retries > self.max_retries:
                    raise
                if not held:  # the pause does not hold it back; its own retry_after does
                    await self._wait(self.limits.clock.sleep(seconds), endpoint, chat_id, None)
