"""/start and /help: what the bot does and every command, also registered with setMyCommands.

A link t.me/<bot>?start=morocco (Telegram's deep link: the app sends "/start morocco" when the reader taps
Start) opens the bot on that country's or topic's latest stories, with their Subscribe button: a link a
newsroom can share."""
from __future__ import annotations

import html
import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import BotCommand, Update
from telegram.constants import ChatType
from telegram.ext import Application, CommandHandler

from digests.compose import schedule_of
from handlers import digest_leftovers
from handlers.admin_menu import show_admin_menu
from handlers.admins import is_admin
from handlers.channels import managing_line
from handlers.context import Ctx
from handlers.news import country_news, topic_news
from handlers.replies import reply_html
from handlers.subscription_names import describe
from handlers.targets import managed_here
from news.countries import resolve_country
from news.format import local_moment
from news.places import clock_name
from news.schedule import OFF, describe_schedule, next_due
from news.topics import resolve_topic
from storage import admins as admin_store
from storage import chats as chat_store
from storage import subscriptions as subscription_store

log = logging.getLogger(__name__)

# (command, description) — the menu Telegram shows; /help prints the same list.
COMMANDS: list[tuple[str, str]] = [
    ("latest", "The newest headlines"),
    ("news", "News for a country or topic: /news Côte d'Ivoire"),
    ("search", "Search articles: /search earthquake"),
    ("countries", "Countries with their commands"),
    ("topics", "Topics you can follow"),
    ("subscribe", "Follow countries or topics: /subscribe morocco"),
    ("unsubscribe", "Stop following something: /unsubscribe tech, or /unsubscribe all"),
    ("stop", "Stop following everything (asks first)"),
    ("subscriptions", "What this chat follows"),
    ("digest", "Digest times or now: /digest 08:00 19:30"),
    ("timezone", "Your time zone: /timezone Rabat"),
    ("quiet", "Quiet hours: /quiet 22:00-07:00"),
    ("pause", "Pause digests and breaking news: /pause 3d"),
    ("resume", "Resume digests and breaking news"),
    ("settings", "Digest settings"),
    ("breaking_alerts", "Breaking news as it happens, on or off: /breaking_alerts off"),
    ("manage", "Manage a channel's subscriptions: /manage @channel"),
    ("help", "How to use this bot"),
]

EXAMPLES = "/morocco, /israel, /usa, /uk, /south_korea, /politics, /tech"
# Under an admin's private welcome: the admin commands are in /help and the menu, which says nothing of why.
ADMIN_LINE = "🔑 You're an admin of this bot: /help lists the admin commands too (/breaking, /feeds, /stats …)."


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
    """Welcome the user, remember the chat (reactivating a private chat that had blocked us) and show how to start; a
    chat that already follows something is told what, and when its next digest comes."""
    chat = update.effective_chat
    if chat is None:
        return
    now = context.clock.now()
    stored = await chat_store.upsert_chat(
        context.db, chat.id, chat.type, chat.title or chat.full_name or "", context.settings.default_timezone, now
    )
    # A user's /start is how a private chat that blocked the bot comes back. A group or channel comes back only
    # as Telegram tells its membership (handlers.chat_status): a member's /start gives a muted bot no right to post.
    if chat.type == ChatType.PRIVATE and (back := await chat_store.reactivate_chat(
            context.db, chat.id, now, lambda returning: next_due(schedule_of(returning), now))):
        log.info("chat reactivated chat_id=%s", chat.id)
        stored = back  # its next digest time moved on
    name = html.escape(update.effective_user.first_name if update.effective_user else "there")
    subscriptions = await subscription_store.list_for_chat(context.db, chat.id)
    user = update.effective_user
    admin = chat.type == ChatType.PRIVATE and user is not None and await is_admin(context, user.id)
    for_admin = f"\n{ADMIN_LINE}" if admin else ""
    if (managed := await managed_here(update, context)) is not None:
        await reply_html(update, f"Hi {name}! {managing_line(managed.label)}\n\nSettings commands here (/subscribe, "
                                 "/digest, /settings …) change it: /subscriptions shows what it follows. "
                                 f"/help lists every command.{for_admin}")
    elif subscriptions:
        await reply_html(update, _welcome_back(name, stored, [describe(s.kind, s.value) for s in subscriptions],
                                               private=chat.type == ChatType.PRIVATE, now=now) + for_admin)
    elif chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
        await reply_html(update, _group_welcome(stored, context, forum=bool(chat.is_forum)))
    else:
        await reply_html(
            update,
            f"Hi {name}! I send the latest news by country and topic, and digests on your schedule.\n\n"
            f"Try {EXAMPLES} — or /latest for everything new.\n"
            f"Follow something with /subscribe morocco, and I'll send a digest {_first_digests(stored, context)}.\n\n"
            f"/help lists every command.{for_admin}",
        )
    if admin and user is not None:
        await show_admin_menu(context.bot, user.id, COMMANDS + ADMIN_COMMANDS)  # Telegram knows their chat now
    link = (context.args or [""])[0]
    if link == INLINE_HELP_LINK:  # the button under an inline search that found nothing
        await reply_html(update, inline_help(context.bot.username))
    elif await digest_leftovers.start_link(update, context, link):  # a channel digest's "and 14 more ▸"
        pass
    elif (topic := resolve_topic(link)) is not None:
        await topic_news(update, context, topic)
    elif (country := resolve_country(link)) is not None:
        await country_news(update, context, country)


def _first_digests(chat: chat_store.Chat, context: Ctx) -> str:
    """When a chat that follows nothing yet would get digests, on whose clock: "every day at 08:00 UTC — set
    your time zone with /timezone Paris" while it keeps the default zone."""
    when = describe_schedule(chat.cadence, chat.digest_times)
    if chat.cadence == OFF:
        return "whenever you send /digest now (/digest 08:00 sends one every day)"
    if chat.cadence == "hourly":
        return when
    if chat.timezone == context.settings.default_timezone:
        return f"{when} {html.escape(clock_name(chat.timezone))} — set your time zone with /timezone Paris"
    return f"{when} {html.escape(clock_name(chat.timezone))}"


def _group_welcome(chat: chat_store.Chat, context: Ctx, *, forum: bool) -> str:
    """A group that follows nothing yet: what the bot does here, addressed as a group's members address it, and
    what its admins can set up; in a forum, the topic its news comes to."""
    me = context.bot.username
    if chat.cadence == OFF:
        digests = f"follows it; scheduled digests are off here (/digest@{me} 08:00 turns them on)"
    else:
        digests = f"gets this group a digest {describe_schedule(chat.cadence, chat.digest_times)}"
        if chat.cadence != "hourly":
            digests += f" {html.escape(clock_name(chat.timezone))}"
        if chat.timezone == context.settings.default_timezone:
            digests += f" (/timezone@{me} Paris sets its clock)"
    lines = [f"Hi! I post headlines and short summaries by country and topic here. Try /morocco@{me} or /latest@{me}.",
             f"Group admins: /subscribe@{me} morocco {digests}."]
    if forum:
        where = f"the topic {html.escape(chat.topic_name or 'chosen with /digest here')}" if chat.topic_id else "the General topic"
        lines.append(f"Digests and breaking news come to {where}; /digest@{me} here in another topic brings them there.")
    return "\n".join(lines) + f" /help@{me} lists every command."


LISTED_ON_RETURN = 3  # names a returning chat is reminded of; the rest are "and N more" (/subscriptions has all)


def _welcome_back(name: str, chat: chat_store.Chat, follows: list[str], *, private: bool, now: datetime) -> str:
    """A chat that follows something: what, and when its next digest comes on its own clock (HTML)."""
    shown = [html.escape(label) for label in follows[:LISTED_ON_RETURN]]
    if len(follows) > LISTED_ON_RETURN:
        shown.append(f"{len(follows) - LISTED_ON_RETURN} more")
    listed = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"
    who, whose = ("you follow", "your") if private else ("this group follows", "its")
    due = chat.next_digest_at or next_due(schedule_of(chat), now)
    if due is None:  # digests off
        return (f"Welcome back, {name} — {who} {listed}; /digest now brings a digest whenever you want one "
                f"(scheduled digests are off: /digest 08:00 turns them on). /help for every command.")
    moment = local_moment(due, ZoneInfo(chat.timezone), now)
    return (f"Welcome back, {name} — {who} {listed}; {whose} next digest comes {moment} "
            f"{html.escape(clock_name(chat.timezone))}. /settings to change it, /help for every command.")


ADMIN_COMMANDS: list[tuple[str, str]] = [
    ("breaking", "Push a breaking item: a headline and text, or a link; preview first (a bare /breaking asks for it; /cancel stops)"),
    ("add", "Add an article for the next digests, not pushed: /add headline + story, or send a .txt/.jsonl file"),
    ("audience", "Choose who gets a push: /audience 3 morocco, tech (or everyone)"),
    ("broadcasts", "Recent pushes with their reports"),
    ("cancel_broadcast", "Stop a push: /cancel_broadcast 3"),
    ("addfeed", "Poll a feed: /addfeed URL [name] [country=XX]"),
    ("exportfeeds", "The feed list as an OPML file"), ("importfeeds", "Add the feeds of an OPML file you send me"),
    ("editfeed", "Rename a feed or change its country: /editfeed N name=… country=XX (or country=none); "
                 "stories already stored keep theirs"),
    ("feeds", "Feeds and their health; /checkfeed N (poll it now), /pausefeed N, /resumefeed N, /removefeed N, "
              "/defaultfeeds"),
    ("stats", "Chats, subscriptions, articles and messages today"),
    ("admin", "Admins: /admin list, /admin add USER_ID, /admin remove USER_ID"),
]
# Every admin command, for suggestions after a typo: those listed, and those the lines above name.
ADMIN_COMMAND_NAMES = frozenset({name for name, _ in ADMIN_COMMANDS}
                                | {"checkfeed", "pausefeed", "resumefeed", "removefeed", "defaultfeeds", "cancel"})


async def help_command(update: Update, context: Ctx) -> None:
    """Every command with one line each, and to an admin in a private chat the admin commands too."""
    text = help_text(context.bot.username)
    if (managed := await managed_here(update, context)) is not None:
        text = f"{managing_line(managed.label)}\n\n{text}"
    user, chat = update.effective_user, update.effective_chat
    if user is not None and chat is not None and chat.type == ChatType.PRIVATE and await is_admin(context, user.id):
        text += "\n\n<b>For admins</b>\n" + "\n".join(f"/{name} — {html.escape(d)}" for name, d in ADMIN_COMMANDS)
    await reply_html(update, text)


async def publish_commands(app: Application) -> None:
    """The readers' menu for every chat, and each admin's own with the admin commands too."""
    await app.bot.set_my_commands([BotCommand(name, description) for name, description in COMMANDS])
    data = app.bot_data
    for user_id in sorted(set(data.settings.admin_user_ids) | await admin_store.admin_ids(data.db)):
        await show_admin_menu(app.bot, user_id, COMMANDS + ADMIN_COMMANDS)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("help", help_command))
