"""Fetch a feed politely and defensively: conditional GET, redirects checked hop by hop, size cap.

Every hop of a redirect is checked against the URL policy, so a public feed cannot redirect us to
an internal address. Redirects are followed here rather than by httpx so a permanent one can be
reported (the stored URL is then updated).
"""
from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from feeds.errors import (BlockedURLError, ConnectFailedError, FetchError, FetchTimeoutError, HostNotFoundError,
                          HTTPStatusError, TooLargeError)

USER_AGENT = "newsdigest-feedbot/1.0 (+https://github.com/newsdigest; polls at most every 5 minutes)"
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
PER_HOST = 2
PERMANENT = {301, 308}
REDIRECTS = {301, 302, 303, 307, 308}
ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"


@dataclass(frozen=True)
class FetchResult:
    status: int  # 200, or 304 when the conditional GET says unchanged
    body: bytes
    url: str  # where the body finally came from
    moved_to: str | None  # set when every redirect on the way was permanent: the URL to store
    etag: str | None
    last_modified: str | None
    max_age: int | None  # from Cache-Control, seconds
    content_type: str


MAX_HOST_NAME = 253  # DNS's limit
# getaddrinfo's answers that the name has no address (rather than that the lookup failed for now)
_NO_SUCH_HOST = {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)}


async def check_url(url: str, *, allow_private: bool) -> None:
    """Refuse non-http(s) URLs and (unless allowed) hosts that resolve to non-public addresses."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BlockedURLError(f"only http(s) URLs can be feeds: {url[:80]}")
    try:
        port = parts.port
    except ValueError as e:  # "Port out of range", "Port could not be cast to integer value"
        raise BlockedURLError(f"not a valid URL ({e}): {url[:80]}") from e
    if len(parts.hostname) > MAX_HOST_NAME:
        raise BlockedURLError(f"the host name is over {MAX_HOST_NAME} characters: {parts.hostname[:40]}…")
    if allow_private:
        return
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(parts.hostname, port or 80, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:  # UnicodeError: a label IDNA cannot encode (over 63 characters)
        message = f"cannot resolve {parts.hostname[:80]}: {getattr(e, 'strerror', None) or e}"
        if isinstance(e, socket.gaierror) and e.errno not in _NO_SUCH_HOST:  # no DNS answer just now, say
            raise FetchError(message) from e
        raise HostNotFoundError(message) from e
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise BlockedURLError(f"{parts.hostname} is a private or local address ({address})")


def _max_age(cache_control: str | None) -> int | None:
    match = re.search(r"max-age\s*=\s*(\d+)", cache_control or "")
    return int(match.group(1)) if match else None


class Fetcher:
    """One httpx client plus a concurrency limit per host; share it across polls."""

    def __init__(self, client: httpx.AsyncClient, *, allow_private: bool = False, timeout: float = 20.0,
                 max_bytes: int = MAX_BYTES, per_host: int = PER_HOST) -> None:
        self.client = client
        self.allow_private = allow_private
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._hosts: defaultdict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(per_host))

    async def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                    read_body: bool = True) -> FetchResult:
        """The feed at `url`, redirects followed hop by hop; with `read_body` False, only where it is (the body is
        left unread and empty: feeds.redirects wants no more)."""
        headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        all_permanent = True
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            await check_url(current, allow_private=self.allow_private)
            host = urlsplit(current).netloc.lower()
            async with self._hosts[host]:
                result = await self._get(current, headers, read_body)
            if isinstance(result, FetchResult):
                moved = current if all_permanent and current != url else None
                return FetchResult(result.status, result.body, current, moved, result.etag,
                                   result.last_modified, result.max_age, result.content_type)
            status, location = result
            all_permanent = all_permanent and status in PERMANENT
            current = urljoin(current, location)
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    async def _get(self, url: str, headers: dict[str, str], read_body: bool) -> FetchResult | tuple[int, str]:
        """One request: a result, or (status, location) for a redirect."""
        try:
            async with self.client.stream("GET", url, headers=headers, timeout=self.timeout,
                                          follow_redirects=False) as response:
                if response.status_code in REDIRECTS:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(f"HTTP {response.status_code} without a Location")
                    return response.status_code, location
                if response.status_code == 304 or response.status_code == 200 and not read_body:
                    body = b""
                elif response.status_code != 200:
                    raise HTTPStatusError(response.status_code, response.reason_phrase)
                else:
                    body = await self._read_capped(response)
                return FetchResult(
                    response.status_code, body, url, None, response.headers.get("etag"),
                    response.headers.get("last-modified"), _max_age(response.headers.get("cache-control")),
                    response.headers.get("content-type", ""),
                )
        except httpx.TimeoutException as e:
            raise FetchTimeoutError(self.timeout) from e
        except httpx.ConnectError as e:
            raise _connect_failed(e) from e
        except httpx.HTTPError as e:
            raise FetchError(f"{type(e).__name__}: {e}"[:200]) from e

    async def _read_capped(self, response: httpx.Response) -> bytes:
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise TooLargeError(f"response is {int(declared)} bytes, over the {self.max_bytes} byte cap",
                                limit=self.max_bytes)
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise TooLargeError(f"response is over the {self.max_bytes} byte cap", limit=self.max_bytes)
            chunks.append(chunk)
        return b"".join(chunks)


def _connect_failed(error: httpx.ConnectError) -> FetchError:
    """What kept the connection from being made, from the errors under httpx's (the host's name not found
    when private hosts are allowed and check_url looked nothing up; refused; or another reason)."""
    causes = []
    cause: BaseException | None = error
    while cause is not None and len(causes) < 10:
        causes.append(cause)
        cause = cause.__cause__ or cause.__context__
    message = f"{type(error).__name__}: {error}"[:200]
    if any(isinstance(c, socket.gaierror) and c.errno in _NO_SUCH_HOST for c in causes):
        return HostNotFoundError(message)
    return ConnectFailedError(message, refused=any(isinstance(c, ConnectionRefusedError) for c in causes))


def new_client() -> httpx.AsyncClient:
    """The shared client: pooled connections, our User-Agent, no environment proxies."""
    return httpx.AsyncClient(headers={"User-Agent": USER_AGENT}, trust_env=False,
                             limits=httpx.Limits(max_connections=50, max_keepalive_connections=20))
