"""newsdigest entry point: `python bot.py run` (the bot) and `python bot.py ingest PATH...`.

With no TELEGRAM_BOT_TOKEN, `run` starts the built-in Telegram sandbox and the bot against it, so a
newcomer can chat with the bot in a browser at once.
"""
from __future__ import annotations

import argparse
import asyncio
import functools
import logging
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import Application, CommandHandler, Defaults, filters

from clock import Clock, SystemClock
from handlers import (addfeed, admin, admin_articles, breaking, channels, chat_status, chat_text, command_menu, delivery,
                      digest_buttons, fallback, feed_check, feed_edit, feed_export, feed_import, feed_remove, feeds, housekeeping,
                      inline, news, schedule, start, subscribe, subscribe_button, timezone, unfollow_undo, unsubscribe_all)
from delivery.exclusive import SenderRunningError
from delivery.limits import FloodLimits
from handlers.context import CONTEXT_TYPES, App
from handlers.rate_limit import SharedRateLimiter
from handlers.updates import PerChatUpdateProcessor
from settings import FREE_BROADCAST_RATE, Settings, SettingsError, load_settings
from storage import Database, StorageError, open_database
from storage import chats as chat_store
from storage.outbox import queue_reply

# python-telegram-bot 22.2+ gives time periods (a 429's retry_after) as timedelta when asked, as its next major
# version always will, and warns at every read otherwise; it reads this at each access. handlers.rate_limit
# takes either form.
os.environ.setdefault("PTB_TIMEDELTA", "true")

log = logging.getLogger("newsdigest")

SANDBOX_TOKEN = "1000001:sandbox-token"
SAMPLES = Path(__file__).parent / "samples"
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member", "channel_post", "inline_query"]
# Feature modules in registration order; fallback must stay last (it answers unknown commands). Services
# start in this order and stop in reverse, the outbox sender first (it may refuse: another one runs on the
# database).
FEATURES = [delivery, start, command_menu, news, subscribe, subscribe_button, unsubscribe_all, unfollow_undo, schedule, timezone,
            digest_buttons, channels, feeds, feed_check, feed_remove, addfeed, feed_edit, feed_export, admin_articles, feed_import, breaking, admin,
            chat_status, chat_text, inline, housekeeping]


def build_application(settings: Settings, db: Database, clock: Clock, *, token: str | None = None) -> App:
    """The Application with every feature wired in; not started."""
    limits = FloodLimits(global_rate=settings.global_rate_per_second, group_per_minute=settings.group_messages_per_minute,
                         private_interval=settings.private_chat_interval, clock=clock)
    # Replies share the outbox's rate, except beside paid broadcasts, whose rate Telegram counts apart.
    replies = limits.with_global_rate(FREE_BROADCAST_RATE) if settings.paid_broadcast else limits
    app: App = (
        Application.builder()
        .token(token or settings.token or SANDBOX_TOKEN)
        .base_url(f"{settings.telegram_api_base_url}/bot")
        .base_file_url(f"{settings.telegram_api_base_url}/file/bot")  # where getFile's files are downloaded
        .context_types(CONTEXT_TYPES)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .rate_limiter(SharedRateLimiter(replies, functools.partial(queue_reply, db, timezone=settings.default_timezone),
                                        forbidden=functools.partial(chat_store.deactivate_chat, db)))
        .concurrent_updates(PerChatUpdateProcessor(clock=clock))
        .build()
    )
    app.bot_data.flood_limits = limits
    app.bot_data.db = db
    app.bot_data.settings = settings
    app.bot_data.clock = clock
    for feature in FEATURES:
        feature.register(app)
    fallback.register(app)
    _answer_commands_in_channels(app)
    return app


def _answer_commands_in_channels(app: App) -> None:
    """Commands work in channels as in other chats: python-telegram-bot's CommandHandler leaves channel
    posts out unless its filters let them in. Only admins can post in a channel, so a command there is
    the channel's own (as /manage is from a private chat). Handlers with filters of their own (private
    chats only, say) keep them."""
    in_any_chat = filters.UpdateType.MESSAGES | filters.UpdateType.CHANNEL_POST
    for group in app.handlers.values():
        for handler in group:
            if isinstance(handler, CommandHandler) and handler.filters is filters.UpdateType.MESSAGES:
                handler.filters = in_any_chat


async def start_app(app: App, *, poll_timeout: int = 10) -> None:
    """Initialise, start background services (the outbox sender first, the command menu's publishing among them:
    handlers.command_menu), then start polling.

    Polling comes last: a bot that cannot start a service (another outbox sender runs on its database,
    say: delivery.exclusive) then never takes updates from the one already running; what did start is
    stopped again, and the first error is raised.
    """
    await app.initialize()
    await app.start()
    assert app.updater is not None
    try:
        for hook in app.bot_data.on_start:
            await hook(app)
        await app.updater.start_polling(timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES)
    except BaseException:
        try:
            await stop_app(app)
        except Exception:
            log.exception("stopping after a failed start failed too")
        raise


async def stop_app(app: App) -> None:
    """Stop background services first (they may still send), then polling, then the Application, whose
    updates still being handled end at once: a reply waiting for its turn is queued in the outbox.

    Every step runs even when an earlier one fails, so one service that cannot stop leaves neither the
    others nor python-telegram-bot running; each failure is logged with its step's name, and the first
    is raised once all have run.
    """
    assert app.updater is not None
    updater = app.updater
    if isinstance(app.bot.rate_limiter, SharedRateLimiter):
        app.bot.rate_limiter.stop_waiting()  # replies still held back go to the outbox, not hold the stop

    async def stop_polling() -> None:
        if updater.running:
            await updater.stop()

    async def stop_application() -> None:
        if app.running:
            await app.stop()

    steps: list[tuple[str, Callable[[], Awaitable[None]]]] = [
        (f"{hook.__module__}.{hook.__qualname__}", functools.partial(hook, app)) for hook in reversed(app.bot_data.on_stop)
    ]
    steps += [("updater.stop", stop_polling), ("application.stop", stop_application), ("application.shutdown", app.shutdown)]
    errors: list[Exception] = []
    for name, step in steps:
        try:
            await step()
        except Exception as error:
            log.error("shutdown step failed step=%s", name, exc_info=error)
            errors.append(error)
    if errors:
        raise errors[0]


async def load_samples(db: Database, clock: Clock, settings: Settings) -> int:
    """Fill an empty database with the bundled sample articles, so a newcomer sees real news."""
    from ingest.files import ARTICLE_SUFFIXES, read_article_files
    from ingest.store import store_raw
    from news.models import RawArticle
    from storage.articles import count_articles

    if await count_articles(db):
        return 0
    added = 0
    for item in read_article_files(sorted(p for p in SAMPLES.iterdir() if p.suffix in ARTICLE_SUFFIXES)):
        if isinstance(item, RawArticle):
            _, result = await store_raw(db, item, clock.now(), summary_budget=settings.summary_budget)
            added += result.status == "added"
    return added


async def serve(settings: Settings) -> None:
    clock = SystemClock()
    sandbox = None
    if settings.token is None:
        from sandbox.server import start_sandbox

        sandbox = await start_sandbox(port=settings.sandbox_port)
        settings = settings.model_copy(update={"telegram_api_base_url": sandbox.url})
    db = await open_database(settings.database_path)
    try:
        if sandbox is not None:
            added = await load_samples(db, clock, settings)
            log.info("samples loaded added=%s", added)
        app = build_application(settings, db, clock)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await start_app(app)
        try:
            if sandbox is not None:
                print(f"newsdigest is running. Chat with it at {sandbox.url}  (Ctrl-C stops)", flush=True)
            else:
                print(f"newsdigest is running as @{app.bot.username}  (Ctrl-C stops)", flush=True)
            await stop.wait()
        finally:
            await stop_app(app)
    finally:
        await db.close()
        if sandbox is not None:
            await sandbox.close()


async def ingest_paths(settings: Settings, paths: list[Path], source: str) -> int:
    from ingest.batch import ingest_articles
    from ingest.files import read_article_files

    db = await open_database(settings.database_path)
    try:
        report = await ingest_articles(db, read_article_files(paths, default_source=source), SystemClock().now,
                                       summary_budget=settings.summary_budget)
    finally:
        await db.close()
    for rejected in report.of("rejected"):
        print(f"rejected {rejected.where}: {rejected.reason}")
    print(
        f"added {report.count('added')}, updated {report.count('updated')}, "
        f"skipped {report.count('duplicate')} duplicates, rejected {report.count('rejected')}"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsdigest", description="A Telegram news digest bot.")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="run the bot (against the local sandbox when no token is set)")
    ingest = commands.add_parser("ingest", help="load articles from .txt or .jsonl files")
    ingest.add_argument("paths", nargs="+", type=Path)
    ingest.add_argument("--source", default="", help="source name for plain-text files")
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as e:
        print(e, file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        if args.command == "ingest":
            return asyncio.run(ingest_paths(settings, args.paths, args.source))
        asyncio.run(serve(settings))
    except (StorageError, SenderRunningError) as e:
        print(f"newsdigest: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
