"""Digest benchmark: compose digests for 100,000 subscribed chats over 50,000 stored articles.

Everything lives in a temporary SQLite file with the bot's own schema (storage.open_database): 50,000
articles made from real news (the feed entries and BBC stories in ../shared/data, run through the real
pipeline, so tags, summaries and sources are real; repeated as further stories to reach the count),
and 100,000 synthetic chats with 1-3 subscriptions each, some keyword filters, and a few stories
already delivered. Measured in the same run, on one CPU:

  baseline  one indexed SELECT per chat (its subscriptions), plain sqlite3 on the same file
  compose   every chat's digest: subscriptions and delivery log read through storage/ (one query each
            per batch of 500 chats),
            candidates per country/topic read once and ranked once, then plan + HTML + split
            (news.digest) -- the work a tick has to do, without the writes
  tick      the production tick, digests.runner.run_due_digests (per batch of due chats, in one
            transaction: their delivery log read, then each chat's messages, deliveries and next due
            time), on a sample of the chats, extrapolated to all of them

    python -m bench.digest [--chats 100000] [--articles 50000] [--tick-sample 1000]
"""
from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.common import DATA, Timer, machine, read_jsonl
from bench.ingest import pin_to_one_cpu
from digests.runner import run_due_digests
from news.countries import country_by_code
from news.digest import KeywordFilter, SectionInput, plan_digest, rank_candidates, render_digest
from news.errors import NewsError
from news.models import ProcessedArticle, RawArticle
from news.pipeline import process_article
from news.topics import TOPICS, topic_by_key
from storage import Database, open_database
from storage import articles as article_store
from storage import chats as chat_store
from storage import subscriptions as subscription_store
from storage.deliveries import delivered_to_chats
from storage.timefmt import to_db

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)
LAST_DIGEST = NOW - timedelta(days=1)  # every chat's previous digest: stories since then are new
ARTICLE_WINDOW = timedelta(days=3)  # articles were ingested over the last three days
PER_SECTION = 5
CANDIDATES = 40  # per country/topic, as digests.compose loads them
BATCH = 500
TARGET_SECONDS = 10.0
# What synthetic chats follow, weighted like a news bot's audience (Morocco-heavy, as ours).
COUNTRY_WEIGHTS = {"MA": 20, "US": 15, "GB": 10, "UA": 8, "IL": 8, "FR": 6, "DE": 5, "IN": 5, "CN": 5, "RU": 4,
                   "BR": 3, "NG": 3, "JP": 3, "LY": 3, "ES": 2, "CA": 2}
ZONES = ("Africa/Casablanca", "Europe/London", "America/New_York", "Asia/Kolkata", "Europe/Paris", "UTC")


# ---------------------------------------------------------------- data


def real_raw_articles() -> tuple[list[RawArticle], str]:
    """Real feed entries and BBC stories; synthetic text (said clearly) when ../shared/data is absent."""
    feeds, bbc = DATA / "feed_entries_2023-09-08_11.jsonl.gz", DATA / "bbc_articles.jsonl.gz"
    if not feeds.exists() or not bbc.exists():
        print(f"NOTE: {DATA} is absent: using SYNTHETIC article text, so the figures are not real-text figures")
        names = [c.name for c in map(country_by_code, COUNTRY_WEIGHTS) if c]
        return [RawArticle(title=f"{names[i % len(names)]} report number {i}",
                           text=f"Officials in {names[i % len(names)]} said on Tuesday that report {i} on trade, "
                                f"elections and the economy would be published. Critics disagreed about item {i}.",
                           source="Synthetic", url=f"https://synthetic.example/{i}") for i in range(8000)], "synthetic"
    raws = [RawArticle(title=r["title"], text=r["description"] or r["title"], source=r["source"], url=r["link"],
                       is_html=True) for r in read_jsonl(feeds)]
    raws += [RawArticle(title=r["title"], text=r["text"], source="BBC News") for r in read_jsonl(bbc)]
    return raws, f"{feeds.name} + {bbc.name}"


def processed_articles(raws: list[RawArticle]) -> list[ProcessedArticle]:
    done = []
    for raw in raws:
        try:
            done.append(process_article(raw, NOW))
        except NewsError:
            continue  # the pipeline rejects a few empty or unreadable items, as it would in the bot
    return done


@dataclass(frozen=True)
class Row:
    article: ProcessedArticle
    copy: int
    story_id: int
    ingested_at: datetime


def article_rows(processed: list[ProcessedArticle], count: int, rng: random.Random) -> Iterator[Row]:
    """`count` stored articles; a repeat of a text is a second source for the previous copy's story
    three times in ten (so "+N sources" occurs), otherwise a story of its own."""
    story_of_last_copy: dict[int, int] = {}
    for article_id in range(1, count + 1):
        index = (article_id - 1) % len(processed)
        copy = (article_id - 1) // len(processed)
        story = story_of_last_copy.get(index) if copy and rng.random() < 0.3 else None
        story_id = story or article_id
        story_of_last_copy[index] = story_id
        ingested = NOW - timedelta(seconds=rng.uniform(60, ARTICLE_WINDOW.total_seconds()))
        yield Row(processed[index], copy, story_id, ingested)


def _insert_articles(conn: sqlite3.Connection, rows: list[Row]) -> None:
    conn.executemany(
        """insert into articles (id, url, guid, content_hash, title, body, summary, long_summary, source,
                                 story_id, fingerprint, published_at, ingested_at)
           values (?, ?, null, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)""",
        [(n, f"{r.article.url or 'https://bench.example/a'}#copy{r.copy}-{n}", f"{r.article.content_hash}-{n}",
          r.article.title, r.article.body, r.article.summary, r.article.long_summary,
          r.article.source if r.copy % 3 == 0 else f"{r.article.source} (copy {r.copy % 3})", r.story_id,
          to_db(r.ingested_at - timedelta(minutes=20)), to_db(r.ingested_at))
         for n, r in enumerate(rows, start=1)],
    )
    conn.executemany("insert into article_countries (article_id, country_code, salience) values (?, ?, ?)",
                     [(n, c.code, c.salience) for n, r in enumerate(rows, start=1) for c in r.article.countries])
    conn.executemany("insert into article_topics (article_id, topic, score) values (?, ?, ?)",
                     [(n, t.topic, t.score) for n, r in enumerate(rows, start=1) for t in r.article.topics])


@dataclass(frozen=True)
class SyntheticChat:
    id: int
    zone: str
    follows: tuple[tuple[str, str, str, str], ...]  # (kind, value, include json, exclude json)


def synthetic_chats(count: int, rng: random.Random) -> list[SyntheticChat]:
    countries, weights = list(COUNTRY_WEIGHTS), list(COUNTRY_WEIGHTS.values())
    topics = [t.key for t in TOPICS]
    chats = []
    for n in range(count):
        follows: dict[tuple[str, str], tuple[str, str]] = {}
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            kind, value = ("country", rng.choices(countries, weights)[0]) if rng.random() < 0.7 else ("topic", rng.choice(topics))
            include = '["election"]' if rng.random() < 0.05 else "[]"
            exclude = '["football"]' if rng.random() < 0.10 else "[]"
            follows[(kind, value)] = (include, exclude)
        chats.append(SyntheticChat(1_000_000 + n, rng.choice(ZONES), tuple((k, v, i, e) for (k, v), (i, e) in follows.items())))
    return chats


def _insert_chats(conn: sqlite3.Connection, chats: list[SyntheticChat], due: set[int], delivered: list[tuple[int, int, int]]) -> None:
    later = to_db(NOW + timedelta(days=1))
    conn.executemany(
        """insert into chats (id, type, title, timezone, next_digest_at, last_digest_at, created_at, updated_at)
           values (?, 'private', 'Reader', ?, ?, ?, ?, ?)""",
        [(c.id, c.zone, to_db(NOW) if c.id in due else later, to_db(LAST_DIGEST), to_db(NOW - timedelta(days=30)),
          to_db(LAST_DIGEST)) for c in chats],
    )
    conn.executemany(
        """insert into subscriptions (chat_id, kind, value, include_keywords, exclude_keywords, created_at)
           values (?, ?, ?, ?, ?, ?)""",
        [(c.id, *follow, to_db(NOW - timedelta(days=30))) for c in chats for follow in c.follows],
    )
    conn.executemany(
        "insert or ignore into deliveries (chat_id, story_id, article_id, delivered_at, via) values (?, ?, ?, ?, 'breaking')",
        [(chat_id, story_id, article_id, to_db(NOW - timedelta(hours=2))) for chat_id, story_id, article_id in delivered],
    )


# ---------------------------------------------------------------- measurements


def baseline(path: Path, chat_ids: list[int]) -> float:
    """One indexed SELECT per chat (its subscriptions), plain sqlite3: the least a per-chat tick reads."""
    conn = sqlite3.connect(path)
    with Timer() as timer:
        for chat_id in chat_ids:
            conn.execute("select kind, value, include_keywords, exclude_keywords from subscriptions where chat_id = ?",
                         (chat_id,)).fetchall()
    conn.close()
    return timer.seconds


class Candidates:
    """Each country's and topic's newest stories since the last digest, read once and ranked once."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.loaded: dict[tuple[str, str], SectionInput] = {}

    async def section(self, kind: str, value: str) -> SectionInput | None:
        if (kind, value) not in self.loaded:
            if kind == "country":
                country = country_by_code(value)
                if country is None:
                    return None
                found = await article_store.latest_for_country(self.db, value, CANDIDATES, since=LAST_DIGEST)
                heading, command = f"{country.flag} {country.name}", country.command
            else:
                topic = topic_by_key(value)
                if topic is None:
                    return None
                found = await article_store.latest_for_topic(self.db, value, CANDIDATES, since=LAST_DIGEST)
                heading, command = f"{topic.emoji} {topic.name}", topic.command
            self.loaded[(kind, value)] = SectionInput(heading, command, rank_candidates(found, NOW))
        return self.loaded[(kind, value)]


@dataclass
class Composed:
    seconds: float = 0.0
    chats: int = 0
    empty: int = 0
    messages: int = 0
    items: int = 0
    longest: int = 0


async def compose_all(db: Database, chat_ids: list[int]) -> Composed:
    """Every chat's digest (plan + HTML + split) from the stored data, nothing written."""
    candidates, result = Candidates(db), Composed()
    start = time.perf_counter()
    for first in range(0, len(chat_ids), BATCH):
        batch = chat_ids[first : first + BATCH]
        sections_of: dict[int, list[SectionInput]] = {}
        for chat_id, subscriptions in (await subscription_store.list_for_chats(db, batch)).items():
            sections = sections_of[chat_id] = []
            for sub in subscriptions:
                section = await candidates.section(sub.kind, sub.value)
                if section is not None:
                    sections.append(SectionInput(section.heading, section.command, section.candidates,
                                                 KeywordFilter(sub.include, sub.exclude)))
        delivered_of = await db.run_sync(delivered_to_chats, {
            chat_id: {a.story_id for s in sections for a in s.candidates} for chat_id, sections in sections_of.items()})
        for chat_id, sections in sections_of.items():
            plan = plan_digest(sections, delivered_of[chat_id], NOW, per_section=PER_SECTION)
            result.chats += 1
            if plan.empty:
                result.empty += 1
                continue
            messages = render_digest(plan, NOW, ZoneInfo("Europe/London"))  # as compose: the chat's zone
            result.messages += len(messages)
            result.items += len(plan.stories)
            result.longest = max(result.longest, *(len(text) for text, _ in messages))
    result.seconds = time.perf_counter() - start
    return result


async def production_tick(db: Database, sample: int) -> tuple[float, int, int]:
    """digests.runner.run_due_digests until no sampled chat is due; (seconds, chats with a digest, rows queued)."""
    with Timer() as timer:
        chats = 0
        while await chat_store.due_for_digest(db, NOW, limit=1):
            chats += await run_due_digests(db, NOW, per_section=PER_SECTION)
    row = await db.fetchone("select count(*) from outbox where kind = 'digest'")
    still_due = await chat_store.due_for_digest(db, NOW, limit=1)
    assert not still_due, "the tick left due chats behind"
    return timer.seconds, chats, int(row[0]) if row else 0


# ---------------------------------------------------------------- main


async def run(args: argparse.Namespace) -> None:
    pinned = pin_to_one_cpu()
    rng = random.Random(7)
    with Timer() as setup:
        raws, source = real_raw_articles()
        processed = processed_articles(raws)
        rows = list(article_rows(processed, args.articles, rng))
        chats = synthetic_chats(args.chats, rng)
        due = {c.id for c in rng.sample(chats, min(args.tick_sample, len(chats)))}
        recent = [(n, r.story_id) for n, r in enumerate(rows, start=1) if r.ingested_at > LAST_DIGEST]
        delivered = [(c.id, story, article) for c in rng.sample(chats, len(chats) // 5)
                     for article, story in rng.sample(recent, 3)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        db = await open_database(path)
        try:
            with Timer() as store:
                await db.run_sync(_insert_articles, rows)
                await db.run_sync(_insert_chats, chats, due, delivered)
            chat_ids = [c.id for c in chats]
            base = baseline(path, chat_ids)
            composed = await compose_all(db, chat_ids)
            tick_seconds, tick_chats, queued = await production_tick(db, len(due))
        finally:
            await db.close()

    n = len(chat_ids)
    tagged = Counter(code for r in rows for code in (c.code for c in r.article.countries))
    subs = sum(len(c.follows) for c in chats)
    print(f"digest benchmark: {n:,} chats ({subs:,} subscriptions), {len(rows):,} stored articles from {len(processed):,} "
          f"real texts ({source}); one process ({pinned}) on {machine()}")
    print(f"  set-up: pipeline + SQLite inserts {setup.seconds + store.seconds:.1f} s; articles tagged Morocco: "
          f"{tagged['MA']:,}, United States: {tagged['US']:,}; stories since the last digest: {len(recent):,}")
    print(f"  baseline: one indexed SELECT per chat       {n / base:>9,.0f} chats/s  ({base:.2f} s)")
    print(f"  compose (reads + plan + HTML + split)       {n / composed.seconds:>9,.0f} chats/s  ({composed.seconds:.2f} s)"
          f"  ratio {composed.seconds / base:.1f}x the baseline's time")
    print(f"      {composed.chats - composed.empty:,} digests, {composed.empty:,} with nothing new; {composed.messages:,} messages, "
          f"{composed.items / max(1, composed.chats - composed.empty):.1f} items per digest, longest message {composed.longest:,} chars")
    per_chat = tick_seconds / len(due)
    print(f"  production tick (compose + queue, {len(due):,}-chat sample) {1 / per_chat:>6,.0f} chats/s  "
          f"({tick_seconds:.2f} s; {tick_chats:,} digests, {queued:,} messages queued)  -> {n:,} chats ≈ {per_chat * n:.0f} s,"
          f" ratio {per_chat * n / base:.0f}x the baseline's time")
    print(f"  target < {TARGET_SECONDS:.0f} s for {n:,} chats: compose {'PASS' if composed.seconds < TARGET_SECONDS else 'FAIL'} "
          f"({composed.seconds:.1f} s); production tick {'PASS' if per_chat * n < TARGET_SECONDS else 'FAIL'} (≈ {per_chat * n:.0f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--tick-sample", type=int, default=1_000, help="chats the production tick runs on")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
