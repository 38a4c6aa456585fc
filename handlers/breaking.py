"""/breaking: an admin pushes a breaking item — paste text or a URL, pick the audience, preview, confirm.

While it sends, the admin's control message shows live progress, then the final report (handlers.push_progress).
"""
from __future__ import annotations

import html
import logging

from bs4 import BeautifulSoup
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from feeds.errors import FeedError
from feeds.fetch import Fetcher, new_client
from handlers.admins import is_admin, require_admin
from handlers.arguments import parse_id
from handlers import push_progress
from handlers.context import Ctx
from handlers.push_progress import start_watching
from handlers.rate_limit import ReplyQueued
from handlers.replies import echo, edit_query_message, reply_html
from handlers.subscription_names import describe, parse_wanted
from ingest.files import parse_text_article
from ingest.store import store_raw
from news.errors import EmptyArticleError, NewsError
from news.format import render_item
from news.models import RawArticle
from storage import articles as article_store
from storage import broadcasts as broadcast_store
from storage.outbox import OutgoingMessage

log = logging.getLogger(__name__)

AWAITING = "awaiting_breaking"
AUDIENCE_SHOWN = 12  # countries and topics named in the preview's audience line


def breaking_text(item_html: str) -> str:
    return f"🚨 <b>Breaking</b>\n\n{item_html}"


async def breaking_command(update: Update, context: Ctx) -> None:
    """Start the flow: /breaking <text or URL>, as a reply to a message, or alone (then paste)."""
    if not await require_admin(update, context):
        return
    message = update.effective_message
    assert message is not None
    text = message.text.partition(" ")[2].strip() if message.text else ""
    if not text and message.reply_to_message:
        text = message.reply_to_message.text or message.reply_to_message.caption or ""
    if text:
        await make_draft(update, context, text)
        return
    context.user_data[AWAITING] = True
    await reply_html(update, "Send the breaking item: its text (first line = headline) or a link. /cancel to stop.")


async def pasted(update: Update, context: Ctx) -> None:
    """The admin's next message after a bare /breaking."""
    if not context.user_data.pop(AWAITING, False):
        return
    if update.effective_user and await is_admin(context, update.effective_user.id):
        await make_draft(update, context, update.effective_message.text or "")  # type: ignore[union-attr]


async def cancel_command(update: Update, context: Ctx) -> None:
    if context.user_data.pop(AWAITING, False):
        await reply_html(update, "Cancelled.")
    else:
        await reply_html(update, "Nothing to cancel.")


async def _raw_from(context: Ctx, text: str) -> RawArticle:
    if text.startswith(("http://", "https://")) and " " not in text:
        async with new_client() as client:
            result = await Fetcher(client, allow_private=context.settings.allow_private_feed_hosts, timeout=15.0).fetch(text)
        page = BeautifulSoup(result.body, "lxml")
        title = page.title.get_text(strip=True) if page.title else ""
        return RawArticle(title=title, text=result.body.decode("utf-8", "replace"), url=result.url, source="", is_html=True)
    return parse_text_article(text, source="")


NOTHING_TO_SEND = (
    "I found nothing to send in that: once site names, photo credits and share buttons are left out, no headline "
    "or text remains (a bare “Big news” reads as a site name). Send the headline on the first line and the story "
    "below it, or a link to the article."
)


async def make_draft(update: Update, context: Ctx, text: str) -> None:
    """Clean and store the item, pre-select its countries and topics, show the preview and the controls."""
    now = context.clock.now()
    try:
        processed, saved = await store_raw(context.db, await _raw_from(context, text), now, held=True)
    except EmptyArticleError:
        await reply_html(update, NOTHING_TO_SEND)
        return
    except (FeedError, NewsError) as e:
        await reply_html(update, f"I couldn't use that: {echo(str(e), 300)}")
        return
    tags = tuple([("country", c.code) for c in processed.countries[:3]] + [("topic", t.topic) for t in processed.topics[:1]])
    audience = broadcast_store.Audience(everyone=not tags, tags=tags)
    article = await article_store.get_article(context.db, saved.article_id)
    assert article is not None and update.effective_user is not None
    preview = breaking_text(render_item(article, now))
    broadcast_id = await broadcast_store.create_draft(context.db, update.effective_user.id, article.id, preview, audience, now)
    try:
        await reply_html(update, preview)
    except ReplyQueued:  # the bot is stopping: the controls are queued behind the preview, to use once it runs
        await _show_controls(update, context, broadcast_id)
        raise
    await _show_controls(update, context, broadcast_id)


async def controls(context: Ctx, broadcast_id: int) -> tuple[str, InlineKeyboardMarkup]:
    broadcast = await broadcast_store.get(context.db, broadcast_id)
    assert broadcast is not None
    audience = broadcast.audience
    recipients = len(await broadcast_store.audience_chat_ids(context.db, audience))
    names = [describe(k, v) for k, v in audience.tags]
    # An admin can name every country: the first few keep the message under Telegram's limit.
    listed = ", ".join(names[:AUDIENCE_SHOWN]) + (f" and {len(names) - AUDIENCE_SHOWN} more" if len(names) > AUDIENCE_SHOWN else "")
    chosen = "everyone" if audience.everyone else listed or "nobody"
    text = (f"⬆️ Preview of breaking push #{broadcast_id}\nAudience: {html.escape(chosen)}\nRecipients: <b>{recipients}</b>\n"
            f"Other audience: /audience {broadcast_id} morocco, tech")
    rows = [[InlineKeyboardButton(("● " if audience.everyone else "") + "Everyone", callback_data=f"bk:{broadcast_id}:all")]]
    if audience.tags:
        label = ", ".join(describe(k, v) for k, v in audience.tags)
        rows.append([InlineKeyboardButton(("● " if not audience.everyone else "") + label[:60], callback_data=f"bk:{broadcast_id}:tags")])
    rows.append([InlineKeyboardButton("✅ Confirm", callback_data=f"bk:{broadcast_id}:go"),
                 InlineKeyboardButton("✏️ Edit", callback_data=f"bk:{broadcast_id}:edit"),
                 InlineKeyboardButton("✖ Cancel", callback_data=f"bk:{broadcast_id}:no")])
    return text, InlineKeyboardMarkup(rows)


async def audience_command(update: Update, context: Ctx) -> None:
    """/audience N <countries and topics, comma-separated>: send push N to those subscribers instead."""
    if not await require_admin(update, context):
        return
    args = context.args or []
    number = parse_id(args[0]) if args else None
    broadcast = await broadcast_store.get(context.db, number) if number is not None else None
    if broadcast is None or broadcast.status != "draft" or len(args) < 2:
        await reply_html(update, "Usage: /audience &lt;push number&gt; morocco, israel, tech — or everyone (a push not sent yet)")
        return
    if " ".join(args[1:]).strip().lower() in ("everyone", "all", "all subscribers"):
        await broadcast_store.set_everyone(context.db, broadcast.id, True)
        await _show_controls(update, context, broadcast.id)
        return
    tags, unknown = [], []
    for name in " ".join(args[1:]).split(","):
        wanted, _ = parse_wanted(name.split())
        if wanted is None:
            unknown.append(name.strip())
        else:
            tags.append((wanted.kind, wanted.value))
    if unknown or not tags:
        shown = ", ".join(echo(name, 40) for name in unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        await reply_html(update, f"I don't know: {shown or 'nothing given'}. /countries and /topics list names.")
        return
    await broadcast_store.set_audience(context.db, broadcast.id, broadcast_store.Audience(False, tuple(dict.fromkeys(tags))))
    await _show_controls(update, context, broadcast.id)


async def _show_controls(update: Update, context: Ctx, broadcast_id: int) -> None:
    """The draft's controls in a new message, which the push's progress and report then edit."""
    text, markup = await controls(context, broadcast_id)
    control = await reply_html(update, text, markup)
    if control is not None:
        await broadcast_store.set_progress_message(context.db, broadcast_id, control.chat.id, control.message_id)


async def on_button(update: Update, context: Ctx) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    if not (query.from_user and await is_admin(context, query.from_user.id)):
        await query.answer("This is for admins.", show_alert=True)
        return
    _, raw_id, action = (query.data.split(":") + ["", ""])[:3]
    number = parse_id(raw_id)
    broadcast = await broadcast_store.get(context.db, number) if number is not None else None
    if broadcast is None or broadcast.status != "draft":
        await query.answer("This push was already sent or cancelled.", show_alert=True)
        return
    now = context.clock.now()
    if action in ("all", "tags"):
        await broadcast_store.set_everyone(context.db, broadcast.id, action == "all")
        text, markup = await controls(context, broadcast.id)
        await query.answer()
        await edit_query_message(query, text, markup)
    elif action == "no":
        await broadcast_store.discard_draft(context.db, broadcast.id, now)
        await query.answer("Cancelled")
        await edit_query_message(query, f"Breaking push #{broadcast.id} cancelled; nothing was sent.", None)
    elif action == "edit":
        await broadcast_store.discard_draft(context.db, broadcast.id, now)
        context.user_data[AWAITING] = True
        await query.answer()
        await edit_query_message(query, "Send the corrected text or link.", None)
    elif action == "go":
        await confirm(query, context, broadcast)
    else:
        await query.answer("This button is no longer valid.", show_alert=True)


async def confirm(query, context: Ctx, broadcast: broadcast_store.Broadcast) -> None:  # type: ignore[no-untyped-def]
    article = await article_store.get_article(context.db, broadcast.article_id or 0)
    if article is None:
        await query.answer("The item is gone; start again with /breaking.", show_alert=True)
        return
    total = await broadcast_store.start(context.db, broadcast.id, OutgoingMessage(broadcast.text), (article.story_id, article.id), context.clock.now())
    await query.answer(f"Sending to {total}")
    if query.message is not None:  # progress and report go in the controls tapped (sent from the outbox, say)
        await broadcast_store.set_progress_message(context.db, broadcast.id, query.message.chat.id, query.message.message_id)
    if "delivery" in context.bot_data.services:
        context.bot_data.services["delivery"].wake()
    start_watching(context.application, broadcast.id, total)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("breaking", breaking_command))
    app.add_handler(CommandHandler("cancel", cancel_command))
    app.add_handler(CommandHandler("audience", audience_command))
    app.add_handler(CallbackQueryHandler(on_button, pattern=r"^bk:"))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE, pasted), group=1)
    push_progress.register(app)
