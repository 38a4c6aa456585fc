"""Adding a list of feeds (an OPML import) at once, on a real SQLite file."""
from __future__ import annotations

from clock import ManualClock
from storage import Database
from storage import feeds as feed_store


async def test_a_list_is_added_in_order_and_a_url_already_stored_is_left_as_it_is(
    db: Database, clock: ManualClock
) -> None:
    now = clock.now()
    await feed_store.add_feed(db, "https://b.example/rss", "B before", None, None, now)
    ids = await feed_store.add_feeds(db, [feed_store.NewFeed("https://a.example/rss", "A", "MA"),
                                          feed_store.NewFeed("https://b.example/rss", "B again"),
                                          feed_store.NewFeed("https://c.example/rss", "", paused=True)], 7, now)
    assert ids == [2, None, 3]
    feeds = await feed_store.list_feeds(db)
    assert [(f.url, f.name, f.country, f.status, f.added_by) for f in feeds] == [
        ("https://b.example/rss", "B before", None, "active", None),
        ("https://a.example/rss", "A", "MA", "active", 7),
        ("https://c.example/rss", "", None, "paused", 7),
    ]
    assert [f.id for f in await feed_store.due_feeds(db, now)] == [1, 2]  # a paused one waits for /resumefeed
