"""Telegram-ready HTML for news items, and splitting into messages under Telegram's limit.

Only the tags Telegram's HTML mode accepts are produced, and every piece of article text is escaped,
so hostile article text can never break a message.
"""
from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime

from news.models import Article

MESSAGE_LIMIT = 4096
# Items are short by construction; this cap keeps a single item from ever filling a message.
ITEM_SUMMARY_CAP = 1200


def relative_time(then: datetime, now: datetime) -> str:
    seconds = int((now - then).total_seconds())
    if seconds < 60:
        return "just now"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min ago"
    hours = minutes // 60
    if hours < 24:
        return f"{hours} h ago"
    days = hours // 24
    if days < 14:
        return f"{days} d ago" if days > 1 else "yesterday"
    return then.strftime("%-d %b %Y")


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def render_item(article: Article, now: datetime, *, long: bool = False, number: int | None = None) -> str:
    """One news item: bold headline (linked), summary, then source · time · other sources."""
    title = html.escape(article.title)
    headline = f'<b><a href="{html.escape(article.url, quote=True)}">{title}</a></b>' if article.url else f"<b>{title}</b>"
    if number is not None:
        headline = f"{number}. {headline}"
    summary_text = (article.long_summary if long and article.long_summary else article.summary) or ""
    meta = [html.escape(article.source)] if article.source else []
    meta.append(relative_time(article.published_at, now))
    if article.sources_in_story > 1:
        meta.append(f"+{article.sources_in_story - 1} source{'s' if article.sources_in_story > 2 else ''}")
    parts = [headline]
    if summary_text:
        parts.append(html.escape(_clip(summary_text, ITEM_SUMMARY_CAP)))
    parts.append(f"<i>{' · '.join(meta)}</i>")
    return "\n".join(parts)


def telegram_length(text: str) -> int:
    """Telegram counts message length in UTF-16 code units (an emoji flag counts 4)."""
    return len(text.encode("utf-16-le")) // 2


def group_blocks(blocks: Sequence[str], *, header: str = "", limit: int = MESSAGE_LIMIT) -> list[list[int]]:
    """Which blocks go in which message: as few messages as fit under `limit`, never splitting a block.

    Blocks are joined by a blank line and the header opens the first message. The limit is counted
    on the HTML source, which is never shorter than the text Telegram counts after parsing.
    """
    groups: list[list[int]] = []
    current: list[int] = []
    size = telegram_length(header)
    for index, block in enumerate(blocks):
        length = telegram_length(block)
        if length > limit - 2:
            raise ValueError(f"a block of {length} characters cannot fit in one message")
        joined = size + (2 if size else 0) + length
        if joined > limit and (current or size):
            groups.append(current)
            current, size = [], 0
            joined = length
        current.append(index)
        size = joined
    if current:
        groups.append(current)
    return groups


def pack_messages(blocks: Sequence[str], *, header: str = "", limit: int = MESSAGE_LIMIT) -> list[str]:
    """The blocks joined into messages under `limit` (see group_blocks)."""
    blocks = list(blocks)
    messages = []
    for number, group in enumerate(group_blocks(blocks, header=header, limit=limit)):
        parts = ([header] if number == 0 and header else []) + [blocks[i] for i in group]
        messages.append("\n\n".join(parts))
    return messages or ([header] if header else [])
