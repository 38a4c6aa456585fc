"""Feeds that carry the same items: each feed remembers what it delivered, whichever feed stored the article.

A publisher's section feeds ("top stories", "world") carry the same items under the same URL, and wire
copies repeat across outlets under their own URLs. An item another feed already stored is a duplicate the
first time; after that its own feed skips it too, before the page fetch and processing.
"""
from __future__ import annotations

import re
from pathlib import Path

from clock import ManualClock
from feeds.fetch import Fetcher
from feeds.poller import PollReport, poll_due_feeds
from settings import Settings
from storage import Database, open_database
from storage.db import bundled_migrations
from storage import feeds as feed_store
from tests.feeds.conftest import FEEDS, Publisher, schema, schema_up_to, undo_after_080

SETTINGS = Settings(_env_file=None)
FULL_TEXT = SETTINGS.model_copy(update={"fetch_full_text": True})
_ITEM = re.compile(rb"\s*<item>.*?</item>", re.DOTALL)
NEWEST_PAGE = "/news/uk-politics-43532916"  # the first item of photojournalism__bbc.xml


def _sections(publisher: Publisher) -> tuple[bytes, bytes, bytes]:
    """BBC feeds as a publisher's sections: top stories (15 items), world (8 of the same), world with one new item."""
    full = publisher.local((FEEDS / "photojournalism__bbc.xml").read_bytes())
    items = [m.group() for m in _ITEM.finditer(full)]
    assert len(items) == 16
    head, tail = full[:full.index(items[0])], full[full.index(items[-1]) + len(items[-1]):]
    top = head + b"".join(items[1:]) + tail
    world = head + b"".join(items[1:9]) + tail
    world_with_new = head + b"".join(items[:9]) + tail
    return top, world, world_with_new


def _pages(feed: bytes) -> list[str]:
    """The article pages a feed's items link to."""
    return [m.decode() for m in re.findall(rb"<guid[^>]*>http://127\.0\.0\.1:\d+(/news/[^<]+)</guid>", feed)]


async def _poll(db: Database, fetcher: Fetcher, clock: ManualClock, settings: Settings) -> PollReport:
    report = await poll_due_feeds(db, fetcher, clock.now(), settings)
    assert report.failed == 0
    return report


async def _poll_both_again(db: Database, fetcher: Fetcher, clock: ManualClock, settings: Settings) -> PollReport:
    clock.advance(hours=1)  # past every feed's interval: both are due
    report = await _poll(db, fetcher, clock, settings)
    assert report.succeeded == 2
    return report


async def _add_sections(db: Database, fetcher: Fetcher, publisher: Publisher, clock: ManualClock) -> tuple[int, int]:
    """Top stories polled first (it stores the articles), then world (its items are duplicates)."""
    top, world, _ = _sections(publisher)
    publisher.sections = {"top": top, "world": world}
    top_feed = await feed_store.add_feed(db, f"{publisher.url}/section/top.xml", "BBC", None, None, clock.now())
    assert (await _poll(db, fetcher, clock, FULL_TEXT)).added == 15
    world_feed = await feed_store.add_feed(db, f"{publisher.url}/section/world.xml", "BBC World", None, None,
                                           clock.now())
    first = await _poll(db, fetcher, clock, FULL_TEXT)
    assert (first.succeeded, first.added, first.duplicates) == (1, 0, 8)
    return top_feed.id, world_feed.id


async def test_a_section_feed_that_gains_one_item_fetches_and_processes_only_that_item(
    db: Database, fetcher: Fetcher, publisher: Publisher, clock: ManualClock
) -> None:
    await _add_sections(db, fetcher, publisher, clock)
    articles = (await db.fetchone("select count(*) from articles"))[0]
    publisher.sections["world"] = _sections(publisher)[2]
    publisher.page_requests.clear()

    report = await _poll_both_again(db, fetcher, clock, FULL_TEXT)

    assert publisher.page_requests == [NEWEST_PAGE]
    assert (report.added, report.updated, report.duplicates, report.rejected, report.unchanged) == (1, 0, 0, 0, 23)
    assert (await db.fetchone("select count(*) from articles"))[0] == articles + 1


async def test_a_wire_copy_under_another_url_is_skipped_on_its_feeds_next_change(
    db: Database, fetcher: Fetcher, publisher: Publisher, clock: ManualClock
) -> None:
    wire = (FEEDS / "morocco.xml").read_bytes()
    publisher.sections = {"wire": wire}
    await feed_store.add_feed(db, f"{publisher.url}/section/wire.xml", "Wire", None, None, clock.now())
    assert (await _poll(db, fetcher, clock, SETTINGS)).added == 3
    abc = "https://abcnews.go.com/International/live-updates/morocco-earthquake/?id=103047032"
    copy_url = f"{publisher.url}/news/morocco-quake-wire-copy".encode()
    copy = _ITEM.search(wire).group().replace(abc.encode(), copy_url)  # same title and text, the outlet's own URL
    assert copy_url in copy
    outlet = wire[:wire.index(b"<item>")] + copy.lstrip() + b"\n </channel>\n</rss>\n"
    publisher.sections["outlet"] = outlet
    await feed_store.add_feed(db, f"{publisher.url}/section/outlet.xml", "Outlet", None, None, clock.now())
    first = await _poll(db, fetcher, clock, SETTINGS)
    assert (first.succeeded, first.added, first.duplicates) == (1, 0, 1)  # the same cleaned text: a duplicate

    publisher.sections["outlet"] = outlet.replace(b"<item>", b"""<item>
   <title>Rescue teams reach cut-off villages in the Atlas mountains</title>
   <link>""" + publisher.url.encode() + b"""/news/atlas-rescue</link>
   <description>Rescue teams reached villages in the High Atlas that had been cut off since the earthquake,
   bringing tents, water and medical supplies, as aftershocks continued to shake the region on Monday.</description>
  </item>
  <item>""", 1)
    report = await _poll_both_again(db, fetcher, clock, SETTINGS)

    assert (report.added, report.updated, report.duplicates, report.rejected, report.unchanged) == (1, 0, 0, 0, 4)


async def test_removing_a_feed_forgets_what_it_delivered_and_keeps_the_articles(
    db: Database, fetcher: Fetcher, publisher: Publisher, clock: ManualClock
) -> None:
    top_id, world_id = await _add_sections(db, fetcher, publisher, clock)
    articles = (await db.fetchone("select count(*) from articles"))[0]

    assert await feed_store.remove_feed(db, world_id)

    remembered = await db.fetchall("select feed_id, count(*) as n from feed_items group by feed_id")
    assert [(row["feed_id"], row["n"]) for row in remembered] == [(top_id, 15)]
    assert (await db.fetchone("select count(*) from articles"))[0] == articles


async def _as_before_080(path: Path) -> None:
    """Turn a database file back into what schema 060 and the code of its time left.

    That code kept on each feed article the hash of the item its own feed delivered; a feed whose item
    turned out a duplicate of another feed's article kept nothing.
    """
    db = await open_database(path)
    await db.execute("alter table articles add column feed_item_hash text")
    await db.execute("create index articles_by_feed_item on articles(feed_id, feed_item_hash) "
                     "where feed_item_hash is not null")
    await db.execute("""update articles
                        set feed_item_hash = (select item_hash from feed_items f
                                              where f.feed_id = articles.feed_id and f.article_id = articles.id)""")
    await undo_after_080(db)
    await db.execute("drop table feed_items")
    await db.execute("delete from schema_version where version >= 80")
    await db.close()


async def test_a_database_from_before_080_keeps_its_skips_and_reprocesses_each_item_at_most_once(
    tmp_path: Path, fetcher: Fetcher, publisher: Publisher, clock: ManualClock
) -> None:
    path = tmp_path / "old.db"
    db = await open_database(path)
    await _add_sections(db, fetcher, publisher, clock)
    await db.close()
    await _as_before_080(path)
    db = await open_database(path, [m for m in bundled_migrations() if m.version <= 60])
    assert await schema(db) == await schema_up_to(tmp_path / "060.db", 60)
    await db.close()

    db = await open_database(path)  # migrates to 080
    try:
        publisher.sections["world"] = _sections(publisher)[2]
        publisher.page_requests.clear()
        once = await _poll_both_again(db, fetcher, clock, FULL_TEXT)
        # Top stories' knowledge survived; world knew nothing under 060, so its 8 items are processed once more.
        assert (once.added, once.updated, once.duplicates, once.unchanged) == (1, 0, 8, 15)
        assert sorted(publisher.page_requests) == sorted(_pages(publisher.sections["world"]))  # each once

        publisher.page_requests.clear()
        then = await _poll_both_again(db, fetcher, clock, FULL_TEXT)
        assert (then.added, then.updated, then.duplicates, then.unchanged) == (0, 0, 0, 24)
        assert publisher.page_requests == []
    finally:
        await db.close()
