"""A few plain words in a private chat get what they ask for: "stop" is /stop, "help" is /help, "any news on
morocco?" is /morocco, a greeting ("hello world") gets a greeting, a pasted link is pointed to /search (and for an
admin to /breaking). Longer talk gets the pointer to the commands, and text in a group no answer at all."""
from __future__ import annotations

import pytest

from sandbox.client import SandboxClient
from tests.conftest import ADMIN_ID, RunningBot, new_group
from tests.handlers.test_country_commands import _ingest_seed
from tests.handlers.test_subscribe import READER, ask, buttons, follows

FALLBACK = "I answer commands: try /latest, /morocco or /search earthquake. /help lists them all."


@pytest.fixture
async def reader(bot: RunningBot, sandbox_client: SandboxClient) -> RunningBot:
    await sandbox_client.create_user(READER, "Amina")
    return bot


@pytest.mark.parametrize("typed", ["stop", "Unsubscribe", "stop all.", "unfollow", "stop everything please"])
async def test_stop_typed_without_the_slash_asks_what_stop_asks(
    reader: RunningBot, sandbox_client: SandboxClient, typed: str
) -> None:
    await ask(sandbox_client, "/subscribe morocco tech")
    command = await ask(sandbox_client, "/stop")
    typed_reply = await ask(sandbox_client, typed)
    assert typed_reply["text"] == command["text"] and typed_reply["text"].startswith("Stop following everything?")
    assert [b["text"] for b in buttons(typed_reply)] == ["🔕 Unfollow all 2", "Keep them"]


async def test_help_typed_without_the_slash_gets_the_help(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    assert (await ask(sandbox_client, "help"))["text"] == (await ask(sandbox_client, "/help"))["text"]


@pytest.mark.parametrize("typed, command, header", [
    pytest.param("any news on morocco?", "/morocco", "🇲🇦 Morocco — latest", id="country"),
    pytest.param("What's new in the US", "/usa", "🇺🇸 United States — latest", id="us-after-the"),
    pytest.param("tech news please", "/tech", "💻 Technology — latest", id="topic"),
    pytest.param("news from the world", "/world", "🌍 World & diplomacy — latest", id="news-from-the-world"),
    pytest.param("what's happening in the world", "/world", "🌍 World & diplomacy — latest", id="happening"),
    pytest.param("what about israel?", "/israel", "🇮🇱 Israel — latest", id="what-about"),
    pytest.param("morocco today please", "/morocco", "🇲🇦 Morocco — latest", id="only-small-words-beside-it"),
])
async def test_a_short_sentence_naming_one_country_or_topic_gets_its_latest(
    reader: RunningBot, sandbox_client: SandboxClient, typed: str, command: str, header: str
) -> None:
    await _ingest_seed(reader)
    reply = await ask(sandbox_client, typed)
    assert reply["text"].startswith(header), reply["text"]
    answered = await ask(sandbox_client, command)
    assert (reply["text"], reply.get("reply_markup")) == (answered["text"], answered.get("reply_markup"))


GREETING = ("👋 Hello, Amina! I bring the news: try /latest, /morocco or /tech, and /subscribe for a digest on your "
            "own schedule. /help lists every command.")


@pytest.mark.parametrize("typed", [
    pytest.param("hello world", id="hello-world"),
    pytest.param("Hello, World!", id="capitals-and-commas"),
    pytest.param("good morning world", id="good-morning"),
    pytest.param("hi, how is the world?", id="chit-chat"),
    pytest.param("hey world cup", id="no-request"),
    pytest.param("hi", id="hi"),
])
async def test_a_greeting_gets_a_greeting_and_a_pointer_to_help_not_world_news(
    reader: RunningBot, sandbox_client: SandboxClient, typed: str
) -> None:
    """"hello world" named World and got World's latest: a greeting naming a topic asks for no news."""
    await _ingest_seed(reader)
    assert (await ask(sandbox_client, typed))["text"] == GREETING


@pytest.mark.parametrize("typed, command, header", [
    pytest.param("hi, any news on morocco?", "/morocco", "🇲🇦 Morocco — latest", id="greeting-then-request"),
    pytest.param("good morning, what's new in tech", "/tech", "💻 Technology — latest", id="good-morning-then-request"),
])
async def test_a_greeting_before_a_request_gets_what_is_asked(
    reader: RunningBot, sandbox_client: SandboxClient, typed: str, command: str, header: str
) -> None:
    await _ingest_seed(reader)
    reply = await ask(sandbox_client, typed)
    assert reply["text"].startswith(header), reply["text"]
    assert reply["text"] == (await ask(sandbox_client, command))["text"]
    world = await ask(sandbox_client, "world news")
    assert world["text"].startswith("For World & diplomacy, tap /world"), world["text"]


@pytest.mark.parametrize("typed", [
    pytest.param("tell us about it", id="us-as-a-pronoun"),
    pytest.param("morocco or israel?", id="two-names"),
    pytest.param("it's a small world", id="small-world"),
    pytest.param("world peace", id="world-peace"),
    pytest.param("what a world", id="what-a-world"),
    pytest.param("I love morocco", id="talk-naming-a-country"),
    pytest.param("I was reading about the elections in Morocco yesterday and wondered what you think", id="long"),
    pytest.param("I was reading https://news.example/morocco-vote about the elections in Morocco yesterday and "
                 "wondered what you think", id="long-with-a-link"),
])
async def test_unclear_or_long_text_gets_the_pointer_to_the_commands(
    reader: RunningBot, sandbox_client: SandboxClient, typed: str
) -> None:
    assert (await ask(sandbox_client, typed))["text"] == FALLBACK


async def test_a_pasted_link_is_pointed_to_search_and_for_an_admin_to_breaking(
    reader: RunningBot, sandbox_client: SandboxClient
) -> None:
    link = "https://news.example/2026/11/quake-hits-marrakesh"
    reply = await ask(sandbox_client, f"look: {link}")
    assert "/search" in reply["text"] and "/breaking" not in reply["text"]
    await sandbox_client.create_user(ADMIN_ID, "Editor")
    admin = await ask(sandbox_client, link, chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "/search" in admin["text"] and f"/breaking {link}" in admin["text"]
    # a push goes to the readers of the item's countries and topics, chosen in its preview: not to every reader
    assert "every reader" not in admin["text"]
    assert "the preview shows who gets it" in admin["text"]


async def test_text_in_a_group_gets_no_answer(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    group = await new_group(sandbox_client, "Newsroom")
    [welcome] = await sandbox_client.bot_messages(group["id"])
    await sandbox_client.send_message(group["id"], "stop", user_id=READER, reply_to_message_id=welcome["message_id"])
    await sandbox_client.send_message(group["id"], "any news on morocco?", user_id=READER,
                                      reply_to_message_id=welcome["message_id"])
    help_reply = await ask(sandbox_client, "/help", chat_id=group["id"])  # a chat's updates are handled in order
    assert "/latest" in help_reply["text"]
    assert len(await sandbox_client.bot_messages(group["id"])) == 2


@pytest.mark.parametrize("typed, followed", [
    pytest.param("subscribe to israel", {("country", "IL")}, id="subscribe-to"),
    pytest.param("follow libya", {("country", "LY")}, id="follow"),
    pytest.param("follow libya for me pls", {("country", "LY")}, id="polite"),
    pytest.param("Follow Morocco and tech", {("country", "MA"), ("topic", "technology")}, id="several"),
])
async def test_follow_typed_without_the_slash_follows(
    reader: RunningBot, sandbox_client: SandboxClient, typed: str, followed: set[tuple[str, str]]
) -> None:
    """"follow libya" showed Libya's latest instead of following it: it answers as /subscribe libya."""
    await _ingest_seed(reader)
    reply = await ask(sandbox_client, typed)
    assert "now follows" in reply["text"] and "— latest" not in reply["text"], reply["text"]
    assert await follows(reader, READER) == followed


@pytest.mark.parametrize("typed, gone, kept", [
    pytest.param("unsubscribe tech", ("topic", "technology"), ("country", "MA"), id="unsubscribe"),
    pytest.param("unfollow morocco", ("country", "MA"), ("topic", "technology"), id="unfollow"),
    pytest.param("stop morocco", ("country", "MA"), ("topic", "technology"), id="stop-name"),
    pytest.param("stop following Tech please", ("topic", "technology"), ("country", "MA"), id="stop-following"),
])
async def test_unfollow_typed_without_the_slash_unfollows(
    reader: RunningBot, sandbox_client: SandboxClient, typed: str, gone: tuple[str, str], kept: tuple[str, str]
) -> None:
    """"unsubscribe tech" showed Technology's latest, "stop morocco" Morocco's: the opposite of what they ask."""
    await _ingest_seed(reader)
    await ask(sandbox_client, "/subscribe morocco tech")
    reply = await ask(sandbox_client, typed)
    assert "no longer follows" in reply["text"] and "— latest" not in reply["text"], reply["text"]
    assert await follows(reader, READER) == {kept}


async def test_a_verb_beside_other_words_offers_the_one_tap_equivalent(
    reader: RunningBot, sandbox_client: SandboxClient
) -> None:
    """Words that are not only names after the verb are not acted on: the reply offers the tap that does it."""
    await ask(sandbox_client, "/subscribe morocco")
    reply = await ask(sandbox_client, "stop sending me morocco stuff")
    assert buttons(reply) == [{"text": "🔕 Unfollow 🇲🇦 Morocco", "callback_data": "sub:u:c:MA"}], reply
    assert await follows(reader, READER) == {("country", "MA")}
    reply = await ask(sandbox_client, "follow the libya crisis")
    assert buttons(reply) == [{"text": "🔔 Follow 🇱🇾 Libya", "callback_data": "sub:country:LY"}], reply
    await sandbox_client.wait_for_callback_answer(
        await sandbox_client.click(READER, reply["message_id"], "sub:country:LY", user_id=READER))
    assert await follows(reader, READER) == {("country", "MA"), ("country", "LY")}


@pytest.mark.parametrize("typed", ["thanks!", "Thank you", "thx", "thanks a lot"])
async def test_thanks_gets_a_friendly_short_reply(reader: RunningBot, sandbox_client: SandboxClient, typed: str) -> None:
    """"thanks!" got "I answer commands: try /latest…", which reads curt after a thank-you."""
    assert (await ask(sandbox_client, typed))["text"] == "🙂 You're welcome! /latest brings the news, /help every command."
