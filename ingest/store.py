"""Process a raw article and store it: deduplicated, edits applied in place, joined to its story."""
from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import partial

from news.editions import other_editions
from news.events import EVENT_WINDOW, key_terms, same_event
from news.models import ProcessedArticle, RawArticle
from news.pipeline import process_article
from news.stories import band_keys, probe_keys, same_story
from storage import Database
from storage import articles as article_store
from storage.feed_items import FeedItem, record_feed_item
from storage.held import hold, release

log = logging.getLogger(__name__)

# A story older than this does not absorb new articles: a re-run of last year's story is news again.
STORY_WINDOW = timedelta(days=3)


def _save(
    conn: sqlite3.Connection, article: ProcessedArticle, now: datetime, feed_id: int | None,
    feed_item: FeedItem | None = None, held: bool = False,
) -> article_store.SaveResult:
    result = article_store.save_article(
        conn,
        article,
        band_keys=band_keys(article.fingerprint),
        probe_keys=probe_keys(article.fingerprint),
        # A near-copy is the same story unless the headlines name two editions of a series (news.editions).
        same_story=lambda fingerprint, title: (same_story(fingerprint, article.fingerprint)
                                               and not other_editions(article.title, title)),
        story_since=article.published_at - STORY_WINDOW,
        feed_id=feed_id,
        now=now,
        headline_terms=key_terms(article.title),
        same_headline=same_event,
        headline_window=(article.published_at - EVENT_WINDOW, article.published_at + EVENT_WINDOW),
    )
    if feed_id is not None and feed_item is not None:
        record_feed_item(conn, feed_id, feed_item, result.article_id, now)
    if held and result.status == "added":
        hold(conn, result.article_id)
    elif not held:
        release(conn, result.article_id)  # an admin's draft of this very article no longer hides it
    return result


async def store_processed(
    db: Database, article: ProcessedArticle, now: datetime, *, feed_id: int | None = None,
    feed_item: FeedItem | None = None, held: bool = False,
) -> article_store.SaveResult:
    """Store one article; `held`: if it is new, readers don't see it until a push releases it (storage.held)."""
    return await db.run_sync(partial(_save, article=article, now=now, feed_id=feed_id, feed_item=feed_item, held=held))


async def store_many(
    db: Database, articles: list[ProcessedArticle], now: datetime, *, feed_id: int | None = None,
    feed_items: Sequence[FeedItem | None] | None = None,
) -> list[article_store.SaveResult | Exception]:
    """Store a batch (one feed poll's items) in one transaction: most of a save is the commit.

    Articles later in the batch see the earlier ones, so duplicates within a batch are caught. If the
    batch fails, each article is stored on its own, so one bad article costs only itself: its place in
    the result holds the error.

    `feed_items`, from the feed poller, holds the item each article came from (None: not to remember);
    the feed remembers each one stored, updated or found a duplicate, so its next poll can skip it.
    """
    if not articles:
        return []
    items = list(feed_items) if feed_items is not None else [None] * len(articles)
    if len(items) != len(articles):
        raise ValueError(f"{len(articles)} articles but {len(items)} feed items")

    def save_all(conn: sqlite3.Connection) -> list[article_store.SaveResult | Exception]:
        return [_save(conn, article, now, feed_id, item) for article, item in zip(articles, items)]

    try:
        return await db.run_sync(save_all)
    except (sqlite3.Error, ValueError) as batch_error:  # ValueError: text SQLite cannot encode
        log.warning("batch of %s articles failed, storing one by one: %s", len(articles), batch_error)
    results: list[article_store.SaveResult | Exception] = []
    for article, item in zip(articles, items):
        try:
            results.append(await store_processed(db, article, now, feed_id=feed_id, feed_item=item))
        except (sqlite3.Error, ValueError) as error:
            log.error("article not stored title=%r: %s", article.title[:60], error)
            results.append(error)
    return results


async def store_raw(
    db: Database, raw: RawArticle, now: datetime, *, summary_budget: int = 300, feed_id: int | None = None,
    held: bool = False,
) -> tuple[ProcessedArticle, article_store.SaveResult]:
    processed = process_article(raw, now, summary_budget=summary_budget)
    return processed, await store_processed(db, processed, now, feed_id=feed_id, held=held)
