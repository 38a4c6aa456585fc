"""/audience reads names as /subscribe does: several without commas, flags beside names, words that are no country."""
from __future__ import annotations

import pytest

from clock import ManualClock
from sandbox.client import SandboxClient
from tests.conftest import ADMIN_ID, RunningBot, wait_until
from tests.handlers.test_breaking import ITEM, setup
from tests.handlers.test_breaking_drafts import button, current, labels, tap
from tests.handlers.test_subscribe import ask


@pytest.mark.parametrize("names, audience", [
    pytest.param("libya tech", "🇱🇾 Libya, 💻 Technology", id="spaces"),
    pytest.param("libya, tech", "🇱🇾 Libya, 💻 Technology", id="commas"),
    pytest.param("🇱🇾 tech", "🇱🇾 Libya, 💻 Technology", id="flag-beside-a-topic"),
    pytest.param("morocco 🇯🇵", "🇲🇦 Morocco, 🇯🇵 Japan", id="flag-beside-a-country"),
    pytest.param("climate change", "🌱 Climate & environment", id="a-topic-of-two-words"),
])
async def test_audience_takes_names_as_subscribe_does(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock, names: str, audience: str
) -> None:
    await setup(bot, sandbox_client, clock)
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    control = await ask(sandbox_client, f"/audience 1 {names}", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert f"\nAudience: {audience}\n" in control["text"], control["text"]


async def test_audience_of_a_word_that_is_also_a_country_code_is_refused(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    reply = await ask(sandbox_client, "/audience 1 me", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert reply["text"].startswith("Usage: /audience"), reply["text"]
    control = await ask(sandbox_client, "/audience 1 ME", chat_id=ADMIN_ID, user_id=ADMIN_ID)  # the code, in capitals
    assert "\nAudience: 🇲🇪 Montenegro\n" in control["text"], control["text"]


async def test_a_breaking_earthquake_goes_to_disasters_not_world(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    item = ("Earthquake hits Marrakesh again\nA magnitude 5.1 aftershock struck near Marrakesh, Morocco, on Saturday "
            "night. No casualties were reported. Residents spent the night outdoors.")
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {item}", user_id=ADMIN_ID)
    _, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    assert "\nAudience: 🇲🇦 Morocco, 🌋 Disasters & emergencies\n" in control["text"], control["text"]


async def test_a_breaking_item_on_the_wnbas_record_goes_to_sport(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    item = "Caitlin Clark breaks WNBA's rookie record\nThe Indiana Fever guard made history on Sunday."
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {item}", user_id=ADMIN_ID)
    _, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    assert "⚽ Sport" in control["text"].split("\nRecipients:")[0], control["text"]


async def test_audience_lists_every_name_it_does_not_know(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    reply = await ask(sandbox_client, "/audience 1 disaster, Нарния, atlantis", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert reply["text"] == ("No country or topic called “Нарния”. /countries and /topics list names.\n"
                             "No country or topic called “atlantis”. /countries and /topics list names."), reply["text"]
    control = await ask(sandbox_client, "/audience 1 disaster, Россия", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "\nAudience: 🌋 Disasters & emergencies, 🇷🇺 Russia\n" in control["text"], control["text"]


@pytest.mark.parametrize("item, audience", [
    pytest.param("Dam collapse floods Derna\nTwo dams burst above the Libyan city of Derna on Sunday night, sweeping "
                 "whole neighbourhoods into the sea. Rescue teams from Egypt and Turkey arrived on Tuesday.",
                 "🇱🇾 Libya, 🌋 Disasters & emergencies", id="countries-in-passing-left-out"),
    pytest.param("Egypt sends rescue teams to flooded Libya\nTwo dams burst above the Libyan city of Derna on Sunday "
                 "night. Egyptian rescue teams crossed the border on Tuesday.",
                 "🇱🇾 Libya, 🇪🇬 Egypt, 🌋 Disasters & emergencies", id="countries-in-the-headline-kept"),
])
async def test_a_draft_goes_to_the_countries_its_story_is_mainly_about(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock, item: str, audience: str
) -> None:
    await setup(bot, sandbox_client, clock)
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {item}", user_id=ADMIN_ID)
    _, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    assert f"\nAudience: {audience}\n" in control["text"], control["text"]


async def test_the_preview_suggests_another_audience_and_controls_it_replaces_say_so(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    """The /audience example is not the audience shown; after /audience, the old controls' count and "Nobody
    follows…" are out of date: they say the new controls below replace them."""
    await setup(bot, sandbox_client, clock)
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    _, first = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    assert "\nAudience: 🇲🇦 Morocco, " in first["text"], first["text"]
    assert "Other audience: /audience 1 tech, libya" in first["text"], first["text"]
    second = await ask(sandbox_client, "/audience 1 libya", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "Nobody follows this audience: choose another with /audience 1 morocco, tech (or everyone)" in second["text"]
    third = await ask(sandbox_client, "/audience 1 morocco, tech", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "Other audience: /audience 1 libya, sport" in third["text"], third["text"]
    replaced = "⬆️ Preview of breaking push #1\nReplaced by the controls below."

    async def both_replaced() -> bool:  # the edit follows the new controls
        shown = {m["message_id"]: m for m in await sandbox_client.bot_messages(ADMIN_ID)}
        return all(shown[old["message_id"]]["text"] == replaced and not shown[old["message_id"]].get("reply_markup")
                   for old in (first, second))
    await wait_until(both_replaced)


async def test_a_draft_naming_no_country_or_topic_waits_for_its_audience_instead_of_going_to_everyone(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    """A test typed by an editor names nothing: one tap on Confirm must not push it to every chat."""
    await setup(bot, sandbox_client, clock)
    await sandbox_client.send_message(ADMIN_ID, "/breaking Test item please ignore\nThis is a test.", user_id=ADMIN_ID)
    _, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    assert "\nAudience: not chosen yet\n" in control["text"], control["text"]
    assert "No country or topic found — choose who gets it: tap Everyone, or /audience 1 " in control["text"]
    assert labels(control) == ["Everyone", "✏️ Edit", "✖ Cancel"]  # no Confirm, nothing selected
    await tap(sandbox_client, control, button(control, "Everyone"))  # the editor picks everyone on purpose

    async def everyone_chosen() -> bool:
        return "\nAudience: everyone\nRecipients: 4\n" in (await current(sandbox_client, control))["text"]
    await wait_until(everyone_chosen)
    assert "✅ Confirm" in labels(await current(sandbox_client, control))


async def test_audience_names_it_does_not_know_get_a_suggestion_or_the_topic_a_word_is_in(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    reply = await ask(sandbox_client, "/audience 1 morocco, moroco, atlantis", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert reply["text"] == ("No country or topic called “moroco”. Did you mean Morocco?\n"
                             "No country or topic called “atlantis”. /countries and /topics list names."), reply["text"]
    reply = await ask(sandbox_client, "/audience 1 🇱🇾 🇲🇦 football", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert reply["text"] == ("“football” is no topic of its own: its stories are in ⚽ Sport, which a push can go to: "
                             "/audience 1 Libya, Morocco, sport"), reply["text"]
