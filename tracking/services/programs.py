"""Writes for programs: starting, changing, pausing and resuming them."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone

from exercises.models import Exercise, LadderRung
from osteofit.timezones import known_timezones
from tracking import schedule
from tracking.ladders import with_exercises
from tracking.models import (
    EventKind,
    PauseReason,
    Prescription,
    Program,
    ProgressionEvent,
    calendar_token_new,
    days_to_mask,
)
from tracking.page_cache import records_changed
from tracking.services.progress import safety_pause

DOCTOR_REQUIRED = (
    "Please confirm that you have asked your doctor which exercises suit you. "
    "Nothing is scheduled until you do."
)


def _program_fields_validate(
    *, doctor_confirmed: bool, training_days: Iterable[str], reminder_time, timezone_name: str
) -> int:
    errors: dict[str, str] = {}
    if not doctor_confirmed:
        errors["doctor_confirmed"] = DOCTOR_REQUIRED
    mask = 0
    try:
        days = schedule.parse_weekdays(list(training_days))
    except ValueError as error:
        errors["training_days"] = str(error)
    else:
        if len(days) not in schedule.TRAINING_DAYS_PER_WEEK:
            fewest, most = (
                min(schedule.TRAINING_DAYS_PER_WEEK),
                max(schedule.TRAINING_DAYS_PER_WEEK),
            )
            errors["training_days"] = (
                f"Choose {fewest} or {most} training days a week (you chose {len(days)}); rest "
                "days in between help muscles and bones recover."
            )
        mask = days_to_mask(days)
    if not isinstance(reminder_time, dt.time):
        errors["reminder_time"] = "Give the reminder time as hours and minutes, like 08:30."
    if timezone_name not in known_timezones():
        errors["timezone"] = f"{timezone_name!r} is not a time zone we know, e.g. Europe/London."
    if errors:
        raise ValidationError(errors)
    return mask


def _exercises_for_program():
    return (
        # A floor alternative only ever replaces its floor exercise; it never joins on its own.
        Exercise.objects.filter(recommended=True, floor_alternative_for__isnull=True)
        .select_related("progression_policy")
        .prefetch_related(Prefetch("rungs", queryset=LadderRung.objects.select_related("band")))
        .order_by("position", "name")
    )


@transaction.atomic
def program_start(
    *,
    user,
    doctor_confirmed: bool,
    recent_fracture: bool,
    training_days: Iterable[str],
    reminder_time: dt.time,
    timezone_name: str,
    reminders_enabled: bool = True,
    today: dt.date | None = None,
) -> Program:
    """Start a person's program with every recommended exercise at the bottom of its ladder."""
    mask = _program_fields_validate(
        doctor_confirmed=doctor_confirmed,
        training_days=training_days,
        reminder_time=reminder_time,
        timezone_name=timezone_name,
    )
    if Program.objects.select_for_update().filter(user=user, active=True).exists():
        raise ValidationError(
            "You already have a program. Change its days and times in your program settings."
        )
    zone = zoneinfo.ZoneInfo(timezone_name)
    program = Program(
        user=user,
        doctor_confirmed=True,
        recent_fracture=recent_fracture,
        training_days=mask,
        reminder_time=reminder_time,
        timezone=timezone_name,
        reminders_enabled=reminders_enabled,
        started_on=today or timezone.localtime(timezone.now(), zone).date(),
    )
    program.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            program.save()
    except IntegrityError:
        raise ValidationError(
            "You already have a program. Change its days and times in your program settings."
        ) from None
    Prescription.objects.bulk_create(
        Prescription(program=program, exercise=exercise, rung=0, position=n)
        for n, exercise in enumerate(_exercises_for_program())
    )
    if user.timezone != timezone_name:
        user.timezone = timezone_name
        user.save(update_fields=["timezone"])
    records_changed(user.pk)
    return program


@transaction.atomic
def program_update(
    *,
    program: Program,
    doctor_confirmed: bool,
    recent_fracture: bool,
    training_days: Iterable[str],
    reminder_time: dt.time,
    timezone_name: str,
    reminders_enabled: bool,
) -> Program:
    program.training_days = _program_fields_validate(
        doctor_confirmed=doctor_confirmed,
        training_days=training_days,
        reminder_time=reminder_time,
        timezone_name=timezone_name,
    )
    program.recent_fracture = recent_fracture
    program.reminder_time = reminder_time
    program.timezone = timezone_name
    program.reminders_enabled = reminders_enabled
    program.full_clean()
    program.save()
    if program.user.timezone != timezone_name:
        program.user.timezone = timezone_name
        program.user.save(update_fields=["timezone"])
    records_changed(program.user_id)
    return program


@transaction.atomic
def program_put(
    *, user, paused: bool | None = None, seen_doctor: bool = False, **fields
) -> tuple[Program, bool]:
    """Start the person's program or change it, in one transaction, and pause or resume it when
    `paused` says so (None keeps it as it is). Returns the program and whether it is new."""
    program = Program.objects.select_for_update().filter(user=user, active=True).first()
    if program is None:
        program, created = program_start(user=user, **fields), True
    else:
        program, created = program_update(program=program, **fields), False
    if paused:
        program_pause(program=program)
    elif paused is False and program.paused:
        program_resume(program=program, seen_doctor=seen_doctor)
    return program, created


@transaction.atomic
def program_pause(*, program: Program) -> Program:
    """Pause by choice (a holiday, a cold): no reminders, nothing counted as missed."""
    if program.paused:
        return program
    program.paused = True
    program.pause_reason = PauseReason.CHOSEN
    program.paused_at = timezone.now()
    program.save(update_fields=["paused", "pause_reason", "paused_at", "updated_at"])
    records_changed(program.user_id)
    return program


@transaction.atomic
def program_resume(*, program: Program, seen_doctor: bool = False) -> Program:
    """Resume. After a safety pause the person must confirm they have taken medical advice."""
    if not program.paused:
        return program
    if program.paused_for_safety and not seen_doctor:
        raise ValidationError(
            {
                "seen_doctor": (
                    "Your program was paused because of pain or a warning sign. Please confirm "
                    "that you have seen your doctor or physiotherapist and they are happy for "
                    "you to carry on."
                )
            }
        )
    if program.paused_for_safety:
        ProgressionEvent.objects.create(
            program=program,
            kind=EventKind.RESUME,
            reason="seen_doctor",
            message=(
                "You confirmed you have taken medical advice, so your program is running again."
            ),
            occurred_at=timezone.now(),
        )
    program.paused = False
    program.pause_reason = ""
    program.paused_at = None
    program.save(update_fields=["paused", "pause_reason", "paused_at", "updated_at"])
    records_changed(program.user_id)
    return program


@transaction.atomic
def program_safety_stop(*, program: Program) -> Program:
    """A warning sign reported before exercising (the guided session's check-in): the program
    stops for safety, as it does when a logged session reports one."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    if not program.paused_for_safety:
        with_exercises(program.prescriptions.all())
        safety_pause(program, session=None, reason="red_flag", moment=timezone.now())
        records_changed(program.user_id)
    return program


@transaction.atomic
def calendar_token_reset(*, program: Program) -> Program:
    """A new secret feed address; calendar apps holding the old one stop receiving updates."""
    program.calendar_token = calendar_token_new()
    program.save(update_fields=["calendar_token", "updated_at"])
    records_changed(program.user_id)
    return program
