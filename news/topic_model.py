"""The bundled topic classifier, scored in pure Python (no scikit-learn at run time).

tf-idf over lower-cased word unigrams and bigrams (sublinear tf, smooth idf, L2 norm, as scikit-learn's
TfidfVectorizer computes them), then a multinomial logistic regression. `python -m bench.train_topics`
fits it on BBC News and AG News training parts with exactly the `document_ngrams` function below and
writes news/data/topic_model.json.gz.
"""
from __future__ import annotations

import gzip
import json
import math
import operator
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

MODEL_PATH = Path(__file__).parent / "data" / "topic_model.json.gz"
BODY_CHARS = 1500  # the lead carries the topic; the tail of long articles adds time, not accuracy
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def words(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def ngrams(tokens: list[str]) -> list[str]:
    """Unigrams and bigrams of a token list."""
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


def document_ngrams(title: str, body: str) -> list[str]:
    """What the classifier sees: the title twice (headlines carry the topic), then the body's start."""
    title_words = words(title)
    return ngrams(title_words + title_words + words(body[:BODY_CHARS]))


@dataclass(frozen=True)
class TopicModel:
    classes: tuple[str, ...]
    vocabulary: dict[str, int]
    idf: tuple[float, ...]
    weights: tuple[tuple[float, ...], ...]  # one row per class, one column per vocabulary entry
    bias: tuple[float, ...]

    def probabilities(self, grams: list[str]) -> dict[str, float]:
        """Class probabilities for a document's n-grams (see `document_ngrams`)."""
        lookup = self.vocabulary.get
        counts = Counter(i for i in map(lookup, grams) if i is not None)
        ids = list(counts)
        values = [(1.0 + math.log(n)) * self.idf[i] if n > 1 else self.idf[i] for i, n in counts.items()]
        norm = math.sqrt(sum(v * v for v in values)) or 1.0
        # Per class: a C-level map/sum over the document's features instead of a Python double loop.
        scores = [bias + sum(map(operator.mul, values, map(row.__getitem__, ids))) / norm
                  for bias, row in zip(self.bias, self.weights)]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {cls: e / total for cls, e in zip(self.classes, exps)}


def load_model(path: Path = MODEL_PATH) -> TopicModel:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        data = json.load(f)
    return TopicModel(
        classes=tuple(data["classes"]),
        vocabulary={term: i for i, term in enumerate(data["vocabulary"])},
        idf=tuple(data["idf"]),
        weights=tuple(tuple(row) for row in data["weights"]),
        bias=tuple(data["bias"]),
    )
