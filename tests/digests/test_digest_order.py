"""Story order in a digest: newer first, a story many outlets carry a little higher, but never an older report of an
event above a newer one: "At least 296 dead" from three outlets below "At least 1,037 dead" from one.

The reports are real feed entries (tests/fixtures/feed_entries_same_news.jsonl; ABC News' of 1,037 dead from
feed_entries_2023-09-08_11 in ../shared/data), redated to come hours apart.
"""
from __future__ import annotations

from datetime import timedelta

from ingest.store import store_raw
from news.models import RawArticle
from sandbox.client import SandboxClient
from tests.conftest import RunningBot
from tests.handlers.test_subscribe import READER, ask
from tests.ingest.test_same_news import _entries, _raw

TOLL_296 = ["Powerful earthquake kills at least 296 people in Morocco", "At least 296 dead as powerful earthquake hits Morocco",
            "Morocco Earthquake Kills at Least 296"]
TOLL_1037 = RawArticle(
    title="Morocco earthquake live updates: At least 1,037 dead in rare, powerful quake",
    text="A powerful 6.8-magnitude earthquake struck Morocco late Friday night and killed at least 1,037 people, "
         "according to Morocco’s Interior Ministry.",
    source="ABC News", url="https://abcnews.go.com/International/live-updates/morocco-earthquake/?id=103047032")


async def test_a_newer_toll_comes_above_an_older_one_that_more_outlets_carry(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    await sandbox_client.create_user(READER, "Amina")
    await ask(sandbox_client, "/subscribe morocco")
    now = bot.clock.now()
    entries = _entries()
    for n, title in enumerate(TOLL_296):  # one story, three outlets, four hours before the new toll
        await store_raw(bot.db, _raw(entries[title], published=now - timedelta(hours=4, minutes=30 - 10 * n)), now)
    await store_raw(bot.db, RawArticle(**{**TOLL_1037.__dict__, "published": now - timedelta(minutes=10)}), now)
    text = (await ask(sandbox_client, "/digest now"))["text"]
    assert "+2 sources" in text and "1,037" in text, text
    assert text.index("1,037") < text.index("Kills at Least 296"), text
