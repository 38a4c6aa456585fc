"""An article held for a breaking draft never hides news: a feed that carries it makes it news, and
cancelling one of two drafts of it leaves the other's."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

from ingest.store import store_raw
from news.models import RawArticle
from storage import Database
from storage import articles as article_store
from storage import broadcasts as broadcast_store
from storage import chats as chat_store
from storage.outbox import OutgoingMessage
from tests.storage.push_checks import confirm_checks

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)
ITEM = RawArticle(title="Strong earthquake shakes Morocco's Atlas region", source="Wire",
                  url="https://wire.example/atlas-quake",
                  text="A strong earthquake struck the High Atlas in Morocco on Friday night, officials in Rabat said. "
                       "Moroccan rescue teams were sent to villages near Marrakesh.")
EVERYONE = broadcast_store.Audience(everyone=True, tags=())


async def _titles(db: Database) -> list[str]:
    return [a.title for a in await article_store.latest(db, 10)]


async def test_a_feed_carrying_a_held_article_makes_it_news(db: Database) -> None:
    _, held = await store_raw(db, ITEM, NOW, held=True)
    await broadcast_store.create_draft(db, 1, held.article_id, "🚨", EVERYONE, NOW)
    assert await _titles(db) == []
    _, from_feed = await store_raw(db, replace(ITEM, source="Feed"), NOW)  # the wire copy arrives
    assert from_feed.article_id == held.article_id
    assert await _titles(db) == [ITEM.title] and [a.title for a in await article_store.search(db, "Atlas", 5, now=NOW)] == [ITEM.title]


async def test_cancelling_one_of_two_drafts_of_an_article_leaves_the_other(db: Database) -> None:
    _, first = await store_raw(db, ITEM, NOW, held=True)
    one = await broadcast_store.create_draft(db, 1, first.article_id, "🚨", EVERYONE, NOW)
    _, second = await store_raw(db, ITEM, NOW, held=True)  # the admin sent it again
    two = await broadcast_store.create_draft(db, 1, second.article_id, "🚨", EVERYONE, NOW)
    assert await broadcast_store.discard_draft(db, one, NOW)
    assert (await broadcast_store.get(db, two)).article_id == first.article_id  # still there for draft two
    await chat_store.upsert_chat(db, 601, "private", "Reader", "UTC", NOW)  # a push goes to somebody or not at all
    await broadcast_store.start(db, two, OutgoingMessage("🚨"), (first.story_id, first.article_id), NOW,
                                **await confirm_checks(db, first.article_id, EVERYONE, NOW))
    assert await _titles(db) == [ITEM.title]


async def test_a_draft_left_for_a_day_is_cancelled_with_its_article(db: Database) -> None:
    from datetime import timedelta

    from storage.retention import prune_drafts

    _, old = await store_raw(db, ITEM, NOW - timedelta(days=2), held=True)
    left = await broadcast_store.create_draft(db, 1, old.article_id, "🚨", EVERYONE, NOW - timedelta(days=2))
    fresh_item = replace(ITEM, url="https://wire.example/rabat-tram", title="Rabat opens its new tram line",
                         text="Rabat opened a new tram line on Monday, Moroccan officials said.")
    _, fresh = await store_raw(db, fresh_item, NOW - timedelta(hours=2), held=True)
    pending = await broadcast_store.create_draft(db, 1, fresh.article_id, "🚨", EVERYONE, NOW - timedelta(hours=2))
    assert await prune_drafts(db, NOW) == 1
    assert (await broadcast_store.get(db, left)).status == "cancelled"
    assert (await broadcast_store.get(db, pending)).status == "draft"  # an admin may still confirm this one
    assert await article_store.get_article(db, old.article_id) is None
    assert await article_store.get_article(db, fresh.article_id) is not None
