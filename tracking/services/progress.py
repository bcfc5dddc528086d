"""Applying the progression rules to a program: one session as it is logged, or the whole
history again after a session is backdated, corrected or deleted. Both run the one fold in
`tracking.progression` (`apply` for a new latest session, `fold` for a replay), so recomputing
from the logs and the ceilings always gives the stored prescriptions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db.models import Prefetch
from django.utils import timezone

from tracking import composition, progression
from tracking.ladders import ladder_for, policy_of, rung_at
from tracking.models import (
    Ceiling,
    Entry,
    EventKind,
    PauseReason,
    Prescription,
    Program,
    ProgressionEvent,
    Session,
)
from tracking.services.calendar import calendar_series_follow

SAFETY_PAUSE_MESSAGE = (
    "Your program is paused. Please stop exercising and see your doctor: severe or sudden pain, "
    "or a warning sign, needs checking before you carry on. Seek urgent care for numbness, "
    "weakness, tingling, or changes in bladder or bowel control. Call emergency services now for "
    "chest pain that does not pass within a few minutes of stopping. When your doctor is happy "
    "for you to continue, confirm it here and your program will start again."
)


def outcome_of(session: Session, entry: Entry) -> progression.Outcome:
    return progression.Outcome(
        sets=entry.sets,
        reps=entry.reps,
        pain_before=session.pain_before,
        pain_after=session.pain_after,
        effort=session.effort,
        red_flag=session.red_flag,
        gentle=session.gentle,
    )


class _Applied:
    """The rows one run of the rules writes: changed prescriptions, events, new ceilings."""

    def __init__(self, program: Program):
        self.program = program
        self.prescriptions = {p.exercise_id: p for p in program.prescriptions.all()}
        self.policies = {pk: policy_of(p.exercise) for pk, p in self.prescriptions.items()}
        self.events: list[ProgressionEvent] = []
        self.ceilings: list[Ceiling] = []

    def ladder(self, exercise_id: int, day: dt.date) -> tuple[progression.Rung, ...]:
        return ladder_for(self.prescriptions[exercise_id].exercise, self.program, day)

    def record(
        self,
        exercise_id: int,
        decision: progression.Decision,
        *,
        ladder: Sequence[progression.Rung],
        session: Session | None,
        outcome: progression.Outcome | None,
        moment: dt.datetime,
        session_id: int | None = None,
        message: str | None = None,
    ) -> None:
        """The event a decision writes, and the ceiling a step back caused by a session sets."""
        prescription = self.prescriptions[exercise_id]
        kind = progression.event_kind(decision)
        if kind is not None:
            self.events.append(
                ProgressionEvent(
                    program=self.program,
                    session_id=session.pk if session is not None else session_id,
                    exercise=prescription.exercise,
                    kind=kind,
                    from_rung=decision.before.position,
                    to_rung=decision.after.position,
                    from_text=progression.describe_rung(rung_at(ladder, decision.before.position)),
                    to_text=progression.describe_rung(rung_at(ladder, decision.after.position)),
                    reason=decision.reason.value,
                    message=message
                    or progression.describe(
                        decision,
                        ladder,
                        prescription.exercise.name,
                        outcome,
                        self.policies[exercise_id],
                    ),
                    occurred_at=moment,
                )
            )
        if session is not None and progression.leaves_ceiling(decision):
            self.ceilings.append(
                Ceiling(
                    program=self.program,
                    exercise_id=exercise_id,
                    session=session,
                    rung=decision.after.position,
                    since=session.performed_at,
                    local_date=session.local_date,
                    reason=decision.reason.value,
                )
            )

    def save(self, changed: Iterable[int]) -> None:
        Prescription.objects.bulk_update(
            [self.prescriptions[pk] for pk in changed], Prescription.STATE_FIELDS, batch_size=100
        )
        ProgressionEvent.objects.bulk_create(self.events)
        Ceiling.objects.bulk_create(self.ceilings, ignore_conflicts=True)


def _state(prescription: Prescription, ladder: Sequence[progression.Rung]) -> progression.State:
    state = prescription.state
    if state.position >= len(ladder):
        return progression.State(position=len(ladder) - 1, streak=state.streak, day=state.day)
    return state


def progress_session(program: Program, session: Session, entries: Iterable[Entry]) -> list[str]:
    """Apply the newest session to the exercises it contains: one step of the fold each.
    Returns what it meant for each exercise, in plain words, holds included."""
    applied = _Applied(program)
    changed = []
    summary = []
    for entry in entries:
        prescription = applied.prescriptions.get(entry.exercise_id)
        if prescription is None:
            continue
        ladder = applied.ladder(entry.exercise_id, session.local_date)
        outcome = outcome_of(session, entry)
        decision = progression.apply(
            ladder,
            applied.policies[entry.exercise_id],
            _state(prescription, ladder),
            progression.Logged(session.local_date, outcome),
        )
        prescription.state = decision.after
        changed.append(entry.exercise_id)
        summary.append(
            progression.describe(
                decision,
                ladder,
                prescription.exercise.name,
                outcome,
                applied.policies[entry.exercise_id],
            )
        )
        applied.record(
            entry.exercise_id,
            decision,
            ladder=ladder,
            session=session,
            outcome=outcome,
            moment=session.performed_at,
        )
    applied.save(changed)
    return summary


def replay(program: Program) -> None:
    """Rebuild every prescription and ladder event from the sessions and the ceilings, in time
    order; pauses and resumes stay as they happened."""
    program.events.filter(kind__in=[EventKind.ADVANCE, EventKind.STEP_BACK]).delete()
    sessions = (
        program.sessions.order_by("performed_at", "id")
        .prefetch_related(Prefetch("entries", queryset=Entry.objects.order_by("id")))
        .only("id", "performed_at", "local_date", *Session.ANSWERS, "gentle")
    )
    timelines: dict[int, list[tuple]] = {}
    for session in sessions:
        for entry in session.entries.all():
            key = (session.performed_at, session.pk, 0)
            timelines.setdefault(entry.exercise_id, []).append((key, session, entry))
    for ceiling in program.ceilings.all():
        key = (ceiling.since, ceiling.session_id or 2**62, 1)
        timelines.setdefault(ceiling.exercise_id, []).append((key, None, ceiling))
    applied = _Applied(program)
    for exercise_id, prescription in applied.prescriptions.items():
        policy = applied.policies[exercise_id]
        state = progression.State()
        for _key, session, happening in sorted(
            timelines.get(exercise_id, []), key=lambda row: row[0]
        ):
            ladder = applied.ladder(
                exercise_id, happening.local_date if session is None else session.local_date
            )
            if session is None:
                decision = progression.apply(
                    ladder,
                    policy,
                    state,
                    progression.Ceiling(happening.local_date, min(happening.rung, len(ladder) - 1)),
                )
                applied.record(
                    exercise_id,
                    decision,
                    ladder=ladder,
                    session=None,
                    session_id=happening.session_id,
                    outcome=None,
                    moment=happening.since,
                    message=_ceiling_words(happening, decision, ladder, prescription, policy),
                )
            else:
                outcome = outcome_of(session, happening)
                decision = progression.apply(
                    ladder, policy, state, progression.Logged(session.local_date, outcome)
                )
                applied.record(
                    exercise_id,
                    decision,
                    ladder=ladder,
                    session=session,
                    outcome=outcome,
                    moment=session.performed_at,
                )
            state = decision.after
        prescription.state = state
    applied.save(applied.prescriptions)


def _ceiling_words(
    ceiling: Ceiling,
    decision: progression.Decision,
    ladder: Sequence[progression.Rung],
    prescription: Prescription,
    policy: progression.Policy,
) -> str | None:
    """A ceiling left by the program's make-up changing is not a step back for pain."""
    if ceiling.reason != composition.RETURNS_AT_START:
        return None
    return composition.returns_at_start_words(
        prescription.exercise.name,
        progression.describe_rung(ladder[decision.after.position]),
        progression.days_in_a_row(policy.advance_after),
    )


def ceilings_at_current_rungs(
    program: Program, *, session: Session | None, moment: dt.datetime, reason: str
) -> None:
    """A safety pause keeps every exercise at or below where it stands now (a session's own
    step backs already set theirs), and, as a replay would, restarts each one's run of days."""
    local_date = timezone.localtime(moment, program.zone).date()
    prescriptions = list(program.prescriptions.all())
    for p in prescriptions:
        ladder = ladder_for(p.exercise, program, local_date)
        p.state = progression.apply(
            ladder,
            policy_of(p.exercise),
            _state(p, ladder),
            progression.Ceiling(local_date, min(p.rung, len(ladder) - 1)),
        ).after
    Prescription.objects.bulk_update(prescriptions, Prescription.STATE_FIELDS, batch_size=100)
    Ceiling.objects.bulk_create(
        [
            Ceiling(
                program=program,
                exercise_id=p.exercise_id,
                session=session,
                rung=p.rung,
                since=moment,
                local_date=local_date,
                reason=reason,
            )
            for p in program.prescriptions.all()
        ],
        ignore_conflicts=True,
    )


def safety_pause(
    program: Program, *, session: Session | None, reason: str, moment: dt.datetime
) -> None:
    """Stop the whole program until the person confirms they have taken medical advice."""
    program.paused = True
    program.pause_reason = PauseReason.SAFETY
    program.paused_at = timezone.now()
    program.save(update_fields=["paused", "pause_reason", "paused_at", "updated_at"])
    calendar_series_follow(program=program, now=program.paused_at)
    ProgressionEvent.objects.create(
        program=program,
        session=session,
        kind=EventKind.PAUSE,
        reason=reason,
        message=SAFETY_PAUSE_MESSAGE,
        occurred_at=moment,
    )
    ceilings_at_current_rungs(program, session=session, moment=moment, reason=reason)


def pause_if_unsafe(program: Program, session: Session) -> None:
    """Severe pain or a warning sign stops the whole program until medical advice is taken."""
    policies = [policy_of(p.exercise) for p in program.prescriptions.all()]
    unsafe = any(
        progression.pauses_program(session.pain_after, session.red_flag, policy)
        for policy in policies or [progression.Policy()]
    )
    if not unsafe or program.paused_for_safety:
        return
    safety_pause(
        program,
        session=session,
        reason="red_flag" if session.red_flag else "pain_high",
        moment=session.performed_at,
    )
