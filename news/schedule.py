"""When a chat's next digest is due: local digest times, cadence, quiet hours, in the chat's time zone.

All arithmetic happens on local wall-clock dates and times converted with zoneinfo, so a digest due at
08:00 local stays at 08:00 local across a daylight-saving change.

What a chat is told and what the scheduler does come from the same functions: `used_times` (the times a
cadence really uses), `describe_schedule` (those in words), `next_due` (which honours a pause) and, for why a
digest comes late, `moved_by_quiet`, `times_in_quiet` and, for hourly digests, `hourly_held`. What people type
is read by `news.schedule_input`.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from news.schedule_input import NAMED_TIMES, ScheduleError, parse_hhmm, quoted, span_hint, time_span

# No scheduled digests: the chat keeps what it follows and asks for a digest with /digest now. Its times are
# kept for the day it sets a cadence again; nothing is ever due (next_due is None).
OFF = "off"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DEFAULT_TIME = "08:00"
TWICE_DAILY_TIMES = ("08:00", "19:30")  # twice daily without two times of the chat's own (one is added to one)
_FILLER = {"at", "on", "every", "and", "&"}  # "/digest weekly on fri at 18:00", "/digest 08:00 and 19:30" read naturally
# A digest gathers what came since the last one: six a day is one every four hours, and more would be thin
# digests a little apart; for news as it comes there is /digest hourly.
MAX_DAILY_TIMES = 6
_KINDS = {"daily": "daily", "day": "daily", "twice": "twice_daily", "twice_daily": "twice_daily", "2x": "twice_daily",
          "hourly": "hourly", "weekly": "weekly", "weekdays": "weekdays", "weekday": "weekdays",
          "weekends": "weekends", "weekend": "weekends"}
# Cadences that are a day's times on some days of the week only (a newsroom's working days): those days
# (Monday is 0) and how they read.
_DAY_SETS = {"weekdays": (range(5), "every weekday"), "weekends": (range(5, 7), "every Saturday and Sunday")}
_HALF_DAY_WORDS = {"am", "pm", "a.m.", "p.m."}  # "/digest 7:30 pm": the word after a time belongs to it


@dataclass(frozen=True)
class Schedule:
    timezone: str
    times: tuple[str, ...] = (DEFAULT_TIME,)  # local "HH:MM" as stored; used_times() says which are used
    cadence: str = "daily"  # daily | twice_daily | hourly | weekly:<day> | weekdays | weekends | off
    quiet: tuple[str, str] | None = None  # local ("22:00", "07:00")
    paused_until: datetime | None = None  # UTC; nothing is due before it


def _weekday(word: str) -> str | None:
    """"fri", "Friday", "thurs" → the stored day ("fri"); None when the word is no weekday."""
    word = word.lower()
    for day, name in zip(WEEKDAYS, _DAY_NAMES):
        if len(word) >= 3 and name.lower().startswith(word):
            return day
    return None


def _cadence_words(words: Sequence[str]) -> tuple[str, str | None]:
    """'daily' | 'twice' | 'hourly' | 'weekly [day]' | a bare day → (kind, day or None); extra words are errors."""
    if not words:
        raise ScheduleError("say daily, weekdays, weekends, twice, hourly or weekly <day>")
    word, rest = words[0].lower(), list(words[1:])
    if _weekday(word) is not None:  # "/digest fri 18:00"
        word, rest = "weekly", [words[0], *rest]
    if word in ("off", "stop", "none", "never"):
        if rest:
            raise ScheduleError(f"I don't understand {quoted(' '.join(rest))} — send just /digest off")
        return OFF, None
    if word not in _KINDS:
        raise ScheduleError(f"{quoted(words[0])} is not a cadence — use daily, weekdays, weekends, twice, hourly or "
                            "weekly <day>")
    day = None
    if _KINDS[word] == "weekly" and rest:
        day = _weekday(rest[0])
        if day is None:
            raise ScheduleError(f"{quoted(rest[0])} is not a weekday — use mon, tue, … sun")
        rest = rest[1:]
    if rest:
        raise ScheduleError(f"I don't understand {quoted(' '.join(rest))} — try /digest weekly fri 18:00")
    return _KINDS[word], day


def used_times(cadence: str, times: Sequence[str]) -> tuple[str, ...]:
    """The local times a cadence really uses: what the scheduler follows and the chat is shown.

    Hourly uses none (every hour, on the hour), nor does off; weekly one, the first; twice daily two, 08:00 and 19:30
    when the chat has fewer; daily, weekdays and weekends every time the chat set.
    """
    if cadence in ("hourly", OFF):
        return ()
    chosen = tuple(sorted(set(times))) or (DEFAULT_TIME,)
    if cadence.startswith("weekly:"):
        return chosen[:1]
    if cadence == "twice_daily":
        return chosen[:2] if len(chosen) >= 2 else TWICE_DAILY_TIMES
    return chosen


def choose_schedule(words: Sequence[str], cadence: str, times: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    """The (cadence, times) a chat gets from "/digest WORDS" or a cadence button, given its current ones.

    Times alone set the times: one → daily (a weekly digest keeps its day), two → twice daily, more →
    daily at each. A cadence word keeps what fits it of the times in use: daily the first, twice daily
    two (with one, it and a default time: `_twice_from`), weekly one and the current day (Monday for a new
    weekly). A time the cadence cannot use is an error, never dropped. Hourly keeps the stored times for a
    way back, and so does off. Weekdays and weekends choose days, not times: they keep every time in use, times
    alone keep them, and daily from them keeps the times too. A span of hours ("9-17") is an error that says
    what gives digests in those hours only.
    """
    if (span := time_span(" ".join(words))) is not None:
        raise span_hint(*span, hourly=any(word.lower() == "hourly" for word in words))
    # "08:00, 19:30" and "08:00,19:30": commas separate times as spaces do
    words = _with_half_days([part for w in words for part in w.split(",") if part and part.lower() not in _FILLER])
    is_time = [(w[:1].isdigit() and w.lower() not in _KINDS) or w.lower() in NAMED_TIMES  # "2x": twice daily
               for w in words]
    given = tuple(sorted({parse_hhmm(w) for w, time_ in zip(words, is_time) if time_}))
    names = [w for w, time_ in zip(words, is_time) if not time_]
    current = used_times("daily" if cadence in ("hourly", OFF) else cadence, times)
    current_day = cadence.split(":", 1)[1] if cadence.startswith("weekly:") else None
    if not names:
        if not given:
            raise ScheduleError("say when, like /digest 08:00 19:30 or /digest weekly fri 18:00")
        if len(given) == 1 and current_day:
            return cadence, given
        if cadence in _DAY_SETS:
            return cadence, _a_day(given)
        return _daily(given)
    kind, day = _cadence_words(names)
    if kind == OFF:
        if given:
            raise ScheduleError("with digests off none comes at a time — send just /digest off, or a time alone "
                                "to have them daily")
        return OFF, tuple(times)
    if kind in _DAY_SETS:
        return kind, _a_day(given) if given else current
    if kind == "hourly":
        if given:
            raise ScheduleError("hourly digests come every hour, on the hour — send just /digest hourly")
        return "hourly", tuple(times)
    if kind == "weekly":
        if len(given) > 1:
            raise ScheduleError("a weekly digest comes at one time, like /digest weekly fri 18:00")
        return f"weekly:{day or current_day or 'mon'}", given or current[:1]
    if kind == "twice_daily":
        if given and len(given) != 2:
            raise ScheduleError("twice a day takes two times, like /digest twice 08:00 19:30")
        return "twice_daily", given or _twice_from(current)
    if given or cadence in _DAY_SETS:
        return _daily(given or current)
    return "daily", current[:1]


def _twice_from(current: tuple[str, ...]) -> tuple[str, ...]:
    """Twice daily from the times in use: the first two, or the chat's one time and whichever of 08:00 and
    19:30 is farther from it on the clock, so the two spread over the day (07:15 → 07:15 and 19:30; 21:00 →
    08:00 and 21:00)."""
    if len(current) >= 2:
        return current[:2]
    own = _minutes(current[0])

    def apart(default: str) -> int:
        gap = abs(_minutes(default) - own)
        return min(gap, 24 * 60 - gap)
    return tuple(sorted({current[0], max(TWICE_DAILY_TIMES, key=apart)}))


def _with_half_days(words: list[str]) -> list[str]:
    """"7:30", "pm" → "7:30pm": a 12-hour time typed with a space is one time."""
    joined: list[str] = []
    for word in words:
        if word.lower() in _HALF_DAY_WORDS:
            if not (joined and joined[-1][:1].isdigit()):
                raise ScheduleError(f"{quoted(word)} needs a time before it, like 7:30 pm")
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def _daily(given: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """Times a day: two are twice daily, others daily at each."""
    return ("twice_daily" if len(given) == 2 else "daily"), _a_day(given)


def _a_day(given: tuple[str, ...]) -> tuple[str, ...]:
    """`given`, if a day may have that many digests: at most MAX_DAILY_TIMES."""
    if len(given) > MAX_DAILY_TIMES:
        raise ScheduleError(f"{len(given)} digests a day are too many: at most {MAX_DAILY_TIMES}, like "
                            "/digest 07:00 11:00 15:00 19:00 — or /digest hourly for news every hour")
    return given


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def describe_schedule(cadence: str, times: Sequence[str]) -> str:
    """When digests come, in words: "every Friday at 18:00", "twice a day, at 08:00 and 19:30"."""
    used = used_times(cadence, times)
    if cadence == OFF:
        return "off (you get them with /digest now)"
    if cadence == "hourly":
        return "every hour, on the hour"
    if cadence.startswith("weekly:"):
        day = _DAY_NAMES[WEEKDAYS.index(cadence.split(":", 1)[1])]
        return f"every {day} at {used[0]}"
    if cadence in _DAY_SETS:
        return f"{_DAY_SETS[cadence][1]} at {_and(used)}"
    if len(used) == 2:
        return f"twice a day, at {_and(used)}"
    return f"every day at {_and(used)}"


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def in_quiet_hours(local: datetime, quiet: tuple[str, str] | None) -> bool:
    return _quiet_at(local.hour * 60 + local.minute, quiet)


def _quiet_at(minute_of_day: int, quiet: tuple[str, str] | None) -> bool:
    if quiet is None:
        return False
    start, end = _minutes(quiet[0]), _minutes(quiet[1])
    if start == end:
        return False
    return start <= minute_of_day < end if start < end else minute_of_day >= start or minute_of_day < end


def times_in_quiet(cadence: str, times: Sequence[str], quiet: tuple[str, str] | None) -> tuple[str, ...]:
    """The times a cadence uses that fall in quiet hours: their digests come when the quiet hours end."""
    return tuple(t for t in used_times(cadence, times) if _quiet_at(_minutes(t), quiet))


def hourly_held(cadence: str, quiet: tuple[str, str] | None) -> bool:
    """Whether quiet hours hold back hourly digests: they do when an hour strikes inside them, and the digests
    due then come as one when they end. Quiet hours between two strokes (06:10–06:50) hold none."""
    return cadence == "hourly" and any(_quiet_at(hour * 60, quiet) for hour in range(24))


def moved_by_quiet(schedule: Schedule, due: datetime) -> bool:
    """Whether `due` is the end of quiet hours, where a digest due inside them was moved, rather than a time
    of the cadence's own: the reason a chat is given for a next digest later than its times. An hourly digest at
    their end is both when they held some back (07:00 after 22:00–07:00): it is the first after the pause."""
    if not schedule.quiet:
        return False
    zone = ZoneInfo(schedule.timezone)
    local = due.astimezone(zone)
    if f"{local:%H:%M}" != schedule.quiet[1]:
        return False
    return hourly_held(schedule.cadence, schedule.quiet) or due not in _slots(schedule, local.date(), zone)


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
    if schedule.cadence.startswith("weekly:") and WEEKDAYS[day.weekday()] != schedule.cadence.split(":", 1)[1]:
        return []
    if schedule.cadence in _DAY_SETS and day.weekday() not in _DAY_SETS[schedule.cadence][0]:
        return []
    times = used_times(schedule.cadence, schedule.times)
    return [datetime.combine(day, time(*map(int, t.split(":"))), zone) for t in times]


def next_due(schedule: Schedule, after: datetime) -> datetime | None:
    """The first due moment strictly after `after` (UTC), moved out of quiet hours; during a pause, the
    first one from the moment it ends (a slot right then counts: the pause is over). None with digests off."""
    if schedule.cadence == OFF:
        return None
    zone = ZoneInfo(schedule.timezone)
    resume = schedule.paused_until if schedule.paused_until and schedule.paused_until > after else None
    local_start = (resume or after).astimezone(zone)
    for offset in range(0, 9):
        for slot in _slots(schedule, local_start.date() + timedelta(days=offset), zone):
            # Round-trip through UTC so a wall time skipped by DST lands on a real instant.
            instant = slot.astimezone(timezone.utc)
            if instant <= after or (resume is not None and instant < resume):
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
