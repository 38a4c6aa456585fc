"""Poll due feeds concurrently and store their items; one feed's failure never stops the others.

`poll_due_feeds` is one step (tests and the benchmark call it directly); `start_polling` runs it
every minute from the injected clock. Schedules live in storage.feeds (interval, backoff, flag). After a good poll
the feed is checked for having gone quiet (feeds.quiet); admins hear of a feed flagged, gone quiet or found to
redirect to another feed's address (a copy) once (feeds.alerts).

A feed that changed usually changed by an item or two, so each item is hashed as the feed delivers it
and those this feed delivered before unchanged (whether stored from it, found duplicates of another
feed's article, or rejected as empty) are skipped before any page fetch or processing.
"""
from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import json
import logging
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime

from clock import Clock
from feeds.addresses import address_key
from feeds.alerts import alert_admins
from feeds.errors import FeedError
from feeds.fetch import FetchResult, Fetcher
from feeds.fulltext import expand_teasers
from feeds.parse import ParsedFeed, parse_feed, title_as_name
from feeds.problems import problem
from feeds.quiet import LOOKBACK, MIN_QUIET, Arrival, usual_pace
from ingest.store import store_many
from news.countries import ABOUT_THRESHOLD
from news.errors import NewsError
from news.models import CountryScore, ProcessedArticle, RawArticle
from news.pipeline import process_articles
from news.urls import canonical_url, is_http_url
from settings import Settings
from storage import Database
from storage import feeds as feed_store
from storage.feed_items import (FeedItem, arrivals, arrived_after, first_record, last_arrival, record_rejected_items,
                                unchanged_feed_items)

log = logging.getLogger(__name__)

CONCURRENCY = 20

@dataclass
class PollReport:
    polled: int = 0
    succeeded: int = 0
    not_modified: int = 0
    failed: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0  # items their feed delivered before exactly as now: skipped unprocessed
    duplicates: int = 0
    rejected: int = 0
    errors: dict[int, str] = field(default_factory=dict)  # feed id → reason
    flagged: list[int] = field(default_factory=list)
    quiet: list[int] = field(default_factory=list)  # feeds gone quiet with this poll
    copies: list[int] = field(default_factory=list)  # feeds found with this poll to redirect to another's address
    recovered: dict[int, datetime] = field(default_factory=dict)  # flagged feeds polled fine again → failing since

def _with_feed_country(article: ProcessedArticle, country: str | None) -> ProcessedArticle:
    """A national feed's item that names no country is about that country (the feed's own)."""
    if not country or article.countries:
        return article
    return dataclasses.replace(article, countries=(CountryScore(country, ABOUT_THRESHOLD),))

def _interval(result: FetchResult, parsed: ParsedFeed | None, current: int) -> int:
    hint = (parsed.ttl_seconds if parsed else None) or result.max_age
    return feed_store.clamp_interval(hint) if hint else current

def _feed_item_hash(item: RawArticle) -> str:
    """A hash of a feed item as its feed delivered it: title, text and URL (before any full-text fetch)."""
    delivered = json.dumps([item.title, item.text, item.url])  # ASCII, whatever the feed's text holds
    return hashlib.blake2b(delivered.encode("ascii"), digest_size=16).hexdigest()

def _feed_item(item: RawArticle) -> FeedItem | None:
    """The item as its feed remembers it: by its GUID, or without one by its URL as the pipeline stores it."""
    key = item.guid if item.guid is not None else (
        canonical_url(item.url) if item.url and is_http_url(item.url) else None)
    return FeedItem(key, _feed_item_hash(item)) if key is not None else None

@dataclass(frozen=True)
class _Delivered:
    """An item to process and store, with what its feed remembers of it once stored."""

    raw: RawArticle
    item: FeedItem | None  # None without a key, or after a failed page fetch: the next poll tries it again

async def _new_or_changed(db: Database, feed_id: int, items: list[RawArticle]) -> list[_Delivered]:
    """The items this feed has not delivered before as it delivers them now (new ones and edits)."""
    delivered = [_Delivered(raw, _feed_item(raw)) for raw in items]
    unchanged = await unchanged_feed_items(db, feed_id, [d.item for d in delivered if d.item is not None])
    return [d for d in delivered if d.item not in unchanged]

async def _with_full_text(fetcher: Fetcher, items: list[_Delivered]) -> list[_Delivered]:
    expansions = await expand_teasers(fetcher, [item.raw for item in items])
    return [_Delivered(expansion.item, None if expansion.page_failed else item.item)
            for item, expansion in zip(items, expansions)]

async def _store_items(db: Database, feed: feed_store.Feed, items: list[_Delivered], now: datetime,
                       settings: Settings, report: PollReport) -> int:
    if not items:
        return 0
    raws = [item.raw for item in items]
    # About 1 ms an article: on a thread, so the bot keeps answering commands while a big feed is processed.
    results = await asyncio.to_thread(process_articles, raws, now, summary_budget=settings.summary_budget)
    processed: list[ProcessedArticle] = []
    remembered: list[FeedItem | None] = []  # what the feed remembers of each processed article's item
    rejected: list[FeedItem] = []  # remembered too, so that the next polls skip them until they change
    for item, result in zip(items, results):
        if isinstance(result, NewsError):
            report.rejected += 1
            log.debug("feed item rejected feed=%s title=%r: %s", feed.id, item.raw.title[:60], result)
            if item.item is not None:
                rejected.append(item.item)
        else:
            processed.append(_with_feed_country(result, feed.country))
            remembered.append(item.item)
    await record_rejected_items(db, feed.id, rejected, now)
    added = 0
    for result in await store_many(db, processed, now, feed_id=feed.id, feed_items=remembered):
        if isinstance(result, Exception):
            report.rejected += 1
        elif result.status == "added":
            added += 1
        elif result.status == "updated":
            report.updated += 1
        else:
            report.duplicates += 1
    report.added += added
    return added

async def poll_feed(db: Database, fetcher: Fetcher, feed: feed_store.Feed, now: datetime, settings: Settings,
                    report: PollReport) -> None:
    """Fetch, parse and store one feed, recording success or failure on its row."""
    report.polled += 1
    try:
        result = await fetcher.fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        parsed = None
        added = unchanged = 0
        if result.status == 200:
            parsed = await asyncio.to_thread(parse_feed, result.body, url=result.url, source=feed.name,
                                             fetched_at=now, content_type=result.content_type)
            items = await _new_or_changed(db, feed.id, parsed.items)
            unchanged = len(parsed.items) - len(items)
            report.unchanged += unchanged
            if settings.fetch_full_text:
                items = await _with_full_text(fetcher, items)
            added = await _store_items(db, feed, items, now, settings, report)
        else:
            report.not_modified += 1
    except FeedError as e:
        report.failed += 1
        report.errors[feed.id] = str(e)
        if await feed_store.record_failure(db, feed, now, problem(feed.url, e)):
            report.flagged.append(feed.id)
        log.warning("feed poll failed feed=%s url=%s failures=%s error=%s",
                    feed.id, feed.url, feed.consecutive_failures + 1, e)
        return
    if parsed is not None and not feed.name and (name := title_as_name(parsed.title)):
        await feed_store.name_unnamed(db, feed.id, name)  # listed by its own title from now on, as its stories are
    interval = _interval(result, parsed, feed.interval_seconds)
    owner = await _other_feed_at(db, feed, result.moved_to) if result.moved_to else None
    await feed_store.record_success(db, feed, now, interval=interval, etag=result.etag,
                                    last_modified=result.last_modified, items_added=added,
                                    new_url=None if owner else result.moved_to)
    if owner is not None:
        await feed_store.set_same_as(db, feed.id, owner.id)
        report.copies.append(feed.id)
        log.warning("feed redirects to another feed feed=%s url=%s same_as=%s", feed.id, result.moved_to, owner.id)
    report.succeeded += 1
    if feed.flagged_at is not None:  # admins were told it was failing: they are told it works again
        report.recovered[feed.id] = feed.last_success_at or feed.created_at
    if await _went_quiet(db, feed, now):
        report.quiet.append(feed.id)
    log.info("feed polled feed=%s status=%s items=%s unchanged=%s added=%s next_in=%ss%s", feed.id, result.status,
             len(parsed.items) if parsed else 0, unchanged, added, interval,
             f" moved_to={result.moved_to}" if result.moved_to else "")

async def _other_feed_at(db: Database, feed: feed_store.Feed, url: str) -> feed_store.Feed | None:
    """Another feed already at `url`, where this feed's permanent redirect leads (feeds.addresses), or None.

    The two are one feed polled twice. Neither is merged into the other (deleted): each has its own name, country
    and stories, and which to keep is the admins' choice. The copy is marked (same_as) and no longer polled, so the
    feed is fetched once; /feeds names it with the /removefeed that ends it. Removing the other feed instead makes
    the copy polled again, and it moves to the address then free."""
    key = address_key(url)
    return next((other for other in await feed_store.list_feeds(db)
                 if other.id != feed.id and address_key(other.url) == key), None)

async def _went_quiet(db: Database, feed: feed_store.Feed, now: datetime) -> bool:
    """Whether the feed, polled fine, has gone quiet with this poll (feeds.quiet). A quiet feed stays so until a new
    item comes; one whose last new item came within MIN_QUIET is not.

    Each good poll costs one indexed look-up (when its last new item came). Its history (arrivals over the LOOKBACK
    and first record) is read once that item is MIN_QUIET old, and what it says is kept on the feed's row: only a
    new item changes it (feeds.quiet.usual_pace). So a feed that brings too few items to go quiet, as most small
    feeds do, is not read again until its next new item, and one that does only once it is due to be quiet."""
    if feed.quiet_since is not None:
        if await arrived_after(db, feed.id, feed.quiet_since):
            await feed_store.set_quiet(db, feed.id, None, None)
            log.info("feed quiet no longer feed=%s", feed.id)
        return False
    last = await last_arrival(db, feed.id)
    if last is None or now - last < MIN_QUIET:
        return False
    if feed.quiet_checked_for == last and (feed.quiet_due_at is None or now < feed.quiet_due_at):
        return False
    history = [Arrival(at, items) for at, items in await arrivals(db, feed.id, last - LOOKBACK, last)]
    pace = usual_pace(history, await first_record(db, feed.id) or last)
    if pace is None or now - last < pace.quiet_after:
        await feed_store.set_quiet_check(db, feed.id, last, last + pace.quiet_after if pace else None)
        return False
    await feed_store.set_quiet(db, feed.id, last, pace.per_day)
    log.warning("feed gone quiet feed=%s url=%s since=%s per_day=%.1f", feed.id, feed.url, last, pace.per_day)
    return True

async def poll_due_feeds(db: Database, fetcher: Fetcher, now: datetime, settings: Settings) -> PollReport:
    """Poll every due feed (bounded concurrency), then let the watchdog look at the result."""
    report = PollReport()
    limit = asyncio.Semaphore(CONCURRENCY)

    async def one(feed: feed_store.Feed) -> None:
        async with limit:
            await poll_feed(db, fetcher, feed, now, settings, report)

    await asyncio.gather(*(one(f) for f in await feed_store.due_feeds(db, now)))
    await alert_admins(db, now, settings, report)
    return report

async def check_feed(db: Database, fetcher: Fetcher, feed: feed_store.Feed, now: datetime, settings: Settings,
                     asker: int | None) -> PollReport:
    """Poll one feed now, whatever its schedule says (an admin's /checkfeed once its publisher fixed it), and
    tell the other admins what a poll by the poller would."""
    report = PollReport()
    await poll_feed(db, fetcher, feed, now, settings, report)
    await alert_admins(db, now, settings, report, asker)
    return report

POLL_EVERY = 60.0

async def run_poller(db: Database, fetcher: Fetcher, clock: Clock, settings: Settings) -> None:
    """Poll due feeds once a minute on the injected clock, until cancelled."""
    while True:
        try:
            await poll_due_feeds(db, fetcher, clock.now(), settings)
        except (FeedError, NewsError, OSError, sqlite3.Error):
            log.exception("feed poll round failed; retrying next minute")
        await clock.sleep(POLL_EVERY)
