"""Process a raw article and store it: deduplicated, edits applied in place, joined to its story."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from news.models import ProcessedArticle, RawArticle
from news.pipeline import process_article
from news.stories import band_keys, same_story
from storage import Database
from storage import articles as article_store

log = logging.getLogger(__name__)

# A story older than this does not absorb new articles: a re-run of last year's story is news again.
STORY_WINDOW = timedelta(days=3)


async def store_processed(
    db: Database, article: ProcessedArticle, now: datetime, *, feed_id: int | None = None
) -> article_store.SaveResult:
    existing = await article_store.find_existing(
        db, url=article.url, guid=article.guid, feed_id=feed_id, content_hash=article.content_hash
    )
    keys = band_keys(article.fingerprint)
    if existing is not None:
        article_id, stored_hash, match = existing
        if match == "identity" and stored_hash != article.content_hash:
            return await article_store.update_article(db, article_id, article, keys, now)
        stored = await article_store.get_article(db, article_id)
        return article_store.SaveResult("duplicate", article_id, stored.story_id if stored else article_id)
    candidates = await article_store.story_candidates(db, keys, article.published_at - STORY_WINDOW)
    story_id = next((c.story_id for c in candidates if same_story(c.fingerprint, article.fingerprint)), None)
    return await article_store.insert_article(
        db, article, story_id=story_id, band_keys=keys, feed_id=feed_id, now=now
    )


async def store_raw(
    db: Database, raw: RawArticle, now: datetime, *, summary_budget: int = 300, feed_id: int | None = None
) -> tuple[ProcessedArticle, article_store.SaveResult]:
    processed = process_article(raw, now, summary_budget=summary_budget)
    return processed, await store_processed(db, processed, now, feed_id=feed_id)
