"""Unknown commands get suggestions; errors are logged once with their traceback.

Registered last, so it only sees commands no other handler took.
"""
from __future__ import annotations

import logging

from rapidfuzz import fuzz, process
from telegram import Update
from telegram.ext import Application, MessageHandler, filters

from handlers.context import Ctx
from handlers.news import command_name, unknown_name_reply
from handlers.replies import echo, reply_html
from handlers.start import COMMANDS
from news.countries import suggest_countries
from news.topics import suggest_topics

log = logging.getLogger(__name__)


def _addressed_elsewhere(update: Update, bot_username: str) -> bool:
    """`/cmd@OtherBot` in a group is for another bot: stay quiet."""
    text = update.effective_message.text if update.effective_message else ""
    word = (text or "").split()[0] if text else ""
    return "@" in word and word.split("@", 1)[1].lower() != bot_username.lower()


def suggest_commands(word: str, limit: int = 3) -> list[str]:
    """Close bot commands, then close countries and topics (each module knows its own good-enough score)."""
    known = {name for name, _ in COMMANDS} | {"start"}
    found = [name for name, _, _ in process.extract(word, known, scorer=fuzz.ratio, limit=limit, score_cutoff=80)]
    found += [t.command for t in suggest_topics(word, limit)]
    found += [c.command for c in suggest_countries(word, limit)]
    return list(dict.fromkeys(found))[:limit]


async def unknown_command(update: Update, context: Ctx) -> None:
    """Anything that looks like a command but isn't one: suggest the closest, or explain."""
    if _addressed_elsewhere(update, context.bot.username):
        return
    word = command_name(update)
    suggestions = suggest_commands(word)
    if suggestions:
        options = " or ".join(f"/{s}" for s in suggestions)
        await reply_html(update, f"I don't know /{echo(word)}. Did you mean {options}?")
    else:
        await reply_html(update, unknown_name_reply(word) + "\n/help lists every command.")


async def log_error(update: object, context: Ctx) -> None:
    log.error("handler failed update=%s", getattr(update, "update_id", None), exc_info=context.error)


def register(app: Application) -> None:
    app.add_handler(MessageHandler(filters.COMMAND, unknown_command))
    app.add_error_handler(log_error)
