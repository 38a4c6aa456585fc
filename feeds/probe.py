"""The first fetch of an address given to /addfeed, made before the feed is added: the feed there, or why not.

A failure that may pass by itself (the host down or overloaded, no answer in time) still lets the feed be added,
to be retried with backoff; one that says the address is wrong (no such host or page there, no feed, a response
over the size cap, a host our rules refuse) keeps it out: polling it would only fail.
"""
from __future__ import annotations

import asyncio
from datetime import datetime

from feeds.errors import FeedError, FetchError, FetchTimeoutError, HostNotFoundError, HTTPStatusError, TooLargeError
from feeds.fetch import Fetcher
from feeds.parse import ParsedFeed, parse_feed

BUSY = {408, 429}  # client-error statuses that say "not now" rather than "not here"


async def first_fetch(fetcher: Fetcher, url: str, now: datetime) -> ParsedFeed:
    """The feed at `url`, fetched and parsed once; FeedError when it can't be read. The whole fetch, redirects
    included, takes at most the fetcher's timeout: the admin waits for the reply."""
    try:
        async with asyncio.timeout(fetcher.timeout):
            result = await fetcher.fetch(url)
    except TimeoutError as e:
        raise FetchTimeoutError(fetcher.timeout) from e
    return await asyncio.to_thread(parse_feed, result.body, url=result.url, source="", fetched_at=now,
                                   content_type=result.content_type)


def may_pass(error: FeedError) -> bool:
    """Whether a failed fetch may work later with the same address: a host down, overloaded or slow (5xx, 429,
    a refused connection, a timeout), not one that says the address is wrong."""
    if isinstance(error, HTTPStatusError):
        return error.status >= 500 or error.status in BUSY
    if isinstance(error, HostNotFoundError | TooLargeError):
        return False
    return isinstance(error, FetchError)
