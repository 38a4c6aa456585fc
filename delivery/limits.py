"""Telegram's flood limits for everything the bot sends, shared by the outbox sender and the replies.

Telegram counts every message a bot sends against the same limits, whether it is a queued digest or a
reply to a command: about 30 a second in all, about one a second in any one private chat and 20 a
minute in any one group. The delivery engine and
python-telegram-bot's requests (replies, via handlers.rate_limit) therefore draw on one FloodLimits:
two limiters that each kept to 30 a second would together send up to 60, and Telegram answers the
excess with 429s. Paid broadcasts are counted apart (Telegram's paid rate, up to 1,000 a second, is for
allow_paid_broadcast messages only), so the bot then gives its replies a FloodLimits of their own.

A 429 holds back the whole bot, as Telegram asks: whichever request drew it (a queued message or a
reply), `pause` stops both the outbox sender and the replies until retry_after has passed. The pause is
kept on the injected clock (the bot's), so tests move past it instead of waiting; the rates stay in real
time, because they are Telegram's.
"""
from __future__ import annotations

import asyncio
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from aiolimiter import AsyncLimiter

from clock import Clock, SystemClock

GLOBAL_MARGIN = 0.98
PRIVATE_SLOTS_KEPT = 10_000  # private chats' next slots remembered before past ones are forgotten
MIN_PAUSE = 1.0  # seconds: the shortest pause a 429 brings
BURST_DIVISOR = 100  # a burst of 1 % of the cap: 1 at 30 msg/s, 10 at 1,000 msg/s
# Telegram counts a group's 20 a minute as messages arrive; they are counted here as they leave, and a first one
# slowed on the way with a 21st sped up would be 21 in Telegram's minute: a 429 that pauses all sending. So a
# group's minute is taken a second longer, as the overall rate keeps GLOBAL_MARGIN.
GROUP_WINDOW = 61.0


def _global_limiter(rate: float) -> AsyncLimiter:
    """A leaky bucket that never lets more than `rate` sends into any one-second window.

    Telegram (and the strict sandbox) count any one-second window at arrival, and network jitter can
    squeeze 31 sends into a second at exactly 30/s, hence the margin. A bucket of `burst` sends drained
    at `sustained` per second admits at most burst + sustained in a second, so the two are chosen to sum
    to the margin. The burst matters at high caps: releasing one send per millisecond at 1,000/s is
    below the event loop's timer resolution, and the rate achieved fell to ~60 % of the cap.
    """
    burst = max(1, int(rate / BURST_DIVISOR))
    sustained = rate * GLOBAL_MARGIN - (burst - 1)
    return AsyncLimiter(burst, burst / sustained)


class _Pause:
    """Until when a 429 holds the bot back; one for all the FloodLimits of a bot."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.until: datetime | None = None


class FloodLimits:
    """The bot's overall rate, each private chat's interval and each group's per-minute cap, in real time
    (they are Telegram's), and the pause after a 429, on `clock`."""

    def __init__(self, *, global_rate: float = 30.0, group_per_minute: int = 20, private_interval: float = 1.0,
                 clock: Clock | None = None, monotonic: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        """`monotonic` and `sleep`: the real time the chats' limits keep (a test's stand-in moves with its waits)."""
        self.global_rate, self.group_per_minute, self.private_interval = global_rate, group_per_minute, private_interval
        self._monotonic, self._sleep = monotonic, sleep
        self._global = _global_limiter(global_rate)
        self._group_window: dict[int, deque[float]] = defaultdict(deque)
        self._private_next: dict[int, float] = {}  # chat id -> when (time.monotonic) it may take its next message
        self._pause = _Pause(clock or SystemClock())

    @property
    def clock(self) -> Clock:
        return self._pause.clock

    def with_global_rate(self, rate: float) -> FloodLimits:
        """Limits with an overall rate of their own and the same per-chat limits and pause (for replies
        beside paid broadcasts, whose rate Telegram counts apart)."""
        other = FloodLimits(global_rate=rate, group_per_minute=self.group_per_minute,
                            private_interval=self.private_interval, monotonic=self._monotonic, sleep=self._sleep)
        other._group_window, other._private_next, other._pause = self._group_window, self._private_next, self._pause
        return other

    def pause_left(self) -> float:
        """Seconds until the pause ends (0 or less: not paused)."""
        until = self._pause.until
        return 0.0 if until is None else (until - self._pause.clock.now()).total_seconds()

    async def wait_out_pause(self) -> None:
        while (wait := self.pause_left()) > 0:
            await self._pause.clock.sleep(wait)

    async def turn(self, chat_id: int | None, *, held: bool = True, overall: bool = True) -> None:
        """Wait for a request's turn: out of any 429 pause (when `held`), then for chat `chat_id`'s own
        limit, when it is a message or an edit (`chat_id` not None), and a permit of the overall rate, when it is a
        message (`overall`: an edit takes none); and again if a 429 came meanwhile. A slot or a permit can take a while, and one taken before another sender's
        429 would go out into the pause, where Telegram answers with a 429 too; a chat's slot taken before
        the pause would let that chat's held messages go out together when it ends.
        """
        while True:
            if held:
                await self.wait_out_pause()
            if chat_id is not None:
                await self.chat_turn(chat_id)
                if overall:
                    await self.global_permit()
            if not held or self.pause_left() <= 0:
                return

    def pause_for(self, seconds: float) -> float:
        """Pause every send for a 429's retry_after from now, at least MIN_PAUSE (a retry_after of 0 would
        have every held request tried again at once, and again); overlapping 429s make one pause. Returns
        the seconds paused."""
        seconds = max(seconds, MIN_PAUSE)
        until = self.clock.now() + timedelta(seconds=seconds)
        self._pause.until = max(self._pause.until or until, until)
        return seconds

    async def chat_turn(self, chat_id: int) -> None:
        """Wait until chat `chat_id` may take another message (private chats by id > 0, groups < 0)."""
        if chat_id > 0:
            await self.private_turn(chat_id)
        else:
            await self.group_turn(chat_id)

    async def private_turn(self, chat_id: int) -> None:
        """Wait for private chat `chat_id`'s next slot, `private_interval` after the one before. The slot is
        taken before the wait, so that a reply and a queued message for one reader, waiting side by side,
        go out an interval apart rather than together."""
        if self.private_interval <= 0:
            return
        now = self._monotonic()
        slot = max(now, self._private_next.get(chat_id, 0.0))
        self._private_next[chat_id] = slot + self.private_interval
        if len(self._private_next) > PRIVATE_SLOTS_KEPT:
            self._forget_past_slots(now)
        if slot > now:
            await self._sleep(slot - now)

    def _forget_past_slots(self, now: float) -> None:
        for chat_id in [c for c, next_slot in self._private_next.items() if next_slot <= now]:
            del self._private_next[chat_id]

    async def group_turn(self, chat_id: int) -> None:
        """Wait until group `chat_id` may take another message this minute, and count it."""
        window = self._group_window[chat_id]
        while len(window) >= self.group_per_minute:
            wait = window[0] + GROUP_WINDOW - self._monotonic()
            if wait > 0:
                await self._sleep(wait)
            window.popleft()
        window.append(self._monotonic())

    async def global_permit(self) -> None:
        """Wait for a permit of the overall rate."""
        await self._global.acquire()
