"""The bundled topic classifier, scored in pure Python (no scikit-learn at run time).

tf-idf over lower-cased word unigrams and bigrams (sublinear tf, smooth idf, L2 norm, as scikit-learn's
TfidfVectorizer computes them), then a multinomial logistic regression. `python -m bench.train_topics`
fits it on BBC News and AG News training parts with exactly the `ngrams`/`document` functions below and
writes news/data/topic_model.json.gz.
"""
from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

MODEL_PATH = Path(__file__).parent / "data" / "topic_model.json.gz"
BODY_CHARS = 3000  # the lead carries the topic; the tail of long articles adds time, not accuracy
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def document(title: str, body: str) -> str:
    """The text the classifier sees: the title twice (headlines carry the topic) and the body's start."""
    return f"{title} . {title} . {body[:BODY_CHARS]}"


def ngrams(text: str) -> list[str]:
    words = _TOKEN.findall(text.lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


@dataclass(frozen=True)
class TopicModel:
    classes: tuple[str, ...]
    vocabulary: dict[str, int]
    idf: tuple[float, ...]
    weights: tuple[tuple[float, ...], ...]  # one row per vocabulary entry, one column per class
    bias: tuple[float, ...]

    def probabilities(self, grams: list[str]) -> dict[str, float]:
        """Class probabilities for a document's n-grams (see `ngrams`)."""
        counts = Counter(self.vocabulary[g] for g in grams if g in self.vocabulary)
        values = {i: (1.0 + math.log(n)) * self.idf[i] for i, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
        scores = list(self.bias)
        for i, value in values.items():
            for c, w in enumerate(self.weights[i]):
                scores[c] += w * value / norm
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {cls: e / total for cls, e in zip(self.classes, exps)}


def load_model(path: Path = MODEL_PATH) -> TopicModel:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        data = json.load(f)
    terms = data["vocabulary"]
    return TopicModel(
        classes=tuple(data["classes"]),
        vocabulary={term: i for i, term in enumerate(terms)},
        idf=tuple(data["idf"]),
        weights=tuple(tuple(row) for row in data["weights"]),
        bias=tuple(data["bias"]),
    )
