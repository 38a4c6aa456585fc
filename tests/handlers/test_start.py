"""/start through the real bot: a newcomer is told on whose clock the first digests come; a returning
reader, what they follow and when their next digest comes, not the newcomer's promise again."""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from clock import ManualClock
from sandbox.client import SandboxClient
from storage import chats as chat_store
from tests.conftest import ADMIN_ID, RunningBot, wait_until
from tests.handlers.test_subscribe import READER, ask, reader  # noqa: F401 (a fixture)

ADMIN = 302


async def test_a_newcomer_is_told_the_time_zone_of_the_first_digests(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    welcome = await ask(sandbox_client, "/start")
    assert welcome["text"].startswith("Hi Amina!")
    assert ("Follow something with /subscribe morocco, and I'll send a digest every day at 08:00 UTC — set your time "
            "zone with /timezone Paris.") in welcome["text"]
    await ask(sandbox_client, "/timezone Paris")
    welcome = await ask(sandbox_client, "/start")  # its own zone now, and still nothing followed
    assert "I'll send a digest every day at 08:00 Paris time.\n" in welcome["text"], welcome["text"]


async def test_a_returning_reader_is_told_what_they_follow_and_when_the_next_digest_comes(
    reader: RunningBot, sandbox_client: SandboxClient
) -> None:
    await ask(sandbox_client, "/timezone Paris")
    await ask(sandbox_client, "/digest 00:00 23:59")
    await ask(sandbox_client, "/subscribe morocco")
    welcome = await ask(sandbox_client, "/start")  # Wed 25 Nov 06:00 UTC: 07:00 in Paris
    assert welcome["text"] == ("Welcome back, Amina — you follow 🇲🇦 Morocco; your next digest comes Wed 25 Nov 23:59 "
                               "Paris time. /settings to change it, /help for every command.")
    await ask(sandbox_client, "/subscribe tech israel usa ukraine")
    welcome = await ask(sandbox_client, "/start")
    assert welcome["text"].startswith("Welcome back, Amina — you follow 🇲🇦 Morocco, 🇮🇱 Israel, 🇺🇸 United States "
                                      "and 2 more; your next digest comes Wed 25 Nov 23:59 Paris time.")


async def test_a_returning_readers_start_link_still_opens_its_news(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    await ask(sandbox_client, "/subscribe morocco")
    before = len(await sandbox_client.bot_messages(READER))
    await sandbox_client.send_message(chat_id=READER, user_id=READER, text="/start tech")
    welcome, news = (await sandbox_client.wait_for_bot_messages(READER, before + 2))[before:]
    assert welcome["text"].startswith("Welcome back, Amina — you follow 🇲🇦 Morocco; your next digest comes Wed 25 Nov 08:00 UTC.")
    assert news["text"].startswith("💻 Technology — latest")


async def test_a_group_that_follows_something_is_welcomed_back_as_a_group(
    reader: RunningBot, sandbox_client: SandboxClient
) -> None:
    group = await sandbox_client.create_chat("supergroup", "Newsroom")
    await sandbox_client.wait_for_bot_messages(group["id"], 1)  # its welcome
    await sandbox_client.set_member(group["id"], ADMIN, "administrator")
    await ask(sandbox_client, "/subscribe morocco", chat_id=group["id"], user_id=ADMIN)
    welcome = await ask(sandbox_client, "/start", chat_id=group["id"], user_id=READER)
    assert "— this group follows 🇲🇦 Morocco; its next digest comes Wed 25 Nov 08:00 UTC." in welcome["text"]


def _status_is(bot: RunningBot, chat_id: int, status: str) -> Callable[[], Awaitable[bool]]:
    async def holds() -> bool:
        chat = await chat_store.get_chat(bot.db, chat_id)
        return chat is not None and chat.status == status
    return holds


async def test_a_reader_back_after_blocking_the_bot_is_told_of_a_digest_to_come(
    reader: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    """Nothing moves a blocked chat's due time: back on Saturday, the Wednesday digest it missed is no promise to
    make. Its next regular digest is, and /settings says the same."""
    await ask(sandbox_client, "/subscribe morocco")  # Wed 25 Nov 06:00 UTC: due at 08:00
    await sandbox_client.block(READER)
    await wait_until(_status_is(reader, READER, "deactivated"))
    clock.advance(days=3)
    await sandbox_client.block(READER, blocked=False)
    await wait_until(_status_is(reader, READER, "active"))
    welcome = await ask(sandbox_client, "/start")  # Sat 28 Nov 06:00 UTC
    assert welcome["text"].startswith("Welcome back, Amina — you follow 🇲🇦 Morocco; your next digest comes "
                                      "Sat 28 Nov 08:00 UTC."), welcome["text"]
    settings = await ask(sandbox_client, "/settings")
    assert "Next digest: Sat 28 Nov 08:00" in settings["text"], settings["text"]


async def test_a_readers_start_brings_back_a_chat_whose_unblocking_the_bot_never_heard_of(
    reader: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    """Telegram keeps updates 24 hours: a bot down longer misses the one saying the reader unblocked it, and their
    /start is what brings the chat back, with a digest time to come."""
    await ask(sandbox_client, "/subscribe morocco")
    await chat_store.deactivate_chat(reader.db, READER, "Forbidden: bot was blocked by the user", clock.now())
    clock.advance(days=3)
    welcome = await ask(sandbox_client, "/start")
    assert "your next digest comes Sat 28 Nov 08:00 UTC." in welcome["text"], welcome["text"]
    chat = await chat_store.get_chat(reader.db, READER)
    assert chat is not None and chat.status == "active"


async def test_a_members_start_leaves_a_muted_group_set_aside_until_its_admins_unmute_the_bot(
    reader: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    """Whether the bot may post in a group is Telegram's to say (my_chat_member), not any member's /start."""
    group = await sandbox_client.create_chat("supergroup", "Newsroom")
    await sandbox_client.wait_for_bot_messages(group["id"], 1)  # its welcome
    await sandbox_client.set_member(group["id"], ADMIN, "administrator")
    await ask(sandbox_client, "/subscribe morocco", chat_id=group["id"], user_id=ADMIN)
    await sandbox_client.set_bot_status(group["id"], "restricted", by_user_id=ADMIN)
    await wait_until(_status_is(reader, group["id"], "deactivated"))

    tried = len(await sandbox_client.calls("sendMessage"))
    await sandbox_client.send_message(group["id"], "/start", user_id=READER)

    async def answer_tried() -> bool:  # the welcome back, which Telegram refuses in a muted group
        return len(await sandbox_client.calls("sendMessage")) > tried
    await sandbox_client.wait_for(answer_tried)
    chat = await chat_store.get_chat(reader.db, group["id"])
    assert chat is not None and (chat.status, chat.deactivated_reason) == ("deactivated", "bot restricted")

    clock.advance(days=2)
    await sandbox_client.set_bot_status(group["id"], "member", by_user_id=ADMIN)  # the right to post given back
    await wait_until(_status_is(reader, group["id"], "active"))
    chat = await chat_store.get_chat(reader.db, group["id"])
    assert chat is not None and chat.next_digest_at is not None and chat.next_digest_at > clock.now()


async def test_a_groups_start_speaks_to_the_group_not_to_one_reader(
    reader: RunningBot, sandbox_client: SandboxClient
) -> None:
    """An admin's /start in a group got the private welcome ("Hi Amina! … I'll send a digest every day …")."""
    me = reader.app.bot.username
    group = await sandbox_client.create_chat("supergroup", "Newsroom")
    await sandbox_client.wait_for_bot_messages(group["id"], 1)  # its welcome
    await sandbox_client.set_member(group["id"], ADMIN, "administrator")
    welcome = await ask(sandbox_client, "/start", chat_id=group["id"], user_id=ADMIN)
    assert welcome["text"] == (
        f"Hi! I post headlines and short summaries by country and topic here. Try /morocco@{me} or /latest@{me}.\n"
        f"Group admins: /subscribe@{me} morocco gets this group a digest every day at 08:00 UTC "
        f"(/timezone@{me} Paris sets its clock). /help@{me} lists every command.")


async def test_a_forums_start_says_which_topic_its_news_comes_to(
    reader: RunningBot, sandbox_client: SandboxClient
) -> None:
    me = reader.app.bot.username
    forum = await sandbox_client.create_chat("supergroup", "Newsroom", by_user_id=ADMIN, is_forum=True)
    await sandbox_client.wait_for_bot_messages(forum["id"], 1)
    welcome = await ask(sandbox_client, "/start", chat_id=forum["id"], user_id=READER)
    assert welcome["text"].startswith("Hi! I post headlines and short summaries by country and topic here.")
    assert welcome["text"].endswith(
        f"Digests and breaking news come to the General topic; /digest@{me} here in another topic brings them "
        f"there. /help@{me} lists every command."), welcome["text"]


async def _managing(client: SandboxClient) -> None:
    channel = await client.create_chat("channel", "Daily Brief", username="dailybrief", bot_status="administrator")
    await client.set_member(channel["id"], READER, "creator")
    await ask(client, "/manage @dailybrief")


MANAGING = "📣 You're managing Daily Brief from here — /manage off to change this chat again."


async def test_start_help_and_settings_say_which_channel_a_private_chat_manages(
    reader: RunningBot, sandbox_client: SandboxClient
) -> None:
    """/start welcomed the reader to their own chat while /subscribe changed the channel."""
    await _managing(sandbox_client)
    start = await ask(sandbox_client, "/start")
    assert start["text"].startswith(f"Hi Amina! {MANAGING}"), start["text"]
    assert "Follow something with /subscribe morocco" not in start["text"]
    assert (await ask(sandbox_client, "/help"))["text"].startswith(MANAGING)
    assert (await ask(sandbox_client, "/settings"))["text"].startswith(MANAGING)
    await ask(sandbox_client, "/manage off")
    assert MANAGING not in (await ask(sandbox_client, "/settings"))["text"]


async def test_start_and_subscribe_name_the_digests_clock_the_same_way(
    reader: RunningBot, sandbox_client: SandboxClient
) -> None:
    """/start said "08:00 UTC" and /subscribe "08:00 (UTC)" (or "(Europe/Paris)"): one form, the one /start used."""
    await ask(sandbox_client, "/timezone Paris")
    assert "I'll send a digest every day at 08:00 Paris time." in (await ask(sandbox_client, "/start"))["text"]
    followed = await ask(sandbox_client, "/subscribe morocco")
    assert "Digests for this chat: every day at 08:00 Paris time. Change with" in followed["text"], followed["text"]
    assert "your next digest comes Wed 25 Nov 08:00 Paris time." in (await ask(sandbox_client, "/start"))["text"]


ADMIN_LINE = "🔑 You're an admin of this bot: /help lists the admin commands too (/breaking, /feeds, /stats …)."


async def test_an_admins_start_says_they_are_one_in_the_welcome(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    await sandbox_client.create_user(ADMIN_ID, "Editor")
    welcome = await ask(sandbox_client, "/start", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert welcome["text"].startswith("Hi Editor!") and welcome["text"].endswith(f"/help lists every command.\n{ADMIN_LINE}")
    await ask(sandbox_client, "/subscribe morocco", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    back = await ask(sandbox_client, "/start", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert back["text"].startswith("Welcome back, Editor") and back["text"].endswith(ADMIN_LINE), back["text"]
    assert len(await sandbox_client.bot_messages(ADMIN_ID)) == 3  # each /start one message
    assert "admin" not in (await ask(sandbox_client, "/start"))["text"]  # a reader's welcome says nothing of it
