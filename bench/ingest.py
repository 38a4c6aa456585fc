"""Ingest benchmark: the full pipeline (clean, tag, classify, summarise, fingerprint, cluster, store)
against a bare SQLite insert of the same rows, measured in the same run; processing is also timed one
article at a time, to show what news.pipeline's stage-by-stage batches save.

    python -m bench.ingest [--limit N] [--rounds R]

The process is pinned to one CPU (where the OS allows it), so the figure is one core's throughput even
though aiosqlite runs SQLite on a thread of its own. Each round starts from an empty database; the round
with the best total is reported, because other work on a shared machine only ever slows a round down.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from bench.common import Timer, machine, read_jsonl, require_data
from ingest.store import store_many
from news.models import RawArticle
from news.pipeline import process_article, process_articles
from storage import open_database

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
TARGET = 1000  # articles/s for pipeline + storage on one core
BATCH = 50  # articles per batch and transaction: one feed poll's items, as the poller processes and stores them
TYPICAL_BYTES = (3000, 5000)


def load_articles() -> list[RawArticle]:
    rows = read_jsonl(require_data("bbc_articles.jsonl.gz"))
    return [RawArticle(title=r["title"], text=r["text"], source="BBC") for r in rows]


def pin_to_one_cpu() -> str:
    """Keep this process, and the threads it starts later, on one CPU; says which, or why not."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned: this OS has no sched_setaffinity"
    cpu = max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def bare_insert(articles: list[RawArticle], folder: Path) -> float:
    """Baseline: the same rows into a plain table, one transaction, no processing."""
    conn = sqlite3.connect(folder / "bare.db")
    conn.execute("pragma journal_mode = wal")
    conn.execute("create table articles (id integer primary key, title text, body text)")
    with Timer() as timer:
        with conn:
            conn.executemany("insert into articles (title, body) values (?, ?)", [(a.title, a.text) for a in articles])
    conn.close()
    return timer.seconds


def one_at_a_time(articles: list[RawArticle]) -> float:
    """Seconds to process every article on its own (as an admin's single article is), for comparison."""
    with Timer() as timer:
        for article in articles:
            process_article(article, NOW)
    return timer.seconds


async def full_pipeline(articles: list[RawArticle], folder: Path) -> tuple[float, float]:
    """Seconds for processing alone and for processing plus storing every article, BATCH at a time."""
    batches = [articles[start : start + BATCH] for start in range(0, len(articles), BATCH)]
    with Timer() as compute:
        processed = [process_articles(batch, NOW) for batch in batches]
    db = await open_database(folder / "pipeline.db")
    with Timer() as store:
        for batch in processed:
            await store_many(db, [a for a in batch if not isinstance(a, Exception)], NOW)
    await db.close()
    return compute.seconds, compute.seconds + store.seconds


async def measure(label: str, articles: list[RawArticle], rounds: int) -> float:
    """Print one set's figures (best of `rounds`, each from an empty database); returns articles/s."""
    results: list[tuple[float, float, float, float]] = []  # bare insert, single, pipeline, pipeline + storage
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            results.append((bare_insert(articles, folder), one_at_a_time(articles),
                            *await full_pipeline(articles, folder)))
    baseline, single, compute, total = min(results, key=lambda r: r[3])
    n = len(articles)
    size = sum(len(a.text) for a in articles) / n
    print(f"  {label}: {n} articles, mean {size / 1000:.1f} kB")
    print(f"    bare SQLite insert      {n / baseline:>10,.0f} articles/s  (baseline)")
    print(f"    pipeline, one at a time {n / single:>10,.0f} articles/s  ratio {baseline / single:.3f} of baseline"
          f"  ({single / n * 1000:.2f} ms/article)")
    print(f"    pipeline, {BATCH} at a time  {n / compute:>10,.0f} articles/s  ratio {baseline / compute:.3f} of baseline"
          f"  ({compute / n * 1000:.2f} ms/article)")
    print(f"    pipeline + storage      {n / total:>10,.0f} articles/s  ratio {baseline / total:.3f} of baseline"
          f"  (storage {(total - compute) / n * 1000:.2f} ms/article, {BATCH} per transaction)")
    return n / total


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=2000, help="articles in the whole-set measurement")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    pinned = pin_to_one_cpu()
    articles = load_articles()
    typical = [a for a in articles if TYPICAL_BYTES[0] <= len(a.text.encode("utf-8")) <= TYPICAL_BYTES[1]]
    print(f"ingest benchmark: BBC articles, one process ({pinned}), best of {args.rounds} rounds")
    print(f"  machine: {machine()}")
    await measure("whole set", articles[: args.limit], args.rounds)
    rate = await measure("typical 3-5 kB articles (the target's size)", typical, args.rounds)
    print(f"  target ≥ {TARGET:,} articles/s for 3-5 kB articles: {'PASS' if rate >= TARGET else 'FAIL'} ({rate:,.0f})")


if __name__ == "__main__":
    asyncio.run(main())
