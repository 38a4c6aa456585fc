"""Small helpers for replying in HTML, split under Telegram's message limit, and quoting what users typed."""
from __future__ import annotations

import html
import logging

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, TelegramError

from handlers.rate_limit import ReplyQueued
from news.format import clip, pack_messages, telegram_length

log = logging.getLogger(__name__)

ECHO_LIMIT = 64  # characters of a user's input quoted back: a name, a place, a keyword
# A button's answer holds 200 characters as Telegram counts them (UTF-16 units: an emoji counts two); a longer
# one is refused ("MESSAGE_TOO_LONG") and the tap is never answered. A chat's title named in one is cut to
# ALERT_TITLE_CAP characters, as the /manage buttons show it, so the sentence around it stays whole.
ALERT_LIMIT = 200
ALERT_TITLE_CAP = 48


def echo(text: str, limit: int = ECHO_LIMIT) -> str:
    """What a user typed, ready to quote in an HTML reply: on one line, clipped to `limit` characters with "…",
    then escaped (after clipping, so no entity is cut in half).

    A message can hold 4,096 characters, so input quoted whole can push a reply over Telegram's limit, and
    Telegram then refuses the reply: the user gets nothing.
    """
    return html.escape(clip(" ".join(text.split()), limit))


def fit_alert(text: str, limit: int = ALERT_LIMIT) -> str:
    """`text` cut to at most `limit` UTF-16 units at a word, with "…" when cut."""
    if telegram_length(text) <= limit:
        return text
    used, end = 1, 0  # "…" takes one unit
    for end, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            break
    return text[:end].rsplit(" ", 1)[0] + "…"


async def answer_tap(query: CallbackQuery, text: str | None = None, *, show_alert: bool = False) -> None:
    """Answer a button's tap, with `text` fitted to what Telegram takes (fit_alert). A tap answered too late
    (Telegram's "query is too old") is logged and the handler goes on: what the tap changed is saved already,
    and the message it redraws shows it."""
    try:
        await query.answer(fit_alert(text) if text else None, show_alert=show_alert)
    except BadRequest as error:
        if "query is too old" not in error.message.lower():
            raise
        log.info("tap answered too late, going on query=%s data=%r: %s", query.id, query.data, error.message)


async def reply_html(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> Message | None:
    message = update.effective_message
    if message is None:
        return None
    return await message.reply_html(text, reply_markup=markup, do_quote=False)


async def reply_blocks(
    update: Update, blocks: list[str], *, header: str = "", markup: InlineKeyboardMarkup | None = None
) -> None:
    """Send blocks as few messages as fit; buttons go on the last message. When the bot stops as they go
    out, the rest are queued after the first one queued (handlers.rate_limit), in order."""
    messages = pack_messages(blocks, header=header)
    queued: ReplyQueued | None = None
    for index, text in enumerate(messages):
        try:
            await reply_html(update, text, markup if index == len(messages) - 1 else None)
        except ReplyQueued as error:
            queued = queued or error
    if queued is not None:
        raise queued


async def edit_query_message(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Edit the message under a button; an edit that changes nothing is fine (Telegram says 400)."""
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as e:
        if "not modified" not in str(e).lower():
            raise


async def drop_query_button(query: CallbackQuery) -> None:
    """Take the tapped button away from its message, keeping the others (a "🔔 Subscribe" done is no offer
    any more). A message Telegram no longer lets us edit (too old, deleted) keeps it: the tap was answered."""
    message = query.message
    markup = getattr(message, "reply_markup", None)
    if markup is None:
        return
    rows = [[b for b in row if b.callback_data != query.data] for row in markup.inline_keyboard]
    rows = [row for row in rows if row]
    try:
        await query.edit_message_reply_markup(InlineKeyboardMarkup(rows) if rows else None)
    except TelegramError as e:
        log.info("button not taken away: %s", e)

