"""Bot API request parameters and errors: how Telegram decodes what a bot sends, and the shape of its refusals."""
from __future__ import annotations

import json
from typing import Any

JSON_FIELDS = {"reply_markup", "link_preview_options", "commands", "allowed_updates", "scope", "reply_parameters"}


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


def bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


def decode_params(raw: dict[str, Any]) -> dict[str, Any]:
    """Form fields arrive as strings; nested objects as JSON strings (PTB sends them that way)."""
    params = dict(raw)
    for key in JSON_FIELDS & params.keys():
        if isinstance(params[key], str):
            try:
                params[key] = json.loads(params[key])
            except json.JSONDecodeError as e:
                raise bad(f"can't parse {key} JSON object") from e
    return params


def int_param(params: dict[str, Any], key: str, required: bool = True) -> int | None:
    value = params.get(key)
    if value is None or value == "":
        if required:
            raise bad(f"{key} is empty" if key != "chat_id" else "chat_id is empty")
        return None
    try:
        return int(value)
    except (TypeError, ValueError) as e:
        if key == "chat_id" and isinstance(value, str) and value.startswith("@"):
            raise bad("chat not found") from e
        raise bad(f"invalid {key} specified") from e


def bool_param(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")
