"""The digest tick against a real SQLite file: local times, catch-up once, each story once, pause, quiet."""
from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta, timezone

from clock import ManualClock
from digests.runner import RECHECK_WAITING, run_due_digests
from digests.compose import schedule_of
from ingest.store import store_processed, store_raw
from news.models import RawArticle
from news.pipeline import process_article
from news.schedule import next_due
from storage import Database
from storage import chats as chat_store
from storage import outbox
from storage import subscriptions as subscription_store

UTC = timezone.utc
RABAT, NEW_YORK = 101, 202


async def add_chat(db: Database, chat_id: int, zone: str, now: datetime, **settings: object) -> None:
    chat = await chat_store.upsert_chat(db, chat_id, "private", "Reader", zone, now)
    if settings:
        chat = await chat_store.update_settings(db, chat_id, now, **settings)
    await chat_store.update_settings(db, chat_id, now, next_digest_at=next_due(schedule_of(chat), now))
    await subscription_store.subscribe(db, chat_id, "country", "MA", now)


LEADS = [
    "Rescue teams in the Atlas mountains reached remote villages cut off by landslides after the earthquake.",
    "The central bank in Rabat kept its main interest rate unchanged, citing easing food inflation and drought.",
    "Football fans celebrated in Casablanca after the national team qualified for the tournament final.",
    "Parliament in Rabat passed a water conservation law as reservoirs fell to record lows this summer.",
]


async def morocco_story(db: Database, now: datetime, n: int) -> None:
    """A distinct Morocco story (different text, so not merged as one story)."""
    await store_raw(db, RawArticle(
        title=f"Morocco story number {n}", text=f"{LEADS[n]} Moroccan officials in Rabat said more details would follow.",
        source="Wire", url=f"https://wire.example/morocco/{n}"), now)


async def queued(db: Database, chat_id: int) -> list[str]:
    rows = await db.fetchall("select payload from outbox where chat_id = ? order by id", (chat_id,))
    return [json.loads(r[0])["text"] for r in rows]


async def sent_out(db: Database, now: datetime) -> None:
    """Everything queued is sent, as the sender would (a digest still waiting holds back the next one)."""
    for message in await outbox.claim_due(db, now, limit=100):
        await outbox.mark_sent(db, message.id, message.id, now)


async def test_each_reader_gets_the_digest_at_local_eight(db: Database, clock: ManualClock) -> None:
    now = clock.now()  # 06:00 UTC
    await add_chat(db, RABAT, "Africa/Casablanca", now)
    await add_chat(db, NEW_YORK, "America/New_York", now)
    await morocco_story(db, now, 1)
    assert await run_due_digests(db, datetime(2026, 11, 25, 6, 59, tzinfo=UTC), per_section=5) == 0
    assert await run_due_digests(db, datetime(2026, 11, 25, 7, 0, tzinfo=UTC), per_section=5) == 1  # 08:00 Casablanca
    assert len(await queued(db, RABAT)) == 1 and await queued(db, NEW_YORK) == []
    assert await run_due_digests(db, datetime(2026, 11, 25, 13, 0, tzinfo=UTC), per_section=5) == 1  # 08:00 New York
    assert "Morocco story number 1" in (await queued(db, NEW_YORK))[0]


async def test_bot_down_at_due_time_sends_once_on_return_and_never_repeats(db: Database, clock: ManualClock) -> None:
    await add_chat(db, RABAT, "Africa/Casablanca", clock.now())
    await morocco_story(db, clock.now(), 1)
    back = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # two hours after 08:00 local
    assert await run_due_digests(db, back, per_section=5) == 1
    assert await run_due_digests(db, back + timedelta(seconds=30), per_section=5) == 0
    await sent_out(db, back + timedelta(minutes=1))
    await morocco_story(db, back + timedelta(hours=1), 2)
    assert await run_due_digests(db, datetime(2026, 11, 26, 7, 0, tzinfo=UTC), per_section=5) == 1
    first, second = await queued(db, RABAT)
    assert "number 1" in first and "number 2" not in first
    assert "number 2" in second and "number 1" not in second


async def test_days_late_becomes_one_combined_digest(db: Database, clock: ManualClock) -> None:
    await add_chat(db, RABAT, "Africa/Casablanca", clock.now())
    for day in range(3):
        await morocco_story(db, clock.now() + timedelta(days=day), day)
    assert await run_due_digests(db, datetime(2026, 11, 28, 10, 0, tzinfo=UTC), per_section=5) == 1
    [text] = await queued(db, RABAT)
    assert all(f"number {day}" in text for day in range(3))
    chat = await chat_store.get_chat(db, RABAT)
    assert chat is not None and chat.next_digest_at == datetime(2026, 11, 29, 7, 0, tzinfo=UTC)


async def test_quiet_hours_and_pause_defer(db: Database, clock: ManualClock) -> None:
    now = clock.now()
    await add_chat(db, RABAT, "Africa/Casablanca", now, digest_times=("23:00",), quiet_start="22:00", quiet_end="07:00")
    chat = await chat_store.get_chat(db, RABAT)
    assert chat is not None and chat.next_digest_at == datetime(2026, 11, 26, 6, 0, tzinfo=UTC)  # 07:00 local
    await morocco_story(db, now, 1)
    paused_until = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    await chat_store.update_settings(db, RABAT, now, paused_until=paused_until)
    assert await run_due_digests(db, datetime(2026, 11, 26, 6, 0, tzinfo=UTC), per_section=5) == 0
    chat = await chat_store.get_chat(db, RABAT)
    assert chat is not None and chat.next_digest_at == datetime(2026, 11, 28, 6, 0, tzinfo=UTC)
    assert await run_due_digests(db, datetime(2026, 11, 28, 6, 0, tzinfo=UTC), per_section=5) == 1


async def test_a_reader_who_resumes_as_the_tick_finds_them_paused_gets_the_next_digest(db: Database, clock: ManualClock) -> None:
    """The tick reads the due chats, then moves a paused one past its pause; a /resume in between is kept."""
    await add_chat(db, RABAT, "Africa/Casablanca", clock.now())  # digests at 08:00 there, 07:00 UTC
    await chat_store.update_settings(db, RABAT, clock.now(), paused_until=datetime(2026, 12, 5, 12, 0, tzinfo=UTC))
    tick_at, tomorrow = datetime(2026, 11, 25, 7, 0, tzinfo=UTC), datetime(2026, 11, 26, 7, 0, tzinfo=UTC)
    resume = chat_store.update_settings(db, RABAT, tick_at, paused_until=None, next_digest_at=tomorrow)  # as /resume
    await asyncio.gather(run_due_digests(db, tick_at, per_section=5), resume)
    chat = await chat_store.get_chat(db, RABAT)
    assert chat is not None and chat.paused_until is None
    assert chat.next_digest_at == tomorrow  # not 6 December, after the pause the reader ended


async def test_nothing_new_sends_nothing_unless_asked(db: Database, clock: ManualClock) -> None:
    await add_chat(db, RABAT, "Africa/Casablanca", clock.now())
    assert await run_due_digests(db, datetime(2026, 11, 25, 7, 0, tzinfo=UTC), per_section=5) == 0
    assert await queued(db, RABAT) == []
    await chat_store.update_settings(db, RABAT, clock.now(), send_empty=1)
    assert await run_due_digests(db, datetime(2026, 11, 26, 7, 0, tzinfo=UTC), per_section=5) == 1
    # Since the 07:00 UTC digest that had nothing to say, in Rabat's time; "today" was wrong for hourly digests.
    assert "Nothing new since yesterday 08:00." in (await queued(db, RABAT))[0]
    await sent_out(db, datetime(2026, 11, 26, 7, 0, tzinfo=UTC))  # a digest still waiting holds back the next
    assert await run_due_digests(db, datetime(2026, 11, 29, 7, 0, tzinfo=UTC), per_section=5) == 1
    assert "Nothing new since Thu 26 Nov 08:00." in (await queued(db, RABAT))[1]  # days before: the date


async def long_morocco_stories(db: Database, now: datetime, count: int) -> None:
    """Stories long enough that a digest of them takes several messages."""
    words = "Delegates in Rabat argued over grain quotas, shipping lanes and tariffs until late at night. "
    for n in range(count):
        lead = f"Story {n}: " + " ".join(f"w{n}x{k}" for k in range(25))  # distinct texts: distinct stories
        raw = RawArticle(title=f"Summit report {n} on Morocco trade", text=f"{lead}. {words * 3}", source="Wire",
                         url=f"https://wire.example/summit/{n}")
        await store_processed(db, process_article(raw, now, summary_budget=900), now)


async def digest_rows(db: Database, chat_id: int) -> list[tuple[int, str]]:
    return [(r[0], r[1]) for r in await db.fetchall(
        "select id, status from outbox where chat_id = ? and kind = 'digest' order by id", (chat_id,))]


async def test_a_digest_with_a_part_still_waiting_holds_back_the_next_one(db: Database, clock: ManualClock) -> None:
    """Telegram took the first message of a digest and not yet the others: the next digest waits for them,
    its news unread and the chat looked at again within RECHECK_WAITING; once they are out it comes then."""
    await add_chat(db, RABAT, "Africa/Casablanca", clock.now(), items_per_section=20)  # 08:00 there, 07:00 UTC
    await long_morocco_stories(db, clock.now(), 20)
    first_day = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
    assert await run_due_digests(db, first_day, per_section=5) == 1
    (sent, _), *waiting = await digest_rows(db, RABAT)
    assert waiting, "the digest should take several messages"
    await outbox.mark_sent(db, sent, 1, first_day)

    await morocco_story(db, first_day + timedelta(hours=1), 1)
    second_day = first_day + timedelta(days=1)
    assert await run_due_digests(db, second_day, per_section=5) == 0
    chat = await chat_store.get_chat(db, RABAT)
    assert chat is not None and chat.last_digest_at == first_day  # its news not used up
    assert chat.next_digest_at == second_day + RECHECK_WAITING
    assert await run_due_digests(db, second_day + timedelta(minutes=1), per_section=5) == 0  # not due again meanwhile

    for row_id, _ in waiting:
        await outbox.mark_sent(db, row_id, 2, second_day)
    assert await run_due_digests(db, second_day + RECHECK_WAITING, per_section=5) == 1
    *_, text = await queued(db, RABAT)
    assert "Morocco story number 1" in text and "Summit report" not in text


async def test_a_breaking_push_or_a_reply_waiting_does_not_hold_back_a_digest(db: Database, clock: ManualClock) -> None:
    await add_chat(db, RABAT, "Africa/Casablanca", clock.now())
    await morocco_story(db, clock.now(), 1)
    async with db.atomic() as conn:
        for kind in ("breaking", "notice"):
            await outbox.enqueue(conn, chat_id=RABAT, kind=kind, message=outbox.OutgoingMessage(kind), now=clock.now())
    assert await run_due_digests(db, datetime(2026, 11, 25, 7, 0, tzinfo=UTC), per_section=5) == 1
    assert "Morocco story number 1" in (await queued(db, RABAT))[-1]
