"""A channel's admins post commands in the channel itself: the bot answers there and changes that channel."""
from __future__ import annotations

from telegram import InlineKeyboardMarkup

from digests.compose import more_buttons
from ingest.store import store_raw
from news.models import RawArticle
from sandbox.client import SandboxClient
from storage import chats as chat_store
from storage import subscriptions as subscription_store
from tests.conftest import RunningBot
from tests.handlers.test_subscribe import READER, ask
from tests.news.news_texts import seed_raw


async def test_commands_posted_in_a_channel_are_the_channels_own(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    channel = await sandbox_client.create_chat("channel", "Daily Brief", username="dailybrief", bot_status="administrator")
    await store_raw(bot.db, RawArticle(
        title="Morocco opens its largest solar plant near Ouarzazate", source="Wire",
        text="Morocco inaugurated a new phase of the Noor solar complex near Ouarzazate on Tuesday, officials in Rabat "
             "said. The Moroccan energy ministry said the plant would power a million homes."), bot.clock.now())
    headlines = await ask(sandbox_client, "/morocco", chat_id=channel["id"])
    assert "solar plant" in headlines["text"]
    reply = await ask(sandbox_client, "/subscribe tech", chat_id=channel["id"])
    assert reply["text"].startswith("🔔 This channel now follows 💻 Technology.")  # not "This chat"
    followed = await subscription_store.list_for_chat(bot.db, channel["id"])
    assert [(s.kind, s.value) for s in followed] == [("topic", "technology")]


async def test_commands_for_private_chats_posted_in_a_channel_get_an_answer(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    """A channel's post has no sender: /cancel crashed on it and /manage said nothing."""
    channel = await sandbox_client.create_chat("channel", "Daily Brief", username="dailybrief", bot_status="administrator")
    assert (await ask(sandbox_client, "/cancel", chat_id=channel["id"]))["text"] == "Nothing to cancel."
    manage = await ask(sandbox_client, "/manage @dailybrief", chat_id=channel["id"])
    assert manage["text"] == "Send /manage in a private chat with me."


async def test_a_channel_is_managed_by_its_title(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    """A private channel has no @username: its admin names it as they see it, by its title with spaces."""
    await sandbox_client.create_user(READER, "Amina")
    channel = await sandbox_client.create_chat("channel", "Daily News", bot_status="administrator")
    await sandbox_client.set_member(channel["id"], READER, "creator")
    reply = await ask(sandbox_client, "/manage daily news")
    assert reply["text"].startswith("📣 Managing Daily News."), reply["text"]
    await ask(sandbox_client, "/subscribe israel")
    assert [s.value for s in await subscription_store.list_for_chat(bot.db, channel["id"])] == ["IL"]


async def test_a_title_no_channel_has_says_how_to_name_one(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    await sandbox_client.create_user(READER, "Amina")
    await sandbox_client.create_chat("channel", "Daily News", bot_status="administrator")  # READER is no admin there
    unknown = await ask(sandbox_client, "/manage Weekly Views")
    assert unknown["text"] == ("I don't know a channel called “Weekly Views”. Add me to the channel as an admin, then send "
                               "/manage with its title, its @username or its t.me link, like /manage @yourchannel.")
    not_theirs = await ask(sandbox_client, "/manage Daily News")
    assert not_theirs["text"] == "Only admins of “Daily News” can manage its subscriptions."


async def test_manage_off_when_managing_nothing_says_so(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    await sandbox_client.create_user(READER, "Amina")
    assert (await ask(sandbox_client, "/manage off"))["text"] == "You're not managing a channel."
    channel = await sandbox_client.create_chat("channel", "Daily Brief", username="dailybrief", bot_status="administrator")
    await sandbox_client.set_member(channel["id"], READER, "creator")
    await ask(sandbox_client, "/manage @dailybrief")
    assert (await ask(sandbox_client, "/manage off"))["text"] == "Settings commands change this chat again."
    assert (await ask(sandbox_client, "/manage off"))["text"] == "You're not managing a channel."


async def test_a_channel_digest_has_no_more_buttons_that_would_rewrite_the_post_for_every_reader(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    """A reader's "More ▸" edits the message itself: in a channel, the post every subscriber sees."""
    channel = await sandbox_client.create_chat("channel", "Daily Brief", username="dailybrief", bot_status="administrator")
    await sandbox_client.create_user(READER, "Amina")
    title, text = seed_raw()
    await store_raw(bot.db, RawArticle(title=title, text=text, source="Wire"), bot.clock.now())
    for chat_id in (channel["id"], READER):
        await ask(sandbox_client, "/subscribe morocco", chat_id=chat_id)
    in_channel = await ask(sandbox_client, "/digest now", chat_id=channel["id"])
    in_private = await ask(sandbox_client, "/digest now")
    assert "Pompeo" in in_channel["text"] and "Pompeo" in in_private["text"]
    assert in_channel.get("reply_markup") is None
    assert in_private["reply_markup"]["inline_keyboard"][0][0]["text"] == "1 · Longer summary ▸"


async def test_a_channel_digest_leads_its_readers_to_the_rest_of_a_section_by_a_link_not_a_command(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    """A channel's readers cannot send /morocco: its "and 2 more" opens the bot on the stories the section left."""
    channel = await sandbox_client.create_chat("channel", "Daily Brief", username="dailybrief", bot_status="administrator")
    await sandbox_client.create_user(READER, "Amina")
    for n, (title, text) in enumerate((
        ("Morocco opens a new tram line in Rabat", "The Moroccan capital opened its third tram line on Tuesday."),
        ("Moroccan farmers turn to drip irrigation", "Farmers across Morocco are switching to drip irrigation after "
                                                     "six years of drought, the agriculture ministry said."),
        ("Morocco wins bid to co-host the 2030 World Cup", "Morocco will host matches of the 2030 football World "
                                                           "Cup with Spain and Portugal, FIFA said on Wednesday."),
    )):
        await store_raw(bot.db, RawArticle(title=title, text=text, source="Wire", url=f"https://wire.example/{n}"),
                        bot.clock.now())
    for chat_id in (channel["id"], READER):
        await ask(sandbox_client, "/subscribe morocco", chat_id=chat_id)
        await chat_store.update_settings(bot.db, chat_id, bot.clock.now(), items_per_section=1)
    in_channel = await ask(sandbox_client, "/digest now", chat_id=channel["id"])
    in_private = await ask(sandbox_client, "/digest now")
    assert in_channel["text"].endswith("and 2 more ▸") and "/morocco" not in in_channel["text"]
    link = next(e for e in in_channel["entities"] if e["type"] == "text_link" and "more" in
                in_channel["text"][e["offset"]:e["offset"] + e["length"]])
    digest_id = (await bot.db.fetchone("select min(id) from digests"))[0]
    assert link["url"] == f"https://t.me/{bot.app.bot.username}?start=more_{digest_id}_1"
    assert in_private["text"].endswith("and 2 more: tap “2 more ▸” below")


def _buttons(message: dict) -> list[tuple[str, str]]:
    return [(b["text"], b["callback_data"]) for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]


async def test_a_bare_manage_offers_the_channels_the_user_added_the_bot_to_and_still_administers(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    """It said "Usage: /manage @yourchannel …" though the bot knew the channels, and their titles."""
    await sandbox_client.create_user(READER, "Amina")
    await ask(sandbox_client, "/start")
    assert (await ask(sandbox_client, "/manage"))["text"].startswith("Usage: /manage @yourchannel")  # none yet
    daily = await sandbox_client.create_chat("channel", "Daily News", by_user_id=READER)
    weekly = await sandbox_client.create_chat("channel", "Weekly Views", by_user_id=READER)
    await sandbox_client.set_member(weekly["id"], READER, "left")  # gave the channel away since
    others = await sandbox_client.create_chat("channel", "Another Desk")  # an admin there, but never said so to the bot
    await sandbox_client.set_member(others["id"], READER, "administrator")
    await sandbox_client.wait_for_bot_messages(READER, 4)  # /start's and /manage's answers, a note for each channel added

    offer = await ask(sandbox_client, "/manage")
    assert offer["text"] == ("📣 Choose a channel to manage from here, or send /manage @yourchannel for another. Then "
                             "/subscribe, /digest … change that channel; /manage off goes back to this chat.")
    assert _buttons(offer) == [("📣 Daily News", f"mng:{daily['id']}")]

    before = len(await sandbox_client.bot_messages(READER))
    await sandbox_client.wait_for_callback_answer(
        await sandbox_client.click(READER, offer["message_id"], f"mng:{daily['id']}", user_id=READER))
    managing = (await sandbox_client.wait_for_bot_messages(READER, before + 1))[before]
    assert managing["text"].startswith("📣 Managing Daily News.")
    await ask(sandbox_client, "/subscribe israel")
    assert [s.value for s in await subscription_store.list_for_chat(bot.db, daily["id"])] == ["IL"]


async def test_a_bare_manage_asks_telegram_about_a_few_channels_only(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    await sandbox_client.create_user(READER, "Amina")
    await ask(sandbox_client, "/start")
    for number in range(12):
        await sandbox_client.create_chat("channel", f"Desk {number:02}", by_user_id=READER)
    await sandbox_client.wait_for_bot_messages(READER, 13)  # the notes that the bot joined each, with its button
    before = len(await sandbox_client.calls("getChatMember"))
    offer = await ask(sandbox_client, "/manage")
    assert [text for text, _ in _buttons(offer)] == [f"📣 Desk {number:02}" for number in range(8)]
    assert len(await sandbox_client.calls("getChatMember")) - before == 8


async def test_more_on_a_channel_digest_posted_with_buttons_before_puts_the_post_back_without_them(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    """A channel post from before digests there lost their buttons still has them: a tap must not rewrite
    the post for every subscriber. It is told why, and the buttons go."""
    channel = await sandbox_client.create_chat("channel", "Daily Brief", username="dailybrief", bot_status="administrator")
    title, text = seed_raw()
    await store_raw(bot.db, RawArticle(title=title, text=text, source="Wire"), bot.clock.now())
    await ask(sandbox_client, "/subscribe morocco", chat_id=channel["id"])
    post = await ask(sandbox_client, "/digest now", chat_id=channel["id"])
    digest_id = (await bot.db.fetchone("select max(id) from digests"))[0]
    await bot.app.bot.edit_message_reply_markup(  # as an older version posted it
        channel["id"], post["message_id"], reply_markup=InlineKeyboardMarkup.de_json(more_buttons(digest_id, 0, [1]), None))

    query = await sandbox_client.click(channel["id"], post["message_id"], f"more:{digest_id}:0:1", user_id=READER)
    answer = await sandbox_client.wait_for_callback_answer(query)
    assert "every reader" in answer["text"]
    [after] = [m for m in await sandbox_client.bot_messages(channel["id"]) if m["message_id"] == post["message_id"]]
    assert after["text"] == post["text"]
    assert after.get("reply_markup") is None


async def test_breaking_alerts_while_managing_a_channel_speak_of_the_channel(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    """From the admin's private chat, breaking news goes to the channel, not "here"; /manage lists the command."""
    await sandbox_client.create_user(READER, "Amina")
    channel = await sandbox_client.create_chat("channel", "Daily News", bot_status="administrator")
    await sandbox_client.set_member(channel["id"], READER, "creator")
    managing = await ask(sandbox_client, "/manage daily news")
    assert ("/timezone, /quiet, /pause, /resume, /breaking_alerts, /stop and /settings now act on the channel."
            in managing["text"]), managing["text"]
    reply = await ask(sandbox_client, "/breaking_alerts")
    assert reply["text"] == ("🚨 Breaking news: on for Daily News: breaking news goes there as it happens, besides the "
                             "digests. /breaking_alerts off to change it."), reply["text"]
    reply = await ask(sandbox_client, "/breaking_alerts off")
    assert reply["text"].startswith("🚨 Breaking news: off for Daily News: no breaking news goes there; digests still "
                                    "do."), reply["text"]
    assert not (await chat_store.get_chat(bot.db, channel["id"])).breaking_alerts
