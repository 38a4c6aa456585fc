"""A country whose name makes a long command is named by the short one /countries, /start and /help teach (/usa,
/uk, /uae, /drc) in every reply, through the real bot; the long one still works."""
from __future__ import annotations

import pytest

from sandbox.client import SandboxClient
from tests.conftest import RunningBot
from tests.handlers.test_subscribe import ask, reader  # noqa: F401 (a fixture)


@pytest.mark.parametrize(("typed", "answer"), [
    pytest.param("united states", "For United States, tap /usa — or /subscribe usa for a daily digest.", id="us"),
    pytest.param("United Kingdom", "For United Kingdom, tap /uk — or /subscribe uk for a daily digest.", id="uk"),
    pytest.param("emirates", "For United Arab Emirates, tap /uae — or /subscribe uae for a daily digest.", id="uae"),
    pytest.param("DR Congo", "For Democratic Republic of the Congo, tap /drc — or /subscribe drc for a daily digest.",
                 id="drc"),
])
async def test_a_country_typed_without_the_slash_gets_its_short_command(
    reader: RunningBot, sandbox_client: SandboxClient, typed: str, answer: str
) -> None:
    assert (await ask(sandbox_client, typed))["text"] == answer


async def test_news_of_several_countries_names_their_short_commands(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await ask(sandbox_client, "/news usa uk")
    assert reply["text"] == "/news shows one country or topic at a time: /usa or /uk."


async def test_a_misspelt_country_is_offered_its_short_command(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await ask(sandbox_client, "/news unted states")
    assert "Did you mean /usa (United States)?" in reply["text"], reply["text"]


@pytest.mark.parametrize(("command", "header"), [
    pytest.param("/usa", "🇺🇸 United States — latest", id="usa"),
    pytest.param("/united_states", "🇺🇸 United States — latest", id="united-states"),
    pytest.param("/uk", "🇬🇧 United Kingdom — latest", id="uk"),
    pytest.param("/united_kingdom", "🇬🇧 United Kingdom — latest", id="united-kingdom"),
    pytest.param("/uae", "🇦🇪 United Arab Emirates — latest", id="uae"),
    pytest.param("/drc", "🇨🇩 Democratic Republic of the Congo — latest", id="drc"),
    pytest.param("/democratic_republic_of_the_congo", "🇨🇩 Democratic Republic of the Congo — latest", id="drc-long"),
])
async def test_short_and_long_country_commands_both_answer(
    reader: RunningBot, sandbox_client: SandboxClient, command: str, header: str
) -> None:
    assert (await ask(sandbox_client, command))["text"].startswith(header)
