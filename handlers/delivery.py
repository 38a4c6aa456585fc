"""Runs the outbox sender alongside the bot: started after the bot starts, stopped before it stops."""
from __future__ import annotations

from telegram.ext import Application

from delivery.engine import DeliveryEngine
from delivery.sender import Sender


async def _start(app: Application) -> None:
    data = app.bot_data
    settings = data.settings
    sender = Sender(settings.telegram_api_base_url, app.bot.token, connections=settings.delivery_concurrency,
                    paid_broadcast=settings.paid_broadcast)
    engine = DeliveryEngine(data.db, sender, data.clock, concurrency=settings.delivery_concurrency,
                            limits=data.flood_limits)
    data.services["delivery"] = engine
    await engine.start()


async def _stop(app: Application) -> None:
    engine = app.bot_data.services.pop("delivery", None)
    if engine is not None:
        await engine.stop()  # also closes the sender's session, which start() opened


def register(app: Application) -> None:
    app.bot_data.on_start.append(_start)
    app.bot_data.on_stop.append(_stop)
