"""Delivery benchmark against the sandbox in strict mode (it answers 429 above Telegram's limits).

1. At the normal cap (30 msg/s): achieved rate vs the cap, and 429s seen (target ≥ 95 %, zero 429s).
2. Paid broadcast cap raised to 1,000 msg/s: the engine's rate vs the sandbox's own ceiling, measured in the
   same run with a raw concurrent HTTP client (target ≥ 80 %).
3. Peak RSS while queueing the broadcast (target < 150 MB).

    python -m bench.delivery [--chats 100000] [--normal 600]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import socket
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import httpx
import psutil
from telegram import Bot

from clock import SystemClock
from delivery.engine import DeliveryEngine
from sandbox.client import SandboxClient
from storage import open_database
from storage.outbox import OutgoingMessage, enqueue

TOKEN = "777:bench-token"
TEXT = "🚨 <b>Breaking</b>\n\nA benchmark item with a <a href=\"https://example.org\">link</a>."


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def queue_chats(path: Path, first_id: int, count: int) -> float:
    """Queue one message per chat; returns peak RSS in MB while doing it."""
    db = await open_database(path)
    process, peak = psutil.Process(), 0.0
    now = datetime.now(timezone.utc)
    stamp = now.isoformat(timespec="microseconds")
    for start in range(0, count, 5000):
        ids = range(first_id + start, first_id + min(count, start + 5000))
        async with db.atomic() as conn:
            await conn.executemany(
                "insert or ignore into chats (id, type, timezone, created_at, updated_at) values (?, 'private', 'UTC', ?, ?)",
                [(i, stamp, stamp) for i in ids])
            for chat_id in ids:
                await enqueue(conn, chat_id=chat_id, kind="breaking", message=OutgoingMessage(TEXT), now=now)
        peak = max(peak, process.memory_info().rss / 2**20)
    await db.close()
    return peak


async def run_engine(path: Path, url: str, rate: float, paid: bool, expected: int) -> float:
    db = await open_database(path)
    async with Bot(TOKEN, base_url=f"{url}/bot") as bot:
        engine = DeliveryEngine(db, bot, SystemClock(), global_rate=rate, private_interval=1.0, concurrency=64, paid_broadcast=paid)
        start = time.perf_counter()
        while engine.sent < expected:
            if await engine.send_due(limit=500) == 0:
                break
        seconds = time.perf_counter() - start
    await db.close()
    return engine.sent / seconds


async def raw_ceiling(url: str, first_id: int, count: int) -> float:
    """The sandbox's own ceiling: as fast as a bare concurrent client can get answers."""
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(limits=limits, timeout=30) as http:
        queue = iter(range(first_id, first_id + count))

        async def worker() -> None:
            for chat_id in queue:
                await http.post(f"{url}/bot{TOKEN}/sendMessage",
                                json={"chat_id": chat_id, "text": TEXT, "parse_mode": "HTML", "allow_paid_broadcast": True})

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(64)))
        return count / (time.perf_counter() - start)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chats", type=int, default=100_000)
    parser.add_argument("--normal", type=int, default=600, help="messages for the 30 msg/s phase")
    args = parser.parse_args()
    port = free_port()
    sandbox = await asyncio.create_subprocess_exec(sys.executable, "-m", "sandbox", "--port", str(port), "--strict",
                                                   stdout=asyncio.subprocess.PIPE)
    assert sandbox.stdout is not None
    await sandbox.stdout.readline()
    url = f"http://127.0.0.1:{port}"
    try:
        async with SandboxClient(url) as control:
            await control.configure(record_calls=False, global_per_second=30, paid_per_second=1000)
            total = args.normal + args.chats * 2
            for start in range(0, total, 20000):
                await control.bulk_chats(list(range(1_000_000 + start, 1_000_000 + min(total, start + 20000))), store_messages=False)
            with tempfile.TemporaryDirectory() as tmp:
                normal_db, paid_db = Path(tmp) / "normal.db", Path(tmp) / "paid.db"
                await queue_chats(normal_db, 1_000_000, args.normal)
                before = (await control.stats())["rate_limited"]
                normal_rate = await run_engine(normal_db, url, 30, False, args.normal)
                normal_429 = (await control.stats())["rate_limited"] - before
                peak = await queue_chats(paid_db, 1_000_000 + args.normal, args.chats)
                before = (await control.stats())["rate_limited"]
                paid_rate = await run_engine(paid_db, url, 1000, True, args.chats)
                paid_429 = (await control.stats())["rate_limited"] - before
            ceiling = await raw_ceiling(url, 1_000_000 + args.normal + args.chats, min(args.chats, 20000))
    finally:
        sandbox.kill()
        await sandbox.wait()
    print(f"delivery benchmark (sandbox strict mode in its own process, {os.cpu_count()} cores)")
    print(f"  normal cap 30 msg/s, {args.normal} chats: {normal_rate:6.1f} msg/s = {normal_rate / 30:.1%} of cap, 429s: {normal_429}"
          f"  [{'PASS' if normal_rate >= 28.5 and normal_429 == 0 else 'FAIL'} ≥ 95 %, zero 429]")
    print(f"  sandbox ceiling (raw client, paid cap 1000 msg/s): {ceiling:6.0f} msg/s")
    print(f"  engine, paid cap 1000 msg/s, {args.chats:,} chats: {paid_rate:6.0f} msg/s = {paid_rate / ceiling:.1%} of the ceiling, 429s: {paid_429}"
          f"  [{'PASS' if paid_rate >= 0.8 * ceiling else 'FAIL'} ≥ 80 %]")
    print(f"  peak RSS while queueing {args.chats:,} messages: {peak:.0f} MB  [{'PASS' if peak < 150 else 'FAIL'} < 150 MB]")


if __name__ == "__main__":
    asyncio.run(main())
