"""Bot API request parameters and errors: how Telegram decodes what a bot sends, and the shape of its refusals."""
from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl

_INTEGER = re.compile(r"-?[0-9]+")
JSON_FIELDS = {"reply_markup", "link_preview_options", "commands", "allowed_updates", "scope", "reply_parameters", "results",
               "button"}


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


def bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


def parse_json_body(raw: bytes) -> dict[str, Any]:
    """A JSON body is one object, in UTF-8 (bytes that are not UTF-8 are a ValueError here too)."""
    try:
        body = json.loads(raw.decode("utf-8")) if raw.strip() else {}
    except ValueError:
        raise bad("can't parse JSON") from None
    if not isinstance(body, dict):
        raise bad("JSON object expected")
    return body


def parse_urlencoded(raw: bytes | str) -> dict[str, str]:
    """A query string or form body; its %-escapes must decode to UTF-8 (Python would put U+FFFD in their place)."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        return dict(parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict"))
    except UnicodeDecodeError:
        raise _not_utf8() from None


def decode_params(raw: dict[str, Any]) -> dict[str, Any]:
    """Form fields arrive as strings; nested objects as JSON strings (PTB sends them that way)."""
    params = dict(raw)
    for key in JSON_FIELDS & params.keys():
        if isinstance(params[key], str):
            try:
                params[key] = json.loads(params[key])
            except json.JSONDecodeError as e:
                raise bad(f"can't parse {key} JSON object") from e
    if not _well_formed(params):
        raise _not_utf8()
    return params


def _well_formed(value: Any) -> bool:
    """False when a string anywhere in it holds a lone UTF-16 surrogate: JSON's "\\ud83d", which no UTF-8 holds."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, dict):
        return all(_well_formed(k) and _well_formed(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_well_formed(item) for item in value)
    return True


def _not_utf8() -> ApiError:
    return bad("strings must be encoded in UTF-8")


def int_param(params: dict[str, Any], key: str, required: bool = True) -> int | None:
    """An Integer parameter: a JSON integer or a form field of decimal digits. A float (1.0), a boolean (true
    is 1 to Python) or what only Python's int() reads (" 5", "1_0", Arabic digits) is refused."""
    value = params.get(key)
    if value is None or value == "":
        if required:
            raise bad(f"{key} is empty" if key != "chat_id" else "chat_id is empty")
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _INTEGER.fullmatch(value):
        return int(value)
    if key == "chat_id" and isinstance(value, str) and value.startswith("@"):
        raise bad("chat not found")
    raise bad(f"invalid {key} specified")


def bool_param(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")
