"""/removefeed N [N …]: the feeds named, and a 🗑 Remove button; nothing goes before the tap.

Removing a feed forgets which items it delivered (a feed added again would bring them all back as new), so a number
mistyped should not cost a feed at once: the question names each feed, as BotFather names the bot it would delete.
The button carries the feed numbers and a key of the exact feeds shown (their numbers, addresses and when they were
added): a feed number is handed out again once its feed is gone (feeds.id has no AUTOINCREMENT), and an old button
must not remove the feed that took it.
"""
from __future__ import annotations

import base64
import hashlib
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from handlers.admins import is_admin, require_admin
from handlers.context import Ctx
from handlers.feeds import URL_SHOWN, feed_label, feed_numbers
from handlers.replies import answer_tap, echo, edit_query_message, reply_html
from storage import feeds as feed_store
from storage.timefmt import to_db

log = logging.getLogger(__name__)

REMOVE_DATA = "rmf:"  # + key + ":" + the feed numbers, comma-separated
KEEP_DATA = "rmf:keep"
CALLBACK_DATA_BYTES = 64  # Telegram's limit
USAGE = "Usage: /removefeed N, or several: /removefeed 1 2 (see /feeds)"


def _key(feeds: list[feed_store.Feed]) -> str:
    """8 characters naming exactly these feeds (none of them ":", which the button data splits on)."""
    text = ";".join(f"{f.id}:{to_db(f.created_at)}:{f.url}" for f in sorted(feeds, key=lambda f: f.id))
    return base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()[:6]).decode()


def _named(feed: feed_store.Feed) -> str:
    return f"#{feed.id} {feed_label(feed)}"


def _add_again(feed: feed_store.Feed) -> str:
    """The /addfeed that adds the feed again, with its name and country (HTML)."""
    words = [feed.url, feed.name, f"country={feed.country}" if feed.country else ""]
    return f"<code>/addfeed {echo(' '.join(w for w in words if w), URL_SHOWN + 100)}</code>"


async def removefeed_command(update: Update, context: Ctx) -> None:
    """/removefeed N [N …]: which feeds would go, with 🗑 Remove and Keep buttons (a line for a number with no
    feed)."""
    if not await require_admin(update, context):
        return
    if (numbers := await feed_numbers(update, context, USAGE)) is None:
        return
    feeds = [feed for n in numbers if (feed := await feed_store.get_feed(context.db, n)) is not None]
    missing = [f"There is no feed #{n} (see /feeds)." for n in numbers if n not in {f.id for f in feeds}]
    if not feeds:
        await reply_html(update, "\n".join(missing))
        return
    data = f"{REMOVE_DATA}{_key(feeds)}:{','.join(str(f.id) for f in feeds)}"
    if len(data.encode()) > CALLBACK_DATA_BYTES:
        await reply_html(update, f"That is {len(feeds)} feeds; remove fewer at a time (ten, say). I changed nothing.")
        return
    if len(feeds) == 1:
        [feed] = feeds
        question = (f"Remove feed {_named(feed)}?\n{echo(feed.url, URL_SHOWN)}\n\nI'll stop polling it and forget "
                    f"which items it delivered; the stories it brought stay. To stop it for a while: "
                    f"/pausefeed {feed.id}")
        remove, keep = f"🗑 Remove #{feed.id}", "Keep it"
    else:
        question = (f"Remove these {len(feeds)} feeds?\n" + "\n".join(_named(f) for f in feeds)
                    + "\n\nI'll stop polling them and forget which items they delivered; the stories they brought "
                      "stay.")
        remove, keep = f"🗑 Remove {len(feeds)} feeds", "Keep them"
    buttons = InlineKeyboardMarkup([[InlineKeyboardButton(remove, callback_data=data),
                                     InlineKeyboardButton(keep, callback_data=KEEP_DATA)]])
    await reply_html(update, "\n".join([question, *([""] + missing if missing else [])]), buttons)


async def on_button(update: Update, context: Ctx) -> None:
    """🗑 Remove (the feeds the question showed, if they are still those) or Keep; the message then says what was
    done."""
    query = update.callback_query
    if query is None:
        return
    if query.from_user is None or not await is_admin(context, query.from_user.id):
        await answer_tap(query, "Only admins can remove feeds.", show_alert=True)
        return
    if query.data == KEEP_DATA:
        await answer_tap(query, "Nothing removed.")
        await edit_query_message(query, "Nothing removed; /feeds lists them all.", None)
        return
    key, _, numbers = (query.data or "").removeprefix(REMOVE_DATA).partition(":")
    ids = [int(n) for n in numbers.split(",") if n.isdigit()]
    feeds = [feed for n in ids if (feed := await feed_store.get_feed(context.db, n)) is not None]
    if not ids or len(feeds) != len(ids) or _key(feeds) != key:
        log.info("stale remove-feed button data=%r", query.data)
        await answer_tap(query, "The feed list changed since I asked, so I removed nothing — send /removefeed again.",
                         show_alert=True)
        await edit_query_message(query, "Nothing removed: the feed list changed since I asked. /feeds shows it now.",
                                 None)
        return
    for feed in feeds:
        await feed_store.remove_feed(context.db, feed.id)
    log.info("feeds removed ids=%s by=%s", ids, query.from_user.id)
    await answer_tap(query, "🗑 Removed." if len(feeds) == 1 else f"🗑 Removed {len(feeds)} feeds.")
    lines = [f"🗑 Removed feed {_named(f)}." for f in feeds]
    again = "To add it again" if len(feeds) == 1 else "To add them again"
    await edit_query_message(query, "\n".join([*lines, "", f"The stories stay. {again}:",
                                              *(_add_again(f) for f in feeds)]), None)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("removefeed", removefeed_command))
    app.add_handler(CallbackQueryHandler(on_button, pattern=r"^rmf:"))

