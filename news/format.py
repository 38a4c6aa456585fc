"""Telegram-ready HTML for news items, and splitting into messages under Telegram's limit.

Only the tags Telegram's HTML mode accepts are produced, and every piece of article text is escaped,
so hostile article text can never break a message.
"""
from __future__ import annotations

import html
from collections.abc import Iterable
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


def pack_messages(blocks: Iterable[str], *, header: str = "", limit: int = MESSAGE_LIMIT) -> list[str]:
    """Join blocks with blank lines into as few messages as fit under `limit`, never splitting a block.

    The limit is counted on the HTML source, which is never shorter than the text Telegram counts.
    """
    messages: list[str] = []
    current = header
    for block in blocks:
        if len(block) > limit - 2:
            raise ValueError(f"a block of {len(block)} characters cannot fit in one message")
        candidate = f"{current}\n\n{block}" if current else block
        if len(candidate) > limit:
            messages.append(current)
            current = block
        else:
            current = candidate
    if current:
        messages.append(current)
    return messages
