"""What a digest's section left for its "and 14 more": the "🇲🇦 Morocco: 14 more ▸" button under the digest, and in a
channel the "and 14 more ▸" link that opens the bot (t.me/<bot>?start=more_12_6).

/morocco would show the section's latest stories, which the digest has just shown; these are the ones it left
(storage.digests.Leftovers), a page at a time.
"""
from __future__ import annotations

import html
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler

from handlers.context import Ctx
from handlers.news import chat_zone
from handlers.replies import answer_tap, drop_query_button, reply_blocks, reply_html
from news.format import render_item
from storage import articles as article_store
from storage import digests as digest_store

PER_PAGE = 8  # stories a page shows; "N more ▸" under it brings the next
START_LINK = re.compile(r"more_(\d{1,15})_(\d{1,6})")  # /start more_<digest>_<item number>, see digests.compose
GONE = "That digest's other stories are no longer available: /latest has the newest."
SHOWN = "Shown above ↑"


async def leftovers_button(update: Update, context: Ctx) -> None:
    """"🇲🇦 Morocco: 14 more ▸" under a digest (or "6 more ▸" under a page of them): the next stories the section left,
    in a message of their own."""
    query = update.callback_query
    assert query is not None and query.data is not None
    # ids from the button's data: a tampered client may send anything, such as numbers SQLite cannot hold
    fields = [int(f) if f.isascii() and f.isdigit() and len(f) <= 15 else None for f in query.data.split(":")[1:]]
    if len(fields) != 3 or None in fields:
        await answer_tap(query, "This button is no longer valid.", show_alert=True)
        return
    digest_id, number, offset = fields
    where = await digest_store.digest_chat_type(context.db, digest_id)
    left = (await digest_store.leftovers(context.db, digest_id, [number])).get(number)
    here = query.message.chat.id if query.message else None
    # A channel's leftovers are for any of its readers, in their chat with the bot; others' only in their own chat.
    if where is None or left is None or offset >= len(left.article_ids) or (where[0] != here and where[1] != "channel"):
        await answer_tap(query, "This digest is no longer available.", show_alert=True)
        return
    if not await digest_store.claim_page(context.db, digest_id, number, offset, here, context.clock.now()):
        await answer_tap(query, SHOWN)  # in a group, another member's tap on the same button, or a double tap
        return
    await answer_tap(query)
    if offset:
        await drop_query_button(query)  # each page once: a second tap would post it again
    await _show(update, context, left, offset)


async def start_link(update: Update, context: Ctx, link: str) -> bool:
    """/start more_12_6, from a channel digest's "and 14 more ▸": what that section left. False for another link."""
    match = START_LINK.fullmatch(link)
    if match is None:
        return False
    digest_id, number = int(match[1]), int(match[2])
    where = await digest_store.digest_chat_type(context.db, digest_id)
    left = (await digest_store.leftovers(context.db, digest_id, [number])).get(number)
    if where is None or where[1] != "channel" or left is None:  # another chat's digest is its own business
        await reply_html(update, GONE)
    else:
        await _show(update, context, left, 0)
    return True


async def _show(update: Update, context: Ctx, left: digest_store.Leftovers, offset: int) -> None:
    assert update.effective_chat is not None
    page = left.article_ids[offset : offset + PER_PAGE]
    found = await article_store.get_articles(context.db, list(page))
    articles = [found[i] for i in page if i in found]  # in the section's order; one since removed is left out
    if not articles:
        await reply_html(update, GONE)
        return
    rest = len(left.article_ids) - offset - len(page)
    markup = InlineKeyboardMarkup([[InlineKeyboardButton(
        f"{rest} more ▸", callback_data=f"left:{left.digest_id}:{left.number}:{offset + len(page)}")]]) if rest > 0 else None
    total = len(left.article_ids)
    shown = f"{offset + 1}–{offset + len(page)} of {total}" if total > 1 else "1 of 1"
    header = f"<b>{html.escape(left.heading)}</b> — more from the digest ({shown})"
    now, zone = context.clock.now(), await chat_zone(context, update.effective_chat.id)
    await reply_blocks(update, [render_item(a, now, zone) for a in articles], header=header, markup=markup)


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(leftovers_button, pattern=r"^left:"))
