"""End to end: a reader types "@bot morocco" (or a flag, a topic, search words, nothing) in any chat, sees the
latest stories, and the one picked goes into that chat via the bot."""
from __future__ import annotations

import logging

import pytest

from bot import SAMPLES
from ingest.files import read_article_files
from ingest.store import store_raw
from news.models import RawArticle
from sandbox.client import SandboxClient
from tests.conftest import RunningBot, new_group

USER = 503
# Stories among the bundled samples, by headline (as in tests/handlers/test_search.py).
QUAKE_NYT = "Powerful 6.8 Earthquake in Morocco"
QUAKE_FRANCE = "Morocco earthquake: France ready to help"
DAM = "Thousands feared dead in Libya after dam collapse"
FLOODING = "East Libya fears 2,000 dead following severe flooding"
RUGBY = "Japan v Chile: Rugby World Cup 2023"
QUERY_EXPIRED = "Bad Request: query is too old and response timeout expired or query ID is invalid"


@pytest.fixture
async def stocked_bot(bot: RunningBot, sandbox_client: SandboxClient) -> RunningBot:
    await sandbox_client.create_user(id=USER, first_name="Rim")
    for raw in read_article_files([SAMPLES / "feed_items_2023-09.jsonl"]):
        assert isinstance(raw, RawArticle)
        await store_raw(bot.db, raw, bot.clock.now())
    return bot


async def _ask(client: SandboxClient, words: str, offset: str = "", chat_type: str = "group") -> dict:
    """What the reader sees after typing "@bot `words`" in a chat of `chat_type`."""
    return await client.wait_for_inline_answer(await client.inline_query(USER, words, chat_type=chat_type, offset=offset))


def _titles(answer: dict) -> list[str]:
    return [r["title"] for r in answer["results"]]


def _has(titles: list[str], headline: str) -> bool:
    return any(title.startswith(headline) for title in titles)


async def test_an_empty_query_lists_the_latest_stories_to_share(stocked_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    answer = await _ask(sandbox_client, "")
    assert len(answer["results"]) == 10 and answer["next_offset"] == "1"
    assert answer["button"] is None
    assert answer["is_personal"] is False and answer["cache_time"] <= 60  # one answer for all, kept briefly: news moves
    first = answer["results"][0]
    message = first["message"]
    assert message["text"].startswith(first["title"])  # the story as the bot renders an item: headline first …
    assert {"type": "bold", "offset": 0} in [{k: e[k] for k in ("type", "offset")} for e in message["entities"]]  # … in bold
    assert first["description"]  # and the start of its summary under it


@pytest.mark.parametrize("words", [
    pytest.param("morocco", id="name"),
    pytest.param("🇲🇦", id="flag"),
    pytest.param("Marokko", id="another-language"),
    pytest.param("moroccan", id="demonym"),
])
async def test_a_country_lists_its_latest_stories(stocked_bot: RunningBot, sandbox_client: SandboxClient, words: str) -> None:
    titles = _titles(await _ask(sandbox_client, words))
    assert _has(titles, QUAKE_NYT) and _has(titles, QUAKE_FRANCE)
    assert not _has(titles, DAM) and not _has(titles, RUGBY)


async def test_a_topic_lists_its_latest_stories(stocked_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    titles = _titles(await _ask(sandbox_client, "sport"))
    assert _has(titles, RUGBY)
    assert not _has(titles, QUAKE_NYT) and not _has(titles, DAM)


async def test_other_words_are_a_search(stocked_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    titles = _titles(await _ask(sandbox_client, "dam collapse"))
    assert _has(titles, DAM) and not _has(titles, QUAKE_NYT)
    titles = _titles(await _ask(sandbox_client, "floods -dam"))
    assert _has(titles, FLOODING) and not _has(titles, DAM)


@pytest.mark.parametrize("words", ["zebra unicorn", "-morocco", "?!"])
async def test_nothing_found_offers_the_bot_instead_of_silence(
    stocked_bot: RunningBot, sandbox_client: SandboxClient, words: str
) -> None:
    answer = await _ask(sandbox_client, words)
    assert answer["results"] == [] and answer["next_offset"] == ""
    assert answer["button"]["start_parameter"] == "inline" and "No stories match" in answer["button"]["text"]


async def test_scrolling_pages_through_every_story_once(stocked_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    pages = [await _ask(sandbox_client, "")]
    while pages[-1]["next_offset"] and len(pages) < 6:  # 5 pages at most, then a reader types more words
        pages.append(await _ask(sandbox_client, "", offset=pages[-1]["next_offset"]))
    ids = [r["id"] for page in pages for r in page["results"]]
    titles = [r["title"] for page in pages for r in page["results"]]
    assert len(pages) == 3 and [len(p["results"]) for p in pages[:2]] == [10, 10] and pages[-1]["next_offset"] == ""
    assert len(ids) == len(set(ids)) and len(titles) == len(set(titles))  # no story twice
    assert all(page["button"] is None for page in pages)  # a page past the first is no "nothing found"


async def test_a_picked_story_goes_into_the_group_via_the_bot(stocked_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    group = await new_group(sandbox_client, "Family")
    query_id = await sandbox_client.inline_query(USER, "morocco", chat_id=group["id"])
    answer = await sandbox_client.wait_for_inline_answer(query_id)
    [quake] = [r for r in answer["results"] if r["title"].startswith(QUAKE_NYT)]

    await sandbox_client.choose_inline_result(query_id, quake["id"])
    shared = (await sandbox_client.messages(group["id"]))[-1]
    assert shared["user_id"] == USER and not shared["from_bot"]
    assert shared["via_bot"]["username"] == "newsdigest_bot"
    assert shared["text"].startswith(quake["title"]) and "NY times · 10 Sep 2023" in shared["text"]  # old, and says so
    link = next(e for e in shared["entities"] if e["type"] == "text_link")
    assert link["url"].startswith("https://www.nytimes.com/")


async def test_a_story_shared_in_the_private_chat_gets_no_reply(stocked_bot: RunningBot, sandbox_client: SandboxClient) -> None:
    query_id = await sandbox_client.inline_query(USER, "libya", chat_id=USER)
    answer = await sandbox_client.wait_for_inline_answer(query_id)
    await sandbox_client.choose_inline_result(query_id, answer["results"][0]["id"])
    await sandbox_client.send_message(USER, "/topics", user_id=USER)
    [reply] = await sandbox_client.wait_for_bot_messages(USER, 1)  # the story came to the bot too, and it kept quiet
    assert reply["text"].startswith("Topics")
    assert len(await sandbox_client.bot_messages(USER)) == 1


async def test_html_in_a_headline_is_shared_as_text(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    await sandbox_client.create_user(id=USER, first_name="Rim")
    title = "Markets: <b>rates</b> & \"A<B\" deals rise"
    await store_raw(bot.db, RawArticle(
        title=title, source="Wire & Co",
        text="Markets rose on Monday after the central bank left rates unchanged, traders said. Bonds gained too."),
        bot.clock.now())
    [result] = (await _ask(sandbox_client, "markets rates"))["results"]
    assert result["title"] == title
    assert title in result["message"]["text"] and "Wire & Co" in result["message"]["text"]
    assert "&lt;b&gt;rates&lt;/b&gt; &amp; &quot;A&lt;B&quot;" in result["message"]["html"]


async def test_a_query_answered_too_late_is_let_go(
    stocked_bot: RunningBot, sandbox_client: SandboxClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="handlers.inline")
    await sandbox_client.inject_fault(error=400, method="answerInlineQuery", description=QUERY_EXPIRED)
    late = await sandbox_client.inline_query(USER, "morocco", chat_type="private")
    await sandbox_client.wait_for(lambda: _answered_with(sandbox_client, 400))  # the bot's answer came too late …
    assert await sandbox_client.inline_answer(late) is None
    assert _has(_titles(await _ask(sandbox_client, "morocco")), QUAKE_NYT)  # … the next query is answered …
    assert "inline query expired before its answer" in caplog.text  # … and the late one is a line in the log,
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]  # not a failure with a traceback


async def _answered_with(client: SandboxClient, status: int) -> bool:
    return any(call.get("status") == status for call in await client.calls("answerInlineQuery"))
