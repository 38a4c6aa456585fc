"""Admins hear of the feeds a poll round found failing, working again, gone quiet or become a copy of another, and
of the watchdog (no feed has succeeded for hours): a notice per admin, queued in the outbox."""
from __future__ import annotations

import html
import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from feeds.problems import shown_problem
from feeds.quiet import quiet_for
from news.format import clip, span
from settings import Settings
from storage import Database
from storage import admins as admin_store
from storage import feeds as feed_store
from storage.chats import upsert_chat
from storage.outbox import OutgoingMessage, enqueue

if TYPE_CHECKING:
    from feeds.poller import PollReport

log = logging.getLogger(__name__)

WATCHDOG = "watchdog"
# A flagged-feeds alert names this many feeds at most, each name and error clipped: 20 lines of at most
# 1 + 6 + 80 + 2 + 100 characters stay far below Telegram's 4,096, whatever an outage flags at once.
ALERT_FEEDS = 20
ALERT_NAME_CHARS = 80
ALERT_ERROR_CHARS = 100

async def admin_chat_ids(db: Database, settings: Settings) -> set[int]:
    return set(settings.admin_user_ids) | await admin_store.admin_ids(db)

async def _notify(db: Database, admins: set[int], text: str, now: datetime, settings: Settings,
                  alert: str | None = None) -> None:
    """Queue one notice per admin (their chat rows first: the outbox refers to chats)."""
    for admin in admins:
        await upsert_chat(db, admin, "private", "", settings.default_timezone, now)
    async with db.atomic() as conn:
        for admin in sorted(admins):
            await enqueue(conn, chat_id=admin, kind="notice", message=OutgoingMessage(text), now=now)
        if alert:
            await feed_store.mark_alert(conn, alert, now)

async def _flagged_text(db: Database, flagged: list[int]) -> str:
    """The alert for feeds newly flagged in one poll: each one's name and error, clipped, and at most
    ALERT_FEEDS of them, so that the alert fits one message however many feeds an outage flags."""
    lines = []
    for feed_id in sorted(flagged)[:ALERT_FEEDS]:
        feed = await feed_store.get_feed(db, feed_id)
        if feed:
            name = clip(feed.name or feed.url, ALERT_NAME_CHARS)
            error = clip(shown_problem(feed.url, feed.last_error or ""), ALERT_ERROR_CHARS)
            lines.append(f"#{feed.id} {html.escape(name)}: {html.escape(error)}")
    if len(flagged) > ALERT_FEEDS:
        lines.append(f"…and {len(flagged) - ALERT_FEEDS} more: see /feeds")
    return "⚠️ Feeds failing for over a day (retried with backoff):\n" + "\n".join(lines)

async def _quiet_text(db: Database, quiet: list[int], now: datetime) -> str:
    """The alert for feeds gone quiet in one poll, a line each (at most ALERT_FEEDS, clipped as flagged ones are)."""
    lines = []
    for feed_id in sorted(quiet)[:ALERT_FEEDS]:
        feed = await feed_store.get_feed(db, feed_id)
        if feed and feed.quiet_since and feed.usual_per_day:
            name = clip(feed.name or feed.url, ALERT_NAME_CHARS)
            lines.append(f"#{feed.id} {html.escape(name)}: {quiet_for(feed.quiet_since, feed.usual_per_day, now)}")
    if len(quiet) > ALERT_FEEDS:
        lines.append(f"…and {len(quiet) - ALERT_FEEDS} more: see /feeds")
    return ("💤 Feeds gone quiet: they still answer, but no new items come. The publisher may have moved the feed "
            "(its site may give the new address) or frozen it:\n" + "\n".join(lines))

async def _copies_text(db: Database, copies: list[int]) -> str:
    """The notice of feeds found to redirect to another feed's address in one poll: which feed each copies, and the
    /removefeed that ends it (at most ALERT_FEEDS lines, names clipped as in the other alerts)."""
    def label(feed: feed_store.Feed) -> str:
        return f"#{feed.id} {html.escape(clip(feed.name or feed.url, ALERT_NAME_CHARS))}"

    lines = []
    for feed_id in sorted(copies)[:ALERT_FEEDS]:
        feed = await feed_store.get_feed(db, feed_id)
        owner = await feed_store.get_feed(db, feed.same_as) if feed and feed.same_as else None
        if feed and owner:
            lines.append(f"{label(feed)} now redirects to {label(owner)}'s address: /removefeed {feed.id}")
    if len(copies) > ALERT_FEEDS:
        lines.append(f"…and {len(copies) - ALERT_FEEDS} more: see /feeds")
    return ("↪️ Feeds that became copies of another: their address now redirects to the other feed's, so I no longer "
            "poll them, and the other brings their items. Remove the copy with the /removefeed shown, or remove the "
            "other feed to keep the copy (polled again, at the new address):\n" + "\n".join(lines))

async def _recovered_text(db: Database, recovered: dict[int, datetime], now: datetime) -> str:
    """The notice of flagged feeds polled fine again in one poll, a line each (at most ALERT_FEEDS, names clipped
    as in the other alerts): "#3 Fresh Wire, after failing for 2 d 3 h"."""
    lines = []
    for feed_id in sorted(recovered)[:ALERT_FEEDS]:
        feed = await feed_store.get_feed(db, feed_id)
        if feed:
            name = clip(feed.name or feed.url, ALERT_NAME_CHARS)
            lines.append(f"#{feed.id} {html.escape(name)}, after failing for {span(now - recovered[feed_id])}")
    if len(recovered) > ALERT_FEEDS:
        lines.append(f"…and {len(recovered) - ALERT_FEEDS} more: see /feeds")
    return "✅ Feeds working again:\n" + "\n".join(lines)

async def alert_admins(db: Database, now: datetime, settings: Settings, report: PollReport,
                        asker: int | None = None) -> None:
    """Flagged feeds, feeds working again, feeds gone quiet, feeds become copies of another (each told once: a copy
    is polled no more), and the watchdog: one notice per admin when no feed has succeeded for too long. `asker`: the
    admin whose /checkfeed made the poll, told in its reply instead."""
    admins = await admin_chat_ids(db, settings) - {asker}
    if report.flagged and admins:
        await _notify(db, admins, await _flagged_text(db, report.flagged), now, settings)
    if report.recovered and admins:
        await _notify(db, admins, await _recovered_text(db, report.recovered, now), now, settings)
    if report.quiet and admins:
        await _notify(db, admins, await _quiet_text(db, report.quiet, now), now, settings)
    if report.copies and admins:
        await _notify(db, admins, await _copies_text(db, report.copies), now, settings)
    count, last_ok, first = await feed_store.last_feed_success(db)
    if report.succeeded:
        await feed_store.clear_alert(db, WATCHDOG)
        return
    since = last_ok or first
    if not count or since is None or now - since < timedelta(hours=settings.feed_watchdog_hours):
        return
    if not admins or await feed_store.alert_sent(db, WATCHDOG):
        return
    text = (f"⚠️ Watchdog: no feed has succeeded for {settings.feed_watchdog_hours:g} hours "
            f"({count} active feeds). See /feeds for the errors.")
    await _notify(db, admins, text, now, settings, alert=WATCHDOG)
    log.warning("feed watchdog alert sent admins=%s", len(admins))
