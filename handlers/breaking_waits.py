"""Waiting for an admin's breaking item (after a bare /breaking) or correction (after ✏️ Edit): their next message in
that chat, for WAIT_FOR_ITEM or until another command. storage.breaking_waits keeps the wait, so a restart loses none.
In a group only their reply to the message that asked for it counts (the prompt; for a correction the draft's controls
or preview): a group's admin replies to the bot's digests and pushes too, and "great piece!" is no breaking item.

While a correction is awaited, the draft's controls ask for it. Once that wait is over (it ran out, /cancel, another
command, a correction refused) they stop asking: an admin who comes back to a preview that still asks would send
the text and be told it came too late. A wait that ran out while the bot was stopped is seen to when it starts.
"""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import Application

from background import cancel_and_wait
from handlers.admins import is_admin
from handlers.breaking_controls import show_controls_again
from handlers.context import Ctx
from storage import breaking_waits as wait_store
from storage import broadcasts as broadcast_store

log = logging.getLogger(__name__)

# A bare /breaking (or ✏️ Edit) waits this long for the item, in that chat only, and until any other command:
# an admin's unrelated message much later, or in another chat, is no breaking news.
WAIT_FOR_ITEM = timedelta(minutes=10)
MINUTES = int(WAIT_FOR_ITEM.total_seconds() // 60)


async def wait_for_item(context: Ctx, user_id: int, chat_id: int, replacing: int | None = None, *,
                        prompt_id: int | None = None) -> None:
    """Take the user's next message in this chat as the item; `replacing`: the draft ✏️ Edit corrects; `prompt_id`:
    the bot's message that asks for it, to which a reply in a group must reply (with the draft's preview)."""
    previous = await wait_store.of_user(context.db, user_id)
    if previous is not None and previous.replacing is not None and previous.replacing != replacing:
        await end_wait(context, user_id)  # that draft's controls stop asking for its correction
    until = context.clock.now() + WAIT_FOR_ITEM
    preview_id = await broadcast_store.preview_message(context.db, replacing) if replacing is not None else None
    await wait_store.start(context.db, user_id, wait_store.Wait(chat_id, replacing, until, prompt_id, preview_id))
    if replacing is not None:
        _watch(context.application, user_id, replacing, until)


async def end_wait(context: Ctx, user_id: int) -> wait_store.Wait | None:
    """End the user's wait, wherever it was; the wait it ended, unless it was over already. A draft whose
    correction it awaited stops asking for it."""
    wait = await wait_store.end(context.db, user_id, context.clock.now())
    if wait is not None and wait.replacing is not None:
        await show_controls_again(context.bot, context.db, wait.replacing, context.clock.now())
    return wait


def stopped_waiting(wait: wait_store.Wait) -> str:
    """What an admin is told when another command ends their wait (HTML)."""
    if wait.replacing is not None:
        return (f"Stopped waiting for the correction of push #{wait.replacing}: it stays as it was. Tap ✏️ Edit to "
                "send one.")
    return "Stopped waiting for your breaking item: send /breaking with it when you're ready."


async def awaiting_item(update: Update, context: Ctx) -> wait_store.Wait | None:
    """The wait this message's sender has for a breaking item in this chat, which the message answers: the message
    is that item."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return None
    wait = await wait_store.current(context.db, user.id, message.chat.id, context.clock.now())
    if wait is None or message.chat.type == ChatType.PRIVATE:
        return wait
    reply_to = _reply_to(message)
    return wait if reply_to is not None and wait.asked_by(reply_to) else None


async def lapsed_wait(update: Update, context: Ctx) -> str | None:
    """What to tell an admin whose item comes after their wait ran out (HTML), once; None when none did.
    Silence or "I answer commands" would leave them wondering."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return None
    private = message.chat.type == ChatType.PRIVATE
    reply_to = None if private else _reply_to(message)
    if not private and reply_to is None:
        return None
    wait = await wait_store.take_lapsed(context.db, user.id, message.chat.id, context.clock.now(), reply_to)
    if wait is None:
        return None
    if wait.replacing is not None:
        return (f"I waited {MINUTES} minutes for the correction of push #{wait.replacing}, so I did not take this "
                f"as one: push #{wait.replacing} stays as it was. Tap ✏️ Edit again, or send /breaking with the item.")
    return (f"I waited {MINUTES} minutes for the breaking item after /breaking, so I did not take this as one. "
            "Send /breaking with the headline and text to draft it.")


def answers_bot(message: Message, bot_id: int) -> bool:
    """Whether a message may be an awaited item: any in a private chat; in a group, a reply to one of the bot's
    messages (awaiting_item then wants the one that asked). A bot sees little else of a group's talk (privacy mode),
    and all of it as the group's admin: an admin's other messages there are talk, not the item."""
    if message.chat.type == ChatType.PRIVATE:
        return True
    target = message.reply_to_message  # in a forum topic, a message replying to no other replies to the topic's start
    return target is not None and target.from_user is not None and target.from_user.id == bot_id and bool(target.text)


async def awaited_from_another(update: Update, context: Ctx) -> str | None:
    """What to tell an admin who replies in a group to the bot while another admin's item or correction is awaited
    there (HTML); None for anyone else, whose reply is other talk."""
    user, message = update.effective_user, update.effective_message
    reply_to = _reply_to(message) if message is not None else None
    if user is None or message is None or reply_to is None:
        return None
    if not await wait_store.others_asked_by(context.db, message.chat.id, user.id, reply_to, context.clock.now()):
        return None  # a reply to another of the bot's messages (a digest, a push) is other talk
    if not await is_admin(context, user.id):
        return None
    return ("I'm waiting here for the admin who asked (with /breaking or ✏️ Edit) to reply, so I did not take yours. "
            "Send /breaking with the headline and text to draft your own item.")


async def awaited_elsewhere(update: Update, context: Ctx) -> str | None:
    """What to tell an admin who types, in a private chat, what the bot awaits in a group (HTML); None when it
    awaits nothing of theirs elsewhere. "I answer commands" would leave them stuck."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return None
    wait = await wait_store.of_user(context.db, user.id)
    if wait is None or wait.chat_id == chat.id or wait.until < context.clock.now():
        return None
    what = f"the correction of push #{wait.replacing}" if wait.replacing is not None else "the breaking item"
    return (f"I'm waiting for {what} in the group where you asked for it: reply there to my message with it (in a "
            "group I only see commands and replies to my messages). /cancel stops waiting.")


def _reply_to(message: Message) -> int | None:
    """The message this one replies to (in a forum topic, the topic's start when it replies to none): in a group,
    it must be the one that asked for the item."""
    return message.reply_to_message.message_id if message.reply_to_message is not None else None


def _watch(app: Application, user_id: int, broadcast_id: int, until: datetime) -> None:
    watchers: set[asyncio.Task[None]] = app.bot_data.services.setdefault("correction_waits", set())
    task = asyncio.create_task(_stop_asking_when_over(app, user_id, broadcast_id, until),
                               name=f"correction-wait-{broadcast_id}")
    watchers.add(task)
    task.add_done_callback(watchers.discard)


async def _stop_asking_when_over(app: Application, user_id: int, broadcast_id: int, until: datetime) -> None:
    """At `until`, the draft's controls say the wait for its correction ran out, unless that wait ended before
    (end_wait showed the controls again) or a later ✏️ Edit waits anew (its own watcher sees to it)."""
    data = app.bot_data
    await data.clock.sleep((until - data.clock.now()).total_seconds())
    try:
        wait = await wait_store.of_user(data.db, user_id)
        if wait is None or wait.replacing != broadcast_id or wait.until != until:
            return
        note = f"No correction came within {MINUTES} minutes: push #{broadcast_id} stays as it is. Tap ✏️ Edit to send one."
        await show_controls_again(app.bot, data.db, broadcast_id, data.clock.now(), note)
    except Exception:  # logged with its traceback; the wait's late answer (lapsed_wait) still tells the admin
        log.exception("correction wait not ended broadcast=%s", broadcast_id)


async def _resume(app: Application) -> None:
    for user_id, wait in await wait_store.corrections(app.bot_data.db):
        assert wait.replacing is not None
        _watch(app, user_id, wait.replacing, wait.until)


async def _stop(app: Application) -> None:
    for task in list(app.bot_data.services.get("correction_waits", ())):
        await cancel_and_wait(task)


def register(app: Application) -> None:
    app.bot_data.on_start.append(_resume)
    app.bot_data.on_stop.append(_stop)
