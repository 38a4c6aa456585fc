"""In a forum supergroup the bot answers a command in the topic it was typed in, as people there expect."""
from __future__ import annotations

from datetime import timedelta

from clock import ManualClock
from handlers.digest_landing import LANDING_WAIT
from ingest.store import store_raw
from news.models import RawArticle
from sandbox.client import SandboxClient
from tests.conftest import ADMIN_ID, RunningBot, wait_until
from tests.handlers.test_breaking import _confirm_and_wait_for_report, breaking
from tests.news.news_texts import seed_raw

EDITOR = 4100


async def forum_with_topic(client: SandboxClient, name: str = "Morocco desk") -> tuple[int, int]:
    """A forum the bot was added to, once its welcome has arrived, with one topic an editor opened: (chat, topic)."""
    await client.create_user(EDITOR, "Editor")
    forum = await client.create_chat("supergroup", "Newsroom", by_user_id=EDITOR, is_forum=True)
    await client.wait_for_bot_messages(forum["id"], 1)
    return forum["id"], await client.create_topic(forum["id"], name, user_id=EDITOR)


async def test_a_command_in_a_topic_is_answered_in_that_topic(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    forum, topic = await forum_with_topic(sandbox_client)
    await sandbox_client.send_message(forum, "/help", user_id=EDITOR, message_thread_id=topic)
    welcome, answer = await sandbox_client.wait_for_bot_messages(forum, 2)
    assert "/subscribe" in answer["text"]
    assert answer["topic"] == "Morocco desk"

    await sandbox_client.send_message(forum, "/countries", user_id=EDITOR)  # in General
    later = (await sandbox_client.wait_for_bot_messages(forum, 3))[2:]
    assert later[0]["text"].startswith("Countries")
    assert {m["topic"] for m in later} == {"General"}
    assert welcome["topic"] == "General"


async def _said(client: SandboxClient, chat_id: int, text: str, thread: int | None = None) -> dict:
    """The bot's answer to `text` sent by the editor in `thread` (General without one)."""
    before = len(await client.bot_messages(chat_id))
    await client.send_message(chat_id, text, user_id=EDITOR, message_thread_id=thread)
    return (await client.wait_for_bot_messages(chat_id, before + 1))[before]


async def test_a_forum_chooses_the_topic_its_news_comes_to(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    forum, topic = await forum_with_topic(sandbox_client, "Morocco desk")
    await _said(sandbox_client, forum, "/subscribe morocco")
    here = await _said(sandbox_client, forum, "/digest here", topic)
    assert here["text"] == ("📌 Digests and breaking news for this group will come to this topic, Morocco desk. "
                            "/digest general sends them to General again.")
    assert "Topic: Morocco desk" in (await _said(sandbox_client, forum, "/settings"))["text"]

    await store_raw(bot.db, RawArticle(title="Rabat opens a new tram line", source="Wire", text=(
        "Rabat opened a new tram line on Monday, Moroccan officials said. It links the city centre to the coast.")),
        clock.now())
    await sandbox_client.send_message(forum, "/digest now", user_id=EDITOR)  # in General: answered there

    async def digest_in_topic() -> bool:
        messages = await sandbox_client.bot_messages(forum)
        return any("Rabat opens a new tram line" in m["text"] and m["topic"] == "Morocco desk" for m in messages) \
            and any(m["text"] == "📣 Sent a digest to the topic Morocco desk." and m["topic"] == "General" for m in messages)
    await wait_until(digest_in_topic)
    nothing = await _said(sandbox_client, forum, "/digest now", topic)  # in the news topic: the digest is the answer
    assert "Nothing new since" in nothing["text"]
    assert nothing["topic"] == "Morocco desk"

    await sandbox_client.create_user(ADMIN_ID, "Admin")
    await _confirm_and_wait_for_report(sandbox_client, clock)  # a push to Morocco's readers
    [pushed] = breaking(await sandbox_client.bot_messages(forum))
    assert pushed["topic"] == "Morocco desk"

    # The topic is deleted: the next digest goes to General, and so does all news after it.
    await sandbox_client.delete_topic(forum, topic)
    await store_raw(bot.db, RawArticle(title="Casablanca port breaks its record", source="Wire", text=(
        "Casablanca's port handled a record tonnage in October, Moroccan officials said. Exports led the rise.")),
        clock.now())
    await sandbox_client.send_message(forum, "/digest now", user_id=EDITOR)

    async def in_general() -> bool:  # and the answer, which waits to say where it went
        messages = await sandbox_client.bot_messages(forum)
        return any("Casablanca port" in m["text"] and m["topic"] == "General" for m in messages) \
            and any("was deleted, so I sent the digest to General" in m["text"] for m in messages)
    await wait_until(in_general)
    assert "Topic:" not in (await _said(sandbox_client, forum, "/settings"))["text"]


async def test_digest_here_outside_a_forum_says_why_not(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    await sandbox_client.create_user(EDITOR, "Editor")
    group = await sandbox_client.create_chat("supergroup", "Plain group", by_user_id=EDITOR)
    await sandbox_client.wait_for_bot_messages(group["id"], 1)
    reply = await _said(sandbox_client, group["id"], "/digest here")
    assert reply["text"].startswith("Only a group with topics can choose one for its news")


async def test_news_for_a_topic_closed_to_the_bot_goes_to_general_and_the_topic_stays_chosen(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    """Telegram answers TOPIC_CLOSED to a bot that may not manage topics: the digest must not be lost (its stories
    stayed 'delivered' when it failed), and the topic is kept for when it opens again, as it then does."""
    forum, topic = await forum_with_topic(sandbox_client, "Morocco desk")
    await _said(sandbox_client, forum, "/subscribe morocco")
    await _said(sandbox_client, forum, "/digest here", topic)
    await store_raw(bot.db, RawArticle(title="Rabat opens a new tram line", source="Wire", text=(
        "Rabat opened a new tram line on Monday, Moroccan officials said. It links the city centre to the coast.")),
        clock.now())
    await sandbox_client.change_topic(forum, topic, "close", user_id=EDITOR)
    await sandbox_client.send_message(forum, "/digest now", user_id=EDITOR)

    async def in_general() -> bool:  # and the answer, which waits to say where it went
        messages = await sandbox_client.bot_messages(forum)
        return any("Rabat opens" in m["text"] and m["topic"] == "General" for m in messages) \
            and any("is closed, so I sent the digest to General" in m["text"] for m in messages)
    await wait_until(in_general)
    assert "Topic: Morocco desk" in (await _said(sandbox_client, forum, "/settings"))["text"]

    await sandbox_client.change_topic(forum, topic, "reopen", user_id=EDITOR)
    await store_raw(bot.db, RawArticle(title="Casablanca port breaks its record", source="Wire", text=(
        "Casablanca's port handled a record tonnage in October, Moroccan officials said. Exports led the rise.")),
        clock.now())
    await sandbox_client.send_message(forum, "/digest now", user_id=EDITOR)

    async def in_topic() -> bool:
        return any("Casablanca port" in m["text"] and m["topic"] == "Morocco desk" for m in await sandbox_client.bot_messages(forum))
    await wait_until(in_topic)


async def test_a_command_in_a_closed_topic_is_answered_in_general_saying_why(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    """An admin may still write in a closed topic; the bot, no admin, may not (TOPIC_CLOSED): its answer was lost."""
    forum, topic = await forum_with_topic(sandbox_client)
    await sandbox_client.change_topic(forum, topic, "close", user_id=EDITOR)
    answer = await _said(sandbox_client, forum, "/help", topic)
    assert answer["topic"] == "General"
    note, _, rest = answer["text"].partition("\n\n")
    assert note == "🔒 That topic is closed, so I'm answering here in General."
    assert "/subscribe" in rest

    await sandbox_client.change_topic(forum, topic, "reopen", user_id=EDITOR)
    again = await _said(sandbox_client, forum, "/help", topic)
    assert again["topic"] == "Morocco desk" and not again["text"].startswith("🔒")


async def test_a_renamed_news_topic_is_shown_by_its_new_name(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    forum, topic = await forum_with_topic(sandbox_client, "Morocco desk")
    await _said(sandbox_client, forum, "/subscribe morocco")
    await _said(sandbox_client, forum, "/digest here", topic)
    await sandbox_client.change_topic(forum, topic, "rename", name="Maghreb desk", user_id=EDITOR)
    assert "Topic: Maghreb desk" in (await _said(sandbox_client, forum, "/settings"))["text"]

    other = await sandbox_client.create_topic(forum, "Sports", user_id=EDITOR)
    await sandbox_client.change_topic(forum, other, "rename", name="Football", user_id=EDITOR)  # not the news topic
    assert "Topic: Maghreb desk" in (await _said(sandbox_client, forum, "/settings"))["text"]


CLOSED_NOTE = ("🔒 The topic “Morocco desk” is closed, so digests come here to General until it opens again; an admin "
               "can send /digest here in another topic to have them there.")


async def _digest_in(client: SandboxClient, bot: RunningBot, forum: int, title: str, topic: str) -> dict:
    """The digest with a new story `title` about Morocco, once it has come to `topic` after a /digest now."""
    await store_raw(bot.db, RawArticle(title=title, source="Wire", text=(
        f"{title}, Moroccan officials said on Monday. More details are expected later this week.")), bot.clock.now())
    await client.send_message(forum, "/digest now", user_id=EDITOR)

    async def arrived() -> bool:
        return any(title in m["text"] and m["topic"] == topic for m in await client.bot_messages(forum))
    await wait_until(arrived)
    [digest] = [m for m in await client.bot_messages(forum) if title in m["text"]]
    return digest


async def test_a_closed_news_topic_is_told_once_in_general_and_again_after_it_reopens_and_closes(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    forum, topic = await forum_with_topic(sandbox_client, "Morocco desk")
    await _said(sandbox_client, forum, "/subscribe morocco")
    await _said(sandbox_client, forum, "/digest here", topic)
    await sandbox_client.change_topic(forum, topic, "close", user_id=EDITOR)
    first = await _digest_in(sandbox_client, bot, forum, "Rabat opens a new tram line", "General")
    note, _, digest = first["text"].partition("\n\n")
    assert note == CLOSED_NOTE and "Rabat opens a new tram line" in digest
    second = await _digest_in(sandbox_client, bot, forum, "Casablanca port breaks its record", "General")
    assert CLOSED_NOTE not in second["text"]  # said once, not with every digest

    await sandbox_client.change_topic(forum, topic, "reopen", user_id=EDITOR)
    back = await _digest_in(sandbox_client, bot, forum, "Tangier hosts a film festival", "Morocco desk")
    assert "🔒" not in back["text"]
    await sandbox_client.change_topic(forum, topic, "close", user_id=EDITOR)
    again = await _digest_in(sandbox_client, bot, forum, "Fez restores its old tanneries", "General")
    assert again["text"].startswith(CLOSED_NOTE)


async def test_a_deleted_news_topic_is_told_once_in_general(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    forum, topic = await forum_with_topic(sandbox_client, "Morocco desk")
    await _said(sandbox_client, forum, "/subscribe morocco")
    await _said(sandbox_client, forum, "/digest here", topic)
    await sandbox_client.delete_topic(forum, topic)
    first = await _digest_in(sandbox_client, bot, forum, "Rabat opens a new tram line", "General")
    assert first["text"].startswith("🗑 The topic “Morocco desk” was deleted, so digests come here to General; an "
                                    "admin can send /digest here in another topic to have them there.\n\n")
    second = await _digest_in(sandbox_client, bot, forum, "Casablanca port breaks its record", "General")
    assert "🗑" not in second["text"]


async def test_more_and_less_on_a_digest_moved_to_general_keep_its_note(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    """The note atop the digest moved out of a closed topic is said once: a tap redrawing the digest must keep it
    (a topic name with characters HTML escapes among it)."""
    forum, topic = await forum_with_topic(sandbox_client, "Morocco <&> desk")
    note = CLOSED_NOTE.replace("Morocco desk", "Morocco <&> desk")
    await _said(sandbox_client, forum, "/subscribe morocco")
    await _said(sandbox_client, forum, "/digest here", topic)
    await sandbox_client.change_topic(forum, topic, "close", user_id=EDITOR)
    title, text = seed_raw()  # long enough for a longer summary under More ▸
    await store_raw(bot.db, RawArticle(title=title, text=text, source="Wire"), bot.clock.now())
    sent = await _digest_in(sandbox_client, bot, forum, "Rabat opens a new tram line", "General")
    assert sent["text"].startswith(note + "\n\n") and sent["html"].startswith("<i>🔒 The topic"), sent["html"]
    buttons = [b for row in sent["reply_markup"]["inline_keyboard"] for b in row]
    more = next(b["callback_data"] for b in buttons if b["text"].endswith("Longer summary ▸"))

    async def current() -> str:
        [message] = [m for m in await sandbox_client.bot_messages(forum) if m["message_id"] == sent["message_id"]]
        return message["html"]

    async def after_tap(data: str, before: str) -> str:
        """The digest's text once a tap on `data` has redrawn it."""
        click = await sandbox_client.click(forum, sent["message_id"], data, user_id=EDITOR)
        await sandbox_client.wait_for_callback_answer(click)

        async def redrawn() -> bool:
            return await current() != before
        await wait_until(redrawn)
        return await current()

    longer = await after_tap(more, sent["html"])
    assert longer.startswith(sent["html"].partition("\n\n")[0] + "\n\n") and len(longer) > len(sent["html"]), longer
    back = await after_tap(more.replace("more:", "less:"), longer)
    assert back == sent["html"]  # the note in italics, as it came


async def _answer_to_digest_now(client: SandboxClient, bot: RunningBot, forum: int, title: str,
                                thread: int | None = None) -> tuple[dict, dict]:
    """(the digest with a new story `title`, the bot's answer to the /digest now an editor sent in `thread`, General
    without one), once both have come."""
    await store_raw(bot.db, RawArticle(title=title, source="Wire", text=(
        f"{title}, Moroccan officials said on Monday. More details are expected later this week.")), bot.clock.now())
    await client.send_message(forum, "/digest now", user_id=EDITOR, message_thread_id=thread)

    async def both() -> bool:
        messages = await client.bot_messages(forum)
        return any(title in m["text"] for m in messages) and any(m["text"].startswith("📣") for m in messages)
    await wait_until(both)
    messages = await client.bot_messages(forum)
    [digest] = [m for m in messages if title in m["text"]]
    [answer] = [m for m in messages if m["text"].startswith("📣")]
    return digest, answer


async def test_digest_now_says_the_digest_went_to_general_when_the_news_topic_is_closed(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    """It said "📣 Sent a digest to the topic Morocco desk." while the digest came to General with the note."""
    forum, topic = await forum_with_topic(sandbox_client, "Morocco desk")
    await _said(sandbox_client, forum, "/subscribe morocco")
    await _said(sandbox_client, forum, "/digest here", topic)
    await sandbox_client.change_topic(forum, topic, "close", user_id=EDITOR)
    digest, answer = await _answer_to_digest_now(sandbox_client, bot, forum, "Rabat opens a new tram line")
    assert digest["topic"] == "General" and digest["text"].startswith(CLOSED_NOTE)
    assert (answer["text"], answer["topic"]) == (
        "📣 The topic Morocco desk is closed, so I sent the digest to General.", "General")


async def test_digest_now_asked_in_another_topic_says_the_digest_went_to_general_when_the_news_topic_was_deleted(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    forum, topic = await forum_with_topic(sandbox_client, "Morocco desk")
    sports = await sandbox_client.create_topic(forum, "Sports", user_id=EDITOR)
    await _said(sandbox_client, forum, "/subscribe morocco")
    await _said(sandbox_client, forum, "/digest here", topic)
    await sandbox_client.delete_topic(forum, topic)
    digest, answer = await _answer_to_digest_now(sandbox_client, bot, forum, "Rabat opens a new tram line", sports)
    assert digest["topic"] == "General" and digest["text"].startswith("🗑 The topic “Morocco desk” was deleted")
    assert (answer["text"], answer["topic"]) == (
        "📣 The topic Morocco desk was deleted, so I sent the digest to General.", "Sports")


async def test_digest_now_names_the_news_topic_when_the_digest_reached_it(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    forum, topic = await forum_with_topic(sandbox_client, "Morocco desk")
    await _said(sandbox_client, forum, "/subscribe morocco")
    await _said(sandbox_client, forum, "/digest here", topic)
    digest, answer = await _answer_to_digest_now(sandbox_client, bot, forum, "Rabat opens a new tram line")
    assert digest["topic"] == "Morocco desk"
    assert (answer["text"], answer["topic"]) == ("📣 Sent a digest to the topic Morocco desk.", "General")


async def test_digest_now_says_where_the_digest_is_headed_when_it_has_not_gone_in_time(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    """A digest held up (here by Telegram's flood control, a minute) is not waited for longer than LANDING_WAIT: the
    answer says where it is headed, and that it comes to General should that topic be closed or deleted."""
    forum, topic = await forum_with_topic(sandbox_client, "Morocco desk")
    await _said(sandbox_client, forum, "/subscribe morocco")
    await _said(sandbox_client, forum, "/digest here", topic)
    await store_raw(bot.db, RawArticle(title="Rabat opens a new tram line", source="Wire", text=(
        "Rabat opens a new tram line, Moroccan officials said on Monday. More details are expected later.")), clock.now())
    await sandbox_client.inject_fault(error=429, retry_after=60, method="sendMessage", chat_id=forum)
    asked_at = clock.now()
    await sandbox_client.send_message(forum, "/digest now", user_id=EDITOR)

    async def held_and_waited_for() -> bool:  # the digest met the 429, and the answer waits for it on the clock
        refused = [c for c in await sandbox_client.calls("sendMessage") if c.get("status") == 429]
        return bool(refused) and clock.sleepers_until(asked_at + timedelta(seconds=LANDING_WAIT)) == 1
    await wait_until(held_and_waited_for)
    clock.advance(LANDING_WAIT)

    async def answer_held() -> bool:  # the answer is written and waits, as every send does, for the pause to end
        return clock.sleepers_until(asked_at + timedelta(seconds=60)) == 1
    await wait_until(answer_held)
    clock.advance(60 - LANDING_WAIT)  # the pause ends: the answer and the digest go out

    async def both() -> bool:
        messages = await sandbox_client.bot_messages(forum)
        return any("Rabat opens" in m["text"] for m in messages) and any(m["text"].startswith("📣") for m in messages)
    await wait_until(both)
    [answer] = [m for m in await sandbox_client.bot_messages(forum) if m["text"].startswith("📣")]
    assert answer["text"] == ("📣 Queued a digest for the topic Morocco desk; should that topic be closed or deleted, "
                              "it comes to General.")
