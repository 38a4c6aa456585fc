"""End to end: topic commands and following a topic, over the real bot and sandbox, on the bundled samples
(real feed entries from the week of the Al Haouz earthquake and the Derna floods)."""
from __future__ import annotations

import pytest

from bot import SAMPLES
from ingest.files import read_article_files
from ingest.store import store_raw
from news.models import RawArticle
from sandbox.client import SandboxClient
from tests.conftest import RunningBot
from tests.handlers.test_subscribe import ask, follows

USER = 503
QUAKE = "Powerful 6.8 Earthquake in Morocco Kills More Than 2,000"
QUAKE_FRANCE = "Morocco earthquake: France ready to help if asked, says minister"
DAM = "Thousands feared dead in Libya after dam collapse"
KHALIFE = "Jogger claims he saw 'Iran spy' Daniel Khalife"


@pytest.fixture
async def sampled_bot(bot: RunningBot, sandbox_client: SandboxClient) -> RunningBot:
    await sandbox_client.create_user(USER, "Nadia")
    for raw in read_article_files([SAMPLES / "feed_items_2023-09.jsonl"]):
        assert isinstance(raw, RawArticle)
        await store_raw(bot.db, raw, bot.clock.now())
    return bot


async def test_disasters_answers_with_the_earthquake_and_business_no_longer_does(
    sampled_bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    reply = (await ask(sandbox_client, "/disasters", chat_id=USER, user_id=USER))["text"]
    assert reply.startswith("🌋 Disasters & emergencies — latest")
    assert all(title in reply for title in (QUAKE, QUAKE_FRANCE, DAM)), reply
    assert "Rugby World Cup" not in reply
    business = (await ask(sandbox_client, "/business", chat_id=USER, user_id=USER))["text"]
    assert "Homeownership in France" in business
    assert "Earthquake" not in business and "earthquake" not in business


async def test_the_topic_list_and_the_picker_offer_disasters(
    sampled_bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    topics = (await ask(sandbox_client, "/topics", chat_id=USER, user_id=USER))["text"]
    assert "🌋 /disasters — Disasters & emergencies" in topics
    picker = await ask(sandbox_client, "/subscribe", chat_id=USER, user_id=USER)
    buttons = {b["callback_data"]: b["text"] for row in picker["reply_markup"]["inline_keyboard"] for b in row}
    assert buttons["tg:f:t:disaster"] == "🌋 Disasters & emergencies"
    await sandbox_client.wait_for_callback_answer(
        await sandbox_client.click(USER, picker["message_id"], "tg:f:t:disaster", user_id=USER))
    assert await follows(sampled_bot, USER) == {("topic", "disaster")}


@pytest.mark.parametrize("name", ["disasters", "emergencies", "Disaster"])
async def test_subscribe_disasters_follows_the_topic(
    sampled_bot: RunningBot, sandbox_client: SandboxClient, name: str
) -> None:
    reply = (await ask(sandbox_client, f"/subscribe {name}", chat_id=USER, user_id=USER))["text"]
    assert "now follows" in reply and "Disasters & emergencies" in reply
    assert await follows(sampled_bot, USER) == {("topic", "disaster")}
    await ask(sandbox_client, "/unsubscribe disasters", chat_id=USER, user_id=USER)
    assert await follows(sampled_bot, USER) == set()


async def test_crime_answers_with_the_prison_escape_and_the_topic_list_and_picker_offer_it(
    sampled_bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    reply = (await ask(sandbox_client, "/crime", chat_id=USER, user_id=USER))["text"]
    assert reply.startswith("⚖️ Crime & justice — latest") and KHALIFE in reply, reply
    assert QUAKE not in reply
    topics = (await ask(sandbox_client, "/topics", chat_id=USER, user_id=USER))["text"]
    assert "⚖️ /crime — Crime & justice" in topics
    picker = await ask(sandbox_client, "/subscribe", chat_id=USER, user_id=USER)
    rows = picker["reply_markup"]["inline_keyboard"]
    topic_rows = [row for row in rows if any(b["callback_data"].startswith("tg:f:t:") for b in row)]
    assert [b["text"] for b in topic_rows[-1]] == ["🌋 Disasters & emergencies", "⚖️ Crime & justice"]
    assert all(len(row) == 2 for row in topic_rows)
    await sandbox_client.wait_for_callback_answer(
        await sandbox_client.click(USER, picker["message_id"], "tg:f:t:crime", user_id=USER))
    assert await follows(sampled_bot, USER) == {("topic", "crime")}


@pytest.mark.parametrize("name", ["crime", "police", "justice", "Courts"])
async def test_subscribe_crime_by_any_of_its_names_follows_the_topic(
    sampled_bot: RunningBot, sandbox_client: SandboxClient, name: str
) -> None:
    reply = (await ask(sandbox_client, f"/subscribe {name}", chat_id=USER, user_id=USER))["text"]
    assert "now follows" in reply and "⚖️ Crime & justice" in reply, reply
    assert await follows(sampled_bot, USER) == {("topic", "crime")}
