"""Several 429s at once: one pause of retry_after for everyone, nothing lost, doubled or reordered."""
from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest

from clock import ManualClock
from delivery.engine import DeliveryEngine
from delivery.sender import Sender
from sandbox.client import SandboxClient
from sandbox.server import RunningSandbox
from storage import Database
from storage import chats as chat_store
from storage.outbox import OutgoingMessage, enqueue
from storage.timefmt import from_db
from tests.conftest import TEST_TOKEN, BotFactory, RunningBot, wait_until

FIRST = 600  # the chat whose 429 starts the first pause
READERS = [601, 602, 603, 604, 605, 606]
PARTS = ["Digest part 1/2", "Digest part 2/2"]
FIRST_PAUSE = 1
RETRY_AFTER = 3


async def _add_chats(db: Database, client: SandboxClient, clock: ManualClock, ids: list[int]) -> None:
    for chat_id in ids:
        await client.create_user(chat_id, f"Reader {chat_id}")
        await client.send_message(chat_id, "/start", user_id=chat_id)
        await chat_store.upsert_chat(db, chat_id, "private", "Reader", "UTC", clock.now())


async def _queue(db: Database, clock: ManualClock, ids: list[int], texts: list[str]) -> None:
    async with db.atomic() as conn:
        for chat_id in ids:
            for text in texts:
                await enqueue(conn, chat_id=chat_id, kind="digest", message=OutgoingMessage(text), now=clock.now())


async def test_simultaneous_429s_share_one_pause_and_lose_nothing(
    db: Database, clock: ManualClock, sandbox: RunningSandbox, sandbox_client: SandboxClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="delivery")
    await _add_chats(db, sandbox_client, clock, [FIRST, *READERS])
    async with Sender(sandbox.url, TEST_TOKEN) as sender:
        engine = DeliveryEngine(db, sender, clock, global_rate=1000, private_interval=0, concurrency=len(READERS))
        await engine.start()
        try:
            # A first 429 pauses sending; every reader's first part then waits for that pause to end, so
            # when it ends all of them go out in the same instant, the moment a burst of 429s is most likely.
            await sandbox_client.inject_fault(error=429, retry_after=FIRST_PAUSE, method="sendMessage", chat_id=FIRST)
            await _queue(db, clock, [FIRST], ["Breaking: first"])
            engine.wake()
            await wait_until(lambda: _sends(sandbox_client, 429, 1))
            await _queue(db, clock, READERS, PARTS)
            engine.wake()
            await wait_until(lambda: _sleepers(clock, len(READERS)))

            await sandbox_client.inject_fault(error=429, retry_after=RETRY_AFTER, method="sendMessage", count=len(READERS))
            burst_at = clock.advance(FIRST_PAUSE)
            await wait_until(lambda: _sends(sandbox_client, 429, 1 + len(READERS)))
            await wait_until(lambda: _sleepers(clock, 1))
            pause_ends = burst_at + timedelta(seconds=RETRY_AFTER)
            waiting = clock.sleepers_until(pause_ends)  # more may join it, none may leave it early
            clock.advance(RETRY_AFTER - 1)
            assert clock.sleepers_until(pause_ends) >= waiting, "a sender resumed before retry_after had passed"
            resumed_at = clock.advance(1)
            await wait_until(lambda: _sends(sandbox_client, 200, 1 + 2 * len(READERS)))
            await wait_until(lambda: _all_recorded_sent(db))  # Telegram's OK is in; now the engine's record
        finally:
            await engine.stop()

    for chat_id in READERS:
        assert [m["text"] for m in await sandbox_client.bot_messages(chat_id)] == PARTS, f"chat {chat_id}"
    assert [m["text"] for m in await sandbox_client.bot_messages(FIRST)] == ["Breaking: first"]
    # One retry per 429 and nothing else: no message was sent twice, none went out during the pause.
    assert len(await sandbox_client.calls("sendMessage")) == (1 + len(READERS)) + (1 + 2 * len(READERS))
    rows = await db.fetchall("select status, attempts, sent_at from outbox order by id")
    assert {row[0] for row in rows} == {"sent"}
    assert {row[1] for row in rows} == {1}, "a 429 used up a message's attempts"
    # Six 429s of 3 s each make one 3 s pause: everything went out the moment it ended, not 6 x 3 s later.
    assert {from_db(row[2]) for row in rows} == {resumed_at}
    # Two pauses, two warnings: the five 429s that joined the second pause are logged only at DEBUG.
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [(r.msg.split(" seconds=")[0], r.args[0]) for r in warnings] == [
        ("flood control: pausing all sending", FIRST_PAUSE), ("flood control: pausing all sending", RETRY_AFTER)]
    assert len([r for r in caplog.records if r.getMessage().startswith("request held back by the pause")]) == 5


async def _sends(client: SandboxClient, status: int, count: int) -> bool:
    """True once the sandbox has answered `count` sendMessage calls with this status."""
    return [c.get("status") for c in await client.calls("sendMessage")].count(status) >= count


async def _all_recorded_sent(db: Database) -> bool:
    return {row[0] for row in await db.fetchall("select status from outbox")} == {"sent"}


async def _sleepers(clock: ManualClock, at_least: int) -> bool:
    return clock.sleepers >= at_least


async def test_a_429_also_holds_back_messages_already_waiting_for_the_global_rate(
    db: Database, clock: ManualClock, sandbox: RunningSandbox, sandbox_client: SandboxClient
) -> None:
    # At 5 msg/s the senders released together by the end of a pause take turns 0.2 s apart (real time, as
    # Telegram counts it); the first one's 429 comes back long before the second one's turn.
    await _add_chats(db, sandbox_client, clock, [FIRST, *READERS])
    async with Sender(sandbox.url, TEST_TOKEN) as sender:
        engine = DeliveryEngine(db, sender, clock, global_rate=5, private_interval=0, concurrency=len(READERS))
        await engine.start()
        try:
            await sandbox_client.inject_fault(error=429, retry_after=FIRST_PAUSE, method="sendMessage", chat_id=FIRST)
            await _queue(db, clock, [FIRST], ["Breaking: first"])
            engine.wake()
            await wait_until(lambda: _sends(sandbox_client, 429, 1))
            await _queue(db, clock, READERS, PARTS[:1])
            engine.wake()
            await wait_until(lambda: _sleepers(clock, len(READERS)))

            await sandbox_client.inject_fault(error=429, retry_after=RETRY_AFTER, method="sendMessage", count=1)
            clock.advance(FIRST_PAUSE)
            await wait_until(lambda: _sends(sandbox_client, 429, 2))
            # Everyone who had not sent yet waits for the new pause on the clock, instead of sending into it.
            await wait_until(lambda: _sleepers(clock, len(READERS) - 1))
            assert len(await sandbox_client.calls("sendMessage")) == 2, "sent during the pause"
            resumed_at = clock.advance(RETRY_AFTER)
            await wait_until(lambda: _sends(sandbox_client, 200, 1 + len(READERS)), timeout=20)
            await wait_until(lambda: _all_recorded_sent(db))
        finally:
            await engine.stop()

    for chat_id in [FIRST, *READERS]:
        assert len(await sandbox_client.bot_messages(chat_id)) == 1, f"chat {chat_id}"
    assert len(await sandbox_client.calls("sendMessage")) == 2 + 1 + len(READERS)
    rows = await db.fetchall("select status, attempts, sent_at from outbox order by id")
    assert {row[0] for row in rows} == {"sent"} and {row[1] for row in rows} == {1}
    assert {from_db(row[2]) for row in rows} == {resumed_at}


async def test_replies_and_queued_messages_share_one_rate_and_draw_no_429(
    start_bot: BotFactory, sandbox_client: SandboxClient, clock: ManualClock,
) -> None:
    """A push going out at the bot's full rate while readers send commands: Telegram counts both
    against the same limit, so the bot must too."""
    rate = 5
    await sandbox_client.configure(strict_limits=True, global_per_second=rate)
    bot = await start_bot(global_rate_per_second=rate)
    try:
        readers, askers = list(range(701, 701 + 2 * rate)), list(range(801, 801 + rate))
        for chat_id in askers:
            await sandbox_client.create_user(chat_id, f"Asker {chat_id}")
        await _add_chats(bot.db, sandbox_client, clock, readers)
        await _queue(bot.db, clock, readers, ["Breaking: quake in the High Atlas"])
        bot.app.bot_data.services["delivery"].wake()
        for chat_id in askers:  # while the push goes out
            await sandbox_client.send_message(chat_id, "/help", user_id=chat_id)

        async def all_arrived() -> bool:
            pushed = [[m["text"] for m in await sandbox_client.bot_messages(c)] for c in readers]
            answered = [await sandbox_client.bot_messages(c) for c in askers]  # they only sent /help
            arrived = all("Breaking: quake in the High Atlas" in got for got in pushed) and all(answered)
            if not arrived:
                clock.advance(1)  # past any 429 pause the engine took (on the app's clock)
            return arrived
        await wait_until(all_arrived)
        assert (await sandbox_client.stats())["rate_limited"] == 0
    finally:
        await bot.stop()


LONG_PAUSE = 37  # seconds on the bot's clock; no other timer of the bot (5, 30, 60, 3600 s) ends then


async def _pushed(client: SandboxClient, chat_ids: list[int], text: str) -> bool:
    for chat_id in chat_ids:
        if any(text in m["text"] for m in await client.bot_messages(chat_id)):
            return True
    return False


async def test_a_429_on_a_reply_holds_back_queued_messages_until_retry_after(
    start_bot: BotFactory, sandbox_client: SandboxClient, clock: ManualClock,
) -> None:
    """Telegram's 429 is for the whole bot: a push must not go out while a reply waits out its retry_after."""
    bot = await start_bot()
    try:
        asker, readers, push = 821, [721, 722], "Breaking: quake in the High Atlas"
        await sandbox_client.create_user(asker, "Asker")
        await _add_chats(bot.db, sandbox_client, clock, readers)
        for chat_id in readers:
            await sandbox_client.wait_for_bot_messages(chat_id, 1)  # their /start replies
        await sandbox_client.inject_fault(error=429, retry_after=LONG_PAUSE, method="sendMessage", chat_id=asker)
        pause_ends = clock.now() + timedelta(seconds=LONG_PAUSE)
        await sandbox_client.send_message(asker, "/help", user_id=asker)
        await wait_until(lambda: _sends(sandbox_client, 429, 1))
        await _queue(bot.db, clock, readers, [push])
        bot.app.bot_data.services["delivery"].wake()

        async def held_or_sent() -> bool:
            # The reply's retry and the outbox sender both wait for the pause's end on the clock.
            return clock.sleepers_until(pause_ends) >= 2 or await _pushed(sandbox_client, readers, push)
        await wait_until(held_or_sent)
        assert not await _pushed(sandbox_client, readers, push), "the push went out during the reply's 429 pause"

        clock.advance(LONG_PAUSE)
        await sandbox_client.wait_for_bot_messages(asker, 1)
        for chat_id in readers:
            assert [m["text"] for m in await sandbox_client.wait_for_bot_messages(chat_id, 2)][1:] == [push]
        assert await _sends(sandbox_client, 429, 1) and not await _sends(sandbox_client, 429, 2)
    finally:
        clock.advance(LONG_PAUSE)  # a reply still waiting out the pause would hold up the bot's stop
        await bot.stop()


async def test_a_429_on_a_queued_message_holds_back_replies_until_retry_after(
    start_bot: BotFactory, sandbox_client: SandboxClient, clock: ManualClock,
) -> None:
    bot = await start_bot()
    try:
        asker, reader, push = 822, 723, "Breaking: quake in the High Atlas"
        await sandbox_client.create_user(asker, "Asker")
        await _add_chats(bot.db, sandbox_client, clock, [reader])
        await sandbox_client.wait_for_bot_messages(reader, 1)
        await sandbox_client.inject_fault(error=429, retry_after=LONG_PAUSE, method="sendMessage", chat_id=reader)
        pause_ends = clock.now() + timedelta(seconds=LONG_PAUSE)
        await _queue(bot.db, clock, [reader], [push])
        bot.app.bot_data.services["delivery"].wake()
        await wait_until(lambda: _sends(sandbox_client, 429, 1))
        await sandbox_client.send_message(asker, "/help", user_id=asker)

        async def held_or_answered() -> bool:
            return clock.sleepers_until(pause_ends) >= 1 or bool(await sandbox_client.bot_messages(asker))
        await wait_until(held_or_answered)
        assert not await sandbox_client.bot_messages(asker), "a reply went out during the push's 429 pause"

        clock.advance(LONG_PAUSE)
        (answer,) = await sandbox_client.wait_for_bot_messages(asker, 1)
        assert "/subscribe" in answer["text"]
        await sandbox_client.wait_for_bot_messages(reader, 2)
        assert not await _sends(sandbox_client, 429, 2)
    finally:
        clock.advance(LONG_PAUSE)  # a reply still waiting out the pause would hold up the bot's stop
        await bot.stop()


async def _bot_at_a_strict_private_pace(
    start_bot: BotFactory, client: SandboxClient, clock: ManualClock, reader: int
) -> RunningBot:
    """A server allowing one message per 0.1 s in a private chat, the bot pacing at 0.3 s (a margin for
    the network and a busy machine: at 0.15 s, one request held up 50 ms on its way drew a 429), and
    `reader` welcomed."""
    await client.configure(strict_limits=True, private_per_second=10, private_burst=1)
    bot = await start_bot(private_chat_interval=0.3)
    await _add_chats(bot.db, client, clock, [reader])
    await client.wait_for_bot_messages(reader, 1)  # the /start welcome
    return bot


async def test_replies_in_a_private_chat_keep_its_pace_and_draw_no_429(
    start_bot: BotFactory, sandbox_client: SandboxClient, clock: ManualClock,
) -> None:
    """A reader sending commands in a burst while a digest part waits for them: Telegram allows about
    one message a second in a private chat, replies and queued messages together."""
    reader = 811
    bot = await _bot_at_a_strict_private_pace(start_bot, sandbox_client, clock, reader)
    commands = ["/help", "/topics", "/countries", "/subscriptions", "/settings"]
    for command in commands:
        await sandbox_client.send_message(reader, command, user_id=reader)
    await _queue(bot.db, clock, [reader], ["Your news digest"])
    bot.app.bot_data.services["delivery"].wake()
    try:
        async def all_arrived() -> bool:
            texts = [m["text"] for m in await sandbox_client.bot_messages(reader)]
            arrived = len(texts) >= 2 + len(commands) and "Your news digest" in texts
            if not arrived:
                clock.advance(1)  # past any 429 pause the bot took (on its clock)
            return arrived
        await wait_until(all_arrived)
        assert (await sandbox_client.stats())["rate_limited"] == 0
    finally:
        await bot.stop()


async def test_a_readers_messages_held_by_a_pause_leave_an_interval_apart_when_it_ends(
    start_bot: BotFactory, sandbox_client: SandboxClient, clock: ManualClock,
) -> None:
    """A reply and a digest part for one reader both wait out a 429 pause: when it ends they still keep
    the reader's pace, instead of going out together into a second 429."""
    reader = 812
    bot = await _bot_at_a_strict_private_pace(start_bot, sandbox_client, clock, reader)
    await sandbox_client.inject_fault(error=429, retry_after=LONG_PAUSE, method="sendMessage", chat_id=reader)
    await sandbox_client.send_message(reader, "/help", user_id=reader)
    await wait_until(lambda: _sends(sandbox_client, 429, 1))
    await _queue(bot.db, clock, [reader], ["Your news digest"])
    bot.app.bot_data.services["delivery"].wake()
    try:
        await wait_until(lambda: _sleepers(clock, 2))  # the reply and the digest part, both held
        # The pause lasts longer than the reader's pace: that is in real time (Telegram's), the pause on the clock.
        await asyncio.sleep(0.5)
        clock.advance(LONG_PAUSE)
        await wait_until(lambda: _all_recorded_sent(bot.db))
        texts = [m["text"] for m in await sandbox_client.bot_messages(reader)]
        assert "Your news digest" in texts and any("/subscribe" in t for t in texts)
        assert (await sandbox_client.stats())["rate_limited"] == 0
    finally:
        await bot.stop()


async def test_a_429_with_retry_after_0_still_pauses_a_moment(
    db: Database, clock: ManualClock, sandbox: RunningSandbox, sandbox_client: SandboxClient,
) -> None:
    """A server answering 429 with retry_after 0 is not hammered: the sender waits a second each time."""
    reader = 813
    await _add_chats(db, sandbox_client, clock, [reader])
    await sandbox_client.inject_fault(error=429, retry_after=0, method="sendMessage", chat_id=reader, count=2)
    async with Sender(sandbox.url, TEST_TOKEN) as sender:
        engine = DeliveryEngine(db, sender, clock, private_interval=0)
        await engine.start()
        try:
            await _queue(db, clock, [reader], ["Your news digest"])
            engine.wake()
            for refused in (1, 2):
                await wait_until(lambda: _sends(sandbox_client, 429, refused))
                await wait_until(lambda: _sleepers(clock, 1))
                assert len(await sandbox_client.calls("sendMessage")) == refused, "tried again without a pause"
                clock.advance(1)
            await wait_until(lambda: _all_recorded_sent(db))
        finally:
            await engine.stop()
    assert [m["text"] for m in await sandbox_client.bot_messages(reader)] == ["Your news digest"]
