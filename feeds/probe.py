"""The first fetch of an address given to /addfeed, made before the feed is added: the feed there, or why not.

An address that is a web page is read for the feeds it names (feeds.discovery), and the first is fetched
instead, through the same Fetcher: its size cap, timeout and host rules hold for it too.

A failure that may pass by itself (the host down or overloaded, no answer in time) still lets the feed be added,
to be retried with backoff; one that says the address is wrong (no such host or page there, no feed, a response
over the size cap, a host our rules refuse) keeps it out: polling it would only fail.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from feeds.discovery import FeedLink, feed_links, is_web_page
from feeds.errors import (FeedError, FetchError, FetchTimeoutError, HostNotFoundError, HTTPStatusError,
                          NoFeedNamedError, ParseError, TooLargeError)
from feeds.fetch import Fetcher, FetchResult
from feeds.parse import ParsedFeed, parse_feed

BUSY = {408, 429}  # client-error statuses that say "not now" rather than "not here"


@dataclass(frozen=True)
class FirstFetch:
    """What an address holds: a feed, or the error that kept it from being read."""

    url: str  # the feed's address: the one given, or the first feed the web page there names
    feed: ParsedFeed | None  # None when it could not be read
    error: FeedError | None  # set when feed is None
    page_feeds: tuple[FeedLink, ...] = ()  # every feed the web page at the address given names, `url`'s first
    final_url: str | None = None  # where the feed came from after any redirects (None when it could not be read)
    moved_to: str | None = None  # the target when every redirect on the way was permanent, as the poller stores it

    @property
    def address(self) -> str:
        """The address to store: a permanent redirect's target (the poller would move the feed there), else `url`."""
        return self.moved_to or self.url

    @property
    def addresses(self) -> tuple[str, ...]:
        """Every address this feed was reached by: a feed already listed at any of them is this one."""
        return tuple(dict.fromkeys(a for a in (self.url, self.final_url, self.moved_to) if a))


async def first_fetch(fetcher: Fetcher, url: str, now: datetime) -> FirstFetch:
    """The feed at `url`, or at the first feed the web page there names; each fetch, redirects included, takes
    at most the fetcher's timeout: the admin waits for the reply."""
    try:
        result = await _fetch(fetcher, url)
    except FeedError as e:
        return FirstFetch(url, None, e)
    body, final_url, content_type = result.body, result.url, result.content_type
    try:
        return FirstFetch(url, await _parsed(body, final_url, content_type, now), None,
                          final_url=final_url, moved_to=result.moved_to)
    except ParseError as e:
        if not is_web_page(body, content_type):
            return FirstFetch(url, None, e)
    links = tuple(await asyncio.to_thread(feed_links, body, final_url))
    if not links:
        return FirstFetch(url, None, NoFeedNamedError(f"a web page that names no RSS or Atom feed: {url[:80]}"))
    try:
        result = await _fetch(fetcher, links[0].url)
        return FirstFetch(links[0].url, await _parsed(result.body, result.url, result.content_type, now), None, links,
                          final_url=result.url, moved_to=result.moved_to)
    except FeedError as e:
        return FirstFetch(links[0].url, None, e, links)


async def _fetch(fetcher: Fetcher, url: str) -> FetchResult:
    try:
        async with asyncio.timeout(fetcher.timeout):
            return await fetcher.fetch(url)
    except TimeoutError as e:
        raise FetchTimeoutError(fetcher.timeout) from e


async def _parsed(body: bytes, url: str, content_type: str, now: datetime) -> ParsedFeed:
    return await asyncio.to_thread(parse_feed, body, url=url, source="", fetched_at=now, content_type=content_type)


def may_pass(error: FeedError) -> bool:
    """Whether a failed fetch may work later with the same address: a host down, overloaded or slow (5xx, 429,
    a refused connection, a timeout), not one that says the address is wrong."""
    if isinstance(error, HTTPStatusError):
        return error.status >= 500 or error.status in BUSY
    if isinstance(error, HostNotFoundError | TooLargeError):
        return False
    return isinstance(error, FetchError)
