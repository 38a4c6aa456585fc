"""Telegram's flood limits, enforced unless turned off (Limits.strict): 429 with retry_after when exceeded."""
from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

from sandbox.state import Chat, Limits


class RateLimiter:
    """Sliding windows: global per second (or paid broadcast rate), per private chat, per group per minute."""

    def __init__(self, limits: Limits, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._monotonic = monotonic
        self._global: deque[float] = deque()
        self._paid: deque[float] = deque()
        self._chats: dict[int, deque[float]] = {}
        # A 429 is a flood wait, as Telegram's: its scope takes nothing until retry_after has passed, even
        # when the window it overflowed frees up sooner (retry_after is rounded up to whole seconds).
        self._blocked_until: dict[str | int, float] = {}

    def check(self, chat: Chat, *, paid: bool = False, edit: bool = False) -> int:
        """0 when the message may go now (and counts it), else seconds to wait. An edit counts towards its chat's
        limit only: Telegram's chat limits are shared by sending and editing (Telegram's levlam, tdlib/td#2592,
        #3034), while the overall rate is for messages sent."""
        if not self.limits.strict:
            return 0
        now = self._monotonic()
        scope = "paid" if paid else "global"
        blocked = max(self._blocked_until.get(scope, 0.0) if not edit else 0.0, self._blocked_until.get(chat.id, 0.0))
        if blocked > now:
            return max(1, math.ceil(blocked - now))
        window, cap = (self._paid, self.limits.paid_per_second) if paid else (self._global, self.limits.global_per_second)
        if chat.type == "private":
            per_chat, period, per_cap = self._chats.setdefault(chat.id, deque()), self.limits.private_burst / self.limits.private_per_second, self.limits.private_burst
        else:
            per_chat, period, per_cap = self._chats.setdefault(chat.id, deque()), 60.0, self.limits.group_per_minute
        overall_wait = 0.0 if edit else self._over(window, now, 1.0, cap)
        chat_wait = self._over(per_chat, now, period, per_cap)
        if overall_wait > 0 or chat_wait > 0:
            for key, wait in ((scope, overall_wait), (chat.id, chat_wait)):
                if wait > 0:
                    self._blocked_until[key] = now + max(1, math.ceil(wait))
            return max(1, math.ceil(max(overall_wait, chat_wait)))
        if not edit:
            window.append(now)
        per_chat.append(now)
        return 0

    @staticmethod
    def _over(window: deque[float], now: float, period: float, cap: float) -> float:
        while window and window[0] <= now - period:
            window.popleft()
        if len(window) < cap:
            return 0.0
        return window[0] + period - now
