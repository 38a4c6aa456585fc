"""Updates of different chats are handled side by side, those of one chat one after another.

python-telegram-bot handles one update at a time by default: a reply waiting its turn under a
group's 20-a-minute limit or a 429 pause, or an admin's pasted link being fetched (up to 15 s), then
held every other chat's commands and button taps, whose answers expire in seconds. Handling every
update at once instead would let two messages of one chat be answered out of order (/subscribe then
/subscriptions). So each chat gets a lock, taken in the order its updates arrived.
"""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# Updates in progress or waiting for their chat's turn, over all chats. Far above what the bot's own
# rate (30 messages a second) can answer at once; it only bounds memory if updates pour in regardless.
MAX_UPDATES_IN_FLIGHT = 1024


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = MAX_UPDATES_IN_FLIGHT) -> None:
        super().__init__(max_concurrent_updates)
        self._turns: dict[int, tuple[asyncio.Lock, int]] = {}  # chat id -> its lock, updates holding or awaiting it

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock, users = self._turns.get(chat.id, (None, 0))
        lock = lock or asyncio.Lock()
        self._turns[chat.id] = (lock, users + 1)
        try:
            async with lock:  # asyncio's lock wakes its waiters first come, first served
                await coroutine
        finally:
            lock, users = self._turns[chat.id]
            if users == 1:
                del self._turns[chat.id]
            else:
                self._turns[chat.id] = (lock, users - 1)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release: python-telegram-bot waits for the updates in progress when it stops."""
