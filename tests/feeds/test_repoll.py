"""Re-polling a changed feed: only new and edited items are fetched, processed and stored again.

The publisher here ignores conditional GET (no ETag, no Last-Modified), as many do, so every poll gets
the whole feed with 200 and the poller itself must tell what it has already stored.
"""
from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path

from clock import ManualClock
from feeds.fetch import Fetcher
from feeds.poller import PollReport, poll_due_feeds
from settings import Settings
from storage import Database, open_database
from storage import feeds as feed_store
from storage.db import bundled_migrations
from storage.retention import FEED_ITEM_RETENTION, prune_feed_items
from tests.feeds.conftest import FEEDS, Publisher, schema, schema_up_to, undo_after_080

SETTINGS = Settings(_env_file=None)
FULL_TEXT = SETTINGS.model_copy(update={"fetch_full_text": True})
_ITEM = re.compile(rb"\s*<item>.*?</item>", re.DOTALL)


async def _stored(db: Database, feed_id: int) -> dict[str, dict]:
    rows = await db.fetchall(
        "select id, guid, title, summary, body, ingested_at, updated_at from articles where feed_id = ?", (feed_id,))
    return {r["guid"]: dict(r) for r in rows}


async def _poll_again(db: Database, fetcher: Fetcher, clock: ManualClock, settings: Settings) -> PollReport:
    clock.advance(hours=1)  # past any feed's interval: the feed is due again
    report = await poll_due_feeds(db, fetcher, clock.now(), settings)
    assert report.succeeded == 1 and report.not_modified == 0
    return report


async def test_one_new_item_costs_one_page_request_and_one_stored_article(
    db: Database, fetcher: Fetcher, publisher: Publisher, clock: ManualClock
) -> None:
    full = publisher.local((FEEDS / "photojournalism__bbc.xml").read_bytes())  # 16 teasers, newest first
    newest = _ITEM.search(full)
    assert newest is not None
    publisher.feed = full[:newest.start()] + full[newest.end():]  # the feed as it was before the newest item
    feed = await feed_store.add_feed(db, f"{publisher.url}/feed.xml", "BBC", None, None, clock.now())
    first = await poll_due_feeds(db, fetcher, clock.now(), FULL_TEXT)
    assert first.added == 15 and len(publisher.page_requests) == 15
    before = await _stored(db, feed.id)

    publisher.feed = full
    publisher.page_requests.clear()
    report = await _poll_again(db, fetcher, clock, FULL_TEXT)

    assert publisher.page_requests == ["/news/uk-politics-43532916"]  # the new item's page, and no other
    assert (report.added, report.unchanged, report.updated, report.duplicates) == (1, 15, 0, 0)
    after = await _stored(db, feed.id)
    new_guid = f"{publisher.url}/news/uk-politics-43532916"
    assert set(after) - set(before) == {new_guid}
    assert "Our correspondent sent this full report" in after[new_guid]["body"]
    assert {guid: after[guid] for guid in before} == before  # the others untouched
    assert (await feed_store.get_feed(db, feed.id)).items_total == 16


async def test_an_edited_item_is_updated_in_place_once_then_skipped(
    db: Database, fetcher: Fetcher, publisher: Publisher, clock: ManualClock
) -> None:
    publisher.feed = (FEEDS / "morocco.xml").read_bytes()
    feed = await feed_store.add_feed(db, f"{publisher.url}/feed.xml", "Wire", None, None, clock.now())
    await poll_due_feeds(db, fetcher, clock.now(), SETTINGS)
    before = await _stored(db, feed.id)
    abc = "https://abcnews.go.com/International/live-updates/morocco-earthquake/?id=103047032"
    assert "1,037 people" in before[abc]["summary"]

    publisher.feed = publisher.feed.replace(b"killed at least 1,037 people", b"killed at least 2,012 people")
    edit = await _poll_again(db, fetcher, clock, SETTINGS)
    edited_at = clock.now()
    assert (edit.added, edit.updated, edit.unchanged, edit.duplicates) == (0, 1, 2, 0)
    after = await _stored(db, feed.id)
    assert after.keys() == before.keys() and after[abc]["id"] == before[abc]["id"]
    assert "2,012 people" in after[abc]["summary"] and "1,037" not in after[abc]["summary"]

    same = await _poll_again(db, fetcher, clock, SETTINGS)
    assert (same.added, same.updated, same.unchanged, same.duplicates) == (0, 0, 3, 0)
    row = await db.fetchone("select updated_at from articles where id = ?", (after[abc]["id"],))
    assert row["updated_at"] == after[abc]["updated_at"] and edited_at.isoformat()[:19] in row["updated_at"]


async def _as_before_060(path: Path) -> None:
    """Turn a database file back into what schema 050 and the code of its time left: no feed-item hashes."""
    db = await open_database(path)
    await undo_after_080(db)
    await db.execute("drop table feed_items")
    await db.execute("delete from schema_version where version >= 60")
    await db.close()


async def _bbc_database_turned_back(
    tmp_path: Path, fetcher: Fetcher, publisher: Publisher, clock: ManualClock,
    turn_back: Callable[[Path], Awaitable[None]], version: int,
) -> tuple[Path, feed_store.Feed, dict[str, dict]]:
    """A database that polled the BBC feed with today's code, turned back to schema `version` (checked
    against what the real migrations up to it make): its path, the feed and the articles it stored."""
    publisher.feed = publisher.local((FEEDS / "photojournalism__bbc.xml").read_bytes())
    path = tmp_path / "old.db"
    db = await open_database(path)
    feed = await feed_store.add_feed(db, f"{publisher.url}/feed.xml", "BBC", None, None, clock.now())
    assert feed is not None
    assert (await poll_due_feeds(db, fetcher, clock.now(), FULL_TEXT)).added == 16
    stored = await _stored(db, feed.id)
    await db.close()
    await turn_back(path)
    db = await open_database(path, [m for m in bundled_migrations() if m.version <= version])
    assert await schema(db) == await schema_up_to(tmp_path / f"{version}.db", version)
    await db.close()
    return path, feed, stored


async def test_articles_stored_before_060_are_processed_once_more_then_skipped(
    tmp_path: Path, fetcher: Fetcher, publisher: Publisher, clock: ManualClock
) -> None:
    path, feed, before = await _bbc_database_turned_back(tmp_path, fetcher, publisher, clock, _as_before_060, 50)
    db = await open_database(path)  # migrates to 060 and on
    try:
        publisher.page_requests.clear()
        once_more = await _poll_again(db, fetcher, clock, FULL_TEXT)
        assert (once_more.added, once_more.updated, once_more.duplicates, once_more.unchanged) == (0, 0, 16, 0)
        assert len(publisher.page_requests) == 16
        assert await _stored(db, feed.id) == before

        publisher.page_requests.clear()
        then = await _poll_again(db, fetcher, clock, FULL_TEXT)
        assert (then.added, then.duplicates, then.unchanged) == (0, 0, 16) and publisher.page_requests == []
    finally:
        await db.close()


async def test_a_teaser_whose_page_failed_gets_its_full_text_on_the_next_poll(
    db: Database, fetcher: Fetcher, publisher: Publisher, clock: ManualClock
) -> None:
    publisher.feed = publisher.local((FEEDS / "photojournalism__bbc.xml").read_bytes())
    publisher.down = {"/news/uk-35911549"}
    feed = await feed_store.add_feed(db, f"{publisher.url}/feed.xml", "BBC", None, None, clock.now())
    await poll_due_feeds(db, fetcher, clock.now(), FULL_TEXT)
    guid = f"{publisher.url}/news/uk-35911549"
    assert "full report" not in (await _stored(db, feed.id))[guid]["body"]  # the teaser, for now

    publisher.down.clear()
    publisher.page_requests.clear()
    retry = await _poll_again(db, fetcher, clock, FULL_TEXT)
    assert publisher.page_requests == ["/news/uk-35911549"] and (retry.updated, retry.unchanged) == (1, 15)
    assert "Our correspondent sent this full report" in (await _stored(db, feed.id))[guid]["body"]

    publisher.page_requests.clear()
    assert (await _poll_again(db, fetcher, clock, FULL_TEXT)).unchanged == 16 and publisher.page_requests == []


async def test_a_rejected_item_is_skipped_until_the_publisher_fixes_it(
    db: Database, fetcher: Fetcher, publisher: Publisher, clock: ManualClock
) -> None:
    sky = b"<title>Powerful earthquake kills at least 296 people in Morocco</title>"
    sky_text = b"<description>At least 296 people have been killed following a 6.8 magnitude earthquake in Morocco, " \
               b"officials have said.</description>"
    fixed = (FEEDS / "morocco.xml").read_bytes()
    assert sky in fixed and sky_text in fixed
    # The publisher's CMS put out the Sky item as a photo credit over a share button: nothing to read.
    publisher.feed = fixed.replace(sky, b"<title>Photo: AFP</title>").replace(
        sky_text, b"<description>&lt;p&gt;Share this article on Facebook&lt;/p&gt;</description>")
    feed = await feed_store.add_feed(db, f"{publisher.url}/feed.xml", "Wire", None, None, clock.now())
    first = await poll_due_feeds(db, fetcher, clock.now(), SETTINGS)
    assert (first.added, first.rejected) == (2, 1)

    publisher.feed = publisher.feed.replace(b"killed at least 1,037 people", b"killed at least 2,012 people")
    edit = await _poll_again(db, fetcher, clock, SETTINGS)
    assert (edit.updated, edit.rejected, edit.unchanged) == (1, 0, 2)  # the empty item is not processed again

    publisher.feed = fixed.replace(b"killed at least 1,037 people", b"killed at least 2,012 people")
    repaired = await _poll_again(db, fetcher, clock, SETTINGS)
    assert (repaired.added, repaired.rejected, repaired.unchanged) == (1, 0, 2)
    stored = await _stored(db, feed.id)
    sky_url = "https://news.sky.com/story/earthquake-in-morocco-has-killed-dozens-of-people-officials-say-12957757"
    assert stored[sky_url]["title"] == "Powerful earthquake kills at least 296 people in Morocco"


async def _as_080(path: Path) -> None:
    """Turn a database file back into what schema 080 left: feed_items.article_id not null, as 080 made it."""
    db = await open_database(path)
    await undo_after_080(db)
    migration_080 = next(m for m in bundled_migrations() if m.version == 80).sql
    create_080 = migration_080[migration_080.index("create table feed_items"):migration_080.index(") without rowid;") + 15]
    await db.execute("create temp table kept as select feed_id, item_key, item_hash, article_id, seen_at from feed_items")
    await db.execute("drop table feed_items")
    await db.execute(create_080)
    await db.execute("insert into feed_items select * from temp.kept")
    await db.execute("create index feed_items_by_article on feed_items(article_id)")
    await db.execute("delete from schema_version where version > 80")
    await db.close()


async def test_what_a_feed_delivered_before_090_is_still_skipped_after_it(
    tmp_path: Path, fetcher: Fetcher, publisher: Publisher, clock: ManualClock
) -> None:
    path, feed, _ = await _bbc_database_turned_back(tmp_path, fetcher, publisher, clock, _as_080, 80)
    db = await open_database(path)  # migrates to 090 and on
    try:
        assert await db.schema_version() >= 90
        publisher.page_requests.clear()
        again = await _poll_again(db, fetcher, clock, FULL_TEXT)
        assert (again.unchanged, again.added, again.duplicates) == (16, 0, 0) and publisher.page_requests == []
        assert len(await _stored(db, feed.id)) == 16
    finally:
        await db.close()


async def test_item_records_expire_and_an_item_still_in_its_feed_is_then_only_found_again(
    db: Database, fetcher: Fetcher, publisher: Publisher, clock: ManualClock
) -> None:
    full = (FEEDS / "morocco.xml").read_bytes()
    publisher.feed = full
    feed = await feed_store.add_feed(db, f"{publisher.url}/feed.xml", "Wire", None, None, clock.now())
    assert (await poll_due_feeds(db, fetcher, clock.now(), SETTINGS)).added == 3
    first_item = _ITEM.search(full)
    assert first_item is not None
    publisher.feed = full[:first_item.start()] + full[first_item.end():]  # the ABC item has left the feed
    assert (await _poll_again(db, fetcher, clock, SETTINGS)).unchanged == 2
    before = await _stored(db, feed.id)

    clock.advance(days=FEED_ITEM_RETENTION.days - 1)
    assert await prune_feed_items(db, clock.now()) == 0  # still within the retention
    clock.advance(days=2)
    assert await prune_feed_items(db, clock.now(), chunk=2) == 3  # in chunks, until none is left

    found = await _poll_again(db, fetcher, clock, SETTINGS)
    assert (found.duplicates, found.added, found.updated) == (2, 0, 0)  # the two still listed: nothing new
    assert await _stored(db, feed.id) == before
    assert (await _poll_again(db, fetcher, clock, SETTINGS)).unchanged == 2
    rows = await db.fetchall("select item_key from feed_items where feed_id = ?", (feed.id,))
    assert len(rows) == 2 and not any("abcnews" in row["item_key"] for row in rows)
