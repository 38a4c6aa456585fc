"""The bundled topic classifier: tf-idf n-grams and a logistic regression, scored with numpy.

tf-idf over lower-cased word unigrams and bigrams (sublinear tf, smooth idf, L2 norm, as scikit-learn's
TfidfVectorizer computes them), then a multinomial logistic regression. `python -m bench.train_topics`
fits it on BBC News and AG News training parts with exactly the `document_ngrams` function below and
writes news/data/topic_model.json.gz; scikit-learn is needed only for that, not at run time.

Scoring gives the same numbers as scoring `document_ngrams` term by term, faster: each token is looked
up once as a word id, bigrams are found as id pairs in a hash table held in numpy arrays (no bigram strings
are built), and the class scores are one small matrix product over the document's few hundred features.
Each numpy call costs about a microsecond whatever its size, so a document gets a fixed, small number.
"""
from __future__ import annotations

import functools
import gzip
import json
import math
import re
import string
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).parent / "data" / "topic_model.json.gz"
BODY_CHARS = 1500  # the lead carries the topic; the tail of long articles adds time, not accuracy
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_TOKEN_CHARS = frozenset(string.ascii_lowercase + string.digits + "'")
# For str.translate: ASCII upper-case letters to lower case, every other ASCII character no token has to a space.
_TO_SPACED = {code: ord(" ") for code in range(128) if chr(code) not in _TOKEN_CHARS} | str.maketrans(
    string.ascii_uppercase, string.ascii_lowercase)
# An apostrophe no token has, not between a letter or digit and a letter: quote marks, "'tis", "x'9".
_STRAY_APOSTROPHE = re.compile(r"'(?:(?<![a-z0-9]')|(?![a-z]))")
_APOSTROPHE_RUN = re.compile(r"'[a-z]+[0-9']")  # a token ends at the digit or apostrophe that follows


def words(text: str) -> list[str]:
    """`_TOKEN`'s matches in the lower-cased text.

    Found by splitting on the characters no token contains: the same tokens as `_TOKEN.findall(text.lower())`
    at under half the cost (str.translate and str.split have C fast paths for ASCII, findall pays per match).
    """
    if not text.isascii():
        # Lower-case first ("K", the Kelvin sign, becomes "k"); what stays non-ASCII is never in a token.
        text = text.lower().encode("ascii", "replace").decode("ascii")
    spaced = text.translate(_TO_SPACED)
    if "'" in spaced:
        spaced = _STRAY_APOSTROPHE.sub(" ", spaced)
        if _APOSTROPHE_RUN.search(spaced):  # "rock'n'roll" is "rock'n" and "roll": splitting would differ
            return _TOKEN.findall(spaced)
    return spaced.split()


def ngrams(tokens: list[str]) -> list[str]:
    """Unigrams and bigrams of a token list."""
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


def document_tokens(title: str, body: str) -> tuple[list[str], list[str]]:
    """The title's tokens and those of the body's first BODY_CHARS characters."""
    return words(title), words(body[:BODY_CHARS])


def document_ngrams(title: str, body: str) -> list[str]:
    """What the classifier sees: the title twice (headlines carry the topic), then the body's start."""
    title_words, body_words = document_tokens(title, body)
    return ngrams(title_words + title_words + body_words)


@dataclass(frozen=True, eq=False)
class BigramTable:
    """The vocabulary entries of word-id pairs, as a hash table in numpy arrays.

    A document's few hundred pairs are then looked up with a handful of vectorised calls; a binary search
    over the sorted pair keys took three times as long. Pair (a, b) has the key a × n_words + b and is
    stored in row key % len(keys), which holds up to keys.shape[1] keys (-1 pads a row).
    """

    n_words: int
    keys: np.ndarray  # rows × slots pair keys
    entries: np.ndarray  # rows × slots vocabulary entries of those keys

    @classmethod
    def build(cls, n_words: int, entries: dict[tuple[int, int], int]) -> BigramTable:
        rows = 1 << max(len(entries) - 1, 1).bit_length()  # a power of two: about one key per row
        by_row: list[list[tuple[int, int]]] = [[] for _ in range(rows)]
        for (first, second), entry in entries.items():
            key = first * n_words + second
            by_row[key % rows].append((key, entry))
        slots = max(map(len, by_row))
        keys = np.full((rows, slots), -1, dtype=np.int64)
        values = np.zeros((rows, slots), dtype=np.int64)
        for row, pairs in enumerate(by_row):
            for slot, (key, entry) in enumerate(pairs):
                keys[row, slot], values[row, slot] = key, entry
        return cls(n_words, keys, values)

    def lookup(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """The vocabulary entries of the pairs (first[i], second[i]) that are bigram entries."""
        keys = first * self.n_words + second
        rows = keys % len(self.keys)
        return self.entries.take(rows, axis=0)[self.keys.take(rows, axis=0) == keys[:, None]]


@dataclass(frozen=True, eq=False)
class TopicModel:
    classes: tuple[str, ...]
    # Per vocabulary entry, its idf then its weight for each class: the ones a document needs in one gather.
    # A last row of zeros is for any word outside the vocabulary, which then adds nothing to any score.
    rows: np.ndarray
    bias: np.ndarray  # per class
    word_ids: dict[str, int]  # every word of the vocabulary's n-grams: its unigram entry
    bigrams: BigramTable

    def idf(self, word: str) -> float:
        """The word's idf (also found by its plural: news.words folds "kills" to "kill"); the highest
        idf for a word outside the vocabulary, which is rarer than any in it."""
        entry = self.word_ids.get(word)
        if entry is None:
            entry = self.word_ids.get(f"{word}s")
        return float(self.rows[entry, 0]) if entry is not None else self._max_idf

    @functools.cached_property
    def _max_idf(self) -> float:
        return float(self.rows[:-1, 0].max())

    def probabilities(self, title_words: list[str], body_words: list[str]) -> dict[str, float]:
        """Class probabilities for a document's title and body tokens (see `document_ngrams`)."""
        tokens = title_words + title_words + body_words
        unknown = len(self.rows) - 1  # the zero row's id: no bigram entry has this word either
        ids = np.fromiter(map(self.word_ids.get, tokens, repeat(unknown)), dtype=np.int64, count=len(tokens))
        bigrams = self.bigrams.lookup(ids[:-1], ids[1:])
        features, counts = _distinct_counts(np.concatenate((ids, bigrams)))
        rows = self.rows.take(features, axis=0)
        values = (1.0 + np.log(counts)) * rows[:, 0]  # sublinear tf: 1 + ln(count), times idf
        norm = math.sqrt(values @ values) or 1.0
        scores = (self.bias + (values @ rows[:, 1:]) / norm).tolist()
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        total = sum(exps)
        return {name: exp / total for name, exp in zip(self.classes, exps)}


_BEFORE_FIRST = np.array([-1])


def _distinct_counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`np.unique(values, return_counts=True)` without its Python overhead."""
    if not len(values):
        return values, values
    ordered = np.sort(values)
    ends = np.flatnonzero(ordered[1:] != ordered[:-1])  # where each run of equal values but the last ends
    bounds = np.concatenate((_BEFORE_FIRST, ends, [len(ordered) - 1]))
    return ordered.take(bounds[1:]), bounds[1:] - bounds[:-1]


@functools.cache
def bundled_model() -> TopicModel:
    """The model that ships in news/data, loaded once."""
    return load_model()


def load_model(path: Path = MODEL_PATH) -> TopicModel:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        data = json.load(f)
    vocabulary: list[str] = data["vocabulary"]
    word_ids = {term: index for index, term in enumerate(vocabulary) if " " not in term}
    bigrams: dict[tuple[int, int], int] = {}
    for index, term in enumerate(vocabulary):
        first, _, second = term.partition(" ")
        if second:
            if first not in word_ids or second not in word_ids:  # min_df keeps the words of a kept bigram
                raise ValueError(f"{path}: bigram {term!r} has a word that is no unigram entry")
            bigrams[word_ids[first], word_ids[second]] = index
    rows = np.zeros((len(vocabulary) + 1, 1 + len(data["classes"])), dtype=np.float64)
    rows[:-1, 0] = data["idf"]
    rows[:-1, 1:] = np.array(data["weights"], dtype=np.float64).T
    return TopicModel(
        classes=tuple(data["classes"]),
        rows=rows,
        bias=np.array(data["bias"], dtype=np.float64),
        word_ids=word_ids,
        bigrams=BigramTable.build(len(rows), bigrams),
    )
