"""Admin commands: /admin add|remove ID and /admin list, /stats, /broadcasts, /cancel_broadcast N."""
from __future__ import annotations

import html
import logging
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, CommandHandler

from handlers.admin_menu import hide_admin_menu, show_admin_menu
from handlers.admin_private import answer_admin
from handlers.admins import is_admin, require_admin
from handlers.arguments import parse_id
from handlers.breaking import replaced_note
from handlers.context import Ctx
from handlers.push_progress import blocked_note
from handlers.replies import echo
from handlers.start import ADMIN_COMMANDS, COMMANDS
from handlers.subscription_names import describe
from news.format import local_moment, relative_time
from news.places import clock_name
from storage import admins as admin_store
from storage import broadcasts as broadcast_store
from storage import chats as chat_store
from storage import stats as stats_store

log = logging.getLogger(__name__)


HEADLINE_SHOWN = 80  # characters of a push's headline in /broadcasts: ten pushes stay well under 4,096
AUDIENCE_SHOWN = 80  # characters of its audience there


def plural(n: int, word: str, many: str | None = None) -> str:
    """"1 message", "2 messages", "0 messages"."""
    return f"{n} {word if n == 1 else many or word + 's'}"


ADMIN_USAGE = ("Usage: /admin add &lt;numeric user id&gt; (or reply /admin add to their message in a group), "
               "/admin remove &lt;user id&gt;, /admin list")


async def _answer(update: Update, context: Ctx, text: str, *, done: bool = True) -> None:
    """/admin's answers name admins and who added whom: private (handlers.admin_private); what an add or remove did
    is said in the group when the admin has no private chat (`done`)."""
    await answer_admin(update, context, [text], what="my answer", again="/admin list", done_here=done)


async def admin_command(update: Update, context: Ctx) -> None:
    """/admin add|remove <user id> or /admin list: who else may run the admin commands."""
    if not await require_admin(update, context):
        return
    args = context.args or []
    action = args[0].lower() if args else "list"
    if action == "list" and len(args) <= 1:
        await _answer(update, context, await _admin_list(context), done=False)
        return
    user_id = parse_id(args[1]) if len(args) == 2 else _replied_to_user(update) if len(args) == 1 else None
    if action not in ("add", "remove") or user_id is None:
        await _answer(update, context, ADMIN_USAGE)
        return
    assert update.effective_user is not None
    by_reply = len(args) == 1
    who = await _who(context, user_id, _replied_name(update) if by_reply else None)
    by = update.effective_user.full_name
    if action == "add" and user_id == context.bot.id:
        await _answer(update, context, f"User {user_id} is me, the bot: admin commands are for people.")
    elif action == "add" and not by_reply and not await _met(context, user_id) and not await is_admin(context, user_id):
        await _answer(update, context, unknown_user(user_id))
    elif action == "add":
        added = await admin_store.add_admin(context.db, user_id, update.effective_user.id, context.clock.now())
        if added:
            await show_admin_menu(context.bot, user_id, COMMANDS + ADMIN_COMMANDS)
        if not added:
            await _answer(update, context, f"{who} is already an admin.")
        elif await _tell(context, user_id, f"{html.escape(by)} made you an admin of this bot. /help lists the admin "
                                           "commands, /breaking pushes news to subscribers."):
            await _answer(update, context, f"{who} is now an admin. I told them.")
        else:
            await _answer(update, context, f"{who} is now an admin. They have no chat with me yet: once "
                                           "they send me /start, /help lists their commands.")
    elif user_id in context.settings.admin_user_ids:
        await _answer(update, context, f"{who} is an admin by the ADMIN_USER_IDS setting: remove them there.")
    elif await admin_store.remove_admin(context.db, user_id):
        await hide_admin_menu(context.bot, user_id)
        told = await _tell(context, user_id, f"{html.escape(by)} removed you as an admin of this bot. The readers' "
                                             "commands stay yours: /help lists them.")
        await _answer(update, context, f"{who} is no longer an admin." + (" I told them." if told else ""))
    else:
        await _answer(update, context, f"{who} is not an admin. /admin list shows who is.")


def unknown_user(user_id: int) -> str:
    """/admin add of an id the bot never met: a typo would make a stranger an admin, so it is not taken."""
    return (f"I have never met user {user_id}, so I can't tell whether that id is right, and I added no one. Ask them "
            f"to send me /start, then /admin add {user_id} again; or, in a group, reply /admin add to a message of "
            "theirs.")


async def _met(context: Ctx, user_id: int) -> bool:
    """Whether the user has a private chat with the bot: whose id is sure to be a person's, and theirs."""
    chat = await chat_store.get_chat(context.db, user_id)
    return chat is not None and chat.type == "private"


async def _who(context: Ctx, user_id: int, name: str | None) -> str:
    """"Amina Haddad (42)" as /admin list names them, or "User 42" for someone never met (HTML)."""
    name = (await chat_store.private_chat_names(context.db, [user_id])).get(user_id) or name
    return f"{html.escape(name)} ({user_id})" if name else f"User {user_id}"


def _replied_name(update: Update) -> str | None:
    message = update.effective_message
    replied = message.reply_to_message if message else None
    return replied.from_user.full_name if replied is not None and replied.from_user is not None else None


TELEGRAM_SERVICE_USER = 777000  # sends a linked channel's posts into its discussion group; no person


async def _tell(context: Ctx, user_id: int, text: str) -> bool:
    """Whether the user was told; Telegram lets a bot write only to users who have started it (403)."""
    try:
        await context.bot.send_message(user_id, text)
    except TelegramError as e:
        log.info("admin change not told user_id=%s: %s", user_id, e)
        return False
    return True


def _replied_to_user(update: Update) -> int | None:
    """The sender of the message `/admin add` answers: how a group's admin adds someone without their id.

    In a forum, a message typed in a topic arrives as a reply to the message that opened the topic, though its
    sender replied to nothing: that one is not taken, lest `/admin add` typed in a topic make its opener an admin.
    """
    message = update.effective_message
    replied = message.reply_to_message if message else None
    if message is None or replied is None or replied.forum_topic_created is not None:
        return None
    if message.is_topic_message and replied.message_id == message.message_thread_id:
        return None
    user = replied.from_user
    return user.id if user is not None and not user.is_bot and user.id != TELEGRAM_SERVICE_USER else None


async def _admin_list(context: Ctx) -> str:
    now = context.clock.now()
    added = [a for a in await admin_store.added_admins(context.db) if a.user_id not in context.settings.admin_user_ids]
    names = await chat_store.private_chat_names(context.db, [*context.settings.admin_user_ids,
                                                             *(a.user_id for a in added), *(a.added_by for a in added)])

    def who(user_id: int, *, with_id: bool = True) -> str:
        """"Amina Haddad · 42" (or the name alone), or the id alone for someone who never wrote to the bot."""
        if user_id not in names:
            return str(user_id)
        return f"{html.escape(names[user_id])} · {user_id}" if with_id else html.escape(names[user_id])

    lines = ["<b>Admins</b>"]
    lines += [f"• {who(user_id)} (ADMIN_USER_IDS setting)" for user_id in sorted(context.settings.admin_user_ids)]
    lines += [f"• {who(a.user_id)} (added by {who(a.added_by, with_id=False)}, {relative_time(a.added_at, now)})"
              for a in added]
    lines.append("/admin add USER_ID or /admin remove USER_ID changes who is.")
    return "\n".join(lines)


# How /stats names each kind of chat, and what a chat of that kind did to stop getting news.
_CHAT_LINES = (("private", "👤 Private chats", "blocked me"), ("group", "👥 Groups", "removed or muted me"),
               ("channel", "📢 Channels", "removed me"))


def _chat_line(label: str, counts: stats_store.ChatCounts, stopped: str) -> str:
    """"👥 Groups: 2 active, 1 removed or muted me", or "none"."""
    if not counts.active and not counts.stopped:
        return f"{label}: none"
    return f"{label}: {counts.active} active" + (f", {counts.stopped} {stopped}" if counts.stopped else "")


def _feeds_line(feeds: stats_store.FeedCounts) -> str:
    parts = [f"{n} {what}" for n, what in ((feeds.ok, "ok"), (feeds.quiet, "quiet"), (feeds.failing, "failing"),
                                           (feeds.paused, "paused"), (feeds.waiting, "not polled yet"),
                                           (feeds.copies, "redirecting to another feed's address")) if n]
    return f"Feeds: {', '.join(parts)} (/feeds)" if parts else "Feeds: none yet (/addfeed, /defaultfeeds)"


async def stats_command(update: Update, context: Ctx) -> None:
    """/stats: a newsroom's dashboard: chats by kind, subscribers, articles, feeds, what was sent today."""
    if not await require_admin(update, context):
        return
    now = context.clock.now()
    zone = await _zone_of(update, context)
    today = f"today ({html.escape(clock_name(zone))})"
    stats = await stats_store.collect(context.db, _day_start(now, ZoneInfo(zone)), now - timedelta(days=7))
    top = ", ".join(f"{html.escape(describe(k, v))} {n}" for k, v, n in stats.subscriptions)
    if stats.followed > len(stats.subscriptions):
        top += f" and {stats.followed - len(stats.subscriptions)} more"
    await answer_admin(update, context, ["\n".join([
        "<b>Stats</b>",
        *(_chat_line(label, stats.chats[kind], stopped) for kind, label, stopped in _CHAT_LINES),
        f"Subscribers: {plural(stats.subscribers, 'active chat')} {'follows' if stats.subscribers == 1 else 'follow'} news"
        + (f" (most followed: {top})" if top else ""),
        f"Articles: {stats.articles_today} {today}, {stats.articles_week} in the last 7 days, {stats.articles} kept",
        _feeds_line(stats.feeds),
        f"Sent {today}: {plural(stats.digests_today, 'digest message')}, {plural(stats.pushes_today, 'breaking push', 'breaking pushes')}"
        f" ({plural(stats.push_messages_today, 'message')}); {stats.queue} waiting to go",
        f"Last feed poll: {_moment(stats.last_feed_poll, now)}",
    ])], what="the stats", again="/stats")


async def _zone_of(update: Update, context: Ctx) -> str:
    """The time zone of the chat /stats was asked in (the admin's own, set with /timezone): whose "today" it shows."""
    chat = update.effective_chat
    stored = await chat_store.get_chat(context.db, chat.id) if chat is not None else None
    return stored.timezone if stored is not None else context.settings.default_timezone


def _day_start(now: datetime, zone: ZoneInfo) -> datetime:
    """Midnight that began `now`'s day in `zone` (a day DST shortens or lengthens too)."""
    local = now.astimezone(zone)
    return datetime.combine(local.date(), time(), zone).astimezone(timezone.utc)


def _moment(moment: datetime | None, now: datetime) -> str:
    """"2023-09-11 06:01 UTC (3 h ago)"; admins may be anywhere, so the time is UTC, with its distance."""
    if moment is None:
        return "never"
    return f"{moment:%Y-%m-%d %H:%M} UTC ({relative_time(moment, now)})"


async def broadcasts_command(update: Update, context: Ctx) -> None:
    """/broadcasts: recent pushes with their reports."""
    if not await require_admin(update, context):
        return
    lines = ["<b>Recent pushes</b>"]
    now, zone = context.clock.now(), ZoneInfo(await _zone_of(update, context))
    pushes = await broadcast_store.recent(context.db)
    senders = await chat_store.private_chat_names(context.db, sorted({b.admin_user_id for b in pushes}))
    for b in pushes:
        p = await broadcast_store.progress(context.db, b.id)
        headline = echo(await broadcast_store.headline(context.db, b.id) or "(item no longer stored)", HEADLINE_SHOWN)
        sender = html.escape(b.admin_name or senders.get(b.admin_user_id) or f"admin {b.admin_user_id}")
        lines.append(f"#{b.id} {_status(b, p)}: {_counts(b, p)}\n    <b>{headline}</b>\n"
                     f"    {_sent_to(b, now, zone)} · by {sender}")
    await answer_admin(update, context, ["\n".join(lines) if len(lines) > 1 else "No pushes yet. /breaking starts one."],
                       what="the recent pushes", again="/broadcasts")


def _sent_to(broadcast: broadcast_store.Broadcast, now: datetime, zone: ZoneInfo) -> str:
    """"to 🇲🇦 Morocco, 💻 Technology · Wed 25 Nov 06:00 (2 h ago)": whom the push went to, and when it started (a
    draft: when it was made), on the admin's clock."""
    tags = [describe(kind, value) for kind, value in broadcast.audience.tags]
    audience = "everyone" if broadcast.audience.everyone else echo(", ".join(tags), AUDIENCE_SHOWN) if tags else "nobody"
    moment = broadcast.started_at or broadcast.created_at
    return f"to {audience} · {local_moment(moment, zone, now)} ({relative_time(moment, now)})"


def _counts(broadcast: broadcast_store.Broadcast, progress: broadcast_store.Progress) -> str:
    """"3/3 delivered, 1 possibly received twice": what the push's report counts (handlers.push_progress.report),
    in its words, leaving out what counts none."""
    p = progress
    still = "still retrying" if _status(broadcast, p) == "retrying" else "left"
    parts = [f"{p.sent}/{broadcast.total} delivered"]
    parts += [text for n, text in ((p.failed, f"{p.failed} failed{blocked_note(p)}"), (p.remaining, f"{p.remaining} {still}"),
                                   (p.cancelled, f"{p.cancelled} cancelled before sending"),
                                   (p.in_doubt, f"{p.in_doubt} possibly received twice")) if n]
    return ", ".join(parts)


def _status(broadcast: broadcast_store.Broadcast, progress: broadcast_store.Progress) -> str:
    """'retrying' for a push still 'sending' only because some messages wait to retry after a temporary error
    (its report is out: handlers.push_progress); else its status as stored."""
    return "retrying" if broadcast.status == "sending" and progress.only_retries_left else broadcast.status


async def _answer_push(update: Update, context: Ctx, text: str) -> None:
    """/cancel_broadcast's answers count a push's messages: private (handlers.admin_private)."""
    await answer_admin(update, context, [text], what="my answer", again="/broadcasts", done_here=True)


async def cancel_broadcast_command(update: Update, context: Ctx) -> None:
    """/cancel_broadcast N: stop a push in flight (what was sent stays sent)."""
    if not await require_admin(update, context):
        return
    number = parse_id(context.args[0]) if context.args else None
    if number is None:
        await _answer_push(update, context, "Usage: /cancel_broadcast &lt;push number&gt; (see /broadcasts)")
        return
    broadcast = await broadcast_store.get(context.db, number)
    if broadcast is None:
        await _answer_push(update, context, f"There is no push #{number}. /broadcasts lists the recent ones.")
    elif replaced := replaced_note(broadcast):
        await _answer_push(update, context, f"{replaced}: /cancel_broadcast {broadcast.replaced_by} cancels that one.")
    elif broadcast.status in ("done", "cancelled"):
        progress = await broadcast_store.progress(context.db, number)
        state = "finished" if broadcast.status == "done" else "cancelled"
        await _answer_push(update, context, f"Push #{number} is already {state} "
                                            f"({progress.sent}/{broadcast.total} delivered); nothing to stop.")
    else:
        now = context.clock.now()
        if await broadcast_store.discard_draft(context.db, number, now):
            await _answer_push(update, context,
                               f"Push #{number} was not confirmed yet; it is cancelled and nothing went out.")
        else:
            stopped = await broadcast_store.cancel(context.db, number, now)
            await _answer_push(update, context,
                               f"Push #{number} cancelled; {plural(stopped, 'unsent message')} stopped (what went out stays).")


def register(app: Application) -> None:
    app.add_handler(CommandHandler("admin", admin_command))
    app.add_handler(CommandHandler("stats", stats_command))
    app.add_handler(CommandHandler("broadcasts", broadcasts_command))
    app.add_handler(CommandHandler("cancel_broadcast", cancel_broadcast_command))
