"""🔔 Subscribe under a country's or topic's stories, and the 🔕 Unfollow that takes it back.

The button carries the chat it changes when that is not the chat it is in (a channel managed from a private
chat: handlers.targets), so it acts where /subscribe would; its tap says which chat, and what /subscribe says.
"""
from __future__ import annotations

import html
import logging

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.ext import Application, CallbackQueryHandler

from handlers.context import Ctx
from handlers.replies import answer_tap, drop_query_button, edit_query_message, reply_html
from handlers.subscribe import FULL_ALERT, MAX_SUBSCRIPTIONS, breaking_off_line, decode_name, schedule_line
from handlers.subscription_names import describe, plain_name
from handlers.targets import Target, tapped
from storage import subscriptions as subscription_store

log = logging.getLogger(__name__)


async def on_button(update: Update, context: Ctx) -> None:
    """"sub:country:MA" follows, "sub:u:c:MA" unfollows (with "@<chat id>" for a managed channel)."""
    if (tap := await tapped(update, context)) is None:
        return  # the tap is answered
    query, target, data = tap
    parts = data.split(":")
    if len(parts) == 3 and (named := decode_name(parts[1], parts[2])):
        await _subscribe_tap(update, context, target, named)
    elif len(parts) == 4 and parts[1] == "u" and (named := decode_name(parts[2], parts[3])):
        await _unfollow_tap(context, target, query, named)
    else:
        log.info("stale or unknown subscribe button data=%r", query.data)
        await answer_tap(query, "This button is no longer valid — send /subscribe again.", show_alert=True)


async def _subscribe_tap(update: Update, context: Ctx, target: Target, followed_as: tuple[str, str]) -> None:
    """🔔 Subscribe under a country's or topic's stories: follow it, then say once what /subscribe says (when the
    digests come, /digest and /timezone) with a 🔕 Unfollow that takes it back. Named: an admin managing a channel
    may wonder which chat the button changed. In a channel the alert says it, rather than a post every reader sees."""
    query = update.callback_query
    assert query is not None
    followed = await subscription_store.follow(context.db, target.chat.id, *followed_as, context.clock.now(),
                                               limit=MAX_SUBSCRIPTIONS)
    if followed.outcome == "full":
        await answer_tap(query, FULL_ALERT, show_alert=True)
        return
    name = describe(*followed_as)
    if followed.outcome != "new":
        await answer_tap(query, f"🔔 {target.alert_label} already follows {name}.")
        await drop_query_button(query)
        return
    now_follows = f"🔔 {target.alert_label} now follows {name}."
    chat = update.effective_chat
    if chat is not None and chat.type == ChatType.CHANNEL and not target.elsewhere:
        await answer_tap(query, f"{now_follows} Its digest settings: /settings here, or /manage in a private chat with me.",
                         show_alert=True)
        await drop_query_button(query)
        return
    await answer_tap(query, now_follows)
    await drop_query_button(query)
    kind, value = followed_as
    unfollow = InlineKeyboardButton(f"🔕 Unfollow {name}", callback_data=target.button(f"sub:u:{kind[0]}:{value}"))
    lines = [f"🔔 {target.label_html(sentence_start=True)} now follows {html.escape(name)}.", schedule_line(target),
             *breaking_off_line(target)]
    await reply_html(update, "\n".join(lines), InlineKeyboardMarkup([[unfollow]]))


async def _unfollow_tap(context: Ctx, target: Target, query: CallbackQuery, named: tuple[str, str]) -> None:
    """🔕 Unfollow under what a 🔔 Subscribe tap followed: take it back, and the message says so."""
    removed = await subscription_store.unsubscribe(context.db, target.chat.id, *named)
    name = html.escape(describe(*named))
    who = target.label_html(sentence_start=True)
    await answer_tap(query, f"🔕 Unfollowed {describe(*named)}." if removed else "Already unfollowed.")
    again = f"/subscribe {html.escape(plain_name(*named))} follows it again."
    text = f"🔕 {who} no longer follows {name}. {again}" if removed else f"{who} doesn't follow {name}. {again}"
    await edit_query_message(query, text, None)


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(on_button, pattern=r"^sub:"))
