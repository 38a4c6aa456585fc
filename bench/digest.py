"""Digest benchmark: compose digests for 100,000 subscribed chats over 50,000 stored articles.

Candidates are loaded once per country/topic (as a batched tick would), then each chat's digest is
planned and rendered (filters, each story once, ranking, splitting, HTML). The baseline is one indexed
SELECT per chat (its subscriptions), measured in the same run.

    python -m bench.digest [--chats 100000] [--articles 50000]
"""
from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bench.common import DATA, read_jsonl
from news.countries import country_by_code
from news.digest import KeywordFilter, SectionInput, plan_digest, rank_candidates, render_digest
from news.models import Article
from news.topics import TOPICS

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)
COUNTRIES = ["US", "GB", "MA", "IL", "UA", "FR", "DE", "CN", "IN", "BR", "JP", "NG"]


def source_texts(limit: int) -> list[tuple[str, str]]:
    path = DATA / "bbc_articles.jsonl.gz"
    if not path.exists():
        print(f"note: {path} is absent; using synthetic article text")
        return [(f"Synthetic story {i}", f"Synthetic summary sentence number {i}.") for i in range(limit)]
    rows = [(r["title"], r["text"][:280]) for r in read_jsonl(path)]
    return [rows[i % len(rows)] for i in range(limit)]


def build_articles(count: int) -> tuple[dict[str, list[Article]], int]:
    """Real BBC texts as stored articles, each tagged with a country and a topic."""
    rng = random.Random(7)
    by_key: dict[str, list[Article]] = {}
    for i, (title, text) in enumerate(source_texts(count)):
        article = Article(id=i + 1, title=title, summary=text, long_summary=text, source="BBC",
                          url=f"https://bbc.example/{i}", published_at=NOW - timedelta(minutes=rng.randint(1, 1440)), story_id=i + 1)
        for key in (f"country:{rng.choice(COUNTRIES)}", f"topic:{rng.choice(TOPICS).key}"):
            by_key.setdefault(key, []).append(article)
    for articles in by_key.values():
        articles.sort(key=lambda a: a.published_at, reverse=True)
    return by_key, count


def baseline(chats: int, folder: Path) -> float:
    conn = sqlite3.connect(folder / "subs.db")
    conn.execute("create table subscriptions (chat_id integer, kind text, value text)")
    conn.execute("create index subs_by_chat on subscriptions(chat_id)")
    rng = random.Random(3)
    conn.executemany("insert into subscriptions values (?, 'country', ?)", [(c, rng.choice(COUNTRIES)) for c in range(chats)])
    conn.commit()
    start = time.perf_counter()
    for chat_id in range(chats):
        conn.execute("select kind, value from subscriptions where chat_id = ?", (chat_id,)).fetchall()
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def compose_all(chats: int, by_key: dict[str, list[Article]]) -> tuple[float, int]:
    rng = random.Random(11)
    keys = sorted(by_key)
    candidates = {k: rank_candidates(by_key[k][:40], NOW) for k in keys}
    messages = 0
    start = time.perf_counter()
    for _ in range(chats):
        sections = []
        for key in rng.sample(keys, rng.randint(1, 3)):
            kind, value = key.split(":")
            heading = country_by_code(value).name if kind == "country" else value  # type: ignore[union-attr]
            sections.append(SectionInput(heading, value.lower(), candidates[key], KeywordFilter(exclude=("football",))))
        plan = plan_digest(sections, set(), NOW, per_section=5)
        messages += len(render_digest(plan, NOW))
    return time.perf_counter() - start, messages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chats", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=50_000)
    args = parser.parse_args()
    by_key, count = build_articles(args.articles)
    with tempfile.TemporaryDirectory() as tmp:
        base = baseline(args.chats, Path(tmp))
    seconds, messages = compose_all(args.chats, by_key)
    print(f"digest benchmark: {args.chats:,} chats, {count:,} articles, one core")
    print(f"  baseline: one indexed SELECT per chat  {args.chats / base:>10,.0f} chats/s  ({base:.2f} s)")
    print(f"  compose digests (plan + render HTML)   {args.chats / seconds:>10,.0f} chats/s  ({seconds:.2f} s, {messages:,} messages)")
    print(f"  ratio compose/baseline time: {seconds / base:.2f}x")
    print(f"  target < 10 s: {'PASS' if seconds < 10 else 'FAIL'}")


if __name__ == "__main__":
    asyncio.run(asyncio.sleep(0))
    main()
