"""What an admin's breaking item becomes: the headline they typed, a page's own headline, and plain answers when
an item is one line or a link cannot be fetched."""
from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from clock import ManualClock
from sandbox.client import SandboxClient
from tests.conftest import ADMIN_ID, BotFactory, RunningBot
from tests.handlers.test_breaking import setup
from tests.handlers.test_subscribe import ask

STORY = "A storm hit Rabat in Morocco on Thursday, uprooting trees and flooding streets near the old medina."


async def preview_of(client: SandboxClient, text: str) -> tuple[dict, dict]:
    """The preview and controls /breaking `text` gets."""
    before = len(await client.bot_messages(ADMIN_ID))
    await client.send_message(ADMIN_ID, f"/breaking {text}", user_id=ADMIN_ID)
    preview, control = (await client.wait_for_bot_messages(ADMIN_ID, before + 2))[before:]
    return preview, control


def headline(preview: dict) -> str:
    assert preview["text"].startswith("🚨 Breaking\n\n")
    return str(preview["text"].split("\n")[2])


@pytest.mark.parametrize("typed", ["Forum storm news", "Storm Watch Today", "Storm Watch News", "Markets rally today"])
async def test_the_headline_an_admin_types_is_the_pushs_headline(
    typed: str, bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    preview, control = await preview_of(sandbox_client, f"{typed}\n{STORY}")
    assert headline(preview) == typed
    assert "Preview of breaking push #1" in control["text"]


@pytest.mark.parametrize("typed", [
    pytest.param("Earthquake of magnitude 6.2 strikes off Japan coast", id="plain"),
    pytest.param("BREAKING: Earthquake of magnitude 6.2 strikes off Japan coast", id="labelled"),
    pytest.param("Breaking news — Earthquake of magnitude 6.2 strikes off Japan coast", id="labelled-with-a-dash"),
])
async def test_a_one_line_flash_is_drafted_as_a_headline_alone(
    typed: str, bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    """The push already says 🚨 Breaking: a "BREAKING:" label before the headline would say it twice."""
    await setup(bot, sandbox_client, clock)
    preview, control = await preview_of(sandbox_client, typed)
    assert preview["text"] == "🚨 Breaking\n\nEarthquake of magnitude 6.2 strikes off Japan coast"
    assert "\nAudience: 🇯🇵 Japan, 🌋 Disasters & emergencies\n" in control["text"], control["text"]


@pytest.mark.parametrize(
    "item",
    [
        pytest.param("Big news", id="two-words"),
        pytest.param("BREAKING: Japan quake", id="a-label-and-two-words"),
        pytest.param(" ".join([STORY] * 5), id="a-long-story-in-one-line"),
    ],
)
async def test_a_one_line_item_too_short_or_long_for_a_headline_is_refused_with_how_to_give_one(
    item: str, bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    assert len(item) < 30 or len(item) > 450
    reply = await ask(sandbox_client, f"/breaking {item}", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert reply["text"].startswith("A breaking item needs a headline: a one-line flash of 3 words or more (up to "
                                    "200 characters), or the headline on the first line and the story below it")
    assert "<code>Earthquake shakes Morocco's Atlas region\nA strong earthquake" in reply["html"]
    assert (await bot.db.fetchone("select count(*) from broadcasts"))[0] == 0


@pytest.fixture
async def pages() -> AsyncIterator[str]:
    """A local site: /og (og:title, and a <title> with the site's name), /named (og:site_name, and a <title> with
    it), /feed.xml (an RSS feed), anything else 404."""
    async def og(request: web.Request) -> web.Response:
        return web.Response(content_type="text/html", text=(
            '<html><head><title>Flooding in Derna &amp; beyond | Libya Review</title>'
            '<meta property="og:title" content="Flooding in Derna &amp; beyond">'
            '<meta name="twitter:title" content="Derna floods"></head>'
            "<body><p>Floods swept through Derna in eastern Libya on Monday after two dams burst, officials said.</p>"
            "</body></html>"))

    async def named(request: web.Request) -> web.Response:
        return web.Response(content_type="text/html", text=(
            '<html><head><title>Flood toll rises in Derna | Libya Review</title>'
            '<meta property="og:site_name" content="The Libya Review"></head>'
            "<body><p>The toll of the floods in Derna in eastern Libya rose again on Tuesday, officials said.</p>"
            "</body></html>"))

    async def feed(request: web.Request) -> web.Response:
        return web.Response(content_type="application/rss+xml", text=(
            '<?xml version="1.0" encoding="UTF-8"?>\n<!-- a newsroom feed -->\n<rss version="2.0"><channel>'
            "<title>Libya Review</title><link>http://libya.example/</link>"
            "<item><title>Flood toll rises in Derna</title><link>http://libya.example/derna</link>"
            "<description>The toll of the floods in Derna in eastern Libya rose again on Tuesday.</description></item>"
            "</channel></rss>"))

    app = web.Application()
    app.router.add_get("/og", og)
    app.router.add_get("/named", named)
    app.router.add_get("/feed.xml", feed)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


async def test_a_linked_page_gives_its_headline_without_the_sites_name(
    start_bot: BotFactory, pages: str, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    bot = await start_bot(allow_private_feed_hosts=True)
    await setup(bot, sandbox_client, clock)
    preview, _ = await preview_of(sandbox_client, f"{pages}/og")
    assert headline(preview) == "Flooding in Derna & beyond"
    preview, _ = await preview_of(sandbox_client, f"{pages}/named")
    assert headline(preview) == "Flood toll rises in Derna"
    assert preview["text"].splitlines()[-1] == "The Libya Review"  # the site, as the item's source


async def test_a_link_that_cannot_be_fetched_gets_a_plain_answer(
    start_bot: BotFactory, pages: str, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    bot = await start_bot(allow_private_feed_hosts=True)
    await setup(bot, sandbox_client, clock)
    reply = await ask(sandbox_client, f"/breaking {pages}/gone", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert reply["text"] == ("I couldn't get that page from 127.0.0.1 (HTTP 404 Not Found): check the link, or send "
                             "the headline and text instead.")

    with socket.socket() as unused:  # a port nothing listens on once closed
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    reply = await ask(sandbox_client, f"/breaking http://127.0.0.1:{port}/news/1", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert reply["text"] == "I couldn't reach 127.0.0.1: check the link, or send the headline and text instead."
    assert (await bot.db.fetchone("select count(*) from broadcasts"))[0] == 0


async def test_a_feeds_address_is_no_item_and_the_answer_points_to_addfeed(
    start_bot: BotFactory, pages: str, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    bot = await start_bot(allow_private_feed_hosts=True)
    await setup(bot, sandbox_client, clock)
    reply = await ask(sandbox_client, f"/breaking {pages}/feed.xml", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert reply["text"] == (f"That's a feed, not an article — /addfeed it? /addfeed {pages}/feed.xml takes its stories "
                             "into the digests; to push one of them, send /breaking with that story's link.")
    assert f"<code>/addfeed {pages}/feed.xml</code>" in reply["html"]
    assert (await bot.db.fetchone("select count(*) from broadcasts"))[0] == 0
    assert (await bot.db.fetchone("select count(*) from articles where title like '%Derna%'"))[0] == 0
