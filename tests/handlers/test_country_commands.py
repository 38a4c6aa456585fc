"""End to end: the real bot over real HTTP against the sandbox answers country commands from stored news."""
from __future__ import annotations

import logging
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from clock import ManualClock
from ingest.files import parse_text_article
from ingest.store import store_raw
from sandbox.client import SandboxClient
from storage.articles import latest_for_country
from tests.conftest import BotFactory, FIXTURES, RunningBot, new_group, wait_until
from tests.handlers.test_subscribe import READER

USER = 501
ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "blockquote", "span", "tg-spoiler", "tg-emoji"}


async def _ingest_seed(bot: RunningBot) -> None:
    raw = parse_text_article((FIXTURES / "seed_article.txt").read_text(encoding="utf-8"), source="Seed News")
    await store_raw(bot.db, raw, bot.clock.now())


async def _ask(sandbox_client: SandboxClient, text: str, *, chat_id: int = USER, user_id: int = USER) -> dict:
    before = len(await sandbox_client.bot_messages(chat_id))
    await sandbox_client.send_message(chat_id=chat_id, user_id=user_id, text=text)
    messages = await sandbox_client.wait_for_bot_messages(chat_id, count=before + 1)
    return messages[before]


@pytest.fixture
async def seeded_bot(bot: RunningBot, sandbox_client: SandboxClient) -> RunningBot:
    await sandbox_client.create_user(id=USER, first_name="Amina")
    await _ingest_seed(bot)
    return bot


async def test_morocco_gets_a_clean_item_about_pompeo(seeded_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await _ask(sandbox_client, "/morocco")
    text = reply["text"]
    assert "Morocco Flash 90" not in text
    assert "WhatsApp" not in text
    assert any(name in text for name in ("Pompeo", "Rabat", "Mohammed VI"))
    assert "Seed News" in text
    tags = set(re.findall(r"</?([a-z-]+)", reply["html"]))
    assert tags <= ALLOWED_TAGS
    buttons = [b["callback_data"] for row in reply["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == ["sub:country:MA"]


@pytest.mark.parametrize("command", ["/usa", "/us", "/news united states", "/news United States"])
async def test_united_states_aliases_answer_with_the_seed(
    seeded_bot: RunningBot, sandbox_client: SandboxClient, command: str
) -> None:
    reply = await _ask(sandbox_client, command)
    assert "United States" in reply["text"]
    assert "Pompeo" in reply["text"]


async def test_misspelt_country_suggests_the_right_command(seeded_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await _ask(sandbox_client, "/moroco")
    assert "Did you mean" in reply["text"] and "/morocco" in reply["text"]
    reply = await _ask(sandbox_client, "/news Marokk")  # a slip in German
    assert "Did you mean /morocco (Morocco)?" in reply["text"]


@pytest.mark.parametrize(("typo", "command"), [
    pytest.param("/hepl", "/help", id="swapped-letters"),
    pytest.param("/serach", "/search", id="swapped-in-a-longer-word"),
    pytest.param("/nwes", "/news", id="short-word"),
    pytest.param("/sttings", "/settings", id="missing-letter"),
])
async def test_misspelt_bot_command_suggests_it(
    seeded_bot: RunningBot, sandbox_client: SandboxClient, typo: str, command: str
) -> None:
    reply = await _ask(sandbox_client, typo)
    assert f"Did you mean {command}" in reply["text"], reply["text"]


@pytest.mark.parametrize(("other_name", "command"), [
    pytest.param("/moroccan", "/morocco", id="demonym"),
    pytest.param("/Moroccans", "/morocco", id="plural-demonym-any-case"),
    pytest.param("/american", "/usa", id="another-country"),
    pytest.param("/maroc", "/morocco", id="french-name"),
    pytest.param("/news Marruecos", "/morocco", id="spanish-name"),
    pytest.param("/news Марокко", "/morocco", id="russian-name"),
    pytest.param("/news المغرب", "/morocco", id="arabic-name"),
    pytest.param("/news 🇲🇦", "/morocco", id="flag"),
    pytest.param("/news États-Unis", "/usa", id="french-name-with-accents"),
])
async def test_a_country_by_another_of_its_names_answers_as_its_command(
    seeded_bot: RunningBot, sandbox_client: SandboxClient, other_name: str, command: str
) -> None:
    expected = await _ask(sandbox_client, command)
    reply = await _ask(sandbox_client, other_name)
    assert "Pompeo" in reply["text"]
    assert (reply["text"], reply["reply_markup"]) == (expected["text"], expected["reply_markup"])


@pytest.mark.parametrize("typed", ["المغرب", "Marokko", "🇲🇦"])
async def test_a_country_typed_in_another_language_gets_its_command(
    seeded_bot: RunningBot, sandbox_client: SandboxClient, typed: str
) -> None:
    assert (await _ask(sandbox_client, typed))["text"].startswith("For Morocco, tap /morocco")


@pytest.mark.parametrize(("typed", "country"), [
    pytest.param("Россия", "For Russia, tap /russia", id="russia-in-russian"),
    pytest.param("روسيا", "For Russia, tap /russia", id="russia-in-arabic"),
    pytest.param("Russland", "For Russia, tap /russia", id="russia-in-german"),
    pytest.param("ایران", "For Iran, tap /iran", id="iran-in-persian"),
])
async def test_a_country_by_the_short_name_iso_lacks_gets_its_command(
    seeded_bot: RunningBot, sandbox_client: SandboxClient, typed: str, country: str
) -> None:
    assert (await _ask(sandbox_client, typed))["text"].startswith(country)


async def test_a_two_letter_country_code_that_is_no_command_only_gets_a_suggestion(
    seeded_bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    reply = await _ask(sandbox_client, "/me")  # another bot's habit more likely than Montenegro
    assert reply["text"] == "I don't know /me. Did you mean /montenegro?"


async def test_unknown_country_gets_a_clear_answer(seeded_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await _ask(sandbox_client, "/narnia")
    assert "no such country" in reply["text"]
    reply = await _ask(sandbox_client, "/news Narnia")
    assert "no such country" in reply["text"]


async def test_country_with_accents_and_spaces(seeded_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await _ask(sandbox_client, "/news Côte d'Ivoire")
    assert "Côte d’Ivoire" in reply["text"] or "Côte d'Ivoire" in reply["text"]
    assert "No recent stories" in reply["text"]


async def test_group_command_addressed_to_the_bot(seeded_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    group = await new_group(sandbox_client, "Newsroom")
    await sandbox_client.set_member(group["id"], USER, "member")
    reply = await _ask(sandbox_client, f"/morocco@{seeded_bot.app.bot.username}", chat_id=group["id"])
    assert "Pompeo" in reply["text"]


async def test_help_lists_every_command_and_menu_is_published(seeded_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await _ask(sandbox_client, "/help")
    commands = await sandbox_client.commands()
    assert commands, "setMyCommands was not called"
    for command in commands:
        assert f"/{command['command']}" in reply["text"]


async def test_restart_keeps_data_and_does_not_reanswer(
    seeded_bot: RunningBot, sandbox_client: SandboxClient, start_bot: BotFactory
) -> None:
    await _ask(sandbox_client, "/morocco")
    await seeded_bot.stop()
    restarted = await start_bot()
    reply = await _ask(sandbox_client, "/latest")
    assert "Pompeo" in reply["text"]
    texts = [m["text"] for m in await sandbox_client.bot_messages(USER)]
    assert sum("Morocco — latest" in t for t in texts) == 1, "the old /morocco was answered twice"
    await restarted.stop()


async def test_429_is_retried_after_retry_after(seeded_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    clock = seeded_bot.clock
    await sandbox_client.inject_fault(method="sendMessage", count=1, error=429, retry_after=7)
    retry_at = clock.now() + timedelta(seconds=7)
    await sandbox_client.send_message(chat_id=USER, user_id=USER, text="/morocco")
    await sandbox_client.wait_for(lambda: _has_status(sandbox_client, 429))

    async def retry_waits() -> bool:  # on the bot's clock, for retry_after
        return clock.sleepers_until(retry_at) == 1
    await wait_until(retry_waits)
    clock.advance(6)
    assert clock.sleepers_until(retry_at) == 1, "the reply was retried before retry_after had passed"
    clock.advance(1)
    (reply,) = await sandbox_client.wait_for_bot_messages(USER, 1)
    assert "Pompeo" in reply["text"]
    assert [c["status"] for c in await sandbox_client.calls(method="sendMessage")] == [429, 200]


async def test_a_reply_that_meets_429_after_429_still_arrives(seeded_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    """Telegram may answer 429 again when a pause ends (the flood wait of a busy bot); the reply is
    retried after each retry_after, never dropped."""
    clock, refusals = seeded_bot.clock, 5
    await sandbox_client.inject_fault(method="sendMessage", count=refusals, error=429, retry_after=7)
    await sandbox_client.send_message(chat_id=USER, user_id=USER, text="/morocco")
    for refused in range(1, refusals + 1):
        await sandbox_client.wait_for(lambda: _count_status(sandbox_client, 429, refused))
        await wait_until(lambda: _waiting(clock, 7))
        clock.advance(7)
    (reply,) = await sandbox_client.wait_for_bot_messages(USER, 1)
    assert "Pompeo" in reply["text"]
    assert [c["status"] for c in await sandbox_client.calls(method="sendMessage")] == [429] * refusals + [200]


async def _count_status(client: SandboxClient, status: int, count: int) -> bool:
    return sum(c["status"] == status for c in await client.calls(method="sendMessage")) >= count




async def test_a_reply_that_meets_a_server_error_is_sent_again(seeded_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    """Telegram's 5xx and network errors are passing: the reply is tried again with a growing wait."""
    clock = seeded_bot.clock
    await sandbox_client.inject_fault(method="sendMessage", count=2, error=502)
    await sandbox_client.send_message(chat_id=USER, user_id=USER, text="/morocco")
    for failed, wait in ((1, 1), (2, 2)):  # the waits double
        await sandbox_client.wait_for(lambda: _count_status(sandbox_client, 502, failed))
        await wait_until(lambda: _waiting(clock, wait))
        assert len(await sandbox_client.calls(method="sendMessage")) == failed, "tried again without waiting"
        clock.advance(wait)
    (reply,) = await sandbox_client.wait_for_bot_messages(USER, 1)
    assert "Pompeo" in reply["text"]
    assert [c["status"] for c in await sandbox_client.calls(method="sendMessage")] == [502, 502, 200]


async def _waiting(clock: ManualClock, seconds: float) -> bool:
    return clock.sleepers_until(clock.now() + timedelta(seconds=seconds)) >= 1


async def test_a_reply_to_a_group_just_upgraded_goes_to_the_supergroup(
    seeded_bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    """The group became a supergroup while its command was answered: Telegram's 400 names the new chat,
    and the reply goes there instead of being lost."""
    group = await new_group(sandbox_client, "Desk")
    supergroup = await sandbox_client.create_chat("supergroup", "Desk")
    await sandbox_client.wait_for_bot_messages(supergroup["id"], 1)  # its welcome
    await sandbox_client.inject_fault(method="sendMessage", chat_id=group["id"], error=400,
                                      description="Bad Request: group chat was upgraded to a supergroup chat",
                                      migrate_to_chat_id=supergroup["id"])
    await sandbox_client.send_message(chat_id=group["id"], user_id=USER, text="/morocco")
    welcome, reply = await sandbox_client.wait_for_bot_messages(supergroup["id"], 2)
    assert "Pompeo" in reply["text"]


async def test_403_is_logged_and_the_bot_keeps_working(
    seeded_bot: RunningBot, sandbox_client: SandboxClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    await sandbox_client.inject_fault(method="sendMessage", count=1, error=403, description="Forbidden: bot was blocked by the user")
    await sandbox_client.send_message(chat_id=USER, user_id=USER, text="/morocco")
    await sandbox_client.wait_for(lambda: _has_status(sandbox_client, 403))
    reply = await _ask(sandbox_client, "/latest")
    assert "Pompeo" in reply["text"]
    [refused] = [r for r in caplog.records if "Forbidden" in r.getMessage() and r.name.startswith("handlers.")]
    assert refused.getMessage().startswith(f"chat deactivated chat_id={USER} ") and refused.exc_info is None


async def _has_status(client: SandboxClient, status: int) -> bool:
    return any(c["status"] == status for c in await client.calls(method="sendMessage"))


async def test_an_item_shows_when_it_came_out_on_the_chats_clock(seeded_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    """A reply stays in the chat: "2 h ago" would be wrong when read later; the time is the chat's own."""
    [seed] = await latest_for_country(seeded_bot.db, "MA", 1)
    utc = await _ask(sandbox_client, "/morocco")
    assert f"Seed News · {seed.published_at.astimezone(ZoneInfo('UTC')):%H:%M}" in utc["text"]
    await _ask(sandbox_client, "/timezone Tokyo")
    seeded_bot.clock.advance(hours=2)
    tokyo = await _ask(sandbox_client, "/morocco")
    assert f"Seed News · {seed.published_at.astimezone(ZoneInfo('Asia/Tokyo')):%H:%M}" in tokyo["text"]
    assert "ago" not in tokyo["text"]


async def test_countries_lists_them_in_alphabetical_order_in_even_messages_with_their_short_commands(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    """/cote_divoire came after /czechia, the list was a 3,390-character message and a small one, and it showed
    /united_states and /united_kingdom where /start and /help teach /usa and /uk."""
    await sandbox_client.create_user(READER, "Amina")
    await sandbox_client.send_message(READER, "/countries", user_id=READER)
    await wait_until(lambda: _messages_settled(sandbox_client))
    texts = [m["text"] for m in await sandbox_client.bot_messages(READER)]
    listed = "\n".join(texts)
    assert listed.index("/colombia") < listed.index("/cote_divoire") < listed.index("/croatia") < listed.index("/czechia")
    assert "/usa" in listed and "/uk" in listed and "/united_states" not in listed and "/united_kingdom" not in listed
    sizes = [len(text) for text in texts]
    assert len(sizes) >= 2 and min(sizes) > 0.8 * max(sizes), sizes


async def _messages_settled(client: SandboxClient) -> bool:
    texts = [m["text"] for m in await client.bot_messages(READER)]
    return bool(texts) and "/zimbabwe" in texts[-1]
