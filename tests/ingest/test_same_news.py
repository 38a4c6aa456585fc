"""One piece of news from several outlets is one story: one item with "+N sources", each chat gets it once.

Real feed entries (tests/fixtures/feed_entries_same_news.jsonl, from feed_entries_2023-09-08_11 in
../shared/data): three outlets' first reports of the Morocco earthquake's toll of 296, the BBC's report of
a toll above 2,000 that evening, an opinion piece on Morocco, and series whose headlines share a template.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from ingest.store import store_raw
from news.format import render_item
from news.models import RawArticle
from storage import Database
from storage.articles import latest_for_country, search
from storage.retention import prune_story_headlines
from tests.conftest import FIXTURES

NOW = datetime(2023, 9, 12, tzinfo=timezone.utc)


def _entries() -> dict[str, dict]:
    rows = [json.loads(line) for line in (FIXTURES / "feed_entries_same_news.jsonl").read_text("utf-8").splitlines()]
    return {row["title"]: row for row in rows}


def _raw(entry: dict, *, published: datetime | None = None) -> RawArticle:
    description = entry["description"] or ""
    return RawArticle(title=entry["title"], text=description, source=entry["source"], url=entry["link"],
                      is_html="<" in description, published=published or datetime.fromisoformat(entry["published"]))


async def _store_all(db: Database) -> dict[str, int]:
    """Every entry, in the order they were published; each title's story id."""
    stories = {}
    for entry in sorted(_entries().values(), key=lambda e: e["published"]):
        _, result = await store_raw(db, _raw(entry), NOW)
        assert result.status == "added"
        stories[entry["title"]] = result.story_id
    return stories


async def test_three_outlets_reporting_the_toll_are_one_item_with_two_more_sources(db: Database) -> None:
    stories = await _store_all(db)
    toll = {stories[t] for t in ("Powerful earthquake kills at least 296 people in Morocco",
                                 "Morocco Earthquake Kills at Least 296",
                                 "At least 296 dead as powerful earthquake hits Morocco")}
    assert len(toll) == 1
    others = {stories[t] for t in ("Morocco earthquake death toll rises above 2,000",
                                   "US support for Morocco is no mistake. Biden should reaffirm it.")}
    assert len(others) == 2 and not others & toll

    items = await latest_for_country(db, "MA", 5)
    assert [item.title for item in items] == [
        "Morocco earthquake death toll rises above 2,000",
        "US support for Morocco is no mistake. Biden should reaffirm it.",
        "Morocco Earthquake Kills at Least 296",  # the story's newest report stands for it
    ]
    assert items[2].sources_in_story == 3
    meta = render_item(items[2], NOW, None).splitlines()[-1]  # the others, in the order they reported it
    assert meta.startswith("<i>The Wall Street Journal · ")
    assert meta.endswith(" · +2 sources: Sky News, The Washington Post - World</i>")


async def test_series_that_share_a_headline_template_stay_apart(db: Database) -> None:
    stories = await _store_all(db)
    series = ["Ireland v Romania live: Score and latest updates from the 2023 Rugby World Cup",
              "Australia v Georgia: Rugby World Cup 2023 – live",
              "Today’s Wordle #814 Hints, Clues And Answer For Monday, September 11th",
              "Today’s Connections Hints (and Answer) for Monday, September 11"]
    series += [title for title in stories if "Livestream: How to Watch NFL Week 1" in title]  # one outlet's
    assert len(series) == 6
    assert len({stories[title] for title in series}) == 6


async def test_the_next_edition_of_a_daily_series_is_news_though_its_text_is_alike(db: Database) -> None:
    """Forbes' Quordle answers for Friday and for Tuesday: one teaser word for word and a templated headline,
    so their fingerprints are 6 bits apart, a near-copy. Filed as one story, a chat that had one edition would
    never get the next. (Tuesday's came out 3.7 days after Friday's, just past the story window: here it
    comes the next day, as a daily edition does.)"""
    entries = _entries()
    friday = entries["Today’s ‘Quordle’ Answers And Hints For Friday, September 8"]
    tuesday = entries["Today’s ‘Quordle’ Answers And Hints For Tuesday, September 12"]
    _, first = await store_raw(db, _raw(friday), NOW)
    next_day = datetime.fromisoformat(friday["published"]) + timedelta(days=1)
    _, second = await store_raw(db, _raw(tuesday, published=next_day), NOW)

    assert (first.status, second.status) == ("added", "added")
    assert second.story_id != first.story_id
    items = await search(db, "Quordle answers", 5, now=NOW)
    assert sorted(item.title for item in items) == sorted([friday["title"], tuesday["title"]])


@pytest.mark.parametrize(("hours_later", "joins"), [(11, True), (13, False)])
async def test_another_report_of_the_same_news_joins_only_within_hours(
    db: Database, hours_later: int, joins: bool
) -> None:
    entries = _entries()
    sky = entries["Powerful earthquake kills at least 296 people in Morocco"]
    _, first = await store_raw(db, _raw(sky), NOW)
    late = _raw(entries["Morocco Earthquake Kills at Least 296"],
                published=datetime.fromisoformat(sky["published"]) + timedelta(hours=hours_later))
    _, second = await store_raw(db, late, NOW)
    assert (second.story_id == first.story_id) is joins



async def test_an_edited_first_report_is_matched_by_its_new_headline(db: Database) -> None:
    entries = _entries()
    sky = _raw(entries["Powerful earthquake kills at least 296 people in Morocco"])
    placeholder = RawArticle(title="Breaking news from Morocco: more soon", text="Details are coming in.",
                             source=sky.source, url=sky.url, published=sky.published)
    _, first = await store_raw(db, placeholder, NOW)
    _, edited = await store_raw(db, sky, NOW)  # the same URL with the real story: an edit
    _, wsj = await store_raw(db, _raw(entries["Morocco Earthquake Kills at Least 296"]), NOW)
    assert edited.status == "updated" and wsj.story_id == first.story_id


async def test_headline_words_are_pruned_after_two_days_and_recent_stories_still_gather_reports(db: Database) -> None:
    entries = _entries()
    sky = _raw(entries["Powerful earthquake kills at least 296 people in Morocco"])
    _, old = await store_raw(db, _raw(entries["US support for Morocco is no mistake. Biden should reaffirm it."],
                                      published=sky.published - timedelta(days=3)), NOW)
    _, first = await store_raw(db, sky, NOW)

    assert await prune_story_headlines(db, sky.published + timedelta(hours=1)) == 4  # the old story's words
    kept = await db.fetchall("select distinct article_id from story_headlines")
    assert [row[0] for row in kept] == [first.article_id]
    _, wsj = await store_raw(db, _raw(entries["Morocco Earthquake Kills at Least 296"]), NOW)
    assert wsj.story_id == first.story_id != old.story_id


async def test_a_story_many_outlets_carry_does_not_crowd_the_others_out_of_a_reply(db: Database) -> None:
    entries = _entries()
    sky = _raw(entries["Powerful earthquake kills at least 296 people in Morocco"])
    others = ["US support for Morocco is no mistake. Biden should reaffirm it.",
              "Morocco earthquake death toll rises above 2,000"]
    for hours, title in enumerate(others):
        await store_raw(db, _raw(entries[title], published=sky.published - timedelta(hours=20 + hours)), NOW)
    for outlet in range(25):  # the newest 25 reports are all of one story
        report = RawArticle(title=sky.title, text=f"{sky.text} (outlet {outlet})", source=f"Outlet {outlet}",
                            url=f"https://outlet{outlet}.example/quake", published=sky.published + timedelta(minutes=outlet))
        await store_raw(db, report, NOW)

    items = await latest_for_country(db, "MA", 5)
    assert [item.sources_in_story for item in items] == [25, 1, 1]
    assert [item.title for item in items[1:]] == others


async def test_a_report_dated_long_before_a_story_does_not_join_it(db: Database) -> None:
    entries = _entries()
    sky = _raw(entries["Powerful earthquake kills at least 296 people in Morocco"])
    _, first = await store_raw(db, sky, NOW)
    _, early = await store_raw(db, _raw(entries["Morocco Earthquake Kills at Least 296"],
                                        published=sky.published - timedelta(days=2)), NOW)
    assert early.story_id != first.story_id


async def test_a_deleted_first_report_takes_its_headline_words_along(db: Database) -> None:
    entries = _entries()
    _, first = await store_raw(db, _raw(entries["Powerful earthquake kills at least 296 people in Morocco"]), NOW)
    await db.execute("delete from articles where id = ?", (first.article_id,))  # as a discarded draft's is
    assert await db.fetchall("select * from story_headlines") == []
