"""The line Telegram's apps show, centred in the chat, for a service message: who added or removed the bot, a group
upgrade, a forum topic opened, renamed, closed or reopened. The chat page shows these (control API `service`)."""
from __future__ import annotations

from typing import Any


def service_line(message: dict[str, Any], sender: str) -> str | None:
    """The line for a service message (as the control API lists it), from `sender`; None for anything else."""
    if message.get("new_chat_members"):
        return f"{sender} added {_names(message['new_chat_members'])}"
    if message.get("left_chat_member"):
        return f"{sender} removed {message['left_chat_member']['first_name']}"
    if message.get("migrate_to_chat_id"):
        return "Group upgraded to a supergroup"
    if message.get("migrate_from_chat_id"):
        return "This group was upgraded to a supergroup"
    if message.get("forum_topic_created"):
        return f"{sender} created the topic “{message['forum_topic_created']['name']}”"
    if message.get("forum_topic_edited"):
        return f"{sender} renamed the topic to “{message['forum_topic_edited']['name']}”"
    if "forum_topic_closed" in message:
        return f"{sender} closed the topic"
    if "forum_topic_reopened" in message:
        return f"{sender} reopened the topic"
    return None


def _names(users: list[dict[str, Any]]) -> str:
    return ", ".join(user["first_name"] for user in users)
