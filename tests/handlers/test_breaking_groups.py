"""/breaking and ✏️ Edit in a group or forum topic: the bot sees only commands and replies to its own messages there
(privacy mode), so the admin who asked answers by replying to its prompt or preview; nobody else's reply counts."""
from __future__ import annotations

from clock import ManualClock
from sandbox.client import SandboxClient
from storage import admins as admin_store
from storage.retention import prune
from tests.conftest import ADMIN_ID, RunningBot
from tests.handlers.test_breaking import ITEM, setup
from tests.handlers.test_breaking_drafts import button
from tests.handlers.test_subscribe import ask

CORRECTED = ITEM.replace("Friday night", "Friday evening")
OTHER_ADMIN, READER_IN_GROUP = 9002, 9003


async def _forum_topic(client: SandboxClient) -> tuple[int, int]:
    """A forum the admin added the bot to, its welcome arrived, with a topic the admin opened: (chat, topic)."""
    forum = await client.create_chat("supergroup", "Newsroom", by_user_id=ADMIN_ID, is_forum=True)
    await client.wait_for_bot_messages(forum["id"], 1)
    return forum["id"], await client.create_topic(forum["id"], "Desk", user_id=ADMIN_ID)


async def _said(client: SandboxClient, chat_id: int, text: str, user_id: int, *, thread: int | None = None,
                reply_to: dict | None = None) -> list[dict]:
    """What the bot answers (new messages in the chat) once it has handled `text` and a /help sent after it (by
    a reader: the admin's own command would end their wait), as a chat's updates are handled in order."""
    before = len(await client.bot_messages(chat_id))
    await client.send_message(chat_id, text, user_id=user_id, message_thread_id=thread,
                              reply_to_message_id=reply_to["message_id"] if reply_to else None)
    await client.send_message(chat_id, "/help", user_id=READER_IN_GROUP, message_thread_id=thread)
    answers = (await client.wait_for_bot_messages(chat_id, before + 1))[before:]
    while not any("/latest" in m["text"] for m in answers):  # /help's answer came: everything before it too
        answers = (await client.wait_for_bot_messages(chat_id, before + len(answers) + 1))[before:]
    return answers[:-1]


async def _message(client: SandboxClient, chat_id: int, message: dict) -> dict:
    [found] = [m for m in await client.bot_messages(chat_id) if m["message_id"] == message["message_id"]]
    return found


async def test_edit_in_a_forum_topic_takes_the_admins_reply_to_the_preview_as_the_correction(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    for user_id in (OTHER_ADMIN, READER_IN_GROUP):
        await sandbox_client.create_user(user_id, f"User {user_id}")
    await admin_store.add_admin(bot.db, OTHER_ADMIN, ADMIN_ID, clock.now())
    forum, topic = await _forum_topic(sandbox_client)
    preview, control = await _said(sandbox_client, forum, f"/breaking {ITEM}", ADMIN_ID, thread=topic)
    query = await sandbox_client.click(forum, control["message_id"], button(control, "Edit"), user_id=ADMIN_ID)
    await sandbox_client.wait_for_callback_answer(query)

    async def asking() -> bool:  # the controls are edited once the tap is answered
        return "✏️ Reply to this message with the corrected text or link: it keeps this audience." in \
            (await _message(sandbox_client, forum, control))["text"]
    await sandbox_client.wait_for(asking)

    # Plain text in the topic never reaches the bot (privacy mode); others' replies are no correction.
    assert await _said(sandbox_client, forum, CORRECTED, ADMIN_ID, thread=topic) == []
    assert await _said(sandbox_client, forum, "Looks good to me, ship it now", READER_IN_GROUP, thread=topic,
                       reply_to=control) == []
    [told] = await _said(sandbox_client, forum, CORRECTED.replace("evening", "morning"), OTHER_ADMIN, thread=topic,
                         reply_to=control)
    assert told["text"].startswith("I'm waiting here for the admin who asked")
    # Typed in the admin's private chat instead, it is pointed back to the topic, not met with "I answer commands".
    pointer = await ask(sandbox_client, CORRECTED, chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert pointer["text"].startswith("I'm waiting for the correction of push #1 in the group where you asked for it")
    assert (await bot.db.fetchone("select count(*) from broadcasts"))[0] == 1

    new_preview, new_control = await _said(sandbox_client, forum, CORRECTED, ADMIN_ID, thread=topic, reply_to=preview)
    assert new_preview["text"].startswith("🚨 Breaking") and "Friday evening" in new_preview["text"]
    assert new_preview["message_thread_id"] == topic and new_control["message_thread_id"] == topic
    assert "Preview of breaking push #2" in new_control["text"]
    assert "Replaced by push #2" in (await _message(sandbox_client, forum, control))["text"]
    assert (await bot.db.fetchone("select status from broadcasts where id = 1"))[0] == "cancelled"


async def test_a_bare_breaking_in_a_group_takes_the_admins_reply_to_its_prompt(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    await sandbox_client.create_user(READER_IN_GROUP, "Reader")
    group = await sandbox_client.create_chat("group", "Newsroom", bot_status="member", by_user_id=ADMIN_ID)
    await sandbox_client.wait_for_bot_messages(group["id"], 1)
    [prompt] = await _said(sandbox_client, group["id"], f"/breaking@{bot.app.bot.username}", ADMIN_ID)
    assert prompt["text"].startswith("Reply to this message with the breaking item")
    preview, control = await _said(sandbox_client, group["id"], ITEM, ADMIN_ID, reply_to=prompt)
    assert preview["text"].startswith("🚨 Breaking") and "Preview of breaking push #1" in control["text"]

    # A reply after the wait ran out is told so, once.
    [prompt] = await _said(sandbox_client, group["id"], "/breaking", ADMIN_ID)
    clock.advance(minutes=11)
    [late] = await _said(sandbox_client, group["id"], ITEM, ADMIN_ID, reply_to=prompt)
    assert late["text"].startswith("I waited 10 minutes for the breaking item after /breaking")
    assert (await bot.db.fetchone("select count(*) from broadcasts"))[0] == 1


async def _group(client: SandboxClient) -> tuple[int, dict]:
    """A group the admin added the bot to, with a reader in it: (chat, the bot's welcome there)."""
    await client.create_user(READER_IN_GROUP, "Reader")
    group = await client.create_chat("group", "Newsroom", bot_status="member", by_user_id=ADMIN_ID)
    [welcome] = await client.wait_for_bot_messages(group["id"], 1)
    return group["id"], welcome


async def test_in_a_group_only_a_reply_to_the_message_that_asked_is_the_item(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    await sandbox_client.create_user(OTHER_ADMIN, "Other admin")
    await admin_store.add_admin(bot.db, OTHER_ADMIN, ADMIN_ID, clock.now())
    group, welcome = await _group(sandbox_client)
    [prompt] = await _said(sandbox_client, group, "/breaking", ADMIN_ID)

    # Replies to the bot's other messages (here its welcome; a digest, a push) are talk, the asking admin's too.
    assert await _said(sandbox_client, group, "Great piece, thanks!", ADMIN_ID, reply_to=welcome) == []
    assert await _said(sandbox_client, group, "Agreed", OTHER_ADMIN, reply_to=welcome) == []
    assert (await bot.db.fetchone("select count(*) from broadcasts"))[0] == 0
    preview, control = await _said(sandbox_client, group, ITEM, ADMIN_ID, reply_to=prompt)
    assert preview["text"].startswith("🚨 Breaking") and "Preview of breaking push #1" in control["text"]

    # ✏️ Edit: the reply to the controls that ask for the correction (or to the preview) is it, no other.
    query = await sandbox_client.click(group, control["message_id"], button(control, "Edit"), user_id=ADMIN_ID)
    await sandbox_client.wait_for_callback_answer(query)
    assert await _said(sandbox_client, group, "Great piece, thanks!", ADMIN_ID, reply_to=welcome) == []
    new_preview, new_control = await _said(sandbox_client, group, CORRECTED, ADMIN_ID, reply_to=control)
    assert "Friday evening" in new_preview["text"] and "Preview of breaking push #2" in new_control["text"]


async def test_a_lapsed_wait_is_told_only_soon_after_and_only_to_a_reply_to_its_prompt(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    group, welcome = await _group(sandbox_client)
    [prompt] = await _said(sandbox_client, group, "/breaking", ADMIN_ID)
    clock.advance(minutes=11)
    assert await _said(sandbox_client, group, "Great piece, thanks!", ADMIN_ID, reply_to=welcome) == []
    [late] = await _said(sandbox_client, group, ITEM, ADMIN_ID, reply_to=prompt)
    assert late["text"].startswith("I waited 10 minutes for the breaking item after /breaking")

    # Days later a reply, even to that prompt, is no late item, in a group or in a private chat.
    [prompt] = await _said(sandbox_client, group, "/breaking", ADMIN_ID)
    clock.advance(days=2)
    assert await _said(sandbox_client, group, "Still true two days on", ADMIN_ID, reply_to=prompt) == []
    await ask(sandbox_client, "/breaking", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    clock.advance(days=2)
    answer = await ask(sandbox_client, "hello again", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert answer["text"].startswith("👋 Hello"), answer["text"]  # what any greeting gets, not a word on the wait

    # And the housekeeping forgets a wait an hour after it ran out.
    await ask(sandbox_client, "/breaking", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    clock.advance(minutes=11)
    await prune(bot.db, clock.now())
    assert (await bot.db.fetchone("select count(*) from breaking_waits"))[0] == 1
    clock.advance(hours=1)
    assert (await prune(bot.db, clock.now())).waits == 1
    assert (await bot.db.fetchone("select count(*) from breaking_waits"))[0] == 0
