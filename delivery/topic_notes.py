"""The line a forum is told, once, when the topic its news goes to takes none: closed to the bot, or deleted.

The message goes to General instead (delivery.engine); without a word there, a group that reads the topic
would think the digests stopped, and one that reads General would not know why they came there.
"""
from __future__ import annotations

import html
from dataclasses import replace

from news.format import MESSAGE_LIMIT, visible_length
from storage.outbox import OutgoingMessage


def _topic(name: str | None) -> str:
    return f"The topic “{html.escape(name)}”" if name else "The topic chosen with /digest here"


def closed_note(name: str | None) -> str:
    """HTML: the chat's news topic is closed to the bot (it may open again: the topic stays chosen)."""
    return (f"🔒 {_topic(name)} is closed, so digests come here to General until it opens again; an admin can "
            "send /digest here in another topic to have them there.")


def deleted_note(name: str | None) -> str:
    """HTML: the chat's news topic was deleted (General is where its news goes from now on)."""
    return (f"🗑 {_topic(name)} was deleted, so digests come here to General; an admin can send /digest here in "
            "another topic to have them there.")


def with_note(message: OutgoingMessage, note: str) -> OutgoingMessage | None:
    """The message with the note first, in italics; None when the two would pass Telegram's limit."""
    text = f"<i>{note}</i>\n\n{message.text}"
    return replace(message, text=text) if visible_length(text) <= MESSAGE_LIMIT else None
