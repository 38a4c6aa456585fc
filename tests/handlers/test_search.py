"""End to end: /search over the real bot and sandbox finds stored stories by any word of their text."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bot import SAMPLES
from ingest.files import read_article_files
from ingest.store import store_raw
from news.models import RawArticle
from handlers.news import OLDER_PAGES
from sandbox.client import SandboxClient
from storage.retention import prune
from tests.conftest import RunningBot
from tests.handlers.test_subscribe import message_now
from tests.news.news_texts import bbc_business, seed_raw

USER = 502
# Stories among the bundled samples (the week of the Al Haouz earthquake and the Derna floods), by headline.
QUAKE_NYT = "Powerful 6.8 Earthquake in Morocco"
QUAKE_FRANCE = "Morocco earthquake: France ready to help"
DAM = "Thousands feared dead in Libya after dam collapse"
FLOODING = "East Libya fears 2,000 dead following severe flooding"


async def _ask(sandbox_client: SandboxClient, text: str) -> str:
    before = len(await sandbox_client.bot_messages(USER))
    await sandbox_client.send_message(chat_id=USER, user_id=USER, text=text)
    return (await sandbox_client.wait_for_bot_messages(USER, count=before + 1))[before]["text"]


@pytest.fixture
async def stocked_bot(bot: RunningBot, sandbox_client: SandboxClient) -> RunningBot:
    await sandbox_client.create_user(id=USER, first_name="Sam")
    title, text = seed_raw()
    await store_raw(bot.db, RawArticle(title=title, text=text, source="Seed News"), bot.clock.now())
    await store_raw(bot.db, RawArticle(*bbc_business(0), source="BBC"), bot.clock.now())
    return bot


@pytest.mark.parametrize("words", ["Bourita", "Polisario Hezbollah", "pompeo RABAT"])
async def test_any_words_of_the_article_find_it_however_deep(
    stocked_bot: RunningBot, sandbox_client: SandboxClient, words: str
) -> None:
    reply = await _ask(sandbox_client, f"/search {words}")
    assert "Pompeo" in reply  # the seed's item, found by words from its 7th and last paragraphs too
    assert "Time Warner" not in reply


async def test_every_word_must_match_and_boilerplate_is_not_searchable(
    stocked_bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    assert "Nothing found" in await _ask(sandbox_client, "/search Bourita Narnia")
    assert "Nothing found" in await _ask(sandbox_client, "/search WhatsApp")  # the seed's site line, cleaned away
    reply = await _ask(sandbox_client, "/search AOL")
    assert "Time Warner" in reply and "Pompeo" not in reply


async def test_search_without_words_explains_itself(stocked_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    assert "Usage: /search" in await _ask(sandbox_client, "/search")


@pytest.fixture
async def disasters_bot(bot: RunningBot, sandbox_client: SandboxClient) -> RunningBot:
    await sandbox_client.create_user(id=USER, first_name="Sam")
    for raw in read_article_files([SAMPLES / "feed_items_2023-09.jsonl"]):
        assert isinstance(raw, RawArticle)
        await store_raw(bot.db, raw, bot.clock.now())
    return bot


@pytest.mark.parametrize(("words", "found"), [
    pytest.param("Earthquakes", [QUAKE_NYT, QUAKE_FRANCE], id="plural-finds-singular"),
    pytest.param("floods", [DAM, FLOODING], id="plural-finds-singular-and-flooding"),
    pytest.param("flooded Libya", [DAM, FLOODING], id="past-tense"),
])
async def test_any_form_of_a_word_finds_its_stories(
    disasters_bot: RunningBot, sandbox_client: SandboxClient, words: str, found: list[str]
) -> None:
    reply = await _ask(sandbox_client, f"/search {words}")
    assert all(title in reply for title in found), reply


async def test_minus_word_leaves_out_the_stories_with_it(disasters_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await _ask(sandbox_client, "/search Libya -dam")
    assert FLOODING in reply
    assert DAM not in reply


async def test_only_words_to_leave_out_asks_for_one_to_find(
    disasters_bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    reply = await _ask(sandbox_client, "/search -morocco")
    assert "What should I look for?" in reply and "/search earthquake -morocco" in reply
    assert "Morocco" not in reply.replace("-morocco", "")  # no story: not every story without the word


async def test_or_between_words_finds_stories_with_either(disasters_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await _ask(sandbox_client, "/search earthquake OR flood")
    assert all(title in reply for title in (QUAKE_NYT, QUAKE_FRANCE, DAM, FLOODING)), reply
    reply = await _ask(sandbox_client, "/search earthquake OR flood -morocco")
    assert DAM in reply and FLOODING in reply
    assert QUAKE_NYT not in reply and QUAKE_FRANCE not in reply


@pytest.mark.parametrize("phrase", ['"dam collapse"', "“dam collapse”", '"dam collapsed'])
async def test_words_in_quotes_match_together(
    disasters_bot: RunningBot, sandbox_client: SandboxClient, phrase: str
) -> None:
    assert DAM in await _ask(sandbox_client, f"/search {phrase}")  # straight, a phone's curly, or left open


async def test_words_in_quotes_do_not_match_apart(disasters_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    assert "Nothing found" in await _ask(sandbox_client, '/search "collapse dam"')


@pytest.mark.parametrize(("words", "answer"), [
    pytest.param('"earthquake', QUAKE_NYT, id="unclosed-quote"),
    pytest.param('earthquake" OR', QUAKE_NYT, id="stray-quote-and-or"),
    pytest.param("quake* ^Marrakesh", QUAKE_NYT, id="prefix-and-initial"),
    pytest.param("earthquake AND OR NOT", QUAKE_NYT, id="operators-after-the-last-word"),
    pytest.param("OR earthquake OR OR", QUAKE_NYT, id="or-at-the-ends"),
    pytest.param('(earthquake) - + -- "" {} []', QUAKE_NYT, id="brackets-and-signs"),
    pytest.param("NEAR(earthquake Morocco)", "Nothing found", id="near-is-a-word"),
    pytest.param("title:earthquake", "Nothing found", id="no-column-filter"),
])
async def test_no_text_breaks_the_search(
    disasters_bot: RunningBot, sandbox_client: SandboxClient, words: str, answer: str
) -> None:
    reply = await _ask(sandbox_client, f"/search {words}")  # an FTS syntax error would leave it unanswered
    assert answer in reply


@pytest.mark.parametrize("words", ["OR", "NOT", "!!!", '""', "-"])
async def test_nothing_to_search_for_explains_the_syntax(
    disasters_bot: RunningBot, sandbox_client: SandboxClient, words: str
) -> None:
    reply = await _ask(sandbox_client, f"/search {words}")
    assert "Usage: /search" in reply and "-word" in reply


async def _tap(sandbox_client: SandboxClient, message: dict, label: str) -> dict:
    """Tap `label` under `message`; the callback's answer."""
    data = {b["text"]: b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row}[label]
    return await sandbox_client.wait_for_callback_answer(
        await sandbox_client.click(USER, message["message_id"], data, user_id=USER))


def _labels(message: dict) -> list[str]:
    return [b["text"] for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]


async def test_more_results_page_through_every_match_once_then_expire(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    await sandbox_client.create_user(id=USER, first_name="Sam")
    towns = [f"Town{n:02d}" for n in range(5 * (OLDER_PAGES + 1) + 1)]  # one more than the pages can show
    for hours, town in enumerate(towns):  # Town00 newest; alike matches, so the newest come first
        details = " ".join(f"{town.lower()}w{k}" for k in range(40))  # distinct texts: distinct stories
        await store_raw(bot.db, RawArticle(
            title=f"{town} opens a zellige workshop", source="Wire", published=bot.clock.now() - timedelta(hours=hours),
            text=f"Craftsmen in {town} opened a workshop for zellige tiles on Monday, officials said. It covers {details}."),
            bot.clock.now())

    before = len(await sandbox_client.bot_messages(USER))
    await sandbox_client.send_message(chat_id=USER, user_id=USER, text="/search zellige")
    message = (await sandbox_client.wait_for_bot_messages(USER, before + 1))[before]
    pages = [[t for t in towns if f"{t} opens" in message["text"]]]
    first = message
    while "More results ▸" in _labels(message):
        before = len(await sandbox_client.bot_messages(USER))
        assert not (await _tap(sandbox_client, message, "More results ▸"))["text"]
        tapped = message
        message = (await sandbox_client.wait_for_bot_messages(USER, before + 1))[before]
        assert message["text"].startswith("🔎 zellige — more")
        assert _labels(await message_now(sandbox_client, USER, tapped["message_id"])) == []  # each page once
        pages.append([t for t in towns if f"{t} opens" in message["text"]])
    assert pages == [towns[i : i + 5] for i in range(0, len(towns) - 1, 5)]  # every match once, newest first
    assert message["text"].endswith("More stories match: add a word to narrow the search.")  # not a silent end

    bot.clock.advance(days=8)
    await prune(bot.db, bot.clock.now())
    before = len(await sandbox_client.bot_messages(USER))
    data = first["reply_markup"]["inline_keyboard"][0][0]["callback_data"]  # as a client that kept it sends it
    answer = await sandbox_client.wait_for_callback_answer(
        await sandbox_client.click(USER, first["message_id"], data, user_id=USER, forged=True))
    assert answer["text"] == "This search has expired: send /search again." and answer["show_alert"]
    assert len(await sandbox_client.bot_messages(USER)) == before


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("🤔🤔", "I search by words, and there are none to look for in that.", id="emoji"),
    pytest.param("?!", "I search by words, and there are none to look for in that.", id="punctuation"),
    pytest.param("🇲🇦", "🇲🇦 Morocco — latest", id="a-flag-shows-its-country"),
])
async def test_a_search_without_words_gets_a_fitting_answer(
    stocked_bot: RunningBot, sandbox_client: SandboxClient, text: str, expected: str
) -> None:
    reply = await _ask(sandbox_client, f"/search {text}")
    assert expected in reply
