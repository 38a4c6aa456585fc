"""Teaser-only feeds: with FETCH_FULL_TEXT the page's main text is stored; without it, the teaser."""
from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from clock import ManualClock
from feeds.fetch import Fetcher
from feeds.poller import poll_due_feeds
from settings import Settings
from storage import Database
from storage import feeds as feed_store

PAGE = """<html><head><title>Dam collapse</title><script>trackReader()</script></head><body>
<nav>Home | World | Sport</nav>
<article><h1>Derna floods: thousands missing after dams burst</h1>
<p>Two dams above the Libyan city of Derna burst during Storm Daniel, sweeping whole districts into the sea.</p>
<p>Rescue teams from Egypt, Turkey and the United Arab Emirates have arrived, officials in eastern Libya said on Tuesday.</p>
<p>The Red Crescent said about 10,000 people were missing and the death toll was expected to rise sharply.</p>
</article><footer>Subscribe to our newsletter</footer></body></html>"""


@pytest.fixture
async def site() -> AsyncIterator[str]:
    app = web.Application()

    async def feed(request: web.Request) -> web.Response:
        base = f"http://{request.host}"
        return web.Response(content_type="application/rss+xml", text=f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Teasers</title><link>{base}/</link><description>t</description>
<item><title>Derna floods: thousands missing</title><link>{base}/derna</link><guid>derna-1</guid>
<description>Dams burst in Derna. Read more…</description></item></channel></rss>""")

    async def page(request: web.Request) -> web.Response:
        return web.Response(content_type="text/html", text=PAGE)

    app.router.add_get("/feed.xml", feed)
    app.router.add_get("/derna", page)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    await runner.cleanup()


@pytest.mark.parametrize("full_text", [pytest.param(True, id="fetch-page"), pytest.param(False, id="teaser-only")])
async def test_teaser_items(db: Database, clock: ManualClock, fetcher: Fetcher, settings: Settings, site: str, full_text: bool) -> None:
    await feed_store.add_feed(db, f"{site}/feed.xml", "Teasers", None, None, clock.now())
    await poll_due_feeds(db, fetcher, clock.now(), settings.model_copy(update={"fetch_full_text": full_text}))
    row = await db.fetchone("select body from articles")
    assert row is not None
    if full_text:
        assert "Red Crescent said about 10,000 people were missing" in row[0]
        assert "trackReader" not in row[0] and "newsletter" not in row[0]
    else:
        assert "Red Crescent" not in row[0] and "Dams burst in Derna" in row[0]
