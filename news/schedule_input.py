"""Reading what people type for a schedule: a time, quiet hours, a pause's length; the errors say how to fix it.

`news.schedule` turns what these read into cadences and due times.
"""
from __future__ import annotations

import re
from datetime import timedelta

from news.format import clip

# "8", "8h", "8:00", "19.30", "0730"; then, apart, "am"/"pm" ("8pm", "7:30 p.m.")
_CLOCK = re.compile(r"(\d{1,2})(?:[:.h]?(\d{2})|h)?")
_HALF_DAY = re.compile(r"\s*([ap])\.?m\.?$")
NAMED_TIMES = {"noon": "12:00", "midnight": "00:00"}
# Between quiet hours' start and end: "22:00-07:00", "10pm – 7am", "22 to 7"
_RANGE = re.compile(r"\s*(?:-|–|—|\bto\b|\buntil\b)\s*")
QUOTE_LIMIT = 24  # characters of the input an error repeats: the message must fit a chat reply whatever was typed


class ScheduleError(ValueError):
    """A time, cadence or duration the user typed cannot be understood; the message says how to fix it."""


def quoted(text: str) -> str:
    """The user's input as an error message repeats it: in quotes, clipped with "…"."""
    return f"“{clip(' '.join(text.split()), QUOTE_LIMIT)}”"


def parse_hhmm(text: str) -> str:
    """A time as people type it → 24-hour "HH:MM": "08:00", "8:00", "19.30", "0730", a bare hour "8" or
    "22", and 12-hour "8am", "8 pm", "7:30pm", "7.30 p.m.", "12am" (00:00), "12pm" (12:00);
    "noon" and "midnight"."""
    typed = text.strip().lower()
    if typed in NAMED_TIMES:
        return NAMED_TIMES[typed]
    half = _HALF_DAY.search(typed)
    clock = _CLOCK.fullmatch(typed[:half.start()] if half else typed)
    if not clock:
        raise ScheduleError(f"{quoted(text)} is not a time — use 24-hour HH:MM like 19:30, or 7:30pm")
    hour, minute = int(clock.group(1)), int(clock.group(2) or 0)
    if minute > 59:
        raise ScheduleError(f"{quoted(text)} is not a time: minutes go 00–59")
    if half:
        if not 1 <= hour <= 12:
            raise ScheduleError(f"{quoted(text)} is not a time: with am or pm, hours go 1–12")
        hour = hour % 12 + (12 if half.group(1) == "p" else 0)
    elif hour > 23:
        raise ScheduleError(f"{quoted(text)} is not a time: hours go 0–23")
    return f"{hour:02d}:{minute:02d}"


def parse_quiet_hours(text: str) -> tuple[str, str] | None:
    """"22:00-07:00", "10pm-7am", "22-7", "10 pm to 7 am" → ("22:00", "07:00"); "off" or "none" → None."""
    typed = " ".join(text.split()).lower()
    if typed in ("off", "none"):
        return None
    parts = _RANGE.split(typed)
    if len(parts) == 1:
        parse_hhmm(typed)  # "late" is no time; "22:00" is one, and lacks its end
        raise ScheduleError(f"{quoted(text)} is only a start: quiet hours need an end too, like 22:00-07:00")
    if len(parts) != 2 or not all(parts):
        raise ScheduleError(f"{quoted(text)} is not a start and an end, like 22:00-07:00 or 10pm-7am")
    start, end = parse_hhmm(parts[0]), parse_hhmm(parts[1])
    if start == end:  # quiet from 07:00 to 07:00: no hours, or all of them; neither is meant
        raise ScheduleError("quiet hours need an end other than their start, like 22:00-07:00")
    return start, end


_UNITS = {"m": "minutes", "min": "minutes", "mins": "minutes", "minute": "minutes", "minutes": "minutes",
          "h": "hours", "hr": "hours", "hrs": "hours", "hour": "hours", "hours": "hours",
          "d": "days", "day": "days", "days": "days", "w": "weeks", "week": "weeks", "weeks": "weeks"}
_YEARS = ("y", "yr", "year", "years")  # 365 days each
MAX_PAUSE = timedelta(days=366)  # a year; a longer pause is surely a slip (/pause 999w); /unsubscribe is for good


def parse_duration(text: str) -> timedelta:
    """'3d', '12h', '90m', '1w', '3 days', '2 weeks', '1y' → a timedelta of at most MAX_PAUSE."""
    match = re.fullmatch(r"(\d{1,4})\s*([a-z]+)", text.strip().lower())
    unit = match.group(2) if match else ""
    if not match or (unit not in _UNITS and unit not in _YEARS):
        raise ScheduleError(f"{quoted(text)} is not a duration — use e.g. 3d, 12h, 1w or 3 days")
    amount = int(match.group(1))
    if amount == 0:
        raise ScheduleError("the duration must be more than zero")
    duration = timedelta(days=365 * amount) if unit in _YEARS else timedelta(**{_UNITS[unit]: amount})
    if duration > MAX_PAUSE:
        raise ScheduleError("that is more than a year — pause for a year at most, or /unsubscribe")
    return duration
