"""The sandbox answers like Telegram: PTB interoperates, and every limit and error shape is enforced."""
from __future__ import annotations

import asyncio

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter

from sandbox.client import SandboxClient
from sandbox.server import RunningSandbox
from tests.sandbox.conftest import TOKEN, USER


async def test_get_me_names_the_bot(ptb: Bot) -> None:
    assert (await ptb.get_me()).username == "newsdigest_bot"


async def test_bad_token_is_unauthorized(sandbox: RunningSandbox) -> None:
    async with httpx.AsyncClient() as http:
        response = await http.get(f"{sandbox.api_base_url}not-a-token/getMe")
    assert response.status_code == 401
    assert response.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}


async def test_long_poll_returns_when_an_update_arrives(ptb: Bot, sandbox_client: SandboxClient) -> None:
    first = await ptb.get_updates(timeout=0)
    poll = asyncio.create_task(ptb.get_updates(offset=first[-1].update_id + 1, timeout=20))
    await asyncio.sleep(0)
    await sandbox_client.send_message(USER, "/start", user_id=USER)
    updates = await asyncio.wait_for(poll, 5)
    assert [u.message.text for u in updates] == ["/start"]
    assert updates[0].message.entities[0].type == "bot_command"
    assert await ptb.get_updates(offset=updates[-1].update_id + 1, timeout=0) == ()


async def test_newer_get_updates_terminates_the_waiting_one(sandbox: RunningSandbox, ptb: Bot) -> None:
    async with httpx.AsyncClient(timeout=30) as http:
        waiting = asyncio.create_task(http.get(f"{sandbox.api_base_url}{TOKEN}/getUpdates", params={"timeout": 20, "offset": 10**6}))
        await asyncio.sleep(0.2)
        await http.get(f"{sandbox.api_base_url}{TOKEN}/getUpdates", params={"timeout": 0})
        response = await asyncio.wait_for(waiting, 5)
    assert response.status_code == 409


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        pytest.param("<p>para</p>", "Unsupported start tag", id="p-tag"),
        pytest.param("<b>unclosed", "Can't find end tag", id="unclosed"),
        pytest.param("<b><i>x</b></i>", "Unmatched end tag", id="misnested"),
        pytest.param("a&nbsp;b", "Unsupported HTML entity", id="nbsp"),
        pytest.param("<a>no link</a>", "href", id="a-without-href"),
        pytest.param("Tom & Jerry", "Character entity expected", id="bare-ampersand"),
        pytest.param("line<br>break", "Unsupported start tag", id="br"),
        pytest.param("1 < 2", "Unsupported start tag", id="bare-less-than"),
        pytest.param("<code>a<b</code>", "Unsupported start tag", id="less-than-in-code"),
        pytest.param("x</>y", "Unsupported start tag", id="empty-end-tag"),
        pytest.param("ends with <b", "Unclosed start tag", id="tag-cut-off"),
        pytest.param('<a href=https://example.com/x>x</a>', "name token", id="unquoted-url"),
    ],
)
async def test_html_telegram_would_reject_is_rejected(ptb: Bot, html: str, reason: str) -> None:
    with pytest.raises(BadRequest, match="(?i)can't parse entities") as caught:
        await ptb.send_message(USER, html, parse_mode="HTML")
    assert reason.lower() in caught.value.message.lower()


async def test_length_counts_text_after_entity_parsing(ptb: Bot) -> None:
    text = "&amp;" * 4096  # 4096 characters once decoded
    await ptb.send_message(USER, f"<b>{text}</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)message is too long"):
        await ptb.send_message(USER, "x" * 4097)
    with pytest.raises(BadRequest, match="(?i)message text is empty"):
        await ptb.send_message(USER, "<b> </b>", parse_mode="HTML")


async def test_callback_data_is_limited_to_64_bytes(ptb: Bot) -> None:
    fits = "é" * 32  # 64 bytes
    await ptb.send_message(USER, "ok", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data=fits)]]))
    with pytest.raises(BadRequest, match="(?i)BUTTON_DATA_INVALID"):
        await ptb.send_message(USER, "no", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data=fits + "a")]]))


async def test_edit_that_changes_nothing_is_not_modified(ptb: Bot) -> None:
    sent = await ptb.send_message(USER, "<b>same</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)message is not modified"):
        await ptb.edit_message_text("<b>same</b>", chat_id=USER, message_id=sent.message_id, parse_mode="HTML")
    edited = await ptb.edit_message_text("<b>new</b>", chat_id=USER, message_id=sent.message_id, parse_mode="HTML")
    assert edited.text == "new"


async def test_callback_query_is_answered_once(ptb: Bot, sandbox_client: SandboxClient) -> None:
    sent = await ptb.send_message(USER, "pick", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("go", callback_data="go")]]))
    query_id = await sandbox_client.click(USER, sent.message_id, "go", user_id=USER)
    assert await ptb.answer_callback_query(query_id, text="Done")
    with pytest.raises(BadRequest, match="(?i)query is too old"):
        await ptb.answer_callback_query(query_id, text="again")
    assert (await sandbox_client.callback_answer(query_id))["text"] == "Done"


async def test_blocked_user_gives_403_and_a_member_update(ptb: Bot, sandbox_client: SandboxClient) -> None:
    await sandbox_client.block(USER)
    with pytest.raises(Forbidden, match="(?i)bot was blocked by the user"):
        await ptb.send_message(USER, "still there?")
    updates = await ptb.get_updates(timeout=0)
    assert updates[-1].my_chat_member.new_chat_member.status == "kicked"


async def test_stranger_cannot_be_messaged_first(ptb: Bot, sandbox_client: SandboxClient) -> None:
    await sandbox_client.create_user(12, "Stranger")
    with pytest.raises(Forbidden, match="(?i)can't initiate conversation"):
        await ptb.send_message(12, "hi")
    with pytest.raises(BadRequest, match="(?i)chat not found"):
        await ptb.send_message(987654, "hi")


async def test_migrated_group_points_to_the_supergroup(ptb: Bot, sandbox_client: SandboxClient) -> None:
    group = await sandbox_client.create_chat("group", "Desk")
    new_id = await sandbox_client.migrate(group["id"])
    with pytest.raises(ChatMigrated) as caught:
        await ptb.send_message(group["id"], "hello")
    assert caught.value.new_chat_id == new_id
    await ptb.send_message(new_id, "hello supergroup")


async def test_injected_429_has_telegrams_shape(sandbox: RunningSandbox, sandbox_client: SandboxClient, ptb: Bot) -> None:
    await sandbox_client.inject_fault(error=429, method="sendMessage", retry_after=7)
    async with httpx.AsyncClient() as http:
        response = await http.post(f"{sandbox.api_base_url}{TOKEN}/sendMessage", json={"chat_id": USER, "text": "x"})
    assert response.status_code == 429
    assert response.json() == {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 7", "parameters": {"retry_after": 7}}
    await ptb.send_message(USER, "next one goes through")


async def test_strict_limits_answer_429_above_the_group_cap(ptb: Bot, sandbox_client: SandboxClient) -> None:
    group = await sandbox_client.create_chat("group", "Busy")
    await sandbox_client.configure(strict_limits=True, group_per_minute=3)
    for _ in range(3):
        await ptb.send_message(group["id"], "ok")
    with pytest.raises(RetryAfter) as caught:
        await ptb.send_message(group["id"], "one too many")
    assert caught.value.retry_after
    assert (await sandbox_client.stats())["rate_limited"] == 1


async def test_set_my_commands_validates_names(ptb: Bot) -> None:
    for name in ("Bad-Name", "start\n"):
        with pytest.raises(BadRequest, match="(?i)BOT_COMMAND_INVALID"):
            await ptb.set_my_commands([(name, "nope")])
    assert await ptb.set_my_commands([("morocco", "News about Morocco")])
    assert [c.command for c in await ptb.get_my_commands()] == ["morocco"]


async def test_code_and_pre_hold_plain_text_only(ptb: Bot) -> None:
    await ptb.send_message(USER, '<pre><code class="language-python">x = 1</code></pre>', parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)inside"):
        await ptb.send_message(USER, "<pre><b>x</b></pre>", parse_mode="HTML")


async def test_group_privacy_mode_hides_plain_chatter(ptb: Bot, sandbox_client: SandboxClient) -> None:
    group = await sandbox_client.create_chat("group", "Desk")
    before = await ptb.get_updates(timeout=0)
    offset = before[-1].update_id + 1 if before else None
    await sandbox_client.send_message(group["id"], "just chatting", user_id=USER)
    await sandbox_client.send_message(group["id"], "see /help and /start@newsdigest_bot", user_id=USER)
    await sandbox_client.send_message(group["id"], "/latest", user_id=USER)
    updates = await ptb.get_updates(offset=offset, timeout=0)
    assert [u.message.text for u in updates] == ["/latest"]
    assert [(e.offset, e.length) for e in updates[0].message.entities] == [(0, 7)]


async def test_click_only_presses_buttons_the_message_offers(ptb: Bot, sandbox_client: SandboxClient) -> None:
    sent = await ptb.send_message(USER, "pick", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("go", callback_data="go")]]))
    plain = await ptb.send_message(USER, "no buttons")
    for message_id, data in ((sent.message_id, "stop"), (plain.message_id, "go")):
        with pytest.raises(httpx.HTTPStatusError, match="no button with callback_data") as caught:
            await sandbox_client.click(USER, message_id, data, user_id=USER)
        assert caught.value.response.status_code == 400
    await ptb.edit_message_reply_markup(chat_id=USER, message_id=sent.message_id, reply_markup=None)
    with pytest.raises(httpx.HTTPStatusError, match="no button"):
        await sandbox_client.click(USER, sent.message_id, "go", user_id=USER)  # the keyboard is gone now
    forged = await sandbox_client.click(USER, sent.message_id, "stop", user_id=USER, forged=True)
    updates = await ptb.get_updates(timeout=0)
    assert updates[-1].callback_query.id == forged and updates[-1].callback_query.data == "stop"


async def test_late_callback_answer_is_too_old(sandbox: RunningSandbox, ptb: Bot, sandbox_client: SandboxClient) -> None:
    sent = await ptb.send_message(USER, "pick", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("go", callback_data="go")]]))
    query_id = await sandbox_client.click(USER, sent.message_id, "go", user_id=USER)
    await sandbox_client.expire_callback(query_id)
    async with httpx.AsyncClient() as http:
        response = await http.post(f"{sandbox.api_base_url}{TOKEN}/answerCallbackQuery", json={"callback_query_id": query_id, "text": "late"})
    assert response.status_code == 400
    assert response.json() == {
        "ok": False, "error_code": 400,
        "description": "Bad Request: query is too old and response timeout expired or query ID is invalid",
    }
    with pytest.raises(BadRequest, match="(?i)query is too old"):
        await ptb.answer_callback_query(query_id)
    assert await sandbox_client.callback_answer(query_id) is None
    with pytest.raises(httpx.HTTPStatusError, match="no callback query"):
        await sandbox_client.expire_callback("12345")


async def test_creating_a_chat_with_the_bot_in_it_sends_my_chat_member(ptb: Bot, sandbox_client: SandboxClient) -> None:
    before = await ptb.get_updates(timeout=0)
    offset = before[-1].update_id + 1
    group = await sandbox_client.create_chat("group", "Desk", by_user_id=USER)
    channel = await sandbox_client.create_chat("channel", "Brief")
    await sandbox_client.create_chat("supergroup", "Elsewhere", bot_status="left")  # the bot is not in it: nothing
    await sandbox_client.create_chat("group", "Desk", id=group["id"])  # already there: nothing new
    updates = await ptb.get_updates(offset=offset, timeout=0)
    changes = [u.my_chat_member for u in updates if u.my_chat_member]
    assert [(c.chat.id, c.old_chat_member.status, c.new_chat_member.status) for c in changes] == [
        (group["id"], "left", "member"), (channel["id"], "left", "administrator"),
    ]
    # In the group (not the channel) the bot also gets the service message of its joining, as from Telegram.
    [joined] = [u.message for u in updates if u.message]
    assert (joined.chat.id, joined.from_user.id, [u.id for u in joined.new_chat_members]) == (group["id"], USER, [ptb.id])
    assert changes[0].from_user.id == USER and changes[1].from_user.id != ptb.id
    assert changes[1].new_chat_member.can_post_messages
    assert (await ptb.get_chat_member(group["id"], USER)).status == "creator"
    with pytest.raises(httpx.HTTPStatusError, match="bot_status"):
        await sandbox_client.create_chat("channel", "Nope", bot_status="member")


async def test_chat_created_before_the_bot_first_calls_names_the_bot(sandbox: RunningSandbox, sandbox_client: SandboxClient) -> None:
    group = await sandbox_client.create_chat("supergroup", "Early")
    async with Bot(TOKEN, base_url=sandbox.api_base_url) as bot:
        update, joined = await bot.get_updates(timeout=0)
    assert update.my_chat_member.chat.id == group["id"]
    assert update.my_chat_member.new_chat_member.user.id == int(TOKEN.split(":")[0])
    assert [u.id for u in joined.message.new_chat_members] == [int(TOKEN.split(":")[0])]


async def test_chat_page_heads_group_messages_with_their_senders_names(ptb: Bot, sandbox_client: SandboxClient) -> None:
    """The chat page shows whose message is whose in a group, as Telegram does (the names come from here)."""
    await sandbox_client.create_user(4101, "Karim")
    group = await sandbox_client.create_chat("group", "Newsroom")
    await sandbox_client.send_message(group["id"], "/morocco", user_id=4101)
    await ptb.send_message(group["id"], "Morocco — latest")
    names = [(m.get("service") or m["text"], m["from_name"]) for m in await sandbox_client.messages(group["id"])]
    assert names == [("Chat Owner added NewsDigest", "Chat Owner"), ("/morocco", "Karim"), ("Morocco — latest", "NewsDigest")]


async def test_a_chat_that_blocked_or_removed_the_bot_takes_no_edit_or_delete(
    ptb: Bot, sandbox_client: SandboxClient
) -> None:
    sent = await ptb.send_message(USER, "Digest")
    await sandbox_client.block(USER)
    with pytest.raises(Forbidden, match="blocked"):
        await ptb.edit_message_text("Digest, more", chat_id=USER, message_id=sent.message_id)
    with pytest.raises(Forbidden, match="blocked"):
        await ptb.delete_message(USER, sent.message_id)

    group = await sandbox_client.create_chat("group", "Desk")
    posted = await ptb.send_message(group["id"], "Digest")
    await sandbox_client.set_bot_status(group["id"], "kicked")
    with pytest.raises(Forbidden, match="kicked"):
        await ptb.edit_message_text("Digest, more", chat_id=group["id"], message_id=posted.message_id)


async def test_deleting_needs_a_message_the_bot_may_delete(ptb: Bot, sandbox_client: SandboxClient) -> None:
    with pytest.raises(BadRequest, match="(?i)message to delete not found"):
        await ptb.delete_message(USER, 9999)
    group = await sandbox_client.create_chat("group", "Desk")
    said = await sandbox_client.send_message(group["id"], "hello all", user_id=USER)
    with pytest.raises(BadRequest, match="(?i)can.t be deleted"):
        await ptb.delete_message(group["id"], said["message_id"])  # someone else's, and the bot is no admin


async def test_only_the_bots_own_token_is_accepted(ptb: Bot, sandbox: RunningSandbox) -> None:
    """Like Telegram: another bot's token, or this bot's id with the wrong secret, is 401."""
    async with httpx.AsyncClient() as http:
        for token in (f"{ptb.id}:another-secret", "4242:other-bot-token"):
            response = await http.get(f"{sandbox.api_base_url}{token}/getMe")
            assert response.status_code == 401 and response.json()["description"] == "Unauthorized"
        assert (await http.get(f"{sandbox.api_base_url}{ptb.token}/getMe")).status_code == 200
