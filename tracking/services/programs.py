"""Writes for programs: starting, changing, pausing and resuming them."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from exercises.models import Exercise
from osteofit.timezones import known_timezones
from tracking import composition, schedule
from tracking.ladders import answers_of, with_exercises
from tracking.models import (
    Ceiling,
    Entry,
    EventKind,
    PauseReason,
    Prescription,
    Program,
    ProgressionEvent,
    calendar_token_new,
    days_to_mask,
)
from tracking.page_cache import records_changed
from tracking.services.calendar import calendar_series_follow
from tracking.services.progress import replay, safety_pause
from tracking.services.sessions import PAUSED_FOR_SAFETY

DOCTOR_REQUIRED = (
    "Please confirm that you have asked your doctor which exercises suit you. "
    "Nothing is scheduled until you do."
)
FLOOR_OK_REQUIRED = (
    "Please answer: can you get down to the floor and up again safely on your own? We use it "
    "to choose standing or seated exercises instead of floor ones."
)
SPINAL_FRACTURE_REQUIRED = (
    "Please answer: have you ever had a fracture in your spine? It decides which exercises and "
    "bands are safe to start with."
)


def _program_fields_validate(
    *,
    doctor_confirmed: bool,
    floor_ok: bool | None,
    spinal_fracture: bool | None,
    training_days: Iterable[str],
    reminder_time,
    timezone_name: str,
) -> int:
    errors: dict[str, str] = {}
    if not doctor_confirmed:
        errors["doctor_confirmed"] = DOCTOR_REQUIRED
    # Safety answers are asked, never assumed: a missing one is an error, not a default.
    if not isinstance(floor_ok, bool):
        errors["floor_ok"] = FLOOR_OK_REQUIRED
    if not isinstance(spinal_fracture, bool):
        errors["spinal_fracture"] = SPINAL_FRACTURE_REQUIRED
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


def _exercises_for_program() -> list[Exercise]:
    """The recommended exercises, in order, with the alternatives that may stand in for them."""
    return list(
        Exercise.objects.filter(Q(recommended=True) | Q(floor_alternative_for__recommended=True))
        .distinct()
        .select_related("floor_alternative")
        .order_by("position", "name")
    )


def _composed(program: Program) -> list[Exercise]:
    exercises = _exercises_for_program()
    candidates = [
        composition.Candidate(
            slug=e.slug,
            on_floor=e.on_floor,
            floor_alternative=e.floor_alternative.slug if e.floor_alternative_id else None,
        )
        for e in exercises
        if e.recommended
    ]
    by_slug = {e.slug: e for e in exercises}
    return [by_slug[slug] for slug in composition.compose(candidates, answers_of(program))]


def program_compose(*, program: Program, today: dt.date | None = None) -> Program:
    """Make the program hold what its answers allow (`tracking.composition`), and bring each
    exercise's place back in line with the ladder those answers allow.

    Exercises that leave lose their prescription row; their sessions, events and ceilings stay
    (history and replay read those, never the row). An exercise that comes back after earlier
    sessions comes in at its first rung: a ceiling at rung 0 from today, so neither its old
    days nor any replay lift it until it has earned its run of comfortable days again."""
    now = timezone.now()
    today = today or timezone.localtime(now, program.zone).date()
    wanted = _composed(program)
    wanted_ids = [e.pk for e in wanted]
    current = {p.exercise_id: p for p in Prescription.objects.filter(program=program)}
    leaving = [pk for pk in current if pk not in wanted_ids]
    if leaving:
        Prescription.objects.filter(program=program, exercise_id__in=leaving).delete()
    arriving = [pk for pk in wanted_ids if pk not in current]
    returning = set(
        Entry.objects.filter(session__program=program, exercise_id__in=arriving)
        .values_list("exercise_id", flat=True)
        .distinct()
    )
    Ceiling.objects.bulk_create(
        Ceiling(
            program=program,
            exercise_id=pk,
            rung=0,
            since=now,
            local_date=today,
            reason=composition.RETURNS_AT_START,
        )
        for pk in returning
    )
    Prescription.objects.bulk_create(
        Prescription(program=program, exercise_id=pk, rung=0, position=wanted_ids.index(pk))
        for pk in arriving
    )
    kept = [current[pk] for pk in wanted_ids if pk in current]
    for prescription in kept:
        prescription.position = wanted_ids.index(prescription.exercise_id)
    Prescription.objects.bulk_update(kept, ["position"])
    if program.sessions.exists() or returning:
        program = (
            Program.objects.filter(pk=program.pk)
            .prefetch_related(
                Prefetch("prescriptions", queryset=Prescription.objects.order_by("position"))
            )
            .get()
        )
        with_exercises(program.prescriptions.all())
        replay(program)
    records_changed(program.user_id)
    return program


def _physio_cleared_on(
    program: Program, physio_cleared: bool | None, today: dt.date
) -> dt.date | None:
    """The go-ahead's date: kept while it stands, today when newly said, none when taken back."""
    if physio_cleared is None:
        return program.physio_cleared_on
    if not physio_cleared:
        return None
    return program.physio_cleared_on or today


@transaction.atomic
def program_start(
    *,
    user,
    doctor_confirmed: bool,
    floor_ok: bool | None,
    spinal_fracture: bool | None,
    training_days: Iterable[str],
    reminder_time: dt.time,
    timezone_name: str,
    reminders_enabled: bool = True,
    physio_cleared: bool | None = None,
    today: dt.date | None = None,
) -> Program:
    """Start a person's program with the exercises their answers allow (see
    `tracking.composition`), each at the bottom of its ladder."""
    mask = _program_fields_validate(
        doctor_confirmed=doctor_confirmed,
        floor_ok=floor_ok,
        spinal_fracture=spinal_fracture,
        training_days=training_days,
        reminder_time=reminder_time,
        timezone_name=timezone_name,
    )
    if Program.objects.select_for_update().filter(user=user, active=True).exists():
        raise ValidationError(
            "You already have a program. Change its days and times in your program settings."
        )
    zone = zoneinfo.ZoneInfo(timezone_name)
    today = today or timezone.localtime(timezone.now(), zone).date()
    program = Program(
        user=user,
        doctor_confirmed=True,
        floor_ok=floor_ok,
        floor_answered_at=timezone.now(),
        spinal_fracture=spinal_fracture,
        physio_cleared_on=today if physio_cleared else None,
        training_days=mask,
        reminder_time=reminder_time,
        timezone=timezone_name,
        reminders_enabled=reminders_enabled,
        started_on=today,
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
        for n, exercise in enumerate(_composed(program))
    )
    calendar_series_follow(program=program, starts_at=dt.datetime.combine(today, dt.time.min, zone))
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
    floor_ok: bool | None,
    spinal_fracture: bool | None,
    training_days: Iterable[str],
    timezone_name: str,
    reminder_time: dt.time | None = None,
    reminders_enabled: bool | None = None,
    physio_cleared: bool | None = None,
    floor_asked: bool = True,
    today: dt.date | None = None,
) -> Program:
    """Change the program. When an answer about the floor, a fracture or the physiotherapist's
    go-ahead changes, the program is composed again (`program_compose`). `physio_cleared`,
    `reminder_time` and `reminders_enabled` None keep them as they are (the browser's program
    settings leave reminders to the reminders page, `reminder_settings_update`).
    `floor_asked` False: `floor_ok` is the stored one kept (an API change that left it out), so
    it does not count as the person's answer."""
    if reminder_time is None:
        reminder_time = program.reminder_time
    if reminders_enabled is None:
        reminders_enabled = program.reminders_enabled
    program.training_days = _program_fields_validate(
        doctor_confirmed=doctor_confirmed,
        floor_ok=floor_ok,
        spinal_fracture=spinal_fracture,
        training_days=training_days,
        reminder_time=reminder_time,
        timezone_name=timezone_name,
    )
    before = answers_of(program)
    today = today or timezone.localtime(timezone.now(), zoneinfo.ZoneInfo(timezone_name)).date()
    if floor_asked and (floor_ok != program.floor_ok or program.floor_unanswered):
        program.floor_answered_at = timezone.now()  # the person gave the answer just now
    program.floor_ok = floor_ok
    program.spinal_fracture = spinal_fracture
    program.physio_cleared_on = _physio_cleared_on(program, physio_cleared, today)
    program.reminder_time = reminder_time
    program.timezone = timezone_name
    program.reminders_enabled = reminders_enabled
    program.full_clean()
    program.save()
    calendar_series_follow(program=program)
    if program.user.timezone != timezone_name:
        program.user.timezone = timezone_name
        program.user.save(update_fields=["timezone"])
    if answers_of(program) != before:
        program = program_compose(program=program, today=today)
    records_changed(program.user_id)
    return program


@transaction.atomic
def program_floor_answer(*, program: Program, floor_ok: bool) -> tuple[Program, list[str]]:
    """Record the person's own answer to the floor question (programs from before it was asked
    hold an assumed yes) and compose the program again: with no, standing or seated
    alternatives replace the floor exercises. Returns the program and the names of the
    exercises that left it."""
    if not isinstance(floor_ok, bool):
        raise ValidationError({"floor_ok": FLOOR_OK_REQUIRED})
    program = Program.objects.select_for_update().get(pk=program.pk)
    before = set(program.prescriptions.values_list("exercise_id", flat=True))
    program.floor_ok = floor_ok
    program.floor_answered_at = timezone.now()
    program.save(update_fields=["floor_ok", "floor_answered_at", "updated_at"])
    program = program_compose(program=program)
    after = set(program.prescriptions.values_list("exercise_id", flat=True))
    left = list(
        Exercise.objects.filter(pk__in=before - after)
        .order_by("position", "name")
        .values_list("name", flat=True)
    )
    return program, left


@transaction.atomic
def program_put(
    *,
    user,
    paused: bool | None = None,
    seen_doctor: bool = False,
    floor_asked: bool = True,
    **fields,
) -> tuple[Program, bool]:
    """Start the person's program or change it, in one transaction, and pause or resume it when
    `paused` says so (None keeps it as it is). Returns the program and whether it is new.
    `floor_asked` as for `program_update` (a start always asks it)."""
    program = Program.objects.select_for_update().filter(user=user, active=True).first()
    if program is None:
        program, created = program_start(user=user, **fields), True
    else:
        program = program_update(program=program, floor_asked=floor_asked, **fields)
        created = False
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
    calendar_series_follow(program=program)
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
                "seen_doctor": ValidationError(
                    "Your program was paused because of pain or a warning sign. Please confirm "
                    "that you have seen your doctor or physiotherapist and they are happy for "
                    "you to carry on.",
                    code=PAUSED_FOR_SAFETY,
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
    calendar_series_follow(program=program)
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


def program_lock(user) -> None:
    """Lock the person's running program, as every write to it or its sessions does first:
    a caller that must check something before writing (an API `If-Match`) takes it earlier."""
    Program.objects.select_for_update().filter(user=user, active=True).exists()
