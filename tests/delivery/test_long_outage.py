"""A digest that fails for good after a day-long outage gives its stories back: the reader gets them in their
next digest once Telegram (or the bot's network) is back, whether or not a try may have reached them."""
from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from clock import ManualClock
from delivery.engine import DeliveryEngine
from delivery.sender import Sender
from ingest.store import store_raw
from sandbox.client import SandboxClient
from sandbox.server import RunningSandbox
from storage import Database
from tests.conftest import TEST_TOKEN
from tests.delivery.test_engine import READERS, _digest, _send_until_settled, readers, statuses
from tests.digests.test_digest_e2e import MOROCCO

READER = READERS[0]
HEADLINE = "Morocco opens its largest solar plant"


@pytest.fixture
def closed_port() -> int:
    """A local port nothing listens on: every connection to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def _digest_waiting_for_a_day(db: Database, clock: ManualClock, engine: DeliveryEngine) -> None:
    """Queue the reader's digest of the Morocco story and run the sender until it fails for good."""
    await store_raw(db, MOROCCO, clock.now())
    clock.advance(minutes=30)  # the news came in before the digest
    assert await _digest(db, clock, READER) == 1
    started = clock.now()
    await _send_until_settled(db, clock, engine)
    assert await statuses(db) == ["failed"]
    assert clock.now() - started >= timedelta(hours=24)


@pytest.fixture
async def engine(db: Database, clock: ManualClock, sandbox: RunningSandbox) -> AsyncIterator[DeliveryEngine]:
    async with Sender(sandbox.url, TEST_TOKEN) as sender:
        yield DeliveryEngine(db, sender, clock, global_rate=1000, private_interval=0)


async def test_a_digest_that_found_no_connection_for_a_day_comes_back_in_the_next_one(
    db: Database, clock: ManualClock, engine: DeliveryEngine, sandbox_client: SandboxClient, closed_port: int
) -> None:
    """The bot's network is down (connection refused) for over a day: nothing can have reached the reader."""
    await readers(db, sandbox_client, clock, [READER])
    async with Sender(f"http://127.0.0.1:{closed_port}", TEST_TOKEN) as offline:
        await _digest_waiting_for_a_day(db, clock, DeliveryEngine(db, offline, clock, global_rate=1000, private_interval=0))
    assert (await db.fetchone("select in_doubt from outbox"))[0] == 0  # never sent: not a possible repeat

    clock.advance(hours=1)
    assert await _digest(db, clock, READER) == 1
    await _send_until_settled(db, clock, engine)
    [digest] = await sandbox_client.bot_messages(READER)
    assert HEADLINE in digest["text"]


async def test_a_digest_that_met_5xx_for_a_day_comes_back_in_the_next_one(
    db: Database, clock: ManualClock, engine: DeliveryEngine, sandbox_client: SandboxClient
) -> None:
    """Telegram answers 502 for over a day. Each try may have reached the reader (in doubt), but a story seen
    twice beats one never seen: the next digest brings it."""
    await readers(db, sandbox_client, clock, [READER])
    await sandbox_client.inject_fault(error=502, method="sendMessage", count=100_000)
    await _digest_waiting_for_a_day(db, clock, engine)
    assert (await db.fetchone("select in_doubt from outbox"))[0] == 1

    await sandbox_client.clear_faults()
    clock.advance(hours=1)
    assert await _digest(db, clock, READER) == 1
    await _send_until_settled(db, clock, engine)
    [digest] = await sandbox_client.bot_messages(READER)
    assert HEADLINE in digest["text"]
