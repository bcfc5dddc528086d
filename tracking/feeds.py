"""The training days as an iCalendar (RFC 5545) feed behind a secret, resettable address.

One repeating event per `CalendarSeries`: a change of days, time or zone, or a pause, ended
the old series (here its UNTIL, the last session before the change) and a new one began, so
the past a calendar app shows never moves. Calendar apps refetch every 12 hours."""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from icalendar import Alarm, Calendar, Event, vDuration, vRecur

from tracking import schedule
from tracking.models import CalendarSeries, Program
from tracking.schedule import WEEKDAY_CODES
from tracking.vtimezone import vtimezone

ICAL_DAYS = {code: code[:2].upper() for code in WEEKDAY_CODES}
SESSION_LENGTH = dt.timedelta(minutes=30)
REFRESH = dt.timedelta(hours=12)
WEEK = dt.timedelta(days=7)


def _start(series: CalendarSeries, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, series.reminder_time, series.zone)


def first_session(series: CalendarSeries) -> dt.datetime:
    """DTSTART is the first occurrence (RFC 5545 3.8.5.3), so it is a training day at or after
    the series' start, or calendars show an extra session."""
    day = series.starts_at.astimezone(series.zone).date()
    starts = (_start(series, d) for d in schedule.training_dates(series.weekdays, day, day + WEEK))
    return next(start for start in starts if start >= series.starts_at)


def last_session(series: CalendarSeries) -> dt.datetime | None:
    """The last occurrence that started before the series ended (None while it is open)."""
    if series.ends_at is None:
        return None
    day = series.ends_at.astimezone(series.zone).date()
    starts = (_start(series, d) for d in schedule.training_dates(series.weekdays, day - WEEK, day))
    return [start for start in starts if start < series.ends_at][-1]


def _event(program: Program, series: CalendarSeries) -> Event | None:
    start, last = first_session(series), last_session(series)
    if last is not None and last < start:
        return None  # changed again before its first session: it never happened
    today_url = f"{settings.SITE_URL}{reverse('tracking:today')}"
    event = Event()
    event.add("uid", series.uid)
    event.add("sequence", series.sequence)
    event.add("dtstamp", series.updated_at)
    event.add("last-modified", series.updated_at)
    event.add("summary", "OsteoFit: back exercises")
    event.add("description", f"Your OsteoFit session, one exercise at a time: {today_url}")
    event.add("url", today_url)
    event.add("dtstart", start)
    event.add("dtend", start + SESSION_LENGTH)
    rule = vRecur(freq="WEEKLY", byday=[ICAL_DAYS[code] for code in series.weekday_codes])
    if last is not None:
        rule["until"] = last.astimezone(dt.UTC)  # in UTC beside a DTSTART with TZID (3.3.10)
    event.add("rrule", rule)
    if program.calendar_alarm:
        # Events start at the reminder time, so the alarm is at the start.
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", "Time for your OsteoFit back exercises")
        alarm.add("trigger", dt.timedelta(0))
        event.add_component(alarm)
    return event


def program_calendar(program: Program) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//OsteoFit//Training days//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "OsteoFit training days")
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    zones = []
    for series in program.calendar_series.all():
        event = _event(program, series)
        if event is not None:
            calendar.add_component(event)
            zones += [] if series.timezone in zones else [series.timezone]
    for name in zones:
        calendar.add_component(vtimezone(name))
    return calendar.to_ical()
