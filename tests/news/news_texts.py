"""Real article texts for the news tests, read from tests/fixtures.

seed_article.txt is /work/shared/seed/article.txt (a pasted article whose first line is a photo
credit); bbc_business_excerpt.jsonl holds business/001 and business/002 of the shared
bbc_articles.jsonl.gz; feed_entries_html_excerpt.jsonl holds six records of the shared
feed_entries_2023-09-08_11.jsonl.gz (RSS descriptions as published, HTML included).
"""
from __future__ import annotations

import json
from pathlib import Path

from news.clean import clean_article

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def seed_raw() -> tuple[str, str]:
    """(title line, rest) of the seed article as pasted."""
    lines = (FIXTURES / "seed_article.txt").read_text(encoding="utf-8").strip().splitlines()
    return lines[0], "\n".join(lines[1:])


def seed_clean() -> tuple[str, str]:
    """(headline, body) of the seed article after cleaning."""
    clean = clean_article(*seed_raw())
    return clean.title, clean.body


def bbc_business(index: int) -> tuple[str, str]:
    """(title, text) of BBC business/001 (index 0) or business/002 (index 1)."""
    lines = (FIXTURES / "bbc_business_excerpt.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[index])
    return record["title"], record["text"]


def feed_entry(source: str) -> dict[str, str]:
    """The fixture feed entry published by `source`."""
    for line in (FIXTURES / "feed_entries_html_excerpt.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["source"] == source:
            return record
    raise LookupError(source)
