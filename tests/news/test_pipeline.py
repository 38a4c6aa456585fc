"""The whole pipeline on real articles: what storage and the digest will show.

Texts: tests/fixtures via news_texts (sources named there).
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from news.errors import EmptyArticleError
from news.models import RawArticle
from news.pipeline import process_article, process_articles
from news.stories import content_hash, same_story
from tests.news.news_texts import feed_entry, seed_raw

NOW = datetime(2023, 9, 9, 12, 0, tzinfo=timezone.utc)


def seed_article(**changes: object) -> RawArticle:
    title, text = seed_raw()
    fields: dict[str, object] = {"title": title, "text": text, "source": "paste"}
    fields.update(changes)
    return RawArticle(**fields)  # type: ignore[arg-type]


def test_seed_article_is_ready_to_store() -> None:
    article = process_article(seed_article(url="https://www.example.com/news/pompeo/?utm_source=tw#top"), NOW)
    assert article.title == "US Secretary of State Mike Pompeo will travel next week to Morocco"
    assert set(article.removed) == {"Morocco Flash 90", "Join our official WhatsApp group"}
    assert "WhatsApp" not in article.body
    assert 0 < len(article.summary) <= 300
    assert len(article.summary) < len(article.long_summary) <= 900
    assert article.url == "https://www.example.com/news/pompeo"
    assert article.content_hash == content_hash(article.title, article.body)
    assert "MA" in [c.code for c in article.countries]
    assert article.topics  # ranked topic scores


def test_summary_budget_is_honoured() -> None:
    article = process_article(seed_article(), NOW, summary_budget=150)
    assert 0 < len(article.summary) <= 150
    assert len(article.long_summary) <= 450


@pytest.mark.parametrize(
    ("published", "stored"),
    [
        pytest.param(datetime(2023, 9, 8, 22, 57, tzinfo=timezone.utc), datetime(2023, 9, 8, 22, 57, tzinfo=timezone.utc), id="past"),
        pytest.param(NOW + timedelta(hours=5), NOW, id="future-clamped"),
        pytest.param(None, NOW, id="missing"),
        pytest.param(datetime(2023, 9, 8, 22, 57), datetime(2023, 9, 8, 22, 57, tzinfo=timezone.utc), id="naive-is-utc"),
    ],
)
def test_published_time(published: datetime | None, stored: datetime) -> None:
    assert process_article(seed_article(published=published), NOW).published_at == stored


def test_url_that_is_not_http_is_not_kept() -> None:
    assert process_article(seed_article(url="javascript:alert(1)"), NOW).url is None


def test_feed_item_with_html() -> None:
    record = feed_entry("Louder With Crowder")
    raw = RawArticle(title=record["title"], text=record["description"], source=record["source"],
                     url=record["link"], is_html=True)
    article = process_article(raw, NOW)
    assert "<" not in article.body and "<" not in article.summary
    assert article.summary.startswith("A California teacher at Sierra Middle School resigned")


def test_repost_elsewhere_is_the_same_story_with_the_same_hash() -> None:
    first = process_article(seed_article(url="https://a.example/pompeo"), NOW)
    again = process_article(seed_article(url="https://b.example/story/123", source="other"), NOW)
    assert first.content_hash == again.content_hash
    assert same_story(first.fingerprint, again.fingerprint)


def test_article_with_nothing_readable_is_rejected() -> None:
    with pytest.raises(EmptyArticleError):
        process_article(RawArticle(title="Reuters", text="<p>Read more...</p>", is_html=True), NOW)


def test_a_batch_keeps_its_order_and_an_empty_article_costs_only_itself() -> None:
    record = feed_entry("Louder With Crowder")
    feed_item = RawArticle(title=record["title"], text=record["description"], url=record["link"], is_html=True)
    empty = RawArticle(title="Reuters", text="<p>Read more...</p>", is_html=True)
    results = process_articles([seed_article(), empty, feed_item], NOW)
    assert len(results) == 3
    assert isinstance(results[1], EmptyArticleError)
    assert results[0] == process_article(seed_article(), NOW)
    assert results[2] == process_article(feed_item, NOW)
    assert "MA" in [c.code for c in results[0].countries]
