"""Who is an admin: ADMIN_USER_IDS plus admins added in chat. Refusals are answered and logged."""
from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType

from handlers.context import Ctx
from handlers.replies import reply_html
from storage import admins as admin_store

log = logging.getLogger(__name__)

ADMINS_ONLY = "This command is for admins."


def in_private_only(bot_username: str) -> str:
    """A channel post names no sender, so no admin is known there to answer (or to answer privately)."""
    return (f"🔒 Admin commands work in a private chat with me (@{bot_username}): a channel post doesn't say who "
            "sent it.")


async def is_admin(context: Ctx, user_id: int) -> bool:
    return user_id in context.settings.admin_user_ids or user_id in await admin_store.admin_ids(context.db)


async def require_admin(update: Update, context: Ctx) -> bool:
    user = update.effective_user
    if user is not None and await is_admin(context, user.id):
        return True
    command = (update.effective_message.text or "").split()[0] if update.effective_message else "?"
    log.warning("admin command refused user_id=%s command=%s", user.id if user else None, command)
    chat = update.effective_chat
    in_channel = user is None and chat is not None and chat.type == ChatType.CHANNEL
    await reply_html(update, in_private_only(context.bot.username) if in_channel else ADMINS_ONLY)
    return False
