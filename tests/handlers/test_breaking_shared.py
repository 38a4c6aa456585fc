"""A story an admin shares into our chat through the bot's inline mode ("@bot earthquake", then a pick) while the
bot waits for their breaking item: it is that story, already in the news, to push as it is, not new text."""
from __future__ import annotations

from clock import ManualClock
from ingest.store import store_raw
from news.models import RawArticle
from sandbox.client import SandboxClient
from tests.conftest import ADMIN_ID, RunningBot
from tests.handlers.test_breaking import ITEM, setup
from tests.handlers.test_breaking_drafts import button, tap
from tests.handlers.test_subscribe import ask

HEADLINE, STORY = ITEM.split("\n")
URL = "https://wire.example/2026/11/morocco-atlas-earthquake"


async def _stored_story(bot: RunningBot) -> int:
    _, saved = await store_raw(bot.db, RawArticle(title=HEADLINE, text=STORY, source="Rabat Wire", url=URL),
                               bot.clock.now())
    return saved.article_id


async def _share(client: SandboxClient, words: str) -> None:
    """The admin types "@bot `words`" in their chat with the bot and picks the first story."""
    query_id = await client.inline_query(ADMIN_ID, words, chat_id=ADMIN_ID)
    answer = await client.wait_for_inline_answer(query_id)
    await client.choose_inline_result(query_id, answer["results"][0]["id"])


async def test_a_story_shared_via_the_bot_is_drafted_as_that_story(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    article_id = await _stored_story(bot)
    articles = (await bot.db.fetchone("select count(*) from articles"))[0]
    await ask(sandbox_client, "/breaking", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    before = len(await sandbox_client.bot_messages(ADMIN_ID))
    await _share(sandbox_client, "earthquake")
    preview, control = (await sandbox_client.wait_for_bot_messages(ADMIN_ID, before + 2))[before:]
    assert preview["text"].startswith(f"🚨 Breaking\n\n{HEADLINE}\n") and preview["text"].endswith("Rabat Wire")
    assert [e["url"] for e in preview["entities"] if e["type"] == "text_link"] == [URL]
    assert "Preview of breaking push #1" in control["text"] and "Morocco" in control["text"]
    assert (await bot.db.fetchone("select article_id from broadcasts where id = 1"))[0] == article_id
    assert (await bot.db.fetchone("select count(*) from articles"))[0] == articles  # not stored again as new text
    assert await tap(sandbox_client, control, button(control, "Confirm")) == "Sending to 3"


async def test_a_shared_story_no_longer_in_the_news_is_said_so_and_the_wait_goes_on(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    article_id = await _stored_story(bot)
    await ask(sandbox_client, "/breaking", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    query_id = await sandbox_client.inline_query(ADMIN_ID, "earthquake", chat_id=ADMIN_ID)
    answer = await sandbox_client.wait_for_inline_answer(query_id)
    await bot.db.execute("delete from articles where id = ?", (article_id,))  # pruned meanwhile
    before = len(await sandbox_client.bot_messages(ADMIN_ID))
    await sandbox_client.choose_inline_result(query_id, answer["results"][0]["id"])
    [reply] = (await sandbox_client.wait_for_bot_messages(ADMIN_ID, before + 1))[before:]
    assert reply["text"] == ("I can't find that story, shared via me, among my news, so I can't push it. Send its "
                             "link, or the headline on the first line and the story below it.")
    assert (await bot.db.fetchone("select count(*) from broadcasts"))[0] == 0
    await sandbox_client.send_message(ADMIN_ID, ITEM, user_id=ADMIN_ID)  # still waiting: the item typed next is taken
    _, control = (await sandbox_client.wait_for_bot_messages(ADMIN_ID, before + 3))[before + 1:]
    assert "Preview of breaking push #1" in control["text"]
