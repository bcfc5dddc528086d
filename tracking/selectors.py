"""Reads for the dashboard, history, schedule and progress, each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, DateField, Max, Prefetch, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from exercises.catalogue_cache import catalogue_exercises
from tracking import charts, progression, schedule
from tracking.ladders import ladder_for, policy_of, rung_at, with_exercises
from tracking.models import (
    DeletedSession,
    Delivery,
    Entry,
    EventKind,
    Prescription,
    Program,
    ProgressionEvent,
    Session,
    WeekReflection,
)

PAIN_CHART_SESSIONS = 30
RECENT_EVENTS = 8


@dataclass(frozen=True)
class Item:
    """One exercise of a program with the prescription in force."""

    prescription: Prescription
    ladder: tuple[progression.Rung, ...]
    rung_index: int

    @property
    def exercise(self):
        return self.prescription.exercise

    @property
    def rung(self) -> progression.Rung:
        return rung_at(self.ladder, self.rung_index)

    @property
    def text(self) -> str:
        return progression.describe_rung(self.rung)

    @property
    def daily(self) -> bool:
        """Gentle stretches are done every day, not only on training days."""
        return self.exercise.every_day

    @property
    def at_top(self) -> bool:
        return self.rung_index >= len(self.ladder) - 1

    @property
    def advance_words(self) -> str:
        """How this exercise moves up, e.g. "three comfortable days in a row"."""
        return progression.days_in_a_row(policy_of(self.exercise).advance_after)


def program_active(user) -> Program | None:
    """The person's running program with its prescriptions (2 queries), each with its exercise,
    policy and ladder from the process's copy of the catalogue."""
    if not user.is_authenticated:
        return None
    program = (
        Program.objects.filter(user=user, active=True)
        .prefetch_related(
            Prefetch("prescriptions", queryset=Prescription.objects.order_by("position"))
        )
        .first()
    )
    if program is not None:
        with_exercises(program.prescriptions.all())
    return program


def program_items(program: Program, day: dt.date | None = None) -> list[Item]:
    """Each exercise with the ladder it may climb today (after a spinal fracture, without a
    physiotherapist's yes, no band above the lightest: `ladders.ladder_for`)."""
    day = day or local_now(program).date()
    return [
        Item(prescription=p, ladder=ladder_for(p.exercise, program, day), rung_index=p.rung)
        for p in program.prescriptions.all()
    ]


def local_now(program: Program, now: dt.datetime | None = None) -> dt.datetime:
    return timezone.localtime(now or timezone.now(), program.zone)


def is_training_day(program: Program, day: dt.date) -> bool:
    return day.weekday() in program.weekdays


def items_due(program: Program, items: list[Item], day: dt.date) -> list[Item]:
    """Everything on a training day; the daily stretches on the other days."""
    if is_training_day(program, day):
        return items
    return [item for item in items if item.daily]


class AdherenceToday(NamedTuple):
    adherence: schedule.Adherence
    sessions_today: int


def adherence_today(program: Program, today: dt.date, *, weeks_shown: int = 12) -> AdherenceToday:
    """Adherence (the last `weeks_shown` weeks) and today's session count from one aggregate
    query: a row per week, however long the history."""
    weeks = (
        program.sessions.filter(local_date__range=(program.started_on, today))
        .order_by()
        .annotate(week=TruncWeek("local_date", output_field=DateField()))
        .values("week")
        .annotate(
            days=Count("local_date", distinct=True),
            today=Count("id", filter=Q(local_date=today)),
        )
        .values_list("week", "days", "today")
    )
    days_by_week = {}
    sessions_today = 0
    for week, days, on_today in weeks:
        days_by_week[week] = days
        sessions_today += on_today
    adherence = schedule.adherence_from_counts(
        days_by_week,
        program.weekdays,
        today=today,
        program_start=program.started_on,
        weeks=weeks_shown,
    )
    return AdherenceToday(adherence, sessions_today)


@dataclass(frozen=True)
class Dashboard:
    program: Program
    today: dt.date
    training_day: bool
    items: list[Item]
    due: list[Item]
    logged_today: int
    adherence: schedule.Adherence
    this_week: schedule.Week
    target: int
    events: list[ProgressionEvent]
    pain: list[Session]
    safety_event: ProgressionEvent | None
    reflections: list[WeekReflection]
    week_days: list[schedule.Day]  # this week, Monday to Sunday: done, due, rest...
    logged_at: dt.datetime | None  # today's latest session
    bone_week: schedule.BoneWeek | None  # this week against the bone-health guidance

    @property
    def advance_words(self) -> str:
        """How an exercise moves up, with the catalogue's own run of days for the first one."""
        words = {item.advance_words for item in self.items}
        return words.pop() if len(words) == 1 else "enough comfortable days in a row"

    @property
    def what_counts(self) -> str:
        return schedule.WHAT_COUNTS

    @property
    def week_chart(self) -> charts.Chart | None:
        """Sessions per week, oldest first, as in the table under it; a first week that asked
        for nothing is not ticked as met."""
        return charts.week_chart(
            [
                (week.start, week.done, week.met and week.target > 0)
                for week in self.adherence.weeks
            ],
            target=self.target,
        )

    @property
    def pain_chart(self) -> charts.Chart | None:
        """Pain before and after each of the latest sessions, oldest first."""
        return charts.pain_chart([(s.local_date, s.pain_before, s.pain_after) for s in self.pain])


def dashboard(program: Program, now: dt.datetime | None = None) -> Dashboard:
    """Today, this week and the latest changes, whatever the length of the history."""
    today = local_now(program, now).date()
    items = program_items(program)
    adherence, sessions_today = adherence_today(program, today)
    events = list(
        program.events.select_related("exercise").order_by("-occurred_at", "-id")[:RECENT_EVENTS]
    )
    safety_event = None
    if program.paused_for_safety:
        safety_event = program.events.filter(kind=EventKind.PAUSE).first()
    monday = schedule.week_start(today)
    sunday = monday + dt.timedelta(days=6)
    this_week = dict(
        program.sessions.filter(local_date__range=(monday, sunday))
        .order_by()
        .values("local_date")
        .annotate(latest=Max("performed_at"))
        .values_list("local_date", "latest")
    )
    return Dashboard(
        program=program,
        today=today,
        training_day=is_training_day(program, today),
        items=items,
        due=items_due(program, items, today),
        logged_today=sessions_today,
        adherence=adherence,
        # No weeks yet when the start date is still ahead in the local calendar (after a
        # move to a time zone further west on the first day).
        this_week=adherence.weeks[-1]
        if adherence.weeks
        else schedule.Week(
            start=schedule.week_start(today), done=0, planned=0, met=False, target=0
        ),
        target=schedule.weekly_target(program.weekdays),
        events=events,
        pain=list(
            reversed(
                program.sessions.only("performed_at", "local_date", "pain_before", "pain_after")[
                    :PAIN_CHART_SESSIONS
                ]
            )
        ),
        safety_event=safety_event,
        reflections=recent_reflections(program.user_id),
        week_days=schedule.plan(
            program.weekdays,
            monday,
            sunday,
            today=today,
            logged=this_week.keys(),
            program_start=program.started_on,
        ),
        logged_at=this_week.get(today),
        bone_week=next(iter(bone_health_weeks(program, today=today)), None),
    )


def bone_health_weeks(
    program: Program, *, weeks: int = 1, today: dt.date | None = None
) -> list[schedule.BoneWeek]:
    """This ISO week and the `weeks - 1` before it against the bone-health guidance, newest
    first, in one query (the kinds come from the process's copy of the catalogue)."""
    today = today or local_now(program).date()
    first = max(
        program.started_on, schedule.week_start(today) - dt.timedelta(weeks=max(weeks, 1) - 1)
    )
    done = list(
        Entry.objects.filter(session__program=program, session__local_date__range=(first, today))
        .order_by()
        .values_list("session__local_date", "exercise_id")
        .distinct()
    )
    exercises = catalogue_exercises(including={exercise_id for _, exercise_id in done})
    kinds_by_day: dict[dt.date, set[str]] = {}
    for day, exercise_id in done:
        kinds_by_day.setdefault(day, set()).add(exercises[exercise_id].kind)
    return schedule.bone_health_weeks(
        kinds_by_day, program.weekdays, today, program.started_on, weeks=weeks
    )


def sessions_for_user(
    user, *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> QuerySet[Session]:
    """A person's sessions, newest first, with their entries (2 queries per page)."""
    sessions = Session.objects.filter(user=user).prefetch_related(
        Prefetch("entries", queryset=Entry.objects.select_related("exercise", "band"))
    )
    if date_from:
        sessions = sessions.filter(local_date__gte=date_from)
    if date_to:
        sessions = sessions.filter(local_date__lte=date_to)
    return sessions.order_by("-performed_at", "-id")


class Due(NamedTuple):
    """An exercise due on a day, with the rung in force that day."""

    item: Item
    rung: progression.Rung

    @property
    def text(self) -> str:
        return progression.describe_rung(self.rung)


@dataclass(frozen=True)
class ScheduledDay:
    day: schedule.Day
    due: list[Due]


def schedule_for(
    program: Program, *, date_from: dt.date, date_to: dt.date, today: dt.date | None = None
) -> list[ScheduledDay]:
    """Which days are training days, what is due on each with the prescription in force then,
    and whether past days were done or missed."""
    today = today or local_now(program).date()
    items = program_items(program)
    logged = set(
        program.sessions.filter(local_date__range=(date_from, date_to))
        .order_by()
        .values_list("local_date", flat=True)
        .distinct()
    )
    days = schedule.plan(
        program.weekdays,
        date_from,
        date_to,
        today=today,
        logged=logged,
        program_start=program.started_on,
    )
    history = ladder_changes(program)
    result = []
    for day in days:
        if day.status == schedule.DayStatus.BEFORE_START:
            result.append(ScheduledDay(day=day, due=[]))
            continue
        due = []
        for item in items_due(program, items, day.date):
            rung_index = _rung_on(
                history.get(item.prescription.exercise_id, []), day.date, item.rung_index
            )
            due.append(Due(item, rung_at(item.ladder, rung_index)))
        result.append(ScheduledDay(day=day, due=due))
    return result


def exercises_due_in(days: list[ScheduledDay]) -> list:
    """Each exercise due on any of these days, once, in the order it is first due: the printable
    plan's "how to do them". They are the catalogue copy's exercises (steps and pictures
    prefetched), so this costs no query."""
    exercises = {}
    for scheduled in days:
        for due in scheduled.due:
            exercises.setdefault(due.item.exercise.pk, due.item.exercise)
    return list(exercises.values())


def _rung_on(changes: list[LadderChange], day: dt.date, current: int) -> int:
    """The rung in force at the start of a day: before the first change after it, its `from`."""
    for change in changes:
        if change.day >= day:
            return change.from_rung
    return current


@dataclass(frozen=True)
class Progress:
    adherence: schedule.Adherence
    target: int
    items: list[Item]
    events: list[ProgressionEvent]


def progress(program: Program, now: dt.datetime | None = None) -> Progress:
    today = local_now(program, now).date()
    return Progress(
        adherence=adherence_today(program, today).adherence,
        target=schedule.weekly_target(program.weekdays),
        items=program_items(program),
        events=list(program.events.select_related("exercise")[:20]),
    )


def recent_deliveries(user, limit: int = 10) -> list[Delivery]:
    return list(Delivery.objects.filter(user=user).order_by("-local_date", "-id")[:limit])


def recent_reflections(user_id: int, limit: int = 4) -> list[WeekReflection]:
    """The person's latest answers to "what got in the way?" from the weekly summary."""
    return list(WeekReflection.objects.filter(user_id=user_id).order_by("-week_start")[:limit])


# --- each exercise's climb up its ladder (the Progress page) ----------------------------------


@dataclass(frozen=True)
class LadderChange:
    """One move on an exercise's ladder, on the person's own calendar day."""

    day: dt.date
    kind: str  # EventKind.ADVANCE or EventKind.STEP_BACK
    from_rung: int
    to_rung: int
    to_text: str  # the prescription it moved to, as it read on that day

    @property
    def moved_up(self) -> bool:
        return self.kind == EventKind.ADVANCE


@dataclass(frozen=True)
class LadderHistory:
    """An exercise's place on its ladder from the program's start until today."""

    item: Item
    started_on: dt.date
    today: dt.date
    first_rung: int
    changes: list[LadderChange]

    @property
    def top(self) -> int:
        return len(self.item.ladder) - 1

    @property
    def first_text(self) -> str:
        return progression.describe_rung(rung_at(self.item.ladder, self.first_rung))

    @property
    def chart(self) -> charts.Chart:
        return charts.ladder_chart(
            [(change.day, change.to_rung) for change in self.changes],
            start=self.started_on,
            end=self.today,
            first=self.first_rung,
            top=self.top,
        )


def ladder_history(program: Program, now: dt.datetime | None = None) -> list[LadderHistory]:
    """Every exercise's steps up (and back down) its ladder, in program order. One query for
    the step changes, whatever their number; the program comes from `program_active`."""
    today = local_now(program, now).date()
    changes = ladder_changes(program)
    histories = []
    for item in program_items(program):
        moves = changes.get(item.prescription.exercise_id, [])
        histories.append(
            LadderHistory(
                item=item,
                started_on=program.started_on,
                today=today,
                # Where it stood before its first change; with none, where it stands now.
                first_rung=moves[0].from_rung if moves else item.rung_index,
                changes=moves,
            )
        )
    return histories


def ladder_changes(program: Program) -> dict[int, list[LadderChange]]:
    """Each exercise's moves up and down its ladder, oldest first, on the person's own days
    (one query, whatever their number)."""
    changes: dict[int, list[LadderChange]] = {}
    events = program.events.filter(
        kind__in=[EventKind.ADVANCE, EventKind.STEP_BACK], exercise__isnull=False
    ).order_by("occurred_at", "id")
    for exercise_id, occurred_at, kind, from_rung, to_rung, to_text in events.values_list(
        "exercise_id", "occurred_at", "kind", "from_rung", "to_rung", "to_text"
    ):
        changes.setdefault(exercise_id, []).append(
            LadderChange(
                day=timezone.localtime(occurred_at, program.zone).date(),
                kind=kind,
                from_rung=from_rung,
                to_rung=to_rung,
                to_text=to_text,
            )
        )
    return changes


# --- today's guided session -------------------------------------------------------------------


@dataclass(frozen=True)
class GuidedItem:
    """An exercise of today's guided session, at the rung it is done at today."""

    item: Item
    rung: progression.Rung
    gentle: bool  # a rung lower than prescribed, for a gentle day

    @property
    def exercise(self):
        return self.item.exercise

    @property
    def text(self) -> str:
        return progression.describe_rung(self.rung)


@dataclass(frozen=True)
class Today:
    """What today asks of the person, and what they have already logged today."""

    program: Program
    today: dt.date
    due: list[Item]
    logged: list[Session]  # today's sessions, oldest first, with their entries

    @property
    def logged_at(self) -> dt.datetime | None:
        return self.logged[-1].performed_at if self.logged else None

    def sessions_with(self, exercise_id: int) -> int:
        return sum(
            1
            for session in self.logged
            if any(entry.exercise_id == exercise_id for entry in session.entries.all())
        )

    @property
    def still_due(self) -> list[Item]:
        """Exercises whose rung asks for another session today: all of today's before the
        first session; afterwards only those done "twice a day" not yet done twice."""
        return [
            item
            for item in self.due
            if progression.sessions_still_due(item.rung, self.sessions_with(item.exercise.pk))
        ]

    def plan(self, *, gentle: bool) -> list[GuidedItem]:
        plan = []
        for item in self.still_due:
            position = progression.gentle_position(item.rung_index) if gentle else item.rung_index
            plan.append(GuidedItem(item, rung_at(item.ladder, position), gentle))
        return plan


def today(program: Program, now: dt.datetime | None = None) -> Today:
    """Today's plan and today's sessions (2 queries on top of `program_active`)."""
    local_today = local_now(program, now).date()
    items = program_items(program)
    logged = list(
        program.sessions.filter(local_date=local_today)
        .order_by("performed_at", "id")
        .prefetch_related("entries")
    )
    return Today(
        program=program,
        today=local_today,
        due=items_due(program, items, local_today),
        logged=logged,
    )


def reflections_for_user(user) -> QuerySet[WeekReflection]:
    """A person's answers to "what got in the way", the latest week first."""
    return WeekReflection.objects.filter(user=user).order_by("-week_start")


def deleted_sessions_for_user(user) -> QuerySet[DeletedSession]:
    """The traces of a person's deleted sessions, oldest deletion first (the order to sync)."""
    return DeletedSession.objects.filter(user=user).order_by("deleted_at", "id")
