"""What /timezone answers, through the real bot: abbreviations, the place it matched, the time there, the next digest."""
from __future__ import annotations

import pytest

from sandbox.client import SandboxClient
from tests.conftest import RunningBot
from tests.handlers.test_schedule import chat, subscriber  # noqa: F401 (a fixture)
from tests.handlers.test_subscribe import READER, ask


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
    reply = await ask(sandbox_client, "/timezone XYZ")
    assert reply["text"].startswith("I don't know the abbreviation “XYZ”. Name a big city near you")
    assert await chat(subscriber) == before


@pytest.mark.parametrize(("typed", "confirmation"), [
    pytest.param("Nice", "🕰 Time zone set to Europe/Paris (Nice, France) — it's 07:00 there now.", id="city"),
    pytest.param("paris, france", "🕰 Time zone set to Europe/Paris (Paris, France) — it's 07:00 there now.",
                 id="city-and-country"),
    pytest.param("Bombay", "🕰 Time zone set to Asia/Kolkata (Mumbai, India) — it's 11:30 there now.", id="old-name"),
    pytest.param("+3", "🕰 Time zone set to UTC+3 — it's 09:00 there now.", id="offset-without-its-inverted-name"),
    pytest.param("Europe/London", "🕰 Time zone set to Europe/London — it's 06:00 there now.", id="zone-name"),
    pytest.param("LAX", "🕰 Time zone set to America/Los_Angeles (Los Angeles, United States) — it's 22:00 there now.",
                 id="a-big-citys-airport-code"),
])
async def test_confirmation_names_the_place_and_the_time_there(
    subscriber: RunningBot, sandbox_client: SandboxClient, typed: str, confirmation: str  # noqa: F811
) -> None:
    reply = await ask(sandbox_client, f"/timezone {typed}")
    assert reply["text"].startswith(confirmation + "\n"), reply["text"]


async def test_confirmation_is_short_and_says_when_the_next_digest_comes(
    subscriber: RunningBot, sandbox_client: SandboxClient  # noqa: F811
) -> None:
    reply = await ask(sandbox_client, "/timezone Rabat")
    assert reply["text"] == ("🕰 Time zone set to Africa/Casablanca (Rabat, Morocco) — it's 07:00 there now.\n"
                             "Next digest: Wed 25 Nov 08:00")
    reply = await ask(sandbox_client, "/timezone +3")
    assert "Etc/GMT" not in reply["text"] and "Digest settings" not in reply["text"]
    assert (await chat(subscriber)).timezone == "Etc/GMT-3"  # stored as IANA names it


async def test_a_name_several_places_share_says_which_and_how_to_get_the_others(
    subscriber: RunningBot, sandbox_client: SandboxClient  # noqa: F811
) -> None:
    reply = await ask(sandbox_client, "/timezone Springfield")
    assert reply["text"].startswith("🕰 Time zone set to America/Chicago (Springfield, United States) — it's 00:00 there now.\n"
                                    "Another Springfield keeps other times: if yours is not this one, /timezone New York "
                                    "or /timezone Los Angeles sets its clock.")
    reply = await ask(sandbox_client, "/timezone Georgia")
    assert reply["text"].startswith("🕰 Time zone set to Asia/Tbilisi (Georgia) — it's 10:00 there now.\n"
                                    "Georgia the country; for the US state, /timezone Atlanta.")
    assert (await chat(subscriber)).timezone == "Asia/Tbilisi"


async def test_shared_location_reply_is_short_too(subscriber: RunningBot, sandbox_client: SandboxClient) -> None:  # noqa: F811
    before = len(await sandbox_client.bot_messages(READER))
    await sandbox_client.send_message(READER, user_id=READER, location={"latitude": 48.85, "longitude": 2.35})
    reply = (await sandbox_client.wait_for_bot_messages(READER, before + 1))[before]
    assert reply["text"] == ("🕰 Time zone set to Europe/Paris from your location — it's 07:00 there now.\n"
                             "Next digest: Wed 25 Nov 08:00")
