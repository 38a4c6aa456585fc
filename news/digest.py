"""Composing a chat's digest from plain data: sections per subscription, each story once.

The caller loads candidate articles per subscription (newest first) and the stories the chat already
received; this module filters, ranks, deduplicates and renders, and says which stories went in so the
caller can record them in the same transaction that queues the messages.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from news.format import group_blocks, render_item
from news.models import Article


@dataclass(frozen=True)
class KeywordFilter:
    include: tuple[str, ...] = ()  # any of these must appear (when given)
    exclude: tuple[str, ...] = ()  # none of these may appear

    def accepts(self, article: Article) -> bool:
        """Keywords match whole words, also in the plural: +election matches "elections"."""
        if not self.include and not self.exclude:
            return True
        words = _words(article.title, article.summary)
        if self.include and not any(_mentions(words, w) for w in self.include):
            return False
        return not any(_mentions(words, w) for w in self.exclude)


def _mentions(words: frozenset[str], keyword: str) -> bool:
    keyword = keyword.lower()
    return keyword in words or f"{keyword}s" in words or f"{keyword}es" in words


@lru_cache(maxsize=65536)
def _words(title: str, summary: str) -> frozenset[str]:
    """An article's lower-cased words; cached because every chat's digest filters the same articles."""
    return frozenset(_WORD.findall(f"{title} {summary}".lower()))


_WORD = re.compile(r"\w+")
# A digest is news: an article published longer ago than this is never a candidate, even when it was
# stored only now (a newly added feed's archive, a late wire copy). A week's cadence plus a day.
MAX_ITEM_AGE = timedelta(days=8)


@dataclass(frozen=True)
class SectionInput:
    heading: str  # "🇲🇦 Morocco"
    command: str  # "morocco", for "and 7 more: /morocco"
    candidates: Sequence[Article]  # in rank order: see rank_candidates
    keywords: KeywordFilter = KeywordFilter()


@dataclass(frozen=True)
class DigestPlan:
    sections: tuple[tuple[SectionInput, tuple[Article, ...], int], ...]  # (section, shown, more)
    stories: tuple[tuple[int, int], ...]  # (story_id, article_id) of every story shown
    items: tuple[Article, ...] = field(default=())  # in display order

    @property
    def empty(self) -> bool:
        return not self.stories


def rank_candidates(articles: Sequence[Article], now: datetime) -> list[Article]:
    """Newer first; a story many sources carry climbs a little (3 h per extra source, up to 4).
    Articles published more than MAX_ITEM_AGE before `now` are left out.

    Done once per candidate list, not per chat: every chat following a country shares its list.
    """

    def age(article: Article) -> float:
        hours = max(0.0, (now - article.published_at).total_seconds() / 3600)
        return hours - 3.0 * min(article.sources_in_story - 1, 4)

    oldest = now - MAX_ITEM_AGE
    return sorted((article for article in articles if article.published_at >= oldest), key=age)


def plan_digest(
    sections: Sequence[SectionInput], delivered_stories: set[int], now: datetime, *, per_section: int
) -> DigestPlan:
    seen = set(delivered_stories)
    planned, stories, items = [], [], []
    for section in sections:
        fresh = []
        for article in section.candidates:
            if article.story_id in seen or not section.keywords.accepts(article):
                continue
            seen.add(article.story_id)
            fresh.append(article)
        shown = tuple(fresh[:per_section])
        if not shown:
            continue
        planned.append((section, shown, len(fresh) - len(shown)))
        stories += [(a.story_id, a.id) for a in shown]
        items += shown
    return DigestPlan(tuple(planned), tuple(stories), tuple(items))


DIGEST_HEADER = "🗞 <b>Your news digest</b>"


def render_digest(plan: DigestPlan, now: datetime, *, expanded: frozenset[int] = frozenset()) -> list[tuple[str, list[int]]]:
    """Messages as (HTML, item numbers in it). Items are numbered across the whole digest, so a
    "More ▸ 3" button names one item; a section heading is kept with its first item."""
    blocks: list[str] = []
    numbers: list[int] = []
    number = 0
    for section, shown, more in plan.sections:
        for index, article in enumerate(shown):
            number += 1
            block = render_item(article, now, long=number in expanded, number=number)
            if index == 0:
                block = f"<b>{html.escape(section.heading)}</b>\n\n{block}"
            blocks.append(block)
            numbers.append(number)
        if more:
            blocks.append(f"<i>and {more} more: /{section.command}</i>")
            numbers.append(0)
    groups = group_blocks(blocks, header=DIGEST_HEADER)
    messages = []
    for position, group in enumerate(groups):
        parts = ([DIGEST_HEADER] if position == 0 else []) + [blocks[i] for i in group]
        messages.append(("\n\n".join(parts), [numbers[i] for i in group if numbers[i]]))
    return messages
