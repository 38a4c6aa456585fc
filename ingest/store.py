"""Process a raw article and store it: deduplicated, edits applied in place, joined to its story."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import partial

from news.models import ProcessedArticle, RawArticle
from news.pipeline import process_article
from news.stories import band_keys, probe_keys, same_story
from storage import Database
from storage import articles as article_store

log = logging.getLogger(__name__)

# A story older than this does not absorb new articles: a re-run of last year's story is news again.
STORY_WINDOW = timedelta(days=3)


async def store_processed(
    db: Database, article: ProcessedArticle, now: datetime, *, feed_id: int | None = None
) -> article_store.SaveResult:
    return await db.run_sync(
        partial(
            article_store.save_article,
            article=article,
            band_keys=band_keys(article.fingerprint),
            probe_keys=probe_keys(article.fingerprint),
            same_story=same_story,
            story_since=article.published_at - STORY_WINDOW,
            feed_id=feed_id,
            now=now,
        )
    )


async def store_raw(
    db: Database, raw: RawArticle, now: datetime, *, summary_budget: int = 300, feed_id: int | None = None
) -> tuple[ProcessedArticle, article_store.SaveResult]:
    processed = process_article(raw, now, summary_budget=summary_budget)
    return processed, await store_processed(db, processed, now, feed_id=feed_id)
