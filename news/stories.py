"""Story fingerprints: exact re-posts by content hash, edited copies by SimHash.

`content_hash` is a sha256 of the normalised title and body (case, quotes, dashes and whitespace
folded), so the same article re-posted under another URL hashes the same. `simhash` is a 64-bit
SimHash over the distinct content words; two fingerprints within `MAX_DISTANCE` bits are the same
story. `band_keys` cuts the fingerprint into BLOCKS blocks and makes one key per combination of
BLOCKS - MAX_DISTANCE blocks: two fingerprints that differ in at most MAX_DISTANCE bits agree on at
least that many whole blocks (pigeonhole), so they share a key. Storage looks the keys up and
confirms each candidate with `same_story`. With 10 blocks and distance 8 that is 45 keys of 12-14
bits, so an unrelated article shares a key with about 0.5% of the others.

Features, weighting and threshold were chosen on edited copies of BBC articles against other
articles of the same category (bench/eval_stories.py prints the measurement): word 2- and 3-shingles
were more stable against unrelated articles but lost a third of the copies at any threshold the
band index can serve; content words (unigrams without stop words) kept 90% at distance 8 with no
same-category article closer than 13 bits.
"""
from __future__ import annotations

import hashlib
import unicodedata
from itertools import combinations

import numpy as np

from news.words import content_words

MAX_DISTANCE = 8  # bits: same story at or below this Hamming distance
BLOCKS = 10  # the fingerprint is cut into this many blocks of 6 or 7 bits
_BLOCK_BITS = [7 if i < 64 % BLOCKS else 6 for i in range(BLOCKS)]
_BLOCK_SHIFTS = [sum(_BLOCK_BITS[:i]) for i in range(BLOCKS)]
# Two fingerprints within MAX_DISTANCE bits differ in at most MAX_DISTANCE blocks, so they agree on at
# least BLOCKS - MAX_DISTANCE of them: one key per combination of that many blocks finds them.
_KEY_BLOCKS = list(combinations(range(BLOCKS), BLOCKS - MAX_DISTANCE))

_FOLDS = (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"))
_word_hashes: dict[str, int] = {}  # a word's hash never changes; common words recur in every article
_WORD_CACHE_LIMIT = 500_000


def content_hash(title: str, body: str) -> str:
    """sha256 hex of the normalised title and body: equal for byte-different copies of one text."""
    text = f"{_normalise(title)}\n{_normalise(body)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def simhash(text: str) -> int:
    """64-bit unsigned SimHash of the text's distinct content words (0 for text without any).

    Each distinct word counts once, stop words not at all: an edited copy keeps nearly all of them,
    while another story on the same subject shares the vocabulary but few of the names and facts.
    """
    words = set(content_words(text))
    if not words:
        return 0
    hashes = np.array([_word_hashes.get(w) or _word_hash(w) for w in words], dtype=np.uint64)
    bits = np.unpackbits(hashes.astype("<u8").view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")
    majority = bits.sum(axis=0, dtype=np.int64) * 2 > len(hashes)
    return int.from_bytes(np.packbits(majority, bitorder="little").tobytes(), "little")


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def same_story(a: int, b: int) -> bool:
    """True when two SimHash fingerprints are close enough to be copies of one story."""
    return hamming(a, b) <= MAX_DISTANCE


def band_keys(fingerprint: int) -> list[int]:
    """Index keys, one per combination of blocks: `combination_index << 16 | blocks' bits`."""
    blocks = [(fingerprint >> shift) & ((1 << bits) - 1) for shift, bits in zip(_BLOCK_SHIFTS, _BLOCK_BITS)]
    keys = []
    for index, chosen in enumerate(_KEY_BLOCKS):
        value = 0
        for block in chosen:
            value = value << _BLOCK_BITS[block] | blocks[block]
        keys.append(index << 16 | value)
    return keys


def _normalise(text: str) -> str:
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    for curly, straight in _FOLDS:
        if curly in text:
            text = text.replace(curly, straight)
    return " ".join(text.lower().split())


def _word_hash(word: str) -> int:
    value = _word_hashes.get(word)
    if value is None:
        if len(_word_hashes) >= _WORD_CACHE_LIMIT:
            _word_hashes.clear()
        value = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
        _word_hashes[word] = value
    return value
