"""A push never resends a story to a chat that has it already: the preview says how many are left out, and the chats
the push reaches do not get the story again in their next digest."""
from __future__ import annotations

from clock import ManualClock
from ingest.store import store_raw
from news.models import RawArticle
from sandbox.client import SandboxClient
from tests.conftest import ADMIN_ID, RunningBot
from tests.handlers.test_breaking import MOROCCO_FANS, _digest_arrived, setup, wait_for_report
from tests.handlers.test_breaking_drafts import button, tap
from tests.handlers.test_breaking_shared import HEADLINE, _share, _stored_story
from tests.handlers.test_subscribe import ask

OTHER = RawArticle(title="Morocco and Spain agree on a new ferry line to Tangier", source="Wire",
                   text="Morocco and Spain agreed on Monday to open a new ferry line between Algeciras and Tangier, the "
                        "Moroccan transport ministry in Rabat said. Crossings start in the spring.",
                   url="https://wire.example/morocco-ferry")


def _with_story(messages: list[dict]) -> list[str]:
    return [m["text"] for m in messages if HEADLINE in m["text"]]


async def test_chats_that_got_the_story_in_a_digest_are_left_out_and_the_preview_says_so(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    had_it, evening, late = MOROCCO_FANS
    for chat_id in (evening, late):
        await ask(sandbox_client, "/digest 20:00", chat_id=chat_id, user_id=chat_id)
    await _stored_story(bot)
    clock.advance(hours=3)  # past 08:00 UTC: the morning digest carries the story
    await bot.app.bot_data.services["digests"].tick()
    await sandbox_client.wait_for(lambda: _digest_arrived(sandbox_client, had_it))

    await ask(sandbox_client, "/breaking", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    before = len(await sandbox_client.bot_messages(ADMIN_ID))
    await _share(sandbox_client, "earthquake")  # the very story, pushed as breaking news
    _, control = (await sandbox_client.wait_for_bot_messages(ADMIN_ID, before + 2))[before:]
    assert ("Recipients: 2\n1 of 3 already have this story (from a digest) and are left out\n"
            in control["text"]), control["text"]
    assert await tap(sandbox_client, control, button(control, "Confirm")) == "Sending to 2"
    await wait_for_report(sandbox_client, clock, control)
    assert len(_with_story(await sandbox_client.bot_messages(had_it))) == 1  # its digest only

    await store_raw(bot.db, OTHER, clock.now())  # news for the evening digests, which do not repeat the pushed story
    clock.advance(hours=12)  # past 20:00 UTC
    await bot.app.bot_data.services["digests"].tick()
    for chat_id in (evening, late):
        await sandbox_client.wait_for(lambda: _digest_arrived(sandbox_client, chat_id))
        [digest] = [m["text"] for m in await sandbox_client.bot_messages(chat_id) if "Your news digest" in m["text"]]
        assert "Morocco and Spain agree" in digest and HEADLINE not in digest
        [pushed] = _with_story(await sandbox_client.bot_messages(chat_id))
        assert pushed.startswith("🚨 Breaking")
