"""/manage @channel: a channel admin manages the channel's subscriptions from a private chat."""
from __future__ import annotations

import html
import re

from telegram import ChatFullInfo, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from handlers.arguments import parse_chat_id
from handlers.context import Ctx
from handlers.replies import answer_tap, echo, reply_html
from handlers.targets import is_chat_admin
from news.format import clip
from storage import chats as chat_store

USAGE = "Usage: /manage @yourchannel — then /subscribe, /digest … change that channel. /manage off goes back to this chat."
CHOOSE = ("📣 Choose a channel to manage from here, or send /manage @yourchannel for another. Then /subscribe, /digest … "
          "change that channel; /manage off goes back to this chat.")


def managing_line(channel_title: str) -> str:
    """Atop /start, /help and /settings in a private chat that manages a channel: which, and how to stop (HTML)."""
    return f"📣 You're managing {html.escape(channel_title)} from here — /manage off to change this chat again."


# Channels a bare /manage offers: each costs a getChatMember call to check the user is still its admin.
OFFERED_CHANNELS = 8


def manage_buttons(channels: list[tuple[int, str]]) -> InlineKeyboardMarkup:
    """A button per (channel id, title) that starts managing it from the private chat it is tapped in."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(f"📣 {clip(title, 48) or channel_id}", callback_data=f"mng:{channel_id}")]
                                 for channel_id, title in channels])


async def manage_command(update: Update, context: Ctx) -> None:
    """Choose the channel that settings commands in this private chat change."""
    chat, user = update.effective_chat, update.effective_user
    if chat is not None and chat.type != ChatType.PRIVATE:  # a channel's own post too, which has no sender
        await reply_html(update, "Send /manage in a private chat with me.")
        return
    if chat is None or user is None:
        return
    arg = (context.args or [""])[0]
    if not arg:
        managed = await chat_store.managing(context.db, user.id)
        stored = await chat_store.get_chat(context.db, managed) if managed is not None else None
        if stored is not None:  # which one, before a change lands there
            await reply_html(update, f"📣 You manage {html.escape(stored.title or str(stored.id))} from here: settings "
                                     "commands change it. /manage off goes back to this chat.")
        else:
            await _offer_channels(update, context, user.id)
        return
    # A channel's link as Telegram shares it, https://t.me/name, names it as @name does.
    arg = re.sub(r"^(?:https?://)?(?:www\.)?(?:t|telegram)\.me/", "@", arg, flags=re.IGNORECASE)
    if len(context.args or []) == 1 and arg.lower() in ("off", "me", "stop"):
        if await chat_store.managing(context.db, user.id) is None:
            await reply_html(update, "You're not managing a channel.")
            return
        await chat_store.set_managing(context.db, user.id, None)
        await reply_html(update, "Settings commands change this chat again.")
        return
    if arg.startswith("@") or arg.lstrip("-").isdigit():
        channel = await _get_chat(context, arg)
        if channel is None:
            await reply_html(update, f"I can't see {echo(arg)}. Add me to the channel as an admin first.")
            return
    else:  # a title ("Daily News"), or a username typed without its @
        title = " ".join(context.args or [])
        channel = await _get_chat(context, f"@{arg}") if " " not in title else None
        if channel is None:
            channel = await _titled(update, context, title, user.id)
            if channel is None:
                return  # answered
        arg = channel.title or title
    await _manage(update, context, channel, arg)


async def _offer_channels(update: Update, context: Ctx, user_id: int) -> None:
    """The channels the bot is in that this user added it to or managed before, and is still an admin of, as
    buttons; the usage line when there are none. Not every channel of the bot: each is a call to Telegram."""
    known = await chat_store.channels_of(context.db, user_id, OFFERED_CHANNELS)
    theirs = [(c.id, c.title) for c in known if await is_chat_admin(context, c.id, user_id)]
    if theirs:
        await reply_html(update, CHOOSE, manage_buttons(theirs))
    else:
        await reply_html(update, USAGE)


async def manage_button(update: Update, context: Ctx) -> None:
    """📣 <channel> tapped (under a bare /manage, or the note that the bot joined it): manage that channel."""
    query = update.callback_query
    assert query is not None and query.data is not None
    channel_id = parse_chat_id(query.data.removeprefix("mng:"))
    chat = update.effective_chat
    if channel_id is None or chat is None or chat.type != ChatType.PRIVATE:
        await answer_tap(query, "This button is no longer valid.", show_alert=True)
        return
    channel = await _get_chat(context, channel_id)
    await answer_tap(query)
    if channel is None:
        await reply_html(update, "I can't see that channel any more. Add me to it as an admin, then try again.")
        return
    await _manage(update, context, channel, channel.title or str(channel.id))


async def _manage(update: Update, context: Ctx, channel: ChatFullInfo, named: str) -> None:
    """Manage `channel` (`named` as the user gave it) from now on, if it is a channel with the user and the bot
    among its admins."""
    user = update.effective_user
    assert user is not None
    if channel.type != ChatType.CHANNEL:
        await reply_html(update, f"{echo(named)} is not a channel. In a group, use the commands in the group itself.")
        return
    if not await is_chat_admin(context, channel.id, user.id):
        await reply_html(update, f"Only admins of {echo(named)} can manage its subscriptions.")
        return
    if not await is_chat_admin(context, channel.id, context.bot.id):
        await reply_html(update, f"Make me an admin of {echo(named)} so I can post there, then try again.")
        return
    now = context.clock.now()
    await chat_store.upsert_chat(context.db, channel.id, channel.type, channel.title or named, context.settings.default_timezone, now)
    await chat_store.set_managing(context.db, user.id, channel.id)
    await reply_html(
        update,
        f"📣 Managing <b>{html.escape(channel.title or named)}</b>. /subscribe, /unsubscribe, /subscriptions, /digest, "
        "/timezone, /quiet, /pause, /resume, /breaking_alerts, /stop and /settings now act on the channel. "
        "/manage off to stop.",
    )


async def _get_chat(context: Ctx, ref: str | int) -> ChatFullInfo | None:
    try:
        return await context.bot.get_chat(ref)
    except TelegramError:
        return None


async def _titled(update: Update, context: Ctx, title: str, user_id: int) -> ChatFullInfo | None:
    """The channel of that title the user is an admin of, among those the bot is in; None after a reply when
    there is none, or more than one."""
    channels = await chat_store.channels_titled(context.db, title)
    mine = [c for c in channels if await is_chat_admin(context, c.id, user_id)]
    if len(mine) == 1 and (found := await _get_chat(context, mine[0].id)) is not None:
        return found
    if len(mine) > 1:
        await reply_html(update, f"You're an admin of {len(mine)} channels called “{echo(title)}”. Send the one you mean "
                                 "by its @username or t.me link, like /manage @yourchannel.")
    elif channels and not mine:
        await reply_html(update, f"Only admins of “{echo(title)}” can manage its subscriptions.")
    else:  # or Telegram no longer shows it to the bot
        await reply_html(update, f"I don't know a channel called “{echo(title)}”. Add me to the channel as an admin, "
                                 "then send /manage with its title, its @username or its t.me link, like /manage @yourchannel.")
    return None


def register(app: Application) -> None:
    app.add_handler(CommandHandler("manage", manage_command))
    app.add_handler(CallbackQueryHandler(manage_button, pattern=r"^mng:"))
