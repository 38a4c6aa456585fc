"""Admins manage news sources: /feeds, /pausefeed, /defaultfeeds; starts the poller."""
from __future__ import annotations

import asyncio
import hashlib
import html
import json
from datetime import datetime, timedelta
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from background import cancel_and_wait
from feeds.addresses import address_key
from feeds.alerts import admin_chat_ids
from feeds.fetch import Fetcher, new_client
from feeds.parse import NAME_LIMIT
from feeds.poller import run_poller
from feeds.problems import shown_problem
from feeds.quiet import quiet_for
from handlers.admin_private import answer_admin
from handlers.admins import require_admin
from handlers.arguments import parse_id
from handlers.context import Ctx
from handlers.replies import answer_tap, echo, reply_blocks, reply_html
from news.format import relative_time, span
from storage import feeds as feed_store

DEFAULT_FEEDS = Path(__file__).resolve().parent.parent / "feeds" / "default_feeds.json"
FEED_NAME_LIMIT = NAME_LIMIT  # characters: a name is a label in /feeds and under every story from the feed
URL_SHOWN = 200  # characters of a URL in a reply
DEFAULT_DATA = "dfeed:"  # + "all", or a suggestion's place and address (_suggestion_data)
FEEDS_AT_ONCE = 20  # feed numbers in one /removefeed, /pausefeed or /resumefeed: a line each in one reply


async def _is_admin(update: Update, context: Ctx) -> bool:
    return await require_admin(update, context)  # in a channel, whose posts name no sender, it points to a private chat


def feed_label(feed: feed_store.Feed) -> str:
    """How a feed is named in a reply: its name, or its address while it has none (HTML)."""
    return echo(feed.name, FEED_NAME_LIMIT) if feed.name else echo(feed.url, URL_SHOWN)


def same_name(name: str, feeds: list[feed_store.Feed]) -> list[feed_store.Feed]:
    """The feeds named `name`, whatever the case and spacing: /feeds and their stories could tell them apart by
    number only."""
    key = " ".join(name.casefold().split())
    return [feed for feed in feeds if key and " ".join(feed.name.casefold().split()) == key]


def _when(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "never"
    if moment > now:
        return f"in {span(moment - now)}"
    return relative_time(moment, now)


def next_poll(feed: feed_store.Feed, now: datetime) -> str:
    """When the poller takes the feed next: "in 12 min", "in 5 h 17 min" (in the units of ages: "8 d ago"), or
    "due now" once that time has passed (the poller's next round, within a minute), not "5 min ago"."""
    if feed.status == "paused" or feed.same_as:
        return "—"
    if feed.next_poll_at is not None and feed.next_poll_at <= now:
        return "due now"
    return _when(feed.next_poll_at, now)


def _failing_for(feed: feed_store.Feed, now: datetime) -> str:
    """How long the feed has failed: since its last success, or since it was added when it never had one."""
    failing = now - (feed.last_success_at or feed.created_at)
    return span(failing) if failing >= timedelta(minutes=1) else "less than a minute"


def _last_error(feed: feed_store.Feed, now: datetime) -> str:
    """"last error (3×, failing for 5 h): couldn't reach news.example: no such host" (HTML)."""
    reason = shown_problem(feed.url, feed.last_error or "")[:200]
    return (f"last error ({feed.consecutive_failures}×, failing for {_failing_for(feed, now)}): "
            f"{html.escape(reason)}")


def _state(feed: feed_store.Feed) -> str:
    if feed.status == "paused":
        return "⏸ paused"
    if feed.same_as is not None:
        return "↪️ not polled"
    if feed.last_polled_at is None:
        return "⏳ not polled yet"
    return "⚠️ failing" if feed.consecutive_failures else "✅ ok"


def _quiet_line(feed: feed_store.Feed, now: datetime) -> str | None:
    """"quiet for 3 days — it usually brings ~20 a day" for a feed gone quiet (feeds.quiet) that polls fine; a
    paused or failing one is shown as such, and so is a copy of another feed (same_as), polled no more."""
    if (feed.quiet_since is None or feed.usual_per_day is None or feed.status != "active" or feed.consecutive_failures
            or feed.same_as is not None):
        return None
    return quiet_for(feed.quiet_since, feed.usual_per_day, now)


async def feeds_command(update: Update, context: Ctx) -> None:
    """/feeds: every source with its last success, last error or quiet spell, items and next poll."""
    if not await _is_admin(update, context):
        return
    feeds = await feed_store.list_feeds(context.db)
    if not feeds:
        await reply_html(update, "No feeds yet. Add one with /addfeed URL, or see /defaultfeeds.")
        return
    now = context.clock.now()
    blocks = []
    for f in feeds:
        quiet = _quiet_line(f, now)
        state = "💤 quiet" if quiet else _state(f)
        # Clipped: a feed added before names and URLs were capped can have one of thousands of characters.
        # Named, the feed's URL is on a line of its own; unnamed (its title not read yet), it is the label.
        lines = [f"<b>#{f.id}</b> {feed_label(f)} {state}" + (f" [{f.country}]" if f.country else ""),
                 *([echo(f.url, URL_SHOWN)] if f.name else []),
                 f"last success: {_when(f.last_success_at, now)} · items: {f.items_total} · "
                 f"next poll: {next_poll(f, now)}"]
        if f.same_as is not None:
            lines.append(f"#{f.id} now redirects to #{f.same_as}'s address: /removefeed {f.id} "
                         f"(#{f.same_as} brings its items)")
        if f.last_error and f.consecutive_failures:
            lines.append(_last_error(f, now))
        if quiet:
            lines.append(quiet)
        blocks.append("\n".join(lines))
    await answer_admin(update, context, blocks, header="<b>Feeds</b>", what="the feed list", again="/feeds")


async def feed_numbers(update: Update, context: Ctx, usage: str) -> list[int] | None:
    """The feed numbers given ("1 2", "1,2", "#3"), each once; None after a reply when there are none, too many,
    or a word that is no number (then nothing is done: which feeds were meant is unclear)."""
    words = [w for arg in context.args or [] for w in arg.split(",") if w]
    numbers = [parse_id(w) for w in words]
    if not words:
        await reply_html(update, usage)
        return None
    if (bad := next((w for w, n in zip(words, numbers) if n is None), None)) is not None:
        await reply_html(update, f"“{echo(bad, 20)}” is not a feed number, so I changed nothing. {usage}")
        return None
    if len(words) > FEEDS_AT_ONCE:
        await reply_html(update, f"That is {len(words)} feeds; give at most {FEEDS_AT_ONCE} at a time. I changed nothing.")
        return None
    return list(dict.fromkeys(n for n in numbers if n is not None))


async def _set_feed_status(update: Update, context: Ctx, command: str, status: str) -> None:
    """Pause or resume the feeds named in the command, a line for each; repeating it changes nothing and says so."""
    if not await _is_admin(update, context):
        return
    if (numbers := await feed_numbers(update, context, f"Usage: /{command} N, or several: /{command} 1 2 (see /feeds)")) is None:
        return
    await reply_html(update, "\n".join([await status_line(context, number, status) for number in numbers]))


async def status_line(context: Ctx, number: int, status: str) -> str:
    if await feed_store.set_status(context.db, number, status, context.clock.now()):
        done = "paused. /resumefeed {n} resumes it" if status == "paused" else "resumed: I'll poll it within a minute"
        return f"Feed #{number} {done.format(n=number)}."
    if await feed_store.get_feed(context.db, number) is None:
        return f"There is no feed #{number} (see /feeds)."
    if status == "paused":
        return f"Feed #{number} is already paused. /resumefeed {number} resumes it."
    return f"Feed #{number} is not paused. /pausefeed {number} pauses it."


async def pausefeed_command(update: Update, context: Ctx) -> None:
    """/pausefeed N [N …]: stop polling feed N until /resumefeed N (sending it twice keeps it paused)."""
    await _set_feed_status(update, context, "pausefeed", "paused")


def _suggested() -> list[dict[str, str]]:
    return list(json.loads(DEFAULT_FEEDS.read_text(encoding="utf-8")))


def _suggestion_data(place: int, url: str) -> str:
    """A suggestion's button: its place in the list and 8 characters of its address, so that a button from before
    the list changed adds nothing rather than another feed (some 20 bytes of Telegram's 64)."""
    return f"{DEFAULT_DATA}{place}:{hashlib.sha256(address_key(url).encode()).hexdigest()[:8]}"


async def defaultfeeds_command(update: Update, context: Ctx) -> None:
    """/defaultfeeds: well-known world-news feeds, each with its /addfeed line, and a ➕ button to add one or all
    (a command in a message sends only "/addfeed" when tapped)."""
    if not await _is_admin(update, context):
        return
    defaults = _suggested()
    blocks = [f"{html.escape(d['name'])}\n<code>/addfeed {html.escape(d['url'])} {html.escape(d['name'])}</code>"
              for d in defaults]
    rows = [[InlineKeyboardButton(f"➕ Add {d['name']}", callback_data=_suggestion_data(place, d["url"]))]
            for place, d in enumerate(defaults)]
    rows.append([InlineKeyboardButton(f"➕ Add all {len(defaults)}", callback_data=f"{DEFAULT_DATA}all")])
    await reply_blocks(update, blocks, header="<b>Suggested feeds</b>: tap ➕ below to add one, or all",
                       markup=InlineKeyboardMarkup(rows))


async def on_suggestion_button(update: Update, context: Ctx) -> None:
    """➕ Add <feed> or ➕ Add all under /defaultfeeds: the feeds added as /importfeeds adds them (unread, polled
    within a minute; one already listed, however typed, is not added again), the tap answered with what was."""
    query = update.callback_query
    if query is None:
        return
    user = query.from_user
    if user is None or user.id not in await admin_chat_ids(context.db, context.settings):
        await answer_tap(query, "Only admins can add feeds.", show_alert=True)
        return
    defaults = _suggested()
    wanted = (query.data or "").removeprefix(DEFAULT_DATA)
    chosen = defaults if wanted == "all" else [
        d for place, d in enumerate(defaults) if _suggestion_data(place, d["url"]) == query.data]
    if not chosen:
        await answer_tap(query, "That suggestion is no longer on the list: send /defaultfeeds again.", show_alert=True)
        return
    listed = {address_key(feed.url): feed for feed in await feed_store.list_feeds(context.db)}
    added, already = [], []
    for suggestion in chosen:
        known = listed.get(address_key(suggestion["url"]))
        feed = None if known else await feed_store.add_feed(context.db, suggestion["url"], suggestion["name"], None,
                                                            user.id, context.clock.now())
        if feed is not None:
            added.append(feed)
        else:
            already.append(known)
    await answer_tap(query, _added_answer(added, already, len(chosen)), show_alert=len(chosen) > 1)


def _added_answer(added: list[feed_store.Feed], already: list[feed_store.Feed | None], asked: int) -> str:
    """"➕ Added #3 BBC News World: I'll poll it within a minute (/feeds)." and the like, for a tap's answer."""
    if asked == 1:
        if added:
            return f"➕ Added #{added[0].id} {added[0].name}: I'll poll it within a minute (/feeds)."
        number = f" as #{already[0].id}" if already[0] else ""
        return f"That feed is already in the list{number}: /feeds shows how it is doing."
    if not added:
        return f"All {asked} are already in the list: /feeds shows them."
    numbers = f"#{added[0].id}" if len(added) == 1 else f"#{added[0].id} to #{added[-1].id}"
    had = f" {len(already)} {'was' if len(already) == 1 else 'were'} already in the list." if already else ""
    feeds = "1 feed" if len(added) == 1 else f"{len(added)} feeds"
    return f"➕ Added {feeds} ({numbers}): I'll poll {'it' if len(added) == 1 else 'them'} within a minute (/feeds).{had}"


def register(app: Application) -> None:
    app.add_handler(CommandHandler("feeds", feeds_command))
    app.add_handler(CommandHandler("pausefeed", pausefeed_command))
    app.add_handler(CommandHandler("defaultfeeds", defaultfeeds_command))
    app.add_handler(CallbackQueryHandler(on_suggestion_button, pattern=f"^{DEFAULT_DATA}"))
    app.bot_data.on_start.append(_start_poller)
    app.bot_data.on_stop.append(_stop_poller)


async def _start_poller(app: Application) -> None:
    settings = app.bot_data.settings
    if not settings.poll_feeds:
        return
    fetcher = Fetcher(new_client(), allow_private=settings.allow_private_feed_hosts)
    task = asyncio.create_task(run_poller(app.bot_data.db, fetcher, app.bot_data.clock, settings), name="feeds")
    app.bot_data.services["feeds"] = (fetcher, task)


async def _stop_poller(app: Application) -> None:
    running = app.bot_data.services.pop("feeds", None)
    if running is None:
        return
    fetcher, task = running
    await cancel_and_wait(task)
    await fetcher.client.aclose()
