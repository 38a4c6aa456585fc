"""Content words: the tokens that carry an article's meaning, shared by summaries and fingerprints.

A token is lower-cased, stripped of surrounding punctuation and a possessive "'s", and folded from a
crude plural ("talks" -> "talk"); stop words are dropped. Each distinct token is worked out once and
remembered, because the same few thousand words make up almost every article; so is each content
word's stable 64-bit hash (for SimHash).
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~‘’“”–—…«»·•"
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own said same
    say says she should so some such than that the their theirs them themselves then there these they
    this those through to too under until up very was we were what when where which while who whom why
    will with would you your yours yourself yourselves mr mrs ms one two new""".split()
)
_CACHE_LIMIT = 200_000


class _WordForms(dict[str, str]):
    """Token -> its content word; "" for a stop word. Computed on first sight."""

    def __missing__(self, token: str) -> str:
        word = token.strip(PUNCTUATION)
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        if word in STOPWORDS:
            word = ""
        if len(self) < _CACHE_LIMIT:
            self[token] = word
        return word


class _WordHashes(dict[str, int]):
    """Content word -> its stable 64-bit hash (blake2b, the same in every process). Computed on first sight."""

    def __missing__(self, word: str) -> int:
        value = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
        if len(self) < _CACHE_LIMIT:
            self[word] = value
        return value


_WORD_FORMS = _WordForms()
_WORD_HASHES = _WordHashes()


def content_word_set(text: str) -> set[str]:
    """The distinct content words of `text`."""
    words = set(map(_WORD_FORMS.__getitem__, text.lower().split()))
    words.discard("")
    return words


def word_hashes(words: Iterable[str]) -> list[int]:
    """The 64-bit hashes of `words` (for SimHash)."""
    return list(map(_WORD_HASHES.__getitem__, words))
