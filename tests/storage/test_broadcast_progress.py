"""When a push has reached everyone it can reach now: every message left waits to retry after an error of its
own (storage.broadcasts.progress, only_retries_left), the moment its admin gets the report."""
from __future__ import annotations

from datetime import timedelta

import pytest

from storage import Database
from storage import broadcasts as broadcast_store
from storage import outbox
from tests.storage.test_outbox_recovery import NOW, started_push

LATER = NOW + timedelta(seconds=5)


async def _push_to_two(db: Database) -> tuple[int, list[outbox.QueuedMessage]]:
    """A push to chats 11 and 12, both messages claimed by the sender; the first goes through."""
    draft = await started_push(db, (11, 12))
    claimed = await outbox.claim_due(db, NOW, 10)
    await outbox.mark_sent(db, claimed[0].id, 501, NOW)
    return draft, claimed


async def _put_back_after_a_5xx(db: Database, row: outbox.QueuedMessage) -> None:
    await outbox.retry_later(db, row.id, LATER, "Bad Gateway", may_have_arrived=True)


async def _put_back_after_a_429(db: Database, row: outbox.QueuedMessage) -> None:
    await outbox.retry_later(db, row.id, LATER, "flood control: retry after 5 s", count_attempt=False)


async def _held_behind_a_5xx(db: Database, row: outbox.QueuedMessage) -> None:
    """An earlier message to its chat (a digest) met a 5xx: the sender put this one back behind it, untried."""
    await outbox.retry_later(db, row.id, LATER, None, count_attempt=False, held=True)


async def _held_behind_a_429(db: Database, row: outbox.QueuedMessage) -> None:
    await outbox.retry_later(db, row.id, LATER, None, count_attempt=False)


async def _requeued_after_a_crash(db: Database, row: outbox.QueuedMessage) -> None:
    await outbox.mark_request_started(db, row.id)
    await outbox.recover_interrupted(db)


async def _paused_then_requeued_after_a_crash(db: Database, row: outbox.QueuedMessage) -> None:
    """A 429 put it back, its next try was on its way when the bot crashed: it never met an error of its own."""
    await _put_back_after_a_429(db, row)
    [again] = await outbox.claim_due(db, LATER, 10)
    await _requeued_after_a_crash(db, again)


async def _on_the_wire(db: Database, row: outbox.QueuedMessage) -> None:
    pass  # claimed and not answered yet: its first try


@pytest.mark.parametrize(("what_happened", "only_retries_left"), [
    pytest.param(_put_back_after_a_5xx, True, id="5xx"),
    pytest.param(_put_back_after_a_429, False, id="429-pause"),
    pytest.param(_held_behind_a_5xx, True, id="held-behind-a-5xx"),
    pytest.param(_held_behind_a_429, False, id="held-behind-a-429"),
    pytest.param(_requeued_after_a_crash, False, id="crash-requeued"),
    pytest.param(_paused_then_requeued_after_a_crash, False, id="429-pause-then-crash-requeued"),
    pytest.param(_on_the_wire, False, id="first-try-in-flight"),
])
async def test_only_a_message_that_met_a_temporary_error_counts_as_waiting_to_retry(
    db: Database, what_happened, only_retries_left: bool  # type: ignore[no-untyped-def]
) -> None:
    draft, claimed = await _push_to_two(db)
    await what_happened(db, claimed[1])
    progress = await broadcast_store.progress(db, draft)
    assert (progress.sent, progress.remaining, progress.only_retries_left) == (1, 1, only_retries_left)


async def test_a_retry_on_its_way_still_counts_as_waiting_and_a_settled_push_has_none_left(db: Database) -> None:
    draft, claimed = await _push_to_two(db)
    await _put_back_after_a_5xx(db, claimed[1])
    [retry] = await outbox.claim_due(db, LATER, 10)  # the retry goes out: the report must not turn back to progress
    assert (await broadcast_store.progress(db, draft)).only_retries_left
    await outbox.mark_sent(db, retry.id, 502, LATER)
    progress = await broadcast_store.progress(db, draft)
    assert (progress.sent, progress.done, progress.only_retries_left) == (2, True, False)
