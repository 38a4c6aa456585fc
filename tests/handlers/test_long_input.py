"""Long input quoted back: a reply that repeats what a user typed still arrives, under Telegram's 4,096 characters.

A user's message can itself hold 4,096 characters; a reply quoting it whole is refused by Telegram (400 message is
too long) and the user gets nothing. Each case sends close to that much and checks the reply says something useful.
"""
from __future__ import annotations

import pytest

from ingest.store import store_raw
from news.countries import COUNTRIES
from news.models import RawArticle
from sandbox.client import SandboxClient
from storage import feeds as feed_store
from tests.conftest import ADMIN_ID, RunningBot
from tests.handlers.test_breaking import ITEM
from tests.handlers.test_subscribe import READER, ask, utf16_length
from tests.news.news_texts import seed_raw

NARNIA = " ".join(["Narnia"] * 580)  # 4,059 characters: with the command, about as long as a message can be


@pytest.fixture
async def reader(bot: RunningBot, sandbox_client: SandboxClient) -> RunningBot:
    await sandbox_client.create_user(READER, "Amina")
    await sandbox_client.create_user(ADMIN_ID, "Editor")
    return bot


def assert_helpful(reply: dict, expected: str) -> None:
    text = reply["text"]
    assert expected in text, text
    assert "…" in text  # the quote was clipped …
    assert utf16_length(text) < 500  # … to a reply one can read


@pytest.mark.parametrize("command, expected", [
    pytest.param(f"/news {NARNIA}", "There's no such country or topic", id="news-unknown-name"),
    pytest.param("/" + "x" * 4000, "/help lists every command", id="unknown-command"),
    pytest.param(f"/timezone {NARNIA}", "I couldn't find a time zone", id="timezone"),
    pytest.param(f"/search {NARNIA}", "Nothing found", id="search-nothing-found"),
    pytest.param(f"/subscribe {NARNIA}", "I don't know a country or topic called", id="subscribe-unknown-name"),
    pytest.param("/digest " + "9" * 4000, "is not a time", id="digest-time"),
    pytest.param("/digest " + "x" * 4000, "is not a cadence", id="digest-cadence"),
    pytest.param("/digest weekly " + "x" * 4000, "is not a weekday", id="digest-weekday"),
    pytest.param("/pause " + "x" * 4000, "is not a duration", id="pause"),
    pytest.param("/manage @" + "x" * 4000, "I can't see", id="manage-unknown-channel"),
])
async def test_a_reply_quoting_long_input_arrives(reader: RunningBot, sandbox_client: SandboxClient, command: str, expected: str) -> None:
    assert utf16_length(command) <= 4096
    assert_helpful(await ask(sandbox_client, command), expected)


async def test_search_results_under_a_long_query_arrive(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    title, text = seed_raw()
    await store_raw(reader.db, RawArticle(title=title, text=text, source="Seed News"), reader.clock.now())
    reply = await ask(sandbox_client, "/search " + " ".join(["Pompeo"] * 580))
    assert "Pompeo" in reply["text"] and reply["text"].startswith("🔎 Pompeo")
    assert utf16_length(reply["text"].split("\n")[0]) <= 110  # the header quotes a clipped query


async def test_a_long_feed_name_is_refused_and_feeds_lists_old_long_ones(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    long_name = " ".join(["Wire"] * 760)
    reply = await ask(sandbox_client, f"/addfeed http://feeds.example.org/rss {long_name}", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "at most 64" in reply["text"] and utf16_length(reply["text"]) < 500
    reply = await ask(sandbox_client, "/addfeed http://feeds.example.org/" + "p" * 3000, chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "at most 2048" in reply["text"] and utf16_length(reply["text"]) < 500
    assert await feed_store.list_feeds(reader.db) == []
    # Feeds added before the caps: /feeds still answers, every admin sees them clipped.
    await feed_store.add_feed(reader.db, "http://feeds.example.org/" + "p" * 3900, long_name, None, ADMIN_ID, reader.clock.now())
    await feed_store.add_feed(reader.db, "http://feeds.example.org/quake.xml", "Quake Wire", "MA", ADMIN_ID, reader.clock.now())
    listing = await ask(sandbox_client, "/feeds", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "#1 Wire Wire" in listing["text"] and "…" in listing["text"] and "#2 Quake Wire" in listing["text"]
    assert utf16_length(listing["text"]) <= 4096


async def test_audience_with_long_or_many_names_still_answers(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    unknown = await ask(sandbox_client, "/audience 1 " + "x" * 4080, chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert_helpful(unknown, "No country or topic called “xxx")
    names = [c.name for c in COUNTRIES if "," not in c.name]  # every country it can take (commas separate them)
    control = await ask(sandbox_client, f"/audience 1 {', '.join(names)}", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "Preview of breaking push #1" in control["text"] and f"and {len(names) - 12} more" in control["text"]
    assert utf16_length(control["text"]) < 1000
