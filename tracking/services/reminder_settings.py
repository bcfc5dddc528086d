"""Writes for a person's email settings: reminders, the weekly summary, and its answers."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tracking import schedule
from tracking.models import DeliveryKind, Obstacle, Program, WeekReflection
from tracking.page_cache import records_changed
from tracking.services.calendar import calendar_series_follow


@transaction.atomic
def reminder_settings_update(
    *,
    program: Program,
    reminders_enabled: bool,
    reminder_time: dt.time,
    weekly_summary_enabled: bool,
    weekly_summary_day: int,
) -> Program:
    if not 0 <= weekly_summary_day <= 6:
        raise ValidationError({"weekly_summary_day": "Choose a day from Monday to Sunday."})
    program.reminders_enabled = reminders_enabled
    program.reminder_time = reminder_time
    program.weekly_summary_enabled = weekly_summary_enabled
    program.weekly_summary_day = weekly_summary_day
    program.full_clean()
    program.save()
    calendar_series_follow(program=program)
    records_changed(program.user_id)
    return program


@transaction.atomic
def emails_unsubscribe(*, user_id: int, kind: str) -> int:
    """Stop one kind of email for a person, from a link that needs no password."""
    field = "reminders_enabled" if kind == DeliveryKind.REMINDER else "weekly_summary_enabled"
    updated = Program.objects.filter(user_id=user_id, active=True).update(
        **{field: False, "updated_at": timezone.now()}
    )
    records_changed(user_id)
    return updated


@transaction.atomic
def week_reflection_record(*, user_id: int, week_start: dt.date, obstacle: str) -> WeekReflection:
    """What got in the way in a short week; the next summary offers a matching tip."""
    reflection, _ = WeekReflection.objects.update_or_create(
        user_id=user_id, week_start=week_start, defaults={"obstacle": obstacle}
    )
    records_changed(user_id)
    return reflection


@transaction.atomic
def week_reflection_answer(
    *, program: Program, week_start: dt.date, obstacle: str, today: dt.date | None = None
) -> tuple[WeekReflection, bool]:
    """The same answer from an app: for a week of the program, named by its Monday, that has
    begun. Returns the answer and whether it is the week's first."""
    today = today or timezone.localtime(timezone.now(), program.zone).date()
    if week_start.weekday() != 0:
        error = f"A week starts on a Monday; {week_start:%A %d %B %Y} is not one."
    elif week_start > today:
        error = "That week has not started yet."
    elif week_start < schedule.week_start(program.started_on):
        error = f"Your program started on {program.started_on:%d %B %Y}, after that week."
    else:
        error = None
    if error is not None:
        raise ValidationError({"week_start": error})
    if obstacle not in Obstacle.values:
        raise ValidationError({"obstacle": "Choose one of the answers offered."})
    first = not WeekReflection.objects.filter(
        user_id=program.user_id, week_start=week_start
    ).exists()
    reflection = week_reflection_record(
        user_id=program.user_id, week_start=week_start, obstacle=obstacle
    )
    return reflection, first
