"""answerInlineQuery with Telegram's checks: a live query answered once, at most 50 results with distinct ids of
1-64 bytes, article results whose message is a valid text message, a next_offset of at most 64 bytes, and a
button that names a start parameter Telegram accepts.

Only article results are implemented; any other type is refused, as an unsupported parse_mode is: stricter
than guessing at what Telegram would make of it."""
from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any

from sandbox.markup import check_markup, is_button_url
from sandbox.params import ApiError, bad, bool_param, int_param
from sandbox.state import InlineQuery, State

INLINE_QUERY_EXPIRY = 10.0  # seconds: Telegram gives an inline query less time than a button's (~15 s)
MAX_RESULTS = 50
MAX_ID_BYTES = 64
MAX_OFFSET_BYTES = 64
QUERY_EXPIRED = "query is too old and response timeout expired or query ID is invalid"
_START_PARAMETER = re.compile(r"[A-Za-z0-9_-]{1,64}")


def inline_query_expired(query: InlineQuery) -> bool:
    return time.monotonic() - query.created > INLINE_QUERY_EXPIRY


def _result_error(reason: str) -> ApiError:
    return bad(f"can't parse inline query result: {reason}")


class InlineMethods:
    state: State

    if TYPE_CHECKING:  # MessageMethods' (both are mixed into BotApi): a message's text as Telegram checks it
        def _text(self, params: dict[str, Any]) -> tuple[str, list[dict[str, Any]], str | None]: ...

    async def m_answerinlinequery(self, params: dict[str, Any]) -> bool:
        query = self.state.inline_queries.get(str(params.get("inline_query_id", "")))
        if query is None or query.answer is not None or inline_query_expired(query):
            raise bad(QUERY_EXPIRED)
        results = params.get("results")
        if not isinstance(results, list):
            raise bad("can't parse inline query results JSON object")
        if len(results) > MAX_RESULTS:
            raise bad("RESULTS_TOO_MUCH")
        checked = [self._result(result) for result in results]
        ids = [result["id"] for result in checked]
        if len(set(ids)) != len(ids):
            raise bad("RESULT_ID_DUPLICATE")
        next_offset = str(params.get("next_offset") or "")
        if len(next_offset.encode("utf-8")) > MAX_OFFSET_BYTES:
            raise bad("NEXT_OFFSET_INVALID")
        cache_time = int_param(params, "cache_time", required=False)
        if cache_time is not None and cache_time < 0:
            raise bad("CACHE_TIME_INVALID")
        query.answer = {
            "results": checked, "next_offset": next_offset, "button": _button(params.get("button")),
            "cache_time": 300 if cache_time is None else cache_time, "is_personal": bool_param(params.get("is_personal")),
        }
        return True

    def _result(self, result: Any) -> dict[str, Any]:
        """The result as a client would list it, with the message it sends when picked (`message`)."""
        if not isinstance(result, dict):
            raise _result_error("InlineQueryResult must be an Object")
        if result.get("type") != "article":
            raise _result_error(f"unsupported result type {result.get('type')!r}: only article is implemented")
        result_id = result.get("id")
        if not isinstance(result_id, str) or not 1 <= len(result_id.encode("utf-8")) <= MAX_ID_BYTES:
            raise bad("RESULT_ID_INVALID")
        title = result.get("title")
        if not isinstance(title, str) or not title.strip():
            raise _result_error('Field "title" must be a non-empty String')
        description = result.get("description")
        if description is not None and not isinstance(description, str):
            raise _result_error('Field "description" must be of type String')
        if result.get("url") not in (None, "") and not is_button_url(result["url"]):
            raise bad("URL_INVALID")
        content = result.get("input_message_content")
        if not isinstance(content, dict) or "message_text" not in content:
            raise _result_error('Field "input_message_content" must be an InputTextMessageContent with "message_text"')
        text, entities, html = self._text({"text": content["message_text"], "parse_mode": content.get("parse_mode")})
        markup = check_markup(result.get("reply_markup"), inline_only=True)
        preview = content.get("link_preview_options")
        return {
            "id": result_id, "title": title, "description": description,
            "message": {"text": text, "entities": entities, "html": html, "reply_markup": markup,
                        "link_preview_disabled": isinstance(preview, dict) and bool(preview.get("is_disabled"))},
        }


def _button(button: Any) -> dict[str, Any] | None:
    """InlineQueryResultsButton: a text, and exactly one of web_app or a start_parameter of 1-64 [A-Za-z0-9_-]."""
    if button in (None, ""):
        return None
    if not isinstance(button, dict) or not isinstance(button.get("text"), str) or not button["text"]:
        raise bad("can't parse inline query results button: text must be a non-empty String")
    if ("start_parameter" in button) == ("web_app" in button):
        raise bad("can't parse inline query results button: exactly one of start_parameter and web_app must be used")
    if "start_parameter" in button and not (
        isinstance(button["start_parameter"], str) and _START_PARAMETER.fullmatch(button["start_parameter"])
    ):
        raise bad("START_PARAM_INVALID")
    return button
