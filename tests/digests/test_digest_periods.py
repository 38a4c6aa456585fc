"""A digest covers its whole period: a weekly one shows the week's big stories, not its last few hours."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from clock import ManualClock
from ingest.store import store_raw
from news.models import RawArticle
from sandbox.client import SandboxClient
from tests.conftest import RunningBot
from tests.digests.test_digest_e2e import until_digests
from tests.handlers.test_subscribe import READER, ask

UTC = timezone.utc
MONDAY_EVENING = datetime(2026, 11, 30, 19, 1, tzinfo=UTC)  # the weekly digest is due at 19:00

# Monday's small news, one report each: on their own they filled the weekly digest.
MONDAY = [
    ("Rabat opens a new cycling lane downtown", "The city of Rabat opened a cycling lane along its main avenue, "
     "Moroccan officials said, part of a plan to cut traffic."),
    ("Moroccan bakers protest flour prices", "Bakers in Casablanca closed their shops for an hour to protest the "
     "rising price of flour in Morocco."),
    ("Tangier port handles record container volume", "The Tanger Med port in Morocco handled a record number of "
     "containers in November, its operator said."),
    ("Marrakesh hosts an international film week", "Directors from twenty countries gathered in Marrakesh for a "
     "week of screenings, the Moroccan film centre said."),
    ("Morocco's olive harvest falls short", "Farmers in Meknes said the olive harvest in Morocco fell by a third "
     "after a dry spring."),
    ("Fez restores its oldest library", "Restorers in Fez finished work on the Qarawiyyin library, one of Morocco's "
     "oldest, the culture ministry said."),
    ("Agadir beaches reopen after cleanup", "Beaches in Agadir reopened after volunteers cleared plastic waste, "
     "Moroccan authorities said."),
]
# The week's big stories, told by several outlets each.
THURSDAY_QUAKE = "Strong earthquake shakes northern Morocco, dozens hurt"
SATURDAY_VOTE = "Morocco's parliament approves landmark water law"


async def _reports(bot: RunningBot, title: str, when: datetime, outlets: list[tuple[str, str]]) -> None:
    for n, (source, text) in enumerate(outlets):
        await store_raw(bot.db, RawArticle(title=title, text=text, source=source, published=when + timedelta(minutes=n),
                                           url=f"https://{source.lower().replace(' ', '')}.example/{when:%d}"),
                        when + timedelta(minutes=n))


async def test_a_weekly_digest_shows_the_weeks_big_stories_not_only_its_last_hours(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await sandbox_client.create_user(READER, "Amina")
    for command in ("/subscribe morocco", "/digest weekly mon 19:00"):
        await ask(sandbox_client, command)
    await _reports(bot, THURSDAY_QUAKE, datetime(2026, 11, 26, 10, 0, tzinfo=UTC), [
        ("Wire", "An earthquake of magnitude 5.9 shook northern Morocco on Thursday, injuring dozens near Al Hoceima."),
        ("Sky News", "Dozens were hurt when a strong quake struck the Rif mountains of Morocco, officials said."),
        ("Le Monde", "Rescuers in Al Hoceima treated dozens of injured after Thursday's earthquake in Morocco."),
    ])
    await _reports(bot, SATURDAY_VOTE, datetime(2026, 11, 28, 9, 0, tzinfo=UTC), [
        ("Wire", "Morocco's parliament passed a water conservation law on Saturday as reservoirs hit record lows."),
        ("Sky News", "Moroccan lawmakers approved rules to ration water for farms and cities amid a long drought."),
    ])
    for n, (title, text) in enumerate(MONDAY):
        when = datetime(2026, 11, 30, 12, 0, tzinfo=UTC) + timedelta(minutes=60 * n)
        await store_raw(bot.db, RawArticle(title=title, text=text, source="Wire", published=when,
                                           url=f"https://wire.example/monday/{n}"), when)

    clock.set(MONDAY_EVENING)
    [digest] = await until_digests(sandbox_client, 1)
    text = digest["text"]
    assert THURSDAY_QUAKE in text and SATURDAY_VOTE in text, text
    assert "+2 sources" in text
    # Still newest first within what is shown, and the rest of Monday's news is counted.
    assert text.index(SATURDAY_VOTE) < text.index(THURSDAY_QUAKE)
    assert "and 4 more: tap “4 more ▸” below" in text, text
