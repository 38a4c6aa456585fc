"""What a chat's quiet hours do to its digest times, in the words the /quiet reply and /subscribe's schedule line
share, so that no reply names a digest time that quiet hours move without saying so."""
from __future__ import annotations

from digests.compose import schedule_of
from news.schedule import hourly_held, times_in_quiet
from storage import chats as chat_store


def quiet_moves(chat: chat_store.Chat, *, named: bool) -> str:
    """Which of the chat's digest times its quiet hours move, and to when: " — your 07:00 digest will come at
    08:00, when they end", or for hourly digests " — hourly digests pause in them and resume at 07:00"; "" when none.
    `named`: the reply has not just said the quiet hours, so they are named ("when your quiet hours (06:00–08:00)
    end", "…, your quiet hours")."""
    quiet = schedule_of(chat).quiet
    if hourly_held(chat.cadence, quiet):
        if named:
            return f" — hourly digests pause from {chat.quiet_start} to {chat.quiet_end}, your quiet hours"
        return f" — hourly digests pause in them and resume at {chat.quiet_end}"  # the reply has just said them
    moved = times_in_quiet(chat.cadence, chat.digest_times, quiet)
    if not moved:
        return ""
    listed = moved[0] if len(moved) == 1 else f"{', '.join(moved[:-1])} and {moved[-1]}"
    when = f"your quiet hours ({chat.quiet_start}–{chat.quiet_end})" if named else "they"
    return f" — your {listed} digest{'s' if len(moved) > 1 else ''} will come at {chat.quiet_end}, when {when} end"
