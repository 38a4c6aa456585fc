"""A confirmed push's progress in its admin's control message, edited every few seconds, then the report;
resumed for pushes still sending when the bot starts, stopped before it stops."""
from __future__ import annotations

import asyncio
import html
import logging
import time

from telegram.error import TelegramError
from telegram.ext import Application

from background import cancel_and_wait
from storage import broadcasts as broadcast_store

log = logging.getLogger(__name__)

PROGRESS_EVERY = 3.0  # seconds between progress edits (Telegram frowns on faster edits)


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
    """Edit the control message with progress at most every few seconds, then the final report."""
    data = app.bot_data
    started, clock, db = time.monotonic(), data.clock, data.db
    broadcast = await broadcast_store.get(db, broadcast_id)
    if broadcast is None or broadcast.progress_chat_id is None:
        return
    last = ""
    while True:
        progress = await broadcast_store.progress(db, broadcast_id)
        current = await broadcast_store.get(db, broadcast_id)
        if progress.done or (current is not None and current.status == "cancelled"):
            break
        elapsed = time.monotonic() - started
        rate = progress.sent / elapsed if elapsed > 0 and progress.sent else 0
        eta = f"{progress.remaining / rate:.0f} s" if rate else "…"
        text = f"📤 Push #{broadcast_id}: sent {progress.sent} · failed {progress.failed} · remaining {progress.remaining} · ETA {eta}"
        if text != last:
            await _safe_edit(app, broadcast, text)
            last = text
        await clock.sleep(PROGRESS_EVERY)
    await broadcast_store.finish(db, broadcast_id, "done", clock.now())
    final = report(broadcast_id, total, progress, time.monotonic() - started)
    if not await _safe_edit(app, broadcast, final):
        try:  # the report is what the admin waits for: in a message of its own when the control message fails
            await app.bot.send_message(broadcast.progress_chat_id, final)
        except TelegramError as e:
            log.warning("push report not delivered broadcast=%s error=%s", broadcast.id, e)


def report(broadcast_id: int, total: int, progress: broadcast_store.Progress, seconds: float) -> str:
    blocked = sum(n for reason, n in progress.failures.items() if "forbidden" in reason.lower() or "not found" in reason.lower())
    lines = [f"✅ Push #{broadcast_id} finished in {seconds:.1f} s", f"Recipients: {total}",
             f"Delivered: {progress.sent}", f"Blocked/deactivated: {blocked}", f"Failed: {progress.failed - blocked}"]
    if progress.cancelled:
        lines.append(f"Cancelled before sending: {progress.cancelled}")
    if progress.in_doubt:
        lines.append(f"Possibly received twice (sending restarted after a crash): {progress.in_doubt}")
    lines += [f"  • {html.escape(reason)}: {n}" for reason, n in progress.failures.items()]
    return "\n".join(lines)


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
