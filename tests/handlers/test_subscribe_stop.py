"""/unsubscribe all and /stop through the real bot: a question that shows what goes, nothing removed before the
tap, and a clear way back (its ↩️ Undo: test_unfollow_undo.py)."""
from __future__ import annotations

import pytest

from sandbox.client import SandboxClient
from tests.conftest import RunningBot, new_group
from tests.handlers.test_subscribe import READER, ask, buttons, follow_directly, follows, message_now, utf16_length


@pytest.fixture
async def reader(bot: RunningBot, sandbox_client: SandboxClient) -> RunningBot:
    await sandbox_client.create_user(READER, "Amina")
    return bot


async def tap(client: SandboxClient, chat_id: int, message: dict, label: str, user_id: int = READER) -> dict:
    [data] = [b["callback_data"] for b in buttons(message) if b["text"].startswith(label)]
    return await client.wait_for_callback_answer(await client.click(chat_id, message["message_id"], data, user_id=user_id))


async def edited(client: SandboxClient, chat_id: int, message: dict) -> dict:
    """The message once the tap has edited it (the answer comes first)."""
    async def changed() -> bool:
        return (await message_now(client, chat_id, message["message_id"])).get("edit_count", 0) > 0
    await client.wait_for(changed)
    return await message_now(client, chat_id, message["message_id"])


@pytest.mark.parametrize("command", ["/unsubscribe all", "/unsubscribe everything", "/stop"])
async def test_stop_following_everything_after_a_question_that_shows_what_goes(
    reader: RunningBot, sandbox_client: SandboxClient, command: str
) -> None:
    await ask(sandbox_client, "/subscribe morocco +election")
    await ask(sandbox_client, "/subscribe south korea tech")
    question = await ask(sandbox_client, command)
    assert question["text"].splitlines()[:4] == [
        "Stop following everything? This chat would no longer follow:",
        "• 🇲🇦 Morocco (only with election)",
        "• 🇰🇷 South Korea",
        "• 💻 Technology",
    ], question["text"]
    assert "/pause 3d" in question["text"]
    assert [b["text"] for b in buttons(question)] == ["🔕 Unfollow all 3", "Keep them"]
    assert len(await follows(reader, READER)) == 3  # nothing goes before the tap
    answer = await tap(sandbox_client, READER, question, "🔕")
    assert answer["text"] == "🔕 Unfollowed 3."
    assert await follows(reader, READER) == set()
    done = await edited(sandbox_client, READER, question)
    assert done["text"].startswith("🔕 This chat no longer follows anything, and no breaking news comes here either; "
                                   "/breaking_alerts on brings it back. It followed:\n• 🇲🇦 Morocco (only with election)")
    assert "To follow them again, send /subscribe morocco, south korea, tech, then set their keyword filters again" in done["text"]
    assert [b["text"] for b in buttons(done)] == ["↩️ Undo"]  # tests/handlers/test_unfollow_undo.py
    # The way back works as given.
    again = await ask(sandbox_client, "/subscribe morocco, south korea, tech")
    assert again["text"].startswith("🔔 This chat now follows 🇲🇦 Morocco, 🇰🇷 South Korea and 💻 Technology.")


async def test_keep_them_changes_nothing(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    await ask(sandbox_client, "/subscribe morocco tech")
    question = await ask(sandbox_client, "/stop")
    await tap(sandbox_client, READER, question, "Keep them")
    assert (await edited(sandbox_client, READER, question))["text"] == \
        "Nothing changed. This chat still follows 🇲🇦 Morocco and 💻 Technology."
    assert await follows(reader, READER) == {("country", "MA"), ("topic", "technology")}


async def test_what_was_followed_after_the_question_is_kept(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    await ask(sandbox_client, "/subscribe morocco")
    question = await ask(sandbox_client, "/unsubscribe all")
    await ask(sandbox_client, "/subscribe israel")
    await tap(sandbox_client, READER, question, "🔕")
    assert await follows(reader, READER) == {("country", "IL")}
    # A second tap (sent before the edit arrived) finds none of them.
    [data] = [b["callback_data"] for b in buttons(question) if b["text"].startswith("🔕")]
    late = await sandbox_client.click(READER, question["message_id"], data, user_id=READER, forged=True)
    assert "none of them" in (await sandbox_client.wait_for_callback_answer(late))["text"]
    assert await follows(reader, READER) == {("country", "IL")}


async def test_what_took_a_freed_id_after_the_question_is_kept(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    await ask(sandbox_client, "/subscribe morocco")
    await ask(sandbox_client, "/subscribe tech")
    question = await ask(sandbox_client, "/stop")
    await ask(sandbox_client, "/unsubscribe tech")
    await ask(sandbox_client, "/subscribe israel")  # takes tech's id: subscriptions' ids are handed out again
    answer = await tap(sandbox_client, READER, question, "🔕")
    assert answer["text"] == ("What it follows may have changed since I asked: the message shows it as it is now. "
                              "Tap 🔕 Unfollow all again to stop it all.")
    assert await follows(reader, READER) == {("country", "MA"), ("country", "IL")}
    asked_again = await edited(sandbox_client, READER, question)
    assert asked_again["text"].splitlines()[:3] == [
        "Stop following everything? This chat would no longer follow:", "• 🇲🇦 Morocco", "• 🇮🇱 Israel",
    ], asked_again["text"]
    assert (await tap(sandbox_client, READER, asked_again, "🔕 Unfollow all 2"))["text"] == "🔕 Unfollowed 2."
    assert await follows(reader, READER) == set()


async def test_a_button_from_before_the_set_was_named_removes_nothing_and_asks_again(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    await ask(sandbox_client, "/subscribe morocco")
    question = await ask(sandbox_client, "/stop")
    old = await sandbox_client.click(READER, question["message_id"], "ua:go:1", user_id=READER, forged=True)
    assert (await sandbox_client.wait_for_callback_answer(old))["text"].startswith("What it follows may have changed")
    assert await follows(reader, READER) == {("country", "MA")}


async def test_following_nothing_says_so(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await ask(sandbox_client, "/stop")
    assert reply["text"].startswith("This chat follows nothing, so there is nothing to stop.") and not buttons(reply)


async def test_a_long_list_fits_one_message_with_the_way_back(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    from news.countries import COUNTRIES

    await ask(sandbox_client, "/subscribe morocco")
    await follow_directly(reader, [c.code for c in COUNTRIES if c.code != "MA"][:119],
                          exclude=tuple(f"word{i}" for i in range(1000)))
    question = await ask(sandbox_client, "/unsubscribe all")
    assert utf16_length(question["text"]) <= 4096 and "…and " in question["text"]
    await tap(sandbox_client, READER, question, "🔕 Unfollow all 120")
    done = await edited(sandbox_client, READER, question)
    assert utf16_length(done["text"]) <= 4096 and "To follow the first 50 again, send /subscribe " in done["text"]
    assert await follows(reader, READER) == set()


async def test_in_a_group_only_admins_stop_everything(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    group = await new_group(sandbox_client, "Newsroom")
    await sandbox_client.set_member(group["id"], READER, "member")
    await sandbox_client.set_member(group["id"], 302, "administrator")
    await ask(sandbox_client, "/subscribe morocco", chat_id=group["id"], user_id=302)
    refused = await ask(sandbox_client, "/unsubscribe all", chat_id=group["id"], user_id=READER)
    assert "Only this group's admins" in refused["text"]
    question = await ask(sandbox_client, "/stop", chat_id=group["id"], user_id=302)
    assert "🔕 Unfollow all 1" in [b["text"] for b in buttons(question)]
    answer = await tap(sandbox_client, group["id"], question, "🔕", user_id=READER)
    assert "Only this group's admins" in answer["text"]
    assert await follows(reader, group["id"]) == {("country", "MA")}
    await tap(sandbox_client, group["id"], question, "🔕", user_id=302)
    assert await follows(reader, group["id"]) == set()


async def test_help_names_stop(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    text = (await ask(sandbox_client, "/help"))["text"]
    assert "/stop — Stop following everything (asks first)" in text and "/unsubscribe all" in text
    assert {"command": "stop", "description": "Stop following everything (asks first)"} in await sandbox_client.commands()
