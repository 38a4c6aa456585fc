"""Story fingerprints on real articles: edited copies are the same story, other articles are not.

Texts: tests/fixtures via news_texts (sources named there).
"""
from __future__ import annotations

import random

import pytest

from news.editions import other_editions
from news.stories import MAX_DISTANCE, band_keys, content_hash, probe_keys, same_story, simhash, simhash_many
from news.words import content_word_set
from tests.news.news_texts import bbc_business as bbc
from tests.news.news_texts import seed_clean as seed_text

def fingerprint(title: str, body: str) -> int:
    return simhash(f"{title}\n{body}")


def test_repost_with_other_spacing_and_quotes_has_the_same_content_hash() -> None:
    title, body = seed_text()
    repost = body.replace('"', "“").replace(". ", ".  ").replace("\n\n", "\n \n")
    assert content_hash(title, body) == content_hash(f"  {title.upper()} ", repost)
    assert content_hash(title, body) != content_hash(title, body.replace("December 4", "December 5"))


def test_edited_copy_is_the_same_story() -> None:
    title, body = seed_text()
    paragraphs = body.split("\n\n")
    del paragraphs[5]  # a paragraph dropped
    paragraphs[2], paragraphs[3] = paragraphs[3], paragraphs[2]  # two swapped
    edited = "\n\n".join(paragraphs).replace("next week", "on Wednesday") + "\n\nAdditional reporting by AFP."
    assert same_story(fingerprint(title, body), fingerprint("Pompeo heads to Rabat for talks with the king", edited))


def test_different_articles_are_not_the_same_story() -> None:
    seed = fingerprint(*seed_text())
    time_warner, dollar = fingerprint(*bbc(0)), fingerprint(*bbc(1))
    assert not same_story(time_warner, dollar)  # same category, same week, different stories
    assert not same_story(seed, time_warner)


def test_fingerprint_is_stable_across_runs() -> None:
    # Stored fingerprints are compared with new ones: the hash must not depend on the process.
    value = fingerprint(*seed_text())
    assert 0 <= value < 2**64
    assert value == 9124738470127407394


def test_a_batch_fingerprints_each_article_as_it_would_alone() -> None:
    # The pipeline fingerprints a whole feed poll at once; an item without content words must not
    # take its neighbour's words (that would merge unrelated stories).
    texts = ["\n".join(seed_text()), "the and of", "\n".join(bbc(0)), "\n".join(bbc(1))]
    word_sets = [content_word_set(text) for text in texts]
    assert simhash_many(word_sets) == [simhash(text) for text in texts]
    assert simhash_many(word_sets)[1] == 0


def test_fingerprint_of_a_long_text_is_stable() -> None:
    # Over 255 distinct words, simhash_many sums its bit counters in chunks: the value must not move.
    text = "\n".join(["\n".join(bbc(0)), "\n".join(bbc(1)), "\n".join(seed_text())])
    assert len(content_word_set(text)) > 255
    assert simhash(text) == 1022315532311450022


def test_close_fingerprints_always_find_each_others_band_key() -> None:
    rng = random.Random(4)
    for _ in range(2000):
        a = rng.getrandbits(64)
        b = a
        for bit in rng.sample(range(64), rng.randint(0, MAX_DISTANCE)):
            b ^= 1 << bit
        assert set(band_keys(a)) & set(probe_keys(b)), (a, b)
        assert set(band_keys(b)) & set(probe_keys(a)), (a, b)


def test_band_keys_separate_unrelated_articles() -> None:
    prints = [fingerprint(*text) for text in (seed_text(), bbc(0), bbc(1))]
    assert len(set(band_keys(prints[0]))) == len(band_keys(0))
    assert len(set(probe_keys(prints[0]))) == len(probe_keys(0))
    assert not set(band_keys(prints[1])) & set(probe_keys(prints[2]))
    assert not set(band_keys(prints[2])) & set(probe_keys(prints[1]))


@pytest.mark.parametrize(("title", "other", "editions"), [
    ("Today’s Wordle #813 Hints, Clues And Answer For Sunday, September 10th",
     "Today’s Wordle #814 Hints, Clues And Answer For Monday, September 11th", True),
    ("Russia-Ukraine war: List of key events, day 564", "Russia-Ukraine war: List of key events, day 565", True),
    ("Tuesday Briefing: Aid Trickles In to Morocco", "Monday Briefing", True),
    # an update names no edition: it joins the story it updates
    ("Morocco earthquake live updates: 6.8-magnitude kills at least 290 people",
     "Morocco earthquake live updates: 6.8-magnitude kills at least 296 people", False),
    # the same day named by both, in other words
    ("Disney, Charter settle cable dispute hours before 'Monday Night Football' opener",
     "Disney, Spectrum reach deal ahead of Monday Night Football", False),
    ("Quordle today - hints and answers for Tuesday, September 12", "Quordle answers for Tuesday, Sept. 12th", False),
])
def test_headlines_naming_other_days_or_numbers_of_a_series_are_other_editions(
    title: str, other: str, editions: bool
) -> None:
    assert other_editions(title, other) is editions
