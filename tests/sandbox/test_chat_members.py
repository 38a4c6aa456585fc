"""The bot joining and leaving chats, as Telegram reports it: my_chat_member for every chat it is added to (also in
bulk, and for the supergroup a group becomes), and the service line the chat's members see."""
from __future__ import annotations

import pytest
from telegram import Bot
from telegram.error import Forbidden

from sandbox.client import SandboxClient
from tests.sandbox.conftest import USER


async def _new_updates(ptb: Bot) -> list:
    """The updates since the last call, each confirmed."""
    updates = await ptb.get_updates(timeout=0)
    if updates:
        await ptb.get_updates(offset=updates[-1].update_id + 1, timeout=0)
    return updates


async def test_groups_and_channels_made_in_bulk_each_tell_the_bot_it_joined(ptb: Bot, sandbox_client: SandboxClient) -> None:
    await _new_updates(ptb)
    await sandbox_client.bulk_chats([-4001, -4002], type="group")
    await sandbox_client.bulk_chats([-1004003], type="channel")
    await sandbox_client.bulk_chats([4004])  # a private chat: the user's /start says it, not my_chat_member

    updates = await _new_updates(ptb)
    joined = [(u.my_chat_member.chat.id, u.my_chat_member.old_chat_member.status, u.my_chat_member.new_chat_member.status)
              for u in updates if u.my_chat_member]
    assert joined == [(-4001, "left", "member"), (-4002, "left", "member"), (-1004003, "left", "administrator")]
    assert [u.message.chat.id for u in updates if u.message and u.message.new_chat_members] == [-4001, -4002]
    assert [m["service"] for m in await sandbox_client.messages(-4001)] == ["Chat Owner added NewsDigest"]
    await ptb.send_message(-4002, "Digest")  # the bot is in it


async def test_an_upgraded_group_tells_the_bot_it_is_in_the_supergroup(ptb: Bot, sandbox_client: SandboxClient) -> None:
    """Telegram's order: the group's migrate_to_chat_id, the supergroup's migrate_from_chat_id, then my_chat_member for
    the supergroup (left -> member); nothing says the bot left the group."""
    group = await sandbox_client.create_chat("group", "Desk", by_user_id=USER)
    await _new_updates(ptb)
    new_id = await sandbox_client.migrate(group["id"])

    moved_to, moved_from, joined = await _new_updates(ptb)
    assert (moved_to.message.chat.id, moved_to.message.migrate_to_chat_id) == (group["id"], new_id)
    assert (moved_from.message.chat.id, moved_from.message.migrate_from_chat_id) == (new_id, group["id"])
    change = joined.my_chat_member
    assert (change.chat.id, change.chat.type, change.from_user.id) == (new_id, "supergroup", USER)
    assert (change.old_chat_member.status, change.new_chat_member.status) == ("left", "member")
    assert [m["service"] for m in await sandbox_client.messages(new_id)] == ["This group was upgraded to a supergroup"]
    assert [c["title"] for c in await sandbox_client.chats() if c["id"] in (group["id"], new_id)] == ["Desk"]  # the supergroup's


async def test_a_removed_bot_leaves_a_line_in_the_group_but_gets_only_my_chat_member(
    ptb: Bot, sandbox_client: SandboxClient
) -> None:
    group = await sandbox_client.create_chat("supergroup", "Desk", by_user_id=USER)
    await _new_updates(ptb)
    await sandbox_client.set_bot_status(group["id"], "kicked", by_user_id=USER)
    await sandbox_client.set_bot_status(group["id"], "administrator", by_user_id=USER)  # back, as an admin

    kicked, back, joined = await _new_updates(ptb)
    assert (kicked.my_chat_member.new_chat_member.status, back.my_chat_member.new_chat_member.status) == ("kicked", "administrator")
    assert [u.id for u in joined.message.new_chat_members] == [ptb.id]
    assert [m["service"] for m in await sandbox_client.messages(group["id"])] == [
        "Ada added NewsDigest", "Ada removed NewsDigest", "Ada added NewsDigest"]


async def test_a_channel_shows_the_bot_added_but_sends_the_bot_no_message(ptb: Bot, sandbox_client: SandboxClient) -> None:
    await _new_updates(ptb)
    channel = await sandbox_client.create_chat("channel", "Brief", by_user_id=USER)
    [update] = await _new_updates(ptb)
    assert update.my_chat_member.new_chat_member.status == "administrator"
    assert [m["service"] for m in await sandbox_client.messages(channel["id"])] == ["Ada added NewsDigest"]


async def test_a_chat_the_bot_was_removed_from_refuses_questions_about_its_members(
    ptb: Bot, sandbox_client: SandboxClient
) -> None:
    """As Telegram does: a bot no longer in a chat may not ask who its admins are."""
    channel = await sandbox_client.create_chat("channel", "Daily Brief", bot_status="administrator")
    group = await sandbox_client.create_chat("supergroup", "Desk")
    await sandbox_client.create_user(USER, "Amina")
    await sandbox_client.set_member(channel["id"], USER, "administrator")
    assert (await ptb.get_chat_member(channel["id"], USER)).status == "administrator"
    await sandbox_client.set_bot_status(channel["id"], "left")
    await sandbox_client.set_bot_status(group["id"], "kicked")

    with pytest.raises(Forbidden, match="bot is not a member of the channel chat"):
        await ptb.get_chat_member(channel["id"], USER)
    with pytest.raises(Forbidden, match="bot was kicked from the supergroup chat"):
        await ptb.get_chat_administrators(group["id"])
