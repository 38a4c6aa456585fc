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
# A span of hours typed where a time is wanted: "9-17", "from 9am to 5pm", "between 8 and 20"
_TIME = r"(?:\d{1,2}(?:[:.h]?\d{2})?(?:\s*[ap]\.?m\.?)?|noon|midnight)"
_SPAN = re.compile(rf"(?<![\w:.])(?:between\s+({_TIME})\s+and\s+({_TIME})|(?:from\s+)?({_TIME})\s*"
                   rf"(?:-|–|—|\bto\b|\buntil\b|\btill\b)\s*({_TIME}))(?![\w:.])", re.IGNORECASE)
# A pause typed as one with no end: /digest off, /breaking_alerts off or /stop is what is meant
_ENDLESS = frozenset({"forever", "for ever", "indefinitely", "permanently", "for good", "always", "infinite",
                      "infinity", "∞", "until further notice", "till further notice"})


class ScheduleError(ValueError):
    """A time, cadence or duration the user typed cannot be understood; the message says how to fix it."""


class ScheduleHint(ScheduleError):
    """An error whose message names the commands that do what was meant: no usage line need follow it."""


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
        example = f"{(int(start[:2]) + 8) % 24:02d}{start[2:]}"
        raise ScheduleHint(f"quiet hours from {start} to {end} would be none, or the whole day: they need an end other "
                           f"than their start, like /quiet {start}-{example}. To have no quiet hours, send /quiet off; "
                           "for a day without digests or breaking news, /pause 1d")
    return start, end


def time_span(text: str) -> tuple[str, str, str] | None:
    """The first span of hours in `text` ("9-17", "from 9am to 5pm", "between 8 and 20"): (as typed, start,
    end), or None. Digests come at times, so a span typed for them asks for something else (span_hint)."""
    for match in _SPAN.finditer(text):
        first, second = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        try:
            start, end = parse_hhmm(first), parse_hhmm(second)
        except ScheduleError:
            continue
        if start != end:
            return match.group(0), start, end
    return None


def span_hint(typed: str, start: str, end: str, *, hourly: bool) -> ScheduleHint:
    """What a span of hours typed for digests can mean: hourly digests in those hours only, which quiet hours
    over the rest of the day give (they hold hourly digests back until they end), or a digest at each end."""
    said = f"{quoted(typed)} is a span of hours, and a digest comes at a time, not over a span"
    if hourly:
        return ScheduleHint(f"{said}. For hourly digests only from {start} to {end}, send /digest hourly, then "
                            f"/quiet {end}-{start} (quiet hours hold them back until {start})")
    return ScheduleHint(f"{said}: /digest {start} {end} sends one at each; for one every hour from {start} to {end}, "
                        f"send /digest hourly, then /quiet {end}-{start}")


_UNITS = {"m": "minutes", "min": "minutes", "mins": "minutes", "minute": "minutes", "minutes": "minutes",
          "h": "hours", "hr": "hours", "hrs": "hours", "hour": "hours", "hours": "hours",
          "d": "days", "day": "days", "days": "days", "w": "weeks", "week": "weeks", "weeks": "weeks"}
_YEARS = ("y", "yr", "year", "years")  # 365 days each
MAX_PAUSE = timedelta(days=366)  # a year; a longer pause is surely a slip (/pause 999w); /digest off, /stop are for good


def parse_duration(text: str) -> timedelta:
    """'3d', '12h', '90m', '1w', '3 days', '2 weeks', '1y' → a timedelta of at most MAX_PAUSE."""
    match = re.fullmatch(r"(\d{1,4})\s*([a-z]+)", text.strip().lower())
    unit = match.group(2) if match else ""
    if " ".join(text.split()).lower() in _ENDLESS:
        raise ScheduleHint("a pause ends by itself, after a year at most. To stop scheduled digests, send /digest off "
                           "(what you follow stays, and /digest now brings one when you want it); breaking news, "
                           "/breaking_alerts off; both and everything you follow, /stop. For a break: /pause 3d, "
                           "/pause 2 weeks or /pause 1 year")
    if not match or (unit not in _UNITS and unit not in _YEARS):
        raise ScheduleHint(f"{quoted(text)} is not a duration — say how long, like /pause 3d, /pause 12h or "
                           "/pause 2 weeks (a year at most)")
    amount = int(match.group(1))
    if amount == 0:
        raise ScheduleHint("the duration must be more than zero, like /pause 3d or /pause 12h")
    duration = timedelta(days=365 * amount) if unit in _YEARS else timedelta(**{_UNITS[unit]: amount})
    if duration > MAX_PAUSE:
        raise ScheduleHint("that is more than a year — pause for a year at most (/pause 1 year); to stop scheduled "
                           "digests until you turn them on again, /digest off, or to unfollow everything, /stop")
    return duration
