"""A supergroup's members may look at its digest settings; only its admins change them, and members are told so."""
from __future__ import annotations

import pytest

from sandbox.client import SandboxClient
from tests.conftest import RunningBot
from tests.handlers.test_subscribe import READER, ask, buttons, follows, reader  # noqa: F401 (a fixture)

ADMIN = 302


def pointer(bot: RunningBot) -> str:
    """What every refusal of a member who is no admin ends with: where to follow things of their own."""
    return f" Message me (@{bot.app.bot.username}) to follow what you like and get digests of your own."


@pytest.fixture
async def supergroup(reader: RunningBot, sandbox_client: SandboxClient) -> int:
    """A supergroup following Morocco, quiet at night, where READER is a member and ADMIN an admin."""
    group = await sandbox_client.create_chat("supergroup", "Newsroom")
    await sandbox_client.wait_for_bot_messages(group["id"], 1)  # its welcome
    await sandbox_client.set_member(group["id"], READER, "member")
    await sandbox_client.set_member(group["id"], ADMIN, "administrator")
    await ask(sandbox_client, "/subscribe morocco", chat_id=group["id"], user_id=ADMIN)
    await ask(sandbox_client, "/quiet 22:00-07:00", chat_id=group["id"], user_id=ADMIN)
    return group["id"]


@pytest.mark.parametrize(("command", "shown", "note"), [
    pytest.param("/settings", "Digest settings for this group\nTime zone: UTC\nDigests: every day at 08:00\n"
                              "Quiet hours: 22:00–07:00", "Only this group's admins can change them.", id="settings"),
    pytest.param("/digest", "Digest settings for this group\nTime zone: UTC\nDigests: every day at 08:00",
                 "Only this group's admins can change its digest settings.", id="digest"),
    pytest.param("/timezone", "Time zone: UTC.", "Only this group's admins can change it.", id="timezone"),
    pytest.param("/quiet", "Quiet hours: 22:00–07:00.", "Only this group's admins can change them.", id="quiet"),
    pytest.param("/pause", "Digests and breaking news aren't paused.", "Only this group's admins can change that.", id="pause"),
])
async def test_a_member_sees_a_setting_and_is_told_only_admins_change_it(
    reader: RunningBot, sandbox_client: SandboxClient, supergroup: int, command: str, shown: str, note: str
) -> None:
    seen = await ask(sandbox_client, f"{command}@{reader.app.bot.username}", chat_id=supergroup, user_id=READER)
    assert seen["text"].startswith(shown) and seen["text"].endswith(note + pointer(reader)), seen["text"]
    assert "Usage" not in seen["text"] and not buttons(seen)


async def test_a_member_who_tries_a_change_is_refused_before_the_words_are_read(
    reader: RunningBot, sandbox_client: SandboxClient, supergroup: int
) -> None:
    for command in ("/quiet late", "/pause soon", "/quiet off"):
        refused = await ask(sandbox_client, command, chat_id=supergroup, user_id=READER)
        assert refused["text"].startswith("Only this group's admins can change"), refused["text"]
    assert "Quiet hours: 22:00–07:00" in (await ask(sandbox_client, "/settings", chat_id=supergroup, user_id=ADMIN))["text"]


async def test_admins_see_the_current_value_with_the_usage(
    reader: RunningBot, sandbox_client: SandboxClient, supergroup: int
) -> None:
    quiet = await ask(sandbox_client, "/quiet", chat_id=supergroup, user_id=ADMIN)
    assert quiet["text"] == "Quiet hours: 22:00–07:00.\nUsage: /quiet 22:00-07:00 (or 10pm-7am, or /quiet off)"
    settings = await ask(sandbox_client, "/settings", chat_id=supergroup, user_id=ADMIN)
    assert buttons(settings) and "Only this group's admins" not in settings["text"]


async def test_a_members_bare_unsubscribe_shows_the_list_to_read(
    reader: RunningBot, sandbox_client: SandboxClient, supergroup: int
) -> None:
    seen = await ask(sandbox_client, f"/unsubscribe@{reader.app.bot.username}", chat_id=supergroup, user_id=READER)
    assert seen["text"].startswith("This group follows\n• 🇲🇦 Morocco") and not buttons(seen)
    assert ("Only this group's admins can change them." + pointer(reader)) in seen["text"]
    refused = await ask(sandbox_client, "/unsubscribe morocco", chat_id=supergroup, user_id=READER)
    assert refused["text"] == "Only this group's admins can change its subscriptions and digest settings." + pointer(reader)
    assert await follows(reader, supergroup) == {("country", "MA")}


async def test_a_member_who_asks_for_a_digest_now_is_told_where_to_read_the_news(
    reader: RunningBot, sandbox_client: SandboxClient, supergroup: int
) -> None:
    before = len(await sandbox_client.bot_messages(supergroup))
    refused = await ask(sandbox_client, "/digest now", chat_id=supergroup, user_id=READER)
    assert refused["text"] == ("Only this group's admins can post a digest to the whole group. /latest shows the newest "
                               "stories here." + pointer(reader))
    await sandbox_client.send_message(supergroup, "/digest now", user_id=ADMIN)  # an admin's is posted for everyone
    messages = await sandbox_client.wait_for_bot_messages(supergroup, before + 2)
    assert len(messages) == before + 2 and "Only this group's admins" not in messages[-1]["text"]


async def test_a_members_subscriptions_list_does_not_invite_changes(
    reader: RunningBot, sandbox_client: SandboxClient, supergroup: int
) -> None:
    seen = await ask(sandbox_client, f"/subscriptions@{reader.app.bot.username}", chat_id=supergroup, user_id=READER)
    assert seen["text"].endswith("Digests for this group: every day at 08:00 UTC.\nOnly this group's admins can change "
                                 "them." + pointer(reader)), seen["text"]
    assert "Change with" not in seen["text"] and not buttons(seen)
    admins = await ask(sandbox_client, "/subscriptions", chat_id=supergroup, user_id=ADMIN)
    assert admins["text"].endswith("Change with /digest and /timezone.") and buttons(admins)


@pytest.mark.parametrize("command", ["/subscribe tech", "/unsubscribe morocco", "/stop@{bot}", "/unsubscribe all",
                                     "/timezone Paris", "/digest 09:00", "/quiet off", "/pause 3d", "/breaking_alerts off"])
async def test_every_refused_change_says_who_may_and_where_to_follow_privately(
    reader: RunningBot, sandbox_client: SandboxClient, supergroup: int, command: str
) -> None:
    refused = await ask(sandbox_client, command.format(bot=reader.app.bot.username), chat_id=supergroup, user_id=READER)
    assert refused["text"] == "Only this group's admins can change its subscriptions and digest settings." + pointer(reader)


async def test_a_members_tap_on_an_admins_button_is_refused_with_the_same_pointer(
    reader: RunningBot, sandbox_client: SandboxClient, supergroup: int
) -> None:
    listing = await ask(sandbox_client, "/subscriptions", chat_id=supergroup, user_id=ADMIN)
    query = await sandbox_client.click(supergroup, listing["message_id"], buttons(listing)[0]["callback_data"], user_id=READER)
    answer = await sandbox_client.wait_for_callback_answer(query)
    assert answer["text"] == "Only this group's admins can change its subscriptions and digest settings." + pointer(reader)
    assert answer["show_alert"] and len(answer["text"]) <= 200
