"""Which chat a settings command changes, and whether this user may change it.

In a private chat that is the user's own chat, or the channel they chose with /manage; in a group, the
group — but only for its admins. A command posted in a channel comes from its admins; a button tapped in a
channel may be any reader's, so a tap there is checked like one in a group.

A button acts on the chat its message was made for, not on whichever chat the user manages when they tap:
under a message about another chat (a managed channel) the buttons carry that chat's id, "set:empty@-100…",
and a tap on them is checked against that chat (resolve_button_target).
"""
from __future__ import annotations

import html
from dataclasses import dataclass

from telegram import CallbackQuery, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, Forbidden, TelegramError

from handlers.arguments import parse_chat_id
from handlers.context import Ctx
from handlers.replies import ALERT_TITLE_CAP, answer_tap
from news.format import clip
from news.schedule import OFF, next_due
from digests.compose import schedule_of
from storage import chats as chat_store

ADMIN_STATUSES = {ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}
THIS_CHAT, THIS_GROUP, THIS_CHANNEL = "this chat", "this group", "this channel"
SETTINGS = "change its subscriptions and digest settings"
MOVED = ("This group became a supergroup, and I work there now: its old messages and buttons no longer change "
         "anything. Send /settings or /subscriptions in the supergroup.")


def admins_only(bot_username: str, may: str = SETTINGS, *, also: str = "", channel: bool = False) -> str:
    """What a member who is no admin is told in place of a change (plain text: escape it for HTML): who may, then
    `also` (what they can do here), then that they can follow what they like in a chat of their own with the bot.
    A button's alert holds 200 characters: the default text with the longest username (32) and no `also` takes 175."""
    who = "the channel's" if channel else "this group's"
    more = f" {also}" if also else ""
    return f"Only {who} admins can {may}.{more} Message me (@{bot_username}) to follow what you like and get digests of your own."


@dataclass(frozen=True)
class Target:
    chat: chat_store.Chat
    # Plain text, not HTML: "this chat", "this group", or a managed channel's title as Telegram gives it
    # ("News & Views"). Escape it where it goes into a reply, once: label_html() does.
    label: str
    can_change: bool = True  # False for a group member who may look at the settings but not change them
    elsewhere: bool = False  # the chat is not the one the command or button is in (a channel managed privately)

    def button(self, data: str) -> str:
        """Callback data for a button under a message about this chat: with the chat's id when the message is
        in another chat, so a tap changes this chat whatever the user manages by then (19 bytes at most)."""
        return f"{data}@{self.chat.id}" if self.elsewhere else data

    def label_html(self, *, sentence_start: bool = False) -> str:
        """The label for an HTML reply, escaped once; "This chat" at the start of a sentence, a title as it is."""
        return html.escape(self.sentence_label if sentence_start else self.label)

    @property
    def sentence_label(self) -> str:
        """The label to start a sentence with, in plain text: "This chat", a title as it is ("iPhone Daily")."""
        text = self.label
        return text[:1].upper() + text[1:] if text in (THIS_CHAT, THIS_GROUP, THIS_CHANNEL) else text

    @property
    def alert_label(self) -> str:
        """The sentence label for a tap's answer, a title cut to ALERT_TITLE_CAP characters (handlers.replies)."""
        return clip(self.sentence_label, ALERT_TITLE_CAP)


async def is_chat_admin(context: Ctx, chat_id: int, user_id: int) -> bool:
    try:
        member = await context.bot.get_chat_member(chat_id, user_id)
    except TelegramError:
        return False
    return member.status in ADMIN_STATUSES


async def _still_admin(context: Ctx, chat_id: int, user_id: int) -> bool | None:
    """Whether the user is an admin of the chat; None when Telegram could not be asked (a timeout, a flood
    wait): that is no reason to stop managing a channel."""
    try:
        member = await context.bot.get_chat_member(chat_id, user_id)
    except (BadRequest, Forbidden):  # the bot was removed, the chat is gone: no one manages it through us
        return False
    except TelegramError:
        return None
    return member.status in ADMIN_STATUSES


async def _refuse(update: Update, text: str) -> None:
    """Tell the user why nothing changed: an answer to their tap, or a reply to their command (plain text)."""
    if update.callback_query is not None:
        await answer_tap(update.callback_query, text, show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(html.escape(text), do_quote=False)


async def _managed(update: Update, context: Ctx, channel: chat_store.Chat, user_id: int) -> Target | None:
    """The channel a user manages, if they are still its admin; else they stop managing it and are told."""
    label = channel.title or str(channel.id)
    if channel.status != "active":  # the bot was taken out of it (or it was muted): the admin may well still be one
        await chat_store.set_managing(context.db, user_id, None)
        await _refuse(update, f"I'm no longer in {label}, so I stopped managing it and changed nothing. Make me its "
                              "admin again to manage it from here; settings commands change this chat again.")
        return None
    admin = await _still_admin(context, channel.id, user_id)
    if admin is None:
        await _refuse(update, f"I couldn't check with Telegram that you're still an admin of {label}. Try again in a moment.")
        return None
    if not admin:
        await chat_store.set_managing(context.db, user_id, None)
        await _refuse(update, f"You're no longer an admin of {label}, so I stopped managing it and changed nothing. "
                              "Settings commands change this chat again.")
        return None
    return Target(await _scheduled(context, channel), label, elsewhere=True)


async def resolve_target(update: Update, context: Ctx, *, quiet: bool = False, read_only: bool = False) -> Target | None:
    """The chat to change, registered and scheduled; None (after a polite reply, or the tap answered) when
    not allowed.

    With read_only (a command that only shows settings) a group member who is not an admin gets the group
    too, with can_change False.
    """
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return None
    now = context.clock.now()
    # A tap acts on the chat its message was made for (resolve_button_target), never on the one managed now.
    if chat.type == ChatType.PRIVATE and user is not None and update.callback_query is None:
        channel_id = await chat_store.managing(context.db, user.id)
        if channel_id is not None:
            stored = await chat_store.get_chat(context.db, channel_id)
            if stored is not None:
                # Rights change after /manage: a demoted admin, or one who left, must not keep changing the channel.
                return await _managed(update, context, stored, user.id)
    if chat.type == ChatType.GROUP and await chat_store.moved_to(context.db, chat.id) is not None:
        await _refuse(update, MOVED)  # not a chat of defaults again, which a change here would make it
        return None
    can_change = True
    tapped_in_channel = chat.type == ChatType.CHANNEL and update.callback_query is not None
    if chat.type in (ChatType.GROUP, ChatType.SUPERGROUP) or tapped_in_channel:
        can_change = user is not None and await is_chat_admin(context, chat.id, user.id)
        if not can_change and not read_only:
            refusal = admins_only(context.bot.username, channel=tapped_in_channel)
            if update.callback_query is not None:
                await answer_tap(update.callback_query, refusal, show_alert=True)
            elif not quiet and update.effective_message:
                await update.effective_message.reply_text(refusal, do_quote=False)
            return None
    stored = await chat_store.upsert_chat(
        context.db, chat.id, chat.type, chat.title or chat.full_name or "", context.settings.default_timezone, now
    )
    label = (THIS_GROUP if chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)
             else THIS_CHANNEL if chat.type == ChatType.CHANNEL else THIS_CHAT)
    return Target(await _scheduled(context, stored), label, can_change)


async def managed_here(update: Update, context: Ctx) -> Target | None:
    """The channel a settings command in this private chat would change (/manage), as stored, for the buttons of a
    reply here (🔔 Subscribe under /libya acts where /subscribe would); None elsewhere or when none is managed.
    Telegram is not asked whether the user is still its admin: a tap on the button is (resolve_button_target)."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or chat.type != ChatType.PRIVATE:
        return None
    channel_id = await chat_store.managing(context.db, user.id)
    stored = await chat_store.get_chat(context.db, channel_id) if channel_id is not None else None
    if stored is None or stored.status != "active":
        return None
    return Target(stored, stored.title or str(stored.id), elsewhere=True)


async def resolve_button_target(update: Update, context: Ctx) -> tuple[Target, str] | None:
    """The chat a tapped button changes, and the button's data without the chat id; None once the tap is
    answered (not allowed, or data no real button has: ids come from users' clients)."""
    query, user = update.callback_query, update.effective_user
    assert query is not None and query.data is not None
    data, at, raw = query.data.rpartition("@")
    if not at:  # a button of the chat its message is in (every button before they carried a chat id)
        target = await resolve_target(update, context, quiet=True)
        return (target, query.data) if target is not None else None
    chat_id = parse_chat_id(raw)
    here = update.effective_chat
    if here is not None and chat_id == here.id:
        target = await resolve_target(update, context, quiet=True)
        return (target, data) if target is not None else None
    stored = await chat_store.get_chat(context.db, chat_id) if chat_id is not None else None
    if stored is None or stored.type != ChatType.CHANNEL or user is None:
        await answer_tap(query, "This button is no longer valid.", show_alert=True)
        return None
    label = stored.title or str(stored.id)
    named = clip(label, ALERT_TITLE_CAP)  # in the refusals below: a tap's answer
    admin = await _still_admin(context, stored.id, user.id)
    if admin is None:
        await _refuse(update, f"I couldn't check with Telegram that you're still an admin of {named}. Try again in a moment.")
        return None
    if not admin:
        stopped = ""
        if await chat_store.managing(context.db, user.id) == stored.id:
            await chat_store.set_managing(context.db, user.id, None)
            stopped = "stopped managing it and "  # as a command would say: settings change their own chat again
        await _refuse(update, f"You're no longer an admin of {named}, so I {stopped}changed nothing.")
        return None
    return Target(await _scheduled(context, stored), label, elsewhere=True), data


async def tapped(update: Update, context: Ctx) -> tuple[CallbackQuery, Target, str] | None:
    """A button handler's start: the tap, the chat it changes and the button's data without the chat id; None once
    the tap is answered (see resolve_button_target)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    resolved = await resolve_button_target(update, context)
    return None if resolved is None else (query, *resolved)


async def _scheduled(context: Ctx, chat: chat_store.Chat) -> chat_store.Chat:
    """A chat gets its first due time when it starts following something (none with digests off)."""
    if chat.next_digest_at is not None or chat.cadence == OFF:
        return chat
    now = context.clock.now()
    return await chat_store.update_settings(context.db, chat.id, now, next_digest_at=next_due(schedule_of(chat), now))
