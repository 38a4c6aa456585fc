"""Who is an admin: ADMIN_USER_IDS plus admins added in chat. Refusals are answered and logged."""
from __future__ import annotations

import logging

from telegram import Update

from handlers.context import Ctx
from handlers.replies import reply_html
from storage import admins as admin_store

log = logging.getLogger(__name__)

ADMINS_ONLY = "This command is for admins."


async def is_admin(context: Ctx, user_id: int) -> bool:
    return user_id in context.settings.admin_user_ids or user_id in await admin_store.admin_ids(context.db)


async def require_admin(update: Update, context: Ctx) -> bool:
    user = update.effective_user
    if user is not None and await is_admin(context, user.id):
        return True
    command = (update.effective_message.text or "").split()[0] if update.effective_message else "?"
    log.warning("admin command refused user_id=%s command=%s", user.id if user else None, command)
    await reply_html(update, ADMINS_ONLY)
    return False
