"""Domain objects passed between the pipeline, storage and handlers."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class RawArticle:
    """An article as it arrives: from a file, a feed item or an admin's paste."""

    title: str
    text: str
    source: str = ""
    url: str | None = None
    published: datetime | None = None
    guid: str | None = None
    is_html: bool = False
    title_typed: bool = False  # a person typed the title (an admin's /breaking): news.clean trusts it more


@dataclass(frozen=True)
class CountryScore:
    code: str  # ISO 3166-1 alpha-2 (plus XK for Kosovo, PS, EH, TW …)
    salience: float  # 0..1; `about` means salience >= news.countries.ABOUT_THRESHOLD


@dataclass(frozen=True)
class TopicScore:
    topic: str  # key from news.topics.TOPICS, e.g. "politics"
    score: float


@dataclass(frozen=True)
class CleanText:
    title: str
    body: str
    removed: tuple[str, ...] = ()  # what cleaning dropped, for explaining a wrong removal


@dataclass(frozen=True)
class ProcessedArticle:
    """An article ready to store: cleaned, tagged, summarised, fingerprinted."""

    title: str
    body: str
    summary: str
    long_summary: str
    source: str
    url: str | None
    guid: str | None
    published_at: datetime
    content_hash: str
    fingerprint: int  # 64-bit SimHash, unsigned
    countries: tuple[CountryScore, ...]  # ranked, most salient first; only those "about"
    topics: tuple[TopicScore, ...]  # ranked
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    """A stored article, as storage returns it."""

    id: int
    title: str
    summary: str
    long_summary: str
    source: str
    url: str | None
    published_at: datetime
    story_id: int
    countries: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    body: str = ""
    sources_in_story: int = 1  # how many articles share this story
    extra_sources: tuple[str, ...] = field(default=())
