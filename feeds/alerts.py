"""Admins hear of the feeds a poll round found failing, working again, gone quiet or become a copy of another, and
of the watchdog (no feed has succeeded for hours): notices queued in the outbox.

What one round found comes in one notice per admin, a section for each kind, ending with what to do next
("/checkfeed 3 once fixed · /removefeed 3 if gone · /feeds"): an outage that flags feeds while others come back
is one message to read, not four. It is split, between lines, only past Telegram's 4,096 characters."""
from __future__ import annotations

import html
import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from feeds.problems import shown_problem
from feeds.quiet import quiet_for
from news.format import MESSAGE_LIMIT, clip, span, visible_length
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
# A section names this many feeds at most, each name and error clipped, whatever an outage flags at once: a
# round's notice then stays within two messages.
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

async def _flagged_lines(db: Database, flagged: list[int]) -> list[str]:
    """The section for feeds newly flagged in one poll: each one's name and error, clipped, and at most
    ALERT_FEEDS of them."""
    lines = []
    for feed_id in sorted(flagged)[:ALERT_FEEDS]:
        feed = await feed_store.get_feed(db, feed_id)
        if feed:
            name = clip(feed.name or feed.url, ALERT_NAME_CHARS)
            error = clip(shown_problem(feed.url, feed.last_error or ""), ALERT_ERROR_CHARS)
            lines.append(f"#{feed.id} {html.escape(name)}: {html.escape(error)}")
    if len(flagged) > ALERT_FEEDS:
        lines.append(f"…and {len(flagged) - ALERT_FEEDS} more: see /feeds")
    return ["⚠️ Feeds failing for over a day (retried with backoff):", *lines]

async def _quiet_lines(db: Database, quiet: list[int], now: datetime) -> list[str]:
    """The section for feeds gone quiet in one poll, a line each (at most ALERT_FEEDS, clipped as flagged ones are)."""
    lines = []
    for feed_id in sorted(quiet)[:ALERT_FEEDS]:
        feed = await feed_store.get_feed(db, feed_id)
        if feed and feed.quiet_since and feed.usual_per_day:
            name = clip(feed.name or feed.url, ALERT_NAME_CHARS)
            lines.append(f"#{feed.id} {html.escape(name)}: {quiet_for(feed.quiet_since, feed.usual_per_day, now)}")
    if len(quiet) > ALERT_FEEDS:
        lines.append(f"…and {len(quiet) - ALERT_FEEDS} more: see /feeds")
    return ["💤 Feeds gone quiet: they still answer, but no new items come. The publisher may have moved the feed "
            "(its site may give the new address) or frozen it:", *lines]

async def _copies_lines(db: Database, copies: list[int]) -> list[str]:
    """The section for feeds found to redirect to another feed's address in one poll: which feed each copies, and the
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
    return ["↪️ Feeds that became copies of another: their address now redirects to the other feed's, so I no longer "
            "poll them, and the other brings their items. Remove the copy with the /removefeed shown, or remove the "
            "other feed to keep the copy (polled again, at the new address):", *lines]

async def _recovered_lines(db: Database, recovered: dict[int, datetime], now: datetime) -> list[str]:
    """The section for flagged feeds polled fine again in one poll, a line each (at most ALERT_FEEDS, names clipped
    as in the other alerts): "#3 Fresh Wire, after failing for 2 d 3 h"."""
    lines = []
    for feed_id in sorted(recovered)[:ALERT_FEEDS]:
        feed = await feed_store.get_feed(db, feed_id)
        if feed:
            name = clip(feed.name or feed.url, ALERT_NAME_CHARS)
            lines.append(f"#{feed.id} {html.escape(name)}, after failing for {span(now - recovered[feed_id])}")
    if len(recovered) > ALERT_FEEDS:
        lines.append(f"…and {len(recovered) - ALERT_FEEDS} more: see /feeds")
    return ["✅ Feeds working again:", *lines]

def _next_steps(report: PollReport) -> str:
    """The notice's last line: what to do next, with the feed's number when one feed needs it ("N" for several;
    a copy's line carries its own /removefeed)."""
    def number(ids: list[int]) -> str:
        return str(ids[0]) if len(ids) == 1 else "N"

    steps = []
    if report.flagged:
        steps.append(f"/checkfeed {number(report.flagged)} once fixed")
    if report.flagged or report.quiet:
        steps.append(f"/removefeed {number(sorted({*report.flagged, *report.quiet}))} if gone")
    return " · ".join([*steps, "/feeds"])

def _messages(sections: list[list[str]], last_line: str) -> list[str]:
    """The sections, a blank line apart, then `last_line`, in as few messages as Telegram takes: split between lines
    only past MESSAGE_LIMIT, as Telegram counts it (every line is escaped text, no tags)."""
    lines: list[str] = []
    for section in sections:
        lines += [*section, ""]
    messages: list[list[str]] = [[]]
    size = 0
    for line in [*lines, last_line]:
        length = visible_length(line) + 1
        if messages[-1] and size + length > MESSAGE_LIMIT:
            messages.append([])
            size = 0
        if line or messages[-1]:  # no message opens with a blank line
            messages[-1].append(line)
            size += length
    return ["\n".join(message).strip("\n") for message in messages]

async def alert_admins(db: Database, now: datetime, settings: Settings, report: PollReport,
                       asker: int | None = None) -> None:
    """Flagged feeds, feeds working again, feeds gone quiet, feeds become copies of another (each told once: a copy
    is polled no more), in one notice per admin, and the watchdog: one notice per admin when no feed has succeeded
    for too long. `asker`: the admin whose /checkfeed made the poll, told in its reply instead."""
    admins = await admin_chat_ids(db, settings) - {asker}
    sections = [
        await _flagged_lines(db, report.flagged) if report.flagged else [],
        await _recovered_lines(db, report.recovered, now) if report.recovered else [],
        await _quiet_lines(db, report.quiet, now) if report.quiet else [],
        await _copies_lines(db, report.copies) if report.copies else [],
    ]
    if admins and any(sections):
        for text in _messages([section for section in sections if section], _next_steps(report)):
            await _notify(db, admins, text, now, settings)
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
