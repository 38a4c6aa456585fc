"""A confirmed push's progress in its admin's control message, edited every few seconds, then the report (as
soon as only retries are left, updated as they settle); resumed for pushes still sending when the bot starts,
stopped before it stops."""
from __future__ import annotations

import asyncio
import html
import logging
import time
from dataclasses import replace
from datetime import datetime

from telegram import ReplyParameters
from telegram.error import TelegramError
from telegram.ext import Application

from background import cancel_and_wait
from storage import Database
from storage import broadcasts as broadcast_store

log = logging.getLogger(__name__)

PROGRESS_EVERY = 3.0  # seconds between progress edits (Telegram frowns on faster edits)
# Once the report shows and only retries are left, they settle minutes apart (delivery.policy's waits grow to
# 10 minutes) over up to a day: a look every half minute updates the report soon enough, at a tenth of the reads.
RETRIES_CHECK_EVERY = 30.0
RETRYING_NAMED = 3  # chats still retrying the report names; the rest it counts


def start_watching(app: Application, broadcast_id: int, total: int) -> None:
    """A progress watcher per push; stopped with the bot, resumed for unfinished pushes on start."""
    watchers: set[asyncio.Task[None]] = app.bot_data.services.setdefault("broadcast_watchers", set())
    task = asyncio.create_task(watch(app, broadcast_id, total), name=f"broadcast-{broadcast_id}")
    watchers.add(task)
    task.add_done_callback(watchers.discard)


async def _resume_watchers(app: Application) -> None:
    for broadcast in await broadcast_store.in_flight(app.bot_data.db):
        start_watching(app, broadcast.id, broadcast.total)


async def _stop_watchers(app: Application) -> None:
    for task in list(app.bot_data.services.get("broadcast_watchers", ())):
        await cancel_and_wait(task)


async def watch(app: Application, broadcast_id: int, total: int) -> None:
    """Edit the control message with progress at most every few seconds, then the report.

    The report comes once every recipient has been tried. A message that meets a temporary error (a timeout, a
    5xx) is retried for up to a day (delivery.engine.RETRY_WINDOW), and an admin waits for the push to have
    gone out, not for that: when only such messages are left, the report shows them as still retrying, and it
    is updated in place as they settle, then made final. The push stays 'sending' meanwhile, so a restart
    resumes this watcher (in_flight), which finds the report already shown (reported_at) and goes on updating it.
    """
    data = app.bot_data
    started, clock, db = time.monotonic(), data.clock, data.db
    broadcast = await broadcast_store.get(db, broadcast_id)
    if broadcast is None or broadcast.progress_chat_id is None:
        return
    last = ""
    while True:
        progress = await broadcast_store.progress(db, broadcast_id)
        current = await broadcast_store.get(db, broadcast_id)
        if current is None or progress.done or current.status == "cancelled":
            break
        broadcast = current  # its report may have moved to a message of its own (_show_report)
        if broadcast.reported_at is not None:
            # The report shows: edited as retries settle, once per change (a failed edit is not sent anew and
            # not tried every half minute for a day: the final report comes in any case).
            seconds = _seconds(broadcast, broadcast.reported_at)
            text = report(broadcast_id, total, progress, seconds, retrying=progress.remaining,
                          retrying_chats=await _retrying_chats(db, broadcast_id), previewed=broadcast.previewed)
            if text != last:
                await _safe_edit(app, broadcast, text)
                last = text
            await clock.sleep(RETRIES_CHECK_EVERY)
            continue
        if progress.only_retries_left:
            now = clock.now()
            last = report(broadcast_id, total, progress, _seconds(broadcast, now), retrying=progress.remaining,
                          retrying_chats=await _retrying_chats(db, broadcast_id), previewed=broadcast.previewed)
            # Shown, then recorded: a stop in between shows it again on restart, as an edit of the same message.
            broadcast = await _show_report(app, broadcast, last, first=True)
            await broadcast_store.mark_reported(db, broadcast_id, now)
            await clock.sleep(RETRIES_CHECK_EVERY)
            continue
        elapsed = time.monotonic() - started
        rate = progress.sent / elapsed if elapsed > 0 and progress.sent else 0
        eta = f"{progress.remaining / rate:.0f} s" if rate else "…"
        text = f"📤 Push #{broadcast_id}: sent {progress.sent} · failed {progress.failed} · remaining {progress.remaining} · ETA {eta}"
        if text != last:
            await _safe_edit(app, broadcast, text)
            last = text
        await clock.sleep(PROGRESS_EVERY)
    now = clock.now()
    await broadcast_store.finish(db, broadcast_id, "done", now)
    cancelled = current is not None and current.status == "cancelled"
    if cancelled:  # counted again: the cancel may have come after the counts above were read
        progress = await broadcast_store.progress(db, broadcast_id)
    broadcast = await broadcast_store.get(db, broadcast_id) or broadcast  # where its report is, if it showed already
    await _show_report(app, broadcast, report(broadcast_id, total, progress, _seconds(broadcast, now), cancelled=cancelled,
                                              previewed=broadcast.previewed), first=broadcast.reported_at is None)


def _seconds(broadcast: broadcast_store.Broadcast, until: datetime) -> float:
    """The push's time from its confirmation, on the bot's clock: a report made after a restart counts it all."""
    return (until - broadcast.started_at).total_seconds() if broadcast.started_at else 0.0


async def _show_report(app: Application, broadcast: broadcast_store.Broadcast, text: str, *,
                       first: bool) -> broadcast_store.Broadcast:
    """The report in the control message, or in a message of its own when that cannot be edited; that message
    then takes the control message's place, so that updates of the report edit it rather than send another.

    `first`: the report shows for the first time. If the chat of the controls got the push too (an admin who
    follows what they pushed), its copy came below the controls, and a report written into them would be out of
    sight above it: the report comes as a new message, a reply to the controls, which say it is below."""
    db = app.bot_data.db
    assert broadcast.progress_chat_id is not None
    if first and await broadcast_store.pushed_to(db, broadcast.id, broadcast.progress_chat_id):
        moved = await _send_report(app, broadcast, text, reply_to=broadcast.progress_message_id)
        if moved is not None:
            # not the report's heading, which its updates change ("sent", then "finished")
            await _safe_edit(app, broadcast, f"📤 Push #{broadcast.id}: its report is below, under the push.")
            return moved
    if await _safe_edit(app, broadcast, text):
        return broadcast
    return await _send_report(app, broadcast, text) or broadcast  # the report is what the admin waits for


async def _send_report(app: Application, broadcast: broadcast_store.Broadcast, text: str, *,
                       reply_to: int | None = None) -> broadcast_store.Broadcast | None:
    """The report in a new message (replying to `reply_to` if it is still there), from now on the one its updates
    edit; None if Telegram refused it."""
    reply = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to is not None else None
    try:
        sent = await app.bot.send_message(broadcast.progress_chat_id, text, reply_parameters=reply)
    except TelegramError as e:
        log.warning("push report not delivered broadcast=%s error=%s", broadcast.id, e)
        return None
    await broadcast_store.set_progress_message(app.bot_data.db, broadcast.id, sent.chat.id, sent.message_id)
    return replace(broadcast, progress_chat_id=sent.chat.id, progress_message_id=sent.message_id)


async def _retrying_chats(db: Database, broadcast_id: int) -> list[str]:
    """The chats still retrying, as the report names them (HTML): their titles, or ids for chats with none."""
    return [html.escape(title) if title.strip() else str(chat_id)
            for chat_id, title in await broadcast_store.unsent_chats(db, broadcast_id, RETRYING_NAMED)]


def _named(count: int, names: list[str]) -> str:
    """" — Reader 603" or " — Reader 1, Reader 2, Reader 3 and 2 more" after the count of chats still retrying."""
    if not names:
        return ""
    more = f" and {count - len(names)} more" if count > len(names) else ""
    return " — " + ", ".join(names) + more


def recount_note(previewed: int | None, total: int) -> str:
    """"2 in the preview; 1 since blocked the bot, changed their settings or got the story": why Confirm's recount
    of the recipients differs from the preview's; "" when it does not (or the preview's count is not known)."""
    if previewed is None or previewed == total:
        return ""
    if previewed < total:
        return f"{previewed} in the preview; {total - previewed} more since"
    return (f"{previewed} in the preview; {previewed - total} since blocked the bot, changed their settings or got "
            "the story")


def report(broadcast_id: int, total: int, progress: broadcast_store.Progress, seconds: float, *, retrying: int = 0,
           retrying_chats: list[str] | None = None, cancelled: bool = False, previewed: int | None = None) -> str:
    """The push's report; with `retrying`, the messages still waiting to be tried again after a temporary error, and
    `retrying_chats` the first few of their chats by name (HTML), so the admin knows whom to check on;
    `cancelled`: an admin stopped it (/cancel_broadcast) before it was through; `previewed`: the recipients its
    preview counted (recount_note)."""
    if cancelled:
        heading = f"⏹ Push #{broadcast_id} cancelled after {_duration(seconds)}"
    else:
        heading = f"✅ Push #{broadcast_id} {'sent' if retrying else 'finished'} in {_duration(seconds)}"
    recount = recount_note(previewed, total)
    lines = [heading, f"Recipients: {total}" + (f" ({recount})" if recount else ""), f"Delivered: {progress.sent}", f"Failed: {progress.failed}{blocked_note(progress)}"]
    if retrying:
        lines.append(f"Still retrying (Telegram errors, up to 24 h): {retrying}{_named(retrying, retrying_chats or [])}")
    if progress.cancelled:
        lines.append(f"Cancelled before sending: {progress.cancelled}")
    if progress.in_doubt:
        lines.append(f"Possibly received twice (no clear answer from Telegram, or a restart mid-send): {progress.in_doubt}")
    lines += [f"  • {html.escape(reason)}: {n}" for reason, n in progress.failures.items()]
    if retrying:
        lines.append("This report is updated as they go out or fail.")
    return "\n".join(lines)


def blocked_note(progress: broadcast_store.Progress) -> str:
    """" (2 blocked or deactivated)" after the failed count, in the report and in /broadcasts alike."""
    return f" ({progress.blocked} blocked or deactivated)" if progress.blocked else ""


def _duration(seconds: float) -> str:
    """"4.2 s" for a push that went out at once; "3 h 5 min" for one whose last retries took that long."""
    if seconds < 120:
        return f"{seconds:.1f} s"
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 120 else f"{minutes // 60} h {minutes % 60} min"


async def _safe_edit(app: Application, broadcast: broadcast_store.Broadcast, text: str) -> bool:
    """Show `text` in the admin's control message; False when that failed. A failed edit (a network
    error, a 5xx, a flood wait, the admin deleted the message) costs only that update: the push and
    its tracking go on."""
    try:
        await app.bot.edit_message_text(text, chat_id=broadcast.progress_chat_id, message_id=broadcast.progress_message_id)
    except TelegramError as e:
        if "not modified" in str(e).lower():
            return True
        log.warning("progress edit failed broadcast=%s error=%s", broadcast.id, e)
        return False
    return True


def register(app: Application) -> None:
    app.bot_data.on_start.append(_resume_watchers)
    app.bot_data.on_stop.append(_stop_watchers)
