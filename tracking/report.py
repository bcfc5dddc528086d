"""The report a person prints or shares with a clinician: what is prescribed now, how each
exercise moved and why, pain before and after, weeks against the cadence, every safety pause
and warning sign, the program's answers, and (if they choose) their notes.

A builder over the existing selectors, so every number here is the number the person's own
pages show: weeks from `selectors.adherence_today` and `selectors.bone_health_weeks`, sessions from
`selectors.sessions_for_user`,
prescriptions from `selectors.program_items`, moves as `selectors.ladder_changes` has them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from tracking import charts, schedule, selectors, sharing
from tracking.models import EventKind, Program, ProgressionEvent, Session


@dataclass(frozen=True)
class ProgramAnswers:
    """The program questions a clinician asks first. None: not asked (yet) by this program."""

    doctor_asked: bool
    spinal_fracture: bool
    floor_ok: bool
    physio_cleared_on: dt.date | None


def program_answers(program: Program) -> ProgramAnswers:
    return ProgramAnswers(
        doctor_asked=program.doctor_confirmed,
        spinal_fracture=program.spinal_fracture,
        floor_ok=program.floor_ok,
        physio_cleared_on=program.physio_cleared_on,
    )


@dataclass(frozen=True)
class Move:
    """An exercise moving up or back on its ladder, on the person's day, with the sentence the
    app showed them at the time."""

    day: dt.date
    exercise: str
    moved_up: bool
    to_text: str
    message: str


@dataclass(frozen=True)
class SafetyMark:
    """A safety pause, a resume after medical advice, or a session that reported a warning."""

    day: dt.date
    what: str
    detail: str


@dataclass(frozen=True)
class Note:
    day: dt.date
    text: str


@dataclass(frozen=True)
class WeekRow:
    """One ISO week: days with a session against the cadence, the bone-health week (strength,
    balance and posture days), and each session's pain."""

    week: schedule.Week
    bone: schedule.BoneWeek | None
    sessions: list[Session]

    @property
    def pain_before(self) -> list[int]:
        return [session.pain_before for session in self.sessions]

    @property
    def pain_after(self) -> list[int]:
        return [session.pain_after for session in self.sessions]


@dataclass(frozen=True)
class Report:
    program: Program
    period_weeks: int | None
    date_from: dt.date
    today: dt.date
    items: list[selectors.Item]
    moves: list[Move]
    sessions: list[Session]  # oldest first
    adherence: schedule.Adherence
    bone_weeks: list[schedule.BoneWeek]  # newest first, as the selector gives them
    target: int
    safety: list[SafetyMark]
    answers: ProgramAnswers
    notes: list[Note] | None  # None: the person did not include them

    @property
    def period_words(self) -> str:
        return sharing.period_words(self.period_weeks)

    @property
    def weeks(self) -> list[schedule.Week]:
        return self.adherence.weeks

    @property
    def week_rows(self) -> list[WeekRow]:
        """Oldest week first, as the pain chart runs left to right (one order for every
        chart and table)."""
        by_week: dict[dt.date, list[Session]] = {}
        for session in self.sessions:
            by_week.setdefault(schedule.week_start(session.local_date), []).append(session)
        bone = {week.start: week for week in self.bone_weeks}
        return [
            WeekRow(week, bone.get(week.start), by_week.get(week.start, [])) for week in self.weeks
        ]

    @property
    def guideline_strength_days(self) -> int:
        return schedule.GUIDELINE_STRENGTH_DAYS

    @property
    def guideline_balance_days(self) -> int:
        return schedule.GUIDELINE_BALANCE_DAYS

    @property
    def weeks_met(self) -> int:
        return sum(1 for week in self.weeks if week.met)

    @property
    def pain_before(self) -> list[int]:
        return [session.pain_before for session in self.sessions]

    @property
    def pain_after(self) -> list[int]:
        return [session.pain_after for session in self.sessions]

    @property
    def pain_chart(self) -> charts.Chart | None:
        return charts.pain_chart(
            [(s.local_date, s.pain_before, s.pain_after) for s in self.sessions]
        )


def _weeks_shown(program: Program, today: dt.date, period_weeks: int | None) -> int:
    if period_weeks is not None:
        return period_weeks
    first = schedule.week_start(program.started_on)
    return max((schedule.week_start(today) - first).days // 7 + 1, 1)


def report(
    program: Program,
    *,
    period_weeks: int | None = sharing.DEFAULT_PERIOD,
    include_notes: bool = False,
    now: dt.datetime | None = None,
) -> Report:
    """The report over the last `period_weeks` ISO weeks, this one included (None: since the
    start). `program` comes from `selectors.program_active`. A fixed number of queries."""
    today = selectors.local_now(program, now).date()
    weeks = _weeks_shown(program, today, period_weeks)
    adherence = selectors.adherence_today(program, today, weeks_shown=weeks).adherence
    # The period starts on the Monday of its first week, so every list covers the same days.
    date_from = max(schedule.week_start(today) - dt.timedelta(weeks=weeks - 1), program.started_on)
    sessions = list(
        reversed(
            selectors.sessions_for_user(program.user_id, date_from=date_from, date_to=today).filter(
                program=program
            )
        )
    )
    since = dt.datetime.combine(date_from, dt.time(), program.zone)
    events = list(
        program.events.filter(occurred_at__gte=since)
        .select_related("exercise")
        .order_by("occurred_at", "id")
    )
    return Report(
        program=program,
        period_weeks=period_weeks,
        date_from=date_from,
        today=today,
        items=selectors.program_items(program),
        moves=[_move(program, event) for event in events if _is_move(event)],
        sessions=sessions,
        adherence=adherence,
        bone_weeks=bone_weeks(program, weeks=weeks, today=today),
        target=schedule.weekly_target(program.weekdays),
        safety=_safety(program, events, sessions),
        answers=program_answers(program),
        notes=[Note(s.local_date, s.notes) for s in sessions if s.notes.strip()]
        if include_notes
        else None,
    )


def bone_weeks(program: Program, *, weeks: int, today: dt.date) -> list[schedule.BoneWeek]:
    """`selectors.bone_health_weeks` over any number of weeks, newest first: it answers at most
    BONE_WEEKS_MAX weeks at a time, so a longer history costs one query per year."""
    found: list[schedule.BoneWeek] = []
    end = today
    while len(found) < weeks and end >= program.started_on:
        chunk = selectors.bone_health_weeks(
            program, weeks=min(weeks - len(found), schedule.BONE_WEEKS_MAX), today=end
        )
        if not chunk:
            break
        found += chunk
        end = chunk[-1].start - dt.timedelta(days=1)
    return found


def _day(program: Program, moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment, program.zone).date()


def _is_move(event: ProgressionEvent) -> bool:
    return event.kind in (EventKind.ADVANCE, EventKind.STEP_BACK) and event.exercise is not None


def _move(program: Program, event: ProgressionEvent) -> Move:
    return Move(
        day=_day(program, event.occurred_at),
        exercise=event.exercise.name,
        moved_up=event.kind == EventKind.ADVANCE,
        to_text=event.to_text,
        message=event.message,
    )


def _safety(
    program: Program, events: list[ProgressionEvent], sessions: list[Session]
) -> list[SafetyMark]:
    # The warning a session reported comes before the pause it caused on the same day.
    marks = [
        SafetyMark(
            session.local_date,
            "Warning sign reported",
            f"Pain {session.pain_before} before, {session.pain_after} after, out of 10.",
        )
        for session in sessions
        if session.red_flag
    ]
    marks += [
        SafetyMark(_day(program, event.occurred_at), event.get_kind_display(), event.message)
        for event in events
        if event.kind in (EventKind.PAUSE, EventKind.RESUME)
    ]
    return sorted(marks, key=lambda mark: mark.day)
