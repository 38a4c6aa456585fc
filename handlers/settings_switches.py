"""The on/off switches of /settings: the “Nothing new” message and 🚨 Breaking news.

A switch's button carries the state its tap asks for ("set:breaking:off" under "🚨 Breaking news: on"), so a tap
does what its label showed: one on an old /settings message, or a second admin's tap after the first one's, would
otherwise flip the state stored by then, the opposite of what the tapper saw. Buttons drawn before they carried it
("set:breaking", "set:empty") are read by the label they had, which the tapped message still shows.
"""
from __future__ import annotations

from dataclasses import dataclass

from telegram import CallbackQuery, InlineKeyboardButton

from handlers.targets import Target
from storage import chats as chat_store


@dataclass(frozen=True)
class Switch:
    name: str  # in the button data: set:<name>:on|off
    column: str  # the chats column it sets (0 or 1)
    label: str  # the button's text before ": on" / ": off"


EMPTY = Switch("empty", "send_empty", "“Nothing new” message")
BREAKING = Switch("breaking", "breaking_alerts", "🚨 Breaking news")
SWITCHES = {s.name: s for s in (EMPTY, BREAKING)}


@dataclass(frozen=True)
class Tap:
    switch: Switch
    wanted: bool | None  # None: an old button whose label the message no longer shows


def state_line(switch: Switch, chat: chat_store.Chat) -> str:
    """"🚨 Breaking news: on": the button's text, and its line in /settings."""
    return f"{switch.label}: {'on' if getattr(chat, switch.column) else 'off'}"


def empty_line(chat: chat_store.Chat) -> str:
    """The “Nothing new” switch's line in /settings, with what it does. Hourly digests say it once, then not again
    until a digest brings news (digests.compose): every hour, all night, it was noise."""
    if chat.send_empty:
        return (f"{state_line(EMPTY, chat)} — when there is no news the digest says so (hourly digests once, then not "
                "again until news comes)")
    return f"{state_line(EMPTY, chat)} — when there is no news, no digest comes"


def switch_button(switch: Switch, target: Target) -> InlineKeyboardButton:
    """The switch as it is now, its tap asking for the other state."""
    wanted = "off" if getattr(target.chat, switch.column) else "on"
    return InlineKeyboardButton(state_line(switch, target.chat), callback_data=target.button(f"set:{switch.name}:{wanted}"))


def read_tap(data: str, query: CallbackQuery) -> Tap | None:
    """What a tap on a switch asks for, from its data (the chat id taken off); None if `data` is no switch's."""
    parts = data.split(":")
    if len(parts) < 2 or parts[0] != "set" or parts[1] not in SWITCHES:
        return None
    switch = SWITCHES[parts[1]]
    if len(parts) == 3 and parts[2] in ("on", "off"):
        return Tap(switch, parts[2] == "on")
    if len(parts) == 2:
        return Tap(switch, _wanted_by_label(query))
    return None


def _wanted_by_label(query: CallbackQuery) -> bool | None:
    """For an old button: the state opposite to the one its label showed ("…: on" asks for off)."""
    markup = getattr(query.message, "reply_markup", None)  # an inaccessible (too old) message has none
    keyboard = markup.inline_keyboard if markup is not None else ()
    label = next((b.text for row in keyboard for b in row if b.callback_data == query.data), "")
    if label.endswith(": on"):
        return False
    if label.endswith(": off"):
        return True
    return None
