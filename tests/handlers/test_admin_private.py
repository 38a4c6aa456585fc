"""Admin commands asked in a readers' group answer in the admin's private chat: the group sees a one-line note,
never subscriber numbers, feed addresses, push reports or who the admins are."""
from __future__ import annotations

from sandbox.client import SandboxClient
from storage import feeds as feed_store
from tests.conftest import ADMIN_ID, RunningBot, new_group
from tests.handlers.test_subscribe import ask

READERS = (9101, 9102)
REPORTER = 9103
FEED_URL = "https://wire.example/private-feed.xml"


async def _readers_group(bot: RunningBot, client: SandboxClient, *, admin_started: bool = True) -> dict:
    await client.create_user(ADMIN_ID, "Chief")
    for user_id in (*READERS, REPORTER):
        await client.create_user(user_id, f"Reader {user_id}")
    if admin_started:
        await ask(client, "/start", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    group = await new_group(client, "Morocco readers")
    for user_id in (*READERS, REPORTER):
        await client.set_member(group["id"], user_id, "member")
    return group


async def _in_group(client: SandboxClient, group: dict, text: str, **kwargs: object) -> str:
    before = len(await client.bot_messages(group["id"]))
    await client.send_message(group["id"], text, user_id=ADMIN_ID, **kwargs)  # type: ignore[arg-type]
    return (await client.wait_for_bot_messages(group["id"], before + 1))[before]["text"]


async def _private_after(client: SandboxClient, before: int) -> str:
    return (await client.wait_for_bot_messages(ADMIN_ID, before + 1))[before]["text"]


async def test_stats_and_feeds_asked_in_a_group_go_to_the_admins_private_chat(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    group = await _readers_group(bot, sandbox_client)
    await feed_store.add_feed(bot.db, FEED_URL, "Wire", None, ADMIN_ID, bot.clock.now())
    name = bot.app.bot.username

    before = len(await sandbox_client.bot_messages(ADMIN_ID))
    assert await _in_group(sandbox_client, group, f"/stats@{name}") == "🔒 Sent you the stats privately."
    assert (await _private_after(sandbox_client, before)).startswith("Stats\n")

    before = len(await sandbox_client.bot_messages(ADMIN_ID))
    assert await _in_group(sandbox_client, group, f"/feeds@{name}") == "🔒 Sent you the feed list privately."
    assert FEED_URL in await _private_after(sandbox_client, before)

    before = len(await sandbox_client.bot_messages(ADMIN_ID))
    assert await _in_group(sandbox_client, group, f"/broadcasts@{name}") == "🔒 Sent you the recent pushes privately."
    assert await _private_after(sandbox_client, before) == "No pushes yet. /breaking starts one."

    before = len(await sandbox_client.bot_messages(ADMIN_ID))
    assert await _in_group(sandbox_client, group, f"/admin@{name} list") == "🔒 Sent you my answer privately."
    assert f"Chief · {ADMIN_ID}" in await _private_after(sandbox_client, before)

    shown = "\n".join(m["text"] for m in await sandbox_client.bot_messages(group["id"]))
    assert "Subscribers" not in shown and FEED_URL not in shown and str(ADMIN_ID) not in shown


async def test_admin_add_by_reply_in_a_group_is_confirmed_privately(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    group = await _readers_group(bot, sandbox_client)
    hello = await sandbox_client.send_message(group["id"], "Hi all, I'm the new reporter", user_id=REPORTER)
    before = len(await sandbox_client.bot_messages(ADMIN_ID))
    note = await _in_group(sandbox_client, group, f"/admin@{bot.app.bot.username} add",
                           reply_to_message_id=hello["message_id"])
    assert note == "🔒 Sent you my answer privately."
    assert "is now an admin" in await _private_after(sandbox_client, before)
    assert len(await sandbox_client.bot_messages(group["id"])) == 2  # the welcome and the note


async def test_an_admin_without_a_private_chat_is_pointed_to_one_and_nothing_is_posted(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    group = await _readers_group(bot, sandbox_client, admin_started=False)
    name = bot.app.bot.username
    note = await _in_group(sandbox_client, group, f"/stats@{name}")
    assert note == (f"🔒 I answer that only in private, and you have no chat with me yet: open one with @{name}, "
                    "send /start, then /stats there.")
    assert all("Subscribers" not in m["text"] for m in await sandbox_client.bot_messages(group["id"]))


async def test_an_admin_command_posted_in_a_channel_points_to_a_private_chat(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    """A channel post names no sender: no admin is known to answer, so "This command is for admins." misled."""
    channel = await sandbox_client.create_chat("channel", "Daily Brief", username="dailybrief", bot_status="administrator")
    reply = await ask(sandbox_client, "/stats", chat_id=channel["id"])
    assert reply["text"] == (f"🔒 Admin commands work in a private chat with me (@{bot.app.bot.username}): a channel "
                             "post doesn't say who sent it.")


async def test_the_feed_list_file_asked_for_in_a_group_goes_to_the_admins_private_chat(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    group = await _readers_group(bot, sandbox_client)
    await feed_store.add_feed(bot.db, FEED_URL, "Wire", None, ADMIN_ID, bot.clock.now())
    before = len(await sandbox_client.bot_messages(ADMIN_ID))
    note = await _in_group(sandbox_client, group, f"/exportfeeds@{bot.app.bot.username}")
    assert note == "🔒 Sent you the feed list privately."
    sent = (await sandbox_client.wait_for_bot_messages(ADMIN_ID, before + 1))[before]
    assert sent["document"]["file_name"] == "newsdigest-feeds-2026-11-25.opml" and sent["text"] == "1 feed"
    assert FEED_URL.encode() in await sandbox_client.file_content(sent["document"]["file_id"])
    assert all("document" not in m for m in await sandbox_client.bot_messages(group["id"]))


async def test_the_feed_list_asked_for_in_a_channel_points_to_a_private_chat(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    channel = await sandbox_client.create_chat("channel", "Daily Brief", username="dailybrief", bot_status="administrator")
    for command in ("/feeds", "/exportfeeds"):
        reply = await ask(sandbox_client, command, chat_id=channel["id"])
        assert reply["text"] == (f"🔒 Admin commands work in a private chat with me (@{bot.app.bot.username}): a "
                                 "channel post doesn't say who sent it."), command
