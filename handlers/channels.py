"""/manage @channel: a channel admin manages the channel's subscriptions from a private chat."""
from __future__ import annotations

import html
import re

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application, CommandHandler

from handlers.context import Ctx
from handlers.replies import echo, reply_html
from handlers.targets import is_chat_admin
from storage import chats as chat_store

USAGE = "Usage: /manage @yourchannel — then /subscribe, /digest … change that channel. /manage off goes back to this chat."


async def manage_command(update: Update, context: Ctx) -> None:
    """Choose the channel that settings commands in this private chat change."""
    chat, user = update.effective_chat, update.effective_user
    if chat is not None and chat.type != ChatType.PRIVATE:  # a channel's own post too, which has no sender
        await reply_html(update, "Send /manage in a private chat with me.")
        return
    if chat is None or user is None:
        return
    arg = (context.args or [""])[0]
    if not arg:
        managed = await chat_store.managing(context.db, user.id)
        stored = await chat_store.get_chat(context.db, managed) if managed is not None else None
        if stored is not None:  # which one, before a change lands there
            await reply_html(update, f"📣 You manage {html.escape(stored.title or str(stored.id))} from here: settings "
                                     "commands change it. /manage off goes back to this chat.")
        else:
            await reply_html(update, USAGE)
        return
    # A channel's link as Telegram shares it, https://t.me/name, names it as @name does.
    arg = re.sub(r"^(?:https?://)?(?:www\.)?(?:t|telegram)\.me/", "@", arg, flags=re.IGNORECASE)
    if arg.lower() in ("off", "me", "stop"):
        await chat_store.set_managing(context.db, user.id, None)
        await reply_html(update, "Settings commands change this chat again.")
        return
    try:
        channel = await context.bot.get_chat(arg if arg.startswith("@") or arg.lstrip("-").isdigit() else f"@{arg}")
    except TelegramError:
        await reply_html(update, f"I can't see {echo(arg)}. Add me to the channel as an admin first.")
        return
    if channel.type != ChatType.CHANNEL:
        await reply_html(update, f"{echo(arg)} is not a channel. In a group, use the commands in the group itself.")
        return
    if not await is_chat_admin(context, channel.id, user.id):
        await reply_html(update, f"Only admins of {echo(arg)} can manage its subscriptions.")
        return
    if not await is_chat_admin(context, channel.id, context.bot.id):
        await reply_html(update, f"Make me an admin of {echo(arg)} so I can post there, then try again.")
        return
    now = context.clock.now()
    await chat_store.upsert_chat(context.db, channel.id, channel.type, channel.title or arg, context.settings.default_timezone, now)
    await chat_store.set_managing(context.db, user.id, channel.id)
    await reply_html(
        update,
        f"📣 Managing <b>{html.escape(channel.title or arg)}</b>. /subscribe, /unsubscribe, /subscriptions, /digest, "
        "/timezone, /quiet, /pause and /settings now change the channel. /manage off to stop.",
    )


def register(app: Application) -> None:
    app.add_handler(CommandHandler("manage", manage_command))
