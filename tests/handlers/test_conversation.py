"""No silence: a group that adds the bot, a reader typing a name without the slash, /cancel with nothing
to cancel; and what admins see of their own commands."""
from __future__ import annotations

from clock import ManualClock
from feeds.errors import FetchError
from sandbox.client import SandboxClient
from storage import feeds as feed_store
from tests.conftest import ADMIN_ID, RunningBot
from tests.handlers.test_subscribe import ask

READER = 321


async def test_a_group_that_adds_the_bot_is_told_what_it_can_do(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    await sandbox_client.create_user(READER, "Amina")
    group = await sandbox_client.create_chat("group", "Newsroom", bot_status="member", by_user_id=READER)
    [welcome] = await sandbox_client.wait_for_bot_messages(group["id"], 1)
    assert "/morocco@" in welcome["text"] and "/subscribe@" in welcome["text"]


async def test_a_name_typed_without_the_slash_gets_its_command(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    await sandbox_client.create_user(READER, "Amina")
    assert "/morocco" in (await ask(sandbox_client, "morocco", chat_id=READER, user_id=READER))["text"]
    await ask(sandbox_client, "/subscribe morocco", chat_id=READER, user_id=READER)
    followed = await ask(sandbox_client, "Morocco", chat_id=READER, user_id=READER)
    assert followed["text"] == "For Morocco, tap /morocco — this chat follows it already (/subscriptions)."
    assert "For Technology, tap /tech" in (await ask(sandbox_client, "Tech", chat_id=READER, user_id=READER))["text"]
    assert "/help" in (await ask(sandbox_client, "hello, what can you do?", chat_id=READER, user_id=READER))["text"]
    assert (await ask(sandbox_client, "/cancel", chat_id=READER, user_id=READER))["text"] == "Nothing to cancel."


async def test_admins_see_their_commands_in_help_and_readable_stats(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await sandbox_client.create_user(ADMIN_ID, "Editor")
    await sandbox_client.create_user(READER, "Amina")
    admin_help = await ask(sandbox_client, "/help", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "/breaking —" in admin_help["text"] and f"/latest@{bot.app.bot.username}" in admin_help["text"]
    assert "/cancel stops" in admin_help["text"]  # the way out of a bare /breaking, which waits for the item
    reader_help = (await ask(sandbox_client, "/help", chat_id=READER, user_id=READER))["text"]
    assert "/breaking —" not in reader_help and "/audience" not in reader_help
    assert "/breaking_alerts — Breaking news as it happens, on or off" in reader_help  # a reader's own switch
    feed = await feed_store.add_feed(bot.db, "https://news.example/feed.xml", "Wire", None, ADMIN_ID, clock.now())
    assert feed is not None
    polled = clock.now()
    await feed_store.record_failure(bot.db, feed, polled, str(FetchError("HTTP 503")))
    clock.advance(hours=3)
    stats = await ask(sandbox_client, "/stats", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert f"Last feed poll: {polled:%Y-%m-%d %H:%M} UTC (3 h ago)" in stats["text"]


async def test_an_admins_typo_of_an_admin_command_gets_it_suggested(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    await sandbox_client.create_user(ADMIN_ID, "Editor")
    await sandbox_client.create_user(READER, "Amina")
    for typo, meant in (("/brekaing", "/breaking"), ("/pausfeed", "/pausefeed"), ("/editfed", "/editfeed")):
        reply = await ask(sandbox_client, typo, chat_id=ADMIN_ID, user_id=ADMIN_ID)
        assert reply["text"].startswith(f"I don't know {typo}. Did you mean {meant}"), reply["text"]
    reader = await ask(sandbox_client, "/brekaing", chat_id=READER, user_id=READER)  # not offered to readers
    assert "/breaking" not in reader["text"]


async def test_short_english_words_are_not_countries(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    await sandbox_client.create_user(READER, "Amina")
    assert "Norway" not in (await ask(sandbox_client, "no", chat_id=READER, user_id=READER))["text"]
    assert "United Kingdom" in (await ask(sandbox_client, "uk", chat_id=READER, user_id=READER))["text"]  # a command
    reply = await ask(sandbox_client, "/timezone near me", chat_id=READER, user_id=READER)
    assert "Podgorica" not in reply["text"] and "couldn't find" in reply["text"]


async def test_a_group_hears_no_answer_to_another_bots_commands(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    """A bare /ban or /report in a group is for another bot: no "I don't know" to the whole group; a slip of
    one of ours (/moroco), or any command addressed to us, still gets its answer."""
    await sandbox_client.create_user(READER, "Amina")
    group = await sandbox_client.create_chat("group", "Newsroom", bot_status="member", by_user_id=READER)
    await sandbox_client.wait_for_bot_messages(group["id"], 1)  # the welcome
    for command in ("/ban", "/rules", "/report spam", "/warn", "/moroco"):
        await sandbox_client.send_message(group["id"], command, user_id=READER)
    welcome, answer = await sandbox_client.wait_for_bot_messages(group["id"], 2)
    assert "Did you mean /morocco" in answer["text"]
    addressed = await ask(sandbox_client, f"/ban@{bot.app.bot.username}", chat_id=group["id"], user_id=READER)
    assert "/help lists every command" in addressed["text"]
    assert len(await sandbox_client.bot_messages(group["id"])) == 3


async def test_a_slip_of_a_countrys_long_command_in_a_group_gets_its_short_one(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    """/united_states still works, so a slip of it (/unted_states) is ours too, though the answer names /usa."""
    await sandbox_client.create_user(READER, "Amina")
    group = await sandbox_client.create_chat("group", "Newsroom", bot_status="member", by_user_id=READER)
    await sandbox_client.wait_for_bot_messages(group["id"], 1)  # the welcome
    answer = await ask(sandbox_client, "/unted_states", chat_id=group["id"], user_id=READER)
    assert answer["text"].startswith("I don't know /unted_states. Did you mean /usa"), answer["text"]


async def test_a_shared_start_link_opens_on_its_country_or_topic(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    """t.me/<bot>?start=morocco: Telegram sends "/start morocco" when the reader taps Start."""
    await sandbox_client.create_user(READER, "Amina")
    await sandbox_client.send_message(chat_id=READER, user_id=READER, text="/start morocco")
    welcome, news = await sandbox_client.wait_for_bot_messages(READER, 2)
    assert welcome["text"].startswith("Hi Amina!")
    assert news["text"].startswith("🇲🇦 Morocco — latest")
    assert [b["text"] for row in news["reply_markup"]["inline_keyboard"] for b in row][0] == "🔔 Subscribe"

    await sandbox_client.send_message(chat_id=READER, user_id=READER, text="/start south_korea")
    assert (await sandbox_client.wait_for_bot_messages(READER, 4))[3]["text"].startswith("🇰🇷 South Korea — latest")
    await sandbox_client.send_message(chat_id=READER, user_id=READER, text="/start tech")
    assert (await sandbox_client.wait_for_bot_messages(READER, 6))[5]["text"].startswith("💻 Technology — latest")

    await sandbox_client.send_message(chat_id=READER, user_id=READER, text="/start inline")  # "No stories match" inline
    assert (await sandbox_client.wait_for_bot_messages(READER, 8))[7]["text"].startswith(
        f"Sharing stories from any chat\nType @{bot.app.bot.username} and a country, a topic or some words")
    await sandbox_client.send_message(chat_id=READER, user_id=READER, text="/start ref_campaign42")  # no such name
    assert (await sandbox_client.wait_for_bot_messages(READER, 9))[8]["text"].startswith("Hi Amina!")
    assert (await ask(sandbox_client, "/cancel", chat_id=READER, user_id=READER))["text"] == "Nothing to cancel."
    assert len(await sandbox_client.bot_messages(READER)) == 10  # the welcome alone, then the answer to /cancel
