"""/unsubscribe all and /stop: stop following everything at once, after a confirmation that shows what goes.

Many bots stop with /stop, so ours does what /unsubscribe all does. Nothing is removed before the tap: the
confirmation lists what the chat follows with its filters, and its button carries the newest subscription's id and a
key of the set shown (storage.unfollowed.shown_key), so something followed after the question was asked is kept, even
with a freed id; when the set is no longer the one shown, the tap asks again with the list as it is now. The tap
also turns breaking news off, which a push to everyone would otherwise still bring. Once done, the message keeps
that list, with a ↩️ Undo that follows them all again with their filters for a week (handlers.unfollow_undo), and
gives the /subscribe that follows them again after that.
"""
from __future__ import annotations

import html
import logging

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from handlers.arguments import parse_id
from handlers.context import Ctx
from handlers.replies import answer_tap, edit_query_message, reply_html
from handlers.subscription_names import describe, listed, name_list, plain_name
from handlers.targets import Target, resolve_target, tapped
from news.format import MESSAGE_LIMIT, telegram_length
from storage import subscriptions as subscription_store
from storage import unfollowed as unfollowed_store
from storage.subscriptions import Subscription
from storage.unfollowed import UNDO_PERIOD

log = logging.getLogger(__name__)

EVERYTHING = frozenset({"all", "everything"})  # /unsubscribe all, /unsubscribe everything
AGAIN_NAMES = 50  # names in the /subscribe that follows them again: as many as a chat may follow (handlers.subscribe)
BREAK_HINT = "Only want a break? /pause 3d stops digests and breaking news for three days and keeps what it follows."
UNDO_DATA = "undo:"  # + the removed set's token (storage.unfollowed); handlers.unfollow_undo answers the tap
UNDO_LINE = f"↩️ Undo follows them all again, keyword filters and all, for {UNDO_PERIOD.days} days."
ASKED_AGAIN = ("What it follows may have changed since I asked: the message shows it as it is now. Tap 🔕 Unfollow all "
               "again to stop it all.")


def asks_for_everything(args: list[str] | None) -> bool:
    return bool(args) and len(args) == 1 and args[0].lower() in EVERYTHING  # type: ignore[index]


async def stop_command(update: Update, context: Ctx) -> None:
    """/stop: the same question as /unsubscribe all; in a group, a bare /stop not addressed to us may be
    for another bot, so a member who may not change the group is not told off for it."""
    chat, message = update.effective_chat, update.effective_message
    first_word = (message.text or "").split()[0] if message and message.text else ""
    in_group = chat is not None and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)
    target = await resolve_target(update, context, quiet=in_group and "@" not in first_word)
    if target is not None:
        await ask_to_stop(update, context, target)


async def ask_to_stop(update: Update, context: Ctx, target: Target) -> None:
    """What the chat would stop following, with 🔕 Unfollow all and Keep them; or that it follows nothing."""
    await reply_html(update, *await _question(context, target))


async def _question(context: Ctx, target: Target) -> tuple[str, InlineKeyboardMarkup | None]:
    subs = await subscription_store.list_for_chat(context.db, target.chat.id)
    who = target.label_html(sentence_start=True)
    if not subs:
        return (f"{who} follows nothing, so there is nothing to stop. "
                "Follow something with /subscribe morocco or /subscribe tech.", None)
    newest = max(s.id for s in subs)
    text = "\n".join([f"<b>Stop following everything?</b> {who} would no longer follow:", *listed(subs), "",
                      "Its digests stop until it follows something again, and breaking news until /breaking_alerts on. "
                      + BREAK_HINT])
    go = f"ua:go:{newest}:{unfollowed_store.shown_key(subs)}"
    markup = InlineKeyboardMarkup([[
        InlineKeyboardButton(f"🔕 Unfollow all {len(subs)}", callback_data=target.button(go)),
        InlineKeyboardButton("Keep them", callback_data=target.button("ua:keep")),
    ]])
    return text, markup


async def _ask_again(query: CallbackQuery, context: Ctx, target: Target) -> None:
    """The set is not the one the question showed (or its button names none: from before sets were named)."""
    await answer_tap(query, ASKED_AGAIN, show_alert=True)
    await edit_query_message(query, *await _question(context, target))


def _stopped_text(target: Target, removed: list[Subscription]) -> str:
    """The list as it was, and the /subscribe that follows them again (filters are set again one by one)."""
    who = target.label_html(sentence_start=True)
    # In lower case, as readers type them and /start shows them ("morocco, south korea, tech"), not "Morocco, … tech".
    again = "/subscribe " + ", ".join(plain_name(s.kind, s.value).lower() for s in removed[:AGAIN_NAMES])
    way_back = f"To follow them again, send <code>{html.escape(again)}</code>"
    if len(removed) > AGAIN_NAMES:
        way_back = f"To follow the first {AGAIN_NAMES} again, send <code>{html.escape(again)}</code>"
    if any(s.include or s.exclude for s in removed):
        way_back += ", then set their keyword filters again with /subscribe NAME +word -word."
    budget = MESSAGE_LIMIT - telegram_length(way_back) - 400  # the first line, the Undo line, and room to spare
    where = "to it" if target.elsewhere else "here"
    first = (f"🔕 {who} no longer follows anything, and no breaking news comes {where} either; /breaking_alerts on "
             "brings it back. It followed:")
    return "\n".join([first, *listed(removed, budget), "", UNDO_LINE, way_back])


async def on_button(update: Update, context: Ctx) -> None:
    """🔕 Unfollow all (what the question showed) or Keep them; the message then says what was done."""
    if (tap := await tapped(update, context)) is None:
        return  # the tap is answered
    query, target, data = tap
    parts = data.split(":")
    if parts == ["ua", "keep"]:
        subs = await subscription_store.list_for_chat(context.db, target.chat.id)
        names = [html.escape(describe(s.kind, s.value)) for s in subs]
        kept = (f"{target.label_html(sentence_start=True)} still follows {name_list(names)}." if names
                else f"{target.label_html(sentence_start=True)} follows nothing.")
        await answer_tap(query, "Nothing changed.")
        await edit_query_message(query, f"Nothing changed. {kept}", None)
        return
    if len(parts) == 3 and parts[:2] == ["ua", "go"] and parse_id(parts[2]) is not None:
        await _ask_again(query, context, target)  # a button from before they carried the set's key
        return
    if len(parts) == 4 and parts[:2] == ["ua", "go"] and (newest := parse_id(parts[2])) is not None:
        unfollowed = await unfollowed_store.unfollow_all(context.db, target.chat.id, newest, parts[3],
                                                         context.clock.now())
        if unfollowed == "gone":
            await answer_tap(query, "Nothing to unfollow: it follows none of them any more.")
            await edit_query_message(query, f"{target.label_html(sentence_start=True)} follows none of them any more.", None)
            return
        if unfollowed == "changed":
            await _ask_again(query, context, target)
            return
        removed = unfollowed.removed
        log.info("unfollowed all chat_id=%s count=%s", target.chat.id, len(removed))
        await answer_tap(query, f"🔕 Unfollowed {len(removed)}.")
        undo = InlineKeyboardButton("↩️ Undo", callback_data=target.button(UNDO_DATA + unfollowed.token))
        await edit_query_message(query, _stopped_text(target, removed), InlineKeyboardMarkup([[undo]]))
        return
    log.info("stale or unknown unfollow-all button data=%r", query.data)
    await answer_tap(query, "This button is no longer valid — send /unsubscribe all again.", show_alert=True)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("stop", stop_command))
    app.add_handler(CallbackQueryHandler(on_button, pattern=r"^ua:"))
