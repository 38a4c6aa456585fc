"""/timezone and shared locations: digests come at local times there."""
from __future__ import annotations

import asyncio
import html
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from handlers.context import Ctx
from handlers.replies import echo, reply_html
from handlers.schedule import apply_settings, coming_lines, show_current
from news.places import format_offset, place_for_offset, timezone_for_location, timezone_for_place, utc_offset, zone_label
from news.zone_abbreviations import looks_like_a_code
from news.zone_match import match_zone

TIMEZONE_USAGE = "Usage: /timezone Rabat, /timezone Paris, France, /timezone UTC+2 — or share a location."


def _zone_set(zone: str, place: str, now: datetime, how: str = "") -> str:
    """The confirmation: the zone as a reader reads it, the place it was taken for, and the time there now (HTML)."""
    where = f" ({html.escape(place)})" if place else ""
    return (f"🕰 Time zone set to {html.escape(zone_label(zone))}{where}{how} — "
            f"it's {now.astimezone(ZoneInfo(zone)):%H:%M} there now.")


async def timezone_command(update: Update, context: Ctx) -> None:
    """/timezone <city, country or IANA zone>: digests come at local times there."""
    query = " ".join(context.args or [])
    if not query:
        await show_current(update, context, lambda chat, _: f"Time zone: {html.escape(zone_label(chat.timezone))}",
                            TIMEZONE_USAGE, "it")
        return
    # A name in another script or an alternate name first builds an index of geonames' 130,000 names (about
    # 2 s): on the event loop, every chat would wait for it.
    match = await asyncio.to_thread(match_zone, query, context.clock.now())
    if match is None:
        offset = utc_offset(query)
        if offset is not None:  # UTC+5:30, UTC+15: no fixed IANA zone has it
            await reply_html(update, f"There is no fixed time zone for {format_offset(offset)} — whole hours from "
                                     f"UTC−12 to UTC+14 only. {_offset_hint(offset, context.clock.now())}")
        elif looks_like_a_code(query):
            await reply_html(update, f"I don't know the abbreviation “{echo(query)}”. Name a big city near you "
                                     "(/timezone Paris, France) or an offset like UTC+2.")
        else:
            await reply_html(update, f"I couldn't find a time zone for “{echo(query)}”. Try a big city near you "
                                     "(Paris, France), an offset like UTC+2, or a zone like Europe/London.")
        return
    target = await apply_settings(update, context, timezone=match.zone)
    if target:
        now = context.clock.now()
        await reply_html(update, "\n".join([_zone_set(match.zone, match.place, now), *map(html.escape, match.notes),
                                              *await coming_lines(context, target, now)]))


def _offset_hint(offset: int, now: datetime) -> str:
    """Where people keep that offset, as a /timezone that finds it; or a city in general (HTML)."""
    place = place_for_offset(offset, now)
    if place is None:
        return "Name a city near you instead, like /timezone Paris."
    name = place.city if timezone_for_place(place.city) == place.zone else place.zone
    seasonal = " (part of the year: its clocks change)" if place.seasonal else ""
    return (f"{format_offset(offset)} is the time in {html.escape(place.city)}{seasonal}: "
            f"/timezone {html.escape(name)} sets it.")


async def location_message(update: Update, context: Ctx) -> None:
    """A shared location sets the time zone."""
    location = update.effective_message.location if update.effective_message else None
    if location is None:
        return
    zone = timezone_for_location(location.latitude, location.longitude)
    if zone is None:
        await reply_html(update, "I couldn't tell the time zone there. Use /timezone with a city name.")
        return
    target = await apply_settings(update, context, timezone=zone)
    if target:
        now = context.clock.now()
        await reply_html(update, "\n".join([_zone_set(zone, "", now, " from your location"),
                                              *await coming_lines(context, target, now)]))


def register(app: Application) -> None:
    app.add_handler(CommandHandler("timezone", timezone_command))
    app.add_handler(MessageHandler(filters.LOCATION, location_message))
