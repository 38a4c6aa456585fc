"""What an admin is told when a feed they add can't be read: what happened, in plain words, and what to do.

The resolver's or the HTTP library's own text ("Name or service not known", "All connection attempts failed")
stays in the log; a reply says "no such host", "it refused the connection".
"""
from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from feeds.errors import (ConnectFailedError, FeedError, FetchTimeoutError, HostNotFoundError, HTTPStatusError,
                          NoFeedNamedError, ParseError, TooLargeError)
from feeds.problems import NOT_THERE, over_the_cap, problem

CHECK = "Check the address."
_SCHEME = re.compile(r"[a-z][a-z0-9+-]*:(?!\d)", re.IGNORECASE)  # "https:", "ftp:", "javascript:", not "host:8080"


def with_scheme(url: str) -> tuple[str, bool]:
    """The address with https:// put before it when it has no scheme ("example.com/rss", "//example.com/rss",
    "localhost:8080/rss"), and whether it was; an address with another scheme (ftp:, file:, javascript:) is kept,
    to be refused as it is."""
    if _SCHEME.match(url):
        return url, False
    return "https://" + url.lstrip("/"), True


def feed_problem(url: str, error: FeedError, *, scheme_added: bool = False) -> str | None:
    """What went wrong and what to do, as a sentence or two (HTML): "I couldn't reach example.invalid: no such
    host. Check the address."; None for an error with no plainer words than its own (a blocked address).
    `scheme_added`: https:// was put before the address, which may be why."""
    host = html.escape(urlsplit(url).hostname or url)
    if isinstance(error, HostNotFoundError):
        return f"I {html.escape(problem(url, error))}. {CHECK}"
    if isinstance(error, ConnectFailedError | FetchTimeoutError):
        advice = (" If the site has no https, add it with http:// before the address." if scheme_added
                  else "" if isinstance(error, ConnectFailedError) else " The site may be down or slow.")
        if isinstance(error, ConnectFailedError):  # "couldn't reach news.example: it refused the connection"
            return f"I {html.escape(problem(url, error))}.{advice}"
        return f"I couldn't reach {host}: {html.escape(problem(url, error))}.{advice}"
    if isinstance(error, HTTPStatusError):
        answer = f"HTTP {error.status} {html.escape(error.reason)}".strip()
        if error.status in NOT_THERE:
            return f"{host} has no page at that address ({answer}). {CHECK}"
        if error.status >= 500:
            return f"{host} answered with an error of its own ({answer}); it may work again later."
        return f"{host} would not give me that page ({answer})."
    if isinstance(error, NoFeedNamedError):
        return (f"what {host} has at that address is a web page, not a feed, and the page names no feed of its "
                "site. Look on the site for its RSS link.")
    if isinstance(error, ParseError):
        return f"what {host} has at that address is no feed I can read (a broken feed, say, or a file of another kind). {CHECK}"
    if isinstance(error, TooLargeError):
        return f"what {host} has at that address is {over_the_cap(error.limit)}. {CHECK}"
    return None
