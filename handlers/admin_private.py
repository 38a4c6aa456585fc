"""Admin answers that hold internal data go to the admin's private chat, not to the group they asked in.

/stats (subscriber numbers), /feeds (feed addresses, failing feeds) and /exportfeeds (the same as a file),
/broadcasts and /cancel_broadcast (push reports) and /admin (who the admins are, who was added or removed) answer an admin who asks in a group in their
private chat with the bot, and the group gets a one-line note. An admin who never started the bot (Telegram lets
a bot write only to users who have) gets a pointer to open that chat instead, and the data is not posted at all.
Answers of one action that say nothing internal (/addfeed, /pausefeed, a /breaking preview) stay in the group.
"""
from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden

from handlers.context import Ctx
from handlers.replies import reply_blocks, reply_html
from news.format import pack_messages

log = logging.getLogger(__name__)


def sent_note(what: str) -> str:
    """The group's note once the answer went to the admin's private chat: "Sent you the stats privately"."""
    return f"🔒 Sent you {what} privately."


def open_chat_note(bot_username: str, again: str) -> str:
    """The group's note when the admin has no private chat with the bot yet: where to ask again."""
    return (f"🔒 I answer that only in private, and you have no chat with me yet: open one with @{bot_username}, "
            f"send /start, then {again} there.")


async def answer_admin(update: Update, context: Ctx, blocks: list[str], *, what: str, again: str,
                       header: str = "", done_here: bool = False) -> None:
    """Reply with `blocks` in a private chat; from a group, send them to the asking admin's private chat and note
    it in the group (`what`: "the stats"; `again`: the command that shows it again, "/stats"). `done_here`: the
    answer says what a command did (a push cancelled, an admin added), so an admin with no private chat gets it in
    the group rather than a pointer that reads as if nothing happened."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or chat.type == ChatType.PRIVATE:
        await reply_blocks(update, blocks, header=header)
        return

    async def send(chat_id: int) -> None:
        for text in pack_messages(blocks, header=header):
            await context.bot.send_message(chat_id, text)

    async def here() -> None:
        await reply_blocks(update, blocks, header=header)
    await send_to_admin(update, context, send, what=what, again=again, refused=here if done_here else None)


async def send_to_admin(update: Update, context: Ctx, send: Callable[[int], Awaitable[None]], *, what: str,
                        again: str, refused: Callable[[], Awaitable[None]] | None = None) -> None:
    """An answer `send` sends to a chat id (a file: /exportfeeds), sent to the asking admin's private chat, with the
    group's note as answer_admin gives it; in a private chat, there. `refused`: what to do instead when the admin
    has no private chat (by default, point them to one)."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or chat.type == ChatType.PRIVATE:
        if chat is not None:
            await send(chat.id)
        return
    try:
        await send(user.id)
    except (Forbidden, BadRequest) as error:  # never started the bot (403), or an id Telegram does not know
        log.info("admin answer not sent privately user_id=%s chat_id=%s error=%s", user.id, chat.id, error)
        await (refused() if refused is not None else reply_html(update, open_chat_note(context.bot.username, again)))
        return
    await reply_html(update, sent_note(what))
