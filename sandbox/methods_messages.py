"""Bot API methods on messages: send, edit, delete, chat actions and callback answers, with Telegram's checks."""
from __future__ import annotations

import re
import time
from typing import Any

from sandbox.html_entities import EntityParseError, parse_html, utf16_len
from sandbox.limits import RateLimiter
from sandbox.markup import check_markup
from sandbox.params import ApiError, bad, bool_param, int_param
from sandbox.state import BOT_NAME, Chat, Message, State

CHAT_ACTIONS = {
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
}
CALLBACK_EXPIRY = 15.0
MAX_ENTITIES = 100  # formatting entities Telegram keeps in a message or caption
_START_LINK = re.compile(r"(?:https?://)?(?:t\.me|telegram\.me)/(\w+)\?start=[\w-]{1,64}", re.ASCII)


def _reply_parameters(params: dict[str, Any]) -> dict[str, Any] | None:
    """reply_parameters, or else the legacy reply_to_message_id with the legacy top-level allow_sending_without_reply
    (which goes only with it: Telegram reads one form or the other)."""
    reply = params.get("reply_parameters")
    if reply in (None, ""):
        if params.get("reply_to_message_id") in (None, ""):
            return None
        return {"message_id": params["reply_to_message_id"],
                "allow_sending_without_reply": params.get("allow_sending_without_reply")}
    if not isinstance(reply, dict):
        raise bad("can't parse reply parameters JSON object")
    return reply


def formatted(raw: str, mode: Any) -> tuple[str, list[dict[str, Any]], str | None]:
    """A message's text or a caption as Telegram reads it in `mode`: (text, entities, the HTML it came as)."""
    if mode in (None, ""):
        return raw, [], None
    if str(mode).lower() != "html":  # only HTML is implemented; refusing is stricter than guessing at MarkdownV2
        raise bad("unsupported parse_mode")
    try:
        text, entities = parse_html(raw)
    except EntityParseError as e:
        raise ApiError(400, str(e)) from e
    if len(entities) > MAX_ENTITIES:  # Telegram keeps the first 100 and ignores the others, with no error
        entities = sorted(entities, key=lambda entity: entity["offset"])[:MAX_ENTITIES]
    return text, entities, raw


class MessageMethods:
    state: State
    limiter: RateLimiter

    def _chat_for_send(self, params: dict[str, Any]) -> Chat:
        chat_id = int_param(params, "chat_id")
        chat = self.state.chats.get(chat_id)  # type: ignore[arg-type]
        if chat is None:
            raise self._no_chat(chat_id)  # type: ignore[arg-type]
        if chat.migrated_to is not None:
            raise ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat", {"migrate_to_chat_id": chat.migrated_to})
        self._check_access(chat)
        if chat.type == "private" and not chat.messages and not chat.members.get(chat.id) == "started":
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        return chat

    def _no_chat(self, chat_id: int) -> ApiError:
        """A user the bot has met (in a group, on a button) but who never wrote to it has no chat with it: Telegram
        refuses a send with 403, as for any private chat not started; "chat not found" is for ids it never met."""
        user = self.state.users.get(chat_id)
        if user is None:
            return bad("chat not found")
        if user.deactivated:
            return ApiError(403, "Forbidden: user is deactivated")
        return ApiError(403, "Forbidden: bot can't initiate conversation with a user")

    def _check_access(self, chat: Chat) -> None:
        """403 when the bot may no longer touch the chat (send, edit or delete): blocked, kicked, not admin."""
        if chat.type == "private":
            user = self.state.users.get(chat.id)
            if user is None:
                raise bad("chat not found")
            if user.deactivated:
                raise ApiError(403, "Forbidden: user is deactivated")
            if user.blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
        elif chat.type == "channel":
            if chat.bot_status not in {"administrator", "creator"}:
                raise ApiError(403, "Forbidden: bot is not a member of the channel chat")
        elif chat.bot_status in {"kicked", "left"}:
            kind = "supergroup" if chat.type == "supergroup" else "group"
            raise ApiError(403, f"Forbidden: bot was kicked from the {kind} chat")

    def _text(self, params: dict[str, Any]) -> tuple[str, list[dict[str, Any]], str | None]:
        raw = params.get("text")
        if raw is None or str(raw) == "":
            raise bad("message text is empty")
        text, entities, html = formatted(str(raw), params.get("parse_mode"))
        if not text.strip():
            raise bad("message text is empty")
        if utf16_len(text) > 4096:
            raise bad("message is too long")
        return text, entities, html

    def _check_reply(self, chat: Chat, params: dict[str, Any]) -> None:
        """A reply must name a message of its chat, unless allow_sending_without_reply is set beside it."""
        reply = _reply_parameters(params)
        if reply is None:
            return
        message_id = int_param(reply, "message_id")
        target = self._reply_chat(chat, reply)
        if bool_param(reply.get("allow_sending_without_reply")) or (target is not None and not target.store_messages):
            return  # allowed to go without it, or a benchmark's chat that keeps no messages to look in
        if target is None or all(m.message_id != message_id for m in target.messages):
            raise bad("message to be replied not found")

    def _reply_chat(self, chat: Chat, reply: dict[str, Any]) -> Chat | None:
        """The chat the replied message is in: this one unless reply_parameters names another."""
        if reply.get("chat_id") in (None, ""):
            return chat
        return self.state.chats.get(int_param(reply, "chat_id"))  # type: ignore[arg-type]

    def _preview_disabled(self, params: dict[str, Any]) -> bool:
        options = params.get("link_preview_options")
        if isinstance(options, dict) and options.get("is_disabled"):
            return True
        return bool_param(params.get("disable_web_page_preview"))

    async def m_sendmessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat_for_send(params)
        if chat.bot_status == "restricted":  # still a member, but its admins took the right to send
            raise bad("not enough rights to send text messages to the chat")
        text, entities, html = self._text(params)
        markup = check_markup(params.get("reply_markup"))
        thread_id = self._thread(chat, params)
        self._check_reply(chat, params)
        self._take_turn(chat, params)
        return self.deliver(chat, text, entities, html, markup, self._preview_disabled(params), thread_id,
                            silent=bool_param(params.get("disable_notification")))

    def _take_turn(self, chat: Chat, params: dict[str, Any], *, edit: bool = False) -> None:
        """A send's (or an edit's) place under the rate limits, or Telegram's 429 with the seconds to wait."""
        retry = self.limiter.check(chat, paid=bool_param(params.get("allow_paid_broadcast")), edit=edit)
        if retry:
            self.state.stats["rate_limited"] += 1
            raise ApiError(429, f"Too Many Requests: retry after {retry}", {"retry_after": retry})

    def _thread(self, chat: Chat, params: dict[str, Any]) -> int | None:
        """The forum topic a send names, or None for the chat itself (a forum's General topic). One the chat does
        not have is refused: a deleted topic, any in a chat that is no forum, and General's 1 (a send to General
        names no topic). A closed topic takes messages only from its admins (the right to manage topics)."""
        thread_id = int_param(params, "message_thread_id", required=False)
        if thread_id is not None and thread_id not in chat.topics:
            raise bad("message thread not found")
        if thread_id in chat.closed_topics and chat.bot_status not in {"administrator", "creator"}:
            raise bad("TOPIC_CLOSED")
        return thread_id

    def deliver(self, chat: Chat, text: str, entities: list[dict[str, Any]], html: str | None,
                markup: dict[str, Any] | None, preview_disabled: bool, thread_id: int | None = None, *,
                silent: bool = False, document: dict[str, Any] | None = None) -> dict[str, Any]:
        message = Message(chat.next_message_id, chat.id, True, self.state.now(), text, entities, html, markup,
                          self.state.bot_id, link_preview_disabled=preview_disabled, thread_id=thread_id,
                          notification_disabled=silent, document=document)
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
            data["from"] = {"id": self.state.bot_id, "is_bot": True, "first_name": BOT_NAME, "username": self.state.bot_username}
        elif chat.type == "channel":
            data["sender_chat"] = chat.to_api()
        elif message.user_id is not None:
            data["from"] = self.state.user(message.user_id).to_api()
        if message.entities:
            data["entities"] = message.entities
        if message.document is not None:  # a file: its text is its caption, absent when it has none
            data["document"] = message.document
            caption, caption_entities = data.pop("text"), data.pop("entities", None)
            if caption:
                data["caption"] = caption
            if caption_entities:
                data["caption_entities"] = caption_entities
        if message.reply_markup:
            data["reply_markup"] = message.reply_markup
        if message.edit_count:
            data["edit_date"] = self.state.now()
        if message.thread_id is not None:
            data.update(message_thread_id=message.thread_id, is_topic_message=True)
            # A topic is the reply thread of the service message that created it: a message in it that replies
            # to nothing else comes as a reply to that one.
            root = next((m for m in chat.messages if m.message_id == message.thread_id), None)
            if root is not None and root is not message and "reply_to_message_id" not in message.extra:
                data["reply_to_message"] = self.message_api(root)
        data.update({k: v for k, v in message.extra.items() if k != "reply_to_message_id"})
        return data

    def _find_message(self, params: dict[str, Any], verb: str = "edit") -> tuple[Chat, Message]:
        chat_id = int_param(params, "chat_id")
        message_id = int_param(params, "message_id")
        chat = self.state.chats.get(chat_id)  # type: ignore[arg-type]
        if chat is None:
            raise bad("chat not found")
        self._check_access(chat)
        for message in chat.messages:
            if message.message_id == message_id:
                return chat, message
        raise bad(f"message to {verb} not found")

    async def m_editmessagetext(self, params: dict[str, Any]) -> dict[str, Any]:
        chat, message = self._find_message(params)
        if not message.from_bot:
            raise bad("message can't be edited")
        if message.document is not None:  # a file's caption is changed with editMessageCaption
            raise bad("there is no text in the message to edit")
        text, entities, html = self._text(params)
        markup = check_markup(params.get("reply_markup"), inline_only=True)
        if text == message.text and entities == message.entities and markup == message.reply_markup:
            raise bad("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
        self._take_turn(chat, params, edit=True)
        message.text, message.entities, message.html, message.reply_markup = text, entities, html, markup
        message.edit_count += 1
        return self.message_api(message)

    async def m_editmessagereplymarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        chat, message = self._find_message(params)
        if not message.from_bot:
            raise bad("message can't be edited")
        markup = check_markup(params.get("reply_markup"), inline_only=True)
        if markup == message.reply_markup:
            raise bad("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
        self._take_turn(chat, params, edit=True)
        message.reply_markup = markup
        message.edit_count += 1
        return self.message_api(message)

    async def m_deletemessage(self, params: dict[str, Any]) -> bool:
        chat, message = self._find_message(params, "delete")
        if not message.from_bot and chat.type != "private" and chat.bot_status not in {"administrator", "creator"}:
            raise bad("message can't be deleted")  # others' messages in a group: only as an admin
        chat.messages.remove(message)
        return True

    async def m_answercallbackquery(self, params: dict[str, Any]) -> bool:
        query = self.state.callbacks.get(str(params.get("callback_query_id", "")))
        if query is None or query.answered or time.monotonic() - query.created > CALLBACK_EXPIRY:
            raise bad("query is too old and response timeout expired or query ID is invalid")
        text = str(params.get("text") or "")
        if utf16_len(text) > 200:  # Telegram's characters are UTF-16 units: an emoji like 📰 is two
            raise bad("MESSAGE_TOO_LONG")
        if params.get("url") not in (None, "") and not self._opens_this_bot(params["url"]):
            raise bad("URL_INVALID")
        query.answered = True
        query.answer = {"text": text, "show_alert": bool_param(params.get("show_alert")), "url": params.get("url")}
        return True

    def _opens_this_bot(self, url: Any) -> bool:
        """A callback answer's url may only open a game (the sandbox has none) or this bot, t.me/<bot>?start=…"""
        link = _START_LINK.fullmatch(url) if isinstance(url, str) else None
        return link is not None and link.group(1).lower() == self.state.bot_username.lower()

    async def m_sendchataction(self, params: dict[str, Any]) -> bool:
        self._thread(self._chat_for_send(params), params)
        action = params.get("action")
        if not isinstance(action, str) or action not in CHAT_ACTIONS:
            raise bad("wrong parameter action in request")
        return True
