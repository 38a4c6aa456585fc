"""The durable sender: claims due outbox rows, sends them within Telegram's limits, records the outcome.

Exactly once, as far as the Bot API allows: a claimed row is 'sending'; it is marked request_started
(committed) before it waits for the global limiter and goes out, and right after Telegram's OK it is
marked 'sent' in one hop to the database thread. The window that cannot be closed (the Bot API has no
idempotency key) is a crash between Telegram accepting a message and that commit. On restart a row
marked request_started is sent again, never lost, and flagged in_doubt; so is one whose request got
no clear answer (a timeout, a 5xx), since Telegram may have delivered it. The push report counts
them as "possibly received twice". The mark comes before the limiter, not after it, so that a slow
database write cannot let permits pile up and go out in a burst over the cap; the price is that rows
waiting for the limiter at a crash are flagged too. Measured (tests/delivery/test_crash_safety.py,
3 SIGKILLs of a 2,000-chat push at 1,000 msg/s, 8 in flight): about 23 rows flagged, 2-3 of which
actually arrived twice.

Limits: a global rate, one message per interval per private chat and a per-minute cap per group, all in
real time (delivery.limits, shared with the bot's replies); breaking news before digests. A 429 pauses every sender, and the
bot's replies, for retry_after on the injected clock (FloodLimits.pause_for) and the same message is retried; nothing is dropped. A rejected bot token (401/404) pauses
every sender the same way, for policy.TOKEN_RECHECK_SECONDS at a time, until the token works again.
A round that fails (the database locked by another process past the busy timeout, say) is retried with a
growing wait on the clock and logged once (delivery.outage); only a closed database ends the loop.
"""
from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from background import cancel_and_wait
from clock import Clock
from delivery.exclusive import SenderLock
from delivery.limits import FloodLimits
from delivery.outage import Outage, database_closed
from delivery.policy import backoff_seconds, decide
from delivery.sender import ApiError, NetworkFailure, Sender
from delivery.topic_notes import closed_note, deleted_note, with_note
from storage import Database
from storage import chats as chat_store
from storage import outbox
from storage.outbox import OutgoingMessage

log = logging.getLogger(__name__)

# A message that meets failures that pass (a timeout, a 5xx, no connection) is tried again, the waits
# growing to 10 minutes, until it has been tried MIN_ATTEMPTS times and queued RETRY_WINDOW: an outage of
# Telegram or of the bot's network delays the day's digests rather than failing them, and after a day what
# is left is no longer news. A message queued long before (while the bot was stopped) still gets its tries.
RETRY_WINDOW = timedelta(hours=24)
MIN_ATTEMPTS = 6
IDLE_CHECK_SECONDS = 5.0


@dataclass(frozen=True)
class _Retry:
    """A row put back: when it falls due again, and whether it met an error of its own (a timeout, a 5xx) rather
    than a pause that was not its fault (a 429, a group moved)."""

    at: datetime
    after_error: bool


class DeliveryEngine:
    def __init__(
        self, db: Database, sender: Sender, clock: Clock, *, global_rate: float = 30.0, private_interval: float = 1.0,
        group_per_minute: int = 20, concurrency: int = 16, limits: FloodLimits | None = None,
    ) -> None:
        """`limits`: the FloodLimits the bot's replies draw on too (delivery.limits), on this `clock`; without
        it the engine keeps `global_rate`, `private_interval` and `group_per_minute` on its own."""
        self.db, self.sender, self.clock = db, sender, clock
        self.concurrency = concurrency
        self.limits = limits or FloodLimits(global_rate=global_rate, group_per_minute=group_per_minute,
                                            private_interval=private_interval, clock=clock)
        if self.limits.clock is not clock:
            raise ValueError("the delivery engine and its FloodLimits must keep time on the same clock")
        self._wake = asyncio.Event()
        self._round_waiters: list[asyncio.Future[None]] = []
        self._task: asyncio.Task[None] | None = None
        # One sender per database file (delivery.exclusive); an in-memory database is this process's own.
        self._lock = SenderLock(db.path) if str(db.path) != ":memory:" else None
        self.sent = 0

    def wake(self) -> None:
        self._wake.set()

    def round_end(self) -> asyncio.Future[None]:
        """Done when the next sending round ends, or the engine stops: one who waits for certain rows to go reads
        the outbox, and again each time this is done (taken before each read, so no round slips in between)."""
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._round_waiters.append(waiter)
        return waiter

    def _rounds_ended(self) -> None:
        waiters, self._round_waiters = self._round_waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def start(self) -> None:
        """Open the sender's session, requeue the rows a stop interrupted, and start sending.

        If this fails (say, another process holds the database's write lock), the session is closed again
        and nothing runs: the caller can give up without leaking a connection pool, or call start() again.
        Starting a running engine is refused, and so is starting one while another sender runs on the same
        database (delivery.exclusive): a second loop would requeue the first one's rows in flight and double
        the sending rate.
        """
        if self._task is not None:
            raise RuntimeError("the delivery engine is already running; stop() it first")
        if self._lock is not None:
            self._lock.acquire()  # SenderRunningError while another sender runs on this database
        try:
            await self.sender.open()
            recovered = await outbox.recover_interrupted(self.db)
        except BaseException:
            await self.sender.close()  # a session never opened closes as a no-op
            if self._lock is not None:
                self._lock.release()
            raise
        if recovered:
            log.warning("outbox rows interrupted by a stop were requeued count=%s", recovered)
        self._task = asyncio.create_task(self._run(), name="delivery-engine")

    async def stop(self) -> None:
        """Stop sending and close the sender's session; start() may follow.

        The session is closed even when the loop had died of an error, which is raised here after.
        """
        task, self._task = self._task, None
        try:
            await cancel_and_wait(task)
        finally:
            self._rounds_ended()  # none waits for a round that will not come
            try:
                await self.sender.close()
            finally:
                if task is not None and self._lock is not None:
                    self._lock.release()

    async def _run(self) -> None:
        """Send rounds until stopped; a failed round is waited out (delivery.outage), a closed database ends it."""
        outage = Outage(self.clock)
        while True:
            try:
                if outage.active:
                    # A failed round may have left rows 'sending'; no worker is in flight between rounds.
                    if recovered := await outbox.recover_interrupted(self.db):
                        log.warning("outbox rows a failed round left 'sending' were requeued count=%s", recovered)
                sent, wait = await self.send_due(), 0.0
                self._rounds_ended()
                if sent == 0:
                    self._wake.clear()
                    wait = await self._idle_seconds()
            except Exception as error:
                if database_closed(error):
                    log.error("delivery stopped: the database was closed")
                    raise
                await self.clock.sleep(outage.failed(error))
                continue
            if outage.active:
                outage.ended()
            if sent > 0 or wait == 0:
                continue  # more may be due, e.g. the row paused by a 429 is due again
            sleeper = asyncio.create_task(self.clock.sleep(wait))
            waker = asyncio.create_task(self._wake.wait())
            try:
                await asyncio.wait({sleeper, waker}, return_when=asyncio.FIRST_COMPLETED)
            finally:  # also when stop() cancels this loop mid-wait
                sleeper.cancel()
                waker.cancel()

    async def _idle_seconds(self) -> float:
        """Until the next row falls due (0: one is due now), at most IDLE_CHECK_SECONDS."""
        due = await outbox.next_due_at(self.db)
        if due is None:
            return IDLE_CHECK_SECONDS
        return min(IDLE_CHECK_SECONDS, max(0.0, (due - self.clock.now()).total_seconds()))

    async def send_due(self, limit: int = 200) -> int:
        """One round: drop expired rows, claim due rows and send them, chats in parallel, each chat's rows in order."""
        for row in await outbox.drop_expired(self.db, self.clock.now()):
            log.info("queued reply dropped: too old to be of use outbox_id=%s chat_id=%s queued_at=%s", row.id,
                     row.chat_id, row.queued_at.isoformat())
        claimed = await outbox.claim_due(self.db, self.clock.now(), limit)
        by_chat: dict[int, list[outbox.QueuedMessage]] = defaultdict(list)
        for message in claimed:
            by_chat[message.chat_id].append(message)
        gate = asyncio.Semaphore(self.concurrency)

        async def chat_worker(rows: list[outbox.QueuedMessage]) -> int:
            async with gate:
                done = 0
                for index, row in enumerate(rows):
                    retry = await self._send_guarded(row)
                    if retry is not None:
                        # Keep this chat's order: later rows fall due with the one that must be retried, and
                        # the claim takes equally due rows by id. Due now, they would go out before it. Held
                        # behind an error (not a pause), they wait on it too: a push's report counts them as
                        # retrying (storage.broadcasts), though no attempt counts against them.
                        for later in rows[index + 1 :]:
                            await outbox.retry_later(self.db, later.id, retry.at, None, count_attempt=False,
                                                     held=retry.after_error)
                        break
                    done += 1
                return done

        async with asyncio.TaskGroup() as group:  # no worker outlives the round, even on an error
            tasks = [group.create_task(chat_worker(rows)) for rows in by_chat.values()]
        return sum(task.result() for task in tasks)

    async def _send_guarded(self, row: outbox.QueuedMessage) -> _Retry | None:
        """`_send`, with an unexpected error logged and the row put back, never left 'sending'."""
        try:
            return await self._send(row)
        except Exception as error:  # a bug or a database error must not strand the row and its chat
            log.exception("unexpected error sending outbox_id=%s", row.id)
            retry_at = self.clock.now() + timedelta(seconds=backoff_seconds(row.attempts))
            await outbox.retry_later(self.db, row.id, retry_at, f"internal: {type(error).__name__}", may_have_arrived=True)
            return _Retry(retry_at, after_error=True)

    async def _send(self, row: outbox.QueuedMessage) -> _Retry | None:
        """Send one row; None when it is settled (sent, or failed for good), else when it falls due again."""
        await outbox.mark_request_started(self.db, row.id)
        # The 429 pause, the chat's limit and the global limiter come last, right before the request: a
        # wait on the database above must not let permits pile up and then go out in one burst.
        await self.limits.turn(row.chat_id)
        try:
            message_id = await self.sender.send_message(row.chat_id, row.message)
        except (ApiError, NetworkFailure) as error:
            return await self._handle(row, error)
        await outbox.mark_sent(self.db, row.id, message_id, self.clock.now())
        if row.message.message_thread_id is not None:  # the topic takes messages: should it close again, say so again
            await chat_store.topic_reached(self.db, row.chat_id, row.message.message_thread_id)
        self.sent += 1
        return None

    async def _to_general(self, chat_id: int, message: OutgoingMessage, topic: int, *, deleted: bool) -> OutgoingMessage:
        """The message for General in place of the chat's topic, with a line saying why the first time: once per
        deleted topic (it is forgotten), once per closing of a closed one (it stays chosen, for when it opens)."""
        chat = await chat_store.get_chat(self.db, chat_id)
        name = chat.topic_name if chat is not None and chat.topic_id == topic else None
        if deleted:  # a closed topic may open again; a deleted one is gone
            told = await chat_store.forget_topic(self.db, chat_id, topic)
            noted = with_note(message, deleted_note(name)) if told else None
        else:
            noted = with_note(message, closed_note(name))  # no room: the chat's next message says it
            if noted is not None and not await chat_store.claim_topic_closed_note(self.db, chat_id, topic):
                noted = None
        return noted or message

    async def _handle(self, row: outbox.QueuedMessage, error: ApiError | NetworkFailure) -> _Retry | None:
        decision = decide(error)
        now = self.clock.now()
        if decision.action in ("pause", "halt"):
            # One line per pause: the senders in flight when it starts get their 429s too, and join it.
            if self.limits.pause_left() > 0:
                log.debug("request held back by the pause outbox_id=%s chat_id=%s seconds=%s", row.id, row.chat_id,
                          decision.retry_after)
            elif decision.action == "halt":
                log.error("pausing all sending seconds=%s: %s", decision.retry_after, decision.reason)
            else:
                log.warning("flood control: pausing all sending seconds=%s outbox_id=%s", decision.retry_after, row.id)
            # One deadline for every sender: simultaneous 429s overlap rather than queue up.
            until = now + timedelta(seconds=self.limits.pause_for(decision.retry_after))
            await outbox.retry_later(self.db, row.id, until, None, count_attempt=False)
            return _Retry(until, after_error=False)
        if decision.action == "migrate" and decision.new_chat_id is not None:
            await chat_store.migrate_chat(self.db, row.chat_id, decision.new_chat_id, now)
            log.info("chat migrated old=%s new=%s", row.chat_id, decision.new_chat_id)
            await outbox.retry_later(self.db, row.id, now, None, count_attempt=False)
            return _Retry(now, after_error=False)
        if decision.action == "deactivate":
            await chat_store.deactivate_chat(self.db, row.chat_id, decision.reason, now)
            await outbox.mark_failed(self.db, row.id, decision.reason)
            log.info("chat deactivated chat_id=%s reason=%s", row.chat_id, decision.reason)
            return None
        if decision.action == "closed":
            await outbox.mark_failed(self.db, row.id, decision.reason)
            log.info("chat takes no messages for now chat_id=%s reason=%s", row.chat_id, decision.reason)
            return None
        topic = row.message.message_thread_id
        if decision.action in ("unthread", "topic_closed") and topic is not None:
            # Its forum topic was deleted, or closed to the bot, while it waited: it goes to the chat's General topic
            # rather than nowhere (Telegram refused it outright, so it cannot have arrived; no attempt counts).
            moved = await self._to_general(row.chat_id, replace(row.message, message_thread_id=None), topic,
                                           deleted=decision.action == "unthread")
            await outbox.retry_later(self.db, row.id, now, None, count_attempt=False, payload=moved)
            log.info("forum topic refused, sending to the chat outbox_id=%s chat_id=%s thread=%s reason=%s", row.id,
                     row.chat_id, topic, decision.reason)
            return _Retry(now, after_error=False)
        refused = decision.action in ("fail", "unthread", "topic_closed")  # the message as it is: retrying cannot help
        final = refused or decision.action == "refused"  # a 400 of the moment: no retry, its stories given back
        if final or (row.attempts >= MIN_ATTEMPTS and now - row.queued_at >= RETRY_WINDOW):
            await outbox.mark_failed(self.db, row.id, decision.reason, give_back=not refused)
            log.error("message failed for good outbox_id=%s chat_id=%s reason=%s", row.id, row.chat_id, decision.reason)
            return None
        retry_at = now + timedelta(seconds=backoff_seconds(row.attempts))
        await outbox.retry_later(self.db, row.id, retry_at, decision.reason, may_have_arrived=decision.may_have_arrived)
        log.warning("message will be retried outbox_id=%s attempts=%s reason=%s", row.id, row.attempts, decision.reason)
        return _Retry(retry_at, after_error=True)
