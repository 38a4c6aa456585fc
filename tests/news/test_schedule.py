"""Digest due times in the reader's own time zone: local 08:00 stays 08:00, quiet hours defer."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from news.schedule import (
    Schedule, choose_schedule, defer_for_quiet, describe_schedule, hourly_held, moved_by_quiet, next_due,
    times_in_quiet, used_times,
)
from news.schedule_input import ScheduleError, parse_duration, parse_hhmm, parse_quiet_hours

UTC = timezone.utc


def local(moment: datetime, zone: str) -> str:
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M %a")


@pytest.mark.parametrize("zone", ["Africa/Casablanca", "America/New_York", "Asia/Tokyo"])
def test_default_digest_is_at_local_eight(zone: str) -> None:
    due = next_due(Schedule(zone), datetime(2026, 11, 25, 12, 0, tzinfo=UTC))
    assert local(due, zone).endswith("08:00 " + local(due, zone)[-3:])
    assert due > datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_new_york_stays_at_eight_across_the_dst_change() -> None:
    schedule = Schedule("America/New_York")
    before = next_due(schedule, datetime(2026, 3, 7, 14, 0, tzinfo=UTC))  # Sat 7 Mar, EST
    after = next_due(schedule, before)  # Sun 8 Mar, EDT from 02:00
    assert local(before, "America/New_York") == "2026-03-08 08:00 Sun"
    assert local(after, "America/New_York") == "2026-03-09 08:00 Mon"
    assert (after - before).total_seconds() == 24 * 3600  # a calendar day, not 24 h + 1


def test_a_time_skipped_by_dst_still_gets_a_digest() -> None:
    schedule = Schedule("Europe/London", ("01:30",))
    due = next_due(schedule, datetime(2026, 3, 28, 12, 0, tzinfo=UTC))  # 29 Mar 01:30 does not exist
    assert due.date().isoformat() == "2026-03-29"


def test_quiet_hours_defer_a_digest_to_their_end() -> None:
    schedule = Schedule("Africa/Casablanca", ("06:00",), quiet=("22:00", "07:00"))
    due = next_due(schedule, datetime(2026, 11, 25, 12, 0, tzinfo=UTC))
    assert local(due, "Africa/Casablanca") == "2026-11-26 07:00 Thu"
    late_night = datetime(2026, 11, 25, 22, 30, tzinfo=UTC)  # 23:30 in Casablanca
    assert local(defer_for_quiet(schedule, late_night), "Africa/Casablanca") == "2026-11-26 07:00 Thu"
    assert defer_for_quiet(schedule, datetime(2026, 11, 25, 12, 0, tzinfo=UTC)) is None


def test_cadences() -> None:
    start = datetime(2026, 11, 25, 9, 10, tzinfo=UTC)  # a Wednesday
    twice = next_due(Schedule("UTC", ("08:00", "19:30"), "twice_daily"), start)
    assert local(twice, "UTC") == "2026-11-25 19:30 Wed"
    assert local(next_due(Schedule("UTC", cadence="hourly"), start), "UTC") == "2026-11-25 10:00 Wed"
    assert local(next_due(Schedule("UTC", ("08:00",), "weekly:mon"), start), "UTC") == "2026-11-30 08:00 Mon"


@pytest.mark.parametrize(("text", "expected"), [
    ("8:00", "08:00"), ("19.30", "19:30"), ("0730", "07:30"), ("8", "08:00"), ("22", "22:00"), ("0", "00:00"),
    ("8am", "08:00"), ("8 am", "08:00"), ("8pm", "20:00"), ("7:30 pm", "19:30"), ("7.30pm", "19:30"),
    ("7:30 p.m.", "19:30"), ("12am", "00:00"), ("12:30am", "00:30"), ("12pm", "12:00"), ("8h", "08:00"),
    ("noon", "12:00"), ("Midnight", "00:00"),
])
def test_times_people_type(text: str, expected: str) -> None:
    assert parse_hhmm(text) == expected


@pytest.mark.parametrize(("bad", "hint"), [
    pytest.param("25:00", "“25:00” is not a time: hours go 0–23", id="hour"),
    pytest.param("24", "“24” is not a time: hours go 0–23", id="bare-hour"),
    pytest.param("8:75", "“8:75” is not a time: minutes go 00–59", id="minutes"),
    pytest.param("13pm", "“13pm” is not a time: with am or pm, hours go 1–12", id="pm-hour"),
    pytest.param("0am", "“0am” is not a time: with am or pm, hours go 1–12", id="am-zero"),
    pytest.param("teatime", "“teatime” is not a time — use 24-hour HH:MM like 19:30, or 7:30pm", id="word"),
])
def test_bad_times_say_what_is_wrong(bad: str, hint: str) -> None:
    with pytest.raises(ScheduleError) as raised:
        parse_hhmm(bad)
    assert str(raised.value) == hint


@pytest.mark.parametrize(("text", "expected"), [
    ("22:00-07:00", ("22:00", "07:00")), ("10pm-7am", ("22:00", "07:00")), ("22-7", ("22:00", "07:00")),
    ("10 pm - 7 am", ("22:00", "07:00")), ("23:30 to 6:45", ("23:30", "06:45")), ("13:00–14:00", ("13:00", "14:00")),
    ("midnight-7am", ("00:00", "07:00")), ("noon to 2pm", ("12:00", "14:00")),
    ("off", None), ("None", None),
])
def test_quiet_hours_people_type(text: str, expected: tuple[str, str] | None) -> None:
    assert parse_quiet_hours(text) == expected


@pytest.mark.parametrize(("bad", "hint"), [
    pytest.param("late", "“late” is not a time", id="word"),
    pytest.param("22:00", "“22:00” is only a start: quiet hours need an end too", id="no-end"),
    pytest.param("22-", "“22-” is not a start and an end", id="empty-end"),
    pytest.param("25-7", "“25” is not a time: hours go 0–23", id="bad-hour"),
    pytest.param("7am-7:00", "an end other than their start", id="same"),
])
def test_bad_quiet_hours_say_what_is_wrong(bad: str, hint: str) -> None:
    with pytest.raises(ScheduleError, match=hint):
        parse_quiet_hours(bad)


def test_twelve_hour_times_with_a_space_are_one_time() -> None:
    assert choose_schedule("7:30 pm".split(), "daily", ("08:00",)) == ("daily", ("19:30",))
    assert choose_schedule("8 am and 7 pm".split(), "daily", ("08:00",)) == ("twice_daily", ("08:00", "19:00"))
    assert choose_schedule(["8"], "weekly:fri", ("18:00",)) == ("weekly:fri", ("08:00",))
    with pytest.raises(ScheduleError, match="“pm” needs a time before it"):
        choose_schedule(["pm"], "daily", ("08:00",))


def test_durations_and_cadence_words() -> None:
    assert parse_duration("3d").days == 3 and parse_duration("12h").seconds == 12 * 3600
    assert choose_schedule(["weekly", "Friday"], "daily", ("08:00",)) == ("weekly:fri", ("08:00",))
    with pytest.raises(ScheduleError):
        parse_duration("soon")


@pytest.mark.parametrize(
    ("words", "current", "expected"),
    [
        pytest.param("weekly fri 18:00", ("daily", ("08:00",)), ("weekly:fri", ("18:00",)), id="weekly-day-and-time"),
        pytest.param("weekly on friday at 18:00", ("daily", ("08:00",)), ("weekly:fri", ("18:00",)), id="in-words"),
        pytest.param("fri 18:00", ("daily", ("08:00",)), ("weekly:fri", ("18:00",)), id="bare-day"),
        pytest.param("weekly", ("weekly:fri", ("18:00",)), ("weekly:fri", ("18:00",)), id="weekly-keeps-its-day"),
        pytest.param("weekly fri", ("twice_daily", ("08:00", "19:30")), ("weekly:fri", ("08:00",)), id="weekly-one-time"),
        pytest.param("07:15", ("weekly:fri", ("18:00",)), ("weekly:fri", ("07:15",)), id="new-time-keeps-the-day"),
        pytest.param("19:30 08:00", ("weekly:fri", ("18:00",)), ("twice_daily", ("08:00", "19:30")), id="two-times"),
        pytest.param("twice", ("daily", ("08:00",)), ("twice_daily", ("08:00", "19:30")), id="twice-defaults"),
        pytest.param("2x", ("daily", ("08:00",)), ("twice_daily", ("08:00", "19:30")), id="2x-is-twice"),
        pytest.param("twice", ("daily", ("07:15",)), ("twice_daily", ("07:15", "19:30")), id="twice-keeps-own-time"),
        pytest.param("twice", ("daily", ("21:00",)), ("twice_daily", ("08:00", "21:00")), id="twice-evening-adds-morning"),
        pytest.param("twice", ("daily", ("00:00",)), ("twice_daily", ("00:00", "08:00")), id="twice-farther-default"),
        pytest.param("twice", ("weekly:fri", ("06:45",)), ("twice_daily", ("06:45", "19:30")), id="twice-from-weekly"),
        pytest.param("twice", ("hourly", ("06:45",)), ("twice_daily", ("06:45", "19:30")), id="twice-from-hourly"),
        pytest.param("daily", ("twice_daily", ("06:45", "18:00")), ("daily", ("06:45",)), id="daily-keeps-first"),
        pytest.param("weekly", ("twice_daily", ("06:45", "18:00")), ("weekly:mon", ("06:45",)), id="weekly-keeps-time"),
        pytest.param("noon", ("daily", ("08:00",)), ("daily", ("12:00",)), id="noon"),
        pytest.param("weekly fri midnight", ("daily", ("08:00",)), ("weekly:fri", ("00:00",)), id="weekly-midnight"),
        pytest.param("twice", ("daily", ("07:00", "12:00", "19:00")), ("twice_daily", ("07:00", "12:00")), id="twice-keeps-two"),
        pytest.param("twice 07:00 19:00", ("daily", ("08:00",)), ("twice_daily", ("07:00", "19:00")), id="twice-with-times"),
        pytest.param("daily", ("twice_daily", ("08:00", "19:30")), ("daily", ("08:00",)), id="daily-is-once"),
        pytest.param("daily 07:00", ("hourly", ("08:00",)), ("daily", ("07:00",)), id="daily-with-time"),
        pytest.param("hourly", ("twice_daily", ("08:00", "19:30")), ("hourly", ("08:00", "19:30")), id="hourly-keeps-times"),
        pytest.param("daily", ("hourly", ("08:00", "19:30")), ("daily", ("08:00",)), id="back-from-hourly"),
        pytest.param("weekdays 8:00", ("daily", ("07:00",)), ("weekdays", ("08:00",)), id="weekdays-at-a-time"),
        pytest.param("weekdays", ("twice_daily", ("07:00", "19:00")), ("weekdays", ("07:00", "19:00")), id="weekdays-keeps-times"),
        pytest.param("weekdays", ("weekly:fri", ("18:00",)), ("weekdays", ("18:00",)), id="weekdays-from-weekly"),
        pytest.param("weekdays", ("hourly", ("08:00",)), ("weekdays", ("08:00",)), id="weekdays-from-hourly"),
        pytest.param("09:00 17:00", ("weekdays", ("08:00",)), ("weekdays", ("09:00", "17:00")), id="times-keep-weekdays"),
        pytest.param("daily", ("weekdays", ("08:00", "19:30")), ("twice_daily", ("08:00", "19:30")), id="daily-from-weekdays"),
        pytest.param("weekend at 10:00", ("daily", ("08:00",)), ("weekends", ("10:00",)), id="weekends"),
        pytest.param("off", ("twice_daily", ("07:00", "19:00")), ("off", ("07:00", "19:00")), id="off-keeps-times"),
        pytest.param("twice", ("off", ("07:00", "19:00")), ("twice_daily", ("07:00", "19:00")), id="back-from-off"),
        pytest.param("09:00", ("off", ("07:00",)), ("daily", ("09:00",)), id="a-time-after-off"),
    ],
)
def test_choose_schedule(words: str, current: tuple[str, tuple[str, ...]], expected: tuple[str, tuple[str, ...]]) -> None:
    assert choose_schedule(words.split(), *current) == expected


@pytest.mark.parametrize(
    ("words", "message"),
    [
        pytest.param("weekly fri 08:00 19:30", "one time", id="weekly-two-times"),
        pytest.param("twice 07:00", "two times", id="twice-one-time"),
        pytest.param("hourly 08:00", "every hour", id="hourly-time"),
        pytest.param("weekly someday", "not a weekday", id="bad-day"),
        pytest.param("daily please", "“please”", id="stray-word"),
        pytest.param("at", "say when", id="nothing"),
        pytest.param("weekdays 1 2 3 4 5 6 7", "7 digests a day are too many", id="weekdays-seven-times"),
    ],
)
def test_choose_schedule_never_drops_what_it_cannot_use(words: str, message: str) -> None:
    with pytest.raises(ScheduleError, match=message):
        choose_schedule(words.split(), "daily", ("08:00",))


@pytest.mark.parametrize(
    ("cadence", "times", "used", "words"),
    [
        pytest.param("weekly:fri", ("08:00", "19:30"), ("08:00",), "every Friday at 08:00", id="weekly"),
        pytest.param("twice_daily", ("00:00",), ("08:00", "19:30"), "twice a day, at 08:00 and 19:30", id="twice-one-time"),
        pytest.param("daily", ("19:00", "07:00", "12:00"), ("07:00", "12:00", "19:00"),
                     "every day at 07:00, 12:00 and 19:00", id="daily-several"),
        pytest.param("hourly", ("08:00",), (), "every hour, on the hour", id="hourly"),
        pytest.param("weekdays", ("19:30", "08:00"), ("08:00", "19:30"), "every weekday at 08:00 and 19:30", id="weekdays"),
    ],
)
def test_what_is_shown_is_what_is_scheduled(cadence: str, times: tuple[str, ...], used: tuple[str, ...], words: str) -> None:
    assert used_times(cadence, times) == used and describe_schedule(cadence, times) == words
    due, schedule = [], Schedule("UTC", times, cadence)
    moment = datetime(2026, 11, 27, 0, 0, tzinfo=UTC)  # a Friday: the day's due times are the ones shown
    for _ in used:
        moment = next_due(schedule, moment)
        due.append(local(moment, "UTC"))
    assert due == [f"2026-11-27 {t} Fri" for t in used]


def test_no_digest_is_due_during_a_pause() -> None:
    now = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)  # Wed
    paused = Schedule("UTC", ("08:00",), paused_until=datetime(2026, 11, 28, 6, 0, tzinfo=UTC))
    assert local(next_due(paused, now), "UTC") == "2026-11-28 08:00 Sat"
    at_the_end = Schedule("UTC", ("06:00",), paused_until=datetime(2026, 11, 28, 6, 0, tzinfo=UTC))
    assert local(next_due(at_the_end, now), "UTC") == "2026-11-28 06:00 Sat"  # the pause is over then
    long_weekly = Schedule("UTC", ("08:00",), "weekly:mon", paused_until=datetime(2027, 1, 20, 6, 0, tzinfo=UTC))
    assert local(next_due(long_weekly, now), "UTC") == "2027-01-25 08:00 Mon"
    ended = Schedule("UTC", ("08:00",), paused_until=datetime(2026, 11, 20, 6, 0, tzinfo=UTC))
    assert local(next_due(ended, now), "UTC") == "2026-11-25 08:00 Wed"


def test_weekday_digests_skip_the_weekend_in_the_chats_own_time_zone() -> None:
    tokyo = Schedule("Asia/Tokyo", ("08:00",), "weekdays")
    friday_morning = datetime(2026, 11, 26, 22, 0, tzinfo=UTC)  # Fri 07:00 in Tokyo, still Thursday in UTC
    assert local(next_due(tokyo, friday_morning), "Asia/Tokyo") == "2026-11-27 08:00 Fri"
    after_it = next_due(tokyo, next_due(tokyo, friday_morning))
    assert local(after_it, "Asia/Tokyo") == "2026-11-30 08:00 Mon" and after_it.weekday() == 6  # Sunday in UTC
    new_york = Schedule("America/New_York", ("20:00",), "weekdays")  # Friday 20:00 is Saturday in UTC
    assert local(next_due(new_york, datetime(2026, 11, 27, 12, 0, tzinfo=UTC)), "America/New_York") == "2026-11-27 20:00 Fri"
    weekends = Schedule("UTC", ("10:00",), "weekends")
    assert local(next_due(weekends, datetime(2026, 11, 25, 6, 0, tzinfo=UTC)), "UTC") == "2026-11-28 10:00 Sat"
    assert describe_schedule("weekends", ("10:00",)) == "every Saturday and Sunday at 10:00"


def test_weekday_digests_keep_quiet_hours_and_pauses() -> None:
    saturday = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    quiet = Schedule("UTC", ("07:00",), "weekdays", quiet=("06:00", "08:00"))
    assert local(next_due(quiet, saturday), "UTC") == "2026-11-30 08:00 Mon"
    paused = Schedule("UTC", ("08:00",), "weekdays", paused_until=datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    assert local(next_due(paused, datetime(2026, 11, 25, 6, 0, tzinfo=UTC)), "UTC") == "2026-11-30 08:00 Mon"


def test_no_digest_is_ever_due_with_digests_off() -> None:
    off = Schedule("UTC", ("08:00",), "off", quiet=("22:00", "07:00"))
    assert next_due(off, datetime(2026, 11, 25, 6, 0, tzinfo=UTC)) is None
    assert used_times("off", ("08:00",)) == () and describe_schedule("off", ("08:00",)) == "off (you get them with /digest now)"


def test_a_digest_quiet_hours_moved_is_told_apart_from_one_at_its_own_time() -> None:
    moved = Schedule("Asia/Tokyo", ("07:00",), quiet=("06:00", "08:00"))
    due = next_due(moved, datetime(2026, 11, 25, 12, 0, tzinfo=UTC))
    assert local(due, "Asia/Tokyo") == "2026-11-26 08:00 Thu" and moved_by_quiet(moved, due)
    own_time = Schedule("Asia/Tokyo", ("08:00",), quiet=("06:00", "08:00"))
    assert not moved_by_quiet(own_time, next_due(own_time, datetime(2026, 11, 25, 12, 0, tzinfo=UTC)))
    assert not moved_by_quiet(Schedule("Asia/Tokyo", ("07:00",)), due)
    hourly = Schedule("UTC", cadence="hourly", quiet=("22:00", "06:30"))
    assert moved_by_quiet(hourly, next_due(hourly, datetime(2026, 11, 25, 23, 0, tzinfo=UTC)))


def test_times_in_quiet_hours_are_the_ones_used() -> None:
    assert times_in_quiet("twice_daily", ("07:00", "19:30"), ("06:00", "08:00")) == ("07:00",)
    assert times_in_quiet("daily", ("23:30", "06:00"), ("22:00", "07:00")) == ("06:00", "23:30")
    assert times_in_quiet("weekly:fri", ("09:00", "07:00"), ("06:00", "08:00")) == ("07:00",)
    assert times_in_quiet("hourly", ("07:00",), ("06:00", "08:00")) == ()
    assert times_in_quiet("daily", ("08:00",), ("06:00", "08:00")) == ()  # they have ended by then
    assert times_in_quiet("daily", ("07:00",), None) == ()


def test_quiet_hours_hold_hourly_digests_when_an_hour_strikes_inside_them() -> None:
    assert hourly_held("hourly", ("22:00", "07:00")) and hourly_held("hourly", ("06:10", "07:10"))
    assert not hourly_held("hourly", ("06:10", "06:50")) and not hourly_held("hourly", None)
    assert not hourly_held("daily", ("22:00", "07:00"))
    hourly = Schedule("UTC", cadence="hourly", quiet=("22:00", "07:00"))
    assert moved_by_quiet(hourly, next_due(hourly, datetime(2026, 11, 25, 21, 30, tzinfo=UTC)))  # 07:00, a stroke too
    assert not moved_by_quiet(hourly, next_due(hourly, datetime(2026, 11, 25, 12, 30, tzinfo=UTC)))
    between = Schedule("UTC", cadence="hourly", quiet=("06:10", "07:00"))  # holds none, though 07:00 ends them
    assert not moved_by_quiet(between, next_due(between, datetime(2026, 11, 25, 6, 30, tzinfo=UTC)))
