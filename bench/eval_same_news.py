"""Same news from several outlets (news/events.py): which reports become one story, and which should not.

Real feeds: every entry of feed_entries_2023-09-08_11 with a publication time goes through the pipeline
and storage as the poller stores it, in the order they were published. There are no labels, so the
report shows what a reader would judge: the biggest stories and a seeded random sample of reports that
joined another outlet's story. BBC: all pairs of different articles (re-posts dropped) of one category,
2004-2005, are negatives for `same_event` with no time window at all (the data has no dates); those it
accepts are listed.
"""
from __future__ import annotations

import asyncio
import random
import sys
import tempfile
from collections import defaultdict
from datetime import datetime, timezone
from itertools import combinations
from pathlib import Path

from bench.common import DATA, read_jsonl
from ingest.store import store_raw
from news.errors import EmptyArticleError
from news.events import EVENT_WINDOW, same_event
from news.models import RawArticle
from news.stories import content_hash
from storage import open_database

SEED = 3
SAMPLE = 20
NOW = datetime(2023, 9, 12, tzinfo=timezone.utc)


async def _feed_stories(data_dir: Path) -> tuple[int, list[list[tuple[str, str]]]]:
    """(articles stored, each story's (source, title) in arrival order)."""
    entries = sorted((e for e in read_jsonl(data_dir / "feed_entries_2023-09-08_11.jsonl.gz") if e["published"]),
                     key=lambda e: e["published"])
    stories: dict[int, list[tuple[str, str]]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as folder:
        db = await open_database(Path(folder) / "feeds.db")
        try:
            for entry in entries:
                description = entry["description"] or ""
                raw = RawArticle(title=entry["title"] or "", text=description, source=entry["source"],
                                 url=entry["link"], is_html="<" in description,
                                 published=datetime.fromisoformat(entry["published"]))
                try:
                    processed, result = await store_raw(db, raw, NOW)
                except EmptyArticleError:
                    continue
                if result.status == "added":
                    stories[result.story_id].append((entry["source"], processed.title))
        finally:
            await db.close()
    return sum(map(len, stories.values())), list(stories.values())


def _bbc_pairs(data_dir: Path) -> tuple[int, list[tuple[str, str, str]]]:
    """(same-category pairs of different articles, those `same_event` accepts as (category, title, title))."""
    by_category: dict[str, list[str]] = defaultdict(list)
    seen = set()
    for record in read_jsonl(data_dir / "bbc_articles.jsonl.gz"):
        digest = content_hash(record["title"], record["text"])
        if digest not in seen:
            seen.add(digest)
            by_category[record["category"]].append(record["title"])
    pairs, accepted = 0, []
    for category, titles in sorted(by_category.items()):
        for title, other in combinations(titles, 2):
            pairs += 1
            if same_event(title, other):
                accepted.append((category, title, other))
    return pairs, accepted


def evaluate(data_dir: Path) -> str:
    stored, stories = asyncio.run(_feed_stories(data_dir))
    shared = [story for story in stories if len({source for source, _ in story}) > 1]
    joined = [(story[0], member) for story in shared for member in story[1:] if member[0] != story[0][0]]
    sample = random.Random(SEED).sample(joined, min(SAMPLE, len(joined)))
    pairs, accepted = _bbc_pairs(data_dir)
    same_title = sum(1 for _, a, b in accepted if a.lower() == b.lower())
    lines = [
        "## Same news from several outlets (news/events.py)",
        "",
        f"Real feeds (feed_entries_2023-09-08_11): {stored} articles stored in publication order become "
        f"{len(stories)} stories; {len(shared)} of them carry reports from two or more outlets "
        f"({sum(map(len, shared))} articles). A report joins a story another outlet opened within "
        f"{EVENT_WINDOW.total_seconds() / 3600:.0f} hours of it when the headlines name the same news (or, as "
        "before, when its text is a copy). No labels: judge the biggest stories and a random sample yourself.",
        "",
        "| reports | outlets | first report |",
        "|---|---|---|",
        *(f"| {len(story)} | {len({s for s, _ in story})} | {story[0][1][:90]} |"
          for story in sorted(shared, key=len, reverse=True)[:8]),
        "",
        f"A random sample of {len(sample)} of the {len(joined)} reports that joined another outlet's story:",
        "",
        "| first report | joined by |",
        "|---|---|",
        *(f"| {first[0]}: {first[1][:70]} | {member[0]}: {member[1][:70]} |" for first, member in sample),
        "",
        f"BBC negatives: of {pairs:,} pairs of different articles of one category (2004-2005, no time window "
        f"applied), `same_event` accepts {len(accepted)} ({len(accepted) / pairs:.3%}); {same_title} of them "
        "carry the very same headline (the BBC ran the story twice with other text). The others:",
        "",
        "| category | headline | headline |",
        "|---|---|---|",
        *(f"| {c} | {a} | {b} |" for c, a, b in accepted if a.lower() != b.lower()),
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(evaluate(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA))
