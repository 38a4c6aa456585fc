"""↩️ Undo after 🔕 Unfollow all, through the real bot: everything back with its keyword filters, what was followed
meanwhile kept, the cap kept, too late after a week; in a private chat, a group and a channel managed privately."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from clock import ManualClock
from ingest.store import store_raw
from news.models import RawArticle
from sandbox.client import SandboxClient
from storage import chats as chat_store
from storage import subscriptions as subscription_store
from storage.retention import prune
from tests.conftest import RunningBot, new_group, wait_until
from tests.handlers.test_chat_targets import managed_channel
from tests.handlers.test_subscribe import READER, ask, buttons, follow_directly, message_now, utf16_length
from tests.handlers.test_subscribe_stop import edited, tap

ADMIN = 302


@pytest.fixture
async def reader(bot: RunningBot, sandbox_client: SandboxClient) -> RunningBot:
    await sandbox_client.create_user(READER, "Amina")
    return bot


async def followed(bot: RunningBot, chat_id: int) -> dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]]:
    """What the chat follows, each with its (include, exclude) keywords."""
    return {(s.kind, s.value): (s.include, s.exclude) for s in await subscription_store.list_for_chat(bot.db, chat_id)}


async def unfollow_all(client: SandboxClient, chat_id: int = READER, user_id: int = READER) -> dict:
    """/stop, 🔕 Unfollow all, and the message as the tap left it."""
    question = await ask(client, "/stop", chat_id=chat_id, user_id=user_id)
    await tap(client, chat_id, question, "🔕", user_id=user_id)
    return await edited(client, chat_id, question)


async def redrawn(client: SandboxClient, chat_id: int, message: dict) -> dict:
    """The message once a second edit (the Undo's) has come."""
    async def twice() -> bool:
        return (await message_now(client, chat_id, message["message_id"])).get("edit_count", 0) > 1
    await client.wait_for(twice)
    return await message_now(client, chat_id, message["message_id"])


async def test_undo_follows_everything_again_with_its_filters_and_keeps_what_came_meanwhile(
    reader: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await ask(sandbox_client, "/subscribe morocco +election -football")
    await ask(sandbox_client, "/subscribe south korea")
    await ask(sandbox_client, "/subscribe tech -gadgets")
    stopped = await unfollow_all(sandbox_client)
    assert "↩️ Undo follows them all again, keyword filters and all, for 7 days." in stopped["text"]
    assert "To follow them again, send /subscribe morocco, south korea, tech" in stopped["text"]  # for later
    [undo] = buttons(stopped)
    assert undo["text"] == "↩️ Undo" and len(undo["callback_data"].encode()) <= 64
    assert await followed(reader, READER) == {}
    # Meanwhile the reader follows Israel, and tech again with other filters: both stay as they are.
    clock.advance(hours=1)
    await ask(sandbox_client, "/subscribe israel")
    await ask(sandbox_client, "/subscribe tech +chips")
    answer = await tap(sandbox_client, READER, stopped, "↩️")
    assert answer["text"] == "↩️ Following 2 again."
    assert await followed(reader, READER) == {
        ("country", "MA"): (("election",), ("football",)),
        ("country", "KR"): ((), ()),
        ("country", "IL"): ((), ()),
        ("topic", "technology"): (("chips",), ()),
    }
    undone = await redrawn(sandbox_client, READER, stopped)
    assert undone["text"].splitlines() == [
        "↩️ This chat follows them again:",
        "• 🇲🇦 Morocco (only with election; without football)",
        "• 🇰🇷 South Korea",
        "Followed again meanwhile, kept as it is now:",
        "• 💻 Technology (only with chips)",
        "",
        "Digests for this chat: every day at 08:00 UTC. Change with /digest and /timezone.",
        "🚨 Breaking news comes here again.",
    ], undone["text"]
    assert not buttons(undone)
    # Listed in their old places, before what came meanwhile.
    listing = await ask(sandbox_client, "/subscriptions")
    assert listing["text"].splitlines()[1:4] == ["• 🇲🇦 Morocco (only with election; without football)",
                                                 "• 🇰🇷 South Korea", "• 🇮🇱 Israel"], listing["text"]
    # A second tap, sent before the edit arrived, changes nothing.
    late = await sandbox_client.click(READER, stopped["message_id"], undo["callback_data"], user_id=READER, forged=True)
    assert (await sandbox_client.wait_for_callback_answer(late))["text"].startswith("Already undone")
    assert len(await followed(reader, READER)) == 4


async def test_after_a_week_undo_says_it_is_too_late_and_points_to_the_subscribe_line(
    reader: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await ask(sandbox_client, "/subscribe morocco +election")
    stopped = await unfollow_all(sandbox_client)
    clock.advance(days=7, minutes=1)
    answer = await tap(sandbox_client, READER, stopped, "↩️")
    assert answer["text"] == ("Too late to undo: ↩️ Undo works for 7 days. To follow them again, send the /subscribe "
                              "this message gives.")
    assert await followed(reader, READER) == {}

    async def button_gone() -> bool:
        return not buttons(await message_now(sandbox_client, READER, stopped["message_id"]))
    await wait_until(button_gone)
    assert "/subscribe morocco" in (await message_now(sandbox_client, READER, stopped["message_id"]))["text"]


async def test_what_unfollow_all_removed_is_pruned_after_a_week(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    await ask(sandbox_client, "/subscribe morocco tech")
    stopped = await unfollow_all(sandbox_client)
    assert (await prune(reader.db, reader.clock.now())).unfollowed == 0
    assert (await prune(reader.db, reader.clock.now() + timedelta(days=7, minutes=1))).unfollowed == 2
    assert (await reader.db.fetchone("select count(*) from unfollowed"))[0] == 0
    assert "Too late to undo" in (await tap(sandbox_client, READER, stopped, "↩️"))["text"]


async def test_undo_keeps_to_the_cap_and_names_what_did_not_fit(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    from news.countries import COUNTRIES

    await ask(sandbox_client, "/subscribe morocco +election")
    await ask(sandbox_client, "/subscribe israel -football")
    await ask(sandbox_client, "/subscribe tech")
    stopped = await unfollow_all(sandbox_client)
    await follow_directly(reader, [c.code for c in COUNTRIES if c.code not in ("MA", "IL")][:49])
    answer = await tap(sandbox_client, READER, stopped, "↩️")
    assert answer["text"] == "↩️ Following 1 again. 2 did not fit: 50 is the most a chat can follow."
    assert len(await followed(reader, READER)) == 50
    assert (await followed(reader, READER))[("country", "MA")] == (("election",), ())
    undone = await redrawn(sandbox_client, READER, stopped)
    lines = undone["text"].splitlines()
    assert lines[:2] == ["↩️ This chat follows them again:", "• 🇲🇦 Morocco (only with election)"], undone["text"]
    assert lines[3:6] == [
        "⚠️ Not followed again: this chat follows 50 countries and topics, the most a chat can. To follow these too, "
        "remove others (/subscriptions), then send /subscribe NAME +word -word for each:",
        "• 🇮🇱 Israel (without football)",
        "• 💻 Technology",
    ], undone["text"]


async def test_undoing_more_than_the_cap_fits_one_message(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    from news.countries import COUNTRIES

    await ask(sandbox_client, "/subscribe morocco")
    await follow_directly(reader, [c.code for c in COUNTRIES if c.code != "MA"][:119],
                          exclude=tuple(f"word{i}" for i in range(10)))
    stopped = await unfollow_all(sandbox_client)
    assert "Following 50 again. 70 did not fit" in (await tap(sandbox_client, READER, stopped, "↩️"))["text"]
    undone = await redrawn(sandbox_client, READER, stopped)
    assert utf16_length(undone["text"]) <= 4096 and "⚠️ Not followed again" in undone["text"], undone["text"]
    assert len(await followed(reader, READER)) == 50


async def test_what_came_back_what_was_kept_and_what_did_not_fit_share_one_message(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    from handlers.subscription_names import describe
    from news.countries import COUNTRIES

    channel = (await managed_channel(sandbox_client, "Bonaire, Saint Eustatius and Saba Daily " * 3 + "Brief", "bonaire"))["id"]
    by_length = sorted((c.code for c in COUNTRIES), key=lambda code: -len(describe("country", code)))
    removed, others = by_length[:50], by_length[50:70]
    include = tuple(f"{i}{'long-keyword' * 3}" for i in range(5))
    exclude = tuple(f"{i}{'other-keyword' * 3}" for i in range(5))

    async def follow(codes: list[str], **filters: tuple[str, ...]) -> None:
        for code in codes:
            await subscription_store.subscribe(bot.db, channel, "country", code, bot.clock.now(), **filters)

    await follow(removed, include=include, exclude=exclude)
    stopped = await unfollow_all(sandbox_client)
    # Meanwhile 10 of them come back with other long filters, and 20 others fill the channel up to 20 short of its cap.
    await follow(removed[:10], include=tuple(reversed(include)), exclude=tuple(reversed(exclude)))
    await follow(others)
    answer = await tap(sandbox_client, READER, stopped, "↩️")
    assert answer["text"] == "↩️ Following 20 again. 20 did not fit: 50 is the most a chat can follow."
    text = (await redrawn(sandbox_client, READER, stopped))["text"]
    assert utf16_length(text) <= 4096, utf16_length(text)
    assert "Followed again meanwhile, kept as it is now:" in text and "⚠️ Not followed again" in text, text
    assert text.count("• ") < 50 and text.count(" more.") == 2, text  # the longer lists say how many they leave out


async def test_in_a_group_only_admins_undo(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    group = await new_group(sandbox_client, "Newsroom")
    await sandbox_client.set_member(group["id"], READER, "member")
    await sandbox_client.set_member(group["id"], ADMIN, "administrator")
    await ask(sandbox_client, "/subscribe morocco -football", chat_id=group["id"], user_id=ADMIN)
    stopped = await unfollow_all(sandbox_client, group["id"], ADMIN)
    refused = await tap(sandbox_client, group["id"], stopped, "↩️", user_id=READER)
    assert "Only this group's admins" in refused["text"]
    assert await followed(reader, group["id"]) == {}
    await tap(sandbox_client, group["id"], stopped, "↩️", user_id=ADMIN)
    assert await followed(reader, group["id"]) == {("country", "MA"): ((), ("football",))}
    assert (await redrawn(sandbox_client, group["id"], stopped))["text"].startswith("↩️ This group follows them again:")


async def test_a_channel_managed_privately_gets_its_own_subscriptions_back(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    channel = await managed_channel(sandbox_client, "Maghreb Wire", "maghrebwire")
    await ask(sandbox_client, "/subscribe morocco +election")
    stopped = await unfollow_all(sandbox_client)
    [undo] = buttons(stopped)
    assert undo["callback_data"].endswith(f"@{channel['id']}") and len(undo["callback_data"].encode()) <= 64
    await ask(sandbox_client, "/manage off")  # the button still changes the channel its message was about
    await tap(sandbox_client, READER, stopped, "↩️")
    assert await followed(bot, channel["id"]) == {("country", "MA"): (("election",), ())}
    assert await followed(bot, READER) == {}
    assert (await redrawn(sandbox_client, READER, stopped))["text"].startswith("↩️ Maghreb Wire follows them again:")


MOROCCO_SOLAR = RawArticle(
    title="Morocco opens its largest solar plant near Ouarzazate",
    text="Morocco inaugurated a new phase of the Noor solar complex near Ouarzazate on Tuesday, officials in Rabat said. "
         "The Moroccan energy ministry said the plant would power a million homes.",
    source="Wire", url="https://wire.example/morocco-solar")
MOROCCO_DROUGHT = RawArticle(
    title="Moroccan farmers turn to drip irrigation as drought deepens",
    text="Farmers across Morocco are switching to drip irrigation after six years of drought, the agriculture ministry "
         "in Rabat said. Moroccan reservoirs are at a record low.",
    source="Wire", url="https://wire.example/morocco-drought")


async def test_digests_come_again_after_undo_with_the_filters(
    reader: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await ask(sandbox_client, "/subscribe morocco -drought")
    stopped = await unfollow_all(sandbox_client)
    clock.set(datetime(2026, 11, 25, 8, 1, tzinfo=timezone.utc))  # a digest time passes while it follows nothing
    await tap(sandbox_client, READER, stopped, "↩️")
    chat = await chat_store.get_chat(reader.db, READER)
    assert chat is not None and chat.next_digest_at == datetime(2026, 11, 26, 8, 0, tzinfo=timezone.utc)
    await store_raw(reader.db, MOROCCO_SOLAR, clock.now())
    await store_raw(reader.db, MOROCCO_DROUGHT, clock.now())
    clock.set(datetime(2026, 11, 26, 8, 1, tzinfo=timezone.utc))

    async def digest() -> list[dict]:
        return [m for m in await sandbox_client.bot_messages(READER) if "Your news digest" in m["text"]]

    async def arrived() -> bool:
        return bool(await digest())
    await wait_until(arrived)
    [sent] = await digest()
    assert "solar plant" in sent["text"] and "drip irrigation" not in sent["text"]


async def test_a_single_removal_from_the_list_has_an_undo_that_keeps_its_filters(
    reader: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    """A mis-tap on "✖ 🇳🇬 Nigeria" dropped it and its keyword filters for good."""
    await ask(sandbox_client, "/subscribe nigeria +election -football")
    await ask(sandbox_client, "/subscribe tech")
    listing = await ask(sandbox_client, "/subscriptions")
    answer = await tap(sandbox_client, READER, listing, "✖ 🇳🇬 Nigeria")
    assert answer["text"] == "Removed 🇳🇬 Nigeria"
    removed = await edited(sandbox_client, READER, listing)
    assert "Nigeria" not in removed["text"] and await followed(reader, READER) == {("topic", "technology"): ((), ())}
    undo = buttons(removed)[-1]
    assert undo["text"] == "↩️ Undo: follow 🇳🇬 Nigeria again" and len(undo["callback_data"].encode()) <= 64

    answer = await tap(sandbox_client, READER, removed, "↩️")
    assert answer["text"] == "↩️ Following 🇳🇬 Nigeria again, with its keyword filters."
    assert await followed(reader, READER) == {("country", "NG"): (("election",), ("football",)),
                                              ("topic", "technology"): ((), ())}
    back = await redrawn(sandbox_client, READER, listing)
    assert "🇳🇬 Nigeria" in back["text"] and "election" in back["text"]
    assert [b["text"] for b in buttons(back)] == ["✖ 🇳🇬 Nigeria", "✖ 💻 Technology"]  # no Undo left

    # A second tap on an Undo already used changes nothing.
    again = await sandbox_client.wait_for_callback_answer(await sandbox_client.click(
        READER, listing["message_id"], undo["callback_data"], user_id=READER, forged=True))
    assert again["text"] == "Already followed again."
    # After a week it is too late, and says how to follow it again.
    await tap(sandbox_client, READER, back, "✖ 🇳🇬 Nigeria")

    async def offers_undo() -> bool:
        return buttons(await message_now(sandbox_client, READER, listing["message_id"]))[-1]["text"].startswith("↩️")
    await sandbox_client.wait_for(offers_undo)  # the answer comes before the edit
    later = await message_now(sandbox_client, READER, listing["message_id"])
    clock.advance(days=8)
    late = await tap(sandbox_client, READER, later, "↩️")
    assert late["text"].startswith("Too late to undo") and ("country", "NG") not in await followed(reader, READER)
