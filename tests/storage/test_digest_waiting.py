"""The digest tick's look at which due chats still have a digest waiting (storage.outbox.chats_with_digest_waiting)
reads the few digest messages not yet sent, by chat, not every queued row: with a large push queued it ran for
88 ms a tick on the connection every handler shares."""
from __future__ import annotations

from storage import Database
from storage.outbox import chats_with_digest_waiting

NOW = "2026-11-25T06:00:00.000000+00:00"


async def _queue(db: Database) -> None:
    """A push queued to 2,000 chats, their last digests sent, and a digest still waiting for chats 7 and 8."""
    def fill(conn) -> None:  # type: ignore[no-untyped-def]
        conn.executemany("insert into chats (id, type, timezone, created_at, updated_at) values (?, 'private', 'UTC', ?, ?)",
                         [(chat_id, NOW, NOW) for chat_id in range(1, 2001)])
        rows = [(chat_id, "breaking", 10, "pending") for chat_id in range(1, 2001)]
        rows += [(chat_id, "digest", 0, "sent") for chat_id in range(1, 2001)]
        rows += [(7, "digest", 0, "pending"), (8, "digest", 0, "sending")]
        conn.executemany(
            "insert into outbox (chat_id, kind, priority, payload, status, not_before, created_at) values (?, ?, ?, '{}', ?, ?, ?)",
            [(*row, NOW, NOW) for row in rows])
    await db.run_sync(fill)


async def test_the_waiting_digests_are_read_from_their_own_index_not_the_whole_queue(db: Database) -> None:
    await _queue(db)
    statements: list[str] = []
    await db.run_sync(lambda conn: conn.set_trace_callback(statements.append))
    try:
        assert await chats_with_digest_waiting(db, list(range(1, 101))) == {7, 8}
    finally:
        await db.run_sync(lambda conn: conn.set_trace_callback(None))
    [query] = [s for s in statements if "from outbox" in s]
    plan = await db.fetchall(f"explain query plan {query}")
    assert [row["detail"] for row in plan] == ["SEARCH outbox USING INDEX outbox_digest_waiting (chat_id=?)"]
