"""Writes for the calendar feed's history: the program's schedule as a chain of series.

A calendar app keeps what a feed once said only while the feed still says it, so rewriting a
repeating event rewrites the person's past. Each change of days, time or zone, and each pause,
ends the open series where it stands (the feed gives it an UNTIL); running again starts a new
one. Every writer of those fields calls `calendar_series_follow` after saving the program."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone

from tracking.models import CalendarSeries, Program
from tracking.page_cache import records_changed


def _schedule(holder: Program | CalendarSeries) -> tuple[int, dt.time, str]:
    return holder.training_days, holder.reminder_time, holder.timezone


@transaction.atomic
def calendar_series_follow(
    *, program: Program, now: dt.datetime | None = None, starts_at: dt.datetime | None = None
) -> CalendarSeries | None:
    """Bring the series in line with the program as saved; returns the open series, if any.
    `starts_at` is where a new series begins (the program's first day at its start; `now`
    otherwise)."""
    now = now or timezone.now()
    open_series = (
        CalendarSeries.objects.select_for_update()
        .filter(program=program, ends_at__isnull=True)
        .first()
    )
    if open_series is not None and (program.paused or _schedule(open_series) != _schedule(program)):
        open_series.ends_at = max(now, open_series.starts_at)
        open_series.sequence += 1
        open_series.save(update_fields=["ends_at", "sequence", "updated_at"])
        open_series = None
    if open_series is None and not program.paused:
        open_series = CalendarSeries.objects.create(
            program=program,
            uid=f"training-{program.pk}-{secrets.token_hex(6)}@osteofit",
            training_days=program.training_days,
            reminder_time=program.reminder_time,
            timezone=program.timezone,
            starts_at=starts_at or now,
        )
    return open_series


@transaction.atomic
def calendar_alarm_set(*, program: Program, enabled: bool) -> Program:
    """ "Remind me in my calendar too": every event of the feed gains or loses its alarm, so
    each series is a new version of its event."""
    if program.calendar_alarm != enabled:
        program.calendar_alarm = enabled
        program.save(update_fields=["calendar_alarm", "updated_at"])
        for series in program.calendar_series.select_for_update():
            series.sequence += 1
            series.save(update_fields=["sequence", "updated_at"])
        records_changed(program.user_id)
    return program
