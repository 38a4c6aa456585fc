"""Labelled topic data and its fixed train / held-out split, shared by bench.train_topics and bench.eval_topics.

AG News: only `ag_news_half_a` exists here (half of the AG test set; the train split is not available).
Record i is held out when i % 5 == 0 (760 of 3,800); the rest trains.
BBC News (`bbc_articles`): exact duplicate texts are dropped first (the set re-posts some stories), then an
article is held out when crc32(text) % 5 == 0, so a story and its copy can never straddle the split.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

from bench.common import read_jsonl

AG_FILE = "ag_news_half_a.jsonl.gz"
BBC_FILE = "bbc_articles.jsonl.gz"
AG_TOPIC = {"World": "world", "Sports": "sport", "Business": "business", "Sci/Tech": "technology"}
# AG News keeps its own escapes (see the data README).
_AG_ESCAPES = {"#39;": "'", "#36;": "$", " quot;": ' "', "quot;": '"', "&lt;": "<", "&gt;": ">", "&amp;": "&",
               "\\": " "}


@dataclass(frozen=True)
class Labelled:
    title: str
    body: str
    label: str  # the dataset's own label ("World", "tech" …)
    topic: str  # our topic key for training ("world", "technology" …)
    held_out: bool


def _unescape(text: str) -> str:
    for escape, plain in _AG_ESCAPES.items():
        text = text.replace(escape, plain)
    return text


def load_ag(data_dir: Path) -> list[Labelled]:
    return [Labelled(_unescape(r["title"]), _unescape(r["description"]), r["label"], AG_TOPIC[r["label"]], i % 5 == 0)
            for i, r in enumerate(read_jsonl(data_dir / AG_FILE))]


def load_bbc(data_dir: Path) -> list[Labelled]:
    seen: set[str] = set()
    out = []
    for r in read_jsonl(data_dir / BBC_FILE):
        if r["text"] in seen:
            continue
        seen.add(r["text"])
        topic = "technology" if r["category"] == "tech" else r["category"]
        out.append(Labelled(r["title"], r["text"], r["category"], topic, zlib.crc32(r["text"].encode()) % 5 == 0))
    return out
