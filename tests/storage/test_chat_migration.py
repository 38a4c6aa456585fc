"""A group upgraded to a supergroup keeps what its admins set up, even when a message from the new
supergroup was handled first (chats are handled side by side, so the upgrade notice may wait its turn
in the old group while a command in the new one is answered), and what 🔕 Unfollow all removed there, kept for its
↩️ Undo."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from storage import Database
from storage import chats as chat_store
from storage import subscriptions as subscription_store
from storage import unfollowed as unfollowed_store

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)
OLD, NEW = -4001, -1004001


async def _configured_group(db: Database) -> None:
    await chat_store.upsert_chat(db, OLD, "group", "Desk", "UTC", NOW)
    await chat_store.update_settings(db, OLD, NOW, timezone="Africa/Casablanca", digest_times="07:30,19:00",
                                     cadence="twice_daily", quiet_start="22:00", quiet_end="07:00")
    await subscription_store.subscribe(db, OLD, "country", "MA", NOW)


async def _assert_kept(db: Database) -> None:
    assert await chat_store.get_chat(db, OLD) is None
    chat = await chat_store.get_chat(db, NEW)
    assert chat is not None and chat.type == "supergroup"
    assert (chat.timezone, chat.digest_times, chat.cadence) == ("Africa/Casablanca", ("07:30", "19:00"), "twice_daily")
    assert (chat.quiet_start, chat.quiet_end) == ("22:00", "07:00")


async def test_the_upgrade_moves_the_groups_settings_and_subscriptions(db: Database) -> None:
    await _configured_group(db)
    await chat_store.migrate_chat(db, OLD, NEW, NOW)
    await _assert_kept(db)
    assert [s.value for s in await subscription_store.list_for_chat(db, NEW)] == ["MA"]


async def test_the_upgrade_keeps_the_groups_settings_when_the_supergroup_wrote_first(db: Database) -> None:
    await _configured_group(db)
    await chat_store.upsert_chat(db, NEW, "supergroup", "Desk", "UTC", NOW)  # /subscribe tech in the new one
    await subscription_store.subscribe(db, NEW, "topic", "tech", NOW)
    await chat_store.migrate_chat(db, OLD, NEW, NOW)
    await _assert_kept(db)
    assert sorted(s.value for s in await subscription_store.list_for_chat(db, NEW)) == ["MA", "tech"]


@pytest.mark.parametrize("supergroup_wrote_first", [False, True])
async def test_the_upgrade_keeps_what_unfollow_all_removed_for_its_undo(db: Database, supergroup_wrote_first: bool) -> None:
    await _configured_group(db)
    subs = await subscription_store.list_for_chat(db, OLD)
    unfollowed = await unfollowed_store.unfollow_all(db, OLD, 10**9, unfollowed_store.shown_key(subs), NOW)
    assert isinstance(unfollowed, unfollowed_store.Unfollowed)
    if supergroup_wrote_first:
        await chat_store.upsert_chat(db, NEW, "supergroup", "Desk", "UTC", NOW)
    await chat_store.migrate_chat(db, OLD, NEW, NOW)
    restored = await unfollowed_store.restore(db, NEW, unfollowed.token, NOW, limit=50)
    assert restored.outcome == "restored"
    assert [s.value for s in await subscription_store.list_for_chat(db, NEW)] == ["MA"]
