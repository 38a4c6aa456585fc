"""When a chat's next digest is due: local digest times, cadence, quiet hours, in the chat's time zone.

All arithmetic happens on local wall-clock dates and times converted with zoneinfo, so a digest due at
08:00 local stays at 08:00 local across a daylight-saving change.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from news.format import clip

CADENCES = ("daily", "twice_daily", "hourly", "weekly")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HHMM = re.compile(r"^([01]?\d|2[0-3])[:.h]?([0-5]\d)$")
QUOTE_LIMIT = 24  # characters of the input an error repeats: the message must fit a chat reply whatever was typed


class ScheduleError(ValueError):
    """A time, cadence or duration the user typed cannot be understood; the message says how to fix it."""


def _quoted(text: str) -> str:
    """The user's input as an error message repeats it: in quotes, clipped with "…"."""
    return f"“{clip(' '.join(text.split()), QUOTE_LIMIT)}”"


@dataclass(frozen=True)
class Schedule:
    timezone: str
    times: tuple[str, ...] = ("08:00",)  # local "HH:MM", sorted
    cadence: str = "daily"  # daily | twice_daily | hourly | weekly:<day>
    quiet: tuple[str, str] | None = None  # local ("22:00", "07:00")


def parse_hhmm(text: str) -> str:
    match = _HHMM.match(text.strip().lower())
    if not match:
        raise ScheduleError(f"{_quoted(text)} is not a time — use 24-hour HH:MM, like 08:00 or 19:30")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def parse_duration(text: str) -> timedelta:
    """'3d', '12h', '90m', '1w' → a timedelta."""
    match = re.fullmatch(r"(\d{1,3})\s*([mhdw])", text.strip().lower())
    if not match:
        raise ScheduleError(f"{_quoted(text)} is not a duration — use e.g. 3d, 12h or 1w")
    amount, unit = int(match.group(1)), match.group(2)
    if amount == 0:
        raise ScheduleError("the duration must be more than zero")
    return {"m": timedelta(minutes=amount), "h": timedelta(hours=amount), "d": timedelta(days=amount), "w": timedelta(weeks=amount)}[unit]


def parse_cadence(words: list[str]) -> str:
    """'daily' | 'twice' | 'hourly' | 'weekly mon' → the stored cadence."""
    if not words:
        raise ScheduleError("say daily, twice, hourly or weekly <day>")
    word = words[0].lower()
    if word in ("daily", "day"):
        return "daily"
    if word in ("twice", "twice_daily", "2x"):
        return "twice_daily"
    if word == "hourly":
        return "hourly"
    if word == "weekly":
        day = (words[1].lower()[:3] if len(words) > 1 else "mon")
        if day not in WEEKDAYS:
            raise ScheduleError(f"{_quoted(words[1])} is not a weekday — use mon, tue, … sun")
        return f"weekly:{day}"
    raise ScheduleError(f"{_quoted(words[0])} is not a cadence — use daily, twice, hourly or weekly <day>")


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def in_quiet_hours(local: datetime, quiet: tuple[str, str] | None) -> bool:
    if quiet is None:
        return False
    start, end, now = _minutes(quiet[0]), _minutes(quiet[1]), local.hour * 60 + local.minute
    if start == end:
        return False
    return start <= now < end if start < end else now >= start or now < end


def _quiet_end_after(local: datetime, quiet: tuple[str, str], zone: ZoneInfo) -> datetime:
    end = time(*map(int, quiet[1].split(":")))
    candidate = datetime.combine(local.date(), end, zone)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), end, zone)
    return candidate


def _slots(schedule: Schedule, day: date, zone: ZoneInfo) -> list[datetime]:
    """The local due times on one day under the cadence."""
    if schedule.cadence == "hourly":
        return [datetime.combine(day, time(hour), zone) for hour in range(24)]
    times = schedule.times or ("08:00",)
    if schedule.cadence.startswith("weekly:"):
        if WEEKDAYS[day.weekday()] != schedule.cadence.split(":", 1)[1]:
            return []
        times = times[:1]
    elif schedule.cadence == "twice_daily" and len(times) < 2:
        times = (times[0], "19:30" if times[0] != "19:30" else "08:00")
    return sorted(datetime.combine(day, time(*map(int, t.split(":"))), zone) for t in times)


def next_due(schedule: Schedule, after: datetime) -> datetime:
    """The first due moment strictly after `after` (UTC), moved out of quiet hours."""
    zone = ZoneInfo(schedule.timezone)
    local_after = after.astimezone(zone)
    for offset in range(0, 9):
        for slot in _slots(schedule, local_after.date() + timedelta(days=offset), zone):
            # Round-trip through UTC so a wall time skipped by DST lands on a real instant.
            instant = slot.astimezone(timezone.utc)
            if instant <= after:
                continue
            local = instant.astimezone(zone)
            if schedule.quiet and in_quiet_hours(local, schedule.quiet):
                deferred = _quiet_end_after(local, schedule.quiet, zone).astimezone(timezone.utc)
                return deferred if deferred > after else after
            return instant
    raise AssertionError("a schedule always has a slot within 8 days")


def defer_for_quiet(schedule: Schedule, now: datetime) -> datetime | None:
    """When `now` falls in quiet hours, the moment they end; else None."""
    if not schedule.quiet:
        return None
    zone = ZoneInfo(schedule.timezone)
    local = now.astimezone(zone)
    if not in_quiet_hours(local, schedule.quiet):
        return None
    return _quiet_end_after(local, schedule.quiet, zone).astimezone(timezone.utc)
