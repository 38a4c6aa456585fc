"""Telegram-ready HTML for news items, and splitting into messages under Telegram's limit.

Only the tags Telegram's HTML mode accepts are produced, and every piece of article text is escaped,
so hostile article text can never break a message.
"""
from __future__ import annotations

import functools
import html
import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo

from news.models import Article
from news.urls import is_linkable_url

MESSAGE_LIMIT = 4096
# Items are short by construction; these caps keep a single item from ever filling a message, also for
# an article stored before cleaning capped its headline, or a feed named at length: an item shows at
# most 300 + 1,200 + 100 characters, two other outlets' names of 40, and some 60 more of its own, and its
# link only when it is under URL_CAP (a longer one is kept out of the message rather than risk it).
ITEM_TITLE_CAP = 300
ITEM_SUMMARY_CAP = 1200
ITEM_SOURCE_CAP = 100
OTHER_SOURCE_CAP = 40
OTHER_SOURCES_NAMED = 2
URL_CAP = 2048
# Telegram keeps a message's first 100 formatting entities and ignores the rest, silently: a digest item has three
# (bold, link, italic), so a message of 34 short items would lose the links of its last ones. Messages are packed
# with a few to spare, for a note put before one later (a forum topic's, delivery.topic_notes).
ENTITIES_PACKED = 96
_TAG = re.compile(r"<[^>]*>")


def span(length: timedelta) -> str:
    """A length of time in the units ages are shown in: "17 min", "5 h 17 min", "5 h", "2 d 3 h" (a minute at least)."""
    minutes = max(1, round(length.total_seconds() / 60))
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


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


def item_time(published: datetime, now: datetime, zone: tzinfo) -> str:
    """When a story came out, on the reader's clock: "14:05" today, "yesterday 21:10", "Mon 14:05" within the
    week, "2 Sep" this year, "2 Sep 2022" before. An item stays in the chat, so "3 h ago" would be wrong by
    the time it is read (a digest is read hours after it comes); a time from a clock ahead of ours reads as
    today's. Formatted from tables: a digest tick formats a million of these, and strftime took most of its time."""
    local, today = published.astimezone(zone), _local_today(now, zone)
    days = (today - local.date()).days
    clock = _CLOCK_TIMES[local.hour * 60 + local.minute]
    if days <= 0:
        return clock
    if days == 1:
        return f"yesterday {clock}"
    if days < 7:
        return f"{_WEEKDAYS[local.weekday()]} {clock}"
    month = _MONTHS[local.month - 1]
    return f"{local.day} {month}" if local.year == today.year else f"{local.day} {month} {local.year}"


_CLOCK_TIMES = tuple(f"{hour:02d}:{minute:02d}" for hour in range(24) for minute in range(60))
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@functools.lru_cache(maxsize=256)
def _local_today(now: datetime, zone: tzinfo) -> date:
    """The reader's date at `now`: the same for every item of a digest, so worked out once."""
    return now.astimezone(zone).date()


def item_day(published: datetime, now: datetime) -> str:
    """For an item read in any time zone (a push, a story shared inline): its day once it is a day old ("2 Sep",
    "2 Sep 2023"), else nothing: news of the last day reads as news, but an old story must not pass for one."""
    if now - published < timedelta(days=1):
        return ""
    return f"{published.day} {published:%b}" if published.year == now.year else f"{published.day} {published:%b %Y}"


def local_moment(moment: datetime, zone: tzinfo, now: datetime) -> str:
    """"Fri 04 Dec 08:00" in `zone`, with the year when it is not this one ("Thu 02 Dec 2027 16:36"): a
    pause of a year would otherwise read as a day in the past."""
    local = moment.astimezone(zone)
    return local.strftime("%a %d %b %H:%M" if local.year == now.astimezone(zone).year else "%a %d %b %Y %H:%M")


def since_moment(moment: datetime, zone: tzinfo, now: datetime) -> str:
    """Where "Nothing new since …" begins, on the reader's clock: "10:00" today, "yesterday 10:00", else the day
    as local_moment gives it ("Wed 25 Nov 10:00")."""
    local = moment.astimezone(zone)
    days = (_local_today(now, zone) - local.date()).days
    clock = _CLOCK_TIMES[local.hour * 60 + local.minute]
    if days == 0:
        return clock
    return f"yesterday {clock}" if days == 1 else local_moment(moment, zone, now)


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a word, with "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def render_item(
    article: Article, now: datetime, zone: tzinfo | None, *, long: bool = False, number: int | None = None,
    summary_cap: int = ITEM_SUMMARY_CAP,
) -> str:
    """One news item: bold headline (linked), summary (at most `summary_cap` characters), then
    source · time (item_time in `zone`; without one, for a text read in every time zone such as a push, only
    the day of an older story: item_day) · the other outlets that carry the story."""
    title = html.escape(clip(article.title, ITEM_TITLE_CAP))
    url = article.url if article.url and len(article.url) <= URL_CAP and is_linkable_url(article.url) else None
    headline = f'<b><a href="{html.escape(url, quote=True)}">{title}</a></b>' if url else f"<b>{title}</b>"
    if number is not None:
        headline = f"{number}. {headline}"
    summary_text = (article.long_summary if long and article.long_summary else article.summary) or ""
    meta = [html.escape(clip(article.source, ITEM_SOURCE_CAP))] if article.source else []
    if zone is not None:
        meta.append(item_time(article.published_at, now, zone))
    elif day := item_day(article.published_at, now):
        meta.append(day)
    if article.extra_sources:
        meta.append(other_sources(article.extra_sources))
    parts = [headline]
    if summary_text:
        parts.append(html.escape(clip(summary_text, summary_cap)))
    if meta:
        parts.append(f"<i>{' · '.join(meta)}</i>")
    return "\n".join(parts)


def other_sources(names: Sequence[str]) -> str:
    """"+1 source: Sky News", "+5 sources: Sky News, Le Monde and 3 more" (HTML-escaped)."""
    named = ", ".join(html.escape(clip(name, OTHER_SOURCE_CAP)) for name in names[:OTHER_SOURCES_NAMED])
    rest = len(names) - OTHER_SOURCES_NAMED
    return f"+{len(names)} source{'s' if len(names) > 1 else ''}: {named}" + (f" and {rest} more" if rest > 0 else "")


def telegram_length(text: str) -> int:
    """Telegram counts message length in UTF-16 code units (an emoji flag counts 4)."""
    return len(text.encode("utf-16-le")) // 2


def visible_length(html_text: str) -> int:
    """The length Telegram counts for HTML this module made: tags dropped, entities decoded.

    Exact only where every piece of text is escaped, as here (a "<" then only opens a tag).
    """
    return telegram_length(html.unescape(_TAG.sub("", html_text)))


def group_blocks(blocks: Sequence[str], *, header: str = "", limit: int = MESSAGE_LIMIT) -> list[list[int]]:
    """Which blocks go in which message: as few messages as fit under `limit`, never splitting a block, each with
    ENTITIES_PACKED formatting entities at most (unless one block has more).

    Blocks are joined by a blank line and the header opens the first message. A block is counted by its HTML
    source, which is never shorter than the text Telegram counts after parsing and quick to measure, until the
    source would overflow the message: then the message is counted as Telegram will (`visible_length`), so a
    digest whose headlines carry long links is not split at 2,600 visible characters, an extra post in a
    channel for every subscriber.
    """
    groups: list[list[int]] = []
    current: list[int] = []
    size, exact = telegram_length(header), False  # exact: `size` counts the current message as Telegram will
    entities = _entity_count(header)
    for index, block in enumerate(blocks):
        length = visible_length(block) if exact else telegram_length(block)
        if length > limit - 2:
            length = visible_length(block)
        if length > limit - 2:
            raise ValueError(f"a block of {length} characters cannot fit in one message")
        joined = size + (2 if size else 0) + length
        if joined > limit and not exact:
            size = _visible_size(([header] if header and not groups else []) + [blocks[i] for i in current])
            length, exact = visible_length(block), True
            joined = size + (2 if size else 0) + length
        tags = _entity_count(block)
        if (joined > limit or entities + tags > ENTITIES_PACKED) and (current or size):
            groups.append(current)
            length = length if exact else visible_length(block)
            current, exact = [], True
            joined, entities = length, 0
        current.append(index)
        size, entities = joined, entities + tags
    if current:
        groups.append(current)
    return groups


def _entity_count(html_text: str) -> int:
    """The formatting entities Telegram makes of HTML this module made: one per tag opened."""
    return html_text.count("<") - html_text.count("</")


def _visible_size(parts: Sequence[str]) -> int:
    """What Telegram counts of the parts joined by blank lines."""
    return sum(visible_length(part) for part in parts) + 2 * max(0, len(parts) - 1)


def pack_messages(blocks: Sequence[str], *, header: str = "", limit: int = MESSAGE_LIMIT) -> list[str]:
    """The blocks joined into messages under `limit` (see group_blocks)."""
    blocks = list(blocks)
    messages = []
    for number, group in enumerate(group_blocks(blocks, header=header, limit=limit)):
        parts = ([header] if number == 0 and header else []) + [blocks[i] for i in group]
        messages.append("\n\n".join(parts))
    return messages or ([header] if header else [])
