"""The typed context every handler receives: shared services as properties, not bot_data keys."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from clock import Clock, SystemClock
from delivery.limits import FloodLimits

if TYPE_CHECKING:
    from settings import Settings
    from storage import Database


@dataclass
class BotData:
    """Services shared by all handlers; filled in by bot.build_application."""

    db: Database | None = None
    settings: Settings | None = None
    clock: Clock = field(default_factory=SystemClock)
    # Telegram's flood limits, drawn on by the outbox sender and (through the rate limiter) the replies.
    flood_limits: FloodLimits = field(default_factory=FloodLimits)
    # Background services register themselves here by name (delivery engine, feed poller …),
    # so handlers can reach them without importing bot.py.
    services: dict[str, Any] = field(default_factory=dict)
    # Coroutines run after the bot has started / before it stops (background loops start here).
    on_start: list[Callable[[Any], Awaitable[None]]] = field(default_factory=list)
    on_stop: list[Callable[[Any], Awaitable[None]]] = field(default_factory=list)


class Ctx(CallbackContext[ExtBot, dict, dict, BotData]):
    @property
    def db(self) -> Database:
        assert self.bot_data.db is not None, "database not attached"
        return self.bot_data.db

    @property
    def settings(self) -> Settings:
        assert self.bot_data.settings is not None, "settings not attached"
        return self.bot_data.settings

    @property
    def clock(self) -> Clock:
        return self.bot_data.clock


CONTEXT_TYPES = ContextTypes(context=Ctx, bot_data=BotData)

App = Application[ExtBot, Ctx, dict, dict, BotData, Any]
