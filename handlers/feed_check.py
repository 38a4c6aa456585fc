"""/checkfeed N polls a feed now and says how it went; /resumefeed N resumes a paused feed, and checks a failing one.

A failing feed is retried with backoff (up to hours apart): once its publisher has fixed it, an admin wants to know
now that it works again, not at its next poll.
"""
from __future__ import annotations

import html

from telegram import Update
from telegram.ext import Application, CommandHandler

from feeds.poller import check_feed
from feeds.problems import shown_problem
from handlers.addfeed import feed_fetcher
from handlers.admins import require_admin
from handlers.context import Ctx
from handlers.feeds import feed_label, feed_numbers, next_poll, status_line
from handlers.replies import reply_html
from storage import feeds as feed_store

USAGE = "Usage: /{command} N, or several: /{command} 1 2 (see /feeds)"


def _new_items(count: int) -> str:
    return "no new items" if count == 0 else "1 new item" if count == 1 else f"{count} new items"


async def check_line(update: Update, context: Ctx, feed: feed_store.Feed) -> str:
    """Poll the feed now and say how it went (HTML): "Checked #3 Wire: ✅ it works again: 3 new items. …"."""
    number = feed.id
    if feed.status == "paused":
        return f"Feed #{number} is paused: /resumefeed {number} polls it again."
    if feed.same_as is not None:
        return (f"Feed #{number} now redirects to #{feed.same_as}'s address, so I no longer poll it "
                f"(#{feed.same_as} brings its items): /removefeed {number} removes it.")
    was_failing = feed.consecutive_failures > 0
    async with feed_fetcher(context) as fetcher:
        asker = update.effective_user.id if update.effective_user else None
        report = await check_feed(context.db, fetcher, feed, context.clock.now(), context.settings, asker)
    checked = await feed_store.get_feed(context.db, number)
    if checked is None:  # removed while it was fetched
        return f"There is no feed #{number} (see /feeds)."
    now = context.clock.now()
    label = f"#{number} {feed_label(checked)}"
    if not checked.consecutive_failures:
        works = "✅ it works again" if was_failing else "✅ it works"
        return f"Checked {label}: {works}: {_new_items(report.added)}. Next poll {next_poll(checked, now)}."
    failing = "still failing" if was_failing else "failing"
    reason = html.escape(shown_problem(checked.url, checked.last_error or "")[:200])
    return (f"Checked {label}: ⚠️ {failing} ({checked.consecutive_failures}×): {reason}. I'll try again "
            f"{next_poll(checked, now)}; /removefeed {number} removes it.")


async def checkfeed_command(update: Update, context: Ctx) -> None:
    """/checkfeed N [N …]: poll those feeds now, whatever their schedule, and say how each went."""
    if not await require_admin(update, context):
        return
    if (numbers := await feed_numbers(update, context, USAGE.format(command="checkfeed"))) is None:
        return
    lines = []
    for number in numbers:
        feed = await feed_store.get_feed(context.db, number)
        lines.append(await check_line(update, context, feed) if feed else f"There is no feed #{number} (see /feeds).")
    await reply_html(update, "\n".join(lines))


async def resumefeed_command(update: Update, context: Ctx) -> None:
    """/resumefeed N [N …]: poll paused feeds again, at once; a failing feed that is not paused is checked now."""
    if not await require_admin(update, context):
        return
    if (numbers := await feed_numbers(update, context, USAGE.format(command="resumefeed"))) is None:
        return
    lines = []
    for number in numbers:
        feed = await feed_store.get_feed(context.db, number)
        if feed is not None and feed.status == "active" and feed.consecutive_failures:
            lines.append(await check_line(update, context, feed))
        else:
            lines.append(await status_line(context, number, "active"))
    await reply_html(update, "\n".join(lines))


def register(app: Application) -> None:
    app.add_handler(CommandHandler("checkfeed", checkfeed_command))
    app.add_handler(CommandHandler("resumefeed", resumefeed_command))
