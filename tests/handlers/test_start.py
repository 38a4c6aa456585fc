"""/start through the real bot: a newcomer is told on whose clock the first digests come; a returning
reader, what they follow and when their next digest comes, not the newcomer's promise again."""
from __future__ import annotations

from sandbox.client import SandboxClient
from tests.conftest import RunningBot
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
                               "(Paris time). /settings to change it, /help for every command.")
    await ask(sandbox_client, "/subscribe tech israel usa ukraine")
    welcome = await ask(sandbox_client, "/start")
    assert welcome["text"].startswith("Welcome back, Amina — you follow 🇲🇦 Morocco, 🇮🇱 Israel, 🇺🇸 United States "
                                      "and 2 more; your next digest comes Wed 25 Nov 23:59 (Paris time).")


async def test_a_returning_readers_start_link_still_opens_its_news(reader: RunningBot, sandbox_client: SandboxClient) -> None:
    await ask(sandbox_client, "/subscribe morocco")
    before = len(await sandbox_client.bot_messages(READER))
    await sandbox_client.send_message(chat_id=READER, user_id=READER, text="/start tech")
    welcome, news = (await sandbox_client.wait_for_bot_messages(READER, before + 2))[before:]
    assert welcome["text"].startswith("Welcome back, Amina — you follow 🇲🇦 Morocco; your next digest comes Wed 25 Nov 08:00 (UTC).")
    assert news["text"].startswith("💻 Technology — latest")


async def test_a_group_that_follows_something_is_welcomed_back_as_a_group(
    reader: RunningBot, sandbox_client: SandboxClient
) -> None:
    group = await sandbox_client.create_chat("supergroup", "Newsroom")
    await sandbox_client.wait_for_bot_messages(group["id"], 1)  # its welcome
    await sandbox_client.set_member(group["id"], ADMIN, "administrator")
    await ask(sandbox_client, "/subscribe morocco", chat_id=group["id"], user_id=ADMIN)
    welcome = await ask(sandbox_client, "/start", chat_id=group["id"], user_id=READER)
    assert "— this group follows 🇲🇦 Morocco; its next digest comes Wed 25 Nov 08:00 (UTC)." in welcome["text"]
