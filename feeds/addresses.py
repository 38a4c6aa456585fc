"""When two feed addresses are the same feed, as an admin may type it twice: the duplicate check of /addfeed.

A site serves the same feed over http and https, with or without a trailing slash, whatever the case of its
host name or a default port typed out; a fragment is never sent. The path's case and the query stay: they can
change what a server returns (news.urls keeps them for the same reason).
"""
from __future__ import annotations

from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


def address_key(url: str) -> str:
    """The feed at `url` as the duplicate check compares it: "news.example/rss?x=1" for "HTTPS://News.Example:443/rss/?x=1"."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:  # a port that is no number: compared as typed
        return url.strip()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return url.strip()
    shown_port = f":{port}" if port is not None and port != DEFAULT_PORTS[scheme] else ""
    query = f"?{parts.query}" if parts.query else ""
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname  # an IPv6 address keeps its brackets
    return f"{host}{shown_port}{parts.path.rstrip('/')}{query}"
