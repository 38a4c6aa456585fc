"""Optional: when a feed carries only a teaser, fetch the article page and keep its main text.

Off unless FETCH_FULL_TEXT is set. The page is hostile input like the feed: same URL checks, size cap
and timeout (the Fetcher's), and readability-lxml picks the main content out of the page. The poller
asks only for items that are new or changed in the feed, so a publisher sees one page request per item
and edit, not one per poll.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace

from readability import Document

from feeds.errors import FeedError
from feeds.fetch import Fetcher
from news.models import RawArticle

log = logging.getLogger(__name__)

TEASER_CHARS = 400  # shorter than this (after tags) and an item is only a teaser


@dataclass(frozen=True)
class Expansion:
    """One item after `expand_teasers`: with its page's main text when that is longer than the teaser."""

    item: RawArticle
    page_failed: bool = False  # the page could not be fetched or read: the item keeps its teaser


def _main_html(page: bytes) -> str:
    return Document(page).summary(html_partial=True)


async def expand_teasers(fetcher: Fetcher, items: list[RawArticle]) -> list[Expansion]:
    """One Expansion per item, in order: teasers get the main text of their page, a failed fetch keeps the teaser."""
    expanded = []
    for item in items:
        if item.url and len(item.text) < TEASER_CHARS:
            try:
                result = await fetcher.fetch(item.url)
                main = await asyncio.to_thread(_main_html, result.body)
            except (FeedError, ValueError) as e:
                log.info("full text not fetched url=%s reason=%s", item.url, e)
                expanded.append(Expansion(item, page_failed=True))
                continue
            if len(main) > len(item.text):
                item = replace(item, text=main, is_html=True)
        expanded.append(Expansion(item))
    return expanded
