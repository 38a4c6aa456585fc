"""Digest due times in the reader's own time zone: local 08:00 stays 08:00, quiet hours defer."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from news.schedule import Schedule, ScheduleError, defer_for_quiet, next_due, parse_cadence, parse_duration, parse_hhmm

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


@pytest.mark.parametrize(("text", "expected"), [("8:00", "08:00"), ("19.30", "19:30"), ("0730", "07:30")])
def test_times_people_type(text: str, expected: str) -> None:
    assert parse_hhmm(text) == expected


@pytest.mark.parametrize("bad", [pytest.param("25:00", id="hour"), pytest.param("noon", id="word"), pytest.param("8", id="no-minutes")])
def test_bad_times_explain_the_format(bad: str) -> None:
    with pytest.raises(ScheduleError, match="HH:MM"):
        parse_hhmm(bad)


def test_durations_and_cadence_words() -> None:
    assert parse_duration("3d").days == 3 and parse_duration("12h").seconds == 12 * 3600
    assert parse_cadence(["weekly", "Friday"]) == "weekly:fri"
    with pytest.raises(ScheduleError):
        parse_duration("soon")
