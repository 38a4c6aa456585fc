"""Articles an admin adds from Telegram for the next digests, without pushing them: a .txt, .json or .jsonl file
sent to the bot in a private chat (or /add as a reply to one), or /add with the headline on the first line and the
story below it. They are read as `bot.py ingest` reads files (ingest.files) and stored as it stores them
(ingest.batch); the reply names each article with its countries and topic, or why it was left out.

/breaking pushes an item at once; these wait for the digests of the chats that follow their countries and topics.
A feed list (.opml, or .xml that may be one) is handlers.feed_import's; a reader's other file gets a friendly word.
"""
from __future__ import annotations

import html
import logging
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from telegram import Document, Message, Update
from telegram.error import TelegramError
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from handlers.admins import is_admin, require_admin
from handlers.context import Ctx
from handlers.feed_import import may_be_opml
from handlers.replies import echo, reply_html
from handlers.subscription_names import describe
from ingest.batch import IngestReport, Outcome, ingest_articles
from ingest.files import READABLE_SUFFIXES, RawArticle, Rejected, parse_text_article, read_article_bytes
from news.digest import MAX_ITEM_AGE

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 2 * 1024 * 1024  # some 600 articles of 3 kB; a bigger archive is for `bot.py ingest`
MAX_ARTICLES = 500  # articles one file may bring
SHOWN = 10  # articles named under each line of the reply; the rest are "and N more"
HEADLINE_SHOWN = 100
TEXT_TYPES = {"text/plain", "application/json", "application/x-ndjson", "application/jsonl"}

ADD_USAGE = ("To add an article for the next digests (without pushing it), send /add with the headline on the first "
             "line and the story below it, or send me a .txt, .json or .jsonl file of articles (or reply /add to one). "
             "To push one at once: /breaking.")
READERS_FILE = ("I only read files from admins. For the news, try /latest or /search earthquake; /help lists every "
                "command.")


def is_article_file(document: Document) -> bool:
    """A file of articles by its name (.txt, .json, .jsonl, .ndjson), or plain text by its type."""
    suffix = Path(document.file_name or "").suffix.lower()
    return suffix in READABLE_SUFFIXES or (not suffix and (document.mime_type or "").lower() in TEXT_TYPES)


def _tags(outcome: Outcome) -> str:
    """"🇲🇦 Morocco · 🏛 Politics": the countries and topics the article is filed under, whose followers' digests carry
    it (there are seldom more than three countries and two topics)."""
    article = outcome.article
    assert article is not None
    tags = [describe("country", c.code) for c in article.countries[:3]]
    tags += [describe("topic", t.topic) for t in article.topics]
    return html.escape(" · ".join(tags)) if tags else "no country or topic found: only /latest and /search show it"


def _named(outcome: Outcome, now: datetime) -> str:
    """"<b>Headline</b> (🇲🇦 Morocco · 🏛 Politics)", and why no digest carries an old one."""
    article = outcome.article
    assert article is not None
    old = (f"; published {article.published_at:%Y-%m-%d}, too old for digests"
           if article.published_at < now - MAX_ITEM_AGE else "")
    return f"<b>{echo(article.title, HEADLINE_SHOWN)}</b> ({_tags(outcome)}{old})"


def _listed(lines: list[str]) -> str:
    more = [f"…and {len(lines) - SHOWN} more"] if len(lines) > SHOWN else []
    return "\n".join([*(f"• {line}" for line in lines[:SHOWN]), *more])


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def ingest_reply(report: IngestReport, now: datetime, source: str | None) -> str:
    """What the admin is told: what was added (and will be in the next digests), what was stored already, what was
    rejected and why (HTML). `source`: the file's name, None for a pasted article."""
    added, known, rejected = report.of("added"), report.of("updated", "duplicate"), report.of("rejected")
    of_file = f" from {echo(source)}" if source else ""
    parts = []
    if len(added) == 1 and not known and not rejected:
        parts.append(f"Added 1 article{of_file}: {_named(added[0], now)} — it will be in the next digests.")
    elif added:
        they = "it" if len(added) == 1 else "they"
        parts.append(f"Added {_count(len(added), 'article', 'articles')}{of_file} — {they} will be in the next digests:\n"
                     + _listed([_named(outcome, now) for outcome in added]))
    else:
        parts.append(f"Added no articles{of_file}.")
    if known:
        parts.append(f"{_count(len(known), 'was', 'were')} stored already (an edited copy replaces the stored one):\n"
                     + _listed([_named(outcome, now) for outcome in known]))
    if rejected:
        parts.append(f"{_count(len(rejected), 'was', 'were')} left out:\n"
                     + _listed([f"{echo(o.where, HEADLINE_SHOWN)}: {echo(o.reason, 200)}" for o in rejected]))
    if added:
        parts.append("To push one now: /breaking")
    return "\n\n".join(parts)


async def _ingest(update: Update, context: Ctx, items: list[RawArticle | Rejected], source: str | None) -> None:
    now = context.clock.now()
    report = await ingest_articles(context.db, items, context.clock.now, summary_budget=context.settings.summary_budget)
    user = update.effective_user
    log.info("admin articles user_id=%s source=%s added=%s known=%s rejected=%s", user.id if user else None, source,
             report.count("added"), report.count("updated") + report.count("duplicate"), report.count("rejected"))
    await reply_html(update, ingest_reply(report, now, source))


async def _add_file(update: Update, context: Ctx, document: Document) -> None:
    name = document.file_name or "that file"
    if not is_article_file(document):
        await reply_html(update, f"I read articles from .txt, .json and .jsonl files (and feed lists from .opml); "
                                 f"{echo(name)} is none of these. Nothing was added.")
        return
    too_big = (f"{echo(name)} is over {MAX_FILE_BYTES // 1024 // 1024} MB, more than I read from a chat; "
               "<code>bot.py ingest</code> on the server reads any size. Nothing was added.")
    if document.file_size is not None and document.file_size > MAX_FILE_BYTES:
        await reply_html(update, too_big)
        return
    try:
        data = bytes(await (await context.bot.get_file(document.file_id)).download_as_bytearray())
    except TelegramError as e:
        log.warning("article file download failed file_id=%s error=%s", document.file_id, e)
        await reply_html(update, f"I couldn't get that file from Telegram ({html.escape(str(e))}). Please send it again.")
        return
    if len(data) > MAX_FILE_BYTES:  # Telegram gave no size, or another one
        await reply_html(update, too_big)
        return
    items = list(read_article_bytes(name, data))
    if sum(1 for item in items if isinstance(item, RawArticle)) > MAX_ARTICLES:
        await reply_html(update, f"{echo(name)} holds over {MAX_ARTICLES} articles, more than I add at a time: split it "
                                 "into smaller files and send each. Nothing was added.")
        return
    await _ingest(update, context, items, name)


async def on_document(update: Update, context: Ctx) -> None:
    """A file sent in a private chat that is no feed list: an admin's articles are added; a reader is told kindly.

    An admin's other file (a photo, a PDF) gets no answer: it may be meant for a reply (/add, /importfeeds) or a
    note to self."""
    message, user = update.effective_message, update.effective_user
    if message is None or message.document is None or user is None:
        return
    if not await is_admin(context, user.id):
        await reply_html(update, READERS_FILE)
    elif is_article_file(message.document):
        await _add_file(update, context, message.document)


def _pasted(message: Message) -> str:
    """The article typed after /add (its lines kept: the first is the headline)."""
    parts = (message.text or "").split(None, 1)
    return parts[1].strip() if len(parts) > 1 else ""


async def add_command(update: Update, context: Ctx) -> None:
    """/add headline + story, or /add as a reply to a file: articles stored for the next digests, not pushed."""
    if not await require_admin(update, context) or update.effective_message is None:
        return
    message = update.effective_message
    replied = message.reply_to_message
    if replied is not None and replied.document is not None:
        await _add_file(update, context, replied.document)
        return
    text = _pasted(message) or (replied.text or "" if replied is not None else "")
    if not text:
        await reply_html(update, ADD_USAGE)
        return
    raw = parse_text_article(text, source="")
    if not raw.text:
        await reply_html(update, f"I need the story below the headline. {ADD_USAGE}")
        return
    await _ingest(update, context, [replace(raw, title_typed=True)], None)


class _NoFeedList(filters.MessageFilter):
    """A document that is no OPML feed list (those are handlers.feed_import's)."""

    def filter(self, message: Message) -> bool:
        return message.document is not None and not may_be_opml(message.document)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("add", add_command))
    app.add_handler(MessageHandler(filters.Document.ALL & filters.ChatType.PRIVATE & _NoFeedList(), on_document))
