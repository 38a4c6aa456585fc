"""What to do with each failed send: one action per kind of answer.

retry_after and migrate_to_chat_id are read before the error code, as Telegram means them to override it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from delivery.sender import ApiError, NetworkFailure

Action = Literal["pause", "halt", "deactivate", "closed", "migrate", "unthread", "topic_closed", "retry", "fail",
                 "refused"]

# A rejected token (revoked in @BotFather, or a wrong TELEGRAM_BOT_TOKEN) fails every request alike: all
# sending stops and is tried again this often, instead of each message burning its attempts and failing.
TOKEN_RECHECK_SECONDS = 300.0

# Permanent 400s that mean the chat is gone, not that the message is wrong.
_CHAT_GONE = ("chat not found", "group chat was deactivated", "peer_id_invalid", "user not found")
# 400s that mean the chat takes no messages from the bot for now: its admins took the right to post (from
# the bot, or from every member) or to post in the channel. The chat is not deactivated: Telegram tells the
# bot of no change to a group's permissions, so nothing would bring it back. Its stories wait for a digest
# that gets through.
_CHAT_CLOSED = ("not enough rights to send", "have no rights to send", "chat_write_forbidden",
                "need administrator rights in the channel chat", "chat_admin_required", "chat_restricted")
# 400s about the message itself (its text, HTML, buttons, link, file): it would be refused again in the next
# digest, so its stories are not given back. Any other 400 (one the bot does not know, say) is taken for a refusal
# of the moment, as Telegram adds new ones: the message fails and its stories wait for a digest that gets through.
_MESSAGE_WRONG = ("message is too long", "message_too_long", "text is empty", "text must be non-empty",
                  "message must be non-empty", "can't parse", "entities_too_long", "entity", "button", "reply markup",
                  "keyboard", "url", "wrong file", "file identifier", "caption", "message_empty", "wrong parameter")


@dataclass(frozen=True)
class Decision:
    action: Action
    reason: str
    retry_after: float = 0.0
    new_chat_id: int | None = None
    # Sent, with no clear answer (a timeout, a dropped connection, a 5xx): Telegram may have delivered it. Not
    # when no connection could be made (delivery.sender): nothing was sent.
    may_have_arrived: bool = False


def decide(error: ApiError | NetworkFailure) -> Decision:
    if isinstance(error, NetworkFailure):
        return Decision("retry", error.reason, may_have_arrived=error.may_have_arrived)
    if error.retry_after is not None:
        return Decision("pause", f"flood control: retry after {error.retry_after:g} s", retry_after=error.retry_after)
    if error.migrate_to_chat_id is not None:
        return Decision("migrate", "group upgraded to a supergroup", new_chat_id=error.migrate_to_chat_id)
    if error.error_code == 403:
        return Decision("deactivate", error.description)
    if error.error_code == 400:
        description = error.description.lower()
        if any(marker in description for marker in _CHAT_GONE):
            return Decision("deactivate", error.description)
        if any(marker in description for marker in _CHAT_CLOSED):
            return Decision("closed", error.description)
        # Its forum topic was deleted (Telegram says either): the chat is still there.
        if "message thread not found" in description or "topic_deleted" in description:
            return Decision("unthread", error.description)
        if "topic_closed" in description:  # closed to those who may not manage topics: the bot, here
            return Decision("topic_closed", error.description)
        if any(marker in description for marker in _MESSAGE_WRONG):
            return Decision("fail", error.description)  # the message itself is wrong: retrying cannot help
        return Decision("refused", error.description)
    if error.error_code in (401, 404):  # Telegram's answers to a revoked or mistyped bot token
        return Decision("halt", f"the Bot API rejected the bot token ({error.error_code} {error.description}): "
                                "check TELEGRAM_BOT_TOKEN", retry_after=TOKEN_RECHECK_SECONDS)
    return Decision("retry", error.description, may_have_arrived=error.error_code >= 500)  # 5xx and the unknown


def backoff_seconds(attempts: int) -> float:
    """5 s, 10 s, 20 s … capped at 10 minutes."""
    return min(600.0, 5.0 * 2 ** max(0, attempts - 1))
