"""Telegram's flood limits, enforced only in strict mode: 429 with retry_after when exceeded."""
from __future__ import annotations

import math
import time
from collections import deque

from sandbox.state import Chat, Limits


class RateLimiter:
    """Sliding windows: global per second (or paid broadcast rate), per private chat, per group per minute."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._global: deque[float] = deque()
        self._paid: deque[float] = deque()
        self._chats: dict[int, deque[float]] = {}

    def check(self, chat: Chat, *, paid: bool = False) -> int:
        """0 when the message may go now (and counts it), else seconds to wait."""
        if not self.limits.strict:
            return 0
        now = time.monotonic()
        window, cap = (self._paid, self.limits.paid_per_second) if paid else (self._global, self.limits.global_per_second)
        wait = self._over(window, now, 1.0, cap)
        if chat.type == "private":
            per_chat, period, per_cap = self._chats.setdefault(chat.id, deque()), self.limits.private_burst / self.limits.private_per_second, self.limits.private_burst
        else:
            per_chat, period, per_cap = self._chats.setdefault(chat.id, deque()), 60.0, self.limits.group_per_minute
        wait = max(wait, self._over(per_chat, now, period, per_cap))
        if wait > 0:
            return max(1, math.ceil(wait))
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
