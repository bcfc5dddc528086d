"""Progression rules: what a person's logged sessions mean for an exercise's place on its ladder.

Pure functions over frozen values, with no Django and no database, so the safety rules can be
tested exhaustively. One fold (`fold`, with `apply` as its single step) turns a history into
states and decisions; the services (each new session and every full replay), the admin (through
the services) and the benchmark data generator all run it.

How it counts:
- Days, not taps. A local day meets target when that day's sessions with the exercise together
  reach the rung's dose (every set at the prescribed repetitions, and as many sessions as the
  rung's times a day) and none of them was uncomfortable. Moving up needs `advance_after` such
  days in a row; more sessions on one day never add to the run, and a day that falls short
  breaks it.
- Pain acts at once, on the session that reports it: a step back or a pause never waits for
  the end of the day. Pain before, effort, a gentle day and any discomfort keep the day from
  counting.
- A step back is a ratchet: a `Ceiling` recorded when it happened keeps the exercise at or
  below that rung until it has had `advance_after` comfortable days dated after it, whatever
  is inserted, edited or deleted before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from exercises import dose
from exercises.policy import EFFORT_MAX, EFFORT_MIN, PAIN_MAX, PAIN_MIN, Policy, policy_problems

__all__ = ["EFFORT_MAX", "EFFORT_MIN", "PAIN_MAX", "PAIN_MIN", "Policy", "policy_problems"]

DEFAULT_POLICY = Policy()  # the catalogue's defaults, for rules called without a policy

# --- the product's numbers: every interface reads them from here ---------------------------

SETS_MIN, SETS_MAX = 1, 10
REPS_MIN, REPS_MAX = 0, 50
HOLD_MIN, HOLD_MAX = 1, 120  # seconds
BACKDATE_DAYS = 7  # a forgotten session may be logged up to this many local days late
CHECK_IN_GENTLE_PAIN = 5  # pain now at or above this before a session: a gentle day at most
CHECK_IN_STOP_PAIN = 7  # pain now at or above this: no exercises today


@dataclass(frozen=True)
class Rung:
    """One rung of a ladder: the prescription at that place."""

    sets: int
    reps: int  # per set (per side for the Back Extension)
    sessions_per_day: int
    hold_seconds: int | None = None  # None or 0: no hold, as the catalogue stores it
    band: str | None = None  # band slug, e.g. "extra-light"; None where no band is used

    def __post_init__(self) -> None:
        # A rung that asks for nothing would let anyone "meet" it; refuse it at the catalogue.
        for name in ("sets", "reps", "sessions_per_day"):
            if getattr(self, name) < 1:
                raise ValueError(f"A step needs at least 1 for {name}, not {getattr(self, name)}.")
        if self.hold_seconds is not None and self.hold_seconds < 0:
            raise ValueError(f"A hold cannot last {self.hold_seconds} seconds.")
        if self.band is not None and not self.band.strip():
            raise ValueError("A band needs a name (use None for no band).")


@dataclass(frozen=True)
class Outcome:
    """What one logged session says about one exercise."""

    sets: int  # sets done
    reps: int  # repetitions reached in every set (per side where relevant)
    pain_before: int  # 0-10, recorded per session
    pain_after: int  # 0-10
    effort: int  # 0-10
    red_flag: bool = False  # a warning sign was reported
    gentle: bool = False  # a gentle day: done a rung lower on purpose; never counts

    @property
    def pain_rise(self) -> int:
        return self.pain_after - self.pain_before


@dataclass(frozen=True)
class Logged:
    """A session's outcome for one exercise, on the person's own calendar day."""

    day: dt.date
    outcome: Outcome


@dataclass(frozen=True)
class Ceiling:
    """The rung a step back or a safety pause put the exercise on, on that day: from then on it
    may not stand above it until it has earned `advance_after` comfortable days again."""

    day: dt.date
    rung: int


class Change(StrEnum):
    ADVANCE = "advance"
    HOLD = "hold"
    STEP_BACK = "step_back"


class Reason(StrEnum):
    TARGET_MET_STREAK = "target_met_streak"  # enough comfortable days in a row: move up
    TOP_OF_LADDER = "top_of_ladder"  # comfortable, but there is no higher rung
    BUILDING = "building"  # a comfortable day, the run still growing
    DAY_UNDER_WAY = "day_under_way"  # a comfortable session; the rung asks for more today
    SAME_DAY = "same_day"  # today already counted: more sessions add nothing
    DAY_SPOILED = "day_spoiled"  # earlier today was uncomfortable: today cannot count
    TARGET_MISSED = "target_missed"  # short of the dose, or mildly uncomfortable
    PAIN_BEFORE_HIGH = "pain_before_high"  # pain before too high for the day to count
    EFFORT_HIGH = "effort_high"  # harder than the step should feel
    GENTLE_DAY = "gentle_day"  # a gentle day by choice: counts for the week, not for moving up
    PAIN_HIGH = "pain_high"  # pain after too high, or a warning sign
    PAIN_ROSE = "pain_rose"  # pain rose too much during the session
    AT_START = "at_start"  # would step back, but already on the first rung
    CEILING = "ceiling"  # held at or below the rung an earlier step back or pause set


@dataclass(frozen=True)
class State:
    """Where an exercise stands: its rung, its run of comfortable days there, and how its
    latest day is going (a day is judged as a whole)."""

    position: int = 0  # index into the ladder
    streak: int = 0  # comfortable days in a row at this position
    day: dt.date | None = None  # the latest local day with this exercise (or a ceiling)
    day_sessions: int = 0  # full-dose comfortable sessions on that day
    day_met: bool = False  # that day already added to the streak
    day_spoiled: bool = False  # that day had discomfort: it cannot count


@dataclass(frozen=True)
class Decision:
    """One application of the rules, kept whole so the dashboard can explain it."""

    before: State
    after: State
    change: Change
    reason: Reason

    @property
    def moved(self) -> bool:
        return self.change != Change.HOLD


def leaves_ceiling(decision: Decision) -> bool:
    """Whether a session's decision is a pain step back, which leaves a ceiling (the ratchet)."""
    return decision.reason in (Reason.PAIN_HIGH, Reason.PAIN_ROSE)


def event_kind(decision: Decision) -> str | None:
    """The history entry a decision writes ("advance" or "step_back", as the program's events
    name them), or None for a hold, which writes nothing."""
    return decision.change.value if decision.moved else None


def _check_outcome(outcome: Outcome) -> None:
    for name in ("pain_before", "pain_after"):
        value = getattr(outcome, name)
        if not PAIN_MIN <= value <= PAIN_MAX:
            raise ValueError(f"Pain is scored from {PAIN_MIN} to {PAIN_MAX}; {name} was {value}.")
    if not EFFORT_MIN <= outcome.effort <= EFFORT_MAX:
        raise ValueError(
            f"Effort is scored from {EFFORT_MIN} to {EFFORT_MAX}, not {outcome.effort}."
        )
    if outcome.sets < 0 or outcome.reps < 0:
        raise ValueError("Sets and repetitions done cannot be negative.")


def _check_state(ladder: Sequence[Rung], state: State) -> None:
    if not ladder:
        raise ValueError("The ladder is empty: an exercise needs at least one step.")
    if not 0 <= state.position < len(ladder):
        raise ValueError(
            f"Position {state.position} is outside the ladder (0 to {len(ladder) - 1})."
        )
    if state.streak < 0:
        raise ValueError(f"A streak cannot be negative, not {state.streak}.")


def full_dose(rung: Rung, outcome: Outcome) -> bool:
    """Every set done at the prescribed repetitions (one of the rung's sessions for the day)."""
    return outcome.sets >= rung.sets and outcome.reps >= rung.reps


def step_back_reason(outcome: Outcome, policy: Policy = DEFAULT_POLICY) -> Reason | None:
    """Why this session steps the exercise back at once, or None."""
    if outcome.red_flag or outcome.pain_after >= policy.step_back_pain_after:
        return Reason.PAIN_HIGH
    if outcome.pain_rise >= policy.step_back_pain_rise:
        return Reason.PAIN_ROSE
    return None


def discomfort_reason(outcome: Outcome, policy: Policy = DEFAULT_POLICY) -> Reason | None:
    """Why this session keeps its day from counting towards moving up, or None when it was
    comfortable. (A step-back reason comes first: see `step_back_reason`.)"""
    if outcome.gentle:
        return Reason.GENTLE_DAY
    if outcome.pain_before > policy.target_max_pain_before:
        return Reason.PAIN_BEFORE_HIGH
    if outcome.effort > policy.target_max_effort:
        return Reason.EFFORT_HIGH
    if (
        outcome.pain_after > policy.target_max_pain_after
        or outcome.pain_rise > policy.target_max_pain_rise
    ):
        return Reason.TARGET_MISSED
    return None


def counts_towards_moving_up(rung: Rung, outcome: Outcome, policy: Policy = DEFAULT_POLICY) -> bool:
    """Whether a session is one of a comfortable day's full-dose sessions."""
    _check_outcome(outcome)
    return (
        step_back_reason(outcome, policy) is None
        and discomfort_reason(outcome, policy) is None
        and full_dose(rung, outcome)
    )


def _on_day(state: State, day: dt.date) -> State:
    """The state as `day` begins for the exercise. A day that did not meet target (short, or
    a twice-a-day rung done once) breaks the run of comfortable days."""
    if state.day == day:
        return state
    kept = state.streak if state.day is None or (state.day_met and not state.day_spoiled) else 0
    return State(position=state.position, streak=kept, day=day)


def apply(
    ladder: Sequence[Rung], policy: Policy, state: State, happening: Logged | Ceiling
) -> Decision:
    """One step of the fold: a session's outcome, or a ceiling coming into force."""
    _check_state(ladder, state)
    before = state
    if isinstance(happening, Ceiling) and state.position < happening.rung:
        # Below the ceiling already: nothing to hold back, and no day of this exercise.
        return Decision(before, before, Change.HOLD, Reason.CEILING)
    state = _on_day(state, happening.day)
    if isinstance(happening, Ceiling):
        after = replace(
            state, position=min(happening.rung, state.position), streak=0, day_spoiled=True
        )
        change = Change.STEP_BACK if after.position < state.position else Change.HOLD
        return Decision(before, after, change, Reason.CEILING)

    outcome = happening.outcome
    _check_outcome(outcome)
    pain = step_back_reason(outcome, policy)
    if pain is not None:
        spoiled = replace(state, streak=0, day_spoiled=True)
        if state.position == 0:
            return Decision(before, spoiled, Change.HOLD, Reason.AT_START)
        return Decision(
            before, replace(spoiled, position=state.position - 1), Change.STEP_BACK, pain
        )
    discomfort = discomfort_reason(outcome, policy)
    if discomfort is not None:
        return Decision(before, replace(state, streak=0, day_spoiled=True), Change.HOLD, discomfort)
    rung = ladder[state.position]
    if not full_dose(rung, outcome):
        return Decision(before, state, Change.HOLD, Reason.TARGET_MISSED)
    if state.day_spoiled:
        return Decision(before, state, Change.HOLD, Reason.DAY_SPOILED)
    if state.day_met:
        return Decision(before, state, Change.HOLD, Reason.SAME_DAY)
    sessions = state.day_sessions + 1
    if sessions < rung.sessions_per_day:
        return Decision(
            before, replace(state, day_sessions=sessions), Change.HOLD, Reason.DAY_UNDER_WAY
        )
    met = replace(state, day_sessions=sessions, day_met=True)
    streak = state.streak + 1
    if state.position == len(ladder) - 1:
        # Capped rather than reset: it stays a true "ready for more" signal, bounded, and if
        # the catalogue later adds a rung the next comfortable day moves up to it.
        after = replace(met, streak=min(streak, policy.advance_after))
        return Decision(before, after, Change.HOLD, Reason.TOP_OF_LADDER)
    if streak >= policy.advance_after:
        after = replace(met, position=state.position + 1, streak=0, day_sessions=0)
        return Decision(before, after, Change.ADVANCE, Reason.TARGET_MET_STREAK)
    return Decision(before, replace(met, streak=streak), Change.HOLD, Reason.BUILDING)


def fold(
    ladder: Sequence[Rung],
    policy: Policy,
    history: Iterable[Logged | Ceiling],
    start: State = State(),
) -> tuple[State, list[Decision]]:
    """The one fold: a history in time order (each ceiling right after the session that set
    it) to the state it leaves and every decision on the way. Applying `apply` to the state
    for each new session gives the same result."""
    state = start
    decisions: list[Decision] = []
    for happening in history:
        decision = apply(ladder, policy, state, happening)
        decisions.append(decision)
        state = decision.after
    return state, decisions


def pauses_program(pain_after: int, red_flag: bool, policy: Policy = DEFAULT_POLICY) -> bool:
    """Whether the whole program stops until the person has taken advice, not just one
    exercise easing back."""
    if not PAIN_MIN <= pain_after <= PAIN_MAX:
        raise ValueError(
            f"Pain is scored from {PAIN_MIN} to {PAIN_MAX}; pain_after was {pain_after}."
        )
    return red_flag or pain_after >= policy.pause_pain_after


class CheckIn(StrEnum):
    """What the guided session's first question allows today."""

    GO = "go"
    GENTLE = "gentle"  # each exercise a rung lower; counts for the week only
    STOP = "stop"  # no exercises today


def check_in(pain_now: int, warning_sign: bool) -> CheckIn:
    if not PAIN_MIN <= pain_now <= PAIN_MAX:
        raise ValueError(f"Pain is scored from {PAIN_MIN} to {PAIN_MAX}, not {pain_now}.")
    if warning_sign or pain_now >= CHECK_IN_STOP_PAIN:
        return CheckIn.STOP
    if pain_now >= CHECK_IN_GENTLE_PAIN:
        return CheckIn.GENTLE
    return CheckIn.GO


def gentle_position(position: int) -> int:
    """A gentle day's rung: one lower, never below the first."""
    return max(position - 1, 0)


def sessions_still_due(rung: Rung, sessions_today: int) -> int:
    """How many more sessions today the rung asks for (0 once its times a day are done)."""
    return max(rung.sessions_per_day - sessions_today, 0)


def _dose(rung: Rung) -> str:
    return dose.repetitions(rung.sets, rung.reps)


def describe_rung(rung: Rung) -> str:
    """A rung in the words the dashboard uses, e.g. "8 repetitions, twice a day, light band"."""
    return dose.in_words(
        _dose(rung),
        dose.hold(rung.hold_seconds),
        dose.times_a_day(rung.sessions_per_day),
        dose.band(rung.band),
    )


def days_in_a_row(n: int) -> str:
    """ "three comfortable days in a row", the words every page uses for `advance_after`."""
    return f"{dose.count(n)} comfortable {'day' if n == 1 else 'days in a row'}"


_REST = "Rest, and log how the next session feels."


def pain_after_advice(
    pain_after: int, red_flag: bool = False, policy: Policy = DEFAULT_POLICY
) -> str | None:
    """The plain advice for pain after a session that eases the program back but does not
    pause it (5-6 out of 10 with the catalogue's defaults), or None. Severe pain and warning
    signs get the safety pause's message instead."""
    if red_flag or pauses_program(pain_after, red_flag, policy):
        return None
    if pain_after < policy.step_back_pain_after:
        return None
    return (
        f"Pain of {pain_after} out of 10 after a session: rest today, and your program eases "
        "back a step. If the pain lasts beyond a day or two, see your doctor."
    )


_RED_FLAG_ADVICE = (
    "Please stop for today and check with your doctor or physiotherapist before the next session."
)


def _pain_words(outcome: Outcome) -> str:
    if outcome.red_flag:
        return "You noted a warning sign"
    if outcome.pain_rise > 0:
        return f"Pain went from {outcome.pain_before} to {outcome.pain_after} out of 10"
    return f"Pain after the session was {outcome.pain_after} out of 10"


def describe(
    decision: Decision,
    ladder: Sequence[Rung],
    exercise_name: str,
    outcome: Outcome | None,
    policy: Policy = DEFAULT_POLICY,
) -> str:
    """One or two calm sentences for the dashboard saying what changed and why. `outcome` is
    None for a ceiling, which no session of its own caused."""
    _check_state(ladder, decision.before)
    _check_state(ladder, decision.after)
    now = describe_rung(ladder[decision.after.position])
    if decision.reason == Reason.CEILING or outcome is None:
        held = (
            f"goes back to {now}, where an earlier step back put it"
            if decision.change == Change.STEP_BACK
            else f"stays at {now}"
        )
        return (
            f"{exercise_name} {held}: after pain or a warning sign it moves up again only "
            f"after {days_in_a_row(policy.advance_after)}."
        )
    advice = _RED_FLAG_ADVICE if outcome.red_flag else _REST
    match decision.reason:
        case Reason.TARGET_MET_STREAK:
            in_a_row = days_in_a_row(decision.before.streak + 1).capitalize()
            return f"{in_a_row}: {exercise_name} moves up to {now}."
        case Reason.PAIN_HIGH:
            cause = (
                _pain_words(outcome)
                if outcome.red_flag
                else f"Pain after the session was {outcome.pain_after} out of 10"
            )
            return f"{cause}, so {exercise_name} eases back to {now}. {advice}"
        case Reason.PAIN_ROSE:
            return (
                f"Pain went from {outcome.pain_before} to {outcome.pain_after} out of 10, "
                f"so {exercise_name} eases back to {now}. {advice}"
            )
        case Reason.AT_START:
            return (
                f"{_pain_words(outcome)}. {exercise_name} stays on its first step, {now}. {advice}"
            )
        case Reason.TOP_OF_LADDER:
            return (
                f"Another comfortable day: {exercise_name} is at the top of its ladder, "
                f"{now}. Keep it up."
            )
        case Reason.BUILDING:
            return (
                f"{days_in_a_row(decision.after.streak).capitalize()}: "
                f"{exercise_name} stays at {now} for now."
            )
        case Reason.DAY_UNDER_WAY:
            rung = ladder[decision.after.position]
            left = rung.sessions_per_day - decision.after.day_sessions
            return (
                f"{exercise_name} is asked {dose.times_a_day(rung.sessions_per_day)}: "
                f"{dose.plural(left, 'more session')} today makes the day count."
            )
        case Reason.SAME_DAY:
            return f"Today is already counted for {exercise_name}; extra sessions add nothing."
        case Reason.DAY_SPOILED:
            return (
                f"Earlier today did not feel comfortable, so today does not count towards "
                f"moving up; {exercise_name} stays at {now}."
            )
        case Reason.GENTLE_DAY:
            return (
                f"A gentle day: it counts for the week, and {exercise_name} stays at {now} "
                "until a day feels comfortable."
            )
        case Reason.PAIN_BEFORE_HIGH:
            return (
                f"You started with pain {outcome.pain_before} out of 10, so this day does not "
                f"count towards moving up; {exercise_name} stays at {now}."
            )
        case Reason.EFFORT_HIGH:
            return (
                f"It felt very hard (effort {outcome.effort} out of 10), so {exercise_name} stays "
                f"at {now} until it feels moderately hard, about 5 to 8."
            )
        case Reason.TARGET_MISSED:
            target = ladder[decision.before.position]
            if not full_dose(target, outcome):
                return (
                    f"This session was short of the full {_dose(target)}, so {exercise_name} "
                    f"stays at {now}. That is fine: aim for the full count next time."
                )
            return (
                f"The session was a little uncomfortable (pain {outcome.pain_before} before, "
                f"{outcome.pain_after} after, out of 10), so {exercise_name} stays at {now} "
                f"until sessions feel comfortable."
            )
    raise ValueError(f"No wording for reason {decision.reason!r}.")
