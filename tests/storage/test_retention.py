"""Retention: old delivery-log and outbox rows go, and nothing a digest, the sender or a report needs does."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from digests.compose import compose_for_chat
from handlers.push_progress import report
from ingest.store import store_raw
from news.models import RawArticle
from storage import Database
from storage import broadcasts as broadcast_store
from storage import chats as chat_store
from storage import outbox
from storage import subscriptions as subscription_store
from storage.deliveries import record_deliveries
from storage.retention import DELIVERY_RETENTION, OUTBOX_RETENTION, REPORTED_PUSHES, prune_deliveries, prune_outbox
from tests.storage.push_checks import confirm_checks

START = datetime(2026, 1, 5, 6, 0, tzinfo=timezone.utc)
NOW = START + timedelta(days=60)
OLD = RawArticle(title="Morocco opens its largest solar plant near Ouarzazate",
                 text="Morocco inaugurated a new phase of the Noor solar complex near Ouarzazate on Tuesday, officials "
                      "in Rabat said. The Moroccan energy ministry said the plant would power a million homes.",
                 source="Wire", url="https://wire.example/morocco-solar")
ONGOING = RawArticle(title="Moroccan farmers turn to drip irrigation as drought deepens",
                     text="Farmers across Morocco are switching to drip irrigation after six years of drought, the "
                          "agriculture ministry in Rabat said. Moroccan reservoirs are at a record low.",
                     source="Wire", url="https://wire.example/morocco-drought")
RECENT = RawArticle(title="Morocco and Spain agree on a new ferry line to Tangier",
                    text="Morocco and Spain agreed on Monday to open a new ferry line between Algeciras and Tangier, "
                         "the Moroccan transport ministry in Rabat said. Crossings start in the spring.",
                    source="Wire", url="https://wire.example/morocco-ferry")

DAILY, PAUSED, NEWCOMER = 11, 12, 13
SUBJECTS = ["A late snowfall", "A teachers' strike", "A record wheat harvest", "A new high-speed train",
            "A football cup final", "A wildfire near Chefchaouen", "A jazz festival"]


def follow_up(raw: RawArticle, n: int) -> RawArticle:
    """Another outlet's version of the same story (it joins the story, see news.stories)."""
    return replace(raw, title=f"{raw.title} (update {n})", url=f"{raw.url}-{n}", text=f"{raw.text} Update {n}.")


async def stored(db: Database, raw: RawArticle, at: datetime) -> tuple[int, int]:
    _, saved = await store_raw(db, raw, at)
    return saved.story_id, saved.article_id


async def log_rows(db: Database) -> set[tuple[int, int]]:
    return {(r[0], r[1]) for r in await db.fetchall("select chat_id, story_id from deliveries")}


async def deliver(db: Database, chat_id: int, story: tuple[int, int], at: datetime) -> None:
    await db.run_sync(record_deliveries, chat_id, [story], "digest", at)


async def test_the_log_keeps_every_row_a_digest_could_still_need(db: Database) -> None:
    """The 'daily' chat had its last digest yesterday; the paused one 40 days ago; the newcomer has had
    none. Stories: one whose articles are all 40 days old, one that started then and is still running,
    one from this week."""
    await chat_store.upsert_chat(db, DAILY, "private", "Daily", "UTC", START)
    await chat_store.upsert_chat(db, PAUSED, "private", "Paused", "UTC", START)
    await chat_store.upsert_chat(db, NEWCOMER, "private", "New", "UTC", NOW - timedelta(days=2))
    for chat_id in (DAILY, PAUSED, NEWCOMER):
        await subscription_store.subscribe(db, chat_id, "country", "MA", now=START)
    long_ago = NOW - timedelta(days=40)
    old = await stored(db, OLD, long_ago)
    ongoing = await stored(db, ONGOING, long_ago)
    for n, days_ago in enumerate(range(38, 0, -2), start=1):  # a follow-up every other day until yesterday
        assert (await stored(db, follow_up(ONGOING, n), NOW - timedelta(days=days_ago)))[0] == ongoing[0]
    recent = await stored(db, RECENT, NOW - timedelta(days=3))
    for chat_id in (DAILY, PAUSED):
        await deliver(db, chat_id, old, long_ago)
        await deliver(db, chat_id, ongoing, long_ago)
    await deliver(db, DAILY, recent, NOW - timedelta(days=3))
    await deliver(db, NEWCOMER, old, NOW - timedelta(days=2))  # a push of the old story reached the newcomer
    await db.run_sync(chat_store.set_last_digest, PAUSED, long_ago)
    await db.run_sync(chat_store.set_last_digest, DAILY, NOW - timedelta(days=1))

    assert await prune_deliveries(db, NOW) == 2
    assert await log_rows(db) == {
        (DAILY, ongoing[0]),  # a new article of it would make it a candidate again
        (DAILY, recent[0]),
        (PAUSED, old[0]),  # its next digest looks back 40 days
        (PAUSED, ongoing[0]),
    }
    # The paused reader comes back: a digest covering the 40 days brings only what they never had.
    paused = await chat_store.get_chat(db, PAUSED)
    assert paused is not None
    outcome = await compose_for_chat(db, paused, NOW, per_section=10, move_schedule=False)
    assert outcome.stories == 1
    assert (PAUSED, recent[0]) in await log_rows(db)
    # Caught up, its digests look back only to now: the old story's row can go, and nothing comes twice.
    assert await prune_deliveries(db, NOW) == 1
    assert (PAUSED, old[0]) not in await log_rows(db)
    paused = await chat_store.get_chat(db, PAUSED)
    assert paused is not None
    later = await compose_for_chat(db, paused, NOW + timedelta(hours=1), per_section=10, move_schedule=False)
    assert later.stories == 0
    assert await prune_deliveries(db, NOW) == 0


async def test_the_log_is_pruned_in_bounded_chunks_until_nothing_old_is_left(db: Database) -> None:
    chats = list(range(21, 26))
    for chat_id in chats:
        await chat_store.upsert_chat(db, chat_id, "private", "Reader", "UTC", NOW - timedelta(days=1))
    long_ago = NOW - DELIVERY_RETENTION - timedelta(days=1)
    stories = [await stored(db, replace(OLD, title=f"{subject} in Morocco", url=f"https://wire.example/{n}",
                                        text=f"{subject} was reported across Morocco, officials in Rabat said."),
                            long_ago + timedelta(minutes=n))
               for n, subject in enumerate(SUBJECTS)]
    kept = await stored(db, RECENT, NOW - DELIVERY_RETENTION + timedelta(minutes=1))
    for chat_id in chats:
        await db.run_sync(record_deliveries, chat_id, [*stories, kept], "digest", NOW - timedelta(days=1))

    assert await prune_deliveries(db, NOW, chunk=3) == len(chats) * len(stories)
    assert await log_rows(db) == {(chat_id, kept[0]) for chat_id in chats}


async def _sent(db: Database, chat_id: int, at: datetime) -> int:
    async with db.atomic() as conn:
        message_id = await outbox.enqueue(conn, chat_id=chat_id, kind="digest", message=outbox.OutgoingMessage("hi"),
                                          now=at)
    await db.execute("update outbox set status = 'sending' where id = ?", (message_id,))
    await outbox.mark_sent(db, message_id, 1000 + message_id, at)
    return message_id


async def _push(db: Database, article: tuple[int, int], at: datetime, *, finish: bool = True) -> int:
    audience = broadcast_store.Audience(everyone=True, tags=())
    draft = await broadcast_store.create_draft(db, 1, article[1], "🚨 Breaking", audience, at)
    # Every push here is of the same story: the chats an earlier one reached would be left out as having it.
    await db.execute("delete from deliveries where story_id = ?", (article[0],))
    await broadcast_store.start(db, draft, outbox.OutgoingMessage("🚨 Breaking"), article, at,
                                **await confirm_checks(db, article[1], audience, at))
    for row in await outbox.claim_due(db, at, 100):
        if row.chat_id == PAUSED:
            await outbox.mark_failed(db, row.id, "Forbidden: bot was blocked by the user")
        else:
            await outbox.mark_sent(db, row.id, 2000 + row.id, at)
    if finish:
        await broadcast_store.finish(db, draft, "done", at)
    return draft


async def outbox_ids(db: Database) -> set[int]:
    return {r[0] for r in await db.fetchall("select id from outbox")}


async def test_only_final_outbox_rows_no_report_needs_go(db: Database) -> None:
    for chat_id in (DAILY, PAUSED):
        await chat_store.upsert_chat(db, chat_id, "private", "Reader", "UTC", START)
    article = await stored(db, OLD, START)
    long_ago = NOW - OUTBOX_RETENTION - timedelta(days=1)

    forgotten_push = await _push(db, article, long_ago - timedelta(days=1))
    still_watched = await _push(db, article, long_ago, finish=False)  # its report is not out yet
    reported = [await _push(db, article, long_ago + timedelta(minutes=n)) for n in range(REPORTED_PUSHES)]
    old_sent = await _sent(db, DAILY, long_ago)
    old_failed = await _sent(db, DAILY, long_ago)
    await db.execute("update outbox set status = 'failed', sent_at = null where id = ?", (old_failed,))
    async with db.atomic() as conn:
        queued = await outbox.enqueue(conn, chat_id=DAILY, kind="digest", message=outbox.OutgoingMessage("q"),
                                      now=long_ago)
        in_flight = await outbox.enqueue(conn, chat_id=PAUSED, kind="notice", message=outbox.OutgoingMessage("f"),
                                         now=long_ago)
        retried = await outbox.enqueue(conn, chat_id=PAUSED, kind="digest", message=outbox.OutgoingMessage("r"),
                                       now=long_ago)
    claimed = {row.id for row in await outbox.claim_due(db, long_ago, 100)}
    assert {queued, in_flight, retried} <= claimed
    await outbox.retry_later(db, queued, NOW + timedelta(hours=1), "Too Many Requests")  # pending again
    await outbox.mark_request_started(db, in_flight)  # on the wire right now
    await outbox.retry_later(db, retried, NOW - timedelta(days=1), "timeout")  # failed for good yesterday:
    await outbox.claim_due(db, NOW - timedelta(days=1), 100)  # retried then, after a week of retries
    await outbox.mark_failed(db, retried, "Bad Request: chat not found")
    recent = await _sent(db, DAILY, NOW - timedelta(hours=1))
    before = await outbox_ids(db)
    gone = {old_sent, old_failed} | {r[0] for r in await db.fetchall(
        "select id from outbox where broadcast_id = ?", (forgotten_push,))}

    pruned = await prune_outbox(db, NOW, chunk=4)

    assert pruned == len(gone) == 4
    assert await outbox_ids(db) == before - gone
    assert {queued, in_flight, retried, recent} <= await outbox_ids(db)
    statuses = {r[0]: r[1] for r in await db.fetchall("select id, status from outbox where id in (?, ?)",
                                                      (queued, in_flight))}
    assert statuses == {queued: "pending", in_flight: "sending"}
    assert (await broadcast_store.progress(db, still_watched)).sent == 1
    # /broadcasts and the report of a recent push still show its counts.
    for push in reported:
        progress = await broadcast_store.progress(db, push)
        assert (progress.sent, progress.failed, progress.failures) == (
            1, 1, {"Forbidden: bot was blocked by the user": 1})
        assert "Delivered: 1" in report(push, 2, progress, 1.0)
        assert "Failed: 1 (1 blocked or deactivated)" in report(push, 2, progress, 1.0)
    assert await prune_outbox(db, NOW) == 0
