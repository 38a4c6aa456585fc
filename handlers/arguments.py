"""Numbers in command arguments and button data, as users (and tampered clients) send them."""
from __future__ import annotations

MAX_ID = 2**53  # Telegram's ids fit in 52 bits; ours (SQLite row ids) start at 1 and stay far below


def parse_id(text: str) -> int | None:
    """A positive id in ASCII digits ("#" before it allowed), else None: "12a", "²", "" and numbers too big
    to be an id, which SQLite could not even compare (it raises on integers over 63 bits)."""
    digits = text.removeprefix("#")
    if not (digits.isascii() and digits.isdigit()):
        return None
    value = int(digits)
    return value if 0 < value <= MAX_ID else None


def parse_chat_id(text: str) -> int | None:
    """A Telegram chat id in ASCII digits, negative for groups and channels ("-1001234567890"), else None."""
    sign, digits = (-1, text[1:]) if text.startswith("-") else (1, text)
    value = parse_id(digits) if not digits.startswith("#") else None
    return None if value is None else sign * value
