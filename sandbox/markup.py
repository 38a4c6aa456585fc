"""reply_markup as Telegram reads it: one of its four keyboard objects; an inline button has text and exactly
one action, callback_data 1-64 bytes, and a URL button a real http(s) or tg:// URL."""
from __future__ import annotations

import ipaddress
import re
from typing import Any
from urllib.parse import urlsplit

from sandbox.params import ApiError, bad

BUTTON_ACTIONS = (
    "callback_data", "url", "switch_inline_query", "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat", "copy_text", "web_app", "login_url", "pay", "callback_game",
)
MAX_BUTTONS = 100
MAX_ROW = 8
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+\.?")  # at least two labels: a name a button could open


def check_markup(markup: Any, *, inline_only: bool = False) -> dict[str, Any] | None:
    """The markup a send (or, inline only, an edit) may carry, or a 400 saying what Telegram would refuse."""
    if markup in (None, ""):
        return None
    if not isinstance(markup, dict):
        raise bad("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        _check_inline_keyboard(markup["inline_keyboard"])
    elif inline_only:
        raise bad("inline keyboard expected")
    else:
        _check_reply_keyboard(markup)
    return markup


def _is_rows(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(row, list) for row in value)


def _check_reply_keyboard(markup: dict[str, Any]) -> None:
    """ReplyKeyboardMarkup (rows of texts or buttons with text), ReplyKeyboardRemove or ForceReply."""
    if "keyboard" in markup:
        rows = markup["keyboard"]
        if not _is_rows(rows):
            raise bad("can't parse keyboard button: ReplyKeyboardMarkup.keyboard must be an Array of Arrays")
        for button in (b for row in rows for b in row):
            text = button.get("text") if isinstance(button, dict) else button
            if not isinstance(text, str) or not text:
                raise bad('can\'t parse keyboard button: Field "text" must be of type String')
    elif markup.get("remove_keyboard") is not True and markup.get("force_reply") is not True:
        raise bad("can't parse reply keyboard markup JSON object")


def _check_inline_keyboard(keyboard: Any) -> None:
    if not _is_rows(keyboard):
        raise _button_error("InlineKeyboardMarkup.inline_keyboard must be an Array of Arrays")
    if any(len(row) > MAX_ROW for row in keyboard):
        raise bad("BUTTON_DATA_INVALID")
    for button in (b for row in keyboard for b in row):
        _check_inline_button(button)
    if sum(len(row) for row in keyboard) > MAX_BUTTONS:
        raise bad("reply markup is too long")


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise _button_error("InlineKeyboardButton must be an Object")
    if not isinstance(button.get("text"), str):
        raise _button_error('Field "text" must be of type String')
    if not button["text"]:
        raise bad("BUTTON_TEXT_INVALID")
    actions = [k for k in BUTTON_ACTIONS if k in button]
    if not actions:
        raise _button_error("Text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        raise _button_error("exactly one of the optional fields must be used")
    if "callback_data" in button:
        _check_callback_data(button["callback_data"])
    if "url" in button and not is_button_url(button["url"]):
        raise bad("inline keyboard button URL is invalid")


def _check_callback_data(data: Any) -> None:
    if not isinstance(data, str):
        raise _button_error('Field "callback_data" must be of type String')
    if not 1 <= len(data.encode("utf-8")) <= 64:
        raise bad("BUTTON_DATA_INVALID")


def is_button_url(url: Any) -> bool:
    """An http(s) URL with a real host (and a port in range, if any), or a tg:// link with a target; parsed, since
    a prefix check passes "https://" alone or "https://exa mple.com"."""
    if not isinstance(url, str) or any(c.isspace() or not c.isprintable() for c in url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # raises ValueError when the port is not a number in 0..65535
    except ValueError:
        return False
    if parts.scheme == "tg":
        return bool(parts.netloc)
    return parts.scheme in ("http", "https") and _is_host(parts.hostname)


def _is_host(host: str | None) -> bool:
    if not host:
        return False
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return bool(_DOMAIN.fullmatch(host))


def _button_error(reason: str) -> ApiError:
    return bad(f"can't parse inline keyboard button: {reason}")
