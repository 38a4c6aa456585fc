"""Reuters-21578 PLACES labels as ISO codes, and the fixed tune / held-out split of the training file.

Reuters labels use 1987 names. Historic states map to today's successor (a documented choice, the same one
the tagger makes for "Soviet", "West German" …): ussr → RU, west-germany and east-germany → DE,
yugoslavia → RS, czechoslovakia → CZ, zaire → CD, kampuchea → KH, burma → MM, both Yemens → YE.
Everything else resolves through `news.countries.resolve_country` ("south-korea" → KR).

Split: a record whose NEWID is divisible by 4 is held out for reporting (25%); the rest tunes.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench.common import read_jsonl
from news.countries import resolve_country

REUTERS_FILE = "reuters_train.jsonl.gz"
HISTORIC = {
    "ussr": "RU", "west-germany": "DE", "east-germany": "DE", "yugoslavia": "RS", "czechoslovakia": "CZ",
    "zaire": "CD", "kampuchea": "KH", "burma": "MM", "yemen-arab-republic": "YE", "yemen-demo-republic": "YE",
    "congo": "CG", "trinidad-tobago": "TT", "us-virgin-islands": "VI",
}


@dataclass(frozen=True)
class Story:
    id: int
    title: str
    body: str
    places: frozenset[str]  # ISO codes

    @property
    def held_out(self) -> bool:
        return self.id % 4 == 0


def place_code(label: str) -> str:
    """ISO code of a Reuters place label; raises ValueError for a label we cannot map."""
    if label in HISTORIC:
        return HISTORIC[label]
    country = resolve_country(label.replace("-", " "))
    if country is None:
        raise ValueError(f"unmapped Reuters place label: {label!r}")
    return country.code


def load_stories(data_dir: Path) -> list[Story]:
    return [Story(int(r["id"]), r["title"], r["body"], frozenset(place_code(p) for p in r["places"]))
            for r in read_jsonl(data_dir / REUTERS_FILE)]


def micro_f1(predicted: list[set[str]], gold: list[frozenset[str]]) -> tuple[float, float, float]:
    """Micro-averaged (precision, recall, F1) over all (story, country) pairs."""
    tp = sum(len(p & g) for p, g in zip(predicted, gold))
    n_pred = sum(len(p) for p in predicted)
    n_gold = sum(len(g) for g in gold)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
