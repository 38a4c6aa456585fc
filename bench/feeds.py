"""Feed polling throughput: `python -m bench.feeds [--feeds 500 --items 50]`.

Serves N generated RSS files (real entries from ../shared/data/feed_entries_*.jsonl.gz, each item
unique) from a local threaded HTTP server, then in the same run measures
  1. raw: plain httpx GET of every file (same concurrency) — the baseline, and
  2. poll: poll_due_feeds into a fresh SQLite database (fetch + parse + pipeline + store),
and prints feeds/s, items/s and poll time relative to raw.
"""
from __future__ import annotations

import argparse
import asyncio
import gzip
import html
import json
import tempfile
import threading
import time
from datetime import datetime, timezone
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from bench.common import require_data
from feeds.fetch import Fetcher
from feeds.poller import CONCURRENCY, poll_due_feeds
from settings import Settings
from storage import feeds as feed_store
from storage import open_database


def write_feeds(folder: Path, entries: list[dict], feeds: int, items: int) -> None:
    for n in range(feeds):
        rows = []
        for i in range(items):
            e = entries[(n * items + i) % len(entries)]
            link = f"{e['link']}#bench-{n}-{i}"
            rows.append(f"<item><title>{html.escape(e['title'])} ({n}-{i})</title><link>{html.escape(link)}</link>"
                        f"<guid>{html.escape(link)}</guid><description>{html.escape(e.get('description') or '')}"
                        f" Bench copy {n}-{i}.</description></item>")
        (folder / f"feed{n}.xml").write_text(
            f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench {n}</title>'
            + "".join(rows) + "</channel></rss>", encoding="utf-8")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature from the base class
        pass


async def raw_fetch(urls: list[str]) -> int:
    limit = asyncio.Semaphore(CONCURRENCY)
    async with httpx.AsyncClient(trust_env=False) as client:
        async def one(url: str) -> int:
            async with limit:
                return len((await client.get(url)).content)
        return sum(await asyncio.gather(*(one(u) for u in urls)))


async def run(feeds: int, items: int) -> None:
    source = require_data("feed_entries_2023-09-08_11.jsonl.gz")
    entries = [json.loads(line) for line in gzip.open(source, "rt", encoding="utf-8")]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "www"
        folder.mkdir()
        write_feeds(folder, entries, feeds, items)
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        urls = [f"http://127.0.0.1:{server.server_port}/feed{n}.xml" for n in range(feeds)]
        try:
            start = time.perf_counter()
            size = await raw_fetch(urls)
            raw = time.perf_counter() - start
            db = await open_database(Path(tmp) / "bench.db")
            now = datetime.now(timezone.utc)
            for n, url in enumerate(urls):
                await feed_store.add_feed(db, url, f"Bench {n}", None, None, now)
            settings = Settings(_env_file=None)
            async with httpx.AsyncClient(trust_env=False) as client:
                start = time.perf_counter()
                report = await poll_due_feeds(db, Fetcher(client, allow_private=True, timeout=60), now, settings)
                poll = time.perf_counter() - start
            await db.close()
        finally:
            server.shutdown()
    total = report.added + report.updated + report.duplicates + report.rejected
    print(f"feeds={feeds} items/feed={items} bytes={size}")
    print(f"raw httpx fetch: {raw:.2f} s  {feeds / raw:.0f} feeds/s")
    print(f"poll_due_feeds:  {poll:.2f} s  {feeds / poll:.1f} feeds/s  {total / poll:.0f} items/s "
          f"(added {report.added}, duplicates {report.duplicates}, rejected {report.rejected}, failed {report.failed})")
    print(f"poll / raw time ratio: {poll / raw:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--items", type=int, default=50)
    args = parser.parse_args()
    asyncio.run(run(args.feeds, args.items))


if __name__ == "__main__":
    main()
