"""Ending what an admin started with /breaking: another command ends the wait for their item and says so, and /cancel
stops the wait, or cancels the draft whose preview is open in the chat."""
from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from handlers.breaking_waits import end_wait, stopped_waiting
from handlers.context import Ctx
from handlers.replies import reply_html
from storage import broadcasts as broadcast_store

log = logging.getLogger(__name__)


async def other_command_ends_wait(update: Update, context: Ctx) -> None:
    """/broadcasts, /morocco …: the admin moved on, and a message after them is no breaking item. They are told so
    before the command's answer: the item they paste later would otherwise meet "I answer commands", or silence in
    a group."""
    text = update.effective_message.text if update.effective_message else ""
    command = (text or "").split()[0].lstrip("/").split("@")[0].lower() if text else ""
    if command not in ("breaking", "cancel") and update.effective_user is not None:
        if (ended := await end_wait(context, update.effective_user.id)) is not None:
            await reply_html(update, stopped_waiting(ended))


async def cancel_command(update: Update, context: Ctx) -> None:
    """/cancel: stop waiting for a breaking item or correction; with none awaited, cancel the admin's draft whose
    preview is open in this chat ("Nothing to cancel" beside an open preview left them wondering)."""
    # A channel's post has no sender: nothing of anyone's waits there.
    user, chat = update.effective_user, update.effective_chat
    waiting = await end_wait(context, user.id) if user is not None else None
    draft = (await broadcast_store.open_draft(context.db, user.id, chat.id)
             if user is not None and chat is not None and not waiting else None)
    if waiting and waiting.replacing is not None:
        await reply_html(update, f"Cancelled. Push #{waiting.replacing} stays as it was.")
    elif waiting:
        await reply_html(update, "Cancelled.")
    elif draft is not None and await broadcast_store.discard_draft(context.db, draft.id, context.clock.now()):
        await reply_html(update, f"Cancelled breaking push #{draft.id}; nothing was sent.")
        await _show_cancelled(context, draft)
    else:
        await reply_html(update, "Nothing to cancel.")


def cancelled_text(broadcast_id: int) -> str:
    """What a draft's controls say once it is cancelled (✖ Cancel, /cancel)."""
    return f"Breaking push #{broadcast_id} cancelled; nothing was sent."


async def _show_cancelled(context: Ctx, draft: broadcast_store.Broadcast) -> None:
    """The cancelled draft's controls say so, without buttons, as after ✖ Cancel."""
    if draft.progress_chat_id is None or draft.progress_message_id is None:
        return
    try:
        await context.bot.edit_message_text(cancelled_text(draft.id), chat_id=draft.progress_chat_id,
                                            message_id=draft.progress_message_id, reply_markup=None)
    except TelegramError as e:  # deleted, too old: its buttons are refused anyway (on_button)
        log.info("cancelled push controls not edited chat=%s message=%s error=%s",
                 draft.progress_chat_id, draft.progress_message_id, e)


def register(app: Application) -> None:
    app.add_handler(MessageHandler(filters.COMMAND, other_command_ends_wait), group=-1)
    app.add_handler(CommandHandler("cancel", cancel_command))
