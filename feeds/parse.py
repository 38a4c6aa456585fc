"""Feed bytes → RawArticles, with feedparser (RSS 0.9x/1.0/2.0, Atom, odd encodings, bad dates).

Feeds are hostile input: a document declaring a DOCTYPE or ENTITY in its prolog is refused before
any XML parser sees it (feeds never need one; entity-expansion bombs do).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin

import feedparser

from feeds.dates import parse_local_rfc822
from feeds.errors import ParseError
from news.format import clip
from news.models import RawArticle

feedparser.registerDateHandler(parse_local_rfc822)  # tried before feedparser's own, English-only RFC 822

NAME_LIMIT = 64  # characters of a feed's name: a label in /feeds and under every story from the feed
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    items: list[RawArticle]
    ttl_seconds: int | None  # RSS <ttl>, converted from minutes
    skipped: int  # entries with neither a title nor a link


def title_as_name(title: str) -> str:
    """A feed's own title as the name of a feed added without one ("Fresh Wire & Co"): on one line, clipped."""
    return clip(" ".join(title.split()), NAME_LIMIT)


def refuse_declarations(body: bytes) -> None:
    """Raise ParseError if the prolog (everything before the root element) declares a DOCTYPE/ENTITY."""
    match = _FIRST_ELEMENT.search(body)
    prolog = body[: match.start()] if match else body
    if _DECLARATION.search(prolog.replace(b"\x00", b"")):
        raise ParseError("document declares a DOCTYPE or ENTITY (refused: entity-expansion risk)")


def _when(entry: Any, fetched_at: datetime) -> datetime:
    """The entry's own time in UTC; fetch time when absent, and never later than fetch time."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed") or entry.get("created_parsed")
    if not parsed:
        return fetched_at
    when = datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc)
    return min(when, fetched_at)


def _text(entry: Any) -> str:
    """content:encoded / Atom content (the longest) wins over description/summary."""
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    if contents:
        return max(contents, key=len)
    return entry.get("summary", "") or entry.get("description", "")


def _ttl(feed: Any) -> int | None:
    try:
        return int(str(feed.get("ttl", "")).strip()) * 60
    except ValueError:
        return None


def parse_feed(body: bytes, *, url: str, source: str, fetched_at: datetime, content_type: str = "") -> ParsedFeed:
    """Parse `body` fetched from `url`; `source` names the publisher on every item."""
    refuse_declarations(body)
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=False)
    items: list[RawArticle] = []
    skipped = 0
    name = source or parsed.feed.get("title", "") or url
    for entry in parsed.entries:
        title = (entry.get("title") or "").strip()
        link = entry.get("link")
        link = urljoin(url, link.strip()) if link else None
        text = _text(entry)
        if not title and not text:
            skipped += 1
            continue
        items.append(RawArticle(
            title=title or text[:120], text=text, source=name, url=link,
            published=_when(entry, fetched_at), guid=(entry.get("id") or link or None), is_html=True,
        ))
    if not items:
        reason = parsed.get("bozo_exception")
        if parsed.get("bozo"):
            raise ParseError(f"malformed feed with no usable items: {reason}"[:300])
        if not parsed.get("version") and not parsed.entries:
            raise ParseError("not an RSS or Atom feed")
    return ParsedFeed(parsed.feed.get("title", ""), items, _ttl(parsed.feed), skipped)
