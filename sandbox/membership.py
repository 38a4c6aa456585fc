"""The bot joining, changing status in, or leaving a chat, as Telegram reports it: a my_chat_member update, and in a
group or channel the service line its members see ("Karim added NewsDigest", "Karim removed NewsDigest").

In a group or supergroup that line is also a message the bot receives (new_chat_members with the bot in it), as
Telegram sends it; a channel's readers see it, but the bot gets only my_chat_member there. A removed bot is no longer
in the chat, so it gets nothing of the line that says so."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sandbox.methods_chats import chat_member
from sandbox.state import BOT_NAME, Chat, Message, State

if TYPE_CHECKING:
    from sandbox.botapi import BotApi

OWNER_ID = 5000  # who creates (and adds the bot to) a group or channel unless a test names someone
OUT = {"left", "kicked"}


def bot_user(state: State) -> dict[str, Any]:
    """The bot as a User; its id is None until the bot's first call names it (sandbox.botapi fills it in then)."""
    return {"id": state.bot_id, "is_bot": True, "first_name": BOT_NAME, "username": state.bot_username}


def creator_of(chat: Chat) -> int:
    return next((uid for uid, status in chat.members.items() if status == "creator"), OWNER_ID)


def member_update(state: State, chat: Chat, by_user: int, old: str, new: str) -> dict[str, Any]:
    """A ChatMemberUpdated for the bot; `by_user` 0 means the chat's creator (a private chat's user)."""
    actor = state.user(by_user or (chat.id if chat.type == "private" else creator_of(chat))).to_api()
    return {
        "chat": chat.to_api(), "from": actor, "date": state.now(),
        "old_chat_member": chat_member(old, bot_user(state)), "new_chat_member": chat_member(new, bot_user(state)),
    }


async def bot_status_changed(state: State, api: BotApi, chat: Chat, by_user: int, old: str, new: str,
                             *, service_line: bool = True) -> None:
    """Tell the bot its status in `chat` went from `old` to `new`; a join or removal in a group or channel also
    leaves its service line there (`service_line=False`: a group upgrade, which Telegram shows its own way)."""
    await state.push_update("my_chat_member", member_update(state, chat, by_user, old, new))
    if not service_line or chat.type == "private" or (old in OUT) == (new in OUT):
        return
    actor = by_user or creator_of(chat)
    extra = {"new_chat_members": [bot_user(state)]} if old in OUT else {"left_chat_member": bot_user(state)}
    message = Message(chat.next_message_id, chat.id, False, state.now(), "", user_id=actor, extra=extra)
    chat.next_message_id += 1
    if chat.store_messages:
        chat.messages.append(message)
    if new not in OUT and chat.type in ("group", "supergroup"):
        payload = api.message_api(message)
        payload.pop("text", None)
        await state.push_update("message", payload)

