"""Inline mode: a user's "@bot words" reaches the bot as an inline_query; answerInlineQuery is checked as Telegram
checks it; a picked result goes into the chat as the user's message via the bot."""
from __future__ import annotations

from typing import Any

import httpx
import pytest
from telegram import Bot, InlineQueryResultArticle, InlineQueryResultsButton, InputTextMessageContent

from sandbox.client import SandboxClient
from sandbox.server import RunningSandbox
from tests.sandbox.conftest import TOKEN, USER

QUERY_EXPIRED = "Bad Request: query is too old and response timeout expired or query ID is invalid"


def _article(result_id: str = "1", text: str = "<b>Quake</b> in Morocco", **fields: Any) -> dict[str, Any]:
    return {"type": "article", "id": result_id, "title": "Quake",
            "input_message_content": {"message_text": text, "parse_mode": "HTML"}, **fields}


async def _answer(sandbox: RunningSandbox, query_id: str, results: list[dict[str, Any]], **params: Any) -> httpx.Response:
    async with httpx.AsyncClient() as http:
        return await http.post(f"{sandbox.api_base_url}{TOKEN}/answerInlineQuery",
                               json={"inline_query_id": query_id, "results": results, **params})


def _refused(response: httpx.Response) -> str:
    assert response.status_code == 400, response.text
    return str(response.json()["description"])


async def test_a_typed_query_reaches_the_bot_and_its_answer_reaches_the_user(ptb: Bot, sandbox_client: SandboxClient) -> None:
    query_id = await sandbox_client.inline_query(USER, "morocco", chat_type="supergroup")
    [update] = [u for u in await ptb.get_updates(timeout=0) if u.inline_query]
    assert update.inline_query.id == query_id
    assert (update.inline_query.query, update.inline_query.offset, update.inline_query.chat_type) == ("morocco", "", "supergroup")
    assert update.inline_query.from_user.id == USER

    result = InlineQueryResultArticle("a1", "Quake", InputTextMessageContent("<b>Quake</b> &amp; aid", parse_mode="HTML"),
                                      description="A strong quake")
    assert await ptb.answer_inline_query(query_id, [result], cache_time=30, next_offset="2",
                                         button=InlineQueryResultsButton("Help", start_parameter="inline"))
    answer = await sandbox_client.inline_answer(query_id)
    assert answer is not None
    [shown] = answer["results"]
    assert (shown["id"], shown["title"], shown["description"]) == ("a1", "Quake", "A strong quake")
    assert shown["message"]["text"] == "Quake & aid"
    assert (answer["next_offset"], answer["cache_time"], answer["button"]["start_parameter"]) == ("2", 30, "inline")


async def test_get_me_says_the_bot_takes_inline_queries(ptb: Bot) -> None:
    assert (await ptb.get_me()).supports_inline_queries


@pytest.mark.parametrize("how", ["unknown", "expired", "answered"])
async def test_a_query_answered_late_twice_or_never_asked_is_refused(
    ptb: Bot, sandbox: RunningSandbox, sandbox_client: SandboxClient, how: str
) -> None:
    query_id = await sandbox_client.inline_query(USER, "morocco", chat_type="private")
    if how == "unknown":
        query_id = "12345"
    elif how == "expired":
        await sandbox_client.expire_inline_query(query_id)
    else:
        assert (await _answer(sandbox, query_id, [_article()])).status_code == 200
    assert _refused(await _answer(sandbox, query_id, [_article()])) == QUERY_EXPIRED


async def test_at_most_fifty_results(sandbox: RunningSandbox, sandbox_client: SandboxClient) -> None:
    too_many = await sandbox_client.inline_query(USER, "news", chat_type="group")
    assert _refused(await _answer(sandbox, too_many, [_article(str(i)) for i in range(51)])) == "Bad Request: RESULTS_TOO_MUCH"
    fifty = await sandbox_client.inline_query(USER, "news", chat_type="group")
    assert (await _answer(sandbox, fifty, [_article(str(i)) for i in range(50)])).status_code == 200


@pytest.mark.parametrize(("ids", "error"), [
    pytest.param([""], "Bad Request: RESULT_ID_INVALID", id="empty"),
    pytest.param(["é" * 33], "Bad Request: RESULT_ID_INVALID", id="66-bytes"),
    pytest.param([7], "Bad Request: RESULT_ID_INVALID", id="not-a-string"),
    pytest.param(["a", "b", "a"], "Bad Request: RESULT_ID_DUPLICATE", id="duplicate"),
    pytest.param(["é" * 32, "x"], None, id="64-bytes"),
])
async def test_result_ids_are_unique_and_1_to_64_bytes(
    sandbox: RunningSandbox, sandbox_client: SandboxClient, ids: list[Any], error: str | None
) -> None:
    query_id = await sandbox_client.inline_query(USER, "news", chat_type="private")
    response = await _answer(sandbox, query_id, [_article(result_id) for result_id in ids])
    assert (_refused(response) if error else response.status_code) == (error or 200)


@pytest.mark.parametrize(("result", "error"), [
    pytest.param({"title": None}, "can't parse inline query result", id="no-title"),
    pytest.param({"title": " "}, "can't parse inline query result", id="blank-title"),
    pytest.param({"input_message_content": None}, "can't parse inline query result", id="no-message"),
    pytest.param({"type": "photo"}, "can't parse inline query result", id="unsupported-type"),
    pytest.param({"input_message_content": {"message_text": "<b></b>", "parse_mode": "HTML"}}, "message text is empty",
                 id="empty-text"),
    pytest.param({"input_message_content": {"message_text": "a" * 4097}}, "message is too long", id="4097-characters"),
    pytest.param({"input_message_content": {"message_text": "<p>Quake</p>", "parse_mode": "HTML"}},
                 "can't parse entities: Unsupported start tag \"p\"", id="html-telegram-refuses"),
    pytest.param({"input_message_content": {"message_text": "Rock &nbsp; roll", "parse_mode": "HTML"}},
                 "can't parse entities", id="named-entity-telegram-refuses"),
    pytest.param({"reply_markup": {"inline_keyboard": [[{"text": "More", "callback_data": "x" * 65}]]}},
                 "BUTTON_DATA_INVALID", id="callback-data-over-64-bytes"),
    pytest.param({"reply_markup": {"keyboard": [["Yes"]]}}, "inline keyboard expected", id="reply-keyboard"),
])
async def test_article_results_are_checked_as_telegram_checks_a_message(
    sandbox: RunningSandbox, sandbox_client: SandboxClient, result: dict[str, Any], error: str
) -> None:
    query_id = await sandbox_client.inline_query(USER, "news", chat_type="private")
    fields = {k: v for k, v in {**_article(), **result}.items() if v is not None}
    assert error in _refused(await _answer(sandbox, query_id, [fields]))


async def test_a_message_of_4096_characters_after_parsing_is_accepted(sandbox: RunningSandbox, sandbox_client: SandboxClient) -> None:
    query_id = await sandbox_client.inline_query(USER, "news", chat_type="private")
    text = "<b>" + "&lt;" * 4096 + "</b>"  # 4,103 source characters, 4,096 once parsed
    assert (await _answer(sandbox, query_id, [_article(text=text)])).status_code == 200
    answer = await sandbox_client.inline_answer(query_id)
    assert answer is not None and answer["results"][0]["message"]["text"] == "<" * 4096


@pytest.mark.parametrize(("next_offset", "ok"), [("x" * 64, True), ("x" * 65, False), ("é" * 33, False)])
async def test_next_offset_has_at_most_64_bytes(
    sandbox: RunningSandbox, sandbox_client: SandboxClient, next_offset: str, ok: bool
) -> None:
    query_id = await sandbox_client.inline_query(USER, "news", chat_type="private")
    response = await _answer(sandbox, query_id, [_article()], next_offset=next_offset)
    assert (response.status_code == 200) if ok else _refused(response) == "Bad Request: NEXT_OFFSET_INVALID"


@pytest.mark.parametrize(("button", "error"), [
    pytest.param({"text": "Help", "start_parameter": "has space"}, "START_PARAM_INVALID", id="start-parameter-space"),
    pytest.param({"text": "Help", "start_parameter": "x" * 65}, "START_PARAM_INVALID", id="start-parameter-65"),
    pytest.param({"text": "Help"}, "exactly one of", id="no-action"),
    pytest.param({"text": "", "start_parameter": "help"}, "text must be", id="no-text"),
])
async def test_the_results_button_is_checked(
    sandbox: RunningSandbox, sandbox_client: SandboxClient, button: dict[str, Any], error: str
) -> None:
    query_id = await sandbox_client.inline_query(USER, "nothing", chat_type="private")
    assert error in _refused(await _answer(sandbox, query_id, [], button=button))


async def test_a_picked_result_goes_into_the_chat_via_the_bot(ptb: Bot, sandbox: RunningSandbox, sandbox_client: SandboxClient) -> None:
    group = await sandbox_client.create_chat("group", "Desk", by_user_id=USER)
    query_id = await sandbox_client.inline_query(USER, "quake", chat_id=group["id"])
    assert (await _answer(sandbox, query_id, [_article("q1"), _article("q2", "Second")])).status_code == 200

    sent = await sandbox_client.choose_inline_result(query_id, "q2")
    assert sent["text"] == "Second" and sent["via_bot"]["username"] == sandbox.state.bot_username
    [shown] = [m for m in await sandbox_client.messages(group["id"]) if m["text"] == "Second"]
    assert (shown["from_bot"], shown["user_id"], shown["via_bot"]["is_bot"]) == (False, USER, True)
    # The bot, in the group, sees it: privacy mode lets through messages sent via the bot.
    [seen] = [u.message for u in await ptb.get_updates(timeout=0) if u.message and u.message.text == "Second"]
    assert seen.via_bot is not None and seen.via_bot.username == sandbox.state.bot_username
    assert seen.from_user.id == USER and seen.chat.id == group["id"]


async def test_a_result_goes_only_where_it_was_asked_for(sandbox: RunningSandbox, sandbox_client: SandboxClient) -> None:
    group = await sandbox_client.create_chat("group", "Desk", by_user_id=USER)
    other = await sandbox_client.create_chat("group", "Other", by_user_id=USER)
    query_id = await sandbox_client.inline_query(USER, "quake", chat_id=group["id"])
    with pytest.raises(httpx.HTTPStatusError, match="has not answered"):
        await sandbox_client.choose_inline_result(query_id, "q1")
    assert (await _answer(sandbox, query_id, [_article("q1")])).status_code == 200
    with pytest.raises(httpx.HTTPStatusError, match="no result 'q9'"):
        await sandbox_client.choose_inline_result(query_id, "q9")
    with pytest.raises(httpx.HTTPStatusError, match="a result goes there"):
        await sandbox_client.choose_inline_result(query_id, "q1", chat_id=other["id"])


async def test_a_query_longer_than_a_client_takes_is_refused(sandbox_client: SandboxClient) -> None:
    with pytest.raises(httpx.HTTPStatusError, match="at most 256"):
        await sandbox_client.inline_query(USER, "x" * 257, chat_type="private")
