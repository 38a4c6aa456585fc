"""Where feed addresses lead, before they are added from a list (an OPML import): each is requested once, its
redirects followed hop by hop as the poller follows them (feeds.fetch) and its body left unread, so that an address
that redirects to a feed already listed is found as /addfeed finds it with its first fetch (feeds.probe).

A list may hold hundreds of addresses and the admin waits for the answer, so at most CONCURRENCY are requested at a
time (and the Fetcher's own few per host), for DEADLINE seconds in all. An address with no answer by then is left
as it is: the poller meets its redirect at its first poll, and a copy of a listed feed is marked then (same_as) and
the admins told. One whose request fails (no such host, a 404) has no redirect known and is left as it is too.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from feeds.errors import FeedError
from feeds.fetch import Fetcher

log = logging.getLogger(__name__)

CONCURRENCY = 20
DEADLINE = 20.0  # seconds for a whole list


@dataclass(frozen=True)
class Destination:
    """Where an address led: `final_url` after its redirects (itself when none); `moved_to` when every redirect on
    the way was permanent, the address to store (as the poller would move the feed there)."""

    url: str
    final_url: str
    moved_to: str | None

    @property
    def addresses(self) -> tuple[str, ...]:
        """Every address the feed was reached by: a feed listed at any of them is this one."""
        return tuple(dict.fromkeys(a for a in (self.url, self.final_url, self.moved_to) if a))


@dataclass
class Followed:
    destinations: dict[str, Destination] = field(default_factory=dict)  # by address given, those that answered
    late: list[str] = field(default_factory=list)  # addresses with no answer by the deadline


async def follow_redirects(fetcher: Fetcher, urls: Sequence[str], *, concurrency: int = CONCURRENCY,
                           deadline: float = DEADLINE) -> Followed:
    """Where each of `urls` leads, CONCURRENCY at a time, for `deadline` seconds in all."""
    followed = Followed()
    limit = asyncio.Semaphore(concurrency)

    async def one(url: str) -> None:
        async with limit:
            try:
                result = await fetcher.fetch(url, read_body=False)
            except FeedError:
                return
        followed.destinations[url] = Destination(url, result.url, result.moved_to)

    tasks = {asyncio.create_task(one(url)): url for url in dict.fromkeys(urls)}
    if not tasks:
        return followed
    done, pending = await asyncio.wait(tasks, timeout=deadline)
    for task in done:
        if (error := task.exception()) is not None:  # not a FeedError: a bug, logged; the address stays as given
            log.error("redirect check failed url=%s", tasks[task], exc_info=error)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    followed.late = [tasks[task] for task in pending]
    return followed
