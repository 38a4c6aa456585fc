"""The command menu an admin sees in their private chat with the bot: every reader's command and the admin
commands (setMyCommands with a chat scope). Readers see only theirs (handlers.start.publish_commands).

Telegram knows a user's private chat only once they have started the bot: a menu for an admin who has not
is refused ("chat not found") and set when they send /start. One refused menu is logged and the others go on.
"""
from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

log = logging.getLogger(__name__)


async def show_admin_menu(bot: Bot, user_id: int, commands: list[tuple[str, str]]) -> bool:
    """Give this admin's private chat the menu of `commands`; whether Telegram took it."""
    try:
        await bot.set_my_commands([BotCommand(name, description) for name, description in commands],
                                  scope=BotCommandScopeChat(user_id))
    except TelegramError as error:  # no chat with them yet: /start sets it
        log.info("admin menu not set user_id=%s error=%s", user_id, error)
        return False
    return True


async def hide_admin_menu(bot: Bot, user_id: int) -> None:
    """Back to the readers' menu for someone who is no longer an admin."""
    try:
        await bot.delete_my_commands(scope=BotCommandScopeChat(user_id))
    except TelegramError as error:
        log.info("admin menu not removed user_id=%s error=%s", user_id, error)
