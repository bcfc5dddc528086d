"""Schedule rules: which days are training days, what is due, and how well the cadence is kept.

Pure date logic with no Django and no database. Everything works on local calendar dates:
callers turn timestamps into the person's own dates first, so clock changes cannot move a
session to another day here. Weekdays are 0=Monday .. 6=Sunday, as `date.weekday()`.
"""

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
TRAINING_DAYS_PER_WEEK = (3, 4)  # the seed cadence: three or four training days a week
MIN_WEEKLY_TARGET = min(TRAINING_DAYS_PER_WEEK)
_WEEK = timedelta(days=7)


def _check_date(value: date, name: str) -> None:
    # A datetime is a date subclass; letting one in would compare times, not days.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValueError(f"{name} must be a local calendar date, not {value!r}.")


def _check_days(days: Collection[int]) -> frozenset[int]:
    training = frozenset(days)
    if any(not isinstance(d, int) or not 0 <= d <= 6 for d in training):
        raise ValueError(f"Weekdays run from 0 (Monday) to 6 (Sunday), not {sorted(training)}.")
    return training


def parse_weekdays(codes: Iterable[str]) -> frozenset[int]:
    """Training days from their codes ("mon".."sun"); case and spaces are forgiven."""
    if isinstance(codes, str):
        raise ValueError(f"Give a list of day codes, not the single string {codes!r}.")
    days: set[int] = set()
    for code in codes:
        key = code.strip().lower()
        if key not in WEEKDAY_CODES:
            raise ValueError(
                f"{code!r} is not a day we know; use one of {', '.join(WEEKDAY_CODES)}."
            )
        day = WEEKDAY_CODES.index(key)
        if day in days:
            raise ValueError(f"{key!r} is listed more than once.")
        days.add(day)
    return frozenset(days)


def weekday_codes(days: Iterable[int]) -> list[str]:
    """Day codes in week order, Monday first, for forms, the API and storage."""
    return [WEEKDAY_CODES[d] for d in sorted(_check_days(frozenset(days)))]


def training_dates(days: Collection[int], start: date, end: date) -> list[date]:
    """Every training date from start to end, both included."""
    training = _check_days(days)
    _check_date(start, "start")
    _check_date(end, "end")
    if end < start:
        raise ValueError(f"The end ({end}) comes before the start ({start}).")
    return [
        start + timedelta(days=i)
        for i in range((end - start).days + 1)
        if (start + timedelta(days=i)).weekday() in training
    ]


class DayStatus(StrEnum):
    DONE = "done"
    MISSED = "missed"
    DUE = "due"
    UPCOMING = "upcoming"
    REST = "rest"
    BEFORE_START = "before_start"


@dataclass(frozen=True)
class Day:
    """One calendar day as the schedule shows it."""

    date: date
    training: bool  # planned as a training day (a session logged on a rest day stays False)
    status: DayStatus


def plan(
    days: Collection[int],
    start: date,
    end: date,
    today: date,
    logged: Collection[date],
    program_start: date,
) -> list[Day]:
    """The calendar from start to end: what was done, missed, is due today, or lies ahead."""
    training = _check_days(days)
    for value, name in ((start, "start"), (end, "end"), (today, "today")):
        _check_date(value, name)
    _check_date(program_start, "program_start")
    if end < start:
        raise ValueError(f"The end ({end}) comes before the start ({start}).")
    done = set(logged)
    for d in done:
        _check_date(d, "a logged date")

    result = []
    for i in range((end - start).days + 1):
        day = start + timedelta(days=i)
        is_training = day.weekday() in training
        if day < program_start:
            result.append(Day(day, False, DayStatus.BEFORE_START))
            continue
        if day in done:
            status = DayStatus.DONE  # extra days count too: people may exercise off-plan
        elif not is_training:
            status = DayStatus.REST
        elif day < today:
            status = DayStatus.MISSED
        elif day == today:
            status = DayStatus.DUE
        else:
            status = DayStatus.UPCOMING
        result.append(Day(day, is_training, status))
    return result


def weekly_target(days: Collection[int]) -> int:
    """Sessions a week the program asks for: one per training day, and never fewer than three."""
    return max(len(_check_days(days)), MIN_WEEKLY_TARGET)


def week_target(
    days: Collection[int], first: date, program_start: date, target: int | None = None
) -> int:
    """Sessions the week from `first` asks for: the weekly target (or `target`), but in the
    program's first week, when it started after that week's first day, no more than the
    training days left in it. The one rule for every "done of target" of a week: the
    dashboard, its table, the bone-health week in the API and the emails."""
    training = _check_days(days)
    if target is None:
        target = weekly_target(training)
    if not first < program_start <= first + timedelta(days=6):
        return target
    left = sum(
        1
        for day in (first + timedelta(days=i) for i in range(7))
        if day >= program_start and day.weekday() in training
    )
    return min(target, left)


def iso_week(d: date) -> tuple[int, int]:
    """(ISO year, ISO week): the week a date belongs to, even across New Year."""
    iso = d.isocalendar()
    return iso.year, iso.week


def week_start(d: date) -> date:
    """The Monday of the ISO week holding d."""
    return d - timedelta(days=d.weekday())


@dataclass(frozen=True)
class Week:
    """One ISO week of adherence."""

    start: date  # the Monday
    done: int  # distinct dates with a session
    planned: int  # training days on or after the program start
    met: bool
    target: int  # sessions this week asks for (`week_target`): "done of target"


@dataclass(frozen=True)
class Adherence:
    """How well the weekly cadence has been kept, for the dashboard."""

    weeks: list[Week]  # oldest first, ending with the current (in-progress) week
    streak: int  # weeks in a row meeting the target, the current one added once it is met
    last_4_percent: int | None  # over the last 4 complete weeks; None before the first
    last_12_percent: int | None  # over the last 12 complete weeks; None before the first


def _percent(part: int, whole: int) -> int:
    # Half up, as people read percentages (round() would give 62 for 62.5).
    return (200 * part + whole) // (2 * whole)


def adherence(
    logged: Iterable[date],
    days: Collection[int],
    today: date,
    program_start: date,
    weeks: int = 12,
    target: int | None = None,
) -> Adherence:
    """Adherence by ISO week since the program started, from the dates that hold a session.

    A day counts once however many sessions it holds, because the cadence is about days a
    week. Sessions before the program start or after today are ignored.
    """
    _check_date(today, "today")
    _check_date(program_start, "program_start")
    done_dates: set[date] = set()
    for d in logged:
        _check_date(d, "a logged date")
        if program_start <= d <= today:
            done_dates.add(d)
    return adherence_from_counts(
        days_done_by_week(done_dates), days, today, program_start, weeks=weeks, target=target
    )


def days_done_by_week(dates: Iterable[date]) -> dict[date, int]:
    """How many distinct dates each week (keyed by its Monday) holds."""
    return dict(Counter(week_start(d) for d in set(dates)))


def adherence_from_counts(
    done_by_week: Mapping[date, int],
    days: Collection[int],
    today: date,
    program_start: date,
    weeks: int = 12,
    target: int | None = None,
) -> Adherence:
    """Adherence by ISO week from the number of days with a session in each week.

    The counts are keyed by each week's Monday and cover only days from the program start to
    today, so a database can supply them with one aggregate query. A partial first week asks
    only for the training days it contains; if it contains none it neither adds to nor breaks
    the streak. The current week is still going, so it can add to the streak but never break
    it.
    """
    training = _check_days(days)
    _check_date(today, "today")
    _check_date(program_start, "program_start")
    if weeks < 1:
        raise ValueError(f"Show at least one week, not {weeks}.")
    if target is None:
        target = weekly_target(training)
    elif target < 1:
        raise ValueError(f"A weekly target is at least 1 session, not {target}.")
    for monday, count in done_by_week.items():
        if monday.weekday() != 0 or not 0 <= count <= 7:
            raise ValueError(
                f"A week is keyed by its Monday and holds 0-7 days: {monday}, {count}."
            )

    first = week_start(program_start)
    current = week_start(today)
    if current < first:
        return Adherence(weeks=[], streak=0, last_4_percent=None, last_12_percent=None)
    partial_first = program_start != first

    def week(monday: date) -> Week:
        dates = [monday + timedelta(days=i) for i in range(7)]
        planned = sum(1 for d in dates if d >= program_start and d.weekday() in training)
        done = done_by_week.get(monday, 0)
        needed = week_target(training, monday, program_start, target)
        return Week(start=monday, done=done, planned=planned, met=done >= needed, target=needed)

    def nothing_asked(w: Week) -> bool:
        return partial_first and w.start == first and w.planned == 0

    def mondays(count: int, until: date) -> list[date]:
        oldest = max(first, until - (count - 1) * _WEEK)
        return [oldest + i * _WEEK for i in range((until - oldest) // _WEEK + 1)]

    shown = [week(monday) for monday in mondays(weeks, current)]

    streak = 0
    monday = current - _WEEK
    while monday >= first:
        past = week(monday)
        if not nothing_asked(past):
            if not past.met:
                break
            streak += 1
        monday -= _WEEK
    this_week = shown[-1]
    if this_week.met and not nothing_asked(this_week):
        streak += 1

    def percent_over(count: int) -> int | None:
        if current == first:
            return None
        complete = [week(monday) for monday in mondays(count, current - _WEEK)]
        planned = sum(w.planned for w in complete)
        if planned == 0:
            return None
        return _percent(sum(min(w.done, w.planned) for w in complete), planned)

    return Adherence(
        weeks=shown,
        streak=streak,
        last_4_percent=percent_over(4),
        last_12_percent=percent_over(12),
    )


# --- the bone-health week -------------------------------------------------------------------
# The guidelines (Too Fit to Fracture; Strong, Steady and Straight) measure a week by kinds of
# work, not by sessions: strength at least twice, balance at least twice, posture every day.

STRENGTH_KINDS = frozenset({"strengthening", "resistance"})
BALANCE_KINDS = frozenset({"balance"})
POSTURE_KINDS = frozenset({"posture"})
GUIDELINE_STRENGTH_DAYS = 2  # strength training at least twice a week
GUIDELINE_BALANCE_DAYS = 2  # balance training at least twice a week
BONE_WEEKS_MAX = 52  # the most weeks any interface asks for at once

WHAT_COUNTS = (
    "What counts: a strength day is a day you did at least one strengthening or resistance "
    "exercise; a day of stretches only is not a strength day. A balance day is a day you did a "
    "balance exercise, and posture counts each day you did your posture exercise."
)


@dataclass(frozen=True)
class BoneWeek:
    """A week measured against the bone-health guidance: an ISO week (Monday to Sunday) on
    the dashboard and in the API, the seven days before it in the weekly summary email."""

    start: date  # the first day (a Monday for an ISO week)
    days: int  # days of it in the program so far: 7 for a whole past week
    strength_days: int
    strength_target: int  # the program's cadence, three or four (fewer in its first week)
    balance_days: int
    posture_days: int

    @property
    def iso_year(self) -> int:
        return self.start.isocalendar().year

    @property
    def iso_week(self) -> int:
        return self.start.isocalendar().week

    @property
    def strength_met(self) -> bool:
        return self.strength_days >= self.strength_target

    @property
    def strength_guideline(self) -> int:
        return GUIDELINE_STRENGTH_DAYS

    @property
    def strength_guideline_met(self) -> bool:
        return self.strength_days >= GUIDELINE_STRENGTH_DAYS

    @property
    def balance_target(self) -> int:
        return GUIDELINE_BALANCE_DAYS

    @property
    def balance_met(self) -> bool:
        return self.balance_days >= self.balance_target

    @property
    def posture_target(self) -> int:
        return self.days  # daily: every day of the week so far

    @property
    def posture_met(self) -> bool:
        return self.posture_days >= self.posture_target


def bone_health_window(
    kinds_by_day: Mapping[date, Iterable[str]],
    days: Collection[int],
    first: date,
    last: date,
    program_start: date,
) -> BoneWeek:
    """Days from `first` to `last` (at most a week, none before the program start) counted
    by kind: a day with a strengthening or resistance exercise done is a strength day, and
    so on. A day counts once for each kind however many sessions it holds; a day of stretches
    only is no strength day."""
    for name, value in (("first", first), ("last", last), ("program_start", program_start)):
        _check_date(value, name)
    target = week_target(days, first, program_start)
    if not timedelta(0) <= last - first < _WEEK:
        raise ValueError(f"A week runs over one to seven days, not {first} to {last}.")
    counted: dict[frozenset[str], int] = {STRENGTH_KINDS: 0, BALANCE_KINDS: 0, POSTURE_KINDS: 0}
    begins = max(first, program_start)
    for day, kinds in kinds_by_day.items():
        _check_date(day, "a logged date")
        if begins <= day <= last:
            done = set(kinds)
            for wanted in counted:
                counted[wanted] += bool(done & wanted)
    return BoneWeek(
        start=first,
        days=max((last - begins).days + 1, 0),
        strength_days=counted[STRENGTH_KINDS],
        strength_target=target,
        balance_days=counted[BALANCE_KINDS],
        posture_days=counted[POSTURE_KINDS],
    )


def bone_health_weeks(
    kinds_by_day: Mapping[date, Iterable[str]],
    days: Collection[int],
    today: date,
    program_start: date,
    weeks: int = 1,
) -> list[BoneWeek]:
    """The current ISO week (up to today) and up to `weeks - 1` before it, none before the
    program's first week, newest first."""
    _check_date(today, "today")
    _check_date(program_start, "program_start")
    if not 1 <= weeks <= BONE_WEEKS_MAX:
        raise ValueError(f"Show from 1 to {BONE_WEEKS_MAX} weeks, not {weeks}.")
    first, monday = week_start(program_start), week_start(today)
    result = []
    while monday >= first and len(result) < weeks:
        last = min(today, monday + timedelta(days=6))
        result.append(bone_health_window(kinds_by_day, days, monday, last, program_start))
        monday -= _WEEK
    return result


@dataclass(frozen=True)
class SummaryWeek:
    """What a weekly summary judges: the seven days before it, less any before the program
    started (or last resumed), and only the sessions those days could still hold."""

    first: date  # the window's first day (seven days before the summary)
    begins: date  # the first day judged: the window's, the program's start or its resume
    done: int
    target: int  # the week's target, but never more than the training days judged

    @property
    def whole(self) -> bool:
        return self.begins == self.first

    @property
    def short(self) -> bool:
        return self.done < self.target


def summary_week(
    done_dates: Iterable[date],
    days: Collection[int],
    day: date,
    program_start: date,
    resumed_on: date | None = None,
) -> SummaryWeek | None:
    """The week a summary sent on `day` judges, or None when the program has not yet run for
    a day of it (a summary on the start day would judge days before the program existed)."""
    _check_date(day, "day")
    _check_date(program_start, "program_start")
    first = day - _WEEK
    begins = max(first, program_start, resumed_on or first)
    if begins >= day:
        return None
    done = sum(1 for d in set(done_dates) if begins <= d < day)
    # The judged days start at `begins`, as a first week starts at the program's start.
    return SummaryWeek(
        first=first, begins=begins, done=done, target=week_target(days, first, begins)
    )
