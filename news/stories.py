"""Story fingerprints: exact re-posts by content hash, edited copies by SimHash.

`content_hash` is a sha256 of the normalised title and body (case, quotes, dashes and whitespace
folded), so the same article re-posted under another URL hashes the same. `simhash` is a 64-bit
SimHash over the distinct content words; two fingerprints within `MAX_DISTANCE` bits are the same
story.

Finding them is a multi-index lookup: the fingerprint is cut into BLOCKS blocks of 12-13 bits, and
storage keeps one `band_keys` key per block. Two fingerprints within MAX_DISTANCE bits cannot differ
in 2 or more bits in every block (that would be at least 2 × BLOCKS = 10 bits), so in some block they
differ in at most BLOCK_RADIUS = 1 bit: `probe_keys` lists each block's value with every single bit
flipped too (69 keys), and one of them is a stored key of every same-story fingerprint. Storage looks
those up and confirms each candidate with `same_story`. An unrelated article becomes a candidate with
about 1% chance (4 × 14 / 2^13 + 13 / 2^12). Keys that both sides share would need 45 per article (one
per pair of 10 blocks) for the same guarantee; writing 5 and reading 69 is cheaper, because each key
written dirties an index page that the commit must write out, while a read only visits one.

Features, weighting and threshold were chosen on edited copies of BBC articles against other
articles of the same category (bench/eval_stories.py prints the measurement): word 2- and 3-shingles
were more stable against unrelated articles but lost a third of the copies at any threshold the
band index can serve; content words (unigrams without stop words) kept 90% at distance 8 with no
same-category article closer than 13 bits.
"""
from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Collection, Sequence
from itertools import chain, combinations

import numpy as np

from news.words import content_word_set, word_hashes

_CHUNK = 255  # rows summed at once by simhash_many: a one-byte counter holds up to 255
MAX_DISTANCE = 8  # bits: same story at or below this Hamming distance
BLOCKS = 5  # the fingerprint is cut into this many blocks of 12 or 13 bits
BLOCK_RADIUS = MAX_DISTANCE // BLOCKS  # some block of a same-story fingerprint is at most this far
_BLOCK_BITS = [13 if i < 64 % BLOCKS else 12 for i in range(BLOCKS)]
_BLOCK_SHIFTS = [sum(_BLOCK_BITS[:i]) for i in range(BLOCKS)]
# Per block, the XOR masks of every value within BLOCK_RADIUS bits (the block's own value first).
_BLOCK_FLIPS = [
    [sum(1 << bit for bit in flipped)
     for radius in range(BLOCK_RADIUS + 1) for flipped in combinations(range(bits), radius)]
    for bits in _BLOCK_BITS
]

_FOLDS = (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"))


def content_hash(title: str, body: str) -> str:
    """sha256 hex of the normalised title and body: equal for byte-different copies of one text."""
    text = f"{_normalise(title)}\n{_normalise(body)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def simhash(text: str) -> int:
    """64-bit unsigned SimHash of the text's distinct content words (0 for text without any)."""
    return simhash_words(content_word_set(text))


def simhash_words(words: Collection[str]) -> int:
    """64-bit unsigned SimHash of a set of distinct content words (0 for none).

    Each distinct word counts once, stop words not at all: an edited copy keeps nearly all of them,
    while another story on the same subject shares the vocabulary but few of the names and facts.
    """
    return simhash_many([words])[0]


def simhash_many(word_sets: Sequence[Collection[str]]) -> list[int]:
    """`simhash_words` of each set, in one pass of array operations for the whole batch.

    Each word's 64 hash bits become 64 one-byte counters, read as eight uint64 words; adding those words
    adds the eight counters in each without carries as long as no counter passes 255, so the rows are
    summed in chunks of at most 255 words of one set (one uint64 add does eight counters' work).
    """
    sizes = [len(words) for words in word_sets]
    counts = np.zeros((len(sizes), 64), dtype=np.int64)
    hashes = np.array(word_hashes(chain.from_iterable(word_sets)), dtype=np.uint64)
    if len(hashes):
        bits = np.unpackbits(hashes.astype("<u8").view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")
        chunk_starts, chunk_sets, start = [], [], 0
        for index, size in enumerate(sizes):
            for chunk_start in range(start, start + size, _CHUNK):
                chunk_starts.append(chunk_start)
                chunk_sets.append(index)
            start += size
        chunk_sums = np.add.reduceat(bits.view(np.uint64), chunk_starts, axis=0).view(np.uint8)
        np.add.at(counts, chunk_sets, chunk_sums)
    majority = np.packbits(counts * 2 > np.array(sizes, dtype=np.int64)[:, None], axis=1, bitorder="little")
    return [int.from_bytes(row.tobytes(), "little") for row in majority]


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def same_story(a: int, b: int) -> bool:
    """True when two SimHash fingerprints are close enough to be copies of one story."""
    return hamming(a, b) <= MAX_DISTANCE


def band_keys(fingerprint: int) -> list[int]:
    """The keys storage keeps for a fingerprint, one per block: `block_index << 16 | block_value`."""
    return [index << 16 | value for index, value in enumerate(_blocks(fingerprint))]


def probe_keys(fingerprint: int) -> list[int]:
    """The keys to look up: every value within BLOCK_RADIUS bits of each block, keyed as `band_keys`.

    Any fingerprint within MAX_DISTANCE bits has one of its `band_keys` among them (module docstring).
    """
    return [index << 16 | (value ^ flip)
            for index, value in enumerate(_blocks(fingerprint)) for flip in _BLOCK_FLIPS[index]]


def _blocks(fingerprint: int) -> list[int]:
    return [(fingerprint >> shift) & ((1 << bits) - 1) for shift, bits in zip(_BLOCK_SHIFTS, _BLOCK_BITS)]


def _normalise(text: str) -> str:
    if not text.isascii():
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        for curly, straight in _FOLDS:
            if curly in text:
                text = text.replace(curly, straight)
    return _single_spaced(text.lower())


def _single_spaced(text: str) -> str:
    """`" ".join(text.split())`, without splitting every word when the lines are single-spaced already.

    Cleaned text is: each line's words joined by one space (news.clean). Every whitespace character
    but the space is non-printable, so a printable line without double, leading or trailing spaces is
    its own " ".join(line.split()).
    """
    lines = text.split("\n")
    if all(line.isprintable() and "  " not in line and line[:1] != " " and line[-1:] != " " for line in lines):
        return " ".join(filter(None, lines))
    return " ".join(text.split())
