"""Names and keyword filters as readers type them, through the real bot: flags beside names, filters with quotes
and punctuation, two-letter words that are also country codes, several names to /news, names of several words."""
from __future__ import annotations

import pytest

from clock import ManualClock
from ingest.store import store_raw
from news.models import RawArticle
from sandbox.client import SandboxClient
from storage import subscriptions as subscription_store
from tests.conftest import RunningBot
from tests.handlers.test_subscribe import READER, ask, filters_of, follows

DAM_COLLAPSE = RawArticle(
    title="Libya: dam collapse floods Derna",
    text="A dam collapse sent a wall of water through Derna in eastern Libya on Monday, Libyan officials said. "
         "Rescuers in Libya searched the city for survivors.",
    source="Wire", url="https://wire.example/libya-derna")
DAM_TALKS = RawArticle(
    title="Libya's parliament talks about a new dam",
    text="Libyan lawmakers discussed a new dam for the south of Libya on Monday, as talks on the budget neared collapse, "
         "officials in Tripoli said.",
    source="Wire", url="https://wire.example/libya-dam-talks")


@pytest.fixture
async def reader(bot: RunningBot, sandbox_client: SandboxClient) -> RunningBot:
    await sandbox_client.create_user(READER, "Amina")
    return bot


@pytest.mark.parametrize("command, followed, names", [
    pytest.param("/subscribe 🇱🇾 tech", {("country", "LY"), ("topic", "technology")}, "🇱🇾 Libya and 💻 Technology", id="flag-first"),
    pytest.param("/subscribe tech 🇯🇵", {("country", "JP"), ("topic", "technology")}, "💻 Technology and 🇯🇵 Japan", id="flag-after-topic"),
    pytest.param("/subscribe morocco 🇯🇵", {("country", "MA"), ("country", "JP")}, "🇲🇦 Morocco and 🇯🇵 Japan", id="flag-after-country"),
    pytest.param("/subscribe 💻 Technology", {("topic", "technology")}, "💻 Technology", id="a-topic-as-the-bot-shows-it"),
])
async def test_a_flag_beside_a_name_is_followed_too(
    reader: RunningBot, sandbox_client: SandboxClient, command: str, followed: set[tuple[str, str]], names: str
) -> None:
    reply = await ask(sandbox_client, command)
    assert reply["text"].startswith(f"🔔 This chat now follows {names}."), reply["text"]
    assert "I don't know" not in reply["text"]
    assert await follows(reader, READER) == followed


async def test_keyword_filters_with_quotes_and_punctuation_are_stored_and_listed_as_they_match(
    reader: RunningBot, sandbox_client: SandboxClient
) -> None:
    reply = await ask(sandbox_client, '/subscribe libya +“dam collapse” +Derna, +covid-19 -football,')
    assert reply["text"].startswith('🔔 This chat now follows 🇱🇾 Libya (only with "dam collapse", derna, covid-19; '
                                    'without football).'), reply["text"]
    assert "I don't know" not in reply["text"]
    assert await filters_of(reader, READER, "country", "LY") == (("dam collapse", "derna", "covid-19"), ("football",))
    listing = await ask(sandbox_client, "/subscriptions")
    assert '• 🇱🇾 Libya (only with "dam collapse", derna, covid-19; without football)' in listing["text"]


async def test_a_keyword_filter_with_no_word_in_it_is_refused(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await ask(sandbox_client, "/subscribe tech -🇲🇦")
    assert reply["text"] == "A keyword filter matches words, and “-🇲🇦” has none: nothing was changed. Use a word, e.g. -morocco."
    assert await follows(reader, READER) == set()


async def test_filters_saved_before_they_were_cleaned_are_listed_as_they_match(
    reader: RunningBot, sandbox_client: SandboxClient
) -> None:
    await ask(sandbox_client, "/subscribe tech")  # the chat is known
    await subscription_store.subscribe(reader.db, READER, "country", "LY", reader.clock.now(),
                                       include=('"dam', "derna,"), exclude=("🇲🇦",))
    listing = await ask(sandbox_client, "/subscriptions")
    assert "• 🇱🇾 Libya (only with dam, derna)\n" in listing["text"], listing["text"]


async def test_a_phrase_filter_brings_the_stories_with_its_words_together(
    reader: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await store_raw(reader.db, DAM_COLLAPSE, clock.now())
    await store_raw(reader.db, DAM_TALKS, clock.now())
    await ask(sandbox_client, '/subscribe libya +"dam collapse"')
    await sandbox_client.send_message(READER, "/digest now", user_id=READER)

    async def digest() -> dict | None:
        return next((m for m in await sandbox_client.bot_messages(READER) if "Your news digest" in m["text"]), None)
    await sandbox_client.wait_for(digest)
    text = (await digest() or {})["text"]
    assert "dam collapse floods Derna" in text and "new dam" not in text, text


@pytest.mark.parametrize("command, expected", [
    pytest.param("/subscribe me", "Usage: /subscribe", id="me"),
    pytest.param("/subscribe ai", "AI is no country or topic to me: /search AI finds its stories, and /subscribe tech +ai", id="ai"),
    pytest.param("/subscribe AI", "AI is no country or topic to me", id="AI-in-capitals"),
])
async def test_a_two_letter_word_is_no_country(reader: RunningBot, sandbox_client: SandboxClient, command: str, expected: str) -> None:
    reply = await ask(sandbox_client, command)
    assert reply["text"].startswith(expected), reply["text"]
    assert await follows(reader, READER) == set()


@pytest.mark.parametrize("command, followed", [
    pytest.param("/subscribe to morocco", "🇲🇦 Morocco", id="to"),
    pytest.param("/subscribe me to morocco and tech news", "🇲🇦 Morocco and 💻 Technology", id="fillers"),
    pytest.param("/subscribe MA", "🇲🇦 Morocco", id="code-in-capitals"),
    pytest.param("/subscribe UK", "🇬🇧 United Kingdom", id="UK"),
    pytest.param("/subscribe us", "🇺🇸 United States", id="us-is-a-command"),
    pytest.param("/subscribe IN", "🇮🇳 India", id="a-word-code-in-capitals"),
])
async def test_words_beside_names_are_words_and_codes_in_capitals_are_countries(
    reader: RunningBot, sandbox_client: SandboxClient, command: str, followed: str
) -> None:
    reply = await ask(sandbox_client, command)
    assert reply["text"].splitlines()[0] == f"🔔 This chat now follows {followed}.", reply["text"]
    assert "I don't know" not in reply["text"]


@pytest.mark.parametrize("command, header", [
    pytest.param("/news climate change", "🌱 Climate & environment — latest", id="climate-change"),
    pytest.param("/news global warming", "🌱 Climate & environment — latest", id="global-warming"),
    pytest.param("/news natural disasters", "🌋 Disasters & emergencies — latest", id="natural-disasters"),
    pytest.param("/news world news", "🌍 World & diplomacy — latest", id="world-news"),
    pytest.param("/news US", "🇺🇸 United States — latest", id="US"),
    pytest.param("/news 🇱🇾", "🇱🇾 Libya — latest", id="flag"),
])
async def test_news_of_a_name_of_several_words(reader: RunningBot, sandbox_client: SandboxClient, command: str, header: str) -> None:
    reply = await ask(sandbox_client, command)
    assert reply["text"].startswith(header), reply["text"]


async def test_subscribe_to_a_topic_by_a_name_of_several_words(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await ask(sandbox_client, "/subscribe climate change, natural disasters")
    assert reply["text"].splitlines()[0] == "🔔 This chat now follows 🌱 Climate & environment and 🌋 Disasters & emergencies."
    assert "I don't know" not in reply["text"]


@pytest.mark.parametrize("command, expected", [
    pytest.param("/news morocco libya", "/news shows one country or topic at a time: /morocco or /libya.", id="two-countries"),
    pytest.param("/news 🇱🇾 tech", "/news shows one country or topic at a time: /libya or /tech.", id="flag-and-topic"),
    pytest.param("/news earthquake morocco", "For 🇲🇦 Morocco: /morocco.\n“earthquake” is no topic of its own: /subscribe "
                 "disasters +earthquake +quake follows the 🌋 Disasters & emergencies stories that mention either "
                 "(/subscribe disasters alone follows them all); /search earthquake OR quake finds the latest that mention "
                 "either, in every topic.\nTo find stories with these words: /search earthquake morocco",
                 id="a-name-among-other-words"),
    pytest.param("/news atlantis morocco", "For 🇲🇦 Morocco: /morocco.\nI don't know a country or topic called “atlantis”. "
                 "/countries and /topics list what you can follow.\nTo find stories with these words: /search atlantis morocco",
                 id="an-unknown-name-among-other-words"),
])
async def test_news_given_several_names_says_how_to_get_each(
    reader: RunningBot, sandbox_client: SandboxClient, command: str, expected: str
) -> None:
    assert (await ask(sandbox_client, command))["text"] == expected


@pytest.mark.parametrize("command", ["/news AI", "/ai"])
async def test_ai_is_no_anguilla(reader: RunningBot, sandbox_client: SandboxClient, command: str) -> None:
    reply = await ask(sandbox_client, command)
    assert reply["text"].startswith("AI is no country or topic to me: /search AI finds its stories"), reply["text"]
    assert "Did you mean" not in reply["text"]
