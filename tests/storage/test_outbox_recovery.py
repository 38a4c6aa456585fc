"""After a crash, only messages whose request had started are in doubt, and the push report says so."""
from __future__ import annotations

from datetime import datetime, timezone

from handlers.push_progress import report
from ingest.store import store_raw
from news.models import RawArticle
from storage import Database
from storage import broadcasts as broadcast_store
from storage import chats as chat_store
from storage import outbox
from tests.storage.push_checks import confirm_checks

NOW = datetime(2026, 11, 25, 6, 0, tzinfo=timezone.utc)
ITEM = RawArticle(title="Strong earthquake shakes Morocco's Atlas region",
                  text="A strong earthquake struck the High Atlas in Morocco on Friday night, officials in Rabat said.")


async def started_push(db: Database, chat_ids: tuple[int, ...]) -> int:
    """A push to everyone, these private chats recorded first, its messages queued: the push's id."""
    for chat_id in chat_ids:
        await chat_store.upsert_chat(db, chat_id, "private", "Reader", "UTC", NOW)
    _, saved = await store_raw(db, ITEM, NOW)
    audience = broadcast_store.Audience(everyone=True, tags=())
    draft = await broadcast_store.create_draft(db, 1, saved.article_id, "🚨 Breaking", audience, NOW)
    queued = await broadcast_store.start(db, draft, outbox.OutgoingMessage("🚨 Breaking"), (saved.story_id, saved.article_id),
                                         NOW, **await confirm_checks(db, saved.article_id, audience, NOW))
    assert queued == len(chat_ids)
    return draft


async def test_a_crash_flags_only_the_message_on_the_wire_and_the_report_counts_it(db: Database) -> None:
    draft = await started_push(db, (11, 12, 13))

    claimed = await outbox.claim_due(db, NOW, 10)
    await outbox.mark_request_started(db, claimed[0].id)  # the sender died with this request in flight
    assert await outbox.recover_interrupted(db) == 3

    for row in await outbox.claim_due(db, NOW, 10):
        await outbox.mark_sent(db, row.id, 100 + row.id, NOW)
    progress = await broadcast_store.progress(db, draft)
    assert (progress.sent, progress.in_doubt) == (3, 1)
    assert "Possibly received twice (no clear answer from Telegram, or a restart mid-send): 1" in report(draft, 3, progress, 2.0)


async def test_a_message_coming_back_after_its_push_was_cancelled_is_cancelled_not_resent(db: Database) -> None:
    draft = await started_push(db, (11, 12))
    claimed = await outbox.claim_due(db, NOW, 10)  # both on their way
    await broadcast_store.cancel(db, draft, NOW)
    await outbox.mark_sent(db, claimed[0].id, 501, NOW)
    await outbox.retry_later(db, claimed[1].id, NOW, "flood control: retry after 2 s", count_attempt=False)  # a 429

    assert await outbox.claim_due(db, NOW, 10) == []
    progress = await broadcast_store.progress(db, draft)
    assert (progress.sent, progress.cancelled, progress.remaining) == (1, 1, 0)
    marked = {r[0] for r in await db.fetchall("select chat_id from deliveries where via = 'breaking'")}
    assert marked == {claimed[0].chat_id}  # the chat it never reached gets the story in its digest


async def test_a_message_refused_in_its_forum_topic_after_its_push_was_cancelled_is_cancelled_not_resent(
    db: Database,
) -> None:
    draft = await started_push(db, (11,))
    [claimed] = await outbox.claim_due(db, NOW, 10)  # on its way
    await broadcast_store.cancel(db, draft, NOW)
    # Telegram: "message thread not found"; the sender puts it back to go to the chat without its topic.
    await outbox.retry_later(db, claimed.id, NOW, None, count_attempt=False,
                             payload=outbox.OutgoingMessage("🚨 Breaking", message_thread_id=None))
    assert await outbox.claim_due(db, NOW, 10) == []
    assert (await broadcast_store.progress(db, draft)).cancelled == 1
