"""/breaking_alerts on|off: whether a chat gets breaking pushes (also a /settings button); its digests stay as they are."""
from __future__ import annotations

import html

from telegram import Update
from telegram.ext import Application, CommandHandler

from handlers.context import Ctx
from handlers.replies import reply_html
from handlers.settings_switches import BREAKING, state_line
from handlers.targets import admins_only, resolve_target
from news.schedule import OFF
from storage import chats as chat_store

USAGE = "Usage: /breaking_alerts off (or on)"


def alerts_line(chat: chat_store.Chat) -> str:
    """How /settings and this command show the switch."""
    return state_line(BREAKING, chat)


async def breaking_alerts_command(update: Update, context: Ctx) -> None:
    """/breaking_alerts off|on: breaking news pushed to this chat, or not; alone, which it is."""
    args = [word.lower() for word in context.args or []]
    if args not in (["on"], ["off"], []):
        await reply_html(update, USAGE)
        return
    target = await resolve_target(update, context, read_only=not args)
    if target is None:
        return
    if args:
        wanted = args == ["on"]
        chat = await chat_store.change_settings(context.db, target.chat.id, context.clock.now(),
                                                lambda _: {"breaking_alerts": int(wanted)})
    else:
        chat = target.chat
    said = _what_comes(chat, target.elsewhere)
    change = "/breaking_alerts off" if chat.breaking_alerts else "/breaking_alerts on"
    more = f"{change} to change it." if target.can_change else html.escape(admins_only(context.bot.username, "change it"))
    await reply_html(update, f"{alerts_line(chat)} for {target.label_html()}: {said}. {more}")


def _what_comes(chat: chat_store.Chat, elsewhere: bool) -> str:
    """What reaches the chat unasked with the switch as it is, digests included: with those off too, nothing.
    `elsewhere`: asked about a channel managed from a private chat, where "here" would be the wrong chat."""
    comes = "goes there" if elsewhere else "comes here"
    if chat.cadence == OFF:
        return (f"breaking news {comes} as it happens; digests are off: /digest now brings one" if chat.breaking_alerts
                else f"no breaking news {comes}, and digests are off too: nothing comes unasked; /digest now brings one")
    return (f"breaking news {comes} as it happens, besides the digests" if chat.breaking_alerts
            else f"no breaking news {comes}; digests still do")


def register(app: Application) -> None:
    app.add_handler(CommandHandler("breaking_alerts", breaking_alerts_command))
