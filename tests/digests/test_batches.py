"""The tick composes due chats in batches, one transaction each: every chat in a batch still gets its
own stories exactly once, and a chat whose digest fails holds back only itself, and the next tick redoes it."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from clock import ManualClock
from digests import runner
from digests.compose import CandidateCache, compose_for_chats, more_buttons
from digests.runner import run_due_digests
from ingest.store import store_raw
from news.models import RawArticle
from storage import Database
from storage import chats as chat_store
from storage.deliveries import delivered_to_chats, record_deliveries
from storage.subscriptions import list_for_chats
from tests.digests.test_runner import LEADS, add_chat, queued, sent_out

UTC = timezone.utc
AMINA, YOUSSEF, SARA = 301, 302, 303
EIGHT_IN_RABAT = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)


async def story(db: Database, now: datetime, n: int) -> tuple[int, int]:
    """A distinct Morocco story; (story_id, article_id)."""
    _, saved = await store_raw(db, RawArticle(
        title=f"Morocco story number {n}", text=f"{LEADS[n]} Moroccan officials in Rabat said more details would follow.",
        source="Wire", url=f"https://wire.example/morocco/{n}"), now)
    return saved.story_id, saved.article_id


async def delivered(db: Database, chat_id: int) -> list[int]:
    rows = await db.fetchall("select story_id from deliveries where chat_id = ? order by story_id", (chat_id,))
    return [r[0] for r in rows]


async def readers(db: Database, now: datetime) -> None:
    for chat_id in (AMINA, YOUSSEF, SARA):
        await add_chat(db, chat_id, "Africa/Casablanca", now)


async def test_chats_in_one_batch_each_get_their_own_stories_once(db: Database, clock: ManualClock) -> None:
    await readers(db, clock.now())
    first, second = await story(db, clock.now(), 0), await story(db, clock.now(), 1)
    # Amina already had the first story as breaking news; the others had nothing.
    await db.run_sync(record_deliveries, AMINA, [first], "breaking", clock.now())
    assert runner.CHATS_PER_TRANSACTION >= 3  # the three readers share one batch
    assert await run_due_digests(db, EIGHT_IN_RABAT, per_section=5) == 3
    [amina] = await queued(db, AMINA)
    assert "number 1" in amina and "number 0" not in amina
    for chat_id in (YOUSSEF, SARA):
        [text] = await queued(db, chat_id)
        assert "number 0" in text and "number 1" in text
        assert await delivered(db, chat_id) == sorted([first[0], second[0]])
    # The next day's digests bring only what is new, to each of them.
    await sent_out(db, EIGHT_IN_RABAT)
    await story(db, EIGHT_IN_RABAT + timedelta(hours=1), 2)
    assert await run_due_digests(db, EIGHT_IN_RABAT + timedelta(days=1), per_section=5) == 3
    for chat_id in (AMINA, YOUSSEF, SARA):
        latest = (await queued(db, chat_id))[-1]
        assert "number 2" in latest and "number 0" not in latest and "number 1" not in latest


async def test_a_chat_whose_digest_fails_holds_back_only_itself_and_gets_it_next_tick(
    db: Database, clock: ManualClock, monkeypatch: pytest.MonkeyPatch,
) -> None:
    await readers(db, clock.now())
    await story(db, clock.now(), 0)
    monkeypatch.setattr(runner, "CHATS_PER_TRANSACTION", 2)  # batches: Amina + Youssef, then Sara
    # The database refuses Youssef's outbox rows (as a full disk or a corrupt page would): real SQLite, no mock.
    await db.run_sync(lambda conn: conn.execute(
        f"create trigger refuse_youssef before insert on outbox when new.chat_id = {YOUSSEF} "
        "begin select raise(abort, 'outbox write failed'); end"))
    assert await run_due_digests(db, EIGHT_IN_RABAT, per_section=5) == 2  # Amina and Sara
    assert await queued(db, YOUSSEF) == [] and await delivered(db, YOUSSEF) == []
    youssef = await chat_store.get_chat(db, YOUSSEF)
    assert youssef is not None and youssef.next_digest_at == EIGHT_IN_RABAT  # still due
    for chat_id in (AMINA, SARA):
        assert len(await queued(db, chat_id)) == 1

    await db.run_sync(lambda conn: conn.execute("drop trigger refuse_youssef"))
    later = EIGHT_IN_RABAT + timedelta(seconds=30)
    assert await run_due_digests(db, later, per_section=5) == 1
    for chat_id in (AMINA, YOUSSEF, SARA):
        [text] = await queued(db, chat_id)  # exactly one digest each, with the story
        assert "number 0" in text
    assert await run_due_digests(db, later + timedelta(seconds=30), per_section=5) == 0


async def test_a_chat_claimed_elsewhere_is_skipped_and_its_batch_mates_still_get_theirs(
    db: Database, clock: ManualClock,
) -> None:
    await readers(db, clock.now())
    await story(db, clock.now(), 0)
    due = await chat_store.due_for_digest(db, EIGHT_IN_RABAT)
    # Another worker sent Youssef's digest after this tick read the due chats.
    await chat_store.update_settings(db, YOUSSEF, clock.now(), next_digest_at=EIGHT_IN_RABAT + timedelta(days=1))
    outcomes = await compose_for_chats(db, due, EIGHT_IN_RABAT, per_section=5, cache=CandidateCache(),
                                       subscriptions=await list_for_chats(db, [c.id for c in due]))
    assert {o.chat_id: o.messages for o in outcomes} == {AMINA: 1, YOUSSEF: 0, SARA: 1}
    assert await queued(db, YOUSSEF) == [] and await delivered(db, YOUSSEF) == []


async def test_delivery_log_of_several_chats_in_one_read(db: Database, clock: ManualClock) -> None:
    await readers(db, clock.now())
    now = clock.now()
    await db.run_sync(record_deliveries, AMINA, [(10, 10), (20, 20), (90, 90)], "digest", now)
    await db.run_sync(record_deliveries, YOUSSEF, [(20, 20), (30, 30)], "breaking", now)
    found = await db.run_sync(delivered_to_chats, {AMINA: {10, 30, 90}, YOUSSEF: {10, 30}, SARA: {10}})
    assert found == {AMINA: {10, 90}, YOUSSEF: {30}, SARA: set()}
    assert await db.run_sync(delivered_to_chats, {AMINA: set()}) == {AMINA: set()}


def test_more_buttons_are_the_markup_ptb_would_send() -> None:
    numbers = [1, 2, 3, 4, 5, 6, 7]
    ptb = InlineKeyboardMarkup([[InlineKeyboardButton(f"{n} · Longer summary ▸", callback_data=f"more:9:1:{n}")
                                 for n in numbers[i : i + 2]] for i in range(0, len(numbers), 2)])
    assert json.dumps(more_buttons(9, 1, numbers)) == json.dumps(ptb.to_dict())
    assert more_buttons(9, 1, []) is None
