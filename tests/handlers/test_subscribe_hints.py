"""Everyday words for what the bot follows, through the real bot: a sport, a disease, an election, a market, a
kind of disaster, of fighting, of crime, a tech company or a word of climate or science points to its topic with
keyword filters and to /search; a region to its countries or to World with a keyword; a name two
countries share says which one it took and how to get the other; a filter that leaves out the very name
followed is warned about."""
from __future__ import annotations

import pytest

from sandbox.client import SandboxClient
from tests.conftest import RunningBot
from tests.handlers.test_subscribe import READER, ask, filters_of, follows


@pytest.fixture
async def reader(bot: RunningBot, sandbox_client: SandboxClient) -> RunningBot:
    await sandbox_client.create_user(READER, "Amina")
    return bot


@pytest.mark.parametrize("word, pointer", [
    pytest.param("football", "/subscribe sport +football follows the ⚽ Sport stories that mention it", id="football"),
    pytest.param("soccer", "/subscribe sport +soccer", id="soccer"),
    pytest.param("cricket", "/subscribe sport +cricket", id="cricket"),
    pytest.param("tennis", "/subscribe sport +tennis", id="tennis"),
    pytest.param("covid", "/subscribe health +covid follows the 🩺 Health stories", id="covid"),
    pytest.param("coronavirus", "/subscribe health +coronavirus", id="coronavirus"),
    pytest.param("vaccine", "/subscribe health +vaccine", id="vaccine"),
    pytest.param("election", "/subscribe politics +election follows the 🏛️ Politics stories", id="election"),
    pytest.param("stocks", "/subscribe business +stocks follows the 💼 Business & economy stories", id="stocks"),
    pytest.param("stock market", '/subscribe business +"stock market"', id="stock-market"),
])
async def test_a_word_within_a_topic_points_to_the_topic_and_its_filter(
    reader: RunningBot, sandbox_client: SandboxClient, word: str, pointer: str
) -> None:
    reply = await ask(sandbox_client, f"/subscribe {word}")
    assert reply["text"].startswith(f"“{word}” is no topic of its own: "), reply["text"]
    assert pointer in reply["text"]
    assert await follows(reader, READER) == set()


async def test_the_pointer_works_as_given(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await ask(sandbox_client, "/subscribe morocco football")
    assert reply["text"].startswith("🔔 This chat now follows 🇲🇦 Morocco.\n“football” is no topic of its own"), reply["text"]
    await ask(sandbox_client, "/subscribe sport +football")
    assert await filters_of(reader, READER, "topic", "sport") == (("football",), ())


# Words of the keyword topics said "I don't know a country or topic called …" while football and bitcoin had pointers.
@pytest.mark.parametrize("word, pointer, search", [
    pytest.param("earthquake", "/subscribe disasters +earthquake +quake follows the 🌋 Disasters & emergencies stories "
                 "that mention either", "/search earthquake OR quake", id="earthquake"),
    pytest.param("earthquakes", "/subscribe disasters +earthquake +quake", "/search earthquake OR quake",
                 id="earthquakes"),
    pytest.param("Quake", "/subscribe disasters +earthquake +quake", "/search earthquake OR quake", id="Quake"),
    pytest.param("floods", "/subscribe disasters +flood +flooding", "/search flood OR flooding", id="floods"),
    pytest.param("hurricane", "/subscribe disasters +hurricane follows", "/search hurricane", id="hurricane"),
    pytest.param("wildfires", "/subscribe disasters +wildfire follows", "/search wildfire", id="wildfires"),
    pytest.param("tsunami", "/subscribe disasters +tsunami follows", "/search tsunami", id="tsunami"),
    pytest.param("storm", "/subscribe disasters +storm follows", "/search storm", id="storm"),
    pytest.param("military", "/subscribe conflict +military follows the ⚔️ Conflict & security stories",
                 "/search military", id="military"),
    pytest.param("terrorism", "/subscribe conflict +terrorism +terrorist +terror follows the ⚔️ Conflict & security "
                 "stories that mention any of them", "/search terrorism OR terrorist OR terror", id="terrorism"),
    pytest.param("apple", "/subscribe tech +apple follows the 💻 Technology stories", "/search apple", id="apple"),
    pytest.param("iPhone", "/subscribe tech +iphone follows", "/search iphone", id="iphone"),
    pytest.param("artificial intelligence", '/subscribe tech +ai +"artificial intelligence" follows',
                 '/search ai OR "artificial intelligence"', id="artificial-intelligence"),
    pytest.param("dementia", "/subscribe health +dementia follows the 🩺 Health stories", "/search dementia",
                 id="dementia"),
    pytest.param("mental health", '/subscribe health +"mental health" follows', '/search "mental health"',
                 id="mental-health"),
    pytest.param("murder", "/subscribe crime +murder follows the ⚖️ Crime & justice stories", "/search murder",
                 id="murder"),
    pytest.param("fraud", "/subscribe crime +fraud follows", "/search fraud", id="fraud"),
    pytest.param("emissions", "/subscribe climate +emissions follows the 🌱 Climate & environment stories",
                 "/search emissions", id="emissions"),
    pytest.param("heatwave", "/subscribe climate +heatwave follows", "/search heatwave", id="heatwave"),
    pytest.param("nasa", "/subscribe science +nasa follows the 🔬 Science stories", "/search nasa", id="nasa"),
    pytest.param("football", "/subscribe sport +football follows", "/search football", id="football-too"),
])
async def test_a_word_of_disasters_conflict_technology_crime_climate_or_science_points_to_its_topic_and_to_search(
    reader: RunningBot, sandbox_client: SandboxClient, word: str, pointer: str, search: str
) -> None:
    reply = await ask(sandbox_client, f"/subscribe {word}")
    text = reply["text"]
    assert text.startswith(f"“{word}” is no topic of its own: "), text
    assert pointer in text and "I don't know" not in text, text
    assert f"; {search} finds the latest that mention" in text and text.endswith(", in every topic."), text
    assert await follows(reader, READER) == set()


async def test_the_disaster_pointer_and_its_search_work_as_given(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await ask(sandbox_client, "/subscribe morocco earthquakes")
    assert reply["text"].startswith("🔔 This chat now follows 🇲🇦 Morocco.\n“earthquakes” is no topic of its own"), \
        reply["text"]
    await ask(sandbox_client, "/subscribe disasters +earthquake +quake")
    assert await filters_of(reader, READER, "topic", "disaster") == (("earthquake", "quake"), ())
    found = await ask(sandbox_client, "/search earthquake OR quake")
    assert found["text"].startswith("🔎 earthquake OR quake"), found["text"]
    assert "Usage" not in found["text"]


@pytest.mark.parametrize("typed", ["election", "elections", "Elections"])
async def test_election_and_elections_both_point_to_politics_with_the_election_filter(
    reader: RunningBot, sandbox_client: SandboxClient, typed: str
) -> None:
    """"elections" followed all of Politics while "election" pointed to /subscribe politics +election: both point
    there now, as vote and polls do; /elections showed Politics' latest and /election only "Did you mean
    /politics?": both give the pointer now, as /news does."""
    reply = await ask(sandbox_client, f"/subscribe {typed}")
    assert reply["text"].startswith(f"“{typed}” is no topic of its own: /subscribe politics +election follows the "
                                    "🏛️ Politics stories that mention it (/subscribe politics alone follows them all)"), \
        reply["text"]
    assert await follows(reader, READER) == set()
    for command in (f"/{typed.lower()}", f"/news {typed}"):
        answer = (await ask(sandbox_client, command))["text"]
        assert "” is no topic of its own: /subscribe politics +election follows" in answer, answer
    await ask(sandbox_client, "/subscribe politics +election")
    assert await filters_of(reader, READER, "topic", "politics") == (("election",), ())


async def test_wars_follows_conflict_as_war_does(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await ask(sandbox_client, "/subscribe wars")
    assert reply["text"].startswith("🔔 This chat now follows ⚔️ Conflict & security"), reply["text"]
    assert await follows(reader, READER) == {("topic", "conflict")}


@pytest.mark.parametrize("region, countries, keyword", [
    pytest.param("europe", "France, Germany, Italy, Spain, United Kingdom, Ukraine", "+europe", id="europe"),
    pytest.param("Africa", "Nigeria, South Africa, Kenya, Egypt, Ethiopia, DR Congo", "+africa", id="africa"),
    pytest.param("asia", "China, India, Japan, South Korea, Indonesia, Pakistan", "+asia", id="asia"),
    pytest.param("middle east", "Israel, Palestine, Iran, Iraq, Syria, Lebanon, Saudi Arabia", '+"middle east"', id="middle-east"),
    pytest.param("latin america", "Brazil, Mexico", '+"latin america"', id="latin-america-is-not-america"),
])
async def test_a_region_points_to_its_countries_and_to_world_with_a_keyword(
    reader: RunningBot, sandbox_client: SandboxClient, region: str, countries: str, keyword: str
) -> None:
    reply = await ask(sandbox_client, f"/subscribe {region}")
    text = reply["text"]
    assert text.startswith(f"“{region}” is a region, and I follow countries: /subscribe {countries}"), text
    assert f"/subscribe world {keyword} follows the 🌍 World & diplomacy stories that mention it." in text
    assert await follows(reader, READER) == set()
    suggested = text.split(": ", 1)[1].split(" follows", 1)[0]
    followed = await ask(sandbox_client, suggested)
    assert "I don't know" not in followed["text"] and followed["text"].startswith("🔔 This chat now follows")


async def test_a_name_two_countries_share_says_which_it_took_and_how_to_get_the_other(
    reader: RunningBot, sandbox_client: SandboxClient
) -> None:
    reply = await ask(sandbox_client, "/subscribe congo")
    assert reply["text"].splitlines()[:2] == [
        "🔔 This chat now follows 🇨🇬 Republic of the Congo.",
        "“congo” can mean two countries: I took it as 🇨🇬 Republic of the Congo. For 🇨🇩 Democratic Republic of the "
        "Congo instead: /subscribe DR Congo, then /unsubscribe Congo-Brazzaville.",
    ], reply["text"]
    await ask(sandbox_client, "/subscribe DR Congo")
    await ask(sandbox_client, "/unsubscribe Congo-Brazzaville")
    assert await follows(reader, READER) == {("country", "CD")}
    plain = await ask(sandbox_client, "/subscribe dr congo")  # a name of one country says nothing of the kind
    assert "can mean two countries" not in plain["text"]


async def test_a_filter_that_leaves_out_the_name_followed_is_warned_about(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await ask(sandbox_client, "/subscribe israel -israel")
    assert "⚠️ -israel leaves out every story that says “israel”, and nearly every 🇮🇱 Israel story does" in reply["text"], reply["text"]
    assert "/subscribe Israel + clears the filters" in reply["text"]
    fine = await ask(sandbox_client, "/subscribe israel -football")
    assert "⚠️" not in fine["text"]
