"""The calendar feed, parsed back with icalendar: past sessions stay where they were whatever
changes, and each stretch of the schedule is its own repeating event."""

import datetime as dt
import importlib
import zoneinfo

import pytest
from dateutil.rrule import rrulestr
from django.apps import apps as global_apps
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.tracking.factories import ZONE, ProgramFactory
from tracking import services
from tracking.models import CalendarSeries, PauseReason, Program

pytestmark = pytest.mark.django_db

HORIZON = dt.timedelta(days=60)


def feed(client, program) -> Calendar:
    response = client.get(reverse("tracking:calendar_feed", args=[program.calendar_token]))
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def sessions(calendar: Calendar) -> list[dt.datetime]:
    """Every session the feed puts in a calendar up to HORIZON from now, in order."""
    end = timezone.now() + HORIZON
    starts = []
    for event in calendar.walk("VEVENT"):
        start = event.decoded("dtstart")
        rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=start)
        starts += rule.between(start - dt.timedelta(seconds=1), end, inc=True)
    return sorted(starts)


def past(starts: list[dt.datetime], moment: dt.datetime) -> list[dt.datetime]:
    return [start for start in starts if start < moment]


def future(starts: list[dt.datetime], moment: dt.datetime) -> list[dt.datetime]:
    return [start for start in starts if start >= moment]


def settings_of(program: Program, **changes) -> dict:
    return {
        "doctor_confirmed": True,
        "floor_ok": program.floor_ok,
        "spinal_fracture": program.spinal_fracture,
        "training_days": program.weekday_codes,
        "reminder_time": program.reminder_time,
        "timezone_name": program.timezone,
        "reminders_enabled": program.reminders_enabled,
        **changes,
    }


@pytest.mark.parametrize(
    "change",
    [
        {"training_days": ["tue", "thu", "sat"]},
        {"reminder_time": dt.time(17, 30)},
        {"timezone_name": "America/New_York"},
    ],
    ids=["days", "time", "zone"],
)
def test_a_change_of_days_time_or_zone_leaves_past_sessions_where_they_were(client, change):
    program = ProgramFactory(training_days=["mon", "wed", "fri"], reminder_time=dt.time(9, 0))
    before = sessions(feed(client, program))

    services.program_update(program=program, **settings_of(program, **change))
    changed_at = timezone.now()
    calendar = feed(client, program)

    after = sessions(calendar)
    assert past(after, changed_at) == past(before, changed_at)
    assert future(after, changed_at) != future(before, changed_at)
    old, new = calendar.walk("VEVENT")
    assert old["uid"] != new["uid"]
    until = old["rrule"]["UNTIL"][0]
    assert until == past(before, changed_at)[-1]
    assert until.utcoffset() == dt.timedelta(0)  # UTC beside a DTSTART with TZID
    assert "UNTIL" not in new["rrule"]
    assert (old["sequence"], new["sequence"]) == (1, 0)


def test_the_new_series_follows_the_new_days_and_time_in_the_new_zone(client):
    program = ProgramFactory(training_days=["mon", "wed", "fri"])

    services.program_update(
        program=program,
        **settings_of(
            program,
            training_days=["tue", "thu", "sat"],
            reminder_time=dt.time(17, 30),
            timezone_name="America/New_York",
        ),
    )

    new = feed(client, program).walk("VEVENT")[-1]
    starts = sessions(Calendar.from_ical(new.to_ical()))
    zone = zoneinfo.ZoneInfo("America/New_York")
    assert {start.astimezone(zone).strftime("%a %H:%M") for start in starts} == {
        "Tue 17:30",
        "Thu 17:30",
        "Sat 17:30",
    }
    assert str(new.decoded("dtstart").tzinfo) == "America/New_York"


def test_a_pause_keeps_the_past_and_shows_nothing_after_it(client):
    program = ProgramFactory()
    before = sessions(feed(client, program))

    services.program_pause(program=program)
    paused_at = timezone.now()

    after = sessions(feed(client, program))
    assert after == past(before, paused_at)
    assert after  # the sessions before the pause are still there


def test_a_resume_starts_a_new_series_without_the_paused_weeks(client):
    program = ProgramFactory()
    services.program_pause(program=program)
    paused_at = timezone.now()
    CalendarSeries.objects.filter(program=program).update(
        starts_at=paused_at - dt.timedelta(days=60), ends_at=paused_at - dt.timedelta(days=14)
    )
    before = sessions(feed(client, program))

    services.program_resume(program=program)
    resumed_at = timezone.now()

    calendar = feed(client, program)
    after = sessions(calendar)
    assert past(after, resumed_at) == before
    assert not [s for s in after if paused_at - dt.timedelta(days=14) <= s < resumed_at]
    assert future(after, resumed_at)
    assert len(calendar.walk("VEVENT")) == 2


def test_a_safety_stop_ends_the_series_too(client):
    program = ProgramFactory()

    services.program_safety_stop(program=program)

    assert future(sessions(feed(client, program)), timezone.now()) == []


def test_saving_the_same_settings_keeps_one_series(client):
    program = ProgramFactory()

    services.program_update(program=program, **settings_of(program))
    services.reminder_settings_update(
        program=program,
        reminders_enabled=False,
        reminder_time=program.reminder_time,
        weekly_summary_enabled=True,
        weekly_summary_day=6,
    )

    assert len(feed(client, program).walk("VEVENT")) == 1


def test_a_reminder_time_changed_in_the_reminder_settings_starts_a_new_series(client):
    program = ProgramFactory(reminder_time=dt.time(9, 0))

    services.reminder_settings_update(
        program=program,
        reminders_enabled=True,
        reminder_time=dt.time(19, 0),
        weekly_summary_enabled=True,
        weekly_summary_day=6,
    )

    old, new = feed(client, program).walk("VEVENT")
    assert new.decoded("dtstart").time() == dt.time(19, 0)
    assert "UNTIL" in old["rrule"]


def test_each_event_has_sequence_last_modified_a_link_to_today_and_an_alarm_at_its_start(
    client, settings
):
    settings.SITE_URL = "https://osteofit.example"
    program = ProgramFactory(reminder_time=dt.time(8, 15))

    calendar = feed(client, program)

    [event] = calendar.walk("VEVENT")
    assert event["sequence"] == 0
    assert event.decoded("last-modified") == event.decoded("dtstamp")
    assert str(event["url"]) == "https://osteofit.example/today/"
    assert "https://osteofit.example/today/" in str(event["description"])
    [alarm] = event.walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY"
    assert alarm.decoded("trigger") == dt.timedelta(0)
    assert event.decoded("dtstart").time() == dt.time(8, 15)  # the reminder time


def test_the_alarm_can_be_left_out_and_that_is_a_new_version_of_the_event(client):
    program = ProgramFactory()

    services.calendar_alarm_set(program=program, enabled=False)

    [event] = feed(client, program).walk("VEVENT")
    assert event.walk("VALARM") == []
    assert event["sequence"] == 1


def test_calendar_apps_are_asked_to_refresh_every_12_hours(client):
    body = client.get(
        reverse("tracking:calendar_feed", args=[ProgramFactory().calendar_token])
    ).content.decode()

    assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H" in body
    assert "X-PUBLISHED-TTL:PT12H" in body


@pytest.mark.parametrize("zone", [ZONE, "America/New_York", "Australia/Sydney", "Asia/Kolkata"])
def test_the_time_zone_has_no_end_year(client, zone):
    program = ProgramFactory(timezone_name=zone)

    [vtimezone] = feed(client, program).walk("VTIMEZONE")

    text = vtimezone.to_ical().decode()
    assert str(vtimezone["tzid"]) == zone
    assert "UNTIL" not in text
    assert "RDATE" not in text
    assert (
        all(part.get("rrule") for part in vtimezone.subcomponents)
        or len(vtimezone.subcomponents) == 1
    )


def test_the_time_zone_gives_the_right_offsets_long_after_2038(client):
    program = ProgramFactory(timezone_name=ZONE)
    [vtimezone] = feed(client, program).walk("VTIMEZONE")

    zone = vtimezone.to_tz()
    assert dt.datetime(2050, 7, 1, 12, tzinfo=zone).utcoffset() == dt.timedelta(hours=1)
    assert dt.datetime(2050, 1, 1, 12, tzinfo=zone).utcoffset() == dt.timedelta(0)


def test_the_migration_gives_each_program_one_series_with_its_old_uid(django_db_blocker):
    migration = importlib.import_module("tracking.migrations.0011_calendar_series")
    running = ProgramFactory()
    paused = ProgramFactory()
    Program.objects.filter(pk=paused.pk).update(
        paused=True, pause_reason=PauseReason.CHOSEN, paused_at=timezone.now()
    )
    CalendarSeries.objects.all().delete()

    migration.series_from_programs(global_apps, None)

    by_program = {s.program_id: s for s in CalendarSeries.objects.all()}
    assert by_program[running.pk].uid == f"training-{running.pk}@osteofit"
    assert by_program[running.pk].ends_at is None
    assert by_program[paused.pk].ends_at is not None
    assert by_program[paused.pk].sequence == 1
    start = by_program[running.pk].starts_at.astimezone(running.zone)
    assert (start.date(), start.time()) == (running.started_on, dt.time.min)
