"""The bundled topic classifier: tf-idf n-grams and a logistic regression, scored with numpy.

tf-idf over lower-cased word unigrams and bigrams (sublinear tf, smooth idf, L2 norm, as scikit-learn's
TfidfVectorizer computes them), then a multinomial logistic regression. `python -m bench.train_topics`
fits it on BBC News and AG News training parts with exactly the `document_ngrams` function below and
writes news/data/topic_model.json.gz; scikit-learn is needed only for that, not at run time.

Scoring gives the same numbers as scoring `document_ngrams` term by term, faster: each token is looked
up once as a word id, bigrams are found as id pairs in a sorted array (no bigram strings are built), and
the class scores are one small matrix product over the document's few hundred features.
"""
from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).parent / "data" / "topic_model.json.gz"
BODY_CHARS = 1500  # the lead carries the topic; the tail of long articles adds time, not accuracy
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def words(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


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
class TopicModel:
    classes: tuple[str, ...]
    idf: np.ndarray  # per vocabulary entry
    weights: np.ndarray  # one row per vocabulary entry, one column per class
    bias: np.ndarray  # per class
    word_ids: dict[str, int]  # every word of the vocabulary's n-grams
    unigram_features: np.ndarray  # per word id: its vocabulary entry as a unigram, -1 if none
    bigram_keys: np.ndarray  # sorted `first word id * len(word_ids) + second word id` of each bigram entry
    bigram_features: np.ndarray  # the vocabulary entry of each bigram key

    def probabilities(self, title_words: list[str], body_words: list[str]) -> dict[str, float]:
        """Class probabilities for a document's title and body tokens (see `document_ngrams`)."""
        title_ids = self._word_ids(title_words)
        ids = np.concatenate((title_ids, title_ids, self._word_ids(body_words)))
        known = ids >= 0
        unigrams = self.unigram_features[ids[known]]
        pairs = known[:-1] & known[1:]
        keys = ids[:-1][pairs] * len(self.word_ids) + ids[1:][pairs]
        slots = np.searchsorted(self.bigram_keys, keys).clip(max=len(self.bigram_keys) - 1)
        bigrams = self.bigram_features[slots[self.bigram_keys[slots] == keys]]
        features, counts = np.unique(np.concatenate((unigrams[unigrams >= 0], bigrams)), return_counts=True)
        values = (1.0 + np.log(counts)) * self.idf[features]  # sublinear tf: 1 + ln(count), times idf
        norm = float(np.sqrt(values @ values)) or 1.0
        scores = self.bias + (values @ self.weights[features]) / norm
        exps = np.exp(scores - scores.max())
        return dict(zip(self.classes, (exps / exps.sum()).tolist()))

    def _word_ids(self, tokens: list[str]) -> np.ndarray:
        """Each token's word id, -1 for a word in no vocabulary entry."""
        return np.fromiter(map(self.word_ids.get, tokens, repeat(-1)), dtype=np.int64, count=len(tokens))


def load_model(path: Path = MODEL_PATH) -> TopicModel:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        data = json.load(f)
    vocabulary: list[str] = data["vocabulary"]
    word_ids: dict[str, int] = {}
    for term in vocabulary:
        for word in term.split(" "):
            word_ids.setdefault(word, len(word_ids))
    unigram_features = np.full(len(word_ids), -1, dtype=np.int64)
    bigrams: dict[int, int] = {}
    for index, term in enumerate(vocabulary):
        first, _, second = term.partition(" ")
        if second:
            bigrams[word_ids[first] * len(word_ids) + word_ids[second]] = index
        else:
            unigram_features[word_ids[first]] = index
    keys = sorted(bigrams)
    return TopicModel(
        classes=tuple(data["classes"]),
        idf=np.array(data["idf"], dtype=np.float64),
        weights=np.ascontiguousarray(np.array(data["weights"], dtype=np.float64).T),
        bias=np.array(data["bias"], dtype=np.float64),
        word_ids=word_ids,
        unigram_features=unigram_features,
        bigram_keys=np.array(keys, dtype=np.int64),
        bigram_features=np.array([bigrams[k] for k in keys], dtype=np.int64),
    )
