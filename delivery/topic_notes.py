"""The line a forum is told, once, when the topic its news goes to takes none: closed to the bot, or deleted.

The message goes to General instead (delivery.engine); without a word there, a group that reads the topic
would think the digests stopped, and one that reads General would not know why they came there.

The note is put at the top of the message moved, where it is read with the news, and is not kept anywhere else:
what redraws a sent digest message (its More ▸ / Less ▴ buttons, handlers.digest_buttons) reads it back from the
message it edits (note_in) and keeps it there. That holds for messages sent before, and needs no record of which
message got the note; a note is recognised by its own wording, which no digest message begins with.
"""
from __future__ import annotations

import html
import re
from dataclasses import replace

from news.format import MESSAGE_LIMIT, visible_length
from storage.outbox import OutgoingMessage


# Either note as a message shows it: "🔒 The topic “Morocco desk” is closed, … to have them there."
_NOTE = re.compile(r"(?:🔒|🗑) The topic .* to have them there\.")


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
    text = noted(note, message.text)
    return replace(message, text=text) if visible_length(text) <= MESSAGE_LIMIT else None


def noted(note: str, text: str) -> str:
    """`text` (HTML) with `note` (HTML) first, in italics: how a moved message shows it."""
    return f"<i>{note}</i>\n\n{text}"


def note_in(text: str) -> str | None:
    """The note (HTML) a moved message begins with, from its text as Telegram gives it back (plain); None without."""
    first, gap, _ = text.partition("\n\n")
    return html.escape(first, quote=False) if gap and _NOTE.fullmatch(first) else None
