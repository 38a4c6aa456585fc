"""Admin commands: /admin add ID, /stats, /broadcasts, /cancel_broadcast N."""
from __future__ import annotations

import html
from datetime import datetime

from telegram import Update
from telegram.ext import Application, CommandHandler

from handlers.admins import require_admin
from handlers.arguments import parse_id
from handlers.context import Ctx
from handlers.replies import reply_html
from handlers.subscription_names import describe
from news.format import relative_time
from storage import admins as admin_store
from storage import broadcasts as broadcast_store
from storage import stats as stats_store


async def admin_command(update: Update, context: Ctx) -> None:
    """/admin add <user id>: another admin."""
    if not await require_admin(update, context):
        return
    args = context.args or []
    user_id = parse_id(args[1]) if len(args) == 2 and args[0] == "add" else None
    if user_id is None:
        await reply_html(update, "Usage: /admin add &lt;numeric user id&gt;")
        return
    assert update.effective_user is not None
    added = await admin_store.add_admin(context.db, user_id, update.effective_user.id, context.clock.now())
    await reply_html(update, f"User {user_id} is {'now' if added else 'already'} an admin.")


async def stats_command(update: Update, context: Ctx) -> None:
    """/stats: chats, subscriptions, articles, messages today, queue, last feed poll."""
    if not await require_admin(update, context):
        return
    now = context.clock.now()
    stats = await stats_store.collect(context.db, now.replace(hour=0, minute=0, second=0, microsecond=0))
    chat_lines = [f"  {kind} {status}: {n}" for (kind, status), n in sorted(stats.chats.items())] or ["  none yet"]
    sub_lines = [f"  {html.escape(describe(k, v))}: {n}" for k, v, n in stats.subscriptions] or ["  none yet"]
    await reply_html(update, "\n".join([
        "<b>Stats</b>", "Chats:", *chat_lines, "Subscriptions:", *sub_lines,
        f"Articles stored: {stats.articles}", f"Sent today: {stats.digests_today} digest messages, {stats.pushes_today} breaking",
        f"Queue: {stats.queue}", f"Last feed poll: {_moment(stats.last_feed_poll, now)}",
    ]))


def _moment(moment: datetime | None, now: datetime) -> str:
    """"2023-09-11 06:01 UTC (3 h ago)"; admins may be anywhere, so the time is UTC, with its distance."""
    if moment is None:
        return "never"
    return f"{moment:%Y-%m-%d %H:%M} UTC ({relative_time(moment, now)})"


async def broadcasts_command(update: Update, context: Ctx) -> None:
    """/broadcasts: recent pushes with their reports."""
    if not await require_admin(update, context):
        return
    lines = ["<b>Recent pushes</b>"]
    for b in await broadcast_store.recent(context.db):
        p = await broadcast_store.progress(context.db, b.id)
        lines.append(f"#{b.id} {b.status}: {p.sent}/{b.total} delivered, {p.failed} failed, {p.remaining} left, {p.cancelled} cancelled")
    await reply_html(update, "\n".join(lines) if len(lines) > 1 else "No pushes yet. /breaking starts one.")


async def cancel_broadcast_command(update: Update, context: Ctx) -> None:
    """/cancel_broadcast N: stop a push in flight (what was sent stays sent)."""
    if not await require_admin(update, context):
        return
    number = parse_id(context.args[0]) if context.args else None
    if number is None:
        await reply_html(update, "Usage: /cancel_broadcast &lt;push number&gt; (see /broadcasts)")
        return
    broadcast = await broadcast_store.get(context.db, number)
    if broadcast is None:
        await reply_html(update, f"There is no push #{number}. /broadcasts lists the recent ones.")
    elif broadcast.status in ("done", "cancelled"):
        progress = await broadcast_store.progress(context.db, number)
        await reply_html(update, f"Push #{number} is already {'finished' if broadcast.status == 'done' else 'cancelled'} "
                                 f"({progress.sent}/{broadcast.total} delivered); nothing to stop.")
    else:
        now = context.clock.now()
        if await broadcast_store.discard_draft(context.db, number, now):
            await reply_html(update, f"Push #{number} was not confirmed yet; it is cancelled and nothing went out.")
        else:
            stopped = await broadcast_store.cancel(context.db, number, now)
            await reply_html(update, f"Push #{number} cancelled; {stopped} unsent messages stopped (what went out stays).")


def register(app: Application) -> None:
    app.add_handler(CommandHandler("admin", admin_command))
    app.add_handler(CommandHandler("stats", stats_command))
    app.add_handler(CommandHandler("broadcasts", broadcasts_command))
    app.add_handler(CommandHandler("cancel_broadcast", cancel_broadcast_command))
