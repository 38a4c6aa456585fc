"""Canonical article URLs, so that the same page shared with tracking parameters is stored once.

Canonicalisation keeps everything that can change which page a server returns (path case, the
remaining query parameters, "www.") and drops what cannot: scheme and host case, default ports,
the fragment, tracking parameters, query order and a trailing slash on a non-root path.
"""
from __future__ import annotations

import functools
import ipaddress
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from news.errors import InvalidURLError

_DEFAULT_PORTS = {"http": 80, "https": 443}
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+\.?")
# Parameters that identify a campaign or a click, never the page. Compared lower-cased.
_TRACKING = frozenset(
    """fbclid gclid dclid gbraid wbraid msclkid yclid twclid igshid mc_cid mc_eid _ga _gl _hsenc _hsmi
    mkt_tok oly_anon_id oly_enc_id vero_id vero_conv s_cid cmpid cmp ocid wt.mc_id wt_mc_id at_medium
    at_campaign at_custom1 at_custom2 at_custom3 at_custom4 sr_share ito smid""".split()
)


def is_http_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host."""
    try:
        parts = urlsplit(url.strip())
        return parts.scheme.lower() in _DEFAULT_PORTS and bool(parts.hostname)
    except ValueError:  # e.g. an invalid IPv6 literal or port
        return False


@functools.lru_cache(maxsize=65_536)
def is_linkable_url(url: str) -> bool:
    """True for a URL a message may link a headline to: http(s), a host that is an IP address or a name of two labels
    or more, no space or control character. Telegram drops a link it cannot open, and a strict Bot API refuses the
    whole message: a digest of ten stories must not fail on one feed's "http://intranet/a b".

    Remembered: a digest tick renders the same few thousand stories for every chat."""
    if " " in url or not url.isprintable() or not is_http_url(url):  # isprintable: no other space, no control
        return False
    host = urlsplit(url).hostname or ""
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return bool(_DOMAIN.fullmatch(host))


def canonical_url(url: str) -> str:
    """The canonical form of an http(s) URL; raises InvalidURLError for anything else."""
    if not is_http_url(url):
        raise InvalidURLError(f"not an absolute http(s) URL: {url!r}")
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"  # IPv6 literal
    try:
        port = parts.port
    except ValueError as e:
        raise InvalidURLError(f"bad port in URL: {url!r}") from e
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{netloc}"
    path = parts.path or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(key)
    ]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return key.startswith("utm_") or key in _TRACKING
