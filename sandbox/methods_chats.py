"""Bot API methods on chats and commands: getChat, members and administrators, the command menu."""
from __future__ import annotations

import json
import re
from typing import Any

from sandbox.html_entities import utf16_len
from sandbox.params import bad, int_param
from sandbox.state import BOT_NAME, Chat, State

COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
SCOPE_TYPES = {"default", "all_private_chats", "all_group_chats", "all_chat_administrators", "chat",
               "chat_administrators", "chat_member"}
LANGUAGE_CODE = re.compile(r"[a-z]{2}")  # ISO 639-1
# A restricted member may do nothing (the one restriction the sandbox models); Telegram sends every field.
RESTRICTED = {"is_member": True, "until_date": 0, **{f"can_{right}": False for right in (
    "send_messages", "send_audios", "send_documents", "send_photos", "send_videos", "send_video_notes",
    "send_voice_notes", "send_polls", "send_other_messages", "add_web_page_previews", "react_to_messages",
    "change_info", "invite_users", "pin_messages", "manage_topics", "edit_tag",
)}}


def chat_member(status: str, user: dict[str, Any]) -> dict[str, Any]:
    """A ChatMember object with the fields Telegram always sends for that status."""
    member: dict[str, Any] = {"status": status, "user": user}
    if status == "administrator":
        member.update({"can_be_edited": False, "is_anonymous": False, "can_manage_chat": True, "can_delete_messages": True,
                       "can_manage_video_chats": True, "can_restrict_members": True, "can_promote_members": False,
                       "can_change_info": True, "can_invite_users": True, "can_post_stories": False,
                       "can_edit_stories": False, "can_delete_stories": False, "can_post_messages": True})
    elif status == "creator":
        member["is_anonymous"] = False
    elif status == "kicked":
        member["until_date"] = 0
    elif status == "restricted":
        member.update(RESTRICTED)
    return member


def _field(command: Any, key: str) -> str:
    """A BotCommand's String field; a number or an object there is refused, not turned into text."""
    if not isinstance(command, dict):
        raise bad("can't parse BotCommand: object expected")
    value = command.get(key, "")
    if not isinstance(value, str):
        raise bad(f'can\'t parse BotCommand: Field "{key}" must be of type String')
    return value


class ChatMethods:
    state: State

    def _scope_key(self, params: dict[str, Any]) -> str:
        """Which command list a call means: Telegram keeps one per valid scope and language code ("" for all)."""
        scope = self._scope(params.get("scope"))
        language = params.get("language_code") or ""
        if language and not (isinstance(language, str) and LANGUAGE_CODE.fullmatch(language)):
            raise bad("invalid language code specified")
        return json.dumps(scope, sort_keys=True) + language

    def _scope(self, scope: Any) -> dict[str, Any]:
        """A BotCommandScope of a type Telegram knows; one naming a chat (and a user) names one that exists."""
        if scope in (None, ""):
            return {"type": "default"}
        if not isinstance(scope, dict) or not isinstance(scope.get("type"), str) or scope["type"] not in SCOPE_TYPES:
            raise bad("can't parse BotCommandScope: unsupported type specified")
        if scope["type"] in {"chat", "chat_administrators", "chat_member"}:
            self._known_chat(scope)
        if scope["type"] == "chat_member":
            int_param(scope, "user_id")
        return scope

    async def m_setmycommands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad("BOT_COMMANDS_TOO_MUCH" if isinstance(commands, list) else "can't parse commands JSON object")
        names: set[str] = set()
        for command in commands:
            name, description = _field(command, "command"), _field(command, "description")
            if not COMMAND_NAME.fullmatch(name) or name in names:  # one description a name: a second is refused
                raise bad("BOT_COMMAND_INVALID")
            if not 1 <= utf16_len(description) <= 256:  # in UTF-16 units, as Telegram counts
                raise bad("BOT_COMMAND_DESCRIPTION_INVALID")
            names.add(name)
        self.state.commands[self._scope_key(params)] = commands
        return True

    async def m_getmycommands(self, params: dict[str, Any]) -> list[dict[str, str]]:
        return self.state.commands.get(self._scope_key(params), [])

    async def m_deletemycommands(self, params: dict[str, Any]) -> bool:
        self.state.commands.pop(self._scope_key(params), None)
        return True

    async def m_getchat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._known_chat(params)
        return {**chat.to_api(), "accent_color_id": 0, "max_reaction_count": 11}

    def _known_chat(self, params: dict[str, Any]) -> Chat:
        value = params.get("chat_id")
        if isinstance(value, str) and value.startswith("@"):
            for chat in self.state.chats.values():
                if chat.username and chat.username.lower() == value[1:].lower():
                    return chat
            raise bad("chat not found")
        chat = self.state.chats.get(int_param(params, "chat_id"))  # type: ignore[arg-type]
        if chat is None:
            raise bad("chat not found")
        return chat

    def _joined_chat(self, params: dict[str, Any]) -> Chat:
        """A group or channel the bot is still in: one it was removed from answers 403, as to a message."""
        chat = self._known_chat(params)
        if chat.type != "private":
            self._check_access(chat)  # type: ignore[attr-defined]  # MessageMethods', beside it in BotApi
        return chat

    def _member(self, chat: Chat, user_id: int) -> dict[str, Any]:
        if user_id == self.state.bot_id:
            status = chat.bot_status
            user = {"id": user_id, "is_bot": True, "first_name": BOT_NAME, "username": self.state.bot_username}
        else:
            status = chat.members.get(user_id, "left")
            status = "member" if status == "started" else status
            user = self.state.user(user_id).to_api()
        return chat_member(status, user)

    async def m_getchatmember(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._joined_chat(params)
        user_id = int_param(params, "user_id")
        if chat.type == "private" and user_id not in (chat.id, self.state.bot_id):
            raise bad("user not found")
        return self._member(chat, user_id)  # type: ignore[arg-type]

    async def m_getchatadministrators(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        chat = self._joined_chat(params)
        admins = [self._member(chat, uid) for uid, status in chat.members.items() if status in {"administrator", "creator"}]
        if chat.bot_status in {"administrator", "creator"}:
            admins.append(self._member(chat, self.state.bot_id))  # type: ignore[arg-type]
        return admins
