"""Feed polling throughput: `python -m bench.feeds [--feeds 500 --items 50]`.

Writes N RSS 2.0 files of real entries (../shared/data/feed_entries_*.jsonl.gz; every item gets its own
link, GUID and text, so each is a new article) and serves them from a separate aiohttp process on
127.0.0.1 (its own interpreter, so the server does not compete with the poller for the GIL). Then, in the
same run and at the same concurrency:
  1. raw:        plain httpx GET of every file — the baseline;
  2. fetch+parse: our Fetcher (checks, caps, conditional GET) and parse_feed, nothing stored;
  3. poll:       poll_due_feeds into a fresh SQLite database (fetch, parse, news pipeline, dedupe, store);
  4. re-poll:    poll_due_feeds again once every feed is due: the files are unchanged, so the server
                 answers If-Modified-Since with 304 and nothing is parsed — the steady state.
All 500 feeds live on one host here, while real feeds are spread over many; the Fetcher's per-host limit
is therefore raised to the poller's overall concurrency, or this would measure the politeness limit.
"""
from __future__ import annotations

import argparse
import asyncio
import gzip
import html
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit, urlunsplit

import httpx

from bench.common import require_data
from feeds.fetch import Fetcher
from feeds.parse import parse_feed
from feeds.poller import CONCURRENCY, poll_due_feeds
from settings import Settings
from storage import feeds as feed_store
from storage import open_database

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
T = TypeVar("T")


def write_feeds(folder: Path, entries: list[dict], feeds: int, items: int) -> None:
    for n in range(feeds):
        rows = []
        for i in range(items):
            e = entries[(n * items + i) % len(entries)]
            # A path segment, not a fragment or a tracking parameter: canonical URLs drop those, and the
            # copies would then be edits of one article rather than new articles.
            parts = urlsplit(e["link"])
            link = urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}/bench-{n}-{i}", fragment=""))
            published = format_datetime(datetime.fromisoformat(e["published"])) if e.get("published") else ""
            rows.append(f"<item><title>{html.escape(e['title'])} ({n}-{i})</title><link>{html.escape(link)}</link>"
                        f"<guid>{html.escape(link)}</guid><pubDate>{published}</pubDate>"
                        f"<description>{html.escape(e.get('description') or '')} Bench copy {n}-{i}.</description></item>")
        (folder / f"feed{n}.xml").write_text(
            f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench {n}</title>'
            + "".join(rows) + "</channel></rss>", encoding="utf-8")


def serve(folder: Path) -> None:
    """The file server's own process: aiohttp static files on 127.0.0.1, port 0; prints the port."""
    from aiohttp import web

    async def run_server() -> None:
        app = web.Application()
        app.router.add_static("/", folder)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        print(f"port {runner.addresses[0][1]}", flush=True)
        await asyncio.Event().wait()

    asyncio.run(run_server())


@contextmanager
def file_server(folder: Path) -> Iterator[str]:
    """`serve(folder)` in a child process (no GIL shared with the poller); yields its base URL."""
    process = subprocess.Popen([sys.executable, "-m", "bench.feeds", "--serve", str(folder)],
                               stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        match = re.search(r"port (\d+)", process.stdout.readline())
        if match is None:
            raise RuntimeError("the file server did not report its port")
        yield f"http://127.0.0.1:{match.group(1)}"
    finally:
        process.terminate()
        process.wait(timeout=10)


async def _gather(urls: list[str], one: Callable[[str], Awaitable[T]]) -> list[T]:
    """`one(url)` for every URL, at most CONCURRENCY at a time (the poller's own limit)."""
    limit = asyncio.Semaphore(CONCURRENCY)

    async def bounded(url: str) -> T:
        async with limit:
            return await one(url)
    return await asyncio.gather(*(bounded(u) for u in urls))


async def raw_fetch(client: httpx.AsyncClient, urls: list[str]) -> int:
    async def one(url: str) -> int:
        return len((await client.get(url)).content)
    return sum(await _gather(urls, one))


async def fetch_and_parse(fetcher: Fetcher, urls: list[str]) -> int:
    async def one(url: str) -> int:
        result = await fetcher.fetch(url)
        parsed = await asyncio.to_thread(parse_feed, result.body, url=result.url, source="", fetched_at=NOW)
        return len(parsed.items)
    return sum(await _gather(urls, one))


def _timed(label: str, seconds: float, feeds: int, raw: float, items: int | None = None) -> str:
    per_item = f"  {items / seconds:7.0f} items/s" if items is not None else ""
    return f"{label:<13}{seconds:7.2f} s  {feeds / seconds:7.1f} feeds/s{per_item}  ({seconds / raw:.1f}x raw time)"


async def run(feeds: int, items: int) -> None:
    source = require_data("feed_entries_2023-09-08_11.jsonl.gz")
    entries = [json.loads(line) for line in gzip.open(source, "rt", encoding="utf-8")]
    settings = Settings(_env_file=None)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "www"
        folder.mkdir()
        write_feeds(folder, entries, feeds, items)
        with file_server(folder) as base:
            urls = [f"{base}/feed{n}.xml" for n in range(feeds)]
            async with httpx.AsyncClient(trust_env=False) as client:
                fetcher = Fetcher(client, allow_private=True, timeout=60, per_host=CONCURRENCY)
                start = time.perf_counter()
                size = await raw_fetch(client, urls)
                raw = time.perf_counter() - start
                start = time.perf_counter()
                parsed = await fetch_and_parse(fetcher, urls)
                parse = time.perf_counter() - start
                db = await open_database(Path(tmp) / "bench.db")
                for n, url in enumerate(urls):
                    await feed_store.add_feed(db, url, f"Bench {n}", None, None, NOW)
                start = time.perf_counter()
                report = await poll_due_feeds(db, fetcher, NOW, settings)
                poll = time.perf_counter() - start
                start = time.perf_counter()
                again = await poll_due_feeds(db, fetcher, NOW + timedelta(seconds=feed_store.MAX_INTERVAL), settings)
                repoll = time.perf_counter() - start
                await db.close()
    handled = report.added + report.updated + report.duplicates + report.unchanged + report.rejected
    print(f"feeds={feeds} items/feed={items} bytes={size} concurrency={CONCURRENCY}")
    print(_timed("raw fetch", raw, feeds, raw))
    print(_timed("fetch+parse", parse, feeds, raw, parsed))
    print(_timed("poll", poll, feeds, raw, handled)
          + f"\n{'':13}added {report.added}, updated {report.updated}, duplicates {report.duplicates}, "
            f"unchanged {report.unchanged}, rejected {report.rejected}, failed {report.failed}")
    print(_timed("re-poll (304)", repoll, feeds, raw)
          + f"  not modified {again.not_modified}, added {again.added}, failed {again.failed}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)  # internal: the file server process
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
    else:
        asyncio.run(run(args.feeds, args.items))


if __name__ == "__main__":
    main()
