"""How much an article is about each country it mentions.

A logistic model over ten position and frequency features of the mentions found by `news.mentions`.
Its weights and the "about" threshold live in news/data/country_salience.json, fitted by
`python -m bench.train_countries` on part of the Reuters-21578 training split (see that script), so the
numbers come from data rather than from hand-tuning on one article.
"""
from __future__ import annotations

import json
import math
import operator
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from news.mentions import Mention

FEATURES = ("title", "dateline", "other_dateline", "lead", "log_mentions", "share", "earliness",
            "most_mentioned", "places_only", "sole_country")
LEAD_CHARS = 300  # mentions this close to the start of the story count as "in the lead"
MODEL_PATH = Path(__file__).parent / "data" / "country_salience.json"
_PLACE_KINDS = frozenset({"city", "capital", "subdivision"})


@dataclass(frozen=True)
class SalienceModel:
    weights: tuple[float, ...]
    bias: float
    threshold: float

    def score(self, row: tuple[float, ...]) -> float:
        z = self.bias + sum(map(operator.mul, self.weights, row))
        return 1.0 / (1.0 + math.exp(-z))


def load_model(path: Path = MODEL_PATH) -> SalienceModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path}: features {data['features']} do not match {FEATURES}; rerun bench.train_countries")
    return SalienceModel(tuple(data["weights"]), data["bias"], data["threshold"])


def feature_rows(mentions: list[Mention], dateline_code: str | None, story_start: int,
                 body_length: int) -> dict[str, tuple[float, ...]]:
    """One feature row per country mentioned (or named by the dateline), in FEATURES order."""
    by_country: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_country[mention.code].append(mention)
    if dateline_code is not None:
        by_country.setdefault(dateline_code, [])
    total = max(1, len(mentions))
    story_length = max(1, body_length - story_start)
    most = max((len(found) for found in by_country.values()), default=0)
    rows: dict[str, tuple[float, ...]] = {}
    for code, found in by_country.items():
        in_body = [m.start for m in found if m.field == "body"]
        first = min(in_body) - story_start if in_body else story_length  # offset of the first body mention
        rows[code] = (
            float(any(m.field == "title" for m in found)),
            float(code == dateline_code),
            float(dateline_code is not None and code != dateline_code),  # the wire placed the story elsewhere
            float(bool(in_body) and first < LEAD_CHARS),
            math.log1p(len(in_body)),
            len(found) / total,
            1.0 - min(first / story_length, 1.0),
            float(most > 0 and len(found) == most),
            float(bool(found) and all(m.kind in _PLACE_KINDS for m in found)),
            float(len(by_country) == 1),
        )
    return rows
