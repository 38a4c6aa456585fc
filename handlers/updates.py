"""Updates of different chats are handled side by side, those of one chat one after another.

python-telegram-bot handles one update at a time by default: a reply waiting its turn under a
group's 20-a-minute limit or a 429 pause, or an admin's pasted link being fetched (up to 15 s), then
held every other chat's commands and button taps, whose answers expire in seconds. Handling every
update at once instead would let two messages of one chat be answered out of order (/subscribe then
/subscriptions). So each chat gets a lock, taken in the order its updates arrived.

python-telegram-bot's own bound on concurrent updates is taken before `do_process_update`, so updates
waiting for their chat's turn would fill it, and one busy chat (a spammer, a group at its 20 a minute)
would stall the rest. That bound is therefore left open, and handlers that run are bounded here, after
their chat's lock.
"""
from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_RUNNING = 256  # handlers running at once, over all chats


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_running: int = MAX_RUNNING) -> None:
        super().__init__(sys.maxsize)
        self._running = asyncio.Semaphore(max_running)
        self._turns: dict[int, tuple[asyncio.Lock, int]] = {}  # chat id -> its lock, updates holding or awaiting it

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            async with self._running:
                await coroutine
            return
        lock, users = self._turns.get(chat.id, (None, 0))
        lock = lock or asyncio.Lock()
        self._turns[chat.id] = (lock, users + 1)
        started = False
        try:
            async with lock, self._running:  # asyncio's locks wake their waiters first come, first served
                started = True
                await coroutine
        finally:
            if not started and isinstance(coroutine, Coroutine):
                coroutine.close()  # cancelled while waiting: never run, and not left to warn "never awaited"
            lock, users = self._turns[chat.id]
            if users == 1:
                del self._turns[chat.id]
            else:
                self._turns[chat.id] = (lock, users - 1)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release: python-telegram-bot waits for the updates in progress when it stops."""
