"""What the sandbox remembers: users, chats, messages, the update queue, faults and the call log."""
from __future__ import annotations

import asyncio
import itertools
import time
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from sandbox.files import FileStore

if TYPE_CHECKING:
    from sandbox.botapi import BotApi

BOT_NAME = "NewsDigest"  # the bot's first_name in everything the sandbox shows of it


@dataclass
class User:
    id: int
    first_name: str
    username: str | None = None
    is_bot: bool = False
    blocked: bool = False  # the user blocked the bot
    deactivated: bool = False

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        return data


@dataclass
class Message:
    message_id: int
    chat_id: int
    from_bot: bool
    date: int
    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)
    html: str | None = None
    reply_markup: dict[str, Any] | None = None
    user_id: int | None = None
    edit_count: int = 0
    link_preview_disabled: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    thread_id: int | None = None  # the forum topic it is in; None in other chats and a forum's General topic
    notification_disabled: bool = False  # sent with disable_notification: it arrived without a sound
    document: dict[str, Any] | None = None  # a file's Document object; `text` is then its caption

    def to_control(self) -> dict[str, Any]:
        data = {
            "message_id": self.message_id, "from_bot": self.from_bot, "user_id": self.user_id, "text": self.text,
            "html": self.html, "entities": self.entities, "reply_markup": self.reply_markup,
            "edit_count": self.edit_count, "date": self.date, "link_preview_disabled": self.link_preview_disabled,
            "disable_notification": self.notification_disabled,
            **self.extra,
        }
        if self.thread_id is not None:
            data["message_thread_id"] = self.thread_id
        if self.document is not None:
            data["document"] = self.document
        return data


@dataclass
class Chat:
    id: int
    type: str  # private | group | supergroup | channel
    title: str = ""
    username: str | None = None
    members: dict[int, str] = field(default_factory=dict)  # user id → status
    bot_status: str = "member"
    migrated_to: int | None = None
    messages: list[Message] = field(default_factory=list)
    next_message_id: int = 1
    store_messages: bool = True
    sent_count: int = 0
    is_forum: bool = False  # a supergroup with topics
    topics: dict[int, str] = field(default_factory=dict)  # message_thread_id → name, a forum's topics
    closed_topics: set[int] = field(default_factory=set)  # only those who may manage topics write in these

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.type == "private":
            data["first_name"] = self.title or "User"
        else:
            data["title"] = self.title
        if self.username:
            data["username"] = self.username
        if self.is_forum:
            data["is_forum"] = True
        return data


@dataclass
class Fault:
    error: int | str  # 429 | 403 | 400 | 500 | 502 | "timeout"
    count: int
    method: str | None = None
    chat_id: int | None = None
    retry_after: int = 1
    description: str | None = None
    delay: float = 2.0
    deliver: bool = False
    migrate_to_chat_id: int | None = None

    def matches(self, method: str, chat_id: int | None) -> bool:
        return (self.method is None or self.method.lower() == method.lower()) and (
            self.chat_id is None or self.chat_id == chat_id
        )


@dataclass
class CallbackQuery:
    id: str
    created: float
    answered: bool = False
    answer: dict[str, Any] | None = None


@dataclass
class InlineQuery:
    """A user typing "@bot words" in a chat of `chat_type`; `answer` is the bot's, with each result's message
    as it would be sent (sandbox.methods_inline)."""
    id: str
    user_id: int
    query: str
    offset: str
    chat_type: str
    chat_id: int | None  # the chat typed in, where a picked result goes; None: any chat of chat_type
    created: float
    answer: dict[str, Any] | None = None


@dataclass
class Limits:
    """Telegram's flood limits; strict (429s above them) unless a benchmark of raw capacity turns them off.
    A private_per_second of math.inf lifts only the private chats' limit."""
    strict: bool = True
    global_per_second: float = 30.0
    paid_per_second: float = 1000.0
    private_per_second: float = 1.0
    private_burst: int = 3
    group_per_minute: int = 20


class State:
    def __init__(self, bot_username: str) -> None:
        self.bot_username = bot_username
        self.bot_id: int | None = None
        self.token: str | None = None  # the bot's: the first well-formed token a request used; others get 401
        self.users: dict[int, User] = {}
        self.chats: dict[int, Chat] = {}
        self.updates: deque[tuple[int, dict[str, Any]]] = deque()
        self.update_ids = itertools.count(1)
        self.new_update = asyncio.Condition()
        self.poll_generation = 0
        self.callbacks: dict[str, CallbackQuery] = {}
        self.callback_ids = itertools.count(1)
        self.inline_queries: dict[str, InlineQuery] = {}
        self.commands: dict[str, list[dict[str, str]]] = {}
        self.files = FileStore()
        self.faults: list[Fault] = []
        self.calls: list[dict[str, Any]] = []
        self.limits = Limits()
        self.stats: dict[str, int] = {"accepted": 0, "rate_limited": 0}
        self.webhook_url = ""
        self.next_group_id = itertools.count(1001)

    def now(self) -> int:
        return int(time.time())

    async def push_update(self, kind: str, payload: dict[str, Any]) -> int:
        update_id = next(self.update_ids)
        self.updates.append((update_id, {"update_id": update_id, kind: payload}))
        async with self.new_update:
            self.new_update.notify_all()
        return update_id

    def take_fault(self, method: str, chat_id: int | None) -> Fault | None:
        for fault in self.faults:
            if fault.count > 0 and fault.matches(method, chat_id):
                fault.count -= 1
                if fault.count == 0:
                    self.faults.remove(fault)
                return fault
        return None

    def user(self, user_id: int, first_name: str | None = None) -> User:
        if user_id not in self.users:
            self.users[user_id] = User(user_id, first_name or f"User {user_id}")
        return self.users[user_id]


STATE: web.AppKey[State] = web.AppKey("state", State)
API: web.AppKey["BotApi"] = web.AppKey("api")
