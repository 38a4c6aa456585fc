"""Why a feed could not be read; the message is shown to admins in /feeds, so it is plain and short.

    FeedError
    ├── FetchError              network failure, timeout or an HTTP error status
    │   ├── HostNotFoundError   the host name resolves to nothing
    │   ├── ConnectFailedError  no connection to the host (refused, unreachable, no TLS there)
    │   ├── FetchTimeoutError   no answer in time
    │   ├── HTTPStatusError     an answer other than the page (404, 503 …)
    │   └── TooLargeError
    ├── BlockedURLError
    └── ParseError
        └── NoFeedNamedError    a web page, naming no feed in its head

The subclasses let a reply say in plain words what went wrong (handlers.feed_problems); str(e) keeps the detail.
"""
from __future__ import annotations


class FeedError(Exception):
    """A feed could not be fetched or parsed; str(e) is the reason shown to admins."""


class FetchError(FeedError):
    """Network failure, timeout or an HTTP error status."""


class HostNotFoundError(FetchError):
    """The host name resolves to no address: a typo, or a site that is gone."""


class ConnectFailedError(FetchError):
    """No connection could be made to the host; `refused` when it actively refused one (nothing listens there)."""

    def __init__(self, message: str, *, refused: bool) -> None:
        super().__init__(message)
        self.refused = refused


class FetchTimeoutError(FetchError):
    """The host did not answer within `seconds`."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"timed out after {seconds:g} s")
        self.seconds = seconds


class HTTPStatusError(FetchError):
    """The host answered with an error status instead of the page."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(f"HTTP {status} {reason}".strip())
        self.status, self.reason = status, reason


class TooLargeError(FetchError):
    """The response exceeded the size cap of `limit` bytes; the download was aborted."""

    def __init__(self, message: str, *, limit: int) -> None:
        super().__init__(message)
        self.limit = limit


class BlockedURLError(FeedError):
    """Not http(s), or a private/loopback host while those are not allowed."""


class ParseError(FeedError):
    """The body is not a usable feed (malformed with no entries, or a DOCTYPE/ENTITY declaration)."""


class NoFeedNamedError(ParseError):
    """The address is a web page, not a feed, and the page names no RSS or Atom feed (feeds.discovery)."""
