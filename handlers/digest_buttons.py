"""A digest message's "3 · Longer summary ▸" and "3 · Shorter summary ▴" buttons: an item's longer summary shown in
place, and back."""
from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.ext import Application, CallbackQueryHandler

from delivery.topic_notes import note_in, noted
from digests.compose import expandable, more_buttons
from handlers import digest_leftovers
from handlers.context import Ctx
from handlers.news import chat_zone
from handlers.replies import answer_tap, edit_query_message
from news.digest import DigestEntry, expand_entry, leftovers_label, redraw_part
from news.format import MESSAGE_LIMIT, visible_length
from storage import articles as article_store
from storage import digests as digest_store


async def more_button(update: Update, context: Ctx) -> None:
    """"N · Longer summary ▸" under a digest: that item's longer summary, in place, its button turned
    "N · Shorter summary ▴", which puts the message back as it was sent."""
    query = update.callback_query
    assert query is not None and query.data is not None
    action, *fields = query.data.split(":")
    # ids from the button's data: a tampered client may send anything, such as numbers SQLite cannot hold
    ids = [int(f) if f.isascii() and f.isdigit() and len(f) <= 15 else None for f in fields]
    if len(ids) != 3 or None in ids:
        await answer_tap(query, "This button is no longer valid.", show_alert=True)
        return
    digest_id_i, part_i, number_i = ids
    chat_id = await digest_store.digest_chat(context.db, digest_id_i)
    items = await digest_store.part_items(context.db, digest_id_i, part_i)
    if chat_id != (query.message.chat.id if query.message else None) or number_i not in {i.number for i in items}:
        await answer_tap(query, "This digest is no longer available.", show_alert=True)
        return
    articles = await article_store.get_articles(context.db, [i.article_id for i in items])
    entries = [DigestEntry(i.number, articles[i.article_id], i.heading, i.more_line)
               for i in items if i.article_id in articles]
    now = context.clock.now()
    zone = await chat_zone(context, chat_id)
    # A forum's note on its closed or deleted news topic, atop the message moved to General, stays atop it.
    note = note_in(getattr(query.message, "text", None) or "")
    room = MESSAGE_LIMIT - (visible_length(noted(note, "")) if note else 0)
    as_sent = redraw_part(entries, now, zone, first=part_i == 0)
    if query.message.chat.type == ChatType.CHANNEL:  # a post from before channel digests lost their buttons
        await answer_tap(query, "In a channel a tap would change the post for every reader: the headline links to the "
                         "whole story.", show_alert=True)
        await edit_query_message(query, _with(note, as_sent), None)
        return
    expanded = expand_entry(entries, number_i, now, zone, first=part_i == 0, room=room)
    if action == "more" and expanded is None:
        await answer_tap(query, "This message is full: the headline links to the whole story.", show_alert=True)
        return
    if action == "more" and expanded == as_sent:  # the summary shown is the whole of it
        await answer_tap(query, f"Item {number_i} has no longer summary: that is all of it.")
        return
    longer = action == "more"
    left = await digest_store.leftovers(context.db, digest_id_i, [i.number for i in items if i.more_line])
    markup = more_buttons(digest_id_i, part_i, expandable(entries), number_i if longer else None,
                          [(n, leftovers_label(lo.heading, len(lo.article_ids))) for n, lo in sorted(left.items())])
    await answer_tap(query)
    await edit_query_message(query, _with(note, expanded if longer and expanded else as_sent),
                             InlineKeyboardMarkup.de_json(markup, context.bot))


def _with(note: str | None, text: str) -> str:
    """The message redrawn, with the note it began with (delivery.topic_notes) still first."""
    return noted(note, text) if note else text


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(more_button, pattern=r"^(more|less):"))
    digest_leftovers.register(app)
