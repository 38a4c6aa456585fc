"""One story from several outlets: headlines that report the same thing in other words.

SimHash (news.stories) finds copies of one text. Outlets writing up the same news share few sentences,
but their headlines share its key words: "Morocco earthquake kills more than 1,000" and "Powerful
Earthquake in Morocco Kills More Than 1,000 People". Two headlines are the same story when they share
at least MIN_SHARED content words and those carry at least MIN_SHARE of the shorter headline's weight,
each word weighted by its rarity: its idf in the bundled topic model's vocabulary (BBC and AG News), and
the highest idf for a word the vocabulary lacks (a name, a figure). Besides, each headline's NAMING_WORDS
rarest words must include a shared one: they name the news, while series share their template ("Ireland v
Romania: Rugby World Cup 2023 – live" and "Australia v Georgia live: ... from the Rugby World Cup"; "Today's
Wordle #814 hints and answer" and "Today's Connections hints and answer"). And two headlines that each
hold a figure the other lacks ("Shooting at Texas mall kills 8" / "... school kills 3", "Wordle 814" /
"Wordle 815", a toll of 296 and one of 1,000), or that name countries and none in common ("Earthquake
strikes off Japan" / "... off Indonesia"), are different news however much else they share. "Morocco
earthquake death toll rises above 2,000" shares only two words with the first and stays a story of its own.

Storage keeps the KEY_TERMS rarest words of the first report of each story (`key_terms`); candidates
for a new report are the stories opened within EVENT_WINDOW of it by other outlets that share two of its
own, and each is confirmed with `same_event`. The window is short on purpose: it gathers the burst of
reports of one piece of news, while the next day's update ("... kills more than 2,000") is news again
for the chats whose digest carried the first report. Such an update is still news of one event (`one_event`): a
digest shows it above the older report, which the outlets carrying it would otherwise lift above it.
"""
from __future__ import annotations

import functools
import re
from datetime import timedelta

from news.mentions import find_mentions
from news.topic_model import bundled_model
from news.words import content_word_set

MIN_SHARED = 3
MIN_SHARE = 0.6
KEY_TERMS = 4
NAMING_WORDS = 2
EVENT_WINDOW = timedelta(hours=12)
_YEAR = re.compile(r"(?:19|20)\d\d")


def same_event(title: str, other: str) -> bool:
    """True when two headlines report the same news (module docstring)."""
    words, other_words = _words(title), _words(other)
    shared = words & other_words
    if len(shared) < MIN_SHARED:  # most pairs: checked first, as a digest tick compares many
        return False
    if _figures(words - shared) and _figures(other_words - shared):
        return False
    return _alike(title, other, words, other_words)


def one_event(title: str, other: str) -> bool:
    """True when two headlines report one event, whatever figures each gives: the same news (same_event), or an update
    of it ("Morocco Earthquake Kills at Least 296", hours later "… At least 1,037 dead in rare, powerful quake"). The
    update stays a story of its own (news again for a chat that had the first); a digest shows it above the older
    report (news.digest.rank_candidates). Series alike but for a number ("Wordle 814", "Wordle 815") pass too: for
    the order of two items, which is all this decides, that is harmless."""
    return same_event(title, other) or _alike(title, other, _figureless(title), _figureless(other))


def _alike(title: str, other: str, words: frozenset[str], other_words: frozenset[str]) -> bool:
    shared = words & other_words
    if len(shared) < MIN_SHARED or not (shared & _rarest(words) and shared & _rarest(other_words)):
        return False
    places, other_places = _countries(title), _countries(other)
    if places and other_places and not places & other_places:
        return False
    return _weight(shared) >= MIN_SHARE * min(_weight(words), _weight(other_words))


@functools.lru_cache(maxsize=8192)
def _words(title: str) -> frozenset[str]:
    """headline_words, remembered: a digest tick compares each candidate's headline with its neighbours'."""
    return frozenset(headline_words(title))


@functools.lru_cache(maxsize=8192)
def _figureless(title: str) -> frozenset[str]:
    words = _words(title)
    return words - _figures(words)


def _figures(words: frozenset[str] | set[str]) -> set[str]:
    return {word for word in words if any(char.isdigit() for char in word)}


@functools.lru_cache(maxsize=4096)
def _countries(title: str) -> frozenset[str]:
    """The countries a headline names (places, demonyms, cities: news.mentions)."""
    return frozenset(mention.code for mention in find_mentions(title, "")[2])


def key_terms(title: str) -> list[str]:
    """The headline's KEY_TERMS rarest words, rarest first. A headline that shares only commoner words
    with another one is not found by them, and so stays a story of its own: rare words name the news."""
    words = headline_words(title)
    if len(words) < MIN_SHARED:
        return []  # too short to be matched: it could share MIN_SHARED words with nothing
    return _by_rarity(words)[:KEY_TERMS]


def headline_words(title: str) -> set[str]:
    """The headline's content words but single letters and years: "v" in "Ireland v Romania" and "2023"
    in "Rugby World Cup 2023" name no news, though the vocabulary (from 2004), not knowing them, would take
    them for the rarest words. Other figures stay: "296" in "... kills at least 296" names the news."""
    return {word for word in content_word_set(title)
            if (len(word) > 1 or word.isdigit()) and not _YEAR.fullmatch(word)}


@functools.cache
def rarity(word: str) -> float:
    """The word's idf in the bundled topic model; the highest idf for a word it does not know."""
    return bundled_model().idf(word)


def _by_rarity(words: set[str]) -> list[str]:
    """Rarest first; ties (words the vocabulary lacks) in alphabetical order, so the result is stable."""
    return sorted(words, key=lambda word: (-rarity(word), word))


@functools.lru_cache(maxsize=8192)
def _rarest(words: frozenset[str]) -> frozenset[str]:
    return frozenset(_by_rarity(set(words))[:NAMING_WORDS])


def _weight(words: frozenset[str]) -> float:
    return sum(map(rarity, words))
