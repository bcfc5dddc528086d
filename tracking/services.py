"""Writes for programs and session logs. Every rule a person's input must meet is checked here,
so the browser forms and the REST API behave the same."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone

from exercises.models import Band, Exercise, LadderRung
from osteofit.accounts.models import known_timezones
from tracking import progression, schedule
from tracking.cache import records_changed
from tracking.ladders import ladder_of, policy_of, rung_at, with_exercises
from tracking.models import (
    DeliveryKind,
    Entry,
    EventKind,
    PauseReason,
    Prescription,
    Program,
    ProgressionEvent,
    Session,
    WeekReflection,
    calendar_token_new,
    days_to_mask,
)

CLOCK_SKEW = dt.timedelta(minutes=5)
DOCTOR_REQUIRED = (
    "Please confirm that you have asked your doctor which exercises suit you. "
    "Nothing is scheduled until you do."
)


class SessionInputError(ValidationError):
    """A refused session. `entry_rows` says which entry (by position) and field each entry
    message is about, so the API can point at the row; forms show the messages as a list."""

    def __init__(self, errors, *, entry_rows: dict[int, dict[str, list[str]]]):
        super().__init__(errors)
        self.entry_rows = entry_rows


class IdempotencyConflict(Exception):
    """The Idempotency-Key was already used for a different request."""


@dataclass(frozen=True)
class EntryInput:
    """One exercise as a person logged it."""

    exercise: str  # slug
    sets: int
    reps: int
    hold_seconds: int | None = None
    band: str | None = None  # band slug


# --- programs ---------------------------------------------------------------------------------


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
        if len(days) not in (3, 4):
            errors["training_days"] = (
                f"Choose 3 or 4 training days a week (you chose {len(days)}); rest days in "
                "between help muscles and bones recover."
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
        Exercise.objects.filter(recommended=True)
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
        Prescription(program=program, exercise=exercise, step=0, position=n)
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
def calendar_token_reset(*, program: Program) -> Program:
    """A new secret feed address; calendar apps holding the old one stop receiving updates."""
    program.calendar_token = calendar_token_new()
    program.save(update_fields=["calendar_token", "updated_at"])
    records_changed(program.user_id)
    return program


# --- sessions ---------------------------------------------------------------------------------


def _program_for_logging(user) -> Program:
    program = (
        Program.objects.select_for_update()
        .filter(user=user, active=True)
        .prefetch_related(
            Prefetch("prescriptions", queryset=Prescription.objects.order_by("position"))
        )
        .first()
    )
    if program is None:
        raise ValidationError("Start your program before logging a session.")
    with_exercises(program.prescriptions.all())
    return program


def _local_date_or_min(moment: dt.datetime, zone) -> dt.date:
    """The date `moment` falls on in `zone`, or date.min for a moment in year 1 that the zone
    cannot show (e.g. 0001-01-01T00:00Z in London, whose offset then was negative)."""
    try:
        return timezone.localtime(moment, zone).date()
    except OverflowError:
        return dt.date.min


@dataclass(frozen=True)
class _Checked:
    """What validating a session's entries looked up, so writing them needs no second query."""

    exercises: dict[str, Exercise]
    bands: dict[str, Band]


def _session_fields_validate(
    *, program: Program, performed_at: dt.datetime, entries: Sequence[EntryInput], now
) -> _Checked:
    errors: dict[str, list[str]] = {}
    if timezone.is_naive(performed_at):
        errors["performed_at"] = ["Give the time with its time zone."]
    elif performed_at > now + CLOCK_SKEW:
        errors["performed_at"] = ["That time is in the future. Choose when you did the session."]
    elif _local_date_or_min(performed_at, program.zone) < program.started_on:
        errors["performed_at"] = [
            f"That is before your program started on {program.started_on:%d %B %Y}."
        ]
    by_slug = {p.exercise.slug: p.exercise for p in program.prescriptions.all()}
    rows: dict[int, dict[str, list[str]]] = {}

    def refuse(index: int, field: str, message: str) -> None:
        rows.setdefault(index, {}).setdefault(field, []).append(message)

    seen = set()
    wanted = {e.band for e in entries if e.band}
    known_bands = (
        {band.slug: band for band in Band.objects.filter(slug__in=wanted)} if wanted else {}
    )
    for index, entry in enumerate(entries):
        exercise = by_slug.get(entry.exercise)
        if exercise is None:
            refuse(index, "exercise", f"{entry.exercise!r} is not an exercise in your program.")
            continue
        if entry.exercise in seen:
            refuse(index, "exercise", f"{exercise.name} is listed twice; log it once.")
        seen.add(entry.exercise)
        if not 1 <= entry.sets <= 10:
            refuse(index, "sets", f"{exercise.name}: sets must be between 1 and 10.")
        if not 0 <= entry.reps <= 50:
            refuse(index, "reps", f"{exercise.name}: repetitions must be between 0 and 50.")
        if entry.hold_seconds is not None and not 1 <= entry.hold_seconds <= 120:
            refuse(
                index, "hold_seconds", f"{exercise.name}: a hold must be between 1 and 120 seconds."
            )
        if entry.band and exercise.equipment != "resistance-band":
            refuse(index, "band", f"{exercise.name} does not use a band.")
        elif entry.band and entry.band not in known_bands:
            refuse(index, "band", f"{entry.band!r} is not a band we know.")
    if not entries:
        errors["entries"] = ["Log at least one exercise."]
    elif rows:
        errors["entries"] = [m for row in rows.values() for ms in row.values() for m in ms]
    if errors:
        raise SessionInputError(errors, entry_rows=rows)
    return _Checked(exercises=by_slug, bands=known_bands)


def _session_fill(session: Session, program: Program, **answers) -> None:
    """Copy a person's answers onto a session, date it in the program's zone, and validate."""
    for name, value in answers.items():
        setattr(session, name, value)
    session.local_date = timezone.localtime(session.performed_at, program.zone).date()
    # The person and the program were just loaded here, so their rows need no second look.
    session.full_clean(validate_constraints=False, exclude=["user", "program"])


def _write_entries(
    session: Session, entries: Sequence[EntryInput], checked: _Checked, *, new: bool = False
) -> list[Entry]:
    """Replace the session's entries (a new session has none to remove) and return them."""
    if not new:
        session.entries.all().delete()
    return session.entries.bulk_create(
        [
            session.entries.model(
                session=session,
                exercise=checked.exercises[entry.exercise],
                sets=entry.sets,
                reps=entry.reps,
                hold_seconds=entry.hold_seconds,
                band=checked.bands.get(entry.band) if entry.band else None,
            )
            for entry in entries
        ]
    )


@transaction.atomic
def session_log(
    *,
    user,
    performed_at: dt.datetime,
    pain_before: int,
    pain_after: int,
    effort: int,
    entries: Sequence[EntryInput],
    red_flag: bool = False,
    notes: str = "",
    idempotency_key: str | None = None,
    idempotency_fingerprint: str = "",
) -> Session:
    """Record a session and move the program: up after comfortable sessions, back after pain.

    With an idempotency key, a retry of the same request returns the session it created
    (`session.replayed` is then true) and writes nothing; the program row lock taken first
    makes concurrent retries wait for the first one.
    """
    program = _program_for_logging(user)
    if idempotency_key:
        earlier = Session.objects.filter(user=user, idempotency_key=idempotency_key).first()
        if earlier is not None:
            if earlier.idempotency_fingerprint != idempotency_fingerprint:
                raise IdempotencyConflict()
            earlier.replayed = True
            return earlier
    if program.paused_for_safety:
        raise ValidationError(SAFETY_PAUSED_LOGGING)
    checked = _session_fields_validate(
        program=program, performed_at=performed_at, entries=entries, now=timezone.now()
    )
    session = Session(
        user=user,
        program=program,
        idempotency_key=idempotency_key or "",
        idempotency_fingerprint=idempotency_fingerprint if idempotency_key else "",
    )
    _session_fill(
        session,
        program,
        performed_at=performed_at,
        pain_before=pain_before,
        pain_after=pain_after,
        effort=effort,
        red_flag=red_flag,
        notes=notes,
    )
    is_latest = not program.sessions.filter(performed_at__gt=performed_at).exists()
    session.save()
    written = _write_entries(session, entries, checked, new=True)
    if is_latest:
        _progress(program, [(session, written)])
    else:
        _replay(program)
    _pause_if_unsafe(program, session)
    records_changed(user.pk)
    return session


@transaction.atomic
def session_update(
    *,
    session: Session,
    performed_at: dt.datetime,
    pain_before: int,
    pain_after: int,
    effort: int,
    entries: Sequence[EntryInput],
    red_flag: bool = False,
    notes: str = "",
) -> Session:
    """Correct a logged session; the program is recomputed from the whole history."""
    program = _program_for_logging(session.user)
    if session.program_id != program.pk:
        raise ValidationError("This session belongs to an earlier program and cannot be changed.")
    checked = _session_fields_validate(
        program=program, performed_at=performed_at, entries=entries, now=timezone.now()
    )
    _session_fill(
        session,
        program,
        performed_at=performed_at,
        pain_before=pain_before,
        pain_after=pain_after,
        effort=effort,
        red_flag=red_flag,
        notes=notes,
    )
    session.save()
    _write_entries(session, entries, checked)
    _replay(program)
    _pause_if_unsafe(program, session)
    records_changed(session.user_id)
    return session


@transaction.atomic
def session_delete(*, session: Session) -> None:
    program = _program_for_logging(session.user)
    session.delete()
    if session.program_id == program.pk:
        _replay(program)
    records_changed(session.user_id)


@transaction.atomic
def program_recompute(*, program: Program) -> None:
    """Rebuild every prescription and progression event from the logs alone."""
    _replay(_program_for_logging(program.user))
    records_changed(program.user_id)


# --- progression ------------------------------------------------------------------------------


def _progress(program: Program, sessions: Iterable[tuple[Session, Iterable[Entry]]]) -> None:
    """Apply the progression rules for sessions (each with its entries), in time order, to the
    program's prescriptions."""
    prescriptions = {p.exercise_id: p for p in program.prescriptions.all()}
    ladders = {p.exercise_id: ladder_of(p.exercise) for p in prescriptions.values()}
    changed: set[int] = set()
    events = []
    for session, entries in sessions:
        for entry in entries:
            prescription = prescriptions.get(entry.exercise_id)
            if prescription is None:
                continue
            ladder = ladders[entry.exercise_id]
            policy = policy_of(prescription.exercise)
            outcome = progression.Outcome(
                sets=entry.sets,
                reps=entry.reps,
                pain_before=session.pain_before,
                pain_after=session.pain_after,
                red_flag=session.red_flag,
            )
            before = progression.State(
                position=min(prescription.step, len(ladder) - 1), streak=prescription.streak
            )
            decision = progression.decide(ladder, before, outcome, policy)
            prescription.step = decision.after.position
            prescription.streak = decision.after.streak
            changed.add(entry.exercise_id)
            if decision.change == progression.Change.HOLD:
                continue
            events.append(
                ProgressionEvent(
                    program=program,
                    session=session,
                    exercise=prescription.exercise,
                    kind=EventKind.ADVANCE
                    if decision.change == progression.Change.ADVANCE
                    else EventKind.STEP_BACK,
                    from_step=before.position,
                    to_step=decision.after.position,
                    from_text=progression.describe_step(rung_at(ladder, before.position)),
                    to_text=progression.describe_step(rung_at(ladder, decision.after.position)),
                    reason=decision.reason.value,
                    message=progression.describe(
                        decision, ladder, prescription.exercise.name, outcome
                    ),
                    occurred_at=session.performed_at,
                )
            )
    Prescription.objects.bulk_update(
        [prescriptions[pk] for pk in changed], ["step", "streak"], batch_size=100
    )
    ProgressionEvent.objects.bulk_create(events)


def _replay(program: Program) -> None:
    Prescription.objects.filter(program=program).update(step=0, streak=0)
    for prescription in program.prescriptions.all():
        prescription.step = prescription.streak = 0
    program.events.exclude(session=None).exclude(kind=EventKind.PAUSE).delete()
    sessions = (
        program.sessions.order_by("performed_at", "id")
        .prefetch_related("entries")
        .only("id", "performed_at", "pain_before", "pain_after", "red_flag")
    )
    _progress(program, ((session, session.entries.all()) for session in sessions))


def _pause_if_unsafe(program: Program, session: Session) -> None:
    """Severe pain or a red flag stops the whole program until medical advice is taken."""
    policies = [policy_of(p.exercise) for p in program.prescriptions.all()]
    unsafe = any(
        progression.pauses_program(session.pain_after, session.red_flag, policy)
        for policy in policies or [progression.Policy()]
    )
    if not unsafe or program.paused_for_safety:
        return
    program.paused = True
    program.pause_reason = PauseReason.SAFETY
    program.paused_at = timezone.now()
    program.save(update_fields=["paused", "pause_reason", "paused_at", "updated_at"])
    ProgressionEvent.objects.create(
        program=program,
        session=session,
        kind=EventKind.PAUSE,
        reason="red_flag" if session.red_flag else "pain_high",
        message=SAFETY_PAUSE_MESSAGE,
        occurred_at=session.performed_at,
    )


SAFETY_PAUSED_LOGGING = (
    "Your program is paused for your safety, so sessions cannot be logged. Please see your "
    "doctor first; once they are happy for you to carry on, confirm it and log again."
)
SAFETY_PAUSE_MESSAGE = (
    "Your program is paused. Please stop exercising and see your doctor: severe or sudden pain "
    "needs checking before you carry on. Seek urgent care for numbness, weakness, tingling, or "
    "changes in bladder or bowel control. When your doctor is happy for you to continue, "
    "confirm it here and your program will start again."
)


# --- reminders --------------------------------------------------------------------------------


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
