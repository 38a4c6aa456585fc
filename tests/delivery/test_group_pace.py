"""A group's 20 messages a minute are paced with a margin: Telegram counts them as they arrive, and a first message
slowed on the way and a 21st sped up would otherwise be 21 in its minute, drawing a 429 that pauses all sending."""
from __future__ import annotations

from delivery.limits import FloodLimits

GROUP = -100123


class RealTime:
    """Telegram's time, which the rates keep, moved by the waits themselves instead of passing."""

    def __init__(self) -> None:
        self.seconds = 5000.0

    def __call__(self) -> float:
        return self.seconds

    async def sleep(self, seconds: float) -> None:
        self.seconds += max(0.0, seconds)


async def test_the_21st_message_in_a_group_waits_a_second_more_than_the_minute() -> None:
    time = RealTime()
    limits = FloodLimits(monotonic=time, sleep=time.sleep)
    released = []
    for _ in range(21):
        await limits.group_turn(GROUP)
        released.append(time.seconds)
        time.seconds += 0.5  # each request takes a moment to go out
    assert released[19] - released[0] < 60
    assert released[20] - released[0] >= 61
    await limits.with_global_rate(1000).group_turn(GROUP)  # a reply beside paid broadcasts: the same group's pace
    assert time.seconds >= released[1] + 61
