"""Inline mode: in any chat, "@bot morocco" lists Morocco's latest stories, and the one picked goes into that chat.

The query is read as /news and /search read theirs: nothing is the latest stories, a country (by any name the bot
knows, or its flag) or topic its latest, anything else a search. Results come ten a page as the reader scrolls
(next_offset), up to 50 stories.
"""
from __future__ import annotations

import logging

from telegram import (InlineQueryResultArticle, InlineQueryResultsButton, InputTextMessageContent, LinkPreviewOptions,
                      Update)
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import Application, InlineQueryHandler

from handlers.context import Ctx
from handlers.start import INLINE_HELP_LINK
from news.countries import country_named
from news.format import ITEM_TITLE_CAP, clip, render_item
from news.models import Article
from news.topics import resolve_topic
from storage import articles as article_store
from storage.search_query import parse_search

log = logging.getLogger(__name__)

PAGE_SIZE = 10
MAX_PAGES = 5  # 50 stories in all: past those, a reader types more words
DESCRIPTION_CAP = 150  # the start of the summary under the headline, on two lines of a phone's list
CACHE_SECONDS = 60  # Telegram may show the same answer to anyone typing the same words for this long; news moves on
# Opens the bot on how to find stories inline (handlers.start)
NOTHING_FOUND = InlineQueryResultsButton("No stories match — open the bot for help", start_parameter=INLINE_HELP_LINK)


async def _stories(context: Ctx, text: str, limit: int) -> tuple[str, list[Article]]:
    """What the query asks for (for the log) and up to `limit` of its stories, newest or best first."""
    if not text:
        return "latest", await article_store.latest(context.db, limit)
    query = parse_search(text)
    if not query.excluded:  # a name, unless it is a word to leave out of a search ("-morocco")
        if (topic := resolve_topic(text)) is not None:
            return "topic", await article_store.latest_tagged(context.db, "topic", topic.key, limit)
        if (country := country_named(text)) is not None:
            return "country", await article_store.latest_tagged(context.db, "country", country.code, limit)
    if not query.required:  # -words alone, or no words at all: nothing to look for
        return "search", []
    return "search", await article_store.search(context.db, query, limit, now=context.clock.now())


def _page_number(offset: str) -> int | None:
    """The page an offset asks for: "" the first; one we never gave (a tampered client) none."""
    if not offset:
        return 0
    return int(offset) if offset.isascii() and offset.isdigit() and int(offset) < MAX_PAGES else None


def _result(article: Article, context: Ctx) -> InlineQueryResultArticle:
    """The story as the reader picks it (headline, start of its summary) and as it goes into the chat: rendered as
    every item the bot sends, without a time, as the message is read in chats of every time zone."""
    return InlineQueryResultArticle(
        id=str(article.id),
        title=clip(article.title, ITEM_TITLE_CAP),
        description=clip(article.summary or "", DESCRIPTION_CAP) or None,
        input_message_content=InputTextMessageContent(
            render_item(article, context.clock.now(), None), parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        ),
    )


async def inline_query(update: Update, context: Ctx) -> None:
    """"@bot morocco", "@bot 🇲🇦", "@bot tech", "@bot dam collapse" or "@bot": stories to pick and share."""
    query = update.inline_query
    assert query is not None
    page = _page_number(query.offset)
    if page is None:
        kind, found, page = "no such page", [], MAX_PAGES
    else:
        kind, found = await _stories(context, query.query.strip(), PAGE_SIZE * (page + 1) + 1)  # one more: any left?
    shown = found[PAGE_SIZE * page : PAGE_SIZE * (page + 1)]
    more = len(found) > PAGE_SIZE * (page + 1) and page + 1 < MAX_PAGES
    try:
        # No more pages: next_offset left out, not "" (Telegram's "no more"), which python-telegram-bot 22 sends as
        # "[]" when the bot has Defaults (it takes an empty string for an empty list of poll options).
        await query.answer(
            [_result(article, context) for article in shown], cache_time=CACHE_SECONDS, is_personal=False,
            next_offset=str(page + 1) if more else None, button=NOTHING_FOUND if not page and not found else None,
        )
    except BadRequest as error:
        if "query is too old" not in str(error).lower():
            raise
        # The reader typed on or gave up: their next query gets its own answer.
        log.info("inline query expired before its answer kind=%s page=%s", kind, page)
        return
    log.info("inline query answered kind=%s page=%s results=%s more=%s", kind, page, len(shown), more)


def register(app: Application) -> None:
    app.add_handler(InlineQueryHandler(inline_query))
