"""From a raw article to one ready to store: cleaned, tagged, summarised and fingerprinted.

Raises news.errors.EmptyArticleError when cleaning leaves neither a headline nor any text.
"""
from __future__ import annotations

from datetime import datetime, timezone

from news.clean import clean_article
from news.countries import about, tag_countries
from news.models import ProcessedArticle, RawArticle
from news.stories import content_hash, simhash_words
from news.summarise import pick, rank_sentences
from news.topics import classify_topics
from news.urls import canonical_url, is_http_url

LONG_SUMMARY_FACTOR = 3  # the "More" view: about three times the digest budget
LONG_SUMMARY_SENTENCES = 8


def fingerprint(title: str, body: str) -> int:
    """The story fingerprint `process_article` gives a cleaned title and body (for evaluation)."""
    return simhash_words(rank_sentences(title, body).words)


def process_article(raw: RawArticle, now: datetime, *, summary_budget: int = 300) -> ProcessedArticle:
    """Clean, tag countries and topics, summarise and fingerprint `raw`; see the module docstring.

    `published_at` is the article's own time, but never later than `now` (feeds post-date items and
    mis-state time zones) and `now` when it has none; a naive time is taken as UTC. A URL that is not http(s) is not kept.
    """
    clean = clean_article(raw.title, raw.text, is_html=raw.is_html)
    ranked = rank_sentences(clean.title, clean.body)
    summary = pick(ranked, summary_budget)
    long_summary = pick(ranked, summary_budget * LONG_SUMMARY_FACTOR, max_sentences=LONG_SUMMARY_SENTENCES)
    published = raw.published
    if published is not None and published.tzinfo is None:
        published = published.replace(tzinfo=timezone.utc)  # a naive time is taken as UTC
    if published is None or published > now:
        published = now
    return ProcessedArticle(
        title=clean.title,
        body=clean.body,
        summary=summary,
        long_summary=long_summary,
        source=raw.source,
        url=canonical_url(raw.url) if raw.url and is_http_url(raw.url) else None,
        guid=raw.guid,
        published_at=published,
        content_hash=content_hash(clean.title, clean.body),
        fingerprint=simhash_words(ranked.words),
        countries=about(tag_countries(clean.title, clean.body)),
        topics=classify_topics(clean.title, clean.body),
        removed=clean.removed,
    )
