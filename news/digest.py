"""Composing a chat's digest from plain data: sections per subscription, each story once.

The caller loads candidate articles per subscription (newest first) and the stories the chat already
received; this module filters, ranks, deduplicates and renders, and says which stories went in so the
caller can record them in the same transaction that queues the messages.
"""
from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from news.format import group_blocks, render_item
from news.models import Article


@dataclass(frozen=True)
class KeywordFilter:
    include: tuple[str, ...] = ()  # any of these must appear (when given)
    exclude: tuple[str, ...] = ()  # none of these may appear

    def accepts(self, article: Article) -> bool:
        text = f"{article.title} {article.summary} {article.long_summary}".lower()
        if self.include and not any(_has_word(text, w) for w in self.include):
            return False
        return not any(_has_word(text, w) for w in self.exclude)


def _has_word(text: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word.lower())}", text) is not None


@dataclass(frozen=True)
class SectionInput:
    heading: str  # "🇲🇦 Morocco"
    command: str  # "morocco", for "and 7 more: /morocco"
    candidates: Sequence[Article]  # newest first
    keywords: KeywordFilter = KeywordFilter()


@dataclass(frozen=True)
class DigestPlan:
    sections: tuple[tuple[SectionInput, tuple[Article, ...], int], ...]  # (section, shown, more)
    stories: tuple[tuple[int, int], ...]  # (story_id, article_id) of every story shown
    items: tuple[Article, ...] = field(default=())  # in display order

    @property
    def empty(self) -> bool:
        return not self.stories


def _rank(article: Article, now: datetime) -> float:
    """Newer first; a story many sources carry climbs a little."""
    hours = max(0.0, (now - article.published_at).total_seconds() / 3600)
    return hours - 3.0 * min(article.sources_in_story - 1, 4)


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
        fresh.sort(key=lambda a: _rank(a, now))
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
