"""Files in the sandbox, as Telegram keeps them: a document a user sends or the bot uploads gets a file_id (which
the bot may send again) and a file_unique_id (the same for the same bytes); getFile gives it a file_path, under
which the bot downloads it from /file/bot<token>/<file_path>.

Telegram's limits for bots (Bot API docs, "sendDocument" and "getFile"): a bot uploads files of up to 50 MB and
downloads files of up to 20 MB; a caption has 0–1024 characters after entity parsing.
"""
from __future__ import annotations

import hashlib
import itertools
import mimetypes
from dataclasses import dataclass
from typing import Any

UPLOAD_LIMIT = 50 * 1024 * 1024  # bytes a bot may send in one file
DOWNLOAD_LIMIT = 20 * 1024 * 1024  # bytes of a file a bot may download with getFile
CAPTION_LIMIT = 1024  # characters of a caption after entity parsing
DEFAULT_MIME = "application/octet-stream"
# Telegram names the type of files whose extension Python's table leaves out by what they are.
_EXTRA_TYPES = {".opml": "text/x-opml"}


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    content: bytes
    file_name: str
    mime_type: str
    file_path: str | None = None  # given by the first getFile

    def document_api(self) -> dict[str, Any]:
        """The Document object of a message carrying the file."""
        data: dict[str, Any] = {"file_id": self.file_id, "file_unique_id": self.file_unique_id,
                                "file_size": len(self.content), "mime_type": self.mime_type}
        if self.file_name:
            data["file_name"] = self.file_name
        return data


def mime_type_of(file_name: str, declared: str | None) -> str:
    """The type a file is shown with: the one its sender declared, unless that says nothing (octet-stream), then
    the one its name's extension gives."""
    if declared and declared != DEFAULT_MIME:
        return declared
    suffix = "." + file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    return _EXTRA_TYPES.get(suffix) or mimetypes.guess_type(file_name, strict=False)[0] or DEFAULT_MIME


class FileStore:
    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}
        self._ids = itertools.count(1)

    def add(self, content: bytes, file_name: str, mime_type: str | None) -> StoredFile:
        number = next(self._ids)
        unique = "AgAD" + hashlib.sha256(content).hexdigest()[:12]
        stored = StoredFile(f"BQACAgIAAxkBAAI{number:06d}{unique}", unique, content, file_name,
                            mime_type_of(file_name, mime_type))
        self._by_id[stored.file_id] = stored
        return stored

    def get(self, file_id: str) -> StoredFile | None:
        return self._by_id.get(file_id)

    def give_path(self, stored: StoredFile) -> str:
        """The file's download path, made at its first getFile ("documents/file_3.opml")."""
        if stored.file_path is None:
            suffix = "." + stored.file_name.rsplit(".", 1)[-1] if "." in stored.file_name else ""
            stored.file_path = f"documents/file_{len(self._by_path) + 1}{suffix}"
            self._by_path[stored.file_path] = stored
        return stored.file_path

    def at_path(self, file_path: str) -> StoredFile | None:
        return self._by_path.get(file_path)
