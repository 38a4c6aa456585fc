"""Delivery benchmark against the sandbox in strict mode (it answers 429 above Telegram's limits).

The sandbox runs in its own process; the engine runs in this one, started the way the bot starts it
(its background loop, woken once), with the default settings except the global cap of each phase.

1. Normal cap, 30 msg/s, one message per chat: achieved rate vs the cap, 429s seen (target ≥ 95 %, zero 429s).
2. Digest-like load at 30 msg/s: several messages per private chat, so the per-chat limit (1 msg/s) matters too.
3. Queueing a push to 100,000 subscribers the way Confirm does it (storage.broadcasts.start, with the keyword and
   quiet-hours checks handlers.breaking_reach makes): time and peak RSS of this process (target < 150 MB).
4. Paid broadcast cap, 1,000 msg/s: the engine sends that push; its rate is compared with the ceiling:
   the cap, or the sandbox's own capacity if lower, measured in the same run by a bare keep-alive aiohttp
   client (best of several concurrency levels, the sandbox's cap lifted for that measurement) sending the
   same message to fresh chats (target ≥ 80 %).

    python -m bench.delivery [--chats 100000] [--normal 600] [--digest-chats 200]

Rates against the sandbox are bounded by the sandbox itself (one Python process), not by Telegram.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import socket
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import aiohttp
import psutil

from clock import SystemClock
from delivery.engine import DeliveryEngine
from delivery.sender import Sender
from handlers.breaking_reach import quiet_at, reach
from ingest.store import store_raw
from news.models import RawArticle
from sandbox.client import SandboxClient
from settings import Settings
from storage import Database, open_database
from storage import articles as article_store
from storage import broadcasts as broadcast_store
from storage.outbox import OutgoingMessage, enqueue

TOKEN = "777:bench-token"
TEXT = "🚨 <b>Breaking</b>\n\nA benchmark item with a <a href=\"https://example.org\">link</a>."
ITEM = RawArticle(
    title="Strong earthquake shakes Morocco's Atlas region",
    text=("A strong earthquake struck the High Atlas in Morocco on Friday night, the national geophysics institute "
          "in Rabat said. Moroccan rescue teams were sent to villages near Marrakesh."),
    url="https://example.org/quake", source="bench",
)
FIRST_ID = 1_000_000
CEILING_LEVELS = (1, 8, 64)
CEILING_MESSAGES = 4000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


class PeakRss:
    """Samples this process's RSS from a thread, so a long single await is measured too."""

    def __enter__(self) -> PeakRss:
        self.peak = rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, rss_mb())

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb())


async def add_chats(db: Database, ids: range, subscribe: bool = False) -> None:
    """Benchmark set-up: chats (and a Morocco subscription each) straight into SQLite."""
    stamp = datetime.now(timezone.utc).isoformat(timespec="microseconds")
    for start in range(ids.start, ids.stop, 20000):
        block = range(start, min(ids.stop, start + 20000))
        async with db.atomic() as conn:
            await conn.executemany(
                "insert into chats (id, type, timezone, created_at, updated_at) values (?, 'private', 'UTC', ?, ?)",
                [(i, stamp, stamp) for i in block])
            if subscribe:
                await conn.executemany(
                    "insert into subscriptions (chat_id, kind, value, created_at) values (?, 'country', 'MA', ?)",
                    [(i, stamp) for i in block])


async def queue_messages(db: Database, ids: range, per_chat: int, kind: str) -> None:
    now = datetime.now(timezone.utc)
    async with db.atomic() as conn:
        for part in range(per_chat):
            for chat_id in ids:
                await enqueue(conn, chat_id=chat_id, kind=kind, message=OutgoingMessage(f"{TEXT} ({part + 1})"), now=now)  # type: ignore[arg-type]


async def queue_push(db: Database, ids: range) -> tuple[int, float, float]:
    """Store the item, draft a push to Morocco's subscribers and confirm it; (queued, seconds, peak RSS MB)."""
    await add_chats(db, ids, subscribe=True)
    now = datetime.now(timezone.utc)
    _, saved = await store_raw(db, ITEM, now)
    row = await db.fetchone("select story_id from articles where id = ?", (saved.article_id,))
    audience = broadcast_store.Audience(everyone=False, tags=(("country", "MA"),))
    draft = await broadcast_store.create_draft(db, 1, saved.article_id, TEXT, audience, now)
    article = await article_store.get_article(db, saved.article_id)
    assert article is not None
    with PeakRss() as memory:
        started = time.perf_counter()
        queued = await broadcast_store.start(db, draft, OutgoingMessage(TEXT), (row[0], saved.article_id), now,
                                             passes=reach(article, audience, now).passes, quiet=quiet_at(now))
        seconds = time.perf_counter() - started
    return queued, seconds, memory.peak


async def run_engine(db: Database, url: str, settings: Settings, expected: int, *, rate: float, paid: bool) -> float:
    """Start the engine as the bot does, wake it once, wait until it has sent `expected`; msg/s."""
    async with Sender(url, TOKEN, connections=settings.delivery_concurrency, paid_broadcast=paid) as sender:
        engine = DeliveryEngine(
            db, sender, SystemClock(), global_rate=rate, private_interval=settings.private_chat_interval,
            group_per_minute=settings.group_messages_per_minute, concurrency=settings.delivery_concurrency,
        )
        await engine.start()
        started = time.perf_counter()
        engine.wake()
        deadline = started + 30 + 3 * expected / rate
        try:
            while engine.sent < expected:
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"the engine sent {engine.sent} of {expected} messages in time")
                await asyncio.sleep(0.01)
            seconds = time.perf_counter() - started
        finally:
            await engine.stop()
    return expected / seconds


async def raw_ceiling(url: str, first_id: int) -> tuple[float, int]:
    """The sandbox's own ceiling: a bare keep-alive aiohttp client, best of a few concurrency levels."""
    best, best_level, next_id = 0.0, 0, first_id
    for level in CEILING_LEVELS:
        ids = iter(range(next_id, next_id + CEILING_MESSAGES))
        next_id += CEILING_MESSAGES
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=level)) as http:

            async def worker() -> None:
                for chat_id in ids:
                    async with http.post(f"{url}/bot{TOKEN}/sendMessage", json={
                        "chat_id": chat_id, "text": TEXT, "parse_mode": "HTML", "allow_paid_broadcast": True,
                    }) as response:
                        if response.status != 200:
                            raise RuntimeError(f"sandbox answered {response.status}: {await response.text()}")

            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(level)))
            rate = CEILING_MESSAGES / (time.perf_counter() - started)
        if rate > best:
            best, best_level = rate, level
    return best, best_level


def verdict(ok: bool, target: str) -> str:
    return f"[{'PASS' if ok else 'FAIL'} {target}]"


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chats", type=int, default=100_000, help="subscribers of the paid-cap push")
    parser.add_argument("--normal", type=int, default=600, help="chats for the 30 msg/s phase")
    parser.add_argument("--digest-chats", type=int, default=200, help="private chats × 3 messages for the digest-like phase")
    args = parser.parse_args()
    settings = Settings(_env_file=None)
    normal_ids = range(FIRST_ID, FIRST_ID + args.normal)
    digest_ids = range(normal_ids.stop, normal_ids.stop + args.digest_chats)
    push_ids = range(digest_ids.stop, digest_ids.stop + args.chats)
    ceiling_first = push_ids.stop
    port = free_port()
    sandbox = await asyncio.create_subprocess_exec(sys.executable, "-m", "sandbox", "--port", str(port),
                                                   stdout=asyncio.subprocess.PIPE)
    assert sandbox.stdout is not None
    await sandbox.stdout.readline()
    url = f"http://127.0.0.1:{port}"
    try:
        async with SandboxClient(url) as control:
            await control.configure(record_calls=False, global_per_second=30, paid_per_second=1000)
            total = ceiling_first + len(CEILING_LEVELS) * CEILING_MESSAGES - FIRST_ID
            for start in range(FIRST_ID, FIRST_ID + total, 20000):
                await control.bulk_chats(list(range(start, min(FIRST_ID + total, start + 20000))), store_messages=False)
            with tempfile.TemporaryDirectory() as tmp:
                db = await open_database(Path(tmp) / "bench.db")
                try:
                    await add_chats(db, normal_ids)
                    await queue_messages(db, normal_ids, 1, "breaking")
                    before = (await control.stats())["rate_limited"]
                    normal_rate = await run_engine(db, url, settings, len(normal_ids), rate=30, paid=False)
                    normal_429 = (await control.stats())["rate_limited"] - before

                    await add_chats(db, digest_ids)
                    await queue_messages(db, digest_ids, 3, "digest")
                    before = (await control.stats())["rate_limited"]
                    digest_rate = await run_engine(db, url, settings, 3 * len(digest_ids), rate=30, paid=False)
                    digest_429 = (await control.stats())["rate_limited"] - before

                    rss_before = rss_mb()
                    queued, queue_seconds, queue_peak = await queue_push(db, push_ids)
                    await control.configure(paid_per_second=10**9)  # the sandbox's capacity, not its cap
                    capacity, ceiling_level = await raw_ceiling(url, ceiling_first)
                    await control.configure(paid_per_second=1000)
                    ceiling = min(1000.0, capacity)
                    await asyncio.sleep(1.5)  # let the sandbox's one-second window forget the raw client's burst
                    before = (await control.stats())["rate_limited"]
                    paid_rate = await run_engine(db, url, settings, queued, rate=1000, paid=True)
                    paid_429 = (await control.stats())["rate_limited"] - before
                finally:
                    await db.close()
    finally:
        sandbox.kill()
        await sandbox.wait()
    print(f"delivery benchmark (sandbox strict mode in its own process, {os.cpu_count()} cores; engine concurrency "
          f"{settings.delivery_concurrency}, private interval {settings.private_chat_interval:g} s)")
    print(f"  normal cap 30 msg/s, {len(normal_ids)} chats × 1: {normal_rate:6.1f} msg/s = {normal_rate / 30:.1%} of the cap, "
          f"429s: {normal_429}  {verdict(normal_rate >= 28.5 and normal_429 == 0, '≥ 95 %, zero 429')}")
    print(f"  digest-like, cap 30 msg/s, {len(digest_ids)} private chats × 3: {digest_rate:6.1f} msg/s = {digest_rate / 30:.1%} "
          f"of the cap, 429s: {digest_429}  {verdict(digest_rate >= 28.5 and digest_429 == 0, '≥ 95 %, zero 429')}")
    print(f"  queueing a push to {queued:,} subscribers (Confirm): {queue_seconds:.1f} s, peak RSS {queue_peak:.0f} MB "
          f"{verdict(queue_peak < 150, '< 150 MB')}")
    print(f"    of which this process held {rss_before:.0f} MB before queueing (the bot's imports, news models included)"
          f"; queueing added {queue_peak - rss_before:.0f} MB")
    print(f"  sandbox capacity (bare aiohttp client, best at {ceiling_level} connections): {capacity:6.0f} msg/s; "
          f"ceiling = min(cap 1000, capacity) = {ceiling:.0f} msg/s")
    print(f"  engine, paid cap 1000 msg/s, {queued:,} chats: {paid_rate:6.0f} msg/s = {paid_rate / ceiling:.1%} of the ceiling, "
          f"429s: {paid_429}  {verdict(paid_rate >= 0.8 * ceiling and paid_429 == 0, '≥ 80 %, zero 429')}")


if __name__ == "__main__":
    asyncio.run(main())
