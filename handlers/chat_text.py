"""Plain text in a private chat: a country or topic name gets its command, anything else a pointer to /help.

A reader who types "morocco" instead of /morocco should not meet silence. An admin's next message after a
bare /breaking is the breaking item itself (handlers.breaking), so it gets no answer here, nor does a story the
reader shared with "@bot …" (handlers.inline), which Telegram sends the bot too.
"""
from __future__ import annotations

import html

from telegram import Update
from telegram.ext import Application, MessageHandler, filters

from handlers.breaking_waits import awaited_elsewhere, awaiting_item, lapsed_wait
from handlers.context import Ctx
from handlers.replies import reply_html
from news.countries import country_named
from news.topics import resolve_topic
from storage import subscriptions as subscription_store


async def on_text(update: Update, context: Ctx) -> None:
    message = update.effective_message
    if message is None or not message.text or await awaiting_item(update, context):
        return
    words = message.text.strip()
    topic = resolve_topic(words) if len(words) <= 60 else None
    country = None if topic or len(words) > 60 else country_named(words)
    if topic is not None:
        name, command, followed = topic.name, topic.command, ("topic", topic.key)
    elif country is not None:
        name, command, followed = country.name, country.command, ("country", country.code)
    else:
        await reply_html(update, await lapsed_wait(update, context) or await awaited_elsewhere(update, context)
                         or "I answer commands: try /latest, /morocco or /search earthquake. /help lists them all.")
        return
    if followed in {(s.kind, s.value) for s in await subscription_store.list_for_chat(context.db, message.chat.id)}:
        await reply_html(update, f"For {html.escape(name)}, tap /{command} — this chat follows it already (/subscriptions).")
    else:
        await reply_html(update, f"For {html.escape(name)}, tap /{command} — or /subscribe {command} for a daily digest.")


def register(app: Application) -> None:
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & ~filters.VIA_BOT & filters.ChatType.PRIVATE, on_text))
