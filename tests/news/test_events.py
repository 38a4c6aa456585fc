"""Headlines of one piece of news from several outlets (news.events), on real feed headlines.

Headlines: feed_entries_2023-09-08_11 in ../shared/data (real RSS/Atom entries of ~90 outlets); the
ones stored by tests/ingest/test_same_news.py are in tests/fixtures/feed_entries_same_news.jsonl.
"""
from __future__ import annotations

import pytest

from news.events import key_terms, same_event


@pytest.mark.parametrize(("title", "other"), [
    ("Powerful earthquake kills at least 296 people in Morocco", "Morocco Earthquake Kills at Least 296"),
    ("Morocco earthquake kills more than 1,000", "Powerful Earthquake in Morocco Kills More Than 1,000 People"),
    ("Spain’s football chief Luis Rubiales to resign after World Cup kiss scandal",
     "Luis Rubiales to quit in wake of World Cup kiss scandal"),
    ("Novak Djokovic wins US Open for record-equalling 24th Grand Slam title",
     "Novak Djokovic wins the U.S. Open, taking his 24th Grand Slam title"),
    ("FDA approves new COVID vaccines", "FDA approves updated Covid vaccines from Pfizer and Moderna"),
])
def test_two_outlets_reporting_the_same_news_are_one_story(title: str, other: str) -> None:
    assert same_event(title, other) and same_event(other, title)


@pytest.mark.parametrize(("title", "other"), [
    # The same event, a day apart: the new toll is news again.
    ("Morocco earthquake kills more than 1,000", "Morocco earthquake death toll rises above 2,000"),
    ("Morocco Earthquake Kills at Least 296", "US support for Morocco is no mistake. Biden should reaffirm it."),
    # Series share their template, not their names.
    ("Ireland v Romania live: Score and latest updates from the 2023 Rugby World Cup",
     "Australia v Georgia: Rugby World Cup 2023 – live"),
    ("Japan v Chile: Rugby World Cup 2023 – live",
     "South Africa v Scotland live: Score and updates from the 2023 Rugby World Cup"),
    ("Today’s Wordle #814 Hints, Clues And Answer For Monday, September 11th",
     "Today’s Connections Hints (and Answer) for Monday, September 11"),
    ("Impressionist Mike Yarwood dies aged 82", "Zulu leader Mangosuthu Buthelezi dies aged 95"),
    # Alike but for a figure or a place (made-up headlines of the kinds that come in bursts).
    ("Shooting at Texas mall kills 8", "Shooting at Texas school kills 3"),
    ("Wordle 814 answer for September 11", "Wordle 815 answer for September 12"),
    ("Earthquake of magnitude 6.1 strikes off Japan", "Earthquake of magnitude 6.1 strikes off Indonesia"),
    ("Morocco earthquake kills more than 1,000", "Morocco Earthquake Kills at Least 296"),
])
def test_different_news_is_not_one_story(title: str, other: str) -> None:
    assert not same_event(title, other) and not same_event(other, title)


def test_candidates_are_found_by_the_rarest_words_of_the_headline() -> None:
    assert key_terms("Powerful earthquake kills at least 296 people in Morocco")[:2] == ["296", "morocco"]
    assert key_terms("Morocco Earthquake Kills at Least 296")[:2] == ["296", "morocco"]
    assert key_terms("Morocco quake") == []  # too short to share three words with anything
