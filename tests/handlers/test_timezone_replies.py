"""What /timezone answers, through the real bot: abbreviations, the place it matched, the time there."""
from __future__ import annotations

import pytest

from sandbox.client import SandboxClient
from tests.conftest import RunningBot
from tests.handlers.test_schedule import chat, subscriber  # noqa: F401 (a fixture)
from tests.handlers.test_subscribe import ask


@pytest.mark.parametrize(("typed", "zone"), [
    pytest.param("BST", "Europe/London", id="bst-not-kabul"), pytest.param("JST", "Asia/Tokyo", id="jst-not-new-york"),
    pytest.param("KST", "Asia/Seoul", id="kst-not-khartoum"), pytest.param("HKT", "Asia/Hong_Kong", id="hkt-not-bangkok"),
    pytest.param("EAT", "Africa/Nairobi", id="eat-not-los-angeles"),
    pytest.param("ART", "America/Argentina/Buenos_Aires", id="art-not-new-york"),
    pytest.param("PST", "America/Los_Angeles", id="pst"), pytest.param("CEST", "Europe/Paris", id="cest"),
    pytest.param("MSK", "Europe/Moscow", id="msk"), pytest.param("AEST", "Australia/Sydney", id="aest"),
    pytest.param("EST", "America/New_York", id="est-follows-daylight-saving"),
])
async def test_abbreviation_sets_its_zone_and_says_a_city_is_surer(
    subscriber: RunningBot, sandbox_client: SandboxClient, typed: str, zone: str  # noqa: F811
) -> None:
    reply = await ask(sandbox_client, f"/timezone {typed}")
    assert f"{typed} taken as " in reply["text"] and f"({zone})" in reply["text"], reply["text"]
    assert "Naming your city is surer" in reply["text"] and "does not follow daylight saving" not in reply["text"]
    assert (await chat(subscriber)).timezone == zone


async def test_ambiguous_abbreviation_says_how_to_get_the_other_readings(
    subscriber: RunningBot, sandbox_client: SandboxClient  # noqa: F811
) -> None:
    reply = await ask(sandbox_client, "/timezone IST")
    assert ("IST taken as India Standard Time (Asia/Kolkata); for Ireland or Israel, /timezone Dublin or "
            "/timezone Jerusalem.") in reply["text"]
    assert (await chat(subscriber)).timezone == "Asia/Kolkata"
    reply = await ask(sandbox_client, "/timezone CST")
    assert "CST taken as US Central time (America/Chicago); for China Standard Time, /timezone Beijing." in reply["text"]


async def test_unknown_abbreviation_is_no_airport(subscriber: RunningBot, sandbox_client: SandboxClient) -> None:  # noqa: F811
    before = await chat(subscriber)
    reply = await ask(sandbox_client, "/timezone DXB")
    assert reply["text"].startswith("I don't know the abbreviation “DXB”. Name a big city near you")
    assert await chat(subscriber) == before
