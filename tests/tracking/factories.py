"""Programs and sessions for tracking tests, made through the services wherever the services'
own work (prescriptions, progression, events) is part of what a test relies on.

Dates are deterministic: programs start a fixed number of days before today in their own time
zone (`today=`), and sessions are placed at times relative to `timezone.now()`, so no clock has
to be frozen.
"""

import datetime as dt
import zoneinfo

import factory
from django.utils import timezone

from exercises.models import Exercise
from tests.factories import UserFactory
from tracking import selectors, services
from tracking.models import Entry, Program, Session
from tracking.schedule import WEEKDAY_CODES

ZONE = "Europe/London"
STARTED_DAYS_AGO = 60
COMFORTABLE = {"pain_before": 1, "pain_after": 1, "effort": 4, "red_flag": False}


def local_today(zone: str = ZONE) -> dt.date:
    return timezone.localtime(timezone.now(), zoneinfo.ZoneInfo(zone)).date()


def days_including_today(count: int = 3, zone: str = ZONE) -> list[str]:
    """Training days that make today a training day, spaced out through the week."""
    today = local_today(zone).weekday()
    return [WEEKDAY_CODES[(today + 2 * n) % 7] for n in range(count)]


def days_excluding_today(zone: str = ZONE) -> list[str]:
    """Three training days none of which is today, so today only the daily stretches are due."""
    today = local_today(zone).weekday()
    return [WEEKDAY_CODES[(today + n) % 7] for n in (1, 3, 5)]


class ProgramFactory(factory.Factory):
    """A program started through `program_start`, so it has its starting prescriptions.

    It starts STARTED_DAYS_AGO days ago, so sessions may be logged in the recent past.
    """

    class Meta:
        model = Program

    user = factory.SubFactory(UserFactory)
    doctor_confirmed = True
    floor_ok = True
    spinal_fracture = False
    training_days = ("mon", "wed", "fri")
    reminder_time = dt.time(9, 0)
    timezone_name = ZONE
    reminders_enabled = True
    today = factory.LazyAttribute(
        lambda o: local_today(o.timezone_name) - dt.timedelta(days=STARTED_DAYS_AGO)
    )

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise NotImplementedError("A program only exists once started; use ProgramFactory().")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.program_start(**kwargs)


def prescribed_entries(program: Program, *, only=None) -> list[services.EntryInput]:
    """Exactly what the program prescribes today for each exercise (or the slugs in `only`)."""
    program = selectors.program_active(program.user)
    return [
        services.EntryInput(
            exercise=item.exercise.slug,
            sets=item.rung.sets,
            reps=item.rung.reps,
            hold_seconds=item.rung.hold_seconds,
            band=item.rung.band,
        )
        for item in selectors.program_items(program)
        if only is None or item.exercise.slug in only
    ]


def hours_ago(hours: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(hours=hours)


def earlier_today(zone: str = ZONE, *, part: float = 0.5) -> dt.datetime:
    """A moment already past that is still today in the zone, whatever the time of day: the
    given part of the way from midnight to now."""
    now = timezone.now()
    local = timezone.localtime(now, zoneinfo.ZoneInfo(zone))
    # In UTC, so the arithmetic counts real time even on the day the clocks change.
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(dt.UTC)
    return midnight + (now - midnight) * part


def local_noon(days_ago: int, zone: str = ZONE) -> dt.datetime:
    day = local_today(zone) - dt.timedelta(days=days_ago)
    return dt.datetime.combine(day, dt.time(12, 0), zoneinfo.ZoneInfo(zone))


def session_logged(program: Program, *, performed_at=None, entries=None, **fields) -> Session:
    """One session through `session_log`, by default the full prescription done comfortably
    earlier today (after any made by `sessions_logged`). It is logged as if right after it
    was done (`now`), so a history of any length stays inside the backdating window; pass
    `now=` to log it later."""
    performed_at = performed_at or earlier_today(program.timezone, part=0.75)
    fields.setdefault("now", min(performed_at + dt.timedelta(minutes=1), timezone.now()))
    return services.session_log(
        user=program.user,
        performed_at=performed_at,
        entries=entries if entries is not None else prescribed_entries(program),
        **{**COMFORTABLE, **fields},
    )


def sessions_logged(program: Program, count: int, *, days_apart: int = 2, **fields) -> list:
    """`count` sessions through `session_log`, oldest first, the last earlier today, each doing
    what was prescribed at the time."""
    last = earlier_today(program.timezone)
    return [
        session_logged(
            program,
            performed_at=last - dt.timedelta(days=days_apart * (count - 1 - n)),
            **fields,
        )
        for n in range(count)
    ]


def moments_on_day(days_ago: int, count: int, zone: str = ZONE) -> list[dt.datetime]:
    """`count` moments, in order, on the local day `days_ago` days before today: spread from
    08:00 on a past day, and already past (before `session_logged`'s default) today."""
    if days_ago == 0:
        return [earlier_today(zone, part=0.7 * (n + 1) / (count + 1)) for n in range(count)]
    day = local_today(zone) - dt.timedelta(days=days_ago)
    first = dt.datetime.combine(day, dt.time(8, 0), zoneinfo.ZoneInfo(zone))
    return [first + dt.timedelta(hours=12 * n / count) for n in range(count)]


def days_logged(program: Program, days_ago, *, per_day: int = 1, **fields) -> list[Session]:
    """Sessions through `session_log` on each local day in `days_ago` (oldest first, e.g.
    [4, 2, 0]), `per_day` of them on each (a twice-a-day rung needs two), each doing what was
    prescribed at the time and logged right after it was done."""
    return [
        session_logged(program, performed_at=moment, **fields)
        for ago in days_ago
        for moment in moments_on_day(ago, per_day, program.timezone)
    ]


def sessions_bulk_created(program: Program, count: int) -> list[Session]:
    """`count` sessions with two entries each, written straight to the database (no
    progression), one a day at local noon ending yesterday, oldest first: for tests of how
    pages list and scale, not of rules."""
    exercises = list(Exercise.objects.filter(slug__in=["back-extension", "knee-lifts"]))
    today = local_today(program.timezone)
    days = [today - dt.timedelta(days=count - n) for n in range(count)]
    sessions = Session.objects.bulk_create(
        Session(
            user=program.user,
            program=program,
            performed_at=dt.datetime.combine(day, dt.time(12, 0), program.zone),
            local_date=day,
            pain_before=1,
            pain_after=2,
            effort=5,
            notes=f"Session {n}",
        )
        for n, day in enumerate(days)
    )
    Entry.objects.bulk_create(
        Entry(session=session, exercise=exercise, sets=1, reps=6)
        for session in sessions
        for exercise in exercises
    )
    return sessions
