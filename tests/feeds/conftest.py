"""A local feed server (aiohttp on 127.0.0.1, port 0) serving the fixture feeds with real-web behaviours."""
from __future__ import annotations

import asyncio
import gzip
import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from aiohttp import web

from feeds.fetch import Fetcher
from storage import Database, open_database
from storage.db import _split_statements, bundled_migrations
from tests.conftest import FIXTURES

FEEDS = FIXTURES / "feeds"
PAGES = FIXTURES / "pages"  # web pages naming feeds in their heads, served as text/html
BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title><item><title>&lol3;</title></item></channel></rss>"""


@dataclass
class FeedServer:
    url: str
    files: dict[str, bytes] = field(default_factory=dict)  # served at /f/<name>; tests may edit them
    hits: dict[str, int] = field(default_factory=dict)
    user_agents: list[str] = field(default_factory=list)

    def feed(self, name: str) -> str:
        return f"{self.url}/f/{name}"

    def page(self, name: str) -> str:
        return f"{self.url}/page/{name}"


def _app(server: FeedServer) -> web.Application:
    def count(request: web.Request) -> None:
        server.hits[request.path] = server.hits.get(request.path, 0) + 1
        server.user_agents.append(request.headers.get("User-Agent", ""))

    async def feed(request: web.Request) -> web.Response:
        count(request)
        body = server.files.get(request.match_info["name"])
        if body is None:
            raise web.HTTPNotFound()
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(body=body, content_type="application/rss+xml", headers={"ETag": etag})

    async def page(request: web.Request) -> web.Response:
        count(request)
        path = PAGES / request.match_info["name"]
        if path.suffix != ".html" or not path.is_file():
            raise web.HTTPNotFound()
        return web.Response(body=path.read_bytes(), content_type="text/html", charset="utf-8")

    async def moved(request: web.Request) -> web.Response:
        count(request)
        raise web.HTTPMovedPermanently(f"/f/{request.match_info['name']}")

    async def flaky(request: web.Request) -> web.Response:
        count(request)
        if server.hits[request.path] == 1:
            return web.Response(status=500, text="upstream down")
        return await feed(request)

    async def slow(request: web.Request) -> web.Response:
        count(request)
        await asyncio.sleep(5)  # the server is slow; the client gives up after its short timeout
        return web.Response(text="late")

    async def big(request: web.Request) -> web.StreamResponse:
        count(request)
        response = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        await response.prepare(request)
        for _ in range(7):
            await response.write(b"<!-- " + b"x" * (1024 * 1024) + b" -->")
        return response

    async def gz(request: web.Request) -> web.Response:
        count(request)
        body = gzip.compress(server.files[request.match_info["name"]])
        return web.Response(body=body, headers={"Content-Encoding": "gzip", "Content-Type": "application/rss+xml"})

    async def bomb(request: web.Request) -> web.Response:
        count(request)
        return web.Response(body=BOMB, content_type="application/xml")

    app = web.Application()
    app.add_routes([
        web.get("/f/{name}", feed), web.get("/page/{name}", page), web.get("/moved/{name}", moved),
        web.get("/flaky/{name}", flaky),
        web.get("/slow", slow), web.get("/big", big), web.get("/gz/{name}", gz), web.get("/bomb", bomb),
    ])
    return app


@pytest.fixture
async def feed_server() -> AsyncIterator[FeedServer]:
    server = FeedServer(url="")
    server.files = {p.name: p.read_bytes() for p in FEEDS.iterdir() if p.suffix in {".xml", ".atom", ".rss"}}
    runner = web.AppRunner(_app(server), shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    server.url = f"http://127.0.0.1:{port}"
    yield server
    await runner.cleanup()


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    async with httpx.AsyncClient(trust_env=False) as client:
        yield Fetcher(client, allow_private=True, timeout=0.5)


@dataclass
class Publisher:
    """A news site on 127.0.0.1 that ignores conditional GET: feeds (editable by the test), an HTML page per article.

    `feed` is served at /feed.xml, each of `sections` at /section/<name>.xml (a publisher's section feeds
    carry many of the same items).
    """

    url: str = ""
    feed: bytes = b""
    sections: dict[str, bytes] = field(default_factory=dict)
    page_requests: list[str] = field(default_factory=list)
    down: set[str] = field(default_factory=set)  # pages answering 503 for now

    def local(self, feed: bytes) -> bytes:
        """A real feed file with its article links pointing at this site."""
        return feed.replace(b"https://www.bbc.co.uk/news/", f"{self.url}/news/".encode())


def _article_page(slug: str) -> str:
    """A page whose main text is much longer than any teaser, different for every article."""
    return f"""<html><head><title>{slug}</title><script>trackReader()</script></head><body>
<nav>Home | World | Sport</nav>
<article><h1>Full report {slug}</h1>
<p>Our correspondent sent this full report, filed as {slug}, after officials confirmed the first details.</p>
<p>Witnesses described the scene in {slug} to reporters, and emergency services said they were still at work.</p>
<p>Further updates on {slug} are expected later in the day, when ministers meet to discuss what happened.</p>
</article><footer>Subscribe to our newsletter</footer></body></html>"""


@pytest.fixture
async def publisher() -> AsyncIterator[Publisher]:
    site = Publisher()

    async def feed(request: web.Request) -> web.Response:
        return web.Response(body=site.feed, content_type="application/rss+xml")  # no validators: always 200

    async def page(request: web.Request) -> web.Response:
        site.page_requests.append(request.path)
        if request.path in site.down:
            return web.Response(status=503, text="try again later")
        return web.Response(content_type="text/html", text=_article_page(request.match_info["slug"]))

    async def section(request: web.Request) -> web.Response:
        body = site.sections.get(request.match_info["name"])
        if body is None:
            raise web.HTTPNotFound()
        return web.Response(body=body, content_type="application/rss+xml")

    app = web.Application()
    app.router.add_get("/feed.xml", feed)
    app.router.add_get("/section/{name}.xml", section)
    app.router.add_get("/news/{slug}", page)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    site.url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    yield site
    await runner.cleanup()


async def schema(db: Database) -> list[tuple[str, str]]:
    """Every table, index and trigger with the SQL that made it."""
    rows = await db.fetchall("select name, sql from sqlite_master where sql is not null order by name")
    return [(row["name"], row["sql"]) for row in rows]


async def undo_after_080(db: Database) -> None:
    """Undo the migrations after 080 that a test of an older schema's data does not look at (100's
    digest item layout, 120's held articles, 130's search index with word forms, 140's story headlines,
    150's digest parts in the outbox and digests' start, 160's push report time, 170's index of waiting digests,
    180's expiry of queued replies, 190's kept searches, 210's forum topic of a chat, 220's replaced drafts and
    waits for a breaking item, 230's channel title keys, 240's draft previews (its wait columns go with the
    table), 250's subscriptions removed by Unfollow all, 260's breaking news switch and typed headline length;
    265's closed-topic note; 280's quiet feeds, two columns and an index; 300's note of breaking news turned off by
    Unfollow all; 310's copies of another feed; 320's quiet checks; 330's "Nothing new" told; 350's moved groups;
    360's push sender names; 365's recipients previewed; 380's digest leftovers; 385's leftover pages shown; 090's
    feed_items change goes with the table)."""
    await db.execute("drop trigger story_headlines_delete")
    await db.execute("drop table story_headlines")
    await db.execute("drop table held_articles")
    await db.execute("drop table articles_fts")  # 130: the index as 001 made it, filled again
    await db.execute(_statement_of(1, "create virtual table articles_fts"))  # word for word: schemas are compared
    await db.execute("insert into articles_fts(articles_fts) values ('rebuild')")
    await db.execute("alter table digest_items drop column more_line")
    await db.execute("alter table digest_items drop column heading")
    await db.execute("alter table outbox drop column digest_part")
    await db.execute("alter table outbox drop column digest_id")
    await db.execute("alter table digests drop column covers_from")
    await db.execute("alter table broadcasts drop column reported_at")
    await db.execute("drop index outbox_digest_waiting")
    await db.execute("drop index outbox_expiring")
    await db.execute("alter table outbox drop column expires_at")
    await db.execute("drop table searches")
    await db.execute("alter table chats drop column topic_name")
    await db.execute("alter table chats drop column topic_id")
    await db.execute("alter table broadcasts drop column replaced_by")
    await db.execute("drop table breaking_waits")
    await db.execute("drop index chats_channels_by_title_key")
    await db.execute("alter table chats drop column title_key")
    await db.execute("alter table broadcasts drop column preview_message_id")
    await db.execute("alter table unfollowed drop column alerts_turned_off")  # 300
    await db.execute("drop table unfollowed")  # 250, its index with it
    await db.execute("drop index feed_items_by_feed_time")  # 280
    await db.execute("alter table feeds drop column quiet_since")
    await db.execute("alter table feeds drop column usual_per_day")
    await db.execute("alter table chats drop column breaking_alerts")
    await db.execute("alter table broadcasts drop column typed_headline_chars")
    await db.execute("alter table chats drop column topic_closed_told")  # 265
    await db.execute("alter table feeds drop column same_as")  # 310
    await db.execute("alter table feeds drop column quiet_checked_for")  # 320
    await db.execute("alter table feeds drop column quiet_due_at")
    await db.execute("alter table chats drop column nothing_new_told")  # 330
    await db.execute("drop table chat_moves")  # 350
    await db.execute("alter table broadcasts drop column admin_name")  # 360
    await db.execute("alter table broadcasts drop column previewed")  # 365
    await db.execute("drop table digest_leftovers")  # 380
    await db.execute("drop table digest_pages_shown")  # 385


def _statement_of(version: int, start: str) -> str:
    """The statement of a bundled migration that begins with `start`."""
    migration = next(m for m in bundled_migrations() if m.version == version)
    return next(s for s in _split_statements(migration.sql) if s.startswith(start))


async def schema_up_to(path: Path, version: int) -> list[tuple[str, str]]:
    """The schema the real migrations up to `version` make."""
    db = await open_database(path, [m for m in bundled_migrations() if m.version <= version])
    try:
        return await schema(db)
    finally:
        await db.close()
