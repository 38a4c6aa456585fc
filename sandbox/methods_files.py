"""Bot API methods on files: sendDocument (a multipart upload, or a file_id sent again) and getFile, with
Telegram's checks and limits (sandbox.files)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sandbox.files import CAPTION_LIMIT, DOWNLOAD_LIMIT, UPLOAD_LIMIT, StoredFile
from sandbox.html_entities import utf16_len
from sandbox.markup import check_markup
from sandbox.methods_messages import MessageMethods, formatted
from sandbox.params import ApiError, bad, bool_param



def too_large() -> ApiError:
    """Telegram's answer to a request with a file over its upload limit."""
    return ApiError(413, "Request Entity Too Large")


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart/form-data request."""

    file_name: str
    content_type: str | None
    content: bytes


def caption_of(params: dict[str, Any]) -> tuple[str, list[dict[str, Any]], str | None]:
    """The caption's text, entities and HTML; an empty caption is none. Parsed as a message's text is."""
    raw = str(params.get("caption") or "")
    if not raw:
        return "", [], None
    text, entities, html = formatted(raw, params.get("parse_mode"))
    if utf16_len(text) > CAPTION_LIMIT:
        raise bad("message caption is too long")
    return text, entities, html


class FileMethods(MessageMethods):
    """Sending a file goes through a message's checks and delivery."""

    def _document(self, params: dict[str, Any]) -> StoredFile:
        """The file a sendDocument carries: uploaded with the request, or named by a file_id the bot knows (an
        HTTP URL, which Telegram would fetch, is refused: the sandbox reaches no outside host)."""
        value = params.get("document")
        if value in (None, ""):
            raise bad("there is no document in the request")
        if isinstance(value, Upload):
            if len(value.content) > UPLOAD_LIMIT:
                raise too_large()
            if not value.content:
                raise bad("file must be non-empty")
            return self.state.files.add(value.content, value.file_name, value.content_type)
        known = self.state.files.get(str(value))
        if known is None:
            raise bad("wrong file identifier/HTTP URL specified")
        return known

    async def m_senddocument(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat_for_send(params)
        if chat.bot_status == "restricted":
            raise bad("not enough rights to send documents to the chat")
        stored = self._document(params)
        text, entities, html = caption_of(params)
        markup = check_markup(params.get("reply_markup"))
        thread_id = self._thread(chat, params)
        self._check_reply(chat, params)
        self._take_turn(chat, params)
        return self.deliver(chat, text, entities, html, markup, True, thread_id,
                            silent=bool_param(params.get("disable_notification")), document=stored.document_api())

    async def m_getfile(self, params: dict[str, Any]) -> dict[str, Any]:
        stored = self.state.files.get(str(params.get("file_id") or ""))
        if stored is None:
            raise bad("invalid file_id")
        if len(stored.content) > DOWNLOAD_LIMIT:
            raise bad("file is too big")
        return {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id, "file_size": len(stored.content),
                "file_path": self.state.files.give_path(stored)}
