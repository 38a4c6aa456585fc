"""Why a feed could not be read; the message is shown to admins in /feeds, so it is plain and short."""
from __future__ import annotations


class FeedError(Exception):
    """A feed could not be fetched or parsed; str(e) is the reason shown to admins."""


class FetchError(FeedError):
    """Network failure, timeout or an HTTP error status."""


class TooLargeError(FetchError):
    """The response exceeded the size cap; the download was aborted."""


class BlockedURLError(FeedError):
    """Not http(s), or a private/loopback host while those are not allowed."""


class ParseError(FeedError):
    """The body is not a usable feed (malformed with no entries, or a DOCTYPE/ENTITY declaration)."""
