"""Unknown commands get suggestions; errors are logged once with their traceback, and Telegram's refusals to let the
bot post in a chat (blocked, removed, muted) in one line without one: they are no bug.

Registered last, so it only sees commands no other handler took.
"""
from __future__ import annotations

import logging

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden
from telegram.ext import Application, MessageHandler, filters

from handlers.admins import is_admin
from handlers.context import Ctx
from handlers.news import command_name, country_news, unknown_name_reply
from delivery.policy import decide
from delivery.sender import ApiError
from handlers.rate_limit import ChatRefused, HeldAtStop
from handlers.replies import echo, reply_html
from handlers.start import ADMIN_COMMAND_NAMES, COMMANDS
from news.countries import Country, country_named, suggest_countries
from news.topics import suggest_topics

log = logging.getLogger(__name__)


def _addressed_elsewhere(update: Update, bot_username: str) -> bool:
    """`/cmd@OtherBot` in a group is for another bot: stay quiet."""
    text = update.effective_message.text if update.effective_message else ""
    word = (text or "").split()[0] if text else ""
    return "@" in word and word.split("@", 1)[1].lower() != bot_username.lower()


def _addressed_to_us(update: Update, bot_username: str) -> bool:
    """`/cmd@ourbot`: meant for us, whatever the group."""
    text = update.effective_message.text if update.effective_message else ""
    word = (text or "").split()[0] if text else ""
    return word.lower().endswith("@" + bot_username.lower())


def _in_group(update: Update) -> bool:
    return update.effective_chat is not None and update.effective_chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


def _typo_allowance(word: str) -> int:
    """Edits a misspelt command may be away from ours: one in a short word, two in a long one."""
    return 0 if len(word) < 3 else 1 if len(word) <= 5 else 2


def suggest_commands(word: str, limit: int = 3, *, admin: bool = False) -> list[str]:
    """Close bot commands (with the admin commands for an admin), then close countries and topics (each
    module knows its own good-enough score).

    Our commands are matched by edits, a swap of two letters counting as one (/hepl → /help, /serach →
    /search): fuzz.ratio alone counts a swap as two and a short word's one typo as too much (it scores
    "hepl" 75, under its cut-off of 80).
    """
    known = {name for name, _ in COMMANDS} | {"start"} | (ADMIN_COMMAND_NAMES if admin else set())
    found = [name for name, _, _ in process.extract(word, known, scorer=OSA.distance, limit=limit,
                                                     score_cutoff=_typo_allowance(word))]
    found += [name for name, _, _ in process.extract(word, known, scorer=fuzz.ratio, limit=limit, score_cutoff=80)]
    found += [t.command for t in suggest_topics(word, limit)]
    found += [c.command for c in suggest_countries(word, limit)]
    return list(dict.fromkeys(found))[:limit]


def country_meant(word: str) -> Country | None:
    """The country an unknown command names all the same: /moroccan, /french, /unitedstates, as /news takes them.

    A two-letter country code that is no command of ours (/me, /id, /no) is more likely a habit from another
    bot than a country, so it only gets a suggestion.
    """
    return country_named(word)


async def unknown_command(update: Update, context: Ctx) -> None:
    """Anything that looks like a command but isn't one: a country by another of its names, or the closest
    commands, or an explanation; in a group, only when it is addressed to us or one slip from one of ours."""
    if _addressed_elsewhere(update, context.bot.username):
        return
    word = command_name(update)
    country = country_meant(word)
    if country is not None:
        await country_news(update, context, country)
        return
    user = update.effective_user
    suggestions = suggest_commands(word, admin=user is not None and not _in_group(update) and await is_admin(context, user.id))
    # A country's every command is ours, though a suggestion names the short one: /unted_states is a slip of one.
    ours = [*suggestions, *(alias for country in suggest_countries(word) for alias in country.aliases)]
    if _in_group(update) and not _addressed_to_us(update, context.bot.username) \
            and not any(OSA.distance(word, s) <= 1 for s in ours):
        # A bare /ban, /rules or /report in a group is for another bot or a habit: an answer from us there is
        # noise to the whole group. Only a one-letter slip of one of ours (/marocco, /tehc) is surely ours.
        return
    if suggestions:
        options = " or ".join(f"/{s}" for s in suggestions)
        await reply_html(update, f"I don't know /{echo(word)}. Did you mean {options}?")
    else:
        await reply_html(update, unknown_name_reply(word) + "\n/help lists every command.")


# What delivery.policy does with a message Telegram refuses because of the chat, not the message: the bot was
# blocked or removed (deactivate), may not post there (closed), or its forum topic is closed.
_CHAT_REFUSALS = {"deactivate", "closed", "topic_closed"}


def refused_for_the_chat(error: object) -> bool:
    """Whether Telegram refused a request for what the chat allows the bot, as a digest would be refused."""
    if not isinstance(error, BadRequest | Forbidden):
        return False
    code = 403 if isinstance(error, Forbidden) else 400
    return decide(ApiError(code, error.message)).action in _CHAT_REFUSALS


async def log_error(update: object, context: Ctx) -> None:
    update_id = getattr(update, "update_id", None)
    if isinstance(context.error, HeldAtStop | ChatRefused):  # the bot is stopping, or a chat refused: rate_limit logged it
        return
    if refused_for_the_chat(context.error):
        chat = update.effective_chat if isinstance(update, Update) else None
        log.warning("reply refused by Telegram update=%s chat_id=%s: %s", update_id, chat.id if chat else None,
                    getattr(context.error, "message", context.error))
        return
    log.error("handler failed update=%s", update_id, exc_info=context.error)


def register(app: Application) -> None:
    app.add_handler(MessageHandler(filters.COMMAND, unknown_command))
    app.add_error_handler(log_error)
