"""/start and /help: what the bot does and every command, also registered with setMyCommands.

A link t.me/<bot>?start=morocco (Telegram's deep link: the app sends "/start morocco" when the reader taps
Start) opens the bot on that country's or topic's latest stories, with their Subscribe button: a link a
newsroom can share."""
from __future__ import annotations

import html
import logging

from telegram import BotCommand, Update
from telegram.constants import ChatType
from telegram.ext import Application, CommandHandler

from handlers.admins import is_admin
from handlers.context import Ctx
from handlers.news import country_news, topic_news
from handlers.replies import reply_html
from news.countries import resolve_country
from news.topics import resolve_topic
from storage import chats as chat_store

log = logging.getLogger(__name__)

# (command, description) — the menu Telegram shows; /help prints the same list.
COMMANDS: list[tuple[str, str]] = [
    ("latest", "The newest headlines"),
    ("news", "News for a country or topic: /news Côte d'Ivoire"),
    ("search", "Search articles: /search earthquake"),
    ("countries", "Countries with their commands"),
    ("topics", "Topics you can follow"),
    ("subscribe", "Follow countries or topics: /subscribe morocco"),
    ("unsubscribe", "Stop following something"),
    ("subscriptions", "What this chat follows"),
    ("digest", "Digest times or now: /digest 08:00 19:30"),
    ("timezone", "Your time zone: /timezone Rabat"),
    ("quiet", "Quiet hours: /quiet 22:00-07:00"),
    ("pause", "Pause digests: /pause 3d"),
    ("resume", "Resume digests"),
    ("settings", "Digest settings"),
    ("manage", "Manage a channel's subscriptions: /manage @channel"),
    ("help", "How to use this bot"),
]

EXAMPLES = "/morocco, /israel, /usa, /uk, /south_korea, /politics, /tech"


def help_text(bot_username: str) -> str:
    lines = ["<b>newsdigest</b> — headlines and short summaries by country and topic.", ""]
    lines.append(f"Type a country or topic as a command: {EXAMPLES}.")
    lines.append("")
    lines += [f"/{name} — {description}" for name, description in COMMANDS]
    lines.append("")
    lines.append(f"In groups, address me as /latest@{bot_username}. Only group admins change a group's subscriptions.")
    return "\n".join(lines)


INLINE_HELP_LINK = "inline"


def inline_help(bot_username: str) -> str:
    return (f"<b>Sharing stories from any chat</b>\nType @{bot_username} and a country, a topic or some words, then "
            f"tap a story to send it there: @{bot_username} morocco, @{bot_username} tech, "
            f"@{bot_username} earthquake Marrakesh. With nothing after my name you get the latest. Words must all "
            "match, in any form; -word leaves stories out.")


async def start(update: Update, context: Ctx) -> None:
    """Welcome the user, remember the chat (reactivating it if it had blocked us) and show how to start."""
    chat = update.effective_chat
    if chat is None:
        return
    now = context.clock.now()
    await chat_store.upsert_chat(
        context.db, chat.id, chat.type, chat.title or chat.full_name or "", context.settings.default_timezone, now
    )
    if await chat_store.reactivate_chat(context.db, chat.id, now):
        log.info("chat reactivated chat_id=%s", chat.id)
    name = update.effective_user.first_name if update.effective_user else "there"
    await reply_html(
        update,
        f"Hi {html.escape(name)}! I send the latest news by country and topic, and digests on your schedule.\n\n"
        f"Try {EXAMPLES} — or /latest for everything new.\n"
        "Follow something with /subscribe morocco, and I'll send a digest every morning at 08:00.\n\n"
        "/help lists every command.",
    )
    link = (context.args or [""])[0]
    if link == INLINE_HELP_LINK:  # the button under an inline search that found nothing
        await reply_html(update, inline_help(context.bot.username))
    elif (topic := resolve_topic(link)) is not None:
        await topic_news(update, context, topic)
    elif (country := resolve_country(link)) is not None:
        await country_news(update, context, country)


ADMIN_COMMANDS: list[tuple[str, str]] = [
    ("breaking", "Push a breaking item: a headline and text, or a link; preview first (a bare /breaking asks for it; /cancel stops)"),
    ("audience", "Choose who gets a push: /audience 3 morocco, tech (or everyone)"),
    ("broadcasts", "Recent pushes with their reports"),
    ("cancel_broadcast", "Stop a push: /cancel_broadcast 3"),
    ("addfeed", "Poll a feed: /addfeed URL [name] [country=XX]"),
    ("editfeed", "Rename a feed or change its country: /editfeed N name=… country=XX (or country=none); "
                 "stories already stored keep theirs"),
    ("feeds", "Feeds and their health; /pausefeed N, /resumefeed N, /removefeed N, /defaultfeeds"),
    ("stats", "Chats, subscriptions, articles and messages today"),
    ("admin", "Admins: /admin list, /admin add USER_ID, /admin remove USER_ID"),
]
# Every admin command, for suggestions after a typo: those listed, and those the lines above name.
ADMIN_COMMAND_NAMES = frozenset({name for name, _ in ADMIN_COMMANDS}
                                | {"pausefeed", "resumefeed", "removefeed", "defaultfeeds", "cancel"})


async def help_command(update: Update, context: Ctx) -> None:
    """Every command with one line each, and to an admin in a private chat the admin commands too."""
    text = help_text(context.bot.username)
    user, chat = update.effective_user, update.effective_chat
    if user is not None and chat is not None and chat.type == ChatType.PRIVATE and await is_admin(context, user.id):
        text += "\n\n<b>For admins</b>\n" + "\n".join(f"/{name} — {html.escape(d)}" for name, d in ADMIN_COMMANDS)
    await reply_html(update, text)


async def publish_commands(app: Application) -> None:
    await app.bot.set_my_commands([BotCommand(name, description) for name, description in COMMANDS])


def register(app: Application) -> None:
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("help", help_command))
