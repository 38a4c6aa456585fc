"""Starting and stopping the engine: a failure on either leaves no HTTP session open, and start works again;
while it runs, a database locked by another process pauses delivery without ending it.

An operator sees a leaked session as aiohttp's "Unclosed client session" warning when the process drops
it, and as connections to the Bot API that stay open after delivery has stopped.
"""
from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import sqlite3
import sys
import warnings
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from clock import ManualClock
from delivery.engine import DeliveryEngine
from delivery.exclusive import SenderLock, SenderRunningError
from delivery.outage import database_closed
from delivery.sender import Sender
from sandbox.client import SandboxClient
from sandbox.server import RunningSandbox
from storage import Database
from storage import chats as chat_store
from storage.outbox import OutgoingMessage, enqueue
from settings import Settings
from tests.conftest import TEST_TOKEN, BotFactory, wait_until

ROOT = Path(__file__).resolve().parents[2]

READER = 701


@contextlib.contextmanager
def _write_lock(path: Path) -> Iterator[None]:
    """Another process holding the database's write lock (a backup, an `sqlite3` shell mid-transaction)."""
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("begin exclusive")
        yield
        other.execute("rollback")
    finally:
        other.close()


def _unclosed_http_warnings() -> list[str]:
    """Collect garbage now and return aiohttp's warnings about sessions and connectors nobody closed."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        gc.collect()
    return [str(w.message) for w in caught if str(w.message).startswith("Unclosed")]


async def _reader_with_message(db: Database, sandbox: RunningSandbox, clock: ManualClock) -> None:
    # A client of its own, closed here, so that the engine's are the only connections the sandbox sees.
    async with SandboxClient(sandbox.url) as client:
        await client.create_user(READER, "Reader")
        await client.send_message(READER, "/start", user_id=READER)
    await chat_store.upsert_chat(db, READER, "private", "Reader", "UTC", clock.now())
    async with db.atomic() as conn:
        await enqueue(conn, chat_id=READER, kind="breaking", message=OutgoingMessage("Breaking: news"), now=clock.now())


def _received(sandbox: RunningSandbox) -> list[str]:
    return [m.text for m in sandbox.state.chats[READER].messages if m.from_bot]


async def _delivered(sandbox: RunningSandbox) -> bool:
    return bool(_received(sandbox))


async def _no_connection_open(sandbox: RunningSandbox) -> bool:
    return not sandbox.runner.server.connections


async def _start_while_locked(engine: DeliveryEngine) -> None:
    # Give up on the lock at once rather than after the bot's 5 s busy timeout.
    await engine.db.conn.execute("pragma busy_timeout = 0")
    with _write_lock(engine.db.path), pytest.raises(sqlite3.OperationalError, match="locked"):
        await engine.start()


async def test_a_start_that_fails_leaves_no_session_open(db: Database, clock: ManualClock, sandbox: RunningSandbox) -> None:
    await _reader_with_message(db, sandbox, clock)
    engine = DeliveryEngine(db, Sender(sandbox.url, TEST_TOKEN), clock)
    await _start_while_locked(engine)
    # The queue is as it was. (Querying also makes aiosqlite's worker thread let go of the failed query,
    # whose traceback would keep the engine alive past the collection below.)
    assert [r[0] for r in await db.fetchall("select status from outbox")] == ["pending"]
    del engine  # the bot gives up, as it does when a start hook fails
    assert _unclosed_http_warnings() == []


async def test_after_a_failed_start_the_next_start_delivers_and_stop_closes_the_connections(
    db: Database, clock: ManualClock, sandbox: RunningSandbox
) -> None:
    await _reader_with_message(db, sandbox, clock)
    engine = DeliveryEngine(db, Sender(sandbox.url, TEST_TOKEN), clock, private_interval=0)
    await _start_while_locked(engine)
    await engine.start()
    try:
        engine.wake()
        await wait_until(lambda: _delivered(sandbox))
    finally:
        await engine.stop()
    assert _received(sandbox) == ["Breaking: news"]
    await wait_until(lambda: _no_connection_open(sandbox))


async def test_a_second_start_is_refused_and_each_message_still_arrives_once(
    db: Database, clock: ManualClock, sandbox: RunningSandbox
) -> None:
    await _reader_with_message(db, sandbox, clock)
    engine = DeliveryEngine(db, Sender(sandbox.url, TEST_TOKEN), clock, private_interval=0)
    await engine.start()
    try:
        with pytest.raises(RuntimeError, match="already running"):
            await engine.start()
        engine.wake()
        await wait_until(lambda: _delivered(sandbox))
        await _queue_and_wake(engine, clock, "breaking", "Breaking: more")
        await wait_until(lambda: _messages(sandbox, 2))
    finally:
        await engine.stop()
    assert _received(sandbox) == ["Breaking: news", "Breaking: more"]
    await wait_until(lambda: _no_connection_open(sandbox))


async def _queue_and_wake(engine: DeliveryEngine, clock: ManualClock, kind: str, text: str) -> None:
    """A message is queued for the reader and the engine told, as the bot does."""
    async with engine.db.atomic() as conn:
        await enqueue(conn, chat_id=READER, kind=kind, message=OutgoingMessage(text), now=clock.now())
    engine.wake()


async def test_a_stop_that_fails_still_closes_the_connections(
    db: Database, clock: ManualClock, sandbox: RunningSandbox, caplog: pytest.LogCaptureFixture
) -> None:
    await _reader_with_message(db, sandbox, clock)
    engine = DeliveryEngine(db, Sender(sandbox.url, TEST_TOKEN), clock, private_interval=0)
    await engine.start()
    engine.wake()
    await wait_until(lambda: _delivered(sandbox))  # a keep-alive connection is open now
    # Shut down in the wrong order: the database goes first, and the engine's loop dies on it.
    await db.close()
    engine.wake()
    await wait_until(lambda: _logged(caplog, "delivery stopped: the database was closed"))
    # aiosqlite or sqlite3 says so, depending on where the loop was when the database went.
    with pytest.raises((ValueError, sqlite3.ProgrammingError)) as stopped:
        await engine.stop()
    assert database_closed(stopped.value)
    await wait_until(lambda: _no_connection_open(sandbox))


async def _logged(caplog: pytest.LogCaptureFixture, text: str) -> bool:
    return text in caplog.text


DIGEST = ["Morning digest 1/2", "Morning digest 2/2"]
DUE_IN = 30
BACKOFF = [1, 2, 4, 8, 16, 32, 60, 60]  # seconds on the clock between tries while the lock is held


def _records(caplog: pytest.LogCaptureFixture, level: int, text: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno == level and r.getMessage().startswith(text)]


async def test_a_database_locked_by_another_process_pauses_delivery_until_it_is_released(
    db: Database, clock: ManualClock, sandbox: RunningSandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="delivery")
    await _reader_with_message(db, sandbox, clock)
    engine = DeliveryEngine(db, Sender(sandbox.url, TEST_TOKEN), clock, private_interval=0)
    await engine.start()
    try:
        engine.wake()
        await wait_until(lambda: _delivered(sandbox))
        async with db.atomic() as conn:  # the morning digest, due in 30 s
            for text in DIGEST:
                await enqueue(conn, chat_id=READER, kind="digest", message=OutgoingMessage(text), now=clock.now(),
                              not_before=clock.now() + timedelta(seconds=DUE_IN))
        # Fail at once instead of after the 5 s busy timeout, which is real time.
        await db.conn.execute("pragma busy_timeout = 0")

        async def failures(count: int) -> bool:
            return len(_records(caplog, logging.DEBUG, "delivery round failed")) >= count

        with _write_lock(db.path):
            clock.advance(DUE_IN)  # the digest falls due while another process holds the write lock
            await wait_until(lambda: failures(1))
            for tries, wait in enumerate(BACKOFF[:-1], start=2):
                clock.advance(wait - 0.5)
                assert clock.sleepers == 1, f"try {tries} came before {wait} s had passed"
                clock.advance(0.5)
                await wait_until(lambda: failures(tries))
        assert _received(sandbox) == ["Breaking: news"]

        clock.advance(BACKOFF[-1])  # the next try after the lock was released
        await wait_until(lambda: _messages(sandbox, 3))
        # The loop is still alive: a message queued now is sent when the engine is woken.
        await _queue_and_wake(engine, clock, "notice", "Settings saved")
        await wait_until(lambda: _messages(sandbox, 4))
    finally:
        await engine.stop()

    assert _received(sandbox) == ["Breaking: news", *DIGEST, "Settings saved"]
    rows = await db.fetchall("select status, attempts, in_doubt from outbox order by id")
    assert [tuple(row) for row in rows] == [("sent", 1, 0)] * 4
    # One line for the outage and one for its end, however many tries it took; each try only at DEBUG.
    retry_waits = [r.args[1] for r in _records(caplog, logging.DEBUG, "delivery round failed")]
    assert retry_waits == BACKOFF
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [
        "database unavailable, delivery paused until it works again: database is locked",
        f"delivery resumed failed_rounds={len(BACKOFF)} seconds={sum(BACKOFF)}",
    ]


async def _messages(sandbox: RunningSandbox, count: int) -> bool:
    return len(_received(sandbox)) >= count


async def test_a_second_sender_on_the_same_database_is_refused_until_the_first_stops(
    db: Database, clock: ManualClock, sandbox: RunningSandbox
) -> None:
    """`python -m delivery` started beside the running bot (or a second bot on its database) would requeue
    the first sender's messages in flight, sending them twice: it is refused, saying why."""
    await _reader_with_message(db, sandbox, clock)
    first = DeliveryEngine(db, Sender(sandbox.url, TEST_TOKEN), clock, private_interval=0)
    second = DeliveryEngine(db, Sender(sandbox.url, TEST_TOKEN), clock, private_interval=0)
    await first.start()
    try:
        with pytest.raises(SenderRunningError, match=f"another outbox sender.*{os.getpid()}"):
            await second.start()
        first.wake()
        await wait_until(lambda: _delivered(sandbox))
    finally:
        await first.stop()
    await second.start()  # the first one has stopped
    try:
        await _queue_and_wake(second, clock, "breaking", "Breaking: more")
        await wait_until(lambda: _messages(sandbox, 2))
    finally:
        await second.stop()
    assert _received(sandbox) == ["Breaking: news", "Breaking: more"]
    await wait_until(lambda: _no_connection_open(sandbox))


async def test_the_delivery_worker_started_beside_the_running_bot_says_why_it_cannot_run(
    start_bot: BotFactory, settings: Settings, sandbox: RunningSandbox
) -> None:
    bot = await start_bot()
    try:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "TELEGRAM_BOT_TOKEN": TEST_TOKEN,
               "TELEGRAM_API_BASE_URL": sandbox.url}
        worker = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "delivery", "--database", str(settings.database_path), cwd=ROOT, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await asyncio.wait_for(worker.communicate(), timeout=60)
    finally:
        await bot.stop()
    assert worker.returncode == 2
    assert "another outbox sender is running on this database" in err.decode() and b"running" not in out


async def test_a_second_bot_on_the_same_database_is_refused_before_it_takes_any_update(
    start_bot: BotFactory, sandbox_client: SandboxClient
) -> None:
    first = await start_bot()
    with pytest.raises(SenderRunningError):
        await start_bot()
    await sandbox_client.create_user(READER, "Reader")
    await sandbox_client.send_message(READER, "/help", user_id=READER)
    [reply] = await sandbox_client.wait_for_bot_messages(READER, 1)  # the first bot, still running, answers
    assert "/subscribe" in reply["text"] and first.app.running
    assert [c for c in await sandbox_client.calls("getUpdates") if c.get("status") == 409] == []


def test_the_sender_lock_holds_for_the_file_however_it_is_named(tmp_path: Path) -> None:
    real = tmp_path / "newsdigest.db"
    real.touch()
    link = tmp_path / "current.db"
    link.symlink_to(real)
    held = SenderLock(real)
    held.acquire()
    try:
        with pytest.raises(SenderRunningError, match=str(os.getpid())):
            SenderLock(link).acquire()
    finally:
        held.release()
    again = SenderLock(link)
    again.acquire()  # free again once released
    again.release()
