"""The periodic tick: every chat whose next digest time has come gets one digest.

A chat's next due time lives in the database, so the tick is crash-safe and catches up: a bot that
was down at 08:00 and starts at 10:00 sends that digest once, at 10:00; one days late sends a single
combined digest (everything since the last one), then returns to the normal schedule.

A chat whose previous digest is still in the outbox (Telegram or the network is down, and the sender keeps
retrying it for up to a day) gets no new one at its time: each would wait too, and all would go out in a row
the moment Telegram is back. Its news stays unread and the chat is looked at again at its next regular time or
within RECHECK_WAITING, whichever comes first: the news comes in one digest soon after the waiting one has gone
(an hourly chat's next hour; a twice-daily chat's evening digest within the hour, not the next morning).
"""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Any

from background import cancel_and_wait
from clock import Clock
from digests.compose import CandidateCache, compose_for_chats, schedule_of
from news.schedule import defer_for_quiet, next_due
from storage import Database
from storage.chats import defer_digest, due_for_digest
from storage.outbox import chats_with_digest_waiting
from storage.subscriptions import list_for_chats

log = logging.getLogger(__name__)

TICK_SECONDS = 30.0
CHATS_PER_TRANSACTION = 100  # one database hop and one commit per this many due chats
RECHECK_WAITING = timedelta(hours=1)  # a chat skipped for a digest still waiting is looked at again this soon


async def run_due_digests(db: Database, now: datetime, *, per_section: int, bot_username: str = "") -> int:
    """Compose and queue every due digest; returns how many chats got one.

    Chats are composed in batches of CHATS_PER_TRANSACTION, each in one transaction. A batch that
    fails is rolled back and its chats are composed one by one; a chat that fails alone stays due and
    the next tick redoes it, while every other chat gets its digest.
    """
    sent = 0
    cache = CandidateCache()
    due = await due_for_digest(db, now)
    subscriptions = await list_for_chats(db, [chat.id for chat in due])
    waiting = await chats_with_digest_waiting(db, [chat.id for chat in due])
    ready = []
    for chat in due:
        schedule = schedule_of(chat)
        if chat.paused_until and chat.paused_until > now:
            await defer_digest(db, chat, next_due(schedule, chat.paused_until), now)
            continue
        quiet_end = defer_for_quiet(schedule, now)
        if quiet_end is not None:
            await defer_digest(db, chat, quiet_end, now)
            log.info("digest deferred for quiet hours chat_id=%s until=%s", chat.id, quiet_end.isoformat())
            continue
        if chat.id in waiting:
            # Skipped, not composed: the last digest time stays, so this digest's news is not used up; the
            # due time moves on, so the chat is not read again every tick (nor kept at the head of
            # due_for_digest's list), but no further than RECHECK_WAITING: an overdue digest goes soon after
            # the waiting one. Should the waiting digest fail for good (its tries ran out after a day of
            # timeouts, 5xx or no connection; the reader blocked the bot; the chat closed to it), mark_failed
            # moves the last digest time back to where its news began, even when a try may have reached the
            # reader (a repeat beats a loss): the next digest brings both. Only a digest Telegram refused as it
            # is (delivery.policy "fail") gives nothing back.
            regular = next_due(schedule, now)
            next_at = now + RECHECK_WAITING if regular is None else min(regular, now + RECHECK_WAITING)
            await defer_digest(db, chat, next_at, now)
            log.info("digest skipped, the previous one still waiting chat_id=%s next=%s", chat.id, next_at.isoformat())
            continue
        ready.append(chat)
    batches = [ready[first : first + CHATS_PER_TRANSACTION] for first in range(0, len(ready), CHATS_PER_TRANSACTION)]
    for batch in batches:
        try:
            outcomes = await compose_for_chats(db, batch, now, per_section=per_section, cache=cache,
                                               subscriptions=subscriptions, bot_username=bot_username)
        except Exception:  # rolled back: redo its chats one by one, so one bad chat holds back only itself
            log.warning("digest batch failed, composing its chats one by one chat_ids=%s", [chat.id for chat in batch])
            outcomes = []
            for chat in batch:
                try:
                    outcomes += await compose_for_chats(db, [chat], now, per_section=per_section, cache=cache,
                                                        subscriptions=subscriptions, bot_username=bot_username)
                except Exception:  # logged with its traceback; the chat stays due for the next tick
                    log.exception("digest failed, due again next tick chat_id=%s", chat.id)
        for outcome in outcomes:
            log.info("digest chat_id=%s messages=%s stories=%s", outcome.chat_id, outcome.messages, outcome.stories)
            sent += outcome.messages > 0
    return sent


class DigestScheduler:
    """Runs the tick on the injected clock; wakes the delivery engine when it queued something."""

    def __init__(self, db: Database, clock: Clock, per_section: int, services: dict[str, Any], bot_username: str) -> None:
        self.db, self.clock, self.per_section, self.services = db, clock, per_section, services
        self.bot_username = bot_username
        self._task: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()

    async def tick(self) -> int:
        async with self._lock:
            queued = await run_due_digests(self.db, self.clock.now(), per_section=self.per_section,
                                           bot_username=self.bot_username)
        if queued and "delivery" in self.services:
            self.services["delivery"].wake()
        return queued

    async def _loop(self) -> None:
        while True:
            try:
                await self.tick()
            except Exception:  # one bad chat must not stop every digest; logged with its traceback
                log.exception("digest tick failed")
            await self.clock.sleep(TICK_SECONDS)

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="digest-scheduler")

    async def stop(self) -> None:
        await cancel_and_wait(self._task)
