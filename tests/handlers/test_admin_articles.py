"""Articles an admin adds from Telegram, for the next digests and not pushed: a .txt, .json or .jsonl file sent to
the bot (downloaded with getFile), or /add with the headline and the story. A reader's file gets a friendly word."""
from __future__ import annotations

import json

from sandbox.client import SandboxClient
from storage import articles as article_store
from tests.conftest import ADMIN_ID, RunningBot
from tests.handlers.test_subscribe import READER, ask

HEADLINE = "Morocco's parliament passes a law to ration water"
ARTICLE = (f"{HEADLINE}\n"
           "Morocco's parliament in Rabat passed a law on Tuesday to ration water in cities during the drought, the "
           "government said. Opposition deputies voted against the bill, which caps household use in summer.")
OTHER = {"title": "Election campaign opens in Morocco with rallies in Casablanca",
         "text": "Parties in Morocco opened their election campaign on Sunday with rallies in Casablanca and Rabat, "
                 "as voters prepare to choose a new parliament next month.",
         "source": "Wire"}


async def _people(client: SandboxClient) -> None:
    await client.create_user(ADMIN_ID, "Chief")
    await client.create_user(READER, "Amina")
    await ask(client, "/start", chat_id=ADMIN_ID, user_id=ADMIN_ID)


async def _send(client: SandboxClient, content: bytes, name: str, *, user: int = ADMIN_ID) -> str:
    before = len(await client.bot_messages(user))
    await client.send_document(user, content, name, user_id=user)
    return (await client.wait_for_bot_messages(user, before + 1))[before]["text"]


async def test_an_admins_text_file_is_added_for_the_next_digests_without_a_push(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    await _people(sandbox_client)
    assert "now follows" in (await ask(sandbox_client, "/subscribe morocco"))["text"]
    reader_messages = len(await sandbox_client.bot_messages(READER))

    reply = await _send(sandbox_client, ARTICLE.encode(), "article.txt")
    assert reply.startswith(f"Added 1 article from article.txt: {HEADLINE} (🇲🇦 Morocco · ")
    assert "— it will be in the next digests." in reply and reply.endswith("To push one now: /breaking")
    assert len(await sandbox_client.bot_messages(READER)) == reader_messages  # nothing pushed
    assert HEADLINE in (await ask(sandbox_client, "/morocco"))["text"]


async def test_a_json_lines_file_reports_each_article_and_why_one_was_left_out(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    await _people(sandbox_client)
    records = [json.dumps(OTHER), json.dumps({"title": "no text here"}), json.dumps({"title": HEADLINE,
                                                                                     "text": ARTICLE.split("\n", 1)[1]})]
    reply = await _send(sandbox_client, "\n".join(records).encode(), "wire.jsonl")
    assert reply.startswith("Added 2 articles from wire.jsonl — they will be in the next digests:\n"
                            f"• {OTHER['title']} (🇲🇦 Morocco")
    assert f"\n• {HEADLINE} (🇲🇦 Morocco" in reply
    assert '1 was left out:\n• wire.jsonl:2: needs string fields "title" and "text"' in reply
    again = await _send(sandbox_client, records[0].encode(), "again.json")
    assert again.startswith("Added no articles from again.json.\n\n1 was stored already")
    assert await article_store.count_articles(bot.db) == 2


async def test_add_stores_a_pasted_article(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    await _people(sandbox_client)
    reply = await ask(sandbox_client, f"/add {ARTICLE}", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert reply["text"].startswith(f"Added 1 article: {HEADLINE} (🇲🇦 Morocco")
    usage = await ask(sandbox_client, "/add", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert usage["text"].startswith("To add an article for the next digests (without pushing it), send /add")


async def test_a_readers_file_gets_a_friendly_word_and_is_not_read(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    await _people(sandbox_client)
    reply = await _send(sandbox_client, ARTICLE.encode(), "article.txt", user=READER)
    assert reply.startswith("I only read files from admins. For the news, try /latest")
    assert await sandbox_client.calls("getFile") == [] and await article_store.count_articles(bot.db) == 0


async def test_an_article_an_admin_pastes_without_a_command_gets_where_to_send_it(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    await _people(sandbox_client)
    reply = await ask(sandbox_client, ARTICLE, chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert reply["text"].startswith("That looks like an article. To add it for the next digests, send it after /add")
    reader = await ask(sandbox_client, ARTICLE)
    assert reader["text"].startswith("I answer commands")  # a reader's paste is no article to add


async def test_an_article_without_a_headline_is_left_out_and_said_why(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    await _people(sandbox_client)
    reply = await _send(sandbox_client, json.dumps({"title": "", "text": "short"}).encode(), "untitled.jsonl")
    assert reply == ("Added no articles from untitled.jsonl.\n\n1 was left out:\n• untitled 'short': no headline: none "
                     "was given (or only a photo credit or a site's name) and the text has no sentence long enough to "
                     "make one of")
    assert await article_store.count_articles(bot.db) == 0
