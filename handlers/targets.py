"""Which chat a settings command changes, and whether this user may change it.

In a private chat that is the user's own chat, or the channel they chose with /manage; in a group, the
group — but only for its admins.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError

from handlers.context import Ctx
from news.schedule import next_due
from digests.compose import schedule_of
from storage import chats as chat_store

ADMIN_STATUSES = {ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}


@dataclass(frozen=True)
class Target:
    chat: chat_store.Chat
    label: str  # "this chat", "this group", "@channel"


async def is_chat_admin(context: Ctx, chat_id: int, user_id: int) -> bool:
    try:
        member = await context.bot.get_chat_member(chat_id, user_id)
    except TelegramError:
        return False
    return member.status in ADMIN_STATUSES


async def resolve_target(update: Update, context: Ctx, *, quiet: bool = False) -> Target | None:
    """The chat to change, registered and scheduled; None (after a polite reply) when not allowed."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return None
    now = context.clock.now()
    if chat.type == ChatType.PRIVATE and user is not None:
        channel_id = await chat_store.managing(context.db, user.id)
        if channel_id is not None:
            stored = await chat_store.get_chat(context.db, channel_id)
            if stored is not None:
                return Target(await _scheduled(context, stored), f"@{chat_store_title(stored)}")
    if chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
        if user is None or not await is_chat_admin(context, chat.id, user.id):
            if not quiet and update.effective_message:
                await update.effective_message.reply_text(
                    "Only this group's admins can change its subscriptions and digest settings.", do_quote=False
                )
            return None
    stored = await chat_store.upsert_chat(
        context.db, chat.id, chat.type, chat.title or chat.full_name or "", context.settings.default_timezone, now
    )
    label = "this group" if chat.type in (ChatType.GROUP, ChatType.SUPERGROUP) else "this chat"
    return Target(await _scheduled(context, stored), label)


def chat_store_title(chat: chat_store.Chat) -> str:
    return html.escape(chat.title or str(chat.id))


async def _scheduled(context: Ctx, chat: chat_store.Chat) -> chat_store.Chat:
    """A chat gets its first due time when it starts following something."""
    if chat.next_digest_at is not None:
        return chat
    now = context.clock.now()
    return await chat_store.update_settings(context.db, chat.id, now, next_digest_at=next_due(schedule_of(chat), now))


async def reschedule(context: Ctx, chat: chat_store.Chat) -> chat_store.Chat:
    """After a settings change: the next due time follows the new schedule."""
    now = context.clock.now()
    return await chat_store.update_settings(context.db, chat.id, now, next_digest_at=next_due(schedule_of(chat), now))
