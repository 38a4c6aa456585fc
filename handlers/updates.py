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

A button's tap waits for its chat's turn TAP_WAIT at most: Telegram refuses its answer after some 15 s ("query
is too old"), and in a busy group the chat's turn can be minutes away, behind replies held by the group's
20 a minute or a 429 pause. It then runs beside them, out of order: a tap acts on a message already shown, so
what came after it in the chat matters little, and its answer is not held back by the flood limits
(handlers.rate_limit). The wait is on the bot's clock, so tests move past it.
"""
from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from clock import Clock, SystemClock

MAX_RUNNING = 256  # handlers running at once, over all chats
TAP_WAIT = 6.0  # seconds a tap waits for its chat's turn, leaving it most of Telegram's ~15 s to be answered


def _give_up(taking: asyncio.Future[bool], lock: asyncio.Lock) -> None:
    """Stop waiting for the lock; should it come all the same (the wait ending as it came), pass it on."""
    taking.cancel()
    taking.add_done_callback(lambda done: done.cancelled() or lock.release())


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_running: int = MAX_RUNNING, clock: Clock | None = None) -> None:
        super().__init__(sys.maxsize)
        self._running = asyncio.Semaphore(max_running)
        self._clock = clock or SystemClock()
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
        started = taken = False
        tap = isinstance(update, Update) and update.callback_query is not None
        try:
            taken = await self._turn(lock, TAP_WAIT if tap else None)  # asyncio's locks: first come, first served
            async with self._running:
                started = True
                await coroutine
        finally:
            if taken:
                lock.release()
            if not started and isinstance(coroutine, Coroutine):
                coroutine.close()  # cancelled while waiting: never run, and not left to warn "never awaited"
            lock, users = self._turns[chat.id]
            if users == 1:
                del self._turns[chat.id]
            else:
                self._turns[chat.id] = (lock, users - 1)

    async def _turn(self, lock: asyncio.Lock, within: float | None) -> bool:
        """Take the chat's lock, waiting `within` seconds at most on the bot's clock (None: as long as it takes);
        whether it was taken."""
        if within is None:
            await lock.acquire()
            return True
        taking = asyncio.ensure_future(lock.acquire())
        timer = asyncio.ensure_future(self._clock.sleep(within))
        try:
            await asyncio.wait((taking, timer), return_when=asyncio.FIRST_COMPLETED)
        except BaseException:  # cancelled while waiting
            _give_up(taking, lock)
            raise
        finally:
            timer.cancel()
        if taking.done():
            return True
        _give_up(taking, lock)
        return False

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release: python-telegram-bot waits for the updates in progress when it stops."""
