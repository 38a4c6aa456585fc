"""The Bot API methods the bot uses, answering as Telegram does (results and error shapes)."""
from __future__ import annotations

import asyncio
import json
import re
import time
from typing import Any

from sandbox.html_entities import EntityParseError, parse_html, utf16_len
from sandbox.limits import RateLimiter
from sandbox.state import Chat, Message, State

COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
CHAT_ACTIONS = {
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
}
CALLBACK_EXPIRY = 15.0
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


def _int(params: dict[str, Any], key: str, required: bool = True) -> int | None:
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


def _bool(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


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
        member["status"] = "member"
    return member


class BotApi:
    def __init__(self, state: State) -> None:
        self.state = state
        self.limiter = RateLimiter(state.limits)

    async def call(self, method: str, params: dict[str, Any]) -> Any:
        handler = getattr(self, f"m_{method.lower()}", None)
        if handler is None:
            raise ApiError(404, "Not Found")
        return await handler(params)

    # --- identity and updates -------------------------------------------------------------
    async def m_getme(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": self.state.bot_id, "is_bot": True, "first_name": "NewsDigest", "username": self.state.bot_username,
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False,
            "can_connect_to_business": False, "has_main_web_app": False,
        }

    async def m_deletewebhook(self, params: dict[str, Any]) -> bool:
        self.state.webhook_url = ""
        if _bool(params.get("drop_pending_updates")):
            self.state.updates.clear()
        return True

    async def m_getwebhookinfo(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"url": self.state.webhook_url, "has_custom_certificate": False, "pending_update_count": len(self.state.updates)}

    async def m_getupdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        state = self.state
        offset = _int(params, "offset", required=False)
        limit = _int(params, "limit", required=False) or 100
        timeout = _int(params, "timeout", required=False) or 0
        if not 1 <= limit <= 100:
            limit = max(1, min(100, limit))
        timeout = max(0, min(50, timeout))
        allowed = params.get("allowed_updates")
        # Like Telegram, a newer getUpdates terminates one still waiting (that one gets 409).
        state.poll_generation += 1
        generation = state.poll_generation
        async with state.new_update:
            state.new_update.notify_all()
        if offset is not None:
            if offset < 0:
                keep = list(state.updates)[offset:]
                state.updates.clear()
                state.updates.extend(keep)
            else:
                while state.updates and state.updates[0][0] < offset:
                    state.updates.popleft()
        deadline = time.monotonic() + timeout
        while True:
            if generation != state.poll_generation:
                raise ApiError(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
            ready = [u for _, u in state.updates if not allowed or any(k in u for k in allowed)]
            if ready or time.monotonic() >= deadline:
                return ready[:limit]
            async with state.new_update:
                try:
                    await asyncio.wait_for(state.new_update.wait(), deadline - time.monotonic())
                except asyncio.TimeoutError:
                    pass

    # --- sending ------------------------------------------------------------------------
    def _chat_for_send(self, params: dict[str, Any]) -> Chat:
        chat_id = _int(params, "chat_id")
        chat = self.state.chats.get(chat_id)  # type: ignore[arg-type]
        if chat is None:
            raise bad("chat not found")
        if chat.migrated_to is not None:
            raise ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat", {"migrate_to_chat_id": chat.migrated_to})
        if chat.type == "private":
            user = self.state.users.get(chat.id)
            if user is None:
                raise bad("chat not found")
            if user.deactivated:
                raise ApiError(403, "Forbidden: user is deactivated")
            if user.blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            if not chat.messages and not chat.members.get(chat.id) == "started":
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        elif chat.type == "channel":
            if chat.bot_status not in {"administrator", "creator"}:
                raise ApiError(403, "Forbidden: bot is not a member of the channel chat")
        elif chat.bot_status in {"kicked", "left"}:
            kind = "supergroup" if chat.type == "supergroup" else "group"
            raise ApiError(403, f"Forbidden: bot was kicked from the {kind} chat")
        return chat

    def _text(self, params: dict[str, Any]) -> tuple[str, list[dict[str, Any]], str | None]:
        raw = params.get("text")
        if raw is None or str(raw) == "":
            raise bad("message text is empty")
        raw = str(raw)
        mode = params.get("parse_mode")
        if mode in (None, ""):
            text, entities, html = raw, [], None
        elif str(mode).lower() == "html":
            try:
                text, entities = parse_html(raw)
            except EntityParseError as e:
                raise ApiError(400, str(e)) from e
            html = raw
        else:
            # Only HTML is implemented; refusing is stricter than guessing at MarkdownV2.
            raise bad("unsupported parse_mode")
        if not text.strip():
            raise bad("message text is empty")
        if utf16_len(text) > 4096:
            raise bad("message is too long")
        return text, entities, html

    def _markup(self, params: dict[str, Any]) -> dict[str, Any] | None:
        markup = params.get("reply_markup")
        if markup in (None, ""):
            return None
        if not isinstance(markup, dict):
            raise bad("can't parse reply keyboard markup JSON object")
        keyboard = markup.get("inline_keyboard")
        if keyboard is None:
            return markup
        if not isinstance(keyboard, list) or not all(isinstance(row, list) for row in keyboard):
            raise bad("can't parse inline keyboard button: InlineKeyboardMarkup.inline_keyboard must be an Array of Arrays")
        total = 0
        for row in keyboard:
            if len(row) > 8:
                raise bad("BUTTON_DATA_INVALID")
            for button in row:
                total += 1
                if not isinstance(button, dict) or not button.get("text"):
                    raise bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
                actions = [k for k in ("callback_data", "url", "switch_inline_query", "switch_inline_query_current_chat", "copy_text", "web_app", "login_url", "pay", "callback_game") if k in button]
                if len(actions) != 1:
                    raise bad("can't parse inline keyboard button: exactly one of the optional fields must be used")
                if "callback_data" in button:
                    size = len(str(button["callback_data"]).encode("utf-8"))
                    if not 1 <= size <= 64:
                        raise bad("BUTTON_DATA_INVALID")
                if "url" in button and not re.match(r"^(https?|tg)://", str(button["url"])):
                    raise bad("inline keyboard button URL is invalid")
        if total > 100:
            raise bad("reply markup is too long")
        return markup

    def _preview_disabled(self, params: dict[str, Any]) -> bool:
        options = params.get("link_preview_options")
        if isinstance(options, dict) and options.get("is_disabled"):
            return True
        return _bool(params.get("disable_web_page_preview"))

    async def m_sendmessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat_for_send(params)
        text, entities, html = self._text(params)
        markup = self._markup(params)
        retry = self.limiter.check(chat, paid=_bool(params.get("allow_paid_broadcast")))
        if retry:
            self.state.stats["rate_limited"] += 1
            raise ApiError(429, f"Too Many Requests: retry after {retry}", {"retry_after": retry})
        return self.deliver(chat, text, entities, html, markup, self._preview_disabled(params))

    def deliver(self, chat: Chat, text: str, entities: list[dict[str, Any]], html: str | None,
                markup: dict[str, Any] | None, preview_disabled: bool) -> dict[str, Any]:
        message = Message(chat.next_message_id, chat.id, True, self.state.now(), text, entities, html, markup,
                          self.state.bot_id, link_preview_disabled=preview_disabled)
        chat.next_message_id += 1
        chat.sent_count += 1
        self.state.stats["accepted"] += 1
        if chat.store_messages:
            chat.messages.append(message)
        return self.message_api(message)

    def message_api(self, message: Message) -> dict[str, Any]:
        chat = self.state.chats[message.chat_id]
        data: dict[str, Any] = {"message_id": message.message_id, "date": message.date, "chat": chat.to_api(), "text": message.text}
        if message.from_bot:
            data["from"] = {"id": self.state.bot_id, "is_bot": True, "first_name": "NewsDigest", "username": self.state.bot_username}
        elif chat.type == "channel":
            data["sender_chat"] = chat.to_api()
        elif message.user_id is not None:
            data["from"] = self.state.user(message.user_id).to_api()
        if message.entities:
            data["entities"] = message.entities
        if message.reply_markup:
            data["reply_markup"] = message.reply_markup
        if message.edit_count:
            data["edit_date"] = self.state.now()
        data.update({k: v for k, v in message.extra.items() if k != "reply_to_message_id"})
        return data

    def _find_message(self, params: dict[str, Any]) -> tuple[Chat, Message]:
        chat_id = _int(params, "chat_id")
        message_id = _int(params, "message_id")
        chat = self.state.chats.get(chat_id)  # type: ignore[arg-type]
        if chat is None:
            raise bad("chat not found")
        for message in chat.messages:
            if message.message_id == message_id:
                return chat, message
        raise bad("message to edit not found")

    async def m_editmessagetext(self, params: dict[str, Any]) -> dict[str, Any]:
        chat, message = self._find_message(params)
        if not message.from_bot:
            raise bad("message can't be edited")
        text, entities, html = self._text(params)
        markup = self._markup(params)
        if text == message.text and entities == message.entities and markup == message.reply_markup:
            raise bad("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
        message.text, message.entities, message.html, message.reply_markup = text, entities, html, markup
        message.edit_count += 1
        return self.message_api(message)

    async def m_editmessagereplymarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        chat, message = self._find_message(params)
        if not message.from_bot:
            raise bad("message can't be edited")
        markup = self._markup(params)
        if markup == message.reply_markup:
            raise bad("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
        message.reply_markup = markup
        message.edit_count += 1
        return self.message_api(message)

    async def m_deletemessage(self, params: dict[str, Any]) -> bool:
        chat, message = self._find_message(params)
        chat.messages.remove(message)
        return True

    async def m_answercallbackquery(self, params: dict[str, Any]) -> bool:
        query = self.state.callbacks.get(str(params.get("callback_query_id", "")))
        if query is None or query.answered or time.monotonic() - query.created > CALLBACK_EXPIRY:
            raise bad("query is too old and response timeout expired or query ID is invalid")
        text = str(params.get("text") or "")
        if len(text) > 200:
            raise bad("MESSAGE_TOO_LONG")
        query.answered = True
        query.answer = {"text": text, "show_alert": _bool(params.get("show_alert")), "url": params.get("url")}
        return True

    # --- commands, actions, chat info -----------------------------------------------------------
    def _scope_key(self, params: dict[str, Any]) -> str:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True) + str(params.get("language_code") or "")

    async def m_setmycommands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad("BOT_COMMANDS_TOO_MUCH" if isinstance(commands, list) else "can't parse commands JSON object")
        for command in commands:
            name = str(command.get("command", "")) if isinstance(command, dict) else ""
            description = str(command.get("description", "")) if isinstance(command, dict) else ""
            if not COMMAND_NAME.match(name):
                raise bad("BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise bad("BOT_COMMAND_DESCRIPTION_INVALID")
        self.state.commands[self._scope_key(params)] = commands
        return True

    async def m_getmycommands(self, params: dict[str, Any]) -> list[dict[str, str]]:
        return self.state.commands.get(self._scope_key(params), [])

    async def m_deletemycommands(self, params: dict[str, Any]) -> bool:
        self.state.commands.pop(self._scope_key(params), None)
        return True

    async def m_sendchataction(self, params: dict[str, Any]) -> bool:
        self._chat_for_send(params)
        if params.get("action") not in CHAT_ACTIONS:
            raise bad("wrong parameter action in request")
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
        chat = self.state.chats.get(_int(params, "chat_id"))  # type: ignore[arg-type]
        if chat is None:
            raise bad("chat not found")
        return chat

    def _member(self, chat: Chat, user_id: int) -> dict[str, Any]:
        if user_id == self.state.bot_id:
            status = chat.bot_status
            user = {"id": user_id, "is_bot": True, "first_name": "NewsDigest", "username": self.state.bot_username}
        else:
            status = chat.members.get(user_id, "left")
            status = "member" if status == "started" else status
            user = self.state.user(user_id).to_api()
        return chat_member(status, user)

    async def m_getchatmember(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._known_chat(params)
        user_id = _int(params, "user_id")
        if chat.type == "private" and user_id not in (chat.id, self.state.bot_id):
            raise bad("user not found")
        return self._member(chat, user_id)  # type: ignore[arg-type]

    async def m_getchatadministrators(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        chat = self._known_chat(params)
        admins = [self._member(chat, uid) for uid, status in chat.members.items() if status in {"administrator", "creator"}]
        if chat.bot_status in {"administrator", "creator"}:
            admins.append(self._member(chat, self.state.bot_id))  # type: ignore[arg-type]
        return admins
