"""Writes for session logs. Every rule a person's input must meet is checked here, so the
browser forms, the guided session and the REST API behave the same."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.utils import timezone

from exercises.models import Band, Exercise
from tracking import progression
from tracking.ladders import with_exercises
from tracking.models import (
    Ceiling,
    DeletedSession,
    Entry,
    EventKind,
    Prescription,
    Program,
    ProgressionEvent,
    Session,
)
from tracking.page_cache import records_changed
from tracking.services.progress import pause_if_unsafe, progress_session, replay

CLOCK_SKEW = dt.timedelta(minutes=5)
# The code every refusal because of a safety pause carries, so interfaces (the API) can tell
# "see your doctor first" from a mistake in what was sent.
PAUSED_FOR_SAFETY = "paused_for_safety"
BEFORE_SAFETY_PAUSE = "before_safety_pause"
SAFETY_PAUSED_LOGGING = (
    "Your program is paused for your safety, so sessions cannot be logged, changed or deleted. "
    "Please see your doctor first; once they are happy for you to carry on, confirm it and "
    "log again."
)


class SessionInputError(ValidationError):
    """A refused session. `entry_rows` says which entry (by position) and field each entry
    message is about, so the API can point at the row; forms show the messages as a list."""

    def __init__(self, errors, *, entry_rows: dict[int, dict[str, list[str]]]):
        super().__init__(errors)
        self.entry_rows = entry_rows


# How long a deleted session's trace is kept: a phone app that syncs less often than this
# starts again from a full copy.
SESSION_TRACE_DAYS = 90


class IdempotencyConflict(Exception):
    """The Idempotency-Key was already used for a different request."""


class IdempotencyKeyUsed(Exception):
    """The Idempotency-Key logged a session that has since been deleted: a retry must not log
    it again."""


@dataclass(frozen=True)
class EntryInput:
    """One exercise as a person logged it."""

    exercise: str  # slug
    sets: int
    reps: int
    hold_seconds: int | None = None
    band: str | None = None  # band slug

    @classmethod
    def of(cls, values: Mapping[str, Any] | Any) -> EntryInput:
        """The one conversion from what an interface holds (a form's or serializer's cleaned
        values, a stored Entry, a guided exercise done) to what the services take."""
        read = values.get if isinstance(values, Mapping) else partial(getattr, values)
        return cls(
            exercise=_slug(read("exercise")),
            sets=read("sets"),
            reps=read("reps"),
            hold_seconds=read("hold_seconds", None),
            band=_slug(read("band", None)),
        )


def _slug(value) -> str | None:
    """A catalogue row, DRF's nested `{"slug": ...}`, a slug, or nothing."""
    if isinstance(value, Mapping):
        return value.get("slug")
    return getattr(value, "slug", value) or None


# --- sessions ---------------------------------------------------------------------------------


def _program_for_logging(user) -> Program:
    program = (
        Program.objects.select_for_update()
        .filter(user=user, active=True)
        .annotate(latest_safety_pause=Subquery(_safety_pauses(OuterRef("pk"))[:1]))
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


def _safety_pauses(program):
    return (
        ProgressionEvent.objects.filter(program=program, kind=EventKind.PAUSE)
        .order_by("-occurred_at")
        .values("occurred_at")
    )


def _latest_safety_pause(program: Program) -> dt.datetime | None:
    """When the latest safety pause happened: nothing may be logged or changed before it.
    A program locked for logging carries it already (read in the same statement)."""
    if hasattr(program, "latest_safety_pause"):
        return program.latest_safety_pause
    latest = _safety_pauses(program).first()
    return latest["occurred_at"] if latest else None


@dataclass(frozen=True)
class _Checked:
    """What validating a session's entries looked up, so writing them needs no second query."""

    exercises: dict[str, Exercise]
    bands: dict[str, Band]


def _answers_validate(answers: dict) -> dict[str, list[str]]:
    """The check-in answers are asked, never assumed: each must be given, in its scale."""
    errors: dict[str, list[str]] = {}
    scales = {
        "pain_before": ("How much pain you had before", progression.PAIN_MIN, progression.PAIN_MAX),
        "pain_after": ("How much pain you had after", progression.PAIN_MIN, progression.PAIN_MAX),
        "effort": ("How hard it felt", progression.EFFORT_MIN, progression.EFFORT_MAX),
    }
    for name, (question, low, high) in scales.items():
        value = answers.get(name)
        if value is None:
            errors[name] = [f"{question} is needed: choose a number from {low} to {high}."]
        elif isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            errors[name] = [f"{question} is a number from {low} to {high}."]
    if not isinstance(answers.get("red_flag"), bool):
        errors["red_flag"] = ["Please answer yes or no: did you notice any warning sign?"]
    return errors


def _session_fields_validate(
    *,
    program: Program,
    performed_at: dt.datetime,
    entries: Sequence[EntryInput],
    answers: dict,
    now: dt.datetime,
    date_checked: bool = True,
) -> _Checked:
    """Everything a session must be before it is written. `date_checked` is false when a
    correction keeps the session's own date: an old session's notes can still be fixed."""
    errors: dict[str, list[str]] = _answers_validate(answers)
    if timezone.is_naive(performed_at):
        errors["performed_at"] = ["Give the time with its time zone."]
    elif performed_at > now + CLOCK_SKEW:
        errors["performed_at"] = ["That time is in the future. Choose when you did the session."]
    elif date_checked:
        day = _local_date_or_min(performed_at, program.zone)
        earliest = timezone.localtime(now, program.zone).date() - dt.timedelta(
            days=progression.BACKDATE_DAYS
        )
        paused = _latest_safety_pause(program)
        if day < program.started_on:
            errors["performed_at"] = [
                f"That is before your program started on {program.started_on:%d %B %Y}."
            ]
        elif day < earliest:
            errors["performed_at"] = [
                f"A session can be logged up to {progression.BACKDATE_DAYS} days late, so the "
                f"earliest date now is {earliest:%d %B %Y}."
            ]
        elif paused is not None and performed_at <= paused:
            errors["performed_at"] = [
                "That is before your program was paused for safety on "
                f"{timezone.localtime(paused, program.zone):%d %B %Y at %H:%M}; sessions from "
                "before a safety pause stay as they were."
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
        if not progression.SETS_MIN <= entry.sets <= progression.SETS_MAX:
            refuse(
                index,
                "sets",
                f"{exercise.name}: sets must be between {progression.SETS_MIN} and "
                f"{progression.SETS_MAX}.",
            )
        if not progression.REPS_MIN <= entry.reps <= progression.REPS_MAX:
            refuse(
                index,
                "reps",
                f"{exercise.name}: repetitions must be between {progression.REPS_MIN} and "
                f"{progression.REPS_MAX}.",
            )
        if (
            entry.hold_seconds is not None
            and not progression.HOLD_MIN <= entry.hold_seconds <= progression.HOLD_MAX
        ):
            refuse(
                index,
                "hold_seconds",
                f"{exercise.name}: a hold must be between {progression.HOLD_MIN} and "
                f"{progression.HOLD_MAX} seconds.",
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
) -> list:
    """Replace the session's entries (a new session has none to remove) and return them.

    The session keeps them as its `entries` (each with its exercise and band), so an answer is
    built from the rows in hand instead of reading back exactly what was just written."""
    if not new:
        Entry.objects.filter(session=session).delete()
    written = session.entries.bulk_create(
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
    held = session.entries.model.objects.filter(session=session)
    held._result_cache, held._prefetch_done = written, True
    session._prefetched_objects_cache = {"entries": held}
    return written


def session_frozen(session: Session, program: Program | None = None) -> str | None:
    """Why a session can no longer be changed or deleted, or None when it can: nothing while
    the program is paused for safety, and never a session from before the latest safety pause
    (it is part of what the person's doctor may want to see)."""
    program = program or session.program
    if program.paused_for_safety:
        return SAFETY_PAUSED_LOGGING
    paused = _latest_safety_pause(program)
    if paused is not None and session.performed_at <= paused:
        return (
            "This session is from before your program was paused for safety, so it stays as "
            "it was: it is part of what your doctor may want to see."
        )
    return None


def _refuse_changes_before_safety_pause(program: Program, session: Session) -> None:
    reason = session_frozen(session, program)
    if reason is not None:
        code = PAUSED_FOR_SAFETY if program.paused_for_safety else BEFORE_SAFETY_PAUSE
        raise ValidationError(reason, code=code)


@transaction.atomic
def session_log(
    *,
    user,
    performed_at: dt.datetime | None = None,
    pain_before: int | None,
    pain_after: int | None,
    effort: int | None,
    red_flag: bool | None,
    entries: Sequence[EntryInput],
    notes: str = "",
    gentle: bool = False,
    idempotency_key: str | None = None,
    idempotency_fingerprint: str = "",
    now: dt.datetime | None = None,
) -> Session:
    """Record a session and move the program: up after comfortable days, back after pain.

    Pain before and after, effort and the warning-sign answer must all be given (None is
    refused, naming the question). `performed_at` defaults to now; `now` is the clock, which
    decides how far back a forgotten session may go.

    With an idempotency key, a retry of the same request returns the session it created
    (`session.replayed` is then true) and writes nothing; the program row lock taken first
    makes concurrent retries wait for the first one.
    """
    now = now or timezone.now()
    performed_at = performed_at or now
    program = _program_for_logging(user)
    if idempotency_key:
        earlier = Session.objects.filter(user=user, idempotency_key=idempotency_key).first()
        if earlier is not None:
            if earlier.idempotency_fingerprint != idempotency_fingerprint:
                raise IdempotencyConflict()
            earlier.replayed = True
            return earlier
        if DeletedSession.objects.filter(user=user, idempotency_key=idempotency_key).exists():
            raise IdempotencyKeyUsed()
    if program.paused_for_safety:
        raise ValidationError(SAFETY_PAUSED_LOGGING, code=PAUSED_FOR_SAFETY)
    answers = dict(zip(Session.ANSWERS, (pain_before, pain_after, effort, red_flag), strict=True))
    checked = _session_fields_validate(
        program=program, performed_at=performed_at, entries=entries, answers=answers, now=now
    )
    session = Session(
        user=user,
        program=program,
        idempotency_key=idempotency_key or "",
        idempotency_fingerprint=idempotency_fingerprint if idempotency_key else "",
    )
    _session_fill(
        session, program, performed_at=performed_at, notes=notes, gentle=gentle, **answers
    )
    later = Exists(Session.objects.filter(program=program, performed_at__gt=performed_at)) | Exists(
        Ceiling.objects.filter(program=program, since__gt=performed_at)
    )
    is_latest = not Program.objects.filter(later, pk=program.pk).exists()
    session.save()
    written = _write_entries(session, entries, checked, new=True)
    if is_latest:
        session.summary = progress_session(program, session, written)
    else:
        replay(program)
        session.summary = list(
            program.events.filter(session=session).values_list("message", flat=True)
        )
    pause_if_unsafe(program, session)
    records_changed(user.pk)
    return session


@transaction.atomic
def session_update(
    *,
    session: Session,
    performed_at: dt.datetime,
    pain_before: int | None,
    pain_after: int | None,
    effort: int | None,
    red_flag: bool | None,
    entries: Sequence[EntryInput],
    notes: str = "",
    now: dt.datetime | None = None,
) -> Session:
    """Correct a logged session; the program is recomputed from the whole history (and the
    ceilings that step backs left, which no correction lifts)."""
    now = now or timezone.now()
    program = _program_for_logging(session.user)
    if session.program_id != program.pk:
        raise ValidationError("This session belongs to an earlier program and cannot be changed.")
    _refuse_changes_before_safety_pause(program, session)
    answers = dict(zip(Session.ANSWERS, (pain_before, pain_after, effort, red_flag), strict=True))
    checked = _session_fields_validate(
        program=program,
        performed_at=performed_at,
        entries=entries,
        answers=answers,
        now=now,
        date_checked=performed_at != session.performed_at,
    )
    _session_fill(session, program, performed_at=performed_at, notes=notes, **answers)
    session.save()
    _write_entries(session, entries, checked)
    replay(program)
    pause_if_unsafe(program, session)
    records_changed(session.user_id)
    return session


@transaction.atomic
def session_delete(*, session: Session) -> None:
    """Delete a session and recompute the program (its ceilings stay: see `Ceiling`). Its trace
    (`DeletedSession`) is written in the same transaction, so a syncing app learns of it."""
    program = _program_for_logging(session.user)
    if session.program_id == program.pk:
        _refuse_changes_before_safety_pause(program, session)
    DeletedSession.objects.create(
        user_id=session.user_id,
        session_id=session.pk,
        idempotency_key=session.idempotency_key,
        deleted_at=timezone.now(),
    )
    session.delete()
    if session.program_id == program.pk:
        replay(program)
    records_changed(session.user_id)


@transaction.atomic
def program_recompute(*, program: Program) -> None:
    """Rebuild every prescription and progression event from the logs and ceilings alone."""
    replay(_program_for_logging(program.user))
    records_changed(program.user_id)


@transaction.atomic
def deleted_sessions_forget(*, now: dt.datetime | None = None) -> int:
    """Forget the traces of sessions deleted more than SESSION_TRACE_DAYS ago."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=SESSION_TRACE_DAYS)
    forgotten, _ = DeletedSession.objects.filter(deleted_at__lt=cutoff).delete()
    return forgotten
