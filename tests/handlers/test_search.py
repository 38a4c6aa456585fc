"""End to end: /search over the real bot and sandbox finds stored stories by any word of their text."""
from __future__ import annotations

import pytest

from ingest.store import store_raw
from news.models import RawArticle
from sandbox.client import SandboxClient
from tests.conftest import RunningBot
from tests.news.news_texts import bbc_business, seed_raw

USER = 502


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
