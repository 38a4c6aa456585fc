"""Chat status from Telegram's own updates: blocked/kicked/muted → deactivated, back → active, group upgrades,
and the name of the forum topic a chat's news goes to when someone renames it. The admin who adds the bot to a
channel, or removes it, is told in their private chat with the bot (the channel itself gets no post)."""
from __future__ import annotations

import html
import logging

from telegram import ChatMember, ChatMemberRestricted, ChatMemberUpdated, InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import Application, ChatMemberHandler, MessageHandler, filters

from digests.compose import schedule_of
from handlers.channels import manage_buttons
from handlers.context import Ctx
from news.schedule import next_due
from storage import chats as chat_store
from storage import subscriptions as subscription_store

log = logging.getLogger(__name__)

GONE = {ChatMemberStatus.BANNED, ChatMemberStatus.LEFT}


def _cannot_post(member: ChatMember) -> bool:
    """The bot is out of the chat, or in it with no right to send messages (a group's admins muted it)."""
    if isinstance(member, ChatMemberRestricted):
        return not (member.is_member and member.can_send_messages)
    return member.status in GONE


def bot_removed(change: ChatMemberUpdated) -> bool | None:
    """True when the bot was blocked/kicked/removed or muted, False when it can post again, None when
    nothing changed for its posting."""
    was_gone = _cannot_post(change.old_chat_member)
    is_gone = _cannot_post(change.new_chat_member)
    return None if was_gone == is_gone else is_gone


async def my_chat_member(update: Update, context: Ctx) -> None:
    """The bot's own membership changed: keep the chat's settings either way."""
    change = update.my_chat_member
    if change is None:
        return
    removed = bot_removed(change)
    now = context.clock.now()
    chat = change.chat
    if removed is True:
        await chat_store.deactivate_chat(context.db, chat.id, f"bot {change.new_chat_member.status}", now)
        # A muted bot stays a member: subscriptions are kept either way, and the news it misses comes once it is back.
        why = "may not post there" if isinstance(change.new_chat_member, ChatMemberRestricted) else "not in it"
        log.info("chat deactivated chat_id=%s status=%s: the bot %s; subscriptions kept until it is back",
                 chat.id, change.new_chat_member.status, why)
        if chat.type == ChatType.CHANNEL:
            await _channel_left(context, change)
    elif removed is False:
        known = await chat_store.get_chat(context.db, chat.id)
        await chat_store.upsert_chat(context.db, chat.id, chat.type, chat.title or chat.full_name or "", context.settings.default_timezone, now)
        back = await chat_store.reactivate_chat(
            context.db, chat.id, now, lambda returning: next_due(schedule_of(returning), now)) is not None
        if back:
            log.info("chat reactivated chat_id=%s", chat.id)
        if chat.type == ChatType.CHANNEL:
            await _channel_joined(context, change, back=back)
        joined = change.old_chat_member.status in GONE  # rather than unmuted: the group knows the bot
        # A chat the bot is active in already was greeted: Telegram says "joined" of the supergroup a group became,
        # whose row its migrate_from_chat_id message (handled before, in this chat's turn) moved here.
        greeted = known is not None and known.status == "active"
        if joined and not greeted and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
            await _welcome(context, chat.id)


async def _welcome(context: Ctx, chat_id: int) -> None:
    """A group that adds the bot learns what it can do there (a channel gets nothing: its readers would)."""
    me = context.bot.username
    text = (f"Hi! I post headlines and short summaries by country and topic. Try /morocco@{me} or /latest@{me}.\n"
            f"Group admins: /subscribe@{me} tech gets this group a daily digest. /help@{me} lists every command.")
    try:
        await context.bot.send_message(chat_id, text)
    except TelegramError as e:  # not allowed to write here, say: the group still works
        log.info("welcome not sent chat_id=%s: %s", chat_id, e)


async def _channel_joined(context: Ctx, change: ChatMemberUpdated, *, back: bool) -> None:
    """Whoever made the bot a channel's admin learns how to choose its news from their private chat, where a bare
    /manage offers them the channel from now on."""
    user, chat = change.from_user, change.chat
    if user.is_bot:
        return
    await chat_store.remember_channel_admin(context.db, user.id, chat.id)
    title = html.escape(chat.title or "your channel")
    manage = f"/manage @{chat.username} (or /manage {title})" if chat.username else f"/manage {title}"
    if back and await subscription_store.list_for_chat(context.db, chat.id):
        text = f"I'm back in <b>{title}</b>, with the subscriptions it had: its digests start again. Change them from here: {manage}."
    else:
        text = f"I'm now in <b>{title}</b>. Choose its news from here: {manage}."
    await _tell(context, user.id, text, manage_buttons([(chat.id, chat.title or "")]))


async def _channel_left(context: Ctx, change: ChatMemberUpdated) -> None:
    """Whoever removed the bot from a channel that follows something learns that nothing of it is lost."""
    if change.from_user.is_bot or not await subscription_store.list_for_chat(context.db, change.chat.id):
        return
    title = html.escape(change.chat.title or "your channel")
    await _tell(context, change.from_user.id, f"I'm no longer in <b>{title}</b>, so its digests stop. Its subscriptions "
                                              "are kept: make me an admin there again and they start again.")


async def _tell(context: Ctx, user_id: int, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """A message to a user in their private chat with the bot, if they have one: Telegram refuses (403) a bot that
    writes first to a user who never started it."""
    private = await chat_store.get_chat(context.db, user_id)
    if private is None or private.type != ChatType.PRIVATE or private.status != "active":
        log.info("user not told of a channel change user_id=%s: no private chat with the bot", user_id)
        return
    try:
        await context.bot.send_message(user_id, text, reply_markup=markup)
    except TelegramError as e:  # they blocked the bot since: the limiter deactivated their chat (handlers.rate_limit)
        log.info("user not told of a channel change user_id=%s: %s", user_id, e)


async def migrated(update: Update, context: Ctx) -> None:
    """A group became a supergroup: its subscriptions and queue move to the new id. Both the group's message
    (migrate_to_chat_id) and the supergroup's (migrate_from_chat_id) move them, whichever is handled first: the
    supergroup's comes in the supergroup's turn, so its later updates find the group's settings there."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id is not None:
        old_id, new_id = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id is not None:
        old_id, new_id = message.migrate_from_chat_id, message.chat.id
    else:
        return
    await chat_store.migrate_chat(context.db, old_id, new_id, context.clock.now())
    log.info("chat migrated old=%s new=%s", old_id, new_id)


async def topic_renamed(update: Update, context: Ctx) -> None:
    """A forum topic was renamed (forum_topic_edited): /settings and /digest now name the news topic as it is now."""
    message = update.effective_message
    edited = message.forum_topic_edited if message is not None else None
    if message is None or edited is None or edited.name is None or message.message_thread_id is None:
        return  # only its icon changed, say
    if await chat_store.rename_topic(context.db, message.chat.id, message.message_thread_id, edited.name):
        log.info("news topic renamed chat_id=%s thread=%s", message.chat.id, message.message_thread_id)


def register(app: Application) -> None:
    app.add_handler(ChatMemberHandler(my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, migrated))
    app.add_handler(MessageHandler(filters.StatusUpdate.FORUM_TOPIC_EDITED, topic_renamed))
