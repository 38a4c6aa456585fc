"""Subscribing in chats through the real bot: commands, buttons, filters, group admins, channels."""
from __future__ import annotations

import re

import pytest

from sandbox.client import SandboxClient
from storage import chats as chat_store
from storage import subscriptions as subscription_store
from tests.conftest import RunningBot, new_group, wait_until

READER = 301


async def ask(client: SandboxClient, text: str, chat_id: int = READER, user_id: int = READER) -> dict:
    before = len(await client.bot_messages(chat_id))
    await client.send_message(chat_id, text, user_id=user_id)
    return (await client.wait_for_bot_messages(chat_id, count=before + 1))[before]


@pytest.fixture
async def reader(bot: RunningBot, sandbox_client: SandboxClient) -> RunningBot:
    await sandbox_client.create_user(READER, "Amina")
    return bot


async def follows(bot: RunningBot, chat_id: int) -> set[tuple[str, str]]:
    return {(s.kind, s.value) for s in await subscription_store.list_for_chat(bot.db, chat_id)}


async def test_subscribe_by_command_with_keyword_filters(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await ask(sandbox_client, "/subscribe morocco -football +election")
    assert "now follows" in reply["text"] and "Morocco" in reply["text"] and "without football" in reply["text"]
    [subscription] = await subscription_store.list_for_chat(reader.db, READER)
    assert (subscription.kind, subscription.value, subscription.include, subscription.exclude) == ("country", "MA", ("election",), ("football",))
    reply = await ask(sandbox_client, "/subscribe tech")
    assert await follows(reader, READER) == {("country", "MA"), ("topic", "technology")}
    chat = await chat_store.get_chat(reader.db, READER)
    assert chat is not None and chat.next_digest_at is not None  # scheduled from the first subscription


async def test_unknown_name_gets_suggestions(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await ask(sandbox_client, "/subscribe moroco")
    assert "Did you mean Morocco" in reply["text"]
    assert await follows(reader, READER) == set()


async def test_subscribe_button_under_a_country_reply(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await ask(sandbox_client, "/morocco")
    query = await sandbox_client.click(READER, reply["message_id"], "sub:country:MA", user_id=READER)
    answer = await sandbox_client.wait_for_callback_answer(query)
    assert answer["text"] == "🔔 This chat now follows 🇲🇦 Morocco."
    assert await follows(reader, READER) == {("country", "MA")}

    async def offer_gone() -> bool:  # done: the button no longer offers it (the answer comes before the edit)
        return (await message_now(sandbox_client, READER, reply["message_id"])).get("reply_markup") is None
    await wait_until(offer_gone)


async def test_picker_toggles_and_done(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    picker = await ask(sandbox_client, "/subscribe")
    data = [b["callback_data"] for row in picker["reply_markup"]["inline_keyboard"] for b in row]
    assert "tg:f:c:MA" in data and "tg:done" in data and all(len(d.encode()) <= 64 for d in data)
    await sandbox_client.wait_for_callback_answer(await sandbox_client.click(READER, picker["message_id"], "tg:f:c:MA", user_id=READER))
    assert await follows(reader, READER) == {("country", "MA")}
    message = await message_now(sandbox_client, READER, picker["message_id"])
    assert {"text": "✅ 🇲🇦 Morocco", "callback_data": "tg:u:c:MA"} in buttons(message)
    await sandbox_client.wait_for_callback_answer(await sandbox_client.click(READER, picker["message_id"], "tg:u:c:MA", user_id=READER))
    assert await follows(reader, READER) == set()


async def test_forged_or_stale_buttons_get_a_clear_answer(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    picker = await ask(sandbox_client, "/subscribe")
    for data in ("tg:c:XX", "tg:f:c:XX", "tg:x:c:MA", "sub:country:ZZ", "un:999999", "tg:nonsense"):
        answer = await sandbox_client.wait_for_callback_answer(await sandbox_client.click(READER, picker["message_id"], data, user_id=READER, forged=True))
        assert answer["text"], data
    assert await follows(reader, READER) == set()


async def test_subscriptions_list_with_remove_buttons(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    await ask(sandbox_client, "/subscribe morocco")
    await ask(sandbox_client, "/subscribe politics")
    listing = await ask(sandbox_client, "/mysubs")
    assert "Morocco" in listing["text"] and "Politics" in listing["text"]
    remove = [b["callback_data"] for row in listing["reply_markup"]["inline_keyboard"] for b in row if "Morocco" in b["text"]][0]
    await sandbox_client.wait_for_callback_answer(await sandbox_client.click(READER, listing["message_id"], remove, user_id=READER))
    assert await follows(reader, READER) == {("topic", "politics")}
    reply = await ask(sandbox_client, "/unsubscribe politics")
    assert "no longer follows" in reply["text"]
    assert await follows(reader, READER) == set()


async def test_only_group_admins_change_a_groups_subscriptions(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    group = await new_group(sandbox_client, "Newsroom")
    await sandbox_client.set_member(group["id"], READER, "member")
    await sandbox_client.set_member(group["id"], 302, "administrator")
    refused = await ask(sandbox_client, "/subscribe morocco", chat_id=group["id"], user_id=READER)
    assert "Only this group's admins" in refused["text"]
    assert await follows(reader, group["id"]) == set()
    await ask(sandbox_client, "/subscribe morocco", chat_id=group["id"], user_id=302)
    assert await follows(reader, group["id"]) == {("country", "MA")}


async def test_channel_managed_from_a_private_chat(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    channel = await sandbox_client.create_chat("channel", "Daily Brief", username="dailybrief", bot_status="administrator")
    await sandbox_client.set_member(channel["id"], READER, "creator")
    reply = await ask(sandbox_client, "/manage https://t.me/dailybrief")  # the link Telegram shares, as @dailybrief
    assert "Managing" in reply["text"]
    assert (await ask(sandbox_client, "/manage"))["text"].startswith("📣 You manage Daily Brief from here")
    await ask(sandbox_client, "/subscribe israel")
    assert await follows(reader, channel["id"]) == {("country", "IL")}
    assert await follows(reader, READER) == set()
    await ask(sandbox_client, "/manage off")
    await ask(sandbox_client, "/subscribe tech")
    assert await follows(reader, READER) == {("topic", "technology")}


async def test_non_admin_cannot_manage_a_channel(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    await sandbox_client.create_chat("channel", "Other", username="otherchan", bot_status="administrator")
    reply = await ask(sandbox_client, "/manage @otherchan")
    assert "Only admins" in reply["text"]


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def buttons(message: dict) -> list[dict]:
    return [b for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]


async def follow_directly(bot: RunningBot, codes: list[str], **filters: tuple[str, ...]) -> None:
    """Subscriptions as a chat could have them from before the caps: straight into the database."""
    for code in codes:
        await subscription_store.subscribe(bot.db, READER, "country", code, bot.clock.now(), **filters)


async def test_a_chat_following_120_things_gets_its_list_and_can_remove_any(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    from news.countries import COUNTRIES

    await ask(sandbox_client, "/subscribe morocco")
    others = [c.code for c in COUNTRIES if c.code != "MA"][:119]
    await follow_directly(reader, others[:100], include=("parliamentary-election", "constitutional-court"))
    await follow_directly(reader, others[100:], exclude=tuple(f"word{i}" for i in range(1000)))
    assert len(await follows(reader, READER)) == 120
    listing = await ask(sandbox_client, "/subscriptions")
    text = listing["text"]
    assert utf16_length(text) <= 4096 and text.startswith("This chat follows") and "Morocco" in text
    assert "…and " in text and " more." in text  # the rest summarised
    assert "only with parliamentary-election" in text
    remove = buttons(listing)
    assert 1 <= len(remove) <= 20 and all(b["text"].startswith("✖") for b in remove)
    example = re.search(r"e\.g\. /unsubscribe (.+)\.$", text, re.MULTILINE)
    assert example is not None, text  # how to remove one without a button
    # A remove button edits the list in place, still within the limits.
    await sandbox_client.wait_for_callback_answer(await sandbox_client.click(READER, listing["message_id"], remove[0]["callback_data"], user_id=READER))

    async def edited() -> bool:
        [current] = [m for m in await sandbox_client.bot_messages(READER) if m["message_id"] == listing["message_id"]]
        return current["edit_count"] == 1
    await sandbox_client.wait_for(edited)
    [current] = [m for m in await sandbox_client.bot_messages(READER) if m["message_id"] == listing["message_id"]]
    assert utf16_length(current["text"]) <= 4096 and len([b for b in buttons(current) if b["text"].startswith("✖")]) <= 20
    assert buttons(current)[-1]["text"].startswith("↩️ Undo")  # the one removed can come back
    assert len(await follows(reader, READER)) == 119
    reply = await ask(sandbox_client, f"/unsubscribe {example.group(1)}")
    assert "no longer follows" in reply["text"]
    assert len(await follows(reader, READER)) == 118


async def test_following_more_than_50_things_is_refused_kindly(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    from news.countries import COUNTRIES

    await ask(sandbox_client, "/subscribe morocco")
    await follow_directly(reader, [c.code for c in COUNTRIES if c.code not in ("MA", "IL")][:49])
    refused = await ask(sandbox_client, "/subscribe israel")
    assert "already follows 50" in refused["text"] and "/unsubscribe" in refused["text"]
    assert ("country", "IL") not in await follows(reader, READER)
    # The buttons say the same.
    country_reply = await ask(sandbox_client, "/israel")
    answer = await sandbox_client.wait_for_callback_answer(await sandbox_client.click(READER, country_reply["message_id"], "sub:country:IL", user_id=READER))
    assert "Already following 50" in answer["text"]
    picker = await ask(sandbox_client, "/subscribe")
    answer = await sandbox_client.wait_for_callback_answer(await sandbox_client.click(READER, picker["message_id"], "tg:f:t:politics", user_id=READER))
    assert "Already following 50" in answer["text"]
    assert len(await follows(reader, READER)) == 50
    # What the chat follows can still get new filters, and after removing one there is room again.
    changed = await ask(sandbox_client, "/subscribe morocco +election")
    assert "now follows" in changed["text"] and "only with election" in changed["text"]
    await ask(sandbox_client, "/unsubscribe morocco")
    assert "now follows" in (await ask(sandbox_client, "/subscribe israel"))["text"]


@pytest.mark.parametrize("keywords, expected", [
    pytest.param(" ".join(f"+kw{i}" for i in range(1000)), "at most 10", id="a-thousand-keywords"),
    pytest.param("+" + "x" * 3900, "at most 40 characters", id="one-very-long-keyword"),
])
async def test_too_many_or_too_long_keywords_get_a_friendly_refusal(
    reader: RunningBot, sandbox_client: SandboxClient, keywords: str, expected: str
) -> None:
    reply = await ask(sandbox_client, f"/subscribe morocco {keywords}")
    assert expected in reply["text"] and utf16_length(reply["text"]) < 400
    assert await follows(reader, READER) == set()
    reply = await ask(sandbox_client, "/subscribe morocco " + " ".join(f"+{'k' * 39}{i}" for i in range(10)))
    assert "now follows" in reply["text"] and reply["text"].count("k" * 39) == 10  # ten of 40 characters are fine


async def filters_of(bot: RunningBot, chat_id: int, kind: str, value: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    [subscription] = [s for s in await subscription_store.list_for_chat(bot.db, chat_id) if (s.kind, s.value) == (kind, value)]
    return subscription.include, subscription.exclude


async def message_now(client: SandboxClient, chat_id: int, message_id: int) -> dict:
    [message] = [m for m in await client.bot_messages(chat_id) if m["message_id"] == message_id]
    return message


@pytest.mark.parametrize("command", [
    pytest.param("/subscribe morocco israel", id="spaces"),
    pytest.param("/subscribe morocco, israel", id="commas"),
    pytest.param("/subscribe Morocco and Israel", id="and"),
    pytest.param("/subscribe 🇲🇦 🇮🇱", id="flags"),
    pytest.param("/subscribe 🇲🇦🇮🇱", id="flags-side-by-side"),
    pytest.param("/subscribe Maroc, ישראל", id="other-languages"),
])
async def test_several_names_in_one_command_follow_each(reader: RunningBot, sandbox_client: SandboxClient, command: str) -> None:
    reply = await ask(sandbox_client, command)
    assert reply["text"].startswith("🔔 This chat now follows 🇲🇦 Morocco and 🇮🇱 Israel."), reply["text"]
    assert "I don't know" not in reply["text"]
    assert await follows(reader, READER) == {("country", "MA"), ("country", "IL")}
    reply = await ask(sandbox_client, command.replace("/subscribe", "/unsubscribe"))
    assert reply["text"] == "🔕 This chat no longer follows 🇲🇦 Morocco and 🇮🇱 Israel."
    assert await follows(reader, READER) == set()


async def test_names_of_several_words_among_several_names(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await ask(sandbox_client, "/subscribe south korea united states Côte d'Ivoire tech")
    assert "now follows 🇰🇷 South Korea, 🇺🇸 United States, 🇨🇮 Côte d'Ivoire and 💻 Technology." in reply["text"], reply["text"]
    assert await follows(reader, READER) == {("country", "KR"), ("country", "US"), ("country", "CI"), ("topic", "technology")}


async def test_names_not_understood_are_named_with_suggestions_and_the_rest_followed(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await ask(sandbox_client, "/subscribe morocco, narnia, isreal tech")
    text = reply["text"]
    assert "now follows 🇲🇦 Morocco and 💻 Technology." in text, text
    assert "I don't know a country or topic called “narnia”." in text
    assert "“isreal”. Did you mean Israel?" in text
    assert await follows(reader, READER) == {("country", "MA"), ("topic", "technology")}
    reply = await ask(sandbox_client, "/unsubscribe morocco israel narnia")
    assert reply["text"].splitlines() == [
        "🔕 This chat no longer follows 🇲🇦 Morocco.",
        "This chat wasn't following 🇮🇱 Israel. /subscriptions shows what it follows.",
        "I don't know a country or topic called “narnia”. /countries and /topics list what you can follow.",
    ]
    assert await follows(reader, READER) == {("topic", "technology")}


async def test_keyword_filters_with_several_names_apply_to_each(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    reply = await ask(sandbox_client, "/subscribe morocco algeria -football")
    assert "now follows 🇲🇦 Morocco and 🇩🇿 Algeria, each (without football)." in reply["text"], reply["text"]
    assert await filters_of(reader, READER, "country", "MA") == ((), ("football",))
    assert await filters_of(reader, READER, "country", "DZ") == ((), ("football",))


async def test_several_names_follow_only_as_many_as_the_cap_allows(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    from news.countries import COUNTRIES

    await ask(sandbox_client, "/subscribe france")
    await follow_directly(reader, [c.code for c in COUNTRIES if c.code not in ("FR", "MA", "IL")][:47])
    reply = await ask(sandbox_client, "/subscribe morocco israel tech")
    text = reply["text"]
    assert "now follows 🇲🇦 Morocco and 🇮🇱 Israel." in text, text
    assert "Not followed: 💻 Technology." in text and "already follows 50" in text and "/unsubscribe" in text
    assert len(await follows(reader, READER)) == 50 and ("topic", "technology") not in await follows(reader, READER)


async def test_subscribing_again_keeps_the_filters_and_new_filters_replace_them(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    await ask(sandbox_client, "/subscribe morocco -football +election")
    again = await ask(sandbox_client, "/subscribe morocco")
    assert "now follows" not in again["text"]
    assert again["text"].startswith("This chat already follows 🇲🇦 Morocco (only with election; without football)."), again["text"]
    assert "/subscribe Morocco + clears them" in again["text"]
    assert await filters_of(reader, READER, "country", "MA") == (("election",), ("football",))
    changed = await ask(sandbox_client, "/subscribe morocco +vote")
    assert changed["text"] == ("🔔 New filters: this chat now follows 🇲🇦 Morocco (only with vote; was: only with "
                               "election; without football).")
    assert await filters_of(reader, READER, "country", "MA") == (("vote",), ())
    cleared = await ask(sandbox_client, "/subscribe morocco +")
    assert cleared["text"] == "🔔 Filters cleared: this chat now follows 🇲🇦 Morocco with no filters (was: only with vote)."
    assert await filters_of(reader, READER, "country", "MA") == ((), ())


async def test_the_follow_button_of_a_subscription_keeps_its_filters(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    await ask(sandbox_client, "/subscribe morocco +election")
    country_reply = await ask(sandbox_client, "/morocco")
    answer = await sandbox_client.wait_for_callback_answer(
        await sandbox_client.click(READER, country_reply["message_id"], "sub:country:MA", user_id=READER, forged=True))
    assert answer["text"] == "🔔 This chat already follows 🇲🇦 Morocco."
    assert await filters_of(reader, READER, "country", "MA") == (("election",), ())  # not cleared by the tap


async def test_done_in_the_picker_shows_the_list_with_remove_buttons(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    picker = await ask(sandbox_client, "/subscribe")
    await sandbox_client.wait_for_callback_answer(await sandbox_client.click(READER, picker["message_id"], "tg:f:c:MA", user_id=READER))
    await sandbox_client.wait_for_callback_answer(await sandbox_client.click(READER, picker["message_id"], "tg:f:t:politics", user_id=READER))
    await sandbox_client.wait_for_callback_answer(await sandbox_client.click(READER, picker["message_id"], "tg:done", user_id=READER))
    done = await message_now(sandbox_client, READER, picker["message_id"])
    listing = await ask(sandbox_client, "/subscriptions")
    assert done["text"] == listing["text"] and done["text"].startswith("This chat follows")
    assert done["reply_markup"] == listing["reply_markup"]
    remove = [b for b in buttons(done) if b["text"] == "✖ 🇲🇦 Morocco"]
    assert len(buttons(done)) == 2 and remove
    await sandbox_client.wait_for_callback_answer(await sandbox_client.click(READER, picker["message_id"], remove[0]["callback_data"], user_id=READER))
    assert await follows(reader, READER) == {("topic", "politics")}


async def test_a_picker_tap_that_arrives_after_done_changes_nothing(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    """The tap was sent from the keyboard as it was before Done made the message the list."""
    picker = await ask(sandbox_client, "/subscribe")
    await sandbox_client.wait_for_callback_answer(await sandbox_client.click(READER, picker["message_id"], "tg:f:c:MA", user_id=READER))
    await sandbox_client.wait_for_callback_answer(await sandbox_client.click(READER, picker["message_id"], "tg:done", user_id=READER))
    listing = await message_now(sandbox_client, READER, picker["message_id"])
    late = await sandbox_client.click(READER, picker["message_id"], "tg:f:c:GB", user_id=READER, forged=True)
    answer = await sandbox_client.wait_for_callback_answer(late)
    assert answer["text"] == "This picker is closed — send /subscribe to open it again."
    assert await follows(reader, READER) == {("country", "MA")}
    assert await message_now(sandbox_client, READER, picker["message_id"]) == listing


async def test_group_members_see_the_groups_subscriptions_but_only_admins_change_them(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    group = await new_group(sandbox_client, "Newsroom")
    await sandbox_client.set_member(group["id"], READER, "member")
    await sandbox_client.set_member(group["id"], 302, "administrator")
    empty = await ask(sandbox_client, "/mysubs", chat_id=group["id"], user_id=READER)
    assert empty["text"].startswith("This group follows nothing yet.") and not buttons(empty)
    await ask(sandbox_client, "/subscribe morocco tech", chat_id=group["id"], user_id=302)
    for command in ("/mysubs", "/subscriptions"):
        seen = await ask(sandbox_client, command, chat_id=group["id"], user_id=READER)
        assert seen["text"].startswith("This group follows\n• 🇲🇦 Morocco\n• 💻 Technology"), seen["text"]
        assert "Only this group's admins can change them." in seen["text"] and not buttons(seen)
    admins_list = await ask(sandbox_client, "/subscriptions", chat_id=group["id"], user_id=302)
    assert len(buttons(admins_list)) == 2 and "Only this group's admins" not in admins_list["text"]
    # A member pressing an admin's remove button, or sending /unsubscribe, changes nothing and is told why.
    query = await sandbox_client.click(group["id"], admins_list["message_id"], buttons(admins_list)[0]["callback_data"], user_id=READER)
    assert "Only this group's admins" in (await sandbox_client.wait_for_callback_answer(query))["text"]
    refused = await ask(sandbox_client, "/unsubscribe morocco", chat_id=group["id"], user_id=READER)
    assert "Only this group's admins can change" in refused["text"]
    assert await follows(reader, group["id"]) == {("country", "MA"), ("topic", "technology")}


async def test_a_managed_channel_is_named_by_its_title_as_it_is(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    channel = await sandbox_client.create_chat("channel", "News & Views", username="newsviews", bot_status="administrator")
    await sandbox_client.set_member(channel["id"], READER, "creator")
    await ask(sandbox_client, "/manage @newsviews")
    followed = await ask(sandbox_client, "/subscribe israel")
    assert followed["text"].splitlines() == [
        "🔔 News & Views now follows 🇮🇱 Israel.",
        "Digests for News & Views: every day at 08:00 UTC. Change with /digest and /timezone.",
    ]
    listing = await ask(sandbox_client, "/subscriptions")
    assert listing["text"].startswith("News & Views follows\n• 🇮🇱 Israel"), listing["text"]
    assert (await ask(sandbox_client, "/unsubscribe tech"))["text"].startswith("News & Views wasn't following 💻 Technology.")
    assert (await ask(sandbox_client, "/settings"))["text"].startswith(
        "📣 You're managing News & Views from here — /manage off to change this chat again.\n\n"
        "Digest settings for News & Views\n")
    assert (await ask(sandbox_client, "/unsubscribe israel"))["text"] == "🔕 News & Views no longer follows 🇮🇱 Israel."
    assert (await ask(sandbox_client, "/subscriptions"))["text"].startswith("News & Views follows nothing yet.")


@pytest.mark.parametrize("data", ["un:²", "un:99999999999999999999999", "un:-1"])
async def test_a_tampered_remove_button_gets_an_answer(reader: RunningBot, sandbox_client: SandboxClient, data: str) -> None:
    reply = await ask(sandbox_client, "/subscribe morocco")
    query = await sandbox_client.click(READER, reply["message_id"], data, user_id=READER, forged=True)
    assert "no longer valid" in (await sandbox_client.wait_for_callback_answer(query))["text"]
    assert await follows(reader, READER) == {("country", "MA")}
