"""Who the admins are: listed, added (also by replying to someone in a group) and removed in chat."""
from __future__ import annotations

import asyncio

from telegram import BotCommandScopeChat, Update

from handlers.admin import _replied_to_user
from sandbox.client import SandboxClient
from storage import Database
from storage import admins as admin_store
from tests.conftest import ADMIN_ID, START, BotFactory, RunningBot
from tests.handlers.test_subscribe import ask

EDITOR, REPORTER, READER = 9002, 9003, 9004


async def test_an_added_admin_is_listed_and_loses_the_commands_when_removed(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    for user_id, name in ((ADMIN_ID, "Chief"), (EDITOR, "Editor")):
        await sandbox_client.create_user(user_id, name)
    for user_id in (ADMIN_ID, EDITOR):
        await ask(sandbox_client, "/start", chat_id=user_id, user_id=user_id)
    added = await ask(sandbox_client, f"/admin add {EDITOR}", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert added["text"] == f"Editor ({EDITOR}) is now an admin. I told them."  # named as /admin list names them
    *_, told = await sandbox_client.wait_for_bot_messages(EDITOR, 2)
    assert told["text"].startswith("Chief made you an admin of this bot. /help lists the admin commands")
    listed = (await ask(sandbox_client, "/admin list", chat_id=EDITOR, user_id=EDITOR))["text"]
    assert f"• Chief · {ADMIN_ID} (ADMIN_USER_IDS setting)" in listed and f"• Editor · {EDITOR} (added by Chief, just now)" in listed

    removed = await ask(sandbox_client, f"/admin remove {EDITOR}", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert removed["text"] == f"Editor ({EDITOR}) is no longer an admin. I told them."
    *_, told = await sandbox_client.wait_for_bot_messages(EDITOR, 4)  # as adding did
    assert told["text"] == "Chief removed you as an admin of this bot. The readers' commands stay yours: /help lists them."
    assert (await ask(sandbox_client, "/stats", chat_id=EDITOR, user_id=EDITOR))["text"] == "This command is for admins."
    again = await ask(sandbox_client, f"/admin remove {EDITOR}", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert again["text"] == f"Editor ({EDITOR}) is not an admin. /admin list shows who is."


async def test_an_id_the_bot_never_met_is_not_made_an_admin(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    """A mistyped id would make a stranger an admin: one with no chat with the bot is refused, with the ways that
    are sure of the person."""
    await sandbox_client.create_user(ADMIN_ID, "Chief")
    reply = await ask(sandbox_client, "/admin add 999", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert reply["text"] == ("I have never met user 999, so I can't tell whether that id is right, and I added no one. "
                             "Ask them to send me /start, then /admin add 999 again; or, in a group, reply /admin add "
                             "to a message of theirs.")
    assert await admin_store.admin_ids(bot.db) == set()


async def test_an_admin_from_the_settings_is_not_removed_in_chat(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    await sandbox_client.create_user(ADMIN_ID, "Chief")
    reply = await ask(sandbox_client, f"/admin remove {ADMIN_ID}", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "ADMIN_USER_IDS setting" in reply["text"]
    assert "Stats" in (await ask(sandbox_client, "/stats", chat_id=ADMIN_ID, user_id=ADMIN_ID))["text"]


async def test_replying_admin_add_to_a_message_in_a_group_adds_its_sender(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    for user_id, name in ((ADMIN_ID, "Chief"), (REPORTER, "Reporter")):
        await sandbox_client.create_user(user_id, name)
    group = await sandbox_client.create_chat("group", "Newsroom", bot_status="member", by_user_id=ADMIN_ID)
    await sandbox_client.wait_for_bot_messages(group["id"], 1)  # the welcome
    hello = await sandbox_client.send_message(group["id"], "Hi all, I'm the new reporter", user_id=REPORTER)
    before = len(await sandbox_client.bot_messages(group["id"]))
    await sandbox_client.send_message(group["id"], "/admin add", user_id=ADMIN_ID, reply_to_message_id=hello["message_id"])
    reply = (await sandbox_client.wait_for_bot_messages(group["id"], before + 1))[before]
    # Chief has no private chat: what the command did is said here, not only a pointer that reads as if nothing happened
    assert reply["text"].startswith("Reporter (9003) is now an admin.")
    assert REPORTER in await admin_store.admin_ids(bot.db)


async def test_a_bare_admin_add_says_how_to_name_the_user(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    await sandbox_client.create_user(ADMIN_ID, "Chief")
    itself = await ask(sandbox_client, f"/admin add {bot.app.bot.id}", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert itself["text"] == f"User {bot.app.bot.id} is me, the bot: admin commands are for people."
    assert bot.app.bot.id not in await admin_store.admin_ids(bot.db)
    for command in ("/admin add", "/admin add someone", "/admin promote 5"):
        reply = await ask(sandbox_client, command, chat_id=ADMIN_ID, user_id=ADMIN_ID)
        assert reply["text"].startswith("Usage: /admin add <numeric user id> (or reply /admin add to their message")


async def test_two_admins_adding_the_same_user_at_once_are_both_answered(db: Database) -> None:
    """Both /admin add commands get their answer: one "now an admin", the other "already" (the second used to
    fail on the table's key, and its admin got no reply)."""
    added = await asyncio.gather(*(admin_store.add_admin(db, READER, by, START) for by in (ADMIN_ID, EDITOR)))
    assert sorted(added) == [False, True]
    assert await admin_store.admin_ids(db) == {READER}


def _topic_update(replied: dict) -> Update:
    """A message typed in a forum topic, as Telegram sends it: a reply to `replied` in thread 50."""
    group = {"id": -1001234, "type": "supergroup", "title": "Desk", "is_forum": True}
    return Update.de_json({"update_id": 1, "message": {
        "message_id": 60, "date": 1764050400, "chat": group, "from": {"id": ADMIN_ID, "is_bot": False, "first_name": "Chief"},
        "text": "/admin add", "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        "message_thread_id": 50, "is_topic_message": True,
        "reply_to_message": {"chat": group, "date": 1764050000, "message_thread_id": 50, **replied},
    }}, None)


def test_admin_add_typed_in_a_forum_topic_does_not_take_the_topics_opener() -> None:
    """In a forum every message in a topic comes as a reply to the topic's first message; `/admin add` typed
    there, answering nobody, must not make the topic's opener an admin."""
    opener = {"id": READER, "is_bot": False, "first_name": "Opener"}
    opened = {"message_id": 50, "from": opener, "forum_topic_created": {"name": "Elections", "icon_color": 7322096}}
    assert _replied_to_user(_topic_update(opened)) is None
    assert _replied_to_user(_topic_update({"message_id": 50, "from": opener})) is None
    answered = {"message_id": 55, "from": {"id": REPORTER, "is_bot": False, "first_name": "Reporter"}}
    assert _replied_to_user(_topic_update(answered)) == REPORTER  # a real reply inside the topic
    channel_post = {"message_id": 56, "from": {"id": 777000, "is_bot": False, "first_name": "Telegram"}}
    assert _replied_to_user(_topic_update(channel_post)) is None  # a linked channel's post: no person


async def _menu(bot: RunningBot, user_id: int | None = None) -> list[str]:
    scope = BotCommandScopeChat(user_id) if user_id is not None else None
    return [command.command for command in await bot.app.bot.get_my_commands(scope=scope)]


async def test_admins_find_the_admin_commands_in_their_menu_and_readers_do_not(
    start_bot: BotFactory, sandbox_client: SandboxClient
) -> None:
    for user_id, name in ((ADMIN_ID, "Chief"), (EDITOR, "Editor"), (READER, "Reader")):
        await sandbox_client.create_user(user_id, name)
    await sandbox_client.send_message(ADMIN_ID, "hello", user_id=ADMIN_ID)  # a chat Telegram knows before the start
    bot = await start_bot()
    assert {"breaking", "feeds", "stats", "latest", "subscribe"} <= set(await _menu(bot, ADMIN_ID))
    assert "latest" in await _menu(bot) and "breaking" not in await _menu(bot)  # every other chat's menu

    await ask(sandbox_client, "/start", chat_id=EDITOR, user_id=EDITOR)
    assert await _menu(bot, EDITOR) == []  # a reader has the menu every chat has
    await ask(sandbox_client, f"/admin add {EDITOR}", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "breaking" in await _menu(bot, EDITOR)
    await ask(sandbox_client, f"/admin remove {EDITOR}", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert await _menu(bot, EDITOR) == []


async def test_an_admin_who_had_no_chat_with_the_bot_gets_the_menu_on_start(
    start_bot: BotFactory, sandbox_client: SandboxClient
) -> None:
    bot = await start_bot()  # ADMIN_USER_IDS names them, but Telegram refuses a menu for a chat that does not exist yet
    await sandbox_client.create_user(ADMIN_ID, "Chief")
    await ask(sandbox_client, "/start", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "breaking" in await _menu(bot, ADMIN_ID)
