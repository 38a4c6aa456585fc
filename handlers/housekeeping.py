"""Housekeeping alongside the bot: once an hour, old delivery-log, outbox, feed-item, story-headline,
search, breaking-wait and unfollowed rows are pruned (storage.retention says which), on the app's clock;
started after the bot starts, stopped before it stops."""
from __future__ import annotations

import asyncio
import logging

from telegram.ext import Application

from background import cancel_and_wait
from clock import Clock
from storage import Database
from storage.retention import prune

log = logging.getLogger(__name__)

PRUNE_EVERY_SECONDS = 3600.0


async def prune_periodically(db: Database, clock: Clock) -> None:
    """Prune now, then every PRUNE_EVERY_SECONDS; a failed prune is logged and tried again next time."""
    while True:
        try:
            pruned = await prune(db, clock.now())
            log.info("retention pruned deliveries=%s outbox=%s feed_items=%s drafts=%s headlines=%s searches=%s "
                     "breaking_waits=%s unfollowed=%s", pruned.deliveries, pruned.outbox, pruned.feed_items,
                     pruned.drafts, pruned.headlines, pruned.searches, pruned.waits, pruned.unfollowed)
        except Exception:  # logged with its traceback; the rows are still there for the next run
            log.exception("retention prune failed")
        await clock.sleep(PRUNE_EVERY_SECONDS)


async def _start(app: Application) -> None:
    data = app.bot_data
    data.services["housekeeping"] = asyncio.create_task(prune_periodically(data.db, data.clock), name="housekeeping")


async def _stop(app: Application) -> None:
    await cancel_and_wait(app.bot_data.services.pop("housekeeping", None))


def register(app: Application) -> None:
    app.bot_data.on_start.append(_start)
    app.bot_data.on_stop.append(_stop)
