"""Why a feed is failing, in plain words, as /feeds and the flagged-feeds alert show it (plain text: escape it).

A failed poll stores `problem(url, error)` as the feed's last error: "couldn't reach news.example: no such host",
"no answer within 20 s", "HTTP 404 Not Found: no page at that address", "not a feed I can read", "the file is
over 5 MB, too big to be a feed". The fetch's own text ("ConnectError: All connection attempts failed",
"response is over the 5242880 byte cap") stays in the log. Rows stored before kept that raw
text; `shown_problem` puts the kinds it can recognise there in the same words, and shows the rest as it is.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from feeds.errors import (ConnectFailedError, FeedError, FetchTimeoutError, HostNotFoundError, HTTPStatusError,
                          ParseError, TooLargeError)

NOT_A_FEED = "not a feed I can read"
NOT_THERE = {404, 410}  # HTTP statuses that say there is no page at the address
# getaddrinfo's words for a name with no address, as the raw text of an older row may hold them
_NO_SUCH_HOST = re.compile(r"Name or service not known|No address associated with hostname|"
                           r"nodename nor servname provided|Errno -[25]\]")
_OLD_HTTP = re.compile(r"HTTP (\d{3})(?: ([^:]*))?")
_OLD_TIMEOUT = re.compile(r"timed out after (\d+(?:\.\d+)?) s")
_OLD_TOO_LARGE = re.compile(r"response is (?:\d+ bytes, )?over the (\d+) byte cap")
_OLD_NOT_A_FEED = re.compile(r"not an RSS or Atom feed|malformed feed with no usable items\b.*|document declares a DOCTYPE.*")


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def _http_status(status: int, reason: str) -> str:
    answer = f"HTTP {status} {reason}".strip()
    if status in NOT_THERE:
        return f"{answer}: no page at that address"
    if status >= 500:
        return f"{answer}: an error of the site's own; it may work again later"
    return f"{answer}: the site would not give me the page"


def over_the_cap(limit: int) -> str:
    """A response over the size cap of `limit` bytes, in the words an admin knows: "over 5 MB, too big to be a feed"."""
    return f"over {limit / 2**20:g} MB, too big to be a feed"


def problem(url: str, error: FeedError) -> str:
    """What went wrong with the feed at `url`, in a few plain words; the error's own text for kinds with none
    plainer (a blocked address)."""
    if isinstance(error, HostNotFoundError):
        return f"couldn't reach {_host(url)}: no such host"
    if isinstance(error, ConnectFailedError):
        why = "it refused the connection" if error.refused else "no connection could be made"
        return f"couldn't reach {_host(url)}: {why}"
    if isinstance(error, FetchTimeoutError):
        return f"no answer within {error.seconds:g} s"
    if isinstance(error, HTTPStatusError):
        return _http_status(error.status, error.reason)
    if isinstance(error, ParseError):
        return NOT_A_FEED
    if isinstance(error, TooLargeError):
        return f"the file is {over_the_cap(error.limit)}"
    return str(error)


def shown_problem(url: str, stored: str) -> str:
    """A feed's stored last error as it is shown: in plain words already, or the raw text of a row stored before
    errors were, put in them where its kind can be told ("HTTP 404 Not Found", "timed out after 20 s",
    "ConnectError: All connection attempts failed", "response is over the 5242880 byte cap")."""
    if (status := _OLD_HTTP.fullmatch(stored)) is not None:
        return _http_status(int(status.group(1)), status.group(2) or "")
    if (timeout := _OLD_TIMEOUT.fullmatch(stored)) is not None:
        return f"no answer within {float(timeout.group(1)):g} s"
    if _OLD_NOT_A_FEED.fullmatch(stored):
        return NOT_A_FEED
    if (cap := _OLD_TOO_LARGE.fullmatch(stored)) is not None:
        return f"the file is {over_the_cap(int(cap.group(1)))}"
    if stored.startswith(("cannot resolve ", "ConnectError: ")) and _NO_SUCH_HOST.search(stored):
        return f"couldn't reach {_host(url)}: no such host"
    if stored.startswith("ConnectError: "):
        return f"couldn't reach {_host(url)}: no connection could be made"
    return stored
