"""Storing processed articles: an edited copy joins the story it copies, other articles start their own.

Texts: tests/fixtures via tests.news.news_texts (sources named there).
"""
from __future__ import annotations

import dataclasses
from datetime import datetime, timezone

from ingest.store import store_many, store_raw
from news.models import RawArticle
from news.pipeline import process_article
from news.stories import band_keys
from storage import Database
from tests.news.news_texts import bbc_business, seed_raw

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


def _edited_seed() -> str:
    """The seed article as another outlet might run it: a paragraph dropped, two swapped, a line added."""
    paragraphs = seed_raw()[1].split("\n\n")
    del paragraphs[5]
    paragraphs[2], paragraphs[3] = paragraphs[3], paragraphs[2]
    return "\n\n".join(paragraphs).replace("next week", "on Wednesday") + "\n\nAdditional reporting by AFP."


async def _stories(db: Database) -> dict[int, int]:
    return {row[0]: row[1] for row in await db.fetchall("select id, story_id from articles")}


async def test_edited_copy_joins_the_story_and_other_articles_start_their_own(db: Database) -> None:
    title, text = seed_raw()
    _, first = await store_raw(db, RawArticle(title=title, text=text, url="https://a.example/pompeo"), NOW)
    _, other = await store_raw(db, RawArticle(*bbc_business(0), url="https://b.example/time-warner"), NOW)
    _, copy = await store_raw(db, RawArticle(title="Pompeo heads to Rabat for talks with the king",
                                             text=_edited_seed(), url="https://c.example/rabat"), NOW)
    assert (first.status, other.status, copy.status) == ("added", "added", "added")
    assert await _stories(db) == {
        first.article_id: first.article_id,
        other.article_id: other.article_id,
        copy.article_id: first.article_id,
    }
    assert copy.story_id == first.article_id


async def test_edited_article_keeps_its_story_and_is_still_found_by_later_copies(db: Database) -> None:
    title, text = seed_raw()
    _, first = await store_raw(db, RawArticle(title=title, text=text, url="https://a.example/pompeo"), NOW)
    _, edit = await store_raw(db, RawArticle(title=title, text=text + "\n\nThis story has been updated.",
                                             url="https://a.example/pompeo"), NOW)
    _, copy = await store_raw(db, RawArticle(title=title, text=_edited_seed(), url="https://c.example/rabat"), NOW)
    assert edit.status == "updated" and edit.article_id == first.article_id
    assert copy.status == "added" and copy.story_id == first.article_id
    bands = await db.fetchall("select article_id, count(*) from article_bands group by article_id order by article_id")
    keys = len(band_keys(0))
    assert [tuple(row) for row in bands] == [(first.article_id, keys), (copy.article_id, keys)]  # edit: replaced


async def test_a_batch_catches_copies_within_itself_and_one_bad_article_costs_only_itself(db: Database) -> None:
    title, text = seed_raw()
    seed = process_article(RawArticle(title=title, text=text, url="https://a.example/pompeo"), NOW)
    repost = dataclasses.replace(seed, url="https://mirror.example/pompeo")
    # A lone surrogate: text SQLite cannot store, as a broken decoder upstream might produce.
    broken = dataclasses.replace(process_article(RawArticle(*bbc_business(1)), NOW), body="Broken \ud800 text")
    other = process_article(RawArticle(*bbc_business(0), url="https://b.example/time-warner"), NOW)

    results = await store_many(db, [seed, repost, broken, other], NOW)

    assert [getattr(r, "status", "error") for r in results] == ["added", "duplicate", "error", "added"]
    assert results[1].article_id == results[0].article_id
    rows = await db.fetchall("select url from articles order by id")
    assert [r[0] for r in rows] == ["https://a.example/pompeo", "https://b.example/time-warner"]
