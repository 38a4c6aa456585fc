"""The whole pipeline on real articles: what storage and the digest will show.

Fixtures: seed_article.txt (/work/shared/seed/article.txt), feed_entries_html_excerpt.jsonl (records
of the shared feed_entries_2023-09-08_11.jsonl.gz).
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from news.errors import EmptyArticleError
from news.models import RawArticle
from news.pipeline import process_article
from news.stories import content_hash, same_story

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NOW = datetime(2023, 9, 9, 12, 0, tzinfo=timezone.utc)


def seed_raw(**changes: object) -> RawArticle:
    lines = (FIXTURES / "seed_article.txt").read_text(encoding="utf-8").strip().splitlines()
    fields: dict[str, object] = {"title": lines[0], "text": "\n".join(lines[1:]), "source": "paste"}
    fields.update(changes)
    return RawArticle(**fields)  # type: ignore[arg-type]


def test_seed_article_is_ready_to_store() -> None:
    article = process_article(seed_raw(url="https://www.example.com/news/pompeo/?utm_source=tw#top"), NOW)
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
    article = process_article(seed_raw(), NOW, summary_budget=150)
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
    assert process_article(seed_raw(published=published), NOW).published_at == stored


def test_url_that_is_not_http_is_not_kept() -> None:
    assert process_article(seed_raw(url="javascript:alert(1)"), NOW).url is None


def test_feed_item_with_html() -> None:
    record = json.loads((FIXTURES / "feed_entries_html_excerpt.jsonl").read_text(encoding="utf-8").splitlines()[0])
    raw = RawArticle(title=record["title"], text=record["description"], source=record["source"],
                     url=record["link"], is_html=True)
    article = process_article(raw, NOW)
    assert "<" not in article.body and "<" not in article.summary
    assert article.summary.startswith("A California teacher at Sierra Middle School resigned")


def test_repost_elsewhere_is_the_same_story_with_the_same_hash() -> None:
    first = process_article(seed_raw(url="https://a.example/pompeo"), NOW)
    again = process_article(seed_raw(url="https://b.example/story/123", source="other"), NOW)
    assert first.content_hash == again.content_hash
    assert same_story(first.fingerprint, again.fingerprint)


def test_article_with_nothing_readable_is_rejected() -> None:
    with pytest.raises(EmptyArticleError):
        process_article(RawArticle(title="Reuters", text="<p>Read more...</p>", is_html=True), NOW)
