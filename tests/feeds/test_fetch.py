"""Fetching against a real local HTTP server: validators, redirects, gzip, caps, timeouts, URL policy."""
from __future__ import annotations

import httpx
import pytest

from feeds.errors import BlockedURLError, FetchError, TooLargeError
from feeds.fetch import USER_AGENT, Fetcher
from tests.feeds.conftest import FeedServer


async def test_etag_round_trip_gives_304_with_empty_body(feed_server: FeedServer, fetcher: Fetcher) -> None:
    first = await fetcher.fetch(feed_server.feed("photojournalism__bbc.xml"))
    assert first.status == 200 and first.body.startswith(b"<?xml") and first.etag
    again = await fetcher.fetch(feed_server.feed("photojournalism__bbc.xml"), etag=first.etag)
    assert again.status == 304 and again.body == b""
    assert feed_server.user_agents[0] == USER_AGENT


async def test_permanent_redirect_reports_the_new_url(feed_server: FeedServer, fetcher: Fetcher) -> None:
    result = await fetcher.fetch(f"{feed_server.url}/moved/morocco.xml")
    assert result.status == 200 and b"Morocco" in result.body
    assert result.moved_to == feed_server.feed("morocco.xml")


async def test_gzip_body_arrives_decoded(feed_server: FeedServer, fetcher: Fetcher) -> None:
    result = await fetcher.fetch(f"{feed_server.url}/gz/morocco.xml")
    assert result.body == feed_server.files["morocco.xml"]


async def test_oversized_response_is_aborted(feed_server: FeedServer, fetcher: Fetcher) -> None:
    with pytest.raises(TooLargeError, match="cap"):
        await fetcher.fetch(f"{feed_server.url}/big")


async def test_slow_server_times_out(feed_server: FeedServer, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match="timed out"):
        await fetcher.fetch(f"{feed_server.url}/slow")


async def test_server_error_is_a_fetch_error(feed_server: FeedServer, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match="HTTP 500"):
        await fetcher.fetch(f"{feed_server.url}/flaky/morocco.xml")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/feed", "http://127.0.0.1/feed",
                                 "http://localhost/feed", "http://10.0.0.8/feed", "http://[::1]/feed"])
async def test_non_http_and_private_hosts_are_refused_by_default(url: str) -> None:
    async with httpx.AsyncClient(trust_env=False) as client:
        with pytest.raises(BlockedURLError):
            await Fetcher(client).fetch(url)


@pytest.mark.parametrize("url", ["http://" + "a" * 3000 + ".com/feed", "http://news.example:99999/feed",
                                 "http://news.example:port/feed"])
@pytest.mark.parametrize("allow_private", [False, True])
async def test_a_malformed_url_is_a_feed_error_not_a_crash(url: str, allow_private: bool) -> None:
    """Refused before any lookup: no DNS query, no connection (an admin's /addfeed or /breaking gets the reason)."""
    async with httpx.AsyncClient(trust_env=False) as client:
        with pytest.raises(BlockedURLError):
            await Fetcher(client, allow_private=allow_private).fetch(url)
