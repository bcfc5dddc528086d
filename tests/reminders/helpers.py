"""Programs, sessions, clocks and emails for the reminder tests.

Dates are fixed: programs start on START through `program_start`, sessions are logged at given
local times with `tests.tracking.factories.session_logged` (the full prescription done
comfortably, through `session_log`, as if entered a minute later), and the dispatcher and
sender get explicit `now=` instants, so no clock is frozen. The few tests that go through Celery
(whose tasks read the real clock) use `due_now_program`, a program whose reminder is due at the
real present moment.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

from django.core import mail
from django.utils import timezone

from osteofit.celery import app as celery_app
from tests.factories import UserFactory
from tests.tracking.factories import local_today
from tracking import services
from tracking.models import Delivery, DeliveryKind, DeliveryStatus, Obstacle, Program
from tracking.schedule import WEEKDAY_CODES

START = dt.date(2026, 1, 5)  # a Monday, well before every day these tests look at
MONDAY = dt.date(2026, 6, 8)
TUESDAY = dt.date(2026, 6, 9)
WEDNESDAY = dt.date(2026, 6, 10)
THURSDAY = dt.date(2026, 6, 11)
SUNDAY = dt.date(2026, 6, 14)
LONDON = "Europe/London"
EIGHT = dt.time(8, 0)


def at(zone: str, day: dt.date, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    """A wall-clock time in a zone, as the UTC instant a dispatcher sees."""
    local = dt.datetime.combine(day, dt.time(hour, minute, second), zoneinfo.ZoneInfo(zone))
    return local.astimezone(dt.UTC)


def days_with(day: dt.date) -> list[str]:
    """Three training days, spaced out through the week, one of them the weekday of `day`."""
    return [WEEKDAY_CODES[(day.weekday() + offset) % 7] for offset in (0, 2, 4)]


def days_without(day: dt.date) -> list[str]:
    """Three training days none of which is the weekday of `day`."""
    return [WEEKDAY_CODES[(day.weekday() + offset) % 7] for offset in (1, 3, 5)]


def program_for(
    user=None,
    *,
    zone: str = LONDON,
    reminder: dt.time = EIGHT,
    days=("mon", "wed", "fri"),
    started: dt.date = START,
    summary: bool = False,
    summary_day: int = 6,
    **user_fields,
) -> Program:
    """A program started through `program_start`. Weekly summaries are off unless asked for, so
    tests about training-day reminders see only reminders on a Sunday too."""
    user = user or UserFactory(**user_fields)
    program = services.program_start(
        user=user,
        doctor_confirmed=True,
        floor_ok=True,
        spinal_fracture=False,
        training_days=list(days),
        reminder_time=reminder,
        timezone_name=zone,
        today=started,
    )
    if not summary or summary_day != program.weekly_summary_day:
        program = services.reminder_settings_update(
            program=program,
            reminders_enabled=True,
            reminder_time=reminder,
            weekly_summary_enabled=summary,
            weekly_summary_day=summary_day,
        )
    return program


def delivery_recorded(
    program: Program,
    day: dt.date,
    status: str,
    kind: str = DeliveryKind.REMINDER,
    detail: str = "",
) -> Delivery:
    """A delivery row as the dispatcher and the sender leave it, written straight to the
    database: due at 08:00 on the local `day`, expiring 13 hours later, and sent at its due time
    when its status says so."""
    due_at = at(program.timezone, day, 8, 0)
    return Delivery.objects.create(
        user=program.user,
        program=program,
        kind=kind,
        local_date=day,
        status=status,
        detail=detail,
        due_at=due_at,
        expires_at=due_at + dt.timedelta(hours=13),
        sent_at=due_at if status == DeliveryStatus.SENT else None,
    )


def reminder_sent_and_week_answered(user) -> None:
    """A reminder sent today and an answer to last week's summary: the rows the email side
    writes for a person, which their data download must carry and deleting the account must
    remove like the rest."""
    program = Program.objects.get(user=user)
    today = local_today(program.timezone)
    delivery_recorded(program, today, DeliveryStatus.SENT)
    services.week_reflection_record(
        user_id=user.pk, week_start=today - dt.timedelta(days=7), obstacle=Obstacle.NO_TIME
    )


def reminders_by_user() -> dict[int, Delivery]:
    return {d.user_id: d for d in Delivery.objects.filter(kind=DeliveryKind.REMINDER)}


# --- the real present, for tests that go through Celery -----------------------------------------

_DAYTIME_CANDIDATES = ("Europe/London", "America/New_York", "Asia/Tokyo", "Asia/Kolkata")


def zone_in_daytime(now: dt.datetime) -> str:
    """A zone where it is now between 06:00 and 19:00, so a reminder due now has hours to go
    before its cut-off and cannot slip into another day while a test runs."""
    for name in _DAYTIME_CANDIDATES:
        if 6 <= now.astimezone(zoneinfo.ZoneInfo(name)).hour < 19:
            return name
    raise AssertionError("London, New York, Tokyo and Kolkata together cover every hour.")


def due_now_program(user=None, **user_fields) -> Program:
    """A program whose training-day reminder fell due a minute ago, by the real clock."""
    now = timezone.now()
    zone = zone_in_daytime(now)
    local = now.astimezone(zoneinfo.ZoneInfo(zone)) - dt.timedelta(minutes=1)
    return program_for(
        user,
        zone=zone,
        reminder=local.time().replace(second=0, microsecond=0),
        days=days_with(local.date()),
        started=local.date() - dt.timedelta(days=30),
        **user_fields,
    )


# --- reading emails ---------------------------------------------------------------------------


def html_of(message: mail.EmailMultiAlternatives) -> str:
    (html,) = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    return html


def link_in(text: str, name: str) -> str:
    """The first absolute link to one of the email pages (`log`, `unsubscribe`, `week`)."""
    match = re.search(rf"https?://[^\s\"<>]+/r/{name}/[^\s\"<>]+/", text)
    assert match, f"no /r/{name}/ link in:\n{text}"
    return match.group(0)


def token_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[1]


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def forget_broker_connections() -> None:
    """Make the next message open a connection with the broker settings as they are now."""
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
