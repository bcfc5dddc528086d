"""The training days as an iCalendar (RFC 5545) feed behind a secret, resettable address."""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event, vRecur

from tracking import schedule
from tracking.models import Program
from tracking.schedule import WEEKDAY_CODES

ICAL_DAYS = {code: code[:2].upper() for code in WEEKDAY_CODES}
SESSION_LENGTH = dt.timedelta(minutes=30)


def program_calendar(program: Program) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//OsteoFit//Training days//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "OsteoFit training days")
    if not program.paused:
        # DTSTART is always the first occurrence (RFC 5545 3.8.5.3), so it must be a training
        # day itself, or calendars show an extra session on the day the program started.
        first_day = schedule.training_dates(
            program.weekdays, program.started_on, program.started_on + dt.timedelta(days=6)
        )[0]
        start = dt.datetime.combine(first_day, program.reminder_time, program.zone)
        event = Event()
        event.add("uid", f"training-{program.pk}@osteofit")
        event.add("summary", "OsteoFit: back exercises")
        event.add(
            "description",
            "Your OsteoFit session, one exercise at a time: "
            f"{settings.SITE_URL}{reverse('tracking:today')}",
        )
        event.add("dtstamp", program.updated_at)
        event.add("dtstart", start)
        event.add("dtend", start + SESSION_LENGTH)
        event.add(
            "rrule",
            vRecur(freq="WEEKLY", byday=[ICAL_DAYS[code] for code in program.weekday_codes]),
        )
        calendar.add_component(event)
        calendar.add_missing_timezones()
    return calendar.to_ical()
